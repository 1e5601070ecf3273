package hudson;

import java.io.IOException;

/**
 * STAND-IN for jenkins-core's {@code hudson.AbortException}: a failure reported without a stack trace.
 * Final, as in core.
 */
public final class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {}

    public AbortException(String message) {
        super(message);
    }
}
