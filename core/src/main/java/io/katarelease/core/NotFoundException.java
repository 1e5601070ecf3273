package io.katarelease.core;

/** A tag, branch or repository named by the user does not exist where it was looked for. */
public class NotFoundException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    /** @param settings the values the message is about, named by the front end beside it */
    public NotFoundException(String message, Setting... settings) {
        super(message, settings);
    }

    @Override
    public Reason reason() {
        return Reason.NOT_FOUND;
    }
}
