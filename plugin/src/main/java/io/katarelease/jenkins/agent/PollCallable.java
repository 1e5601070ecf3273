package io.katarelease.jenkins.agent;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent: the log written since the last poll (whole lines only, at most
 * {@code maxBytes}), whether the runner has finished or died, and once finished every command's
 * exit code and JSON result.
 */
final class PollCallable extends MasterToSlaveFileCallable<PollReport> {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final int maxBytes;

    PollCallable(long offset, int maxBytes) {
        this.offset = offset;
        this.maxBytes = maxBytes;
    }

    @Override
    public PollReport invoke(File control, VirtualChannel channel) throws IOException, InterruptedException {
        Path dir = control.toPath();
        // Read "done" before the log: once done exists the log is complete.
        boolean done = Files.exists(dir.resolve(ControlFiles.DONE));
        boolean alive = done || alive(dir);
        if (!alive) {
            // It may have written "done" and exited between the two looks.
            done = Files.exists(dir.resolve(ControlFiles.DONE));
            alive = done;
        }
        byte[] chunk = new byte[0];
        long length = 0;
        Path log = dir.resolve(ControlFiles.LOG);
        if (Files.exists(log)) {
            try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
                length = in.length();
                int n = (int) Math.min(maxBytes, Math.max(0, length - offset));
                chunk = new byte[n];
                in.seek(offset);
                in.readFully(chunk);
            }
        }
        long end = offset + chunk.length;
        boolean complete = end >= length;
        if (!(done && complete) && alive) {
            // Whole lines only while more may come, so a secret is never split across two polls.
            int lastNewline = lastNewline(chunk);
            if (lastNewline >= 0) {
                chunk = java.util.Arrays.copyOf(chunk, lastNewline + 1);
            } else if (chunk.length < maxBytes) {
                chunk = new byte[0];
            }
            end = offset + chunk.length;
        }
        List<Integer> exits = new ArrayList<>();
        List<String> results = new ArrayList<>();
        boolean finished = done && end >= length;
        if (finished) {
            for (int i = 0; Files.exists(dir.resolve(ControlFiles.exit(i))); i++) {
                exits.add(Integer.parseInt(Files.readString(dir.resolve(ControlFiles.exit(i))).trim()));
                Path result = dir.resolve(ControlFiles.result(i));
                results.add(Files.exists(result) ? Files.readString(result, StandardCharsets.UTF_8) : "");
            }
        }
        String launcher = null;
        if (!alive && !done && Files.exists(dir.resolve(ControlFiles.LAUNCHER_LOG))) {
            launcher = tail(Files.readString(dir.resolve(ControlFiles.LAUNCHER_LOG), StandardCharsets.UTF_8));
        }
        return new PollReport(chunk, end, finished, alive, exits, results, launcher);
    }

    private static boolean alive(Path dir) throws IOException {
        Path pid = dir.resolve(ControlFiles.PID);
        if (!Files.exists(pid)) {
            return false;
        }
        long id = Long.parseLong(Files.readString(pid).trim());
        return ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int lastNewline(byte[] chunk) {
        for (int i = chunk.length - 1; i >= 0; i--) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
