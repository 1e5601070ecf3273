package io.katarelease.cli;

/**
 * Closes this process to other processes of the same user: on Linux, {@code PR_SET_DUMPABLE 0}
 * makes the kernel refuse them {@code ptrace}, {@code /proc/<pid>/mem}, {@code environ} and the
 * rest of this process's {@code /proc} entries, so a build script started by a run that holds a
 * token cannot read the token out of its ancestor's memory. Children start dumpable again (the
 * flag resets on {@code exec}), which the builds need nothing from.
 *
 * <p>This is the Java 17 version: it cannot call {@code prctl} and does nothing. The jar carries a
 * Java 22+ version (Foreign Function API) in {@code META-INF/versions/22}, which the JVM picks
 * when it is new enough.
 */
public final class ProcessGuard {
    private ProcessGuard() {}

    /** @return whether this process is now closed to other processes of its user */
    public static boolean closeToSameUser() {
        return false;
    }
}
