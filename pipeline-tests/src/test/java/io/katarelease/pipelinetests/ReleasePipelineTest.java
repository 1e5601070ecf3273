package io.katarelease.pipelinetests;

import static io.katarelease.pipelinetests.Fixtures.ASSET;
import static io.katarelease.pipelinetests.Fixtures.ASSET_URL;
import static io.katarelease.pipelinetests.Fixtures.FORK;
import static io.katarelease.pipelinetests.Fixtures.GITHUB_CREDENTIALS;
import static io.katarelease.pipelinetests.Fixtures.GITHUB_REPO;
import static io.katarelease.pipelinetests.Fixtures.GIT_CREDENTIALS;
import static io.katarelease.pipelinetests.Fixtures.LABEL;
import static io.katarelease.pipelinetests.Fixtures.RELEASE_TAG;
import static io.katarelease.pipelinetests.Fixtures.RELEASE_URL;
import static io.katarelease.pipelinetests.Fixtures.SHA256;
import static io.katarelease.pipelinetests.Fixtures.UPSTREAM;
import static io.katarelease.pipelinetests.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.pipelinetests.harness.AgentSpec;
import io.katarelease.pipelinetests.harness.Describable;
import io.katarelease.pipelinetests.harness.PipelineHarness;
import io.katarelease.pipelinetests.harness.PipelineRun;
import io.katarelease.pipelinetests.harness.StageRun;
import io.katarelease.pipelinetests.harness.StageRun.Status;
import io.katarelease.pipelinetests.harness.StepCall;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The root Jenkinsfile with UPSTREAM_TAG set: a release build. */
class ReleasePipelineTest {
    private static final AgentSpec X86_NODE = new AgentSpec("node", LABEL, 2, null);
    private static final List<String> ALL_STAGES = List.of("New upstream tags", "Sync fork", "Build", "Build/QEMU",
            "Build/Kernel", "Release", "Release/Package", "Release/Verify", "Release/Publish", "Hand off");

    @Test
    void releasesAnUpstreamTagStageByStage() {
        PipelineRun run = Fixtures.release().runJenkinsfile().assertSuccess();

        assertThat(run.stages()).extracting(StageRun::path).containsExactlyElementsOf(ALL_STAGES);
        assertThat(run.ranStages()).containsExactly("Sync fork", "Build", "Build/QEMU", "Build/Kernel", "Release",
                "Release/Package", "Release/Verify", "Release/Publish");
        assertThat(run.stage("New upstream tags").status()).isEqualTo(Status.SKIPPED_CONDITIONAL);
        assertThat(run.stage("Hand off").status()).isEqualTo(Status.SKIPPED_CONDITIONAL);
        assertThat(run.pipelineAgent()).isEqualTo(AgentSpec.NONE);

        // Sync on its own x86_64 agent, with the agent retried twice if it goes away.
        assertThat(run.stage("Sync fork").agent()).isEqualTo(X86_NODE);
        // Build: two parallel branches of the stage 'Build', each on its own x86_64 agent.
        StageRun build = run.stage("Build");
        assertThat(build.agent()).isNull();
        assertThat(build.agentAllocated()).isFalse();
        for (String branch : List.of("Build/QEMU", "Build/Kernel")) {
            StageRun b = run.stage(branch);
            assertThat(b.parallelBranch()).as(branch).isTrue();
            assertThat(b.parentPath()).isEqualTo("Build");
            assertThat(b.agent()).as(branch).isEqualTo(X86_NODE);
            assertThat(b.agentAllocated()).isTrue();
        }
        // Release: package, verify and publish one after the other in one workspace on one agent.
        assertThat(run.stage("Release").agent()).isEqualTo(X86_NODE);
        for (String s : List.of("Release/Package", "Release/Verify", "Release/Publish")) {
            assertThat(run.stage(s).parallelBranch()).as(s).isFalse();
            assertThat(run.stage(s).agentAllocated()).as(s + " takes no agent of its own").isFalse();
        }
        assertThat(run.stage("Hand off").agentAllocated()).isFalse();

        // Each plugin step in its stage, on an x86_64 agent.
        assertThat(stageOf(run, "kataSyncFork")).isEqualTo("Sync fork");
        assertThat(stageOf(run, "kataBuildQemu")).isEqualTo("Build/QEMU");
        assertThat(stageOf(run, "kataBuildKernel")).isEqualTo("Build/Kernel");
        assertThat(stageOf(run, "kataPackageRelease")).isEqualTo("Release/Package");
        assertThat(stageOf(run, "kataVerifyRelease")).isEqualTo("Release/Verify");
        assertThat(stageOf(run, "kataPublishRelease")).isEqualTo("Release/Publish");
        assertThat(run.steps().stream().filter(s -> PipelineHarness.PLUGIN_STEPS.contains(s.name())))
                .extracting(StepCall::agent).containsOnly(LABEL);
        assertThat(run.steps("kataUpstreamTags")).isEmpty();
        assertThat(run.steps("build")).isEmpty();
    }

