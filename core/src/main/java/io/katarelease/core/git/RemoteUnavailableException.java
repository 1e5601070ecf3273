package io.katarelease.core.git;

import io.katarelease.core.ReleaseException;

/** The remote could not be reached, or the transfer broke off. */
public class RemoteUnavailableException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    public RemoteUnavailableException(String message) {
        super(message);
    }

    /** @param cause the network fault, kept for a stack trace (its message may not be shown) */
    public RemoteUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Reason reason() {
        return Reason.REMOTE_UNAVAILABLE;
    }
}
