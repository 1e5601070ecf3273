package io.katarelease.core.verify;

/** A file is not what its name says (not ELF, not a bzImage, truncated); the message says why. */
final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
        super(message);
    }
}
