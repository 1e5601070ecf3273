package io.katarelease.jenkins.agent;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent: stops the runner and everything it started (a build's make, docker ...),
 * politely first, then by force after a grace period. Checks the pid still belongs to this
 * control directory's runner, since pids are reused.
 */
final class KillCallable extends MasterToSlaveFileCallable<Boolean> {
    private static final long serialVersionUID = 1L;
    private static final long GRACE_SECONDS = 10;

    @Override
    public Boolean invoke(File control, VirtualChannel channel) throws IOException, InterruptedException {
        Path pid = control.toPath().resolve(ControlFiles.PID);
        if (!Files.exists(pid)) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
        if (handle.isEmpty() || !ours(handle.get(), control)) {
            return false;
        }
        List<ProcessHandle> tree = new java.util.ArrayList<>(handle.get().descendants().toList());
        tree.add(0, handle.get());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return true;
    }

    private static boolean ours(ProcessHandle process, File control) {
        return process.info().arguments()
                .map(args -> List.of(args).contains(control.getAbsolutePath()))
                .orElse(false);
    }
}
