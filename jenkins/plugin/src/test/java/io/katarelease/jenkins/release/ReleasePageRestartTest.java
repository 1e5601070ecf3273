package io.katarelease.jenkins.release;

import static io.katarelease.jenkins.testing.Pipelines.q;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Result;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.testing.FakeGitHub;
import io.katarelease.jenkins.testing.Pipelines;
import io.katarelease.jenkins.testing.ReleasePages;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** The release page is saved with the build: after a controller restart it shows the same release. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReleasePageRestartTest {
    private static final String RELEASE_TAG = "4.1.0-digitalocean-0";
    private static final String TOKEN = "ghp_releasePageRestartTestToken0123456";

    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    @RegisterExtension
    JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void thePageSurvivesARestart() throws Throwable {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        try (FakeGitHub github = new FakeGitHub("example/kata-containers", TOKEN)) {
            github.addTag(RELEASE_TAG);
            String cache = tmp.resolve("build-cache").toString();
            String build = " cache: " + q(cache) + ", command: " + q(Sandbox.BUILD_COMMAND.replace("{component}", "X"));
            sessions.then(r -> {
                CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                        new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "github", "bot", "x-access-token",
                                TOKEN));
                r.createSlave("builder", "x86_64", null);
                String script = "node('x86_64') {\n"
                        + "  def sync = kataSyncFork(upstream: " + q(sandbox.upstreamUrl()) + ", fork: "
                        + q(sandbox.forkUrl()) + ", tag: '4.1.0')\n"
                        + "  sh \"git clone -q --branch ${sync.releaseTag} " + sandbox.forkUrl() + " kata\"\n"
                        + "  kataBuildQemu(checkout: 'kata'," + build.replace("X", "qemu") + ")\n"
                        + "  kataBuildKernel(checkout: 'kata'," + build.replace("X", "kernel") + ")\n"
                        + "  def pkg = kataPackageRelease(releaseTag: sync.releaseTag, artifacts: 'kata/build', repo: 'kata',"
                        + " out: 'release')\n"
                        + "  kataPublishRelease(releaseTag: sync.releaseTag, assets: 'release', repo: 'kata',"
                        + " githubRepo: 'example/kata-containers', githubApiUrl: " + q(github.apiUrl())
                        + ", credentialsId: 'github')\n"
                        + "}\n";
                WorkflowRun b = Pipelines.build(r, "release", script, Result.SUCCESS);
                ReleasePages.assertPublishedPage(r, b, RELEASE_TAG);
            });
            sessions.then(r -> {
                WorkflowRun b = r.jenkins.getItemByFullName("release", WorkflowJob.class).getBuildByNumber(1);
                ReleasePages.assertPublishedPage(r, b, RELEASE_TAG);
            });
        }
    }
}
