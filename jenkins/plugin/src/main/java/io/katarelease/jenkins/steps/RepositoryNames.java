package io.katarelease.jenkins.steps;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** owner/name of a GitHub-style repository URL, which pins a GitHub App's token to that repository. */
final class RepositoryNames {
    private static final Pattern URL = Pattern.compile(
            "^(?:https?://[^/@\\s]+/|ssh://git@[^/\\s]+/|git@[^:/\\s]+:)([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");
    private static final Pattern OWNER_AND_NAME = Pattern.compile("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");

    private RepositoryNames() {}

    /** @return owner/name of a repository URL on any GitHub host, or null for other shapes (a path, file://) */
    static String ofUrl(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = URL.matcher(url.trim());
        return m.matches() ? m.group(1) + "/" + m.group(2) : null;
    }

    /** @return {@code ownerAndName} when it has that shape, else null */
    static String of(String ownerAndName) {
        return ownerAndName != null && OWNER_AND_NAME.matcher(ownerAndName.trim()).matches() ? ownerAndName.trim()
                : null;
    }
}
