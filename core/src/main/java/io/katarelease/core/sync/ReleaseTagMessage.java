package io.katarelease.core.sync;

import io.katarelease.core.Texts;
import java.io.IOException;
import java.util.ArrayList;
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
 * from it, to notice an upstream tag that moved, and {@code package} reads the commits back for the
 * release report. The one owner of the format: it writes it and parses it.
 */
public final class ReleaseTagMessage {
    private static final String UPSTREAM = "Upstream tag ";
    private static final String CARRIED = "Carried commits";
    private static final String DROPPED = "Dropped commits";

    private ReleaseTagMessage() {}

    /**
     * A message read back.
     *
     * @param upstream the upstream tag with its commit ({@code 4.1.0 (<id>)}), or null when the message names none
     * @param carried the carried commits, one {@code <short id> <subject>} each
     * @param dropped the dropped commits, each with why
     */
    public record Parsed(String upstream, List<String> carried, List<String> dropped) {}

    /** @return what a message of {@link #of} says (lenient: lines it does not know are passed over) */
    public static Parsed parse(String message) {
        String upstream = null;
        List<String> carried = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> current = null;
        for (String line : message.split("\n")) {
            if (line.startsWith(UPSTREAM)) {
                upstream = line.substring(UPSTREAM.length()).replaceAll(" with the fork commits.*", "");
            } else if (line.equals(CARRIED + ":")) {
                current = carried;
            } else if (line.equals(DROPPED + ":")) {
                current = dropped;
            } else if (line.startsWith("  ") && current != null) {
                current.add(line.strip());
            } else if (line.isBlank()) {
                current = null;
            }
        }
        return new Parsed(upstream, List.copyOf(carried), List.copyOf(dropped));
    }

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
        message.append(name).append("\n\n").append(UPSTREAM).append(tag).append(" (").append(upstreamTag.name())
                .append(") with the fork commits of ").append(patchBranch).append(" (")
                .append(patchTip.name()).append(").\n");
        append(message, CARRIED, commits, true);
        append(message, DROPPED, commits, false);
        return message.toString();
    }

    /**
     * @return the upstream commit a message of {@link #of} names for {@code tag}; empty when the
     *     message is not one of ours
     */
    static Optional<String> upstreamCommit(String message, String tag) {
        Matcher m = Pattern.compile("^" + UPSTREAM + Pattern.quote(tag) + " \\(([0-9a-f]{40})\\)",
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
