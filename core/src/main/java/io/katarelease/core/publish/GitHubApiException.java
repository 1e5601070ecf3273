package io.katarelease.core.publish;

import io.katarelease.core.ReleaseException;

/** GitHub answered with an error the run cannot get past; the message carries GitHub's words. */
public class GitHubApiException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public GitHubApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status, or 0 when the server could not be reached */
    public int status() {
        return status;
    }

    @Override
    public Reason reason() {
        return Reason.REMOTE_UNAVAILABLE;
    }
}
