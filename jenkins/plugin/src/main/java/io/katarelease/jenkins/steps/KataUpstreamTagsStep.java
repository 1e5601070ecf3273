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
 * {@code kataUpstreamTags}: the upstream release tags the fork has not released yet, oldest
 * first (two ls-remote calls, no clone): what a tag-watch job runs. Returns
 * {@code [pending: ['4.0.0', ...], released: [...], pendingTags: [[tag, commit, releaseTags]], ...]}.
 */
public final class KataUpstreamTagsStep extends KataStep {
    private static final long serialVersionUID = 1L;
    static final String FUNCTION = "kataUpstreamTags";

    private final String upstream;
    private final String fork;
    private String suffix = "digitalocean";
    private String since = "";
    private String tagPattern = "";
    private String credentialsId = "";

    @DataBoundConstructor
    public KataUpstreamTagsStep(String upstream, String fork) {
        this.upstream = upstream;
        this.fork = fork;
    }

    public String getUpstream() {
        return upstream;
    }

    public String getFork() {
        return fork;
    }

    public String getSuffix() {
        return suffix;
    }

    @DataBoundSetter
    public void setSuffix(String suffix) {
        this.suffix = optional(suffix).isEmpty() ? "digitalocean" : suffix.trim();
    }

    public String getSince() {
        return since;
    }

    @DataBoundSetter
    public void setSince(String since) {
        this.since = optional(since);
    }

    public String getTagPattern() {
        return tagPattern;
    }

    @DataBoundSetter
    public void setTagPattern(String tagPattern) {
        this.tagPattern = optional(tagPattern);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = optional(credentialsId);
    }

    @Override
    protected CliInvocation invocation() throws AbortException {
        List<String> argv = new Args("tags")
                .add("--upstream", required(FUNCTION, "upstream", upstream))
                .add("--fork", required(FUNCTION, "fork", fork))
                .add("--suffix", suffix)
                .add("--since", since)
                .add("--tag-pattern", tagPattern)
                .json();
        return new CliInvocation(FUNCTION, StepKind.UPSTREAM_TAGS, List.of(argv), credentialsId,
                AgentProtocol.GIT_TOKEN_VARIABLE).forRepository(RepositoryNames.ofUrl(fork));
    }

    @Extension
    public static final class DescriptorImpl extends CredentialsStepDescriptor {
        public DescriptorImpl() {
            super(FUNCTION, "kata-release: upstream tags the fork has not released");
        }
    }
}