    @Test
    void syncsTheForkWithTheJenkinsfilesSettings() {
        PipelineRun run = Fixtures.release().runJenkinsfile().assertSuccess();

        assertThat(run.step("kataSyncFork").args()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "upstream", UPSTREAM,
                "fork", FORK,
                "tag", "4.1.0",
                "suffix", "digitalocean",
                "patchBranch", "do/main",
                "mirrorBranch", "main",
                "releaseBranchPrefix", "do/",
                "credentialsId", GIT_CREDENTIALS,
                "dryRun", false));
        assertThat(run.env()).containsEntry("RELEASE_TAG", RELEASE_TAG);
        assertThat(run.currentBuild().getDisplayName()).isEqualTo("#42 " + RELEASE_TAG);
    }

    @Test
    void checksOutTheReleaseTagShallowWhereverItBuilds() {
        PipelineRun run = Fixtures.release().runJenkinsfile().assertSuccess();

        assertThat(run.steps("kataCheckoutRelease")).extracting(StepCall::stage)
                .containsExactly("Build/QEMU", "Build/Kernel", "Release/Package");
        for (StepCall c : run.steps("kataCheckoutRelease")) {
            assertThat(c.args()).isEqualTo(Map.of("fork", FORK, "releaseTag", RELEASE_TAG,
                    "credentialsId", GIT_CREDENTIALS));
        }
        List<StepCall> checkouts = run.steps("checkout");
        assertThat(checkouts).extracting(StepCall::stage).containsExactly("Build/QEMU", "Build/Kernel",
                "Release/Package");
        for (StepCall c : checkouts) {
            assertThat(c.agent()).isEqualTo(LABEL);
            assertThat(c.positional()).hasSize(1);
            Describable scm = (Describable) c.positional().get(0);
            assertThat(scm.symbol()).isEqualTo("scmGit");
            assertThat(scm.arg("branches")).isEqualTo(List.of(Map.of("name", "refs/tags/" + RELEASE_TAG)));
            assertThat(scm.arg("userRemoteConfigs")).isEqualTo(List.of(Map.of("url", FORK,
                    "credentialsId", GIT_CREDENTIALS,
                    "refspec", "+refs/tags/" + RELEASE_TAG + ":refs/tags/" + RELEASE_TAG)));
            assertThat(scm.arg("extensions")).isEqualTo(List.of(
                    new Describable("cloneOption", Map.of("shallow", true, "depth", 1, "noTags", true), List.of()),
                    new Describable("cleanBeforeCheckout", Map.of(), List.of())));
        }
        // The build steps build the checkout: each branch checks out before it builds.
        assertThat(run.stepNamesIn("Build/QEMU")).containsSubsequence("checkout", "kataBuildQemu", "stash");
        assertThat(run.stepNamesIn("Build/Kernel")).containsSubsequence("checkout", "kataBuildKernel", "stash");
    }

    @Test
    void stashesEachComponentWithItsBuildRecordAndUnstashesBothBeforePackaging() {
        PipelineRun run = Fixtures.release().runJenkinsfile().assertSuccess();

        List<StepCall> stashes = run.steps("stash");
        assertThat(stashes).extracting(s -> s.arg("name")).containsExactly("kata-static-qemu", "kata-static-kernel");
        assertThat(stashes).extracting(StepCall::stage).containsExactly("Build/QEMU", "Build/Kernel");
        for (String component : List.of("qemu", "kernel")) {
            String other = component.equals("qemu") ? "kernel" : "qemu";
            StepCall stash = stashes.stream().filter(s -> s.arg("name").equals("kata-static-" + component))
                    .findFirst().orElseThrow();
            String includes = (String) stash.arg("includes");
            // The tarball kataBuild* writes (.tar.xz or .tar.zst) and the build record beside it, which
            // kataPackageRelease reads for the report's "Component builds" table (core ReleaseReport).
            assertThat(includes(includes, "build/kata-static-" + component + ".tar.xz")).as(includes).isTrue();
            assertThat(includes(includes, "build/kata-static-" + component + ".tar.zst")).as(includes).isTrue();
            assertThat(includes(includes, "build/kata-static-" + component + ".build.json")).as(includes).isTrue();
            assertThat(includes(includes, "build/kata-static-" + other + ".tar.xz")).as(includes).isFalse();
        }

        assertThat(run.steps("unstash")).extracting(u -> u.argOrFirst("name"))
                .containsExactly("kata-static-qemu", "kata-static-kernel");
        assertThat(run.steps("unstash")).extracting(StepCall::stage).containsOnly("Release/Package");
        assertThat(run.stepNamesIn("Release/Package"))
                .containsSubsequence("checkout", "unstash", "unstash", "kataPackageRelease");
    }

    @Test
    void packagesVerifiesAndPublishesWhatTheEarlierStepsReturned() {
        PipelineRun run = Fixtures.release().runJenkinsfile().assertSuccess();

        assertThat(run.step("kataPackageRelease").args())
                .isEqualTo(Map.of("releaseTag", RELEASE_TAG, "artifacts", "build", "out", "release"));
        assertThat(run.step("kataVerifyRelease").args())
                .isEqualTo(Map.of("asset", ASSET, "repo", ".", "ref", RELEASE_TAG));
        assertThat(run.step("kataPublishRelease").args()).isEqualTo(Map.of(
                "releaseTag", RELEASE_TAG,
                "assets", "release",
                "githubRepo", GITHUB_REPO,
                "githubApiUrl", "https://api.github.com",
                "credentialsId", GITHUB_CREDENTIALS));
        assertThat(run.step("kataPublishRelease").index()).isGreaterThan(run.step("kataVerifyRelease").index());

        StepCall archive = run.step("archiveArtifacts");
        assertThat(archive.stage()).as("the Release stage's post").isEqualTo("Release");
        assertThat(archive.agent()).isEqualTo(LABEL);
        assertThat(archive.index()).isGreaterThan(run.step("kataPublishRelease").index());
        assertThat(Arrays.stream(((String) archive.arg("artifacts")).split(",")).map(String::trim))
                .containsExactly("release/*-report.md", "release/SHA256SUMS", "build/*.json");
        assertThat(archive.arg("allowEmptyArchive")).isEqualTo(true);

        assertThat(run.env()).containsEntry("RELEASE_ASSET", ASSET).containsEntry("RELEASE_URL", RELEASE_URL)
                .containsEntry("ASSET_URL", ASSET_URL).containsEntry("ASSET_SHA256", SHA256);
        assertThat(run.currentBuild().getDescription()).contains(RELEASE_URL).startsWith(RELEASE_TAG);
    }

    @Test
    void dryRunSyncsWithDryRunAndStops() {
        PipelineRun run = Fixtures.release().param("DRY_RUN", true).runJenkinsfile().assertSuccess();

        assertThat(run.step("kataSyncFork").arg("dryRun")).isEqualTo(true);
        assertThat(run.ranStages()).containsExactly("Sync fork");
        for (String s : List.of("Build", "Build/QEMU", "Build/Kernel", "Release", "Release/Package", "Release/Verify",
                "Release/Publish", "Hand off")) {
            assertThat(run.stage(s).status()).as(s).isEqualTo(Status.SKIPPED_CONDITIONAL);
        }
        // A skipped stage must not wait for (and hold) a Docker-capable x86_64 agent.
        assertThat(run.stage("Release").agentAllocated()).isFalse();
        assertThat(run.steps()).extracting(StepCall::name).doesNotContain("checkout", "kataBuildQemu",
                "kataBuildKernel", "kataPackageRelease", "kataVerifyRelease", "kataPublishRelease", "build",
                "archiveArtifacts");
        assertThat(run.currentBuild().getDisplayName()).isEqualTo("#42 " + RELEASE_TAG + " (dry run)");
        assertThat(run.currentBuild().getDescription()).isNull();
    }

    @Test
    void buildsOnlyTheComponentsAsked() {
        PipelineRun run = Fixtures.release().param("COMPONENTS", "kernel").runJenkinsfile().assertSuccess();

        assertThat(run.stage("Build/QEMU").status()).isEqualTo(Status.SKIPPED_CONDITIONAL);
        assertThat(run.stage("Build/QEMU").agentAllocated()).as("no agent taken for a skipped branch").isFalse();
        assertThat(run.stage("Build/Kernel").status()).isEqualTo(Status.SUCCESS);
        assertThat(run.steps("kataBuildQemu")).isEmpty();
        assertThat(run.steps("kataBuildKernel")).hasSize(1);
        assertThat(run.steps("stash")).extracting(s -> s.arg("name")).containsExactly("kata-static-kernel");
        assertThat(run.steps("unstash")).extracting(u -> u.argOrFirst("name")).containsExactly("kata-static-kernel");
        assertThat(run.steps("kataCheckoutRelease")).extracting(StepCall::stage)
                .containsExactly("Build/Kernel", "Release/Package");
    }

    @Test
    void anUnknownComponentFailsBeforeTheForkIsTouched() {
        PipelineRun run = Fixtures.release().param("COMPONENTS", "qemu,bogus").runJenkinsfile();

        assertThat(run.result()).as(run.describe()).isEqualTo("FAILURE");
        assertThat(run.error()).hasMessageContaining("bogus");
        assertThat(run.stage("Sync fork").status()).isEqualTo(Status.FAILURE);
        assertThat(run.steps("kataSyncFork")).as("nothing pushed for a build that cannot finish").isEmpty();
        assertThat(run.stage("Release").status()).isEqualTo(Status.SKIPPED_EARLIER_FAILURE);
        assertThat(run.steps()).extracting(StepCall::name).doesNotContain("kataBuildQemu", "kataPublishRelease");
    }

    @Test
    void handsThePublishedReleaseToTheDownstreamJob() {
        PipelineRun run = Fixtures.release().param("DOWNSTREAM_JOB", "node-upgrader").runJenkinsfile()
                .assertSuccess();

        assertThat(run.stage("Hand off").status()).isEqualTo(Status.SUCCESS);
        StepCall handOff = run.step("build");
        assertThat(handOff.stage()).isEqualTo("Hand off");
        assertThat(handOff.agent()).as("build needs no agent").isNull();
        assertThat(handOff.index()).isGreaterThan(run.step("kataPublishRelease").index());
        assertThat(handOff.args()).isEqualTo(Map.of(
                "job", "node-upgrader",
                "wait", false,
                "propagate", false,
                "parameters", List.of(string("RELEASE_TAG", RELEASE_TAG), string("ASSET_URL", ASSET_URL),
                        string("ASSET_SHA256", SHA256))));
    }

    @Test
    void aFailingVerificationStopsTheReleaseBeforePublishing() {
        PipelineRun run = Fixtures.release().param("DOWNSTREAM_JOB", "node-upgrader")
                .fail("kataVerifyRelease", "kataVerifyRelease: 2 of 11 checks failed (qemu-system-x86_64 missing)")
                .runJenkinsfile();

        assertThat(run.result()).isEqualTo("FAILURE");
        assertThat(run.error()).hasMessageContaining("2 of 11 checks failed");
        assertThat(run.steps("kataPublishRelease")).isEmpty();
        assertThat(run.steps("build")).as("no hand-off of an unverified release").isEmpty();
        assertThat(run.stage("Release/Verify").status()).isEqualTo(Status.FAILURE);
        assertThat(run.stage("Release/Publish").status()).isEqualTo(Status.SKIPPED_EARLIER_FAILURE);
        assertThat(run.stage("Release").status()).isEqualTo(Status.FAILURE);
        assertThat(run.stage("Hand off").status()).isEqualTo(Status.SKIPPED_EARLIER_FAILURE);
        // The Release stage's post always still archives the report and checksums for inspection.
        assertThat(run.step("archiveArtifacts").stage()).isEqualTo("Release");
        // post { failure } tells how to go on.
        assertThat(run.currentBuild().getDescription())
                .isEqualTo(RELEASE_TAG + ": failed; re-run the build to resume (finished steps converge)");
        assertThat(run.currentBuild().getResult()).isEqualTo("FAILURE");
    }

    private static String stageOf(PipelineRun run, String step) {
        return run.step(step).stage();
    }

    /** Whether a stash/archive includes list (comma-separated Ant patterns) matches {@code file}. */
    static boolean includes(String patterns, String file) {
        for (String p : patterns.split(",")) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.trim());
            if (m.matches(Path.of(file))) {
                return true;
            }
        }
        return false;
    }
}
