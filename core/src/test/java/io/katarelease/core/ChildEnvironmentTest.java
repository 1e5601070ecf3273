package io.katarelease.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a build gets of kata-release's environment: the basics it needs, and never a token. */
class ChildEnvironmentTest {
    @Test
    void aBuildGetsTheBasicsAndWhatIsNamedButNoToken() {
        Map<String, String> own = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/ci", "DOCKER_HOST", "unix:///run/d.sock",
                "AWS_SECRET_ACCESS_KEY", "aws", "CI", "true", "GITHUB_TOKEN", "ghp_x", "KATA_RELEASE_GIT_TOKEN", "t",
                ChildEnvironment.EXTRA, "CI, GITHUB_TOKEN,,SOURCE_DATE_EPOCH");
        assertThat(ChildEnvironment.forBuild(own)).containsOnly(Map.entry("PATH", "/usr/bin:/bin"),
                Map.entry("HOME", "/home/ci"), Map.entry("DOCKER_HOST", "unix:///run/d.sock"), Map.entry("CI", "true"));
    }

    @Test
    void aTokenInTheOwnEnvironmentIsNamedWithWhatToDo() throws Exception {
        ChildEnvironment.checkNoToken(Map.of("PATH", "/bin", "GITHUB_TOKEN", " "), "the build");
        assertThatThrownBy(() -> ChildEnvironment.checkNoToken(Map.of("GH_TOKEN", "gho_secret0000"), "the qemu build"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("GH_TOKEN is in this process's environment, where the qemu build could read it")
                .hasMessageContaining("bin/kata-release").hasMessageNotContaining("gho_secret0000");
    }
}
