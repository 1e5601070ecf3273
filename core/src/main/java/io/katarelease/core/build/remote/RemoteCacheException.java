package io.katarelease.core.build.remote;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;

/**
 * The registry of the remote cache refused, failed or served something that is not a
 * kata-release artefact. Builds turn it into a warning (the cache is an optimisation); the
 * {@code cache} command reports it with the exit code of its {@link Reason}.
 */
public final class RemoteCacheException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public RemoteCacheException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @param settings the values the message is about, named by the front end beside it */
    public RemoteCacheException(Reason reason, String message, Setting... settings) {
        super(message, settings);
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }
}
