package io.katarelease.core.sync;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import java.util.List;

/**
 * A fork commit does not apply to the new base. Thrown before anything is pushed.
 */
public class ConflictException extends ReleaseException {
    private static final long serialVersionUID = 1L;

    private final Conflict conflict;

    /**
     * The conflict's evidence.
     *
     * @param onto what the commit was replayed onto ("upstream main abc123", "upstream tag 4.1.0")
     * @param ontoId the commit id of that base
     * @param commit the fork commit that failed
     * @param subject its subject line
     * @param paths the paths that conflict
     * @param upstreamChanges upstream commits that changed those paths since the fork's old base
     */
    public record Conflict(String onto, String ontoId, String commit, String subject, List<String> paths,
            List<UpstreamCommit> upstreamChanges) {}

    public ConflictException(Conflict conflict) {
        super(describe(conflict));
        this.conflict = conflict;
    }

    /** @return the conflict's evidence */
    public Conflict conflict() {
        return conflict;
    }

    private static String describe(Conflict c) {
        StringBuilder text = new StringBuilder();
        text.append("fork commit ").append(Texts.shortId(c.commit())).append(" \"").append(c.subject())
                .append("\" does not apply onto ").append(c.onto()).append(" (").append(Texts.shortId(c.ontoId()))
                .append(")\n  conflicting paths: ").append(String.join(", ", c.paths()));
        if (c.upstreamChanges().isEmpty()) {
            text.append("\n  no upstream commit since the fork's base changed these paths");
        } else {
            text.append("\n  upstream commits that changed these paths since the fork's base:");
            for (UpstreamCommit u : c.upstreamChanges()) {
                text.append("\n    ").append(Texts.shortId(u.id())).append(' ').append(u.subject());
            }
        }
        text.append("\nNothing was pushed. Rebase the patch branch onto upstream by hand, resolve the conflict,"
                + " push the patch branch, and run again.");
        return text.toString();
    }

    @Override
    public Reason reason() {
        return Reason.CONFLICT;
    }
}
