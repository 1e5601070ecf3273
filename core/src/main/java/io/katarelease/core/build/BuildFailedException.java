package io.katarelease.core.build;

import io.katarelease.core.ReleaseException;
import java.util.List;

/** A component build failed, or produced an artefact without what it must hold. */
public class BuildFailedException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> lastLines;

    /**
     * @param message what failed and what to do
     * @param exitCode the build's exit code, or -1 when it exited 0 but its artefact is wrong
     * @param lastLines the last lines of its output
     */
    public BuildFailedException(String message, int exitCode, List<String> lastLines) {
        super(message + (lastLines.isEmpty() ? "" : "\nLast lines of its output:\n  " + String.join("\n  ", lastLines)));
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
    }

    /** @return the build's exit code, or -1 */
    public int exitCode() {
        return exitCode;
    }

    /** @return the last lines of the build's output */
    public List<String> lastLines() {
        return lastLines;
    }

    @Override
    public Reason reason() {
        return Reason.BUILD_FAILED;
    }
}
