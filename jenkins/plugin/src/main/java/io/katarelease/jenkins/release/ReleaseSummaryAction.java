package io.katarelease.jenkins.release;

import hudson.model.BuildBadgeAction;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * {@link ReleaseRecorder} adds each step's result; the fields, this class's name and its row
 * classes' names are the build's saved XML (XStream), so they keep their names.
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
            return ReleaseLinks.linkable(url);
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

    /* How the page changes as steps finish: ReleaseRecorder reads each step's result into these. */

    void synced(String releaseTag, String upstreamTag, String status, List<Commit> carried, List<Commit> dropped) {
        this.releaseTag = releaseTag;
        this.upstreamTag = upstreamTag;
        this.syncStatus = status;
        this.carried.clear();
        this.carried.addAll(carried);
        this.dropped.clear();
        this.dropped.addAll(dropped);
    }

    void built(Build build) {
        builds.put(build.getComponent(), build);
    }

    void packaged(String asset, String sha256) {
        packagedAsset = asset;
        packagedSha256 = sha256;
    }

    void verified(String summary, List<Check> checks) {
        verifySummary = summary;
        this.checks.clear();
        this.checks.addAll(checks);
    }

    void published(String releaseTag, String releaseUrl, List<Asset> assets) {
        this.releaseTag = releaseTag;
        this.releaseUrl = releaseUrl;
        this.assets.clear();
        this.assets.addAll(assets);
    }

    void handOffTo(String job) {
        handOffJob = job;
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
        return ReleaseLinks.linkable(releaseUrl);
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

    /** @return the release's stages in the engine's order, each done or not, with what its step reported */
    public List<StageRow> getStages() {
        return StageRow.of(this);
    }

    /** @return the line for the badge and the build description */
    public String getStatusLine() {
        String tag = releaseTag == null ? "release" : releaseTag;
        return isPublished() ? tag + " published" : tag + (verifySummary != null ? " verified" : " in progress");
    }
}
