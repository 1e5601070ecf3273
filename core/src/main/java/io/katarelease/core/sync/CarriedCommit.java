package io.katarelease.core.sync;

/**
 * What happened to one fork commit when it was replayed onto a new base.
 *
 * @param original the fork commit's id
 * @param result the id of the commit written on the new base, or {@code null} when dropped
 * @param subject the first line of the commit message
 * @param disposition applied, unchanged, or why it was dropped
 * @param detail for a dropped commit, the evidence (the upstream commit that has the change)
 */
public record CarriedCommit(String original, String result, String subject, Disposition disposition,
        String detail) {

    /** The outcome of replaying one commit. */
    public enum Disposition {
        /** Written on the new base (a new commit id). */
        APPLIED,
        /** Already on the right base: the branch did not need rewriting. */
        UNCHANGED,
        /** Dropped: upstream already has the change (same patch-id, or a cherry-pick trailer). */
        ALREADY_UPSTREAM,
        /** Dropped: the commit changes nothing on the new base. */
        EMPTY;

        /** @return whether the commit is part of the resulting branch */
        public boolean carried() {
            return this == APPLIED || this == UNCHANGED;
        }
    }

    /** @return whether the commit is part of the resulting branch */
    public boolean carried() {
        return disposition.carried();
    }
}
