package io.katarelease.jenkins.library;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import io.katarelease.core.release.ReleaseStages;
import io.katarelease.jenkins.testing.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The library's settings class, run where it runs: in a sandboxed Pipeline (CPS-transformed, with
 * Jenkins' Groovy), loaded from the library's git repository like the release job loads it.
 */
@WithJenkins
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LibraryConfigTest {
    static {
        Libraries.allowLocalCheckouts();
    }

    @TempDir
    Path tmp;

    @Test
    void theSettingsMergeCheckAndDeriveInAPipeline(JenkinsRule r) throws Exception {
        Libraries.configure(r, tmp);
        String script = String.join("\n",
                "@Library('kata-release') import io.katarelease.pipeline.ReleaseConfig",
                "def defaults = libraryResource('io/katarelease/pipeline/defaults.properties')",
                "def d = ReleaseConfig.merge([:], defaults)",
                "echo \"result d.agentLabel=${d.agentLabel.replace(' ', '_')} d.suffix=${d.suffix} d.components=${d.components.join('+')}"
                        + " d.wait=${d.waitForDownstream} d.waitIsBoolean=${d.waitForDownstream instanceof Boolean}"
                        + " d.cron=${d.tagWatchCron.replace(' ', '_')} d.githubRepo=${d.githubRepo}"
                        + " d.remote=[${d.remoteCache}] d.remoteId=[${d.remoteCacheCredentialsId}]"
                        + " d.insecure=${d.remoteCacheInsecure} d.insecureIsBoolean=${d.remoteCacheInsecure instanceof Boolean}\"",
                "def m = ReleaseConfig.merge([forkUrl: 'https://github.com/acme/kata-containers.git', suffix: '  acme ',"
                        + " components: ['kernel', 'qemu'], waitForDownstream: true, downstreamJob: null,"
                        + " buildCommand: 'make {component}'], defaults)",
                "echo \"result m.githubRepo=${m.githubRepo} m.suffix=${m.suffix} m.components=${m.components.join('+')}"
                        + " m.wait=${m.waitForDownstream} m.downstream=${m.downstreamJob}"
                        + " m.build=${ReleaseConfig.buildCommand(m, 'qemu').replace(' ', '_')}\"",
                // Both build stages take their arguments from here; REMOTE_CACHE '' is none, null the setting.
                "def show(Map m) { m.keySet().collect { k -> k + ':' + m[k] }.join('+') }",
                "def rc = ReleaseConfig.merge([remoteCache: 'oci://registry.example.com/kata/cache',"
                        + " remoteCacheCredentialsId: 'registry', remoteCacheInsecure: true, buildCache: '/cache'], defaults)",
                "for (c in ['qemu', 'kernel']) {",
                "  echo \"result a.${c}.param=${show(ReleaseConfig.buildArguments(rc, c, 'oci://other:5000/k/c'))}\"",
                "  echo \"result a.${c}.unset=${show(ReleaseConfig.buildArguments(rc, c, null))}\"",
                "  echo \"result a.${c}.none=${show(ReleaseConfig.buildArguments(rc, c, ''))}\"",
                "}",
                "echo \"result a.defaults=${show(ReleaseConfig.buildArguments(d, 'qemu', null))}\"",
                "def e = ReleaseConfig.merge([forkUrl: 'https://git.example/acme/kata.git', githubRepo: 'acme-rel/kata'], defaults)",
                "echo \"result e.githubRepo=${e.githubRepo}\"",
                "def g = ReleaseConfig.merge([forkUrl: 'https://ghe.example.com/platform/kata-containers.git'], defaults)",
                "echo \"result g.githubRepo=${g.githubRepo} g.api=${g.githubApiUrl ?: 'fromServers'}\"",
                "for (u in ['https://github.com/digitalocean/kata-containers.git', 'git@github.com:acme/kata-containers.git',"
                        + " 'ssh://git@github.com/acme/kata.containers.git', 'https://github.com/a/b/',"
                        + " 'https://github.com.evil.test/a/b', 'http://github.com/a/b', 'https://github.com/a/b/tree/main',"
                        + " '/srv/git/kata.git']) {",
                "  echo \"result repo.${u.replaceAll('[^A-Za-z0-9]', '_')}=${ReleaseConfig.githubRepo(u) ?: 'none'}\"",
                "}",
                "echo \"result comps=${ReleaseConfig.components(' kernel , qemu ,kernel').join('+')}\"",
                "for (bad in [[fork: 'x'], [components: 'qemu,gpu'], [components: ' , ']]) {",
                "  try { ReleaseConfig.merge(bad, defaults); echo 'result accepted' }",
                "  catch (IllegalArgumentException x) { echo \"refused: ${x.message}\" }",
                "}",
                "def p = ReleaseConfig.releaseBuildParameters('4.1.0', [FORK_URL: 'f', SUFFIX: 's', DRY_RUN: true,"
                        + " COMPONENTS: 'kernel', DOWNSTREAM_JOB: 'd', REMOTE_CACHE: 'oci://r/k'])",
                "echo \"result p=${p.collect { it.name + ':' + it.value }.join('+')}\"",
                "def pn = ReleaseConfig.releaseBuildParameters('4.1.0', [FORK_URL: 'f', SUFFIX: 's', DRY_RUN: false,"
                        + " COMPONENTS: 'kernel', DOWNSTREAM_JOB: ''])",
                "echo \"result pn=${pn.collect { it.name }.join('+')}\"",
                "echo \"result h=${ReleaseConfig.downstreamParameters('t', 'u', 'h').collect { it.name + ':' + it.value }.join('+')}\"");

        WorkflowRun b = Pipelines.build(r, "settings", script, Result.SUCCESS);
        Map<String, String> out = Pipelines.echoed(b, "result");

        assertThat(out.get("d.agentLabel"), equalTo("x86_64_&&_docker"));
        assertThat(out.get("d.suffix"), equalTo("digitalocean"));
        assertThat(out.get("d.components"), equalTo("qemu+kernel"));
        assertThat(out.get("d.wait"), equalTo("false"));
        assertThat(out.get("d.waitIsBoolean"), equalTo("true"));
        assertThat(out.get("d.cron"), equalTo("H_H/6_*_*_*"));
        assertThat(out.get("d.githubRepo"), equalTo(""));
        assertThat(out.get("d.remote"), equalTo("[]"));
        assertThat(out.get("d.remoteId"), equalTo("[]"));
        assertThat(out.get("d.insecure"), equalTo("false"));
        assertThat(out.get("d.insecureIsBoolean"), equalTo("true"));
        for (String c : List.of("qemu", "kernel")) {
            String common = "command:+cache:/cache+";
            assertThat(out.get("a." + c + ".param"), equalTo(common + "remoteCache:oci://other:5000/k/c"
                    + "+remoteCacheCredentialsId:registry+remoteCacheInsecure:true"));
            assertThat(out.get("a." + c + ".unset"), equalTo(common + "remoteCache:oci://registry.example.com/kata/cache"
                    + "+remoteCacheCredentialsId:registry+remoteCacheInsecure:true"));
            // No remote cache: neither its credentials nor the insecure flag, which the steps would refuse.
            assertThat(out.get("a." + c + ".none"), equalTo(common + "remoteCache:+remoteCacheCredentialsId:"
                    + "+remoteCacheInsecure:false"));
        }
        assertThat(out.get("a.defaults"), equalTo("command:+cache:+remoteCache:+remoteCacheCredentialsId:"
                + "+remoteCacheInsecure:false"));
        assertThat(out.get("m.githubRepo"), equalTo("acme/kata-containers"));
        assertThat(out.get("m.suffix"), equalTo("acme"));
        assertThat(out.get("m.components"), equalTo("kernel+qemu"));
        assertThat(out.get("m.wait"), equalTo("true"));
        assertThat(out.get("m.downstream"), equalTo(""));
        assertThat(out.get("m.build"), equalTo("make_qemu"));
        assertThat(out.get("e.githubRepo"), equalTo("acme-rel/kata"));
        // GitHub Enterprise: the fork's URL, whose host kataPublishRelease finds among the configured servers.
        assertThat(out.get("g.githubRepo"), equalTo("https://ghe.example.com/platform/kata-containers.git"));
        assertThat(out.get("g.api"), equalTo("fromServers"));
        assertThat(out.get("repo.https___github_com_digitalocean_kata_containers_git"), equalTo("digitalocean/kata-containers"));
        assertThat(out.get("repo.git_github_com_acme_kata_containers_git"), equalTo("acme/kata-containers"));
        assertThat(out.get("repo.ssh___git_github_com_acme_kata_containers_git"), equalTo("acme/kata.containers"));
        assertThat(out.get("repo.https___github_com_a_b_"), equalTo("a/b"));
        assertThat(out.get("repo.https___github_com_evil_test_a_b"), equalTo("none"));
        assertThat(out.get("repo.http___github_com_a_b"), equalTo("none"));
        assertThat(out.get("repo.https___github_com_a_b_tree_main"), equalTo("none"));
        assertThat(out.get("repo._srv_git_kata_git"), equalTo("none"));
        assertThat(out.get("comps"), equalTo("kernel+qemu"));
        assertThat(out.get("p"), equalTo("UPSTREAM_TAG:4.1.0+FORK_URL:f+SUFFIX:s+DRY_RUN:true+COMPONENTS:kernel"
                + "+DOWNSTREAM_JOB:d+REMOTE_CACHE:oci://r/k"));
        // A watch started before the job declared REMOTE_CACHE: the per-tag build takes its default.
        assertThat(out.get("pn"), equalTo("UPSTREAM_TAG+FORK_URL+SUFFIX+DRY_RUN+COMPONENTS+DOWNSTREAM_JOB"));
        // The names the CLI's hand-off stage records (one owner in the engine; the library spells them in Groovy).
        List<String> handOff = ReleaseStages.HAND_OFF_VALUES;
        assertThat(out.get("h"), equalTo(handOff.get(0) + ":t+" + handOff.get(1) + ":u+" + handOff.get(2) + ":h"));
        r.assertLogNotContains("result accepted", b);
        r.assertLogContains("unknown setting 'fork'; known: ", b);
        r.assertLogContains("unknown component(s) [gpu]", b);
        r.assertLogContains("no component to build", b);
    }

    @Test
    void theRemoteCacheParameterDefaultsToTheSetting(JenkinsRule r) throws Exception {
        Libraries.configure(r, tmp);
        r.jenkins.setNumExecutors(1);
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "release");
        job.setDefinition(new CpsFlowDefinition("@Library('kata-release') _\n"
                + "kataReleasePipeline(agentLabel: 'built-in', tagWatchCron: '', remoteCache: 'oci://registry.example.com/kata/cache')",
                true));
        // The tag watch runs first and stops at once (no fork configured); the job's parameters are declared by then.
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        r.assertLogContains("kataUpstreamTags: the parameter 'fork' is required and was empty", b);
        ParametersDefinitionProperty declared = job.getProperty(ParametersDefinitionProperty.class);
        assertThat(((StringParameterDefinition) declared.getParameterDefinition("REMOTE_CACHE")).getDefaultValue(),
                equalTo("oci://registry.example.com/kata/cache"));
    }

    @Test
    void everySettingAndGlobalVariableIsDocumented() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        Properties defaults = new Properties();
        defaults.load(Files.newBufferedReader(root.resolve("resources/io/katarelease/pipeline/defaults.properties"),
                StandardCharsets.UTF_8));
        String help = Files.readString(root.resolve("vars/kataReleasePipeline.txt"));
        for (String key : defaults.stringPropertyNames()) {
            assertThat("kataReleasePipeline.txt documents " + key, help, containsString("<code>" + key + "</code>"));
        }
        TreeSet<String> groovy = new TreeSet<>();
        TreeSet<String> txt = new TreeSet<>();
        try (Stream<Path> vars = Files.list(root.resolve("vars"))) {
            vars.map(p -> p.getFileName().toString()).forEach(n -> {
                if (n.endsWith(".groovy")) {
                    groovy.add(n.substring(0, n.length() - 7));
                } else if (n.endsWith(".txt")) {
                    txt.add(n.substring(0, n.length() - 4));
                }
            });
        }
        // Jenkins shows vars/NAME.txt as the variable's help on the Pipeline Syntax pages.
        assertThat(txt, equalTo(groovy));
    }
}
