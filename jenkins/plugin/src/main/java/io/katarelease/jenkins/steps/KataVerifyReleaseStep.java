package io.katarelease.jenkins.steps;

import hudson.AbortException;
import hudson.Extension;
import io.katarelease.jenkins.agent.CliInvocation;
import io.katarelease.jenkins.agent.StepKind;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code kataVerifyRelease}: checks a release tarball before anyone installs it (layout, VERSION
 * and versions.yaml, QEMU binaries, kernel images, SHA256SUMS). Fails the build when a check
 * fails; returns {@code passed} and {@code checks} (name, status, detail).
 */
public final class KataVerifyReleaseStep extends KataStep {
    private static final long serialVersionUID = 1L;
    static final String FUNCTION = "kataVerifyRelease";

    private final String asset;
    private String repo = "";
    private String ref = "";

    @DataBoundConstructor
    public KataVerifyReleaseStep(String asset) {
        this.asset = asset;
    }

    public String getAsset() {
        return asset;
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

    @Override
    protected CliInvocation invocation() throws AbortException {
        return new CliInvocation(FUNCTION, StepKind.VERIFY,
                List.of(verifyArgs(FUNCTION, asset, repo, ref)), null, null);
    }

    static List<String> verifyArgs(String function, String asset, String repo, String ref) throws AbortException {
        return new Args("verify")
                .add("--asset", required(function, "asset", asset))
                .add("--repo", repo)
                .add("--ref", ref)
                .json();
    }

    @Extension
    public static final class DescriptorImpl extends KataStepDescriptor {
        public DescriptorImpl() {
            super(FUNCTION, "kata-release: verify a release tarball");
        }
    }
}
