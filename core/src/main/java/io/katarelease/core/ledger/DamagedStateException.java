package io.katarelease.core.ledger;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;

/**
 * A file of the run's state (a ledger, recorded results) is damaged or was written by a newer
 * kata-release. Found before any network or git work; nothing was changed.
 */
public final class DamagedStateException extends ReleaseException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final boolean newer;

    /** @param settings the values {@code whatToDo} is about, named by the front end beside the message */
    public DamagedStateException(String path, String problem, String whatToDo, boolean newer, Setting... settings) {
        super(path + " " + problem + "; nothing was changed. " + whatToDo, settings);
        this.path = path;
        this.newer = newer;
    }

    /** @return whether a newer kata-release wrote it (never discarded automatically) */
    public boolean fromNewerVersion() {
        return newer;
    }

    /** @return the damaged file */
    public String path() {
        return path;
    }

    @Override
    public Reason reason() {
        return Reason.STATE_DAMAGED;
    }
}
