package io.katarelease.core.publish;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;

/** GitHub answered with an error the run cannot get past; the message carries GitHub's words. */
public class GitHubApiException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public GitHubApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** @param settings the values the message is about, named by the front end beside it */
    public GitHubApiException(String message, int status, Setting... settings) {
        super(message, settings);
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
