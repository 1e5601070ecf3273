package io.katarelease.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.katarelease.core.sandbox.Sandbox;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of a whole release, each run as Pipeline runs it: through the execution that
 * launches the bundled CLI jar on the "agent" and polls its files, against the sandbox's real
 * repositories (kata-shaped upstream with real versions.yaml, a fork with patches).
 */
class ReleaseStepsTest {
    private static final String RELEASE_TAG = "4.1.0-digitalocean-0";

    @TempDir
    Path tmp;
    Sandbox sandbox;
    File workspace;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandbox.create(tmp.resolve("sandbox"));
        workspace = Files.createDirectories(tmp.resolve("jobs/release/workspace")).toFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStepsCutARelease() throws Exception {
        // Tag watch: the fork is one release behind.
        Map<String, Object> tags = run(new KataUpstreamTagsStep(sandbox.upstreamUrl(), sandbox.forkUrl()));
        assertThat((List<Object>) tags.get("pending")).contains("4.1.0").doesNotContain("3.32.0");

        // Dry run: the plan, nothing pushed.
        KataSyncForkStep dry = sync();
        dry.setDryRun(true);
        Map<String, Object> plan = run(dry);
        assertThat(plan.get("releaseTag")).isEqualTo(RELEASE_TAG);
        assertThat(forkTags()).doesNotContain("refs/tags/" + RELEASE_TAG);

        // Sync for real.
        StepRunner syncRunner = new StepRunner(workspace);
        @SuppressWarnings("unchecked")
        Map<String, Object> synced = (Map<String, Object>) syncRunner.run(sync(), 120);
        assertThat(synced).containsEntry("releaseTag", RELEASE_TAG).containsEntry("releaseBranch", "do/4.1.0");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> carried = (List<Map<String, Object>>) synced.get("carried");
        assertThat(carried).extracting(c -> c.get("subject")).isNotEmpty().allMatch(s -> !((String) s).isBlank());
        assertThat(synced.get("dropped")).isInstanceOf(List.class);
        assertThat(forkTags()).contains("refs/tags/" + RELEASE_TAG);
        assertThat(syncRunner.context.log()).contains("kataSyncFork: PUSHED " + RELEASE_TAG)
                .contains("+ kata-release sync --upstream " + sandbox.upstreamUrl());

        // The build agents check the release tag out, then build.
        try (Git git = Git.cloneRepository().setURI(sandbox.forkUrl()).setBranch("refs/tags/" + RELEASE_TAG)
                .setDirectory(new File(workspace, "kata")).call()) {
            assertThat(git.getRepository().resolve("HEAD")).isNotNull();
        }
        Map<String, Object> qemu = run(build(new KataBuildQemuStep()));
        assertThat(qemu).containsEntry("component", "qemu").containsEntry("artifact", "kata/build/kata-static-qemu.tar.xz");
        assertThat(qemu.get("sha256")).isEqualTo(sha256(new File(workspace, "kata/build/kata-static-qemu.tar.xz")));
        Map<String, Object> kernel = run(build(new KataBuildKernelStep()));
        assertThat(kernel).containsEntry("component", "kernel").containsEntry("fromCache", false);
        // Same inputs again: a cache hit, no rebuild.
        assertThat(run(build(new KataBuildKernelStep()))).containsEntry("fromCache", true)
                .containsEntry("sha256", kernel.get("sha256"));

        KataPackageReleaseStep pack = new KataPackageReleaseStep(RELEASE_TAG);
        pack.setArtifacts("kata/build");
        pack.setRepo("kata");
        pack.setOut("release");
        Map<String, Object> packaged = run(pack);
        String asset = "release/" + RELEASE_TAG + "-x86_64.tar.xz";
        assertThat(packaged).containsEntry("artifact", asset);
        assertThat(packaged.get("sha256")).isEqualTo(sha256(new File(workspace, asset)));

        KataVerifyReleaseStep verify = new KataVerifyReleaseStep(asset);
        verify.setRepo("kata");
        verify.setRef(RELEASE_TAG);
        Map<String, Object> verified = run(verify);
        assertThat(verified).containsEntry("passed", true);
        assertThat((List<Map<String, Object>>) verified.get("checks")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("status")).isIn("PASSED", "SKIPPED"))
                .anySatisfy(c -> assertThat((String) c.get("name")).containsIgnoringCase("qemu"));

        // A tampered checksum list: verify fails, naming it, and publish publishes nothing.
        Path sums = workspace.toPath().resolve("release/SHA256SUMS");
        String goodSums = Files.readString(sums);
        Files.writeString(sums, goodSums.replaceFirst("^[0-9a-f]{8}", "00000000"));
        assertThatThrownBy(() -> run(verify)).isInstanceOf(AbortException.class)
                .hasMessageContaining("VERIFY_FAILED, exit 14").hasMessageContaining("SHA256SUMS");
        KataPublishReleaseStep publish = new KataPublishReleaseStep(RELEASE_TAG, "release");
        publish.setToDir(tmp.resolve("releases").toString());
        publish.setRepo("kata");
        assertThatThrownBy(() -> run(publish)).isInstanceOf(AbortException.class)
                .hasMessageContaining("kataPublishRelease").hasMessageContaining("VERIFY_FAILED");
        assertThat(tmp.resolve("releases").resolve(RELEASE_TAG)).doesNotExist();
        Files.writeString(sums, goodSums);

