package io.katarelease.core.publish;

import io.katarelease.core.ReleaseException;

/** An uploaded asset does not match the local file (size or SHA-256). */
public class UploadCheckException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    public UploadCheckException(String name, String host) {
        super("the upload of " + name + " to " + host + " does not match the local file (size or SHA-256);"
                + " run again to upload it anew");
    }

    @Override
    public Reason reason() {
        return Reason.REMOTE_UNAVAILABLE;
    }
}
