package io.katarelease.jenkins.agent;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.katarelease.jenkins.testing.AgentProcesses;
import io.katarelease.jenkins.testing.Pipelines;
import io.katarelease.jenkins.testing.SlowBuild;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A lost agent fails the step so that {@code retry(conditions: [agent()])} re-runs it; an abort leaves nothing running. */
@WithJenkins
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentLossTest {
    private static final String AGENT_WAIT = CliStepExecution.class.getName() + ".agentWaitMillis";

    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    @TempDir
    Path tmp;
    private SlowBuild build;

    @BeforeEach
    void setUp() throws Exception {
        build = new SlowBuild(tmp, 40, 0.2);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty(AGENT_WAIT);
        AgentProcesses.kill(build.marker);
    }

    @Test
    void aLostAgentIsRetriedOnAnother(JenkinsRule r) throws Exception {
        System.setProperty(AGENT_WAIT, "3000");
        DumbSlave first = r.createOnlineSlave(Label.get("x86_64"));
        WorkflowJob job = Pipelines.job(r, "lost", "retry(count: 2, conditions: [agent()]) {\n"
                + "  node('x86_64') {\n"
                + "    echo \"attempt on ${env.NODE_NAME}\"\n"
                + "    def q = " + build.qemuStep() + "\n"
                + "    echo \"built on ${env.NODE_NAME}: ${q.artifact}\"\n"
                + "  }\n"
                + "}");
        WorkflowRun b = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("line-3", b);
        DumbSlave second = r.createOnlineSlave(Label.get("x86_64"));
        // The first agent's machine is gone, with what ran there.
        first.toComputer().disconnect(null).get();
        AgentProcesses.kill(build.marker);
        r.waitForMessage("attempt on " + second.getNodeName(), b);
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("kataBuildQemu: cannot reach node '" + first.getNodeName() + "'", b);
        r.assertLogContains("has not come back in 3 sec", b);
        r.assertLogContains("built on " + second.getNodeName() + ": ", b);
    }

    @Test
    void anAgentThatComesBackIsReadOnFromWhereTheLogWas(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave(Label.get("x86_64"));
        WorkflowJob job = Pipelines.job(r, "blip", "node('x86_64') {\n"
                + "  " + build.qemuStep() + "\n"
                + "}");
        WorkflowRun b = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("line-3", b);
        // The connection drops (the agent's JVM ends); the build's processes go on, then the agent reconnects.
        agent.toComputer().disconnect(null).get();
        r.waitForMessage("kataBuildQemu: cannot reach node '" + agent.getNodeName() + "'", b);
        agent.toComputer().connect(false).get();
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("kataBuildQemu: node '" + agent.getNodeName() + "' is reachable again", b);
        assertThat(build.linesSeen(b), equalTo(build.everyLineOnce()));
    }

    @Test
    void anAbortStopsTheWholeProcessTree(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave(Label.get("x86_64"));
        WorkflowJob job = Pipelines.job(r, "abort", "node('x86_64') {\n"
                + "  " + build.qemuStep() + "\n"
                + "}");
        WorkflowRun b = job.scheduleBuild2(0).waitForStart();
        r.waitForMessage("line-3", b);
        String workspace = agent.getWorkspaceFor(job).getRemote();
        assertThat(AgentProcesses.withMarker(build.marker).isEmpty(), is(false));
        assertThat(AgentProcesses.withMarker(workspace + "@tmp/kata-release/").isEmpty(), is(false));
        b.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        // The CLI, the build command it started, and durable-task's wrapper: all gone.
        assertThat(AgentProcesses.noneLeft(build.marker, 20), is(true));
        assertThat(AgentProcesses.noneLeft(workspace + "@tmp/kata-release/", 20), is(true));
        assertThat(AgentProcesses.noneLeft(workspace + "@tmp/durable-", 20), is(true));
        r.assertLogContains("kataBuildQemu: stopping kata-release on node '" + agent.getNodeName() + "'", b);
    }
}
