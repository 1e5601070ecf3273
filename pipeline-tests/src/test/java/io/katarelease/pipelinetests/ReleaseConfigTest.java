package io.katarelease.pipelinetests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.pipelinetests.harness.PipelineHarness;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** src/io/katarelease/pipeline/ReleaseConfig.groovy, compiled from the repository as Jenkins loads it. */
class ReleaseConfigTest {
    private static Class<?> config;
    private static String defaults;

    @BeforeAll
    static void load() throws Exception {
        PipelineHarness h = PipelineHarness.forRepository();
        config = h.library().srcClass("io.katarelease.pipeline.ReleaseConfig");
        defaults = Files.readString(PipelineHarness.repositoryRoot()
                .resolve("resources/io/katarelease/pipeline/defaults.properties"), StandardCharsets.UTF_8);
    }

    private static Object call(String method, Object... args) {
        return InvokerHelper.invokeStaticMethod(config, method, args);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> jenkinsfile) {
        return (Map<String, Object>) call("merge", jenkinsfile, defaults);
    }

    @Test
    void githubRepoFromHttpsAndSshUrls() {
        assertThat(call("githubRepo", "https://github.com/digitalocean/kata-containers.git"))
                .isEqualTo("digitalocean/kata-containers");
        assertThat(call("githubRepo", "https://github.com/digitalocean/kata-containers"))
                .isEqualTo("digitalocean/kata-containers");
        assertThat(call("githubRepo", "https://github.com/digitalocean/kata-containers/"))
                .isEqualTo("digitalocean/kata-containers");
        assertThat(call("githubRepo", "git@github.com:acme/kata-containers.git")).isEqualTo("acme/kata-containers");
        assertThat(call("githubRepo", "ssh://git@github.com/acme/kata.containers.git"))
                .isEqualTo("acme/kata.containers");
        assertThat(call("githubRepo", "https://github.com/acme/kata_containers-2")).isEqualTo("acme/kata_containers-2");
        // a String, not a GString: it ends up in step arguments and equality checks
        assertThat(call("githubRepo", "https://github.com/a/b")).isInstanceOf(String.class);
    }

    @Test
    void githubRepoIsEmptyForOtherHostsAndShapes() {
        assertThat(call("githubRepo", "https://gitlab.com/acme/kata-containers.git")).isEqualTo("");
        assertThat(call("githubRepo", "https://github.example.com/acme/kata-containers.git")).isEqualTo("");
        assertThat(call("githubRepo", "https://github.com.evil.test/acme/kata-containers")).isEqualTo("");
        assertThat(call("githubRepo", "http://github.com/acme/kata-containers")).isEqualTo("");
        assertThat(call("githubRepo", "https://github.com/acme")).isEqualTo("");
        assertThat(call("githubRepo", "https://github.com/acme/kata/tree/main")).isEqualTo("");
        assertThat(call("githubRepo", "/srv/git/kata-containers.git")).isEqualTo("");
    }

    @Test
    void mergeGivesTheDefaultsWhenTheJenkinsfileSaysNothing() {
        Map<String, Object> m = merge(new HashMap<>());

        assertThat(m).containsEntry("upstreamUrl", "https://github.com/kata-containers/kata-containers.git")
                .containsEntry("suffix", "digitalocean").containsEntry("patchBranch", "do/main")
                .containsEntry("mirrorBranch", "main").containsEntry("releaseBranchPrefix", "do/")
                .containsEntry("agentLabel", "x86_64").containsEntry("tagWatchCron", "H H/6 * * *")
                .containsEntry("githubApiUrl", "https://api.github.com").containsEntry("forkUrl", "")
                .containsEntry("githubRepo", "").containsEntry("downstreamJob", "")
                .containsEntry("waitForDownstream", false).containsEntry("components", List.of("qemu", "kernel"));
        assertThat(m.get("waitForDownstream")).isInstanceOf(Boolean.class);
    }

