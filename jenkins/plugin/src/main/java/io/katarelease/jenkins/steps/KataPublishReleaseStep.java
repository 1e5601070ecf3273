package io.katarelease.jenkins.steps;

import hudson.AbortException;
import hudson.Extension;
import io.katarelease.cli.agent.AgentProtocol;
import io.katarelease.jenkins.agent.CliInvocation;
import io.katarelease.jenkins.agent.StepKind;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code kataPublishRelease}: verifies the release tarball, then publishes the files of
 * {@code assets} as the release named after the tag: a draft first, every asset uploaded and
 * checked (size and SHA-256), then made public. Re-runs converge. Returns {@code releaseUrl},
 * {@code assets} (name, url, sha256, size), and for the main tarball {@code artifact},
 * {@code assetUrl} and {@code sha256}: what a downstream validation job needs.
 */
public final class KataPublishReleaseStep extends KataStep {
    private static final long serialVersionUID = 1L;
    static final String FUNCTION = "kataPublishRelease";
    private static final String GITHUB_TOKEN = AgentProtocol.GITHUB_TOKEN_VARIABLE;

    private final String releaseTag;
    private final String assets;
    private String asset = "";
    private String githubRepo = "";
    private String toDir = "";
    private String githubApiUrl = "";
    private String credentialsId = "";
    private String notes = "";
    private String repo = "";
    private String ref = "";
    private boolean draft;
    private boolean replace;
    private boolean verify = true;
    private boolean dryRun;
    private String handOffJob = "";

    @DataBoundConstructor
    public KataPublishReleaseStep(String releaseTag, String assets) {
        this.releaseTag = releaseTag;
        this.assets = assets;
    }

    public String getReleaseTag() {
        return releaseTag;
    }

    public String getAssets() {
        return assets;
    }

    public String getAsset() {
        return asset;
    }

    @DataBoundSetter
    public void setAsset(String asset) {
        this.asset = optional(asset).isEmpty() ? "" : asset.trim();
    }

    public String getGithubRepo() {
        return githubRepo;
    }

    @DataBoundSetter
    public void setGithubRepo(String githubRepo) {
        this.githubRepo = optional(githubRepo).isEmpty() ? "" : githubRepo.trim();
    }

    public String getToDir() {
        return toDir;
    }

    @DataBoundSetter
    public void setToDir(String toDir) {
        this.toDir = optional(toDir).isEmpty() ? "" : toDir.trim();
    }

    public String getGithubApiUrl() {
        return githubApiUrl;
    }

    @DataBoundSetter
    public void setGithubApiUrl(String githubApiUrl) {
        this.githubApiUrl = optional(githubApiUrl).isEmpty() ? "" : githubApiUrl.trim();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = optional(credentialsId).isEmpty() ? "" : credentialsId.trim();
    }

    public String getNotes() {
        return notes;
    }

    @DataBoundSetter
    public void setNotes(String notes) {
        this.notes = optional(notes).isEmpty() ? "" : notes.trim();
    }

    public String getRepo() {
        return repo;
    }

    @DataBoundSetter
    public void setRepo(String repo) {
        this.repo = optional(repo).isEmpty() ? "" : repo.trim();
    }

    public String getRef() {
        return ref;
    }

    @DataBoundSetter
    public void setRef(String ref) {
        this.ref = optional(ref).isEmpty() ? "" : ref.trim();
    }

    public boolean isDraft() {
        return draft;
    }

    @DataBoundSetter
    public void setDraft(boolean draft) {
        this.draft = draft;
    }

    public boolean isReplace() {
        return replace;
    }

    @DataBoundSetter
    public void setReplace(boolean replace) {
        this.replace = replace;
    }

    public boolean isVerify() {
        return verify;
    }

    @DataBoundSetter
    public void setVerify(boolean verify) {
        this.verify = verify;
    }

    public String getHandOffJob() {
        return handOffJob;
    }

    /** The job the release is handed to after publishing, shown on the build's release page. */
    @DataBoundSetter
    public void setHandOffJob(String handOffJob) {
        this.handOffJob = optional(handOffJob);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** A repository URL given as githubRepo: host, owner, name. */
    private static final java.util.regex.Pattern REPOSITORY_URL = java.util.regex.Pattern.compile(
            "^https://([A-Za-z0-9.-]+)(?::[0-9]+)?/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    @Override
    protected CliInvocation invocation() throws AbortException {
        String tag = required(FUNCTION, "releaseTag", releaseTag);
        String dir = required(FUNCTION, "assets", assets);
        if (githubRepo.isEmpty() == toDir.isEmpty()) {
            throw new AbortException(FUNCTION + ": give exactly one of 'githubRepo' (owner/name) and 'toDir' (a local"
                    + " release directory); got " + (githubRepo.isEmpty() ? "neither" : "both"));
        }
        // githubRepo may be the repository's URL: owner/name from it, and the API URL of its host
        // from the configured GitHub servers (GitHub Enterprise needs no URL of its own).
        String repository = githubRepo;
        String apiUrl = githubApiUrl;
        java.util.regex.Matcher url = REPOSITORY_URL.matcher(githubRepo);
        if (url.matches()) {
            repository = url.group(2) + "/" + url.group(3);
            if (apiUrl.isEmpty()) {
                apiUrl = io.katarelease.jenkins.credentials.GitHubServers.apiUrlFor(url.group(1), FUNCTION);
            }
        }
        // Verify and publish run as two processes: the first runs the built QEMU and never holds the
        // token; the second holds it and runs nothing kata-release did not write.
        List<String> verifyArgs = KataVerifyReleaseStep.verifyArgs(FUNCTION,
                asset.isEmpty() ? dir + "/" + tag + "-x86_64.tar.xz" : asset, repo, ref);
        List<String> publishArgs = new Args("publish")
                .add("--release-tag", tag)
                .add("--assets", dir)
                .add("--github-repo", repository)
                .add("--to-dir", toDir)
                .add("--github-api-url", apiUrl)
                .add("--notes", notes)
                .flag("--draft", draft)
                .flag("--replace", replace)
                .json();
        if (dryRun) {
            return new CliInvocation(FUNCTION, StepKind.VERIFY, List.of(verifyArgs), null, null);
        }
        if (!verify) {
            return new CliInvocation(FUNCTION, StepKind.PUBLISH, List.of(publishArgs), credentialsId, GITHUB_TOKEN)
                    .forRepository(RepositoryNames.of(repository)).note("handOffJob", handOffJob);
        }
        return new CliInvocation(FUNCTION, StepKind.VERIFY, List.of(verifyArgs), null, null)
                .then(StepKind.PUBLISH, List.of(publishArgs), credentialsId, GITHUB_TOKEN)
                .forRepository(RepositoryNames.of(repository)).note("handOffJob", handOffJob);
    }

    @Extension
    public static final class DescriptorImpl extends CredentialsStepDescriptor {
        public DescriptorImpl() {
            super(FUNCTION, "kata-release: verify and publish the GitHub release");
        }
    }
}
