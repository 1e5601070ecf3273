package io.katarelease.core.sync;

import io.katarelease.core.Texts;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.TagBuilder;

/**
 * The annotated release tag's message: what upstream tag and which fork commits it was made
 * from, and which fork commits were left off and why. A later run reads the upstream commit back
 * from it, to notice an upstream tag that moved.
 */
final class ReleaseTagMessage {
    private ReleaseTagMessage() {}

    /**
     * @param name the release tag ({@code 4.1.0-digitalocean-0})
     * @param tag the upstream tag
     * @param upstreamTag the commit the upstream tag points at
     * @param patchBranch the fork's patch branch
     * @param patchTip the patch branch as fetched
     * @param commits the fork commits as replayed onto the upstream tag, in order
     */
    static String of(String name, String tag, AnyObjectId upstreamTag, String patchBranch, AnyObjectId patchTip,
            List<CarriedCommit> commits) {
        StringBuilder message = new StringBuilder();
        message.append(name).append("\n\nUpstream tag ").append(tag).append(" (").append(upstreamTag.name())
                .append(") with the fork commits of ").append(patchBranch).append(" (")
                .append(patchTip.name()).append(").\n");
        append(message, "Carried commits", commits, true);
        append(message, "Dropped commits", commits, false);
        return message.toString();
    }

    /**
     * @return the upstream commit a message of {@link #of} names for {@code tag}; empty when the
     *     message is not one of ours
     */
    static Optional<String> upstreamCommit(String message, String tag) {
        Matcher m = Pattern.compile("^Upstream tag " + Pattern.quote(tag) + " \\(([0-9a-f]{40})\\)",
                Pattern.MULTILINE).matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Writes the annotated tag object; the caller pushes it. */
    static ObjectId insert(ObjectInserter inserter, String name, AnyObjectId target, PersonIdent tagger,
            String message) throws IOException {
        TagBuilder tagBuilder = new TagBuilder();
        tagBuilder.setTag(name);
        tagBuilder.setObjectId(target, org.eclipse.jgit.lib.Constants.OBJ_COMMIT);
        tagBuilder.setTagger(tagger);
        tagBuilder.setMessage(message);
        ObjectId id = inserter.insert(tagBuilder);
        inserter.flush();
        return id;
    }

    private static void append(StringBuilder message, String heading, List<CarriedCommit> commits,
            boolean carried) {
        List<CarriedCommit> selected = commits.stream().filter(c -> c.carried() == carried).toList();
        if (selected.isEmpty()) {
            return;
        }
        message.append('\n').append(heading).append(":\n");
        for (CarriedCommit c : selected) {
            message.append("  ").append(Texts.shortId(carried ? c.result() : c.original())).append(' ')
                    .append(c.subject());
            if (!carried) {
                message.append(" (").append(c.disposition().name().toLowerCase().replace('_', ' '))
                        .append(": ").append(c.detail()).append(')');
            }
            message.append('\n');
        }
    }
}
