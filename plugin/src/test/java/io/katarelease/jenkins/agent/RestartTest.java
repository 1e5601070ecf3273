package io.katarelease.jenkins.agent;

import static io.katarelease.jenkins.testing.Pipelines.q;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.Slave;
import io.katarelease.jenkins.testing.Pipelines;
import io.katarelease.jenkins.testing.SlowBuild;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
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
                    + "  def q = kataBuildQemu(checkout: " + q(build.checkout.toString()) + ", cache: 'cache', command: "
                    + q(build.command()) + ")\n"
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
            Map<Integer, Integer> seen = new HashMap<>();
            Matcher m = Pattern.compile("(?m)^qemu \\| line-(\\d+)$").matcher(JenkinsRule.getLog(b));
            while (m.find()) {
                seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            }
            for (int i = 1; i <= build.lines(); i++) {
                assertThat("line-" + i + " printed once", seen.getOrDefault(i, 0), is(1));
            }
            assertThat(seen.size(), is(build.lines()));
        });
    }
}
