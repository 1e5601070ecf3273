package io.katarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.Secret;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.jenkins.steps.KataBuildQemuStep;
import io.katarelease.jenkins.steps.KataPublishReleaseStep;
import io.katarelease.jenkins.steps.KataSyncForkStep;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The plugin in a real Jenkins (jenkins-test-harness): form round trips, a pipeline that syncs
 * the sandbox fork, and a build that survives a controller restart. Compiled and run only by the
 * real plugin build (mvn -Pjenkins verify), which needs repo.jenkins-ci.org.
 */
class KataStepsJenkinsTest {
    @RegisterExtension
    static JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    static Path tmp;

    @Test
    void formsRoundTrip() throws Throwable {
        sessions.then(r -> {
            KataSyncForkStep sync = new KataSyncForkStep("https://example.com/u.git", "https://example.com/f.git", "4.1.0");
            sync.setSuffix("example");
            sync.setDryRun(true);
            sync.setCredentialsId("git");
            r.assertEqualDataBoundBeans(sync, new StepConfigTester(r).configRoundTrip(sync));
            KataPublishReleaseStep publish = new KataPublishReleaseStep("4.1.0-example-0", "release");
            publish.setGithubRepo("example/kata-containers");
            publish.setVerify(false);
            r.assertEqualDataBoundBeans(publish, new StepConfigTester(r).configRoundTrip(publish));
        });
    }

    @Test
    void aPipelineSyncsTheForkWithCredentials() throws Throwable {
        Sandbox sandbox = Sandbox.create(Files.createTempDirectory(tmp, "sandbox"));
        sessions.then(r -> {
            CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                    new StringCredentialsImpl(CredentialsScope.GLOBAL, "kata-git", "test", Secret.fromString("s3cr3t-token")));
            WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "release");
            p.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  def r = kataSyncFork(upstream: '" + sandbox.upstreamUrl() + "', fork: '" + sandbox.forkUrl()
                    + "', tag: '4.1.0', credentialsId: 'kata-git')\n"
                    + "  echo \"tag=${r.releaseTag} carried=${r.carried.size()}\"\n"
                    + "}", true));
            WorkflowRun b = r.assertBuildStatusSuccess(p.scheduleBuild2(0));
            r.assertLogContains("tag=4.1.0-digitalocean-0", b);
            r.assertLogNotContains("s3cr3t-token", b);
        });
    }

    @Test
    void aBuildSurvivesAControllerRestart() throws Throwable {
        Path checkout = Files.createDirectories(tmp.resolve("kata"));
        Files.createDirectories(checkout.resolve("tools/packaging/qemu/patches/11.0.x"));
        Files.writeString(checkout.resolve("versions.yaml"),
                "assets:\n  hypervisor:\n    qemu:\n      url: \"https://github.com/qemu/qemu\"\n      version: \"v11.0.1\"\n");
        String command = "for i in $(seq 1 20); do echo step $i; sleep 1; done; mkdir -p opt/kata/bin build"
                + " && printf x > opt/kata/bin/qemu-system-x86_64 && tar -cJf build/kata-static-qemu.tar.xz opt && rm -r opt";
        sessions.then(r -> {
            WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "build");
            p.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  def q = kataBuildQemu(checkout: '" + checkout + "', command: '" + command.replace("'", "\\'") + "')\n"
                    + "  echo \"artifact=${q.artifact}\"\n"
                    + "}", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("step 3", b);
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("build", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("resuming", b);
            r.assertLogContains("step 20", b);
            assertThat(JenkinsRule.getLog(b)).containsOnlyOnce("step 1\n");
        });
    }

    @Test
    void theBuildStepDescribesItself() throws Throwable {
        sessions.then(r -> assertThat(new KataBuildQemuStep().getDescriptor().getFunctionName()).isEqualTo("kataBuildQemu"));
    }
}
