package io.katarelease.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbolic links of a tree that kata-release unpacks from a tarball it did not make, resolved
 * as the kernel resolves them, before any of them exists on disk: {@code a/..} where {@code a} is
 * a link goes to the parent of the link's target, not back to where {@code a} is, and chains,
 * loops and links that climb above the tree's root are seen for what they are. Lexical
 * normalisation ({@code Path.normalize()}) gets the first of these wrong, which is how a chain
 * of links that looks inside can point outside.
 *
 * <p>Unpacking with it: write no member whose parent path holds a link ({@link #linkAbove}),
 * create the links last, and only those that {@link #resolve} keeps inside; then no write ever
 * goes through a link and every link ends inside.
 */
public final class LinkGraph {
    /** How many links one resolution may follow, as Linux's MAXSYMLINKS. */
    static final int MAX_HOPS = 40;

    /** Link path (relative to the root, without {@code ./}) to its target as written. */
    private final Map<String, String> links = new HashMap<>();

    /** Records a link member; a later member of the same name replaces it. */
    public void addLink(String name, String target) {
        links.put(name, target);
    }

    /** Forgets a name that a later member made a file or directory. */
    public void remove(String name) {
        links.remove(name);
    }

    public boolean isLink(String name) {
        return links.containsKey(name);
    }

    /** @return what the link {@code name} points to as written, or null when it is no link */
    public String target(String name) {
        return links.get(name);
    }

    /** @return the links by name */
    public Map<String, String> links() {
        return Map.copyOf(links);
    }

    /**
     * @return the nearest link among {@code name}'s parents (a write of {@code name} would go
     *     through it), or null when its parents are all directories or absent
     */
    public String linkAbove(String name) {
        int slash = name.lastIndexOf('/');
        String parent = slash < 0 ? "" : name.substring(0, slash);
        while (!parent.isEmpty()) {
            if (links.containsKey(parent)) {
                return parent;
            }
            int s = parent.lastIndexOf('/');
            parent = s < 0 ? "" : parent.substring(0, s);
        }
        return null;
    }

    /** Where a path leads. */
    public sealed interface Resolution {}

    /** @param path where it ends, relative to the root ("" is the root itself) */
    public record Inside(String path) implements Resolution {}

    /** @param why how it leaves the root: an absolute link, or {@code ..} above the root, and at which link */
    public record Escapes(String why) implements Resolution {}

    /** @param at the link where the count of links followed passed {@link #MAX_HOPS} */
    public record Loops(String at) implements Resolution {}

    /**
     * Resolves {@code name} through the recorded links, the last component too.
     *
     * @param name a path relative to the root, {@code /}-separated
     */
    public Resolution resolve(String name) {
        Deque<String> todo = new ArrayDeque<>(components(name));
        List<String> at = new ArrayList<>();
        String via = null;
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (at.isEmpty()) {
                    return new Escapes("'..' above the tree's root" + (via == null ? "" : " after the link " + Texts.quote(via)));
                }
                at.remove(at.size() - 1);
                continue;
            }
            String candidate = at.isEmpty() ? c : String.join("/", at) + "/" + c;
            String target = links.get(candidate);
            if (target == null) {
                at.add(c);
                continue;
            }
            if (++hops > MAX_HOPS) {
                return new Loops(candidate);
            }
            via = candidate;
            if (target.startsWith("/")) {
                return new Escapes("the absolute link " + Texts.quote(candidate) + " -> " + Texts.quote(target));
            }
            // The link's target replaces it, relative to the directory that holds it (which 'at' is).
            List<String> parts = components(target);
            for (int i = parts.size() - 1; i >= 0; i--) {
                todo.addFirst(parts.get(i));
            }
        }
        return new Inside(String.join("/", at));
    }

    /**
     * @return null when {@code name} resolves inside {@code prefix} ("" is the whole tree), else
     *     why not, for a message: where it leads, how it leaves the tree, or where it loops
     */
    public String whyNotWithin(String name, String prefix) {
        Resolution r = resolve(name);
        if (r instanceof Inside inside) {
            return within(inside.path(), prefix) ? null
                    : "it leads to " + (inside.path().isEmpty() ? "the tree's root" : Texts.quote(inside.path()));
        }
        if (r instanceof Escapes escapes) {
            return "it leaves the tree: " + escapes.why();
        }
        return "it loops (at " + Texts.quote(((Loops) r).at()) + ")";
    }

    private static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            parts.add(part);
        }
        return parts;
    }

    /** @return whether {@code path} (relative to the root) is {@code prefix} or below it; "" is everything */
    public static boolean within(String path, String prefix) {
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
