package io.katarelease.core.sync;

import io.katarelease.core.ReleaseException;

/** The patch branch holds history the engine will not rewrite, such as merge commits. */
public class UnsupportedHistoryException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    public UnsupportedHistoryException(String message) {
        super(message);
    }

    @Override
    public Reason reason() {
        return Reason.UNSUPPORTED_HISTORY;
    }
}
