package io.katarelease.core.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a program of the release once, as a probe: in a given directory, with a clean environment
 * ({@code LC_ALL=C} and a minimal {@code PATH}, nothing of ours), standard input closed, standard
 * output and error captured together (at most 64 KiB kept), killed with its descendants when it
 * outlives the timeout.
 *
 * @param exitCode the exit code, or null when it did not start or was killed
 * @param output what it printed
 * @param problem why it has no exit code (could not start, timed out), or null
 */
record ProgramRun(Integer exitCode, String output, String problem) {
    private static final int KEEP = 64 * 1024;

    static ProgramRun run(Path program, Path dir, Duration timeout, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = program.toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new ProgramRun(null, "", "cannot be started: " + startFailure(String.valueOf(e.getMessage())));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(p.getInputStream(), out), "kata-release-verify-output");
        reader.setDaemon(true);
        reader.start();
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // it exited already: nothing to close
        }
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            // A descendant may still hold the pipe: wait briefly, then take what arrived.
            reader.join(2000);
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            if (!done) {
                return new ProgramRun(null, text, "did not finish within " + timeout.toSeconds() + " s; killed");
            }
            return new ProgramRun(p.exitValue(), text, null);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new ProgramRun(null, "", "interrupted");
        } finally {
            try {
                p.getInputStream().close();
            } catch (IOException e) {
                // nothing more to read
            }
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    if (out.size() < KEEP) {
                        out.write(buffer, 0, Math.min(n, KEEP - out.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed: what arrived is kept
        }
    }

    /** JDK 17 to 21 say "error=2, No such file or directory"; JDK 25 says "Exec failed, error: 2 (No such ...)". */
    private static final Pattern ERRNO = Pattern.compile("error(?:=|: )(\\d+)(?:, | \\()([^)]*)");

    /** @return why the program could not start, in one wording whatever the JDK: "error=2, No such file or directory" */
    static String startFailure(String message) {
        Matcher m = ERRNO.matcher(message);
        if (m.find()) {
            return "error=" + m.group(1) + ", " + m.group(2).trim();
        }
        int cause = message.lastIndexOf("): ");
        return cause < 0 ? message : message.substring(cause + 3);
    }
}
