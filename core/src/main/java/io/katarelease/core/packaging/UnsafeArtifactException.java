package io.katarelease.core.packaging;

import io.katarelease.core.InvalidInputException;

/** A component tarball or the merged tree would be unsafe to ship; nothing is written. */
public class UnsafeArtifactException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public UnsafeArtifactException(String message) {
        super(message + "; nothing was written");
    }
}
