package io.katarelease.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.cli.CliContext;
import io.katarelease.cli.Main;
import io.katarelease.jenkins.agent.CliInvocation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/** Step parameters to CLI arguments: literal values, and the CLI's own defaults. */
class StepArgumentsTest {
    @Test
    void defaultsAreTheClis() throws Exception {
        CliInvocation sync = new KataSyncForkStep("https://u/k.git", "https://f/k.git", "4.1.0").invocation();
        assertThat(sync.commands()).containsExactly(List.of("sync", "--upstream", "https://u/k.git", "--fork", "https://f/k.git",
                "--tag", "4.1.0", "--suffix", "digitalocean", "--patch-branch", "do/main", "--mirror-branch", "main",
                "--upstream-branch", "main", "--release-branch-prefix", "do/", "--json"));
        assertThat(sync.credentialsId()).isEmpty();

        // Every non-empty default a step states is the default the CLI's help states for that option.
        Map<String, String> verbs = Map.of("KataSyncForkStep", "sync", "KataUpstreamTagsStep", "tags",
                "KataBuildQemuStep", "build", "KataPackageReleaseStep", "package", "KataPublishReleaseStep", "publish");
        for (KataStep step : List.of(new KataSyncForkStep("u", "f", "t"), new KataUpstreamTagsStep("u", "f"),
                new KataBuildQemuStep(), new KataPackageReleaseStep("t"), new KataPublishReleaseStep("t", "a"))) {
            String help = help(verbs.get(step.getClass().getSimpleName()));
            for (Method setter : step.getClass().getMethods()) {
                if (!setter.isAnnotationPresent(DataBoundSetter.class) || setter.getParameterTypes()[0] != String.class) {
                    continue;
                }
                String name = setter.getName().substring(3);
                Object value = step.getClass().getMethod("get" + name).invoke(step);
                if (value.equals("") || name.equals("Checkout") || name.equals("Repo") || name.equals("Out")
                        || name.equals("Artifacts")) {
                    continue; // no CLI default, or one relative to the workspace (stated in help-<field>.html)
                }
                String option = "--" + name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
                String line = help.substring(help.lastIndexOf(option + "="));
                assertThat(line.substring(0, Math.min(line.length(), 400)).replaceAll("\\s+", " "))
                        .as("%s %s", step.getClass().getSimpleName(), option)
                        .containsPattern("default[^):]*: " + java.util.regex.Pattern.quote((String) value));
            }
        }
    }

    @Test
    void valuesArePassedLiterallyAsOneArgument() throws Exception {
        KataSyncForkStep step = new KataSyncForkStep("https://u/k.git", "https://f/k.git", "4.1.0");
        step.setCommitter("Release Bot <bot@example.com>; rm -rf ~ $(id)");
        step.setDryRun(true);
        List<String> argv = step.invocation().commands().get(0);
        assertThat(argv).containsSubsequence("--committer", "Release Bot <bot@example.com>; rm -rf ~ $(id)");
        assertThat(argv).contains("--dry-run");
    }

    @Test
    void publishVerifiesTheTarballFirstUnlessToldNot() throws Exception {
        KataPublishReleaseStep step = new KataPublishReleaseStep("4.1.0-digitalocean-0", "release");
        step.setGithubRepo("example/kata-containers");
        step.setCredentialsId("gh");
        CliInvocation inv = step.invocation();
        assertThat(inv.commands()).hasSize(2);
        assertThat(inv.commands().get(0)).containsSubsequence("verify", "--asset", "release/4.1.0-digitalocean-0-x86_64.tar.xz");
        assertThat(inv.commands().get(1)).containsSubsequence("publish", "--release-tag", "4.1.0-digitalocean-0",
                "--assets", "release", "--github-repo", "example/kata-containers");
        assertThat(inv.secretVariable()).isEqualTo("KATA_RELEASE_GITHUB_TOKEN");
        step.setVerify(false);
        assertThat(step.invocation().commands()).hasSize(1);
        step.setDryRun(true);
        assertThat(step.invocation().commands()).singleElement().satisfies(c -> assertThat(c.get(0)).isEqualTo("verify"));
    }

    private static String help(String verb) {
        StringWriter out = new StringWriter();
        Main.run(new CliContext(new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(), false), verb, "--help");
        return out.toString();
    }
}
