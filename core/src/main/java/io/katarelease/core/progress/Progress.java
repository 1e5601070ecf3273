package io.katarelease.core.progress;

import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Where the engine reports what it is doing. Implementations decide how it looks: a terminal
 * line that updates in place, plain lines for a CI log, or nothing.
 */
public interface Progress {

    /** A new step of the run begins ("fetching upstream", "pushing 4 refs to the fork"). */
    void step(String title);

    /** Something the user should read even when the run succeeds. */
    void warn(String message);

    /** One line of a build's output; {@code source} names the build ("qemu"). Ignored by default. */
    default void output(String source, String line) {}

    /** @return a JGit monitor for transfers (fetch and push object counts) */
    ProgressMonitor transfer();

    /** @return a progress that reports nothing */
    static Progress none() {
        return new Progress() {
            @Override
            public void step(String title) {}

            @Override
            public void warn(String message) {}

            @Override
            public ProgressMonitor transfer() {
                return NullProgressMonitor.INSTANCE;
            }
        };
    }
}
