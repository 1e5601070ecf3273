package io.katarelease.core.git;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
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
    /** The default {@link Setting#TAG_PATTERN}: plain {@code MAJOR.MINOR.PATCH}, as kata tags releases. */
    public static final String DEFAULT_TAG_PATTERN = "[0-9]+\\.[0-9]+\\.[0-9]+";

    private static final int MAX_LENGTH = 128;

    private RefNames() {}

    /**
     * Checks that {@code value} is a safe short name to place under {@code refs/<namespace>/}.
     *
     * @param what the setting the value comes from, named in the message and listed by the failure
     * @param namespace {@code heads} or {@code tags}
     * @throws InvalidInputException naming the value and the rule it breaks
     */
    public static void checkName(Setting what, String value, String namespace) throws InvalidInputException {
        checkName(what.words(), value, namespace, what);
    }

    /**
     * Checks a name that is no single setting (a release branch made of a prefix and a tag, a ref
     * from a remote); see {@link #checkName(Setting, String, String)}.
     *
     * @param what the name's words, for the message ("the release branch")
     * @param settings the settings it is made of, listed by the failure
     */
    public static void checkName(String what, String value, String namespace, Setting... settings)
            throws InvalidInputException {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(what + " is empty", settings);
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInputException(what + " " + Texts.quote(value) + " is longer than " + MAX_LENGTH
                    + " characters", settings);
        }
        if (value.startsWith("-")) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " starts with '-'; a name cannot begin with a dash", settings);
        }
        if (value.startsWith("refs/") || value.equals("HEAD")) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " must be a short name (like 4.1.0 or do/main), not a full ref", settings);
        }
        if (value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " contains white space or control characters", settings);
        }
        if (!Repository.isValidRefName("refs/" + namespace + "/" + value) || value.contains("@{")
                || value.endsWith("/")) {
            throw new InvalidInputException(what + " " + Texts.quote(value)
                    + " is not a valid git ref name (see git check-ref-format)", settings);
        }
    }

    /** Compiles a {@link Setting#TAG_PATTERN}; the pattern must match the whole tag. */
    public static Pattern compileTagPattern(String regex) throws InvalidInputException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidInputException(Setting.TAG_PATTERN.words() + " " + Texts.quote(regex)
                    + " is not a valid regular expression: " + e.getDescription(), Setting.TAG_PATTERN);
        }
    }

    /**
     * Orders version-like tags the way people read them: fields split at {@code .} and {@code -},
     * numeric fields compared as numbers of any size ({@code 3.9.0 < 3.10.0}, {@code 007} equal to
     * {@code 7}), a pre-release ({@code 3.3.0-rc0}) before its release, ties broken by the plain
     * text, so it is a total order consistent with {@code equals}. Only ASCII digits make a number:
     * {@code ٣}, {@code ０}, {@code +3}, {@code 1e9} are text and sort before every number.
     */
    public static final Comparator<String> VERSION_ORDER = RefNames::compareVersions;

    private static int compareVersions(String a, String b) {
        String[] pa = a.split("[.-]");
        String[] pb = b.split("[.-]");
        int common = Math.min(pa.length, pb.length);
        for (int i = 0; i < common; i++) {
            boolean na = isNumber(pa[i]);
            boolean nb = isNumber(pb[i]);
            int c;
            if (na && nb) {
                c = compareNumbers(pa[i], pb[i]);
            } else if (na != nb) {
                c = na ? 1 : -1;
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        // The shorter one ends first: before a further number (3.0 < 3.0.1), after a further
        // word (3.0-rc0 < 3.0). The same test on both sides keeps the order transitive.
        if (pa.length < pb.length) {
            return isNumber(pb[common]) ? -1 : 1;
        }
        if (pa.length > pb.length) {
            return isNumber(pa[common]) ? 1 : -1;
        }
        return a.compareTo(b);
    }

    /** @return whether {@code s} is one or more ASCII digits, nothing else (no sign, no other script) */
    public static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares two strings of ASCII digits as the numbers they write, of any length, without
     * parsing them: leading zeros skipped, then the longer is larger, then digit by digit.
     */
    public static int compareNumbers(String a, String b) {
        int za = leadingZeros(a);
        int zb = leadingZeros(b);
        int la = a.length() - za;
        int lb = b.length() - zb;
        if (la != lb) {
            return Integer.compare(la, lb);
        }
        for (int i = 0; i < la; i++) {
            int c = Character.compare(a.charAt(za + i), b.charAt(zb + i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** @return {@code digits} without leading zeros, {@code "0"} for zero */
    public static String stripLeadingZeros(String digits) {
        int z = leadingZeros(digits);
        return z == digits.length() ? (digits.isEmpty() ? digits : "0") : digits.substring(z);
    }

    private static int leadingZeros(String digits) {
        int z = 0;
        while (z < digits.length() && digits.charAt(z) == '0') {
            z++;
        }
        return z;
    }

    /**
     * The highest release number {@code <n>} of {@code <tag>-<suffix>-<n>} kata-release reads or
     * makes: nine digits, which an {@code int} holds and its successor cannot wrap.
     */
    public static final int MAX_RELEASE_NUMBER = 999_999_999;

    /** A release number as kata-release writes it: {@code 0}, or 1-9 digits without a leading zero. */
    private static final Pattern RELEASE_NUMBER = Pattern.compile("0|[1-9][0-9]{0,8}");
    /** Anything else that reads as a number: any script's digits, a sign, an exponent. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("[+-]?\\p{Nd}+(?:[eE][+-]?\\p{Nd}+)?");

    /**
     * The release number of a fork tag {@code <tag>-<suffix>-<n>}.
     *
     * @param name a tag, as a short name or under {@code refs/tags/}
     * @return {@code n}, or empty when {@code name} is not a release tag of {@code tag}: another
     *     tag, or a suffix that is no number at all ({@code -NaN}, {@code -1-hotfix})
     * @throws InvalidInputException when {@code n} reads as a number but not as one kata-release
     *     writes: leading zeros ({@code 007}), a sign ({@code +3}, {@code -1}), an exponent
     *     ({@code 1e9}), other scripts' digits ({@code ٣}, {@code ０}) or above
     *     {@link #MAX_RELEASE_NUMBER}; such a tag would be counted wrongly or collide
     */
    public static OptionalInt releaseNumber(String name, String tag, String suffix)
            throws InvalidInputException {
        String shortName = name.startsWith("refs/tags/") ? name.substring("refs/tags/".length()) : name;
        String prefix = tag + "-" + suffix + "-";
        if (!shortName.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String n = shortName.substring(prefix.length());
        if (RELEASE_NUMBER.matcher(n).matches()) {
            return OptionalInt.of(Integer.parseInt(n));
        }
        if (!NUMBER_LIKE.matcher(n).matches()) {
            return OptionalInt.empty();
        }
        throw new InvalidInputException("the fork's release tag " + Texts.quote(shortName) + " has the release number "
                + Texts.quote(n) + ", which is not one kata-release writes (0 to " + MAX_RELEASE_NUMBER
                + " in ASCII digits, no sign or leading zero); it would be counted wrongly:"
                + " delete or rename that tag in the fork, then run again");
    }

    /**
     * @param latestTag the fork's release tag with the highest number, for the message
     * @param latest its number
     * @return the next release number
     * @throws InvalidInputException when {@code latest} is already {@link #MAX_RELEASE_NUMBER}
     */
    public static int nextReleaseNumber(String latestTag, int latest) throws InvalidInputException {
        if (latest < 0 || latest >= MAX_RELEASE_NUMBER) {
            throw new InvalidInputException("the fork's release tag " + Texts.quote(latestTag)
                    + " already has the highest release number kata-release makes (" + MAX_RELEASE_NUMBER
                    + "); delete or rename release tags in the fork, then run again");
        }
        return latest + 1;
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
