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
 * {@code kataPackageRelease}: merges the component tarballs (kata-static-*.tar.xz/.tar.zst) into
 * the release's one deterministic tarball with opt/kata/VERSION and versions.yaml, SHA256SUMS and
 * a Markdown release report. Returns {@code artifact} (relative to the workspace),
 * {@code sha256}, {@code size}, {@code report}, {@code sha256sums}.
 */
public final class KataPackageReleaseStep extends KataStep {
    private static final long serialVersionUID = 1L;
    static final String FUNCTION = "kataPackageRelease";

    private final String releaseTag;
    private String artifacts = "build";
    private String repo = ".";
    private String ref = "";
    private String baseRef = "";
    private String out = ".";
    private String name = "";
    private String arch = "x86_64";

    @DataBoundConstructor
    public KataPackageReleaseStep(String releaseTag) {
        this.releaseTag = releaseTag;
    }

    public String getReleaseTag() {
        return releaseTag;
    }

    public String getArtifacts() {
        return artifacts;
    }

    @DataBoundSetter
    public void setArtifacts(String artifacts) {
        this.artifacts = optional(artifacts).isEmpty() ? "build" : artifacts.trim();
    }

    public String getRepo() {
        return repo;
    }

    @DataBoundSetter
    public void setRepo(String repo) {
        this.repo = optional(repo).isEmpty() ? "." : repo.trim();
    }

    public String getRef() {
        return ref;
    }

    @DataBoundSetter
    public void setRef(String ref) {
        this.ref = optional(ref).isEmpty() ? "" : ref.trim();
    }

    public String getBaseRef() {
        return baseRef;
    }

    @DataBoundSetter
    public void setBaseRef(String baseRef) {
        this.baseRef = optional(baseRef).isEmpty() ? "" : baseRef.trim();
    }

    public String getOut() {
        return out;
    }

    @DataBoundSetter
    public void setOut(String out) {
        this.out = optional(out).isEmpty() ? "." : out.trim();
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = optional(name).isEmpty() ? "" : name.trim();
    }

    public String getArch() {
        return arch;
    }

    @DataBoundSetter
    public void setArch(String arch) {
        this.arch = optional(arch).isEmpty() ? "x86_64" : arch.trim();
    }

    @Override
    protected CliInvocation invocation() throws AbortException {
        List<String> argv = new Args("package")
                .add("--release-tag", required(FUNCTION, "releaseTag", releaseTag))
                .add("--artifacts", artifacts)
                .add("--repo", repo)
                .add("--ref", ref)
                .add("--base-ref", baseRef)
                .add("--out", out)
                .add("--name", name)
                .add("--arch", arch)
                .json();
        return new CliInvocation(FUNCTION, StepKind.PACKAGE, List.of(argv), null, null);
    }

    @Extension
    public static final class DescriptorImpl extends KataStepDescriptor {
        public DescriptorImpl() {
            super(FUNCTION, "kata-release: package the release tarball");
        }
    }
}
