package io.katarelease.jenkins.release;

import hudson.console.HyperlinkNote;
import hudson.model.BuildBadgeAction;
import hudson.model.Run;
import io.katarelease.jenkins.agent.StepKind;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jenkins.model.RunAction2;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The release page of a build: what its kata-release steps did, gathered as each step finishes
 * (the release tag, the fork commits carried and dropped, each component's build with its patch
 * series and cache outcome, the verification table, the published assets with links and
 * digests). Saved with the build, so it survives a restart; shown at {@code <build>/kata-release},
 * as a badge in the build history, and on the build's page.
 *
 * <p>Values come from the steps' results, which come from a process on an agent: the views
 * escape every one of them (Jelly's {@code ${}} escapes; links only for http(s) URLs).
 */
public final class ReleaseSummaryAction implements RunAction2, BuildBadgeAction {
    private transient Run<?, ?> run;

    private String releaseTag;
    private String upstreamTag;
    private String syncStatus;
    private final List<Commit> carried = new ArrayList<>();
    private final List<Commit> dropped = new ArrayList<>();
    private final TreeMap<String, Build> builds = new TreeMap<>();
    private String packagedAsset;
    private String packagedSha256;
    private String verifySummary;
    private final List<Check> checks = new ArrayList<>();
    private String releaseUrl;
    private String handOffJob;
    private final List<Asset> assets = new ArrayList<>();

    // Plain classes, not records: the build's XML is written by XStream, which cannot set the
    // final fields of a record (the JDK refuses Unsafe access to them).

    /** A fork commit and what became of it. */
    public static final class Commit {
        private final String id;
        private final String subject;
        private final String reason;

        Commit(String id, String subject, String reason) {
            this.id = id;
            this.subject = subject;
            this.reason = reason;
        }

        public String getId() {
            return id;
        }

        public String getShortId() {
            return id.length() > 12 ? id.substring(0, 12) : id;
        }

        public String getSubject() {
            return subject;
        }

        public String getReason() {
            return reason;
        }
    }

    /** One component's build. */
    public static final class Build {
        private final String component;
        private final String version;
        private final ArrayList<String> series;
        private final boolean fromCache;
        private final String cacheKey;
        private final String sha256;
        /** built, local cache hit or remote cache hit; null from a CLI (or a saved build) before the remote cache. */
        private final String source;
        /** oci://HOST/REPOSITORY@sha256:… of a remote cache entry, or null. */
        private final String remote;

        Build(String component, String version, List<String> series, boolean fromCache, String cacheKey, String sha256,
                String source, String remote) {
            this.component = component;
            this.version = version;
            this.series = new ArrayList<>(series);
            this.fromCache = fromCache;
            this.cacheKey = cacheKey;
            this.sha256 = sha256;
            this.source = source == null || source.isBlank() ? null : source;
            this.remote = remote == null || remote.isBlank() ? null : remote;
        }

        public String getComponent() {
            return component;
        }

        public String getVersion() {
            return version;
        }

        public List<String> getSeries() {
            return Collections.unmodifiableList(series);
        }

        /** @return e.g. {@code remote cache hit from oci://…@sha256:…}, {@code built, remote oci://…} or {@code built} */
        public String getCacheOutcome() {
            String outcome = source != null ? source : fromCache ? "local cache hit" : "built";
            if (remote == null) {
                return outcome;
            }
            // A build may name the entry it shared; only a hit came from it.
            return outcome + ("remote cache hit".equals(outcome) ? " from " : ", remote ") + remote;
        }

        public String getSource() {
            return source;
        }

        public String getRemote() {
            return remote;
        }

        public String getCacheKey() {
            return cacheKey;
        }

        public String getSha256() {
            return sha256;
        }
    }

    /** One verification check. */
    public static final class Check {
        private final String name;
        private final String status;
        private final String detail;

        Check(String name, String status, String detail) {
            this.name = name;
            this.status = status;
            this.detail = detail;
        }

        public String getName() {
            return name;
        }

        public String getStatus() {
            return status;
        }

        public String getDetail() {
            return detail;
        }
    }

    /** One published asset. */
    public static final class Asset {
        private final String name;
        private final String url;
        private final String sha256;
        private final long size;

        Asset(String name, String url, String sha256, long size) {
            this.name = name;
            this.url = url;
            this.sha256 = sha256;
            this.size = size;
        }

        public String getName() {
            return name;
        }

        /** @return the download link, or null when the URL is not http(s) (never linked) */
        public String getLink() {
            return linkable(url);
        }

        public String getUrl() {
            return url;
        }

        public String getSha256() {
            return sha256;
        }

        public long getSize() {
            return size;
        }
    }

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
            page.add(kind, new Values(result));
            if (notes.containsKey("handOffJob")) {
                page.handOffJob = notes.get("handOffJob");
            }
            if (kind == StepKind.PUBLISH) {
                run.setDescription(page.getStatusLine()); // saves the build
            } else {
                run.save();
            }
        }
    }

    /** Prints the published release and each asset as links in the console. */
    public static void printLinks(PrintStream logger, String prefix, Map<String, Object> result) throws IOException {
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

    private void add(StepKind kind, Values r) {
        switch (kind) {
            case SYNC -> {
                releaseTag = r.text("releaseTag", releaseTag);
                upstreamTag = r.text("upstreamTag", upstreamTag);
                syncStatus = r.text("status", syncStatus);
                carried.clear();
                dropped.clear();
                for (Values c : r.list("carried")) {
                    carried.add(new Commit(c.text("commit", ""), c.text("subject", ""), null));
                }
                for (Values c : r.list("dropped")) {
                    dropped.add(new Commit(c.text("commit", ""), c.text("subject", ""), c.text("reason", "")
                            + (c.text("detail", "").isEmpty() ? "" : ": " + c.text("detail", ""))));
                }
            }
            case BUILD -> {
                String component = r.text("component", "?");
                builds.put(component, new Build(component, r.text("version", ""), r.texts("series"),
                        r.flag("fromCache"), r.text("cacheKey", ""), r.text("sha256", ""), r.text("source", null),
                        r.text("remote", null)));
            }
            case PACKAGE -> {
                packagedAsset = r.text("artifact", packagedAsset);
                packagedSha256 = r.text("sha256", packagedSha256);
            }
            case VERIFY -> verification(r);
            case PUBLISH -> {
                Values verified = r.map("verify");
                if (verified != null) {
                    verification(verified);
                }
                releaseTag = r.text("releaseTag", releaseTag);
                releaseUrl = r.text("releaseUrl", releaseUrl);
                assets.clear();
                for (Values a : r.list("assets")) {
                    assets.add(new Asset(a.text("name", ""), a.text("url", ""), a.text("sha256", ""), a.number("size")));
                }
            }
            default -> { }
        }
    }

    private void verification(Values r) {
        verifySummary = r.text("summary", verifySummary);
        checks.clear();
        for (Values c : r.list("checks")) {
            checks.add(new Check(c.text("name", ""), c.text("status", "").toLowerCase(java.util.Locale.ROOT),
                    c.text("detail", "")));
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Restricted(NoExternalUse.class)
    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Release " + (releaseTag == null ? "(no tag yet)" : releaseTag);
    }

    @Override
    public String getUrlName() {
        return "kata-release";
    }

    public String getReleaseTag() {
        return releaseTag;
    }

    public String getUpstreamTag() {
        return upstreamTag;
    }

    public String getSyncStatus() {
        return syncStatus;
    }

    public List<Commit> getCarried() {
        return Collections.unmodifiableList(carried);
    }

    public List<Commit> getDropped() {
        return Collections.unmodifiableList(dropped);
    }

    public List<Build> getBuilds() {
        return List.copyOf(builds.values());
    }

    public String getPackagedAsset() {
        return packagedAsset;
    }

    public String getPackagedSha256() {
        return packagedSha256;
    }

    public String getVerifySummary() {
        return verifySummary;
    }

    public List<Check> getChecks() {
        return Collections.unmodifiableList(checks);
    }

    public String getReleaseUrl() {
        return releaseUrl;
    }

    /** @return the release URL when it may be a link (http or https), else null */
    public String getReleaseLink() {
        return linkable(releaseUrl);
    }

    public List<Asset> getAssets() {
        return Collections.unmodifiableList(assets);
    }

    /** @return the job the release is handed to, or null */
    public String getHandOffJob() {
        return handOffJob;
    }

    /** @return the hand-off job's page, when it exists and the viewer may see it; else null */
    @Restricted(NoExternalUse.class)
    public String getHandOffJobUrl() {
        if (handOffJob == null) {
            return null;
        }
        hudson.model.Job<?, ?> job = jenkins.model.Jenkins.get().getItemByFullName(handOffJob, hudson.model.Job.class);
        return job == null ? null : job.getAbsoluteUrl();
    }

    /** @return how many assets were published */
    public int getAssetCount() {
        return assets.size();
    }

    /** @return whether the release was published (a publish step finished) */
    public boolean isPublished() {
        return releaseUrl != null;
    }

    /** @return the line for the badge and the build description */
    public String getStatusLine() {
        String tag = releaseTag == null ? "release" : releaseTag;
        return isPublished() ? tag + " published" : tag + (verifySummary != null ? " verified" : " in progress");
    }

    /** @return {@code url} when it is an http(s) URL a page may link to, else null */
    public static String linkable(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }
}
