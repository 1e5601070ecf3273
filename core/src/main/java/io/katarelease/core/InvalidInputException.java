package io.katarelease.core;

/** A value given by the user is malformed or not allowed; the message names the value. */
public class InvalidInputException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    /** @param settings the values the message is about, named by the front end beside it */
    public InvalidInputException(String message, Setting... settings) {
        super(message, settings);
    }

    @Override
    public Reason reason() {
        return Reason.INVALID_INPUT;
    }
}