        Map<String, Object> published = run(publish);
        assertThat(((Map<String, Object>) published.get("verify"))).containsEntry("passed", true);
        assertThat((String) published.get("releaseUrl")).startsWith("file:").contains(RELEASE_TAG);
        assertThat(published).containsEntry("artifact", RELEASE_TAG + "-x86_64.tar.xz")
                .containsEntry("sha256", packaged.get("sha256"));
        assertThat((String) published.get("assetUrl")).endsWith("/" + RELEASE_TAG + "-x86_64.tar.xz");
        assertThat(tmp.resolve("releases").resolve(RELEASE_TAG).resolve(RELEASE_TAG + "-x86_64.tar.xz")).exists();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> assets = (List<Map<String, Object>>) published.get("assets");
        assertThat(assets).allSatisfy(a -> assertThat(a).containsKeys("name", "url", "sha256", "size"));
    }

    @Test
    void aFailureFailsTheStepWithTheCliMessage() throws Exception {
        KataSyncForkStep step = new KataSyncForkStep(sandbox.upstreamUrl(), sandbox.forkUrl(), "9.9.9");
        StepRunner runner = new StepRunner(workspace);
        assertThatThrownBy(() -> runner.run(step, 120))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("kataSyncFork")
                .hasMessageContaining("9.9.9")
                .hasMessageContaining("NOT_FOUND, exit 4");
        assertThat(forkTags()).noneMatch(t -> t.startsWith("refs/tags/9.9.9"));
    }

    @Test
    void aConflictFailsTheStepWithTheConflictReportAndPushesNothing() throws Exception {
        // A fork commit that changes the line upstream changed between 4.0.0 and 4.1.0.
        File clone = tmp.resolve("clone").toFile();
        try (Git git = Git.cloneRepository().setURI(sandbox.forkUrl()).setBranch("do/main").setDirectory(clone).call()) {
            Path yaml = clone.toPath().resolve("versions.yaml");
            Files.writeString(yaml, Files.readString(yaml).replace("da8d93f2797088a5f0636c8c1eeb31da73784fe8",
                    "0000000000000000000000000000000000000000"));
            git.commit().setAll(true).setMessage("guest-components: pin our own build").call();
            git.push().setRemote("origin").add("do/main").call();
        }
        List<String> before = forkRefs();
        StepRunner runner = new StepRunner(workspace);
        assertThatThrownBy(() -> runner.run(sync(), 120))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("CONFLICT, exit 5")
                .hasMessageContaining("guest-components: pin our own build")
                .hasMessageContaining("versions.yaml")
                .hasMessageContaining("release: Bump version to 4.1.0")
                .hasMessageContaining("Nothing was pushed");
        assertThat(forkRefs()).isEqualTo(before);
    }

    @Test
    void hostileValuesReachTheCliAsOneArgumentAndAreRefused() throws Exception {
        KataSyncForkStep step = new KataSyncForkStep(sandbox.upstreamUrl(), sandbox.forkUrl(), "--upload-pack=touch /tmp/x; 4.1.0");
        assertThatThrownBy(() -> new StepRunner(workspace).run(step, 120))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("INVALID_INPUT, exit 3");
    }

    @Test
    void emptyMandatoryParametersAreNamed() {
        assertThatThrownBy(() -> new StepRunner(workspace).start(new KataSyncForkStep(sandbox.upstreamUrl(), " ", "4.1.0")))
                .isInstanceOf(AbortException.class).hasMessage("kataSyncFork: the parameter 'fork' is required and was empty");
        KataPublishReleaseStep both = new KataPublishReleaseStep(RELEASE_TAG, "release");
        both.setGithubRepo("example/kata-containers");
        both.setToDir("/tmp/releases");
        assertThatThrownBy(() -> new StepRunner(workspace).start(both))
                .isInstanceOf(AbortException.class).hasMessageContaining("exactly one of 'githubRepo'").hasMessageContaining("both");
    }

    private KataSyncForkStep sync() {
        return new KataSyncForkStep(sandbox.upstreamUrl(), sandbox.forkUrl(), "4.1.0");
    }

    private BuildComponentStep build(BuildComponentStep step) {
        step.setCheckout("kata");
        step.setCommand(Sandbox.BUILD_COMMAND.replace("{component}", step.component()));
        step.setCache(tmp.resolve("build-cache").toString());
        return step;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(KataStep step) throws Exception {
        return (Map<String, Object>) new StepRunner(workspace).run(step, 180);
    }

    private List<String> forkRefs() throws Exception {
        return Git.lsRemoteRepository().setRemote(sandbox.forkUrl()).call().stream()
                .map(r -> r.getName() + " " + r.getObjectId().name()).sorted().toList();
    }

    private List<String> forkTags() throws Exception {
        return Git.lsRemoteRepository().setRemote(sandbox.forkUrl()).setTags(true).call().stream()
                .map(Ref::getName).toList();
    }

    static String sha256(File f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f.toPath())));
    }
}
