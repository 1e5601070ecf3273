package io.katarelease.pipelinetests.harness;

/**
 * A failure inside the pipeline, as Jenkins's {@code hudson.AbortException}: thrown by the
 * {@code error} step, by a step a test makes fail, and by the harness where Jenkins would fail
 * the build (an unknown step, a missing stash, a step that needs a node outside any agent ...).
 * It fails the build (result FAILURE); it is not a test failure by itself.
 */
public class PipelineError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PipelineError(String message) {
        super(message);
    }
}
