package io.katarelease.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import io.katarelease.cli.agent.AgentProtocol;
import io.katarelease.jenkins.agent.CliInvocation;
import io.katarelease.jenkins.agent.StepKind;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code kataSyncFork}: mirrors upstream main into the fork, rebases the patch branch, builds the
 * release branch from the upstream tag with the fork's commits and tags it
 * {@code <tag>-<suffix>-<n>}, all in one atomic push (or, with {@code dryRun}, prints the plan).
 * Returns the CLI's sync result plus {@code releaseTag}, {@code releaseBranch},
 * {@code releaseCommit}, {@code carried} and {@code dropped}. A conflict fails the step with the
 * conflict report (commit, paths, the upstream commits that touched them).
 */
public final class KataSyncForkStep extends KataStep {
    private static final long serialVersionUID = 1L;
    static final String FUNCTION = "kataSyncFork";

    private final String upstream;
    private final String fork;
    private final String tag;
    private String suffix = "digitalocean";
    private String patchBranch = "do/main";
    private String mirrorBranch = "main";
    private String upstreamBranch = "main";
    private String releaseBranchPrefix = "do/";
    private String tagPattern = "";
    private String committer = "";
    private String workDir = "";
    private String credentialsId = "";
    private boolean dryRun;
    private int lockTimeout;

    @DataBoundConstructor
    public KataSyncForkStep(String upstream, String fork, String tag) {
        this.upstream = upstream;
        this.fork = fork;
        this.tag = tag;
    }

    public String getUpstream() {
        return upstream;
    }

    public String getFork() {
        return fork;
    }

    public String getTag() {
        return tag;
    }

    public String getSuffix() {
        return suffix;
    }

    @DataBoundSetter
    public void setSuffix(String suffix) {
        this.suffix = optional(suffix).isEmpty() ? "digitalocean" : suffix.trim();
    }

    public String getPatchBranch() {
        return patchBranch;
    }

    @DataBoundSetter
    public void setPatchBranch(String patchBranch) {
        this.patchBranch = optional(patchBranch).isEmpty() ? "do/main" : patchBranch.trim();
    }

    public String getMirrorBranch() {
        return mirrorBranch;
    }

    @DataBoundSetter
    public void setMirrorBranch(String mirrorBranch) {
        this.mirrorBranch = optional(mirrorBranch).isEmpty() ? "main" : mirrorBranch.trim();
    }

    public String getUpstreamBranch() {
        return upstreamBranch;
    }

    @DataBoundSetter
    public void setUpstreamBranch(String upstreamBranch) {
        this.upstreamBranch = optional(upstreamBranch).isEmpty() ? "main" : upstreamBranch.trim();
    }

    public String getReleaseBranchPrefix() {
        return releaseBranchPrefix;
    }

    @DataBoundSetter
    public void setReleaseBranchPrefix(String releaseBranchPrefix) {
        this.releaseBranchPrefix = optional(releaseBranchPrefix).isEmpty() ? "do/" : releaseBranchPrefix.trim();
    }

    public String getTagPattern() {
        return tagPattern;
    }

    @DataBoundSetter
    public void setTagPattern(String tagPattern) {
        this.tagPattern = optional(tagPattern).isEmpty() ? "" : tagPattern.trim();
    }

    public String getCommitter() {
        return committer;
    }

    @DataBoundSetter
    public void setCommitter(String committer) {
        this.committer = optional(committer).isEmpty() ? "" : committer.trim();
    }

    public String getWorkDir() {
        return workDir;
    }

    @DataBoundSetter
    public void setWorkDir(String workDir) {
        this.workDir = optional(workDir).isEmpty() ? "" : workDir.trim();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = optional(credentialsId).isEmpty() ? "" : credentialsId.trim();
    }

    public int getLockTimeout() {
        return lockTimeout;
    }

    /** Seconds to wait for another run that holds the git cache on the agent; 0 fails at once. */
    @DataBoundSetter
    public void setLockTimeout(int lockTimeout) {
        this.lockTimeout = Math.max(0, lockTimeout);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    @Override
    protected CliInvocation invocation() throws AbortException {
        List<String> argv = new Args("sync")
                .add("--upstream", required(FUNCTION, "upstream", upstream))
                .add("--fork", required(FUNCTION, "fork", fork))
                .add("--tag", required(FUNCTION, "tag", tag))
                .add("--suffix", suffix)
                .add("--patch-branch", patchBranch)
                .add("--mirror-branch", mirrorBranch)
                .add("--upstream-branch", upstreamBranch)
                .add("--release-branch-prefix", releaseBranchPrefix)
                .add("--tag-pattern", tagPattern)
                .add("--committer", committer)
                .add("--work-dir", workDir)
                .add("--lock-timeout", lockTimeout == 0 ? null : Integer.toString(lockTimeout))
                .flag("--dry-run", dryRun)
                .json();
        return new CliInvocation(FUNCTION, StepKind.SYNC, List.of(argv), credentialsId, AgentProtocol.GIT_TOKEN_VARIABLE)
                .forRepository(RepositoryNames.ofUrl(fork));
    }

    @Extension
    public static final class DescriptorImpl extends CredentialsStepDescriptor {
        public DescriptorImpl() {
            super(FUNCTION, "kata-release: sync the fork with an upstream tag and tag the release");
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object t = namedArgs.get("tag");
            return t instanceof String s ? s : null;
        }
    }
}
