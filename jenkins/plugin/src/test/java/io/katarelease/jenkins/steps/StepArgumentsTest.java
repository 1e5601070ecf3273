package io.katarelease.jenkins.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.AbortException;
import io.katarelease.jenkins.agent.CliInvocation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundSetter;

/** Step parameters to CLI arguments: literal values, one argument each, and the CLI's own defaults. */
class StepArgumentsTest {
    @Test
    void defaultsAreTheBundledClisDefaults() throws Exception {
        CliInvocation.Launch sync = new KataSyncForkStep("https://u/k.git", "https://f/k.git", "4.1.0").invocation()
                .launches().get(0);
        assertThat(sync.commands(), contains(List.of("sync", "--upstream", "https://u/k.git", "--fork", "https://f/k.git",
                "--tag", "4.1.0", "--suffix", "digitalocean", "--patch-branch", "do/main", "--mirror-branch", "main",
                "--upstream-branch", "main", "--release-branch-prefix", "do/", "--json")));
        assertThat(sync.credentialsId(), is((String) null));
        assertThat(sync.secretVariable(), is((String) null));

        // Every non-empty default a step states is the default the bundled CLI's help states.
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
                if (value.equals("") || List.of("Checkout", "Repo", "Out", "Artifacts").contains(name)) {
                    continue; // no CLI default, or one relative to the workspace (stated in help-<field>.html)
                }
                String option = "--" + name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
                String line = help.substring(help.lastIndexOf(option + "="));
                String text = line.substring(0, Math.min(line.length(), 400)).replaceAll("\\s+", " ");
                assertThat(step.getClass().getSimpleName() + " " + option,
                        Pattern.compile("default[^):]*: " + Pattern.quote((String) value)).matcher(text).find(), is(true));
            }
        }
    }

    @Test
    void valuesArePassedLiterallyAsOneArgument() throws Exception {
        KataSyncForkStep step = new KataSyncForkStep("https://u/k.git", "https://f/k.git", "4.1.0");
        step.setCommitter("Release Bot <bot@example.com>; rm -rf ~ $(id)");
        step.setDryRun(true);
        List<String> argv = step.invocation().launches().get(0).commands().get(0);
        int at = argv.indexOf("--committer");
        assertThat(argv.get(at + 1), equalTo("Release Bot <bot@example.com>; rm -rf ~ $(id)"));
        assertThat(argv, hasItem("--dry-run"));
    }

    @Test
    void publishVerifiesFirstInAProcessThatNeverHoldsTheToken() throws Exception {
        KataPublishReleaseStep step = new KataPublishReleaseStep("4.1.0-digitalocean-0", "release");
        step.setGithubRepo("example/kata-containers");
        step.setCredentialsId("gh");
        List<CliInvocation.Launch> launches = step.invocation().launches();
        assertThat(launches.size(), is(2));
        assertThat(launches.get(0).commands(), contains(List.of("verify", "--asset",
                "release/4.1.0-digitalocean-0-x86_64.tar.xz", "--json")));
        assertThat(launches.get(0).credentialsId(), is((String) null));
        assertThat(launches.get(1).commands().get(0).subList(0, 7), contains("publish", "--release-tag",
                "4.1.0-digitalocean-0", "--assets", "release", "--github-repo", "example/kata-containers"));
        assertThat(launches.get(1).credentialsId(), equalTo("gh"));
        assertThat(launches.get(1).secretVariable(), equalTo("KATA_RELEASE_GITHUB_TOKEN"));
        step.setVerify(false);
        assertThat(step.invocation().launches().size(), is(1));
        assertThat(step.invocation().launches().get(0).commands().get(0).get(0), equalTo("publish"));
        step.setDryRun(true);
        assertThat(step.invocation().launches().size(), is(1));
        assertThat(step.invocation().launches().get(0).commands().get(0).get(0), equalTo("verify"));
        assertThat(step.invocation().launches().get(0).credentialsId(), is((String) null));
    }

    @Test
    void theRemoteCacheIsPassedAsFlagsAndItsCredentialsById() throws Exception {
        for (BuildComponentStep step : List.of(new KataBuildQemuStep(), new KataBuildKernelStep())) {
            CliInvocation.Launch none = step.invocation().launches().get(0);
            assertThat(none.commands().get(0), not(hasItem(startsWith("--remote-cache"))));
            assertThat(none.credentialsId(), is((String) null));
            assertThat(none.registry(), is(false));

            step.setRemoteCache(" oci://registry.example.com:5000/kata/build-cache ");
            step.setRemoteCacheCredentialsId("registry-login");
            step.setRemoteCacheInsecure(true);
            List<CliInvocation.Launch> launches = step.invocation().launches();
            assertThat(launches.size(), is(1));
            List<String> argv = launches.get(0).commands().get(0);
            assertThat(argv.subList(argv.size() - 4, argv.size()), contains("--remote-cache",
                    "oci://registry.example.com:5000/kata/build-cache", "--remote-cache-insecure", "--json"));
            assertThat(argv, not(hasItem(containsString("registry-login"))));
            // The id goes to the controller's lookup; the variable follows the credentials' type there.
            assertThat(launches.get(0).credentialsId(), equalTo("registry-login"));
            assertThat(launches.get(0).registry(), is(true));
            assertThat(launches.get(0).secretVariable(), is((String) null));

            step.setRemoteCacheInsecure(false);
            assertThat(step.invocation().launches().get(0).commands().get(0), not(hasItem("--remote-cache-insecure")));
            step.setRemoteCacheCredentialsId("");
            assertThat(step.invocation().launches().get(0).credentialsId(), is((String) null));
        }
    }

    @Test
    void remoteCacheSettingsThatDoNotFitAreRefusedByName() {
        KataBuildQemuStep orphan = new KataBuildQemuStep();
        orphan.setRemoteCacheCredentialsId("registry-login");
        assertThat(assertThrows(AbortException.class, orphan::invocation).getMessage(), equalTo("kataBuildQemu:"
                + " remoteCacheCredentialsId 'registry-login' was given without remoteCache; add remoteCache:"
                + " 'oci://HOST[:PORT]/REPOSITORY' or drop the credentials"));
        KataBuildKernelStep insecure = new KataBuildKernelStep();
        insecure.setRemoteCacheInsecure(true);
        assertThat(assertThrows(AbortException.class, insecure::invocation).getMessage(),
                containsString("kataBuildKernel: remoteCacheInsecure was set without remoteCache"));
        for (String bad : List.of("https://registry.example.com/kata/cache", "registry.example.com/kata/cache",
                "oci://registry.example.com", "oci://registry.example.com/", "oci:///kata/cache", "oci://host/a b")) {
            KataBuildQemuStep step = new KataBuildQemuStep();
            step.setRemoteCache(bad);
            assertThat(bad, assertThrows(AbortException.class, step::invocation).getMessage(),
                    equalTo("kataBuildQemu: remoteCache '" + bad.trim() + "' is not an OCI registry repository; give"
                            + " oci://HOST[:PORT]/REPOSITORY, e.g. oci://registry.example.com/kata/build-cache"));
        }
        // A password in the URL would reach argv and the log: refused, and not repeated in the message.
        KataBuildQemuStep userInfo = new KataBuildQemuStep();
        userInfo.setRemoteCache("oci://bot:s3cr3t-Pa55@registry.example.com/kata/cache");
        String message = assertThrows(AbortException.class, userInfo::invocation).getMessage();
        assertThat(message, containsString("remoteCache must not hold user information"));
        assertThat(message, not(containsString("s3cr3t-Pa55")));
    }

    @Test
    void emptyMandatoryValuesAreNamed() {
        AbortException e = assertThrows(AbortException.class,
                () -> new KataSyncForkStep("https://u/k.git", " ", "4.1.0").invocation());
        assertThat(e.getMessage(), equalTo("kataSyncFork: the parameter 'fork' is required and was empty"));
        KataPublishReleaseStep both = new KataPublishReleaseStep("t", "release");
        both.setGithubRepo("example/kata-containers");
        both.setToDir("/tmp/releases");
        assertThat(assertThrows(AbortException.class, both::invocation).getMessage(),
                containsString("exactly one of 'githubRepo' (owner/name) and 'toDir'"));
    }

    /** The help of a verb, from the CLI jar this plugin bundles. */
    private static String help(String verb) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", bundledJar(),
                "io.katarelease.cli.Main", verb, "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS), is(true));
        return out;
    }

    private static String bundledJar() throws URISyntaxException {
        return Path.of(CliInvocation.class.getResource("kata-release.jar").toURI()).toString();
    }
}
