package io.katarelease.cli;

import io.katarelease.core.progress.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import org.eclipse.jgit.lib.BatchingProgressMonitor;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.TextProgressMonitor;

/**
 * Progress on the error stream: steps as lines; transfers updating in place on a terminal, and
 * one summary line per transfer task in a CI log.
 */
final class TerminalProgress implements Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;

    TerminalProgress(PrintWriter err, boolean terminal, boolean quiet) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    @Override
    public void step(String title) {
        if (!quiet) {
            err.println("» " + title);
            err.flush();
        }
    }

    @Override
    public void output(String source, String line) {
        if (!quiet) {
            err.println(source + " | " + line);
            err.flush();
        }
    }

    @Override
    public void warn(String message) {
        err.println("warning: " + message);
        err.flush();
    }

    @Override
    public ProgressMonitor transfer() {
        if (quiet) {
            return NullProgressMonitor.INSTANCE;
        }
        return terminal ? new TextProgressMonitor(err) : new LineMonitor(err);
    }

    /** Prints each finished task once, so CI logs hold no carriage-return noise. */
    private static final class LineMonitor extends BatchingProgressMonitor {
        private final PrintWriter err;

        LineMonitor(PrintWriter err) {
            this.err = err;
        }

        @Override
        protected void onUpdate(String taskName, int workCurr, Duration duration) {}

        @Override
        protected void onUpdate(String taskName, int workCurr, int workTotal, int percentDone, Duration duration) {}

        @Override
        protected void onEndTask(String taskName, int workCurr, Duration duration) {
            err.println("  " + taskName + ": " + workCurr + ", done.");
            err.flush();
        }

        @Override
        protected void onEndTask(String taskName, int workCurr, int workTotal, int percentDone, Duration duration) {
            err.println("  " + taskName + ": " + percentDone + "% (" + workCurr + "/" + workTotal + "), done.");
            err.flush();
        }
    }
}
