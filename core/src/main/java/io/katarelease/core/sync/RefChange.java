package io.katarelease.core.sync;

/**
 * One ref of the fork as the run found it and as it leaves it.
 *
 * @param ref the full ref name on the fork ({@code refs/heads/do/main})
 * @param oldId the value the run fetched, the lease it pushes against; {@code null} when absent
 * @param newId the value after the run; equal to {@code oldId} when unchanged
 * @param kind how the ref changes
 */
public record RefChange(String ref, String oldId, String newId, Kind kind) {

    /** How a ref changes. */
    public enum Kind {
        /** No change. */
        UNCHANGED,
        /** A new ref. */
        CREATE,
        /** The new value contains the old one. */
        FAST_FORWARD,
        /** History is replaced; a backup ref of the old value is pushed first. */
        REWRITE,
        /** A backup ref holding a rewritten ref's old value. */
        BACKUP,
    }

    /** @return whether the run must push this ref */
    public boolean changes() {
        return kind != Kind.UNCHANGED;
    }
}
