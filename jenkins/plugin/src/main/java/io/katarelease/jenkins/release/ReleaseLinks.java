package io.katarelease.jenkins.release;

import hudson.console.HyperlinkNote;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * Links to a published release: which URLs may be links at all (only http and https: every URL
 * comes from an agent process), and the console lines a publish step prints.
 */
public final class ReleaseLinks {
    private ReleaseLinks() {}

    /** Prints the published release and each asset as links in the console. */
    public static void print(PrintStream logger, String prefix, Map<String, Object> result) throws IOException {
        Values r = new Values(result);
        String release = linkable(r.text("releaseUrl", null));
        if (release != null) {
            logger.println(prefix + ": release " + HyperlinkNote.encodeTo(release, r.text("releaseTag", release)));
        }
        for (Values a : r.list("assets")) {
            String url = linkable(a.text("url", null));
            if (url != null) {
                logger.println(prefix + ":   " + HyperlinkNote.encodeTo(url, a.text("name", url)) + " sha256 "
                        + a.text("sha256", "?"));
            }
        }
    }

    /** @return {@code url} when it is an http(s) URL a page may link to, else null */
    public static String linkable(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }
}
