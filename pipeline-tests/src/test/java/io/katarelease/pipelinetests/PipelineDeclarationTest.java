package io.katarelease.pipelinetests;

import static io.katarelease.pipelinetests.Fixtures.FORK;
import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.pipelinetests.harness.AgentSpec;
import io.katarelease.pipelinetests.harness.Describable;
import io.katarelease.pipelinetests.harness.ParameterDef;
import io.katarelease.pipelinetests.harness.PipelineRun;
import io.katarelease.pipelinetests.harness.StepCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the job declares (parameters, trigger, options) and how kataReleasePipeline's settings reach it. */
class PipelineDeclarationTest {
    @Test
    void declaresTheParametersTheTagWatchAndAPersonUse() {
        PipelineRun run = Fixtures.harness().runJenkinsfile().assertSuccess();

        assertThat(run.parameters()).extracting(ParameterDef::name)
                .containsExactly("UPSTREAM_TAG", "FORK_URL", "SUFFIX", "DRY_RUN", "COMPONENTS", "DOWNSTREAM_JOB");
        assertThat(run.parameters()).extracting(ParameterDef::type)
                .containsExactly("string", "string", "string", "booleanParam", "string", "string");
        assertThat(run.parameters()).extracting(ParameterDef::defaultValue)
                .containsExactly("", FORK, "digitalocean", false, "qemu,kernel", "");
        for (ParameterDef p : run.parameters()) {
            assertThat(p.description()).as(p.name()).isNotBlank();
            if (p.type().equals("string")) {
                assertThat(p.trim()).as(p.name() + " is trimmed").isTrue();
            }
        }
        assertThat(run.parameter("COMPONENTS").description()).contains("qemu, kernel");
        // The defaults are what the build saw.
        assertThat(run.params()).containsEntry("UPSTREAM_TAG", "").containsEntry("FORK_URL", FORK)
                .containsEntry("DRY_RUN", false);
    }

    @Test
    void watchesUpstreamEverySixHoursOneBuildAtATime() {
        PipelineRun run = Fixtures.harness().runJenkinsfile().assertSuccess();

        assertThat(run.triggers()).containsExactly(new Describable("cron", Map.of(), List.of("H H/6 * * *")));
        assertThat(run.pipelineAgent()).isEqualTo(AgentSpec.NONE);
        assertThat(run.options()).extracting(Describable::symbol).containsExactlyInAnyOrder(
                "disableConcurrentBuilds", "timeout", "buildDiscarder", "skipDefaultCheckout");
        Describable timeout = run.options().stream().filter(o -> o.symbol().equals("timeout")).findFirst().orElseThrow();
        assertThat(timeout.args()).isEqualTo(Map.of("time", 4, "unit", "HOURS"));
        Describable discarder = run.options().stream().filter(o -> o.symbol().equals("buildDiscarder")).findFirst()
                .orElseThrow();
        assertThat(discarder.positional())
                .containsExactly(new Describable("logRotator", Map.of("numToKeepStr", "50"), List.of()));
    }

    @Test
    void theJenkinsfilesSettingsBecomeTheDefaultsAndTheStepArguments() {
        String jenkinsfile = """
                @Library('kata-release') _
                kataReleasePipeline(
                    forkUrl: 'git@github.com:acme/kata-containers.git',
                    suffix: 'acme',
                    components: ['kernel'],
                    downstreamJob: 'validate-on-cluster',
                    waitForDownstream: true,
                    tagWatchCron: 'H 3 * * *',
                    agentLabel: 'docker && x86_64',
                    gitCredentialsId: 'acme-git',
                )
                """;
        PipelineRun run = Fixtures.release().runJenkinsfile(jenkinsfile).assertSuccess();

        assertThat(run.parameter("FORK_URL").defaultValue()).isEqualTo("git@github.com:acme/kata-containers.git");
        assertThat(run.parameter("SUFFIX").defaultValue()).isEqualTo("acme");
        assertThat(run.parameter("COMPONENTS").defaultValue()).isEqualTo("kernel");
        assertThat(run.parameter("DOWNSTREAM_JOB").defaultValue()).isEqualTo("validate-on-cluster");
        assertThat(run.triggers()).containsExactly(new Describable("cron", Map.of(), List.of("H 3 * * *")));

        assertThat(run.step("kataSyncFork").args()).containsEntry("fork", "git@github.com:acme/kata-containers.git")
                .containsEntry("suffix", "acme").containsEntry("credentialsId", "acme-git");
        assertThat(run.steps("kataBuildQemu")).isEmpty();
        assertThat(run.step("kataPublishRelease").arg("githubRepo")).isEqualTo("acme/kata-containers");
        assertThat(run.steps()).filteredOn(s -> s.agent() != null).extracting(StepCall::agent)
                .containsOnly("docker && x86_64");
        assertThat(run.step("build").args()).containsEntry("job", "validate-on-cluster")
                .containsEntry("wait", true).containsEntry("propagate", true);
    }

    @Test
    void anUnknownSettingFailsTheBuildNamingIt() {
        PipelineRun run = Fixtures.release().runJenkinsfile("""
                @Library('kata-release') _
                kataReleasePipeline(forkUrl: 'https://github.com/acme/kata-containers.git', downstreamJobs: 'x')
                """);

        assertThat(run.result()).isEqualTo("FAILURE");
        assertThat(run.error()).hasMessageContaining("unknown setting 'downstreamJobs'")
                .hasMessageContaining("downstreamJob");
        assertThat(run.stages()).as("fails before the pipeline starts").isEmpty();
        assertThat(run.parameters()).isEmpty();
        assertThat(run.steps()).extracting(StepCall::name).containsExactly("kataReleasePipeline", "libraryResource");
    }

    @Test
    void theJenkinsfileLoadsTheLibraryAndOnlyCallsIt() {
        PipelineRun run = Fixtures.harness().runJenkinsfile().assertSuccess();

        // the one statement of the Jenkinsfile, outside any stage; then the library's defaults
        assertThat(run.steps().get(0).name()).isEqualTo("kataReleasePipeline");
        assertThat(run.steps().get(0).stage()).isEmpty();
        assertThat(run.steps().get(1).name()).isEqualTo("libraryResource");
        assertThat(run.steps().get(1).positional()).containsExactly("io/katarelease/pipeline/defaults.properties");
    }
}
