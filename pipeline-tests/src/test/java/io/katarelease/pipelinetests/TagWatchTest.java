package io.katarelease.pipelinetests;

import static io.katarelease.pipelinetests.Fixtures.FORK;
import static io.katarelease.pipelinetests.Fixtures.GIT_CREDENTIALS;
import static io.katarelease.pipelinetests.Fixtures.LABEL;
import static io.katarelease.pipelinetests.Fixtures.UPSTREAM;
import static io.katarelease.pipelinetests.Fixtures.booleanParam;
import static io.katarelease.pipelinetests.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.pipelinetests.harness.PipelineRun;
import io.katarelease.pipelinetests.harness.StageRun;
import io.katarelease.pipelinetests.harness.StageRun.Status;
import io.katarelease.pipelinetests.harness.StepCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The root Jenkinsfile with UPSTREAM_TAG empty: the cron build that watches upstream tags. */
class TagWatchTest {
    @Test
    void startsOneReleaseBuildOfItselfPerPendingTag() {
        PipelineRun run = Fixtures.harness()
                .respond("kataUpstreamTags", Map.of("pending", List.of("4.0.0", "4.1.0"), "released", List.of("3.2.0")))
                .runJenkinsfile().assertSuccess();

        assertThat(run.ranStages()).containsExactly("New upstream tags");
        assertThat(run.stage("New upstream tags").agent().label()).isEqualTo(LABEL);
        for (StageRun s : run.stages()) {
            if (!s.path().equals("New upstream tags")) {
                assertThat(s.status()).as(s.path()).isEqualTo(Status.SKIPPED_CONDITIONAL);
                assertThat(s.agentAllocated()).as(s.path() + " takes no agent just to be skipped").isFalse();
            }
        }
        StepCall tags = run.step("kataUpstreamTags");
        assertThat(tags.agent()).isEqualTo(LABEL);
        assertThat(tags.args()).isEqualTo(Map.of("upstream", UPSTREAM, "fork", FORK, "suffix", "digitalocean",
                "since", "", "credentialsId", GIT_CREDENTIALS));

        List<StepCall> builds = run.steps("build");
        assertThat(builds).hasSize(2);
        assertThat(builds).extracting(StepCall::stage).containsOnly("New upstream tags");
        for (int i = 0; i < 2; i++) {
            String tag = List.of("4.0.0", "4.1.0").get(i);
            assertThat(builds.get(i).args()).as(tag).isEqualTo(Map.of(
                    "job", "kata/kata-release",
                    "wait", false,
                    "parameters", List.of(
                            string("UPSTREAM_TAG", tag),
                            string("FORK_URL", FORK),
                            string("SUFFIX", "digitalocean"),
                            booleanParam("DRY_RUN", false),
                            string("COMPONENTS", "qemu,kernel"),
                            string("DOWNSTREAM_JOB", ""))));
        }
        assertThat(run.steps()).extracting(StepCall::name).doesNotContain("kataSyncFork", "checkout");
        assertThat(run.currentBuild().getDescription()).isEqualTo("started releases of 4.0.0, 4.1.0");
    }

    @Test
    void passesItsOwnParametersOnAndStartsTheJobItRunsAs() {
        PipelineRun run = Fixtures.harness()
                .env("JOB_NAME", "kata/kata-release-staging")
                .param("UPSTREAM_TAG", "   ") // trimmed to empty: still the tag watch
                .param("FORK_URL", "https://github.com/acme/kata-containers")
                .param("SUFFIX", "acme")
                .param("DRY_RUN", true)
                .param("COMPONENTS", "kernel")
                .param("DOWNSTREAM_JOB", "node-upgrader")
                .respond("kataUpstreamTags", Map.of("pending", List.of("4.1.0"), "released", List.of()))
                .runJenkinsfile().assertSuccess();

        assertThat(run.step("kataUpstreamTags").args()).containsEntry("fork", "https://github.com/acme/kata-containers")
                .containsEntry("suffix", "acme");
        assertThat(run.step("build").args()).isEqualTo(Map.of(
                "job", "kata/kata-release-staging",
                "wait", false,
                "parameters", List.of(
                        string("UPSTREAM_TAG", "4.1.0"),
                        string("FORK_URL", "https://github.com/acme/kata-containers"),
                        string("SUFFIX", "acme"),
                        booleanParam("DRY_RUN", true),
                        string("COMPONENTS", "kernel"),
                        string("DOWNSTREAM_JOB", "node-upgrader"))));
    }

    @Test
    void withNothingPendingStartsNothingAndSaysSo() {
        PipelineRun run = Fixtures.harness()
                .respond("kataUpstreamTags", Map.of("pending", List.of(), "released", List.of("4.0.0", "4.1.0")))
                .runJenkinsfile().assertSuccess();

        assertThat(run.ranStages()).containsExactly("New upstream tags");
        assertThat(run.steps("build")).isEmpty();
        assertThat(run.currentBuild().getDescription()).isEqualTo("no new upstream tag");
    }
}
