package io.katarelease.jenkins.agent;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import hudson.model.Slave;
import io.katarelease.jenkins.testing.Pipelines;
import io.katarelease.jenkins.testing.SlowBuild;
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

/** A controller restart while a step runs on an agent: the build goes on, and the log has every line once. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RestartTest {
    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    @RegisterExtension
    JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void aBuildStepResumesAfterAControllerRestart() throws Throwable {
        SlowBuild build = new SlowBuild(tmp, 40, 0.5);
        sessions.then(r -> {
            r.createSlave("builder", "x86_64", null);
            WorkflowJob job = Pipelines.job(r, "build", "node('x86_64') {\n"
                    + "  def q = " + build.qemuStep() + "\n"
                    + "  echo \"artifact=${q.artifact} fromCache=${q.fromCache}\"\n"
                    + "}");
            WorkflowRun b = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("line-5", b);
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("build", WorkflowJob.class).getBuildByNumber(1);
            Slave agent = (Slave) r.jenkins.getNode("builder");
            agent.toComputer().connect(false);
            r.waitOnline(agent);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("kataBuildQemu: Jenkins restarted; reading kata-release's progress on node 'builder' again", b);
            r.assertLogContains("artifact=" + build.checkout.resolve("build/kata-static-qemu.tar.xz") + " fromCache=false", b);
            assertThat(build.linesSeen(b), equalTo(build.everyLineOnce()));
        });
    }
}
