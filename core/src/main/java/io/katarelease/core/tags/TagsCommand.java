package io.katarelease.core.tags;

import io.katarelease.core.KataRelease;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.git.Remote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;

/**
 * The upstream release tags the fork has not released yet: what the "new upstream tag" trigger
 * runs. Two {@code ls-remote} calls, no clone. Used once: configure, then {@link #call()}.
 */
public final class TagsCommand {
    private Remote upstream;
    private Remote fork;
    private String suffix = KataRelease.DEFAULT_SUFFIX;
    private String since;
    private String tagPattern = RefNames.DEFAULT_TAG_PATTERN;

    /** The upstream repository. Required. */
    public TagsCommand setUpstream(Remote upstream) {
        this.upstream = upstream;
        return this;
    }

    /** The fork, whose {@code <tag>-<suffix>-<n>} tags mark released upstream tags. Required. */
    public TagsCommand setFork(Remote fork) {
        this.fork = fork;
        return this;
    }

    /** The release tags' middle part. The default is {@code digitalocean}. */
    public TagsCommand setSuffix(String suffix) {
        this.suffix = suffix;
        return this;
    }

    /** Only tags at or after this version are listed. The default lists all. */
    public TagsCommand setSince(String since) {
        this.since = since;
        return this;
    }

    /** The regex a whole upstream tag must match. The default is plain {@code MAJOR.MINOR.PATCH}. */
    public TagsCommand setTagPattern(String tagPattern) {
        this.tagPattern = tagPattern;
        return this;
    }

    /**
     * The outcome.
     *
     * @param pending upstream tags without a release in the fork, oldest first
     * @param released upstream tags the fork has released, oldest first
     */
    public record TagsResult(List<UpstreamTag> pending, List<UpstreamTag> released) {}

    /**
     * An upstream release tag.
     *
     * @param tag its name
     * @param commit the commit it points at (annotated tags peeled)
     * @param releaseTags the fork's release tags for it, oldest first
     */
    public record UpstreamTag(String tag, String commit, List<String> releaseTags) {}

    public TagsResult call() throws ReleaseException {
        Pattern pattern = RefNames.compileTagPattern(tagPattern);
        if (suffix == null || !suffix.matches("[A-Za-z0-9][A-Za-z0-9._]{0,63}")) {
            throw new InvalidInputException("release suffix " + Texts.quote(suffix)
                    + " must be letters, digits, '.' or '_'", Setting.SUFFIX);
        }
        if (since != null) {
            RefNames.checkName(Setting.SINCE, since, "tags");
            checkSince(since);
        }
        Map<String, Ref> upstreamRefs = upstream.listRefs();
        Map<String, Ref> forkRefs = fork.listRefs();
        List<String> tags = new ArrayList<>();
        for (String name : upstreamRefs.keySet()) {
            if (name.startsWith(Constants.R_TAGS) && !name.endsWith("^{}")) {
                String tag = name.substring(Constants.R_TAGS.length());
                if (pattern.matcher(tag).matches() && (since == null || RefNames.VERSION_ORDER.compare(tag, since) >= 0)) {
                    tags.add(tag);
                }
            }
        }
        tags.sort(RefNames.VERSION_ORDER);
        List<UpstreamTag> pending = new ArrayList<>();
        List<UpstreamTag> released = new ArrayList<>();
        for (String tag : tags) {
            Ref ref = upstreamRefs.get(Constants.R_TAGS + tag);
            // JGit folds the advertised "^{}" line of an annotated tag into the ref.
            String commit = (ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId()).name();
            // By release number; a number-like one kata-release does not write is refused by name.
            TreeMap<Integer, String> byNumber = new TreeMap<>();
            for (String name : forkRefs.keySet()) {
                if (name.startsWith(Constants.R_TAGS) && !name.endsWith("^{}")) {
                    OptionalInt n = RefNames.releaseNumber(name, tag, suffix);
                    if (n.isPresent()) {
                        byNumber.put(n.getAsInt(), name.substring(Constants.R_TAGS.length()));
                    }
                }
            }
            List<String> releases = List.copyOf(byNumber.values());
            (releases.isEmpty() ? pending : released).add(new UpstreamTag(tag, commit, releases));
        }
        return new TagsResult(pending, released);
    }

    /**
     * A {@link Setting#SINCE} must read as a version: ASCII only, with at least one field of ASCII
     * digits. Otherwise ({@code +3}, {@code 1e9}, {@code NaN}, {@code ٣.0.0}, {@code ４.1.0}) it
     * would be compared as text, sort before every release and silently list them all.
     */
    private static void checkSince(String since) throws InvalidInputException {
        boolean ascii = since.chars().allMatch(c -> c < 0x80);
        boolean number = false;
        for (String field : since.split("[.-]")) {
            number |= RefNames.isNumber(field);
        }
        if (!ascii || !number) {
            throw new InvalidInputException("starting version " + Texts.quote(since) + " is not a version: give"
                    + " fields of ASCII digits separated by '.' or '-', such as 4.1.0", Setting.SINCE);
        }
    }
}
