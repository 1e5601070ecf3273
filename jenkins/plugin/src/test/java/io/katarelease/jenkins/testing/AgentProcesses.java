package io.katarelease.jenkins.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The processes of this machine whose command line holds a marker: what a test left running. */
public final class AgentProcesses {
    private AgentProcesses() {}

    public static List<ProcessHandle> withMarker(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    /** @return whether none is left within the time (a stop may take a few seconds) */
    public static boolean noneLeft(String marker, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (withMarker(marker).isEmpty()) {
                return true;
            }
            Thread.sleep(200);
        }
        return withMarker(marker).isEmpty();
    }

    /** Ends what a test left behind, so that one failing test does not leave work running. */
    public static void kill(String marker) {
        withMarker(marker).forEach(ProcessHandle::destroyForcibly);
    }
}