    @Test
    void mergeOverlaysTheJenkinsfilesSettings() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("forkUrl", "https://github.com/acme/kata-containers.git");
        given.put("suffix", "  acme ");
        given.put("components", List.of("kernel", "qemu"));
        given.put("waitForDownstream", true);
        given.put("downstreamJob", null);
        given.put("since", "3.2.0");
        Map<String, Object> m = merge(given);

        assertThat(m).containsEntry("forkUrl", "https://github.com/acme/kata-containers.git")
                .containsEntry("suffix", "acme")
                .containsEntry("components", List.of("kernel", "qemu"))
                .containsEntry("waitForDownstream", true)
                .containsEntry("downstreamJob", "")
                .containsEntry("since", "3.2.0")
                .containsEntry("githubRepo", "acme/kata-containers") // derived from forkUrl
                .containsEntry("patchBranch", "do/main"); // untouched default
        assertThat(m.get("suffix")).isInstanceOf(String.class);
    }

    @Test
    void anExplicitGithubRepoWinsOverTheForkUrl() {
        Map<String, Object> m = merge(new HashMap<>(Map.of("forkUrl", "https://git.example/acme/kata.git",
                "githubRepo", "acme-releases/kata-containers")));
        assertThat(m).containsEntry("githubRepo", "acme-releases/kata-containers");
        assertThat(merge(new HashMap<>(Map.of("forkUrl", "https://git.example/acme/kata.git"))))
                .containsEntry("githubRepo", "");
    }

    @Test
    void mergeRejectsAnUnknownSettingNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> merge(new HashMap<>(Map.of("fork", "https://github.com/a/b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'fork'")
                .hasMessageContaining("forkUrl").hasMessageContaining("waitForDownstream");
        assertThatThrownBy(() -> merge(new HashMap<>(Map.of("components", "qemu,gpu"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpu");
    }

    @Test
    void componentsAreCheckedTrimmedAndDeduplicated() {
        assertThat(call("components", "qemu,kernel")).isEqualTo(List.of("qemu", "kernel"));
        assertThat(call("components", " kernel , qemu ,")).isEqualTo(List.of("kernel", "qemu"));
        assertThat(call("components", "kernel,kernel")).isEqualTo(List.of("kernel"));
        // Nothing to build would publish a tarball without QEMU or a kernel.
        assertThatThrownBy(() -> call("components", " , ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no component to build");
        assertThatThrownBy(() -> call("components", new Object[] {null})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> call("components", "qemu,bogus,virtiofsd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus").hasMessageContaining("virtiofsd").hasMessageContaining("qemu, kernel");
    }

    @Test
    void buildParametersCarryTheTagAndTheBuildsOwnParameters() {
        Map<String, Object> params = Map.of("FORK_URL", "f", "SUFFIX", "s", "DRY_RUN", true, "COMPONENTS", "kernel",
                "DOWNSTREAM_JOB", "d", "UPSTREAM_TAG", "");
        assertThat(call("releaseBuildParameters", "4.1.0", params)).isEqualTo(List.of(
                Map.of("name", "UPSTREAM_TAG", "value", "4.1.0"),
                Map.of("name", "FORK_URL", "value", "f"),
                Map.of("name", "SUFFIX", "value", "s"),
                Map.of("name", "DRY_RUN", "value", true),
                Map.of("name", "COMPONENTS", "value", "kernel"),
                Map.of("name", "DOWNSTREAM_JOB", "value", "d")));
        assertThat(call("downstreamParameters", "t", "u", "h")).isEqualTo(List.of(
                Map.of("name", "RELEASE_TAG", "value", "t"),
                Map.of("name", "ASSET_URL", "value", "u"),
                Map.of("name", "ASSET_SHA256", "value", "h")));
    }

    @Test
    void isSerializableAsPipelineObjectsMustBe() {
        assertThat(Serializable.class.isAssignableFrom(config)).isTrue();
        assertThat(call("merge", new HashMap<>(), defaults)).isInstanceOf(Serializable.class);
    }
}
