package io.katarelease.core.files;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;

/** Another run holds the directory this run needs; this run changed nothing. */
public final class StateBusyException extends ReleaseException {
    private static final long serialVersionUID = 1L;
    private final String holder;

    StateBusyException(String message, String holder, Setting... settings) {
        super(message, settings);
        this.holder = holder;
    }

    /** @return who holds it, as the holder wrote it (pid, host, start time, command), or "" */
    public String holder() {
        return holder;
    }

    @Override
    public Reason reason() {
        return Reason.BUSY;
    }
}
