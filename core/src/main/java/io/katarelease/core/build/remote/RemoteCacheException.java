package io.katarelease.core.build.remote;

import io.katarelease.core.ReleaseException;

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

    @Override
    public Reason reason() {
        return reason;
    }
}
