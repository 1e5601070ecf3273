package io.katarelease.jenkins.release;

import hudson.model.Run;
import io.katarelease.jenkins.agent.StepKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adds a finished step's result to its build's release page ({@link ReleaseSummaryAction}),
 * creating the page on the first step. The result comes from a process on an agent: it is read
 * through {@link Values}, where a value of the wrong type reads as absent.
 */
public final class ReleaseRecorder {
    private ReleaseRecorder() {}

    /**
     * Adds a finished step's result to the build's release page (created on the first step); a
     * publish also sets the build's description to the page's status line.
     *
     * @param result the map the step returns
     */
    public static void record(Run<?, ?> run, StepKind kind, Map<String, Object> result) throws IOException {
        record(run, kind, result, Map.of());
    }

    /** @param notes values the step adds for the page (the hand-off job) */
    public static void record(Run<?, ?> run, StepKind kind, Map<String, Object> result, Map<String, String> notes)
            throws IOException {
        if (result == null || kind == StepKind.UPSTREAM_TAGS) {
            return;
        }
        synchronized (ReleaseSummaryAction.class) {
            ReleaseSummaryAction page = run.getAction(ReleaseSummaryAction.class);
            if (page == null) {
                page = new ReleaseSummaryAction();
                run.addAction(page);
            }
            add(page, kind, new Values(result));
            if (notes.containsKey("handOffJob")) {
                page.handOffTo(notes.get("handOffJob"));
            }
            if (kind == StepKind.PUBLISH) {
                run.setDescription(page.getStatusLine()); // saves the build
            } else {
                run.save();
            }
        }
    }

    private static void add(ReleaseSummaryAction page, StepKind kind, Values r) {
        switch (kind) {
            case SYNC -> sync(page, r);
            case BUILD -> {
                String component = r.text("component", "?");
                page.built(new ReleaseSummaryAction.Build(component, r.text("version", ""), r.texts("series"),
                        r.flag("fromCache"), r.text("cacheKey", ""), r.text("sha256", ""), r.text("source", null),
                        r.text("remote", null)));
            }
            case PACKAGE -> page.packaged(r.text("artifact", page.getPackagedAsset()),
                    r.text("sha256", page.getPackagedSha256()));
            case VERIFY -> verification(page, r);
            case PUBLISH -> publish(page, r);
            default -> { }
        }
    }

    private static void sync(ReleaseSummaryAction page, Values r) {
        List<ReleaseSummaryAction.Commit> carried = new ArrayList<>();
        for (Values c : r.list("carried")) {
            carried.add(new ReleaseSummaryAction.Commit(c.text("commit", ""), c.text("subject", ""), null));
        }
        List<ReleaseSummaryAction.Commit> dropped = new ArrayList<>();
        for (Values c : r.list("dropped")) {
            dropped.add(new ReleaseSummaryAction.Commit(c.text("commit", ""), c.text("subject", ""), c.text("reason", "")
                    + (c.text("detail", "").isEmpty() ? "" : ": " + c.text("detail", ""))));
        }
        page.synced(r.text("releaseTag", page.getReleaseTag()), r.text("upstreamTag", page.getUpstreamTag()),
                r.text("status", page.getSyncStatus()), carried, dropped);
    }

    private static void verification(ReleaseSummaryAction page, Values r) {
        List<ReleaseSummaryAction.Check> checks = new ArrayList<>();
        for (Values c : r.list("checks")) {
            checks.add(new ReleaseSummaryAction.Check(c.text("name", ""), c.text("status", "").toLowerCase(Locale.ROOT),
                    c.text("detail", "")));
        }
        page.verified(r.text("summary", page.getVerifySummary()), checks);
    }

    /** A publish, and the verification before it that it carries. */
    private static void publish(ReleaseSummaryAction page, Values r) {
        Values verified = r.map("verify");
        if (verified != null) {
            verification(page, verified);
        }
        List<ReleaseSummaryAction.Asset> assets = new ArrayList<>();
        for (Values a : r.list("assets")) {
            assets.add(new ReleaseSummaryAction.Asset(a.text("name", ""), a.text("url", ""), a.text("sha256", ""),
                    a.number("size")));
        }
        page.published(r.text("releaseTag", page.getReleaseTag()), r.text("releaseUrl", page.getReleaseUrl()), assets);
    }
}
