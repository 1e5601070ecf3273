package io.katarelease.core.git;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.eclipse.jgit.lib.Repository;

/**
 * Checks on names that become git refs, and the ordering and nearness of release tags.
 *
 * <p>Every name from the user goes through {@link #checkName} before it reaches git, so no input
 * can become an option, a ref outside the intended namespace, or a malformed ref.
 */
public final class RefNames {
    /** The default {@code --tag-pattern}: plain {@code MAJOR.MINOR.PATCH}, as kata tags releases. */
    public static final String DEFAULT_TAG_PATTERN = "[0-9]+\\.[0-9]+\\.[0-9]+";

    private static final int MAX_LENGTH = 128;

    private RefNames() {}

    /**
     * Checks that {@code value} is a safe short name to place under {@code refs/<namespace>/}.
     *
     * @param what the option or thing, for the message ("--tag", "--patch-branch")
     * @param namespace {@code heads} or {@code tags}
     * @throws InvalidInputException naming the value and the rule it breaks
     */
    public static void checkName(String what, String value, String namespace) throws InvalidInputException {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(what + " is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(what + " " + Texts.quote(value) + " is longer than " + MAX_LENGTH
                    + " characters");
        }
        if (value.startsWith("-")) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " starts with '-'; a name cannot begin with a dash");
        }
        if (value.startsWith("refs/") || value.equals("HEAD")) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " must be a short name (like 4.1.0 or do/main), not a full ref");
        }
        if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " contains white space or control characters");
        }
        if (!Repository.isValidRefName("refs/" + namespace + "/" + value) || value.contains("@{")
                || value.endsWith("/")) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " is not a valid git ref name (see git check-ref-format)");
        }
    }

    /** Compiles a {@code --tag-pattern}; the pattern must match the whole tag. */
    public static Pattern compileTagPattern(String regex) throws InvalidInputException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException("--tag-pattern " + Texts.quote(regex) + " is not a valid regular"
                    + " expression: " + e.getDescription());
        }
    }

    /**
     * Orders version-like tags the way people read them: numeric fields compared as numbers
     * ({@code 3.9.0 < 3.10.0}), a pre-release ({@code 3.3.0-rc0}) before its release.
     */
    public static final Comparator<String> VERSION_ORDER = RefNames::compareVersions;

    private static int compareVersions(String a, String b) {
        String[] pa = a.split("[.-]");
        String[] pb = b.split("[.-]");
        for (int i = 0; i < Math.max(pa.length, pb.length); i++) {
            if (i >= pa.length) {
                return pb[i].chars().allMatch(Character::isDigit) ? -1 : 1;
            }
            if (i >= pb.length) {
                return pa[i].chars().allMatch(Character::isDigit) ? 1 : -1;
            }
            boolean na = !pa[i].isEmpty() && pa[i].chars().allMatch(Character::isDigit);
            boolean nb = !pb[i].isEmpty() && pb[i].chars().allMatch(Character::isDigit);
            int c;
            if (na && nb) {
                c = new java.math.BigInteger(pa[i]).compareTo(new java.math.BigInteger(pb[i]));
            } else if (na != nb) {
                c = na ? 1 : -1;
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    /**
     * @return up to {@code max} of {@code candidates} nearest to {@code wanted} by edit distance
     *     (ignoring a leading {@code v} and {@code refs/tags/}), nearest first, newer first on ties
     */
    public static List<String> nearest(String wanted, Collection<String> candidates, int max) {
        String w = normalise(wanted);
        List<String> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.<String>comparingInt(c -> distance(w, normalise(c)))
                .thenComparing(VERSION_ORDER.reversed()));
        return sorted.subList(0, Math.min(max, sorted.size()));
    }

    private static String normalise(String tag) {
        String t = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("refs/tags/")) {
            t = t.substring("refs/tags/".length());
        }
        return t.startsWith("v") ? t.substring(1) : t;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
