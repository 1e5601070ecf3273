package io.katarelease.core.git;

import io.katarelease.core.ReleaseException;

/** The server refused the credentials, or wanted some and none were given. */
public class AuthenticationException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    @Override
    public Reason reason() {
        return Reason.AUTHENTICATION;
    }
}
