package io.katarelease.core.packaging;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Setting;

/** A component tarball or the merged tree would be unsafe to ship; nothing is written. */
public class UnsafeArtifactException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public UnsafeArtifactException(String message) {
        super(message + "; nothing was written");
    }

    /** @param settings the values the message is about, named by the front end beside it */
    public UnsafeArtifactException(String message, Setting... settings) {
        super(message + "; nothing was written", settings);
    }
}
