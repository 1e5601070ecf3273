package io.katarelease.jenkins.agent;

import static io.katarelease.jenkins.testing.Pipelines.q;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import hudson.Launcher;
import hudson.LauncherDecorator;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.katarelease.cli.agent.AgentProtocol;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.jenkins.testing.Pipelines;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * The CLI starts through the node's launcher, decorators included (as inside {@code container}
 * or {@code docker.image().inside}), and says clearly when where it runs has no usable Java.
 */
@WithJenkins
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LauncherTest {
    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    @TempDir
    Path tmp;
    private Sandbox sandbox;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandbox.create(tmp.resolve("sandbox"));
    }

    @Test
    void theCliRunsThroughTheContextsLauncherDecorators(JenkinsRule r) throws Exception {
        r.createOnlineSlave(Label.get("x86_64"));
        Path record = tmp.resolve("decorated.log");
        WorkflowRun b = Pipelines.build(r, "decorated", "node('x86_64') {\n"
                + "  sh \"git clone -q --branch 4.1.0 " + sandbox.upstreamUrl() + " kata\"\n"
                + "  recordedLaunches(" + q(record.toString()) + ") {\n"
                + "    def tags = kataUpstreamTags(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl()) + ")\n"
                + "    echo \"pending=${tags.pending.join(',')}\"\n"
                + "    kataBuildQemu(checkout: 'kata', cache: 'cache', command: 'sh -c \"echo decorated=$KATA_TEST_DECORATION;"
                + " exit 3\"')\n"
                + "  }\n"
                + "}", Result.FAILURE);
        // Both steps were launched by the decorated launcher ...
        List<String> launches = Files.readAllLines(record, StandardCharsets.UTF_8);
        assertThat(launches.size(), is(2));
        // ... and the CLI, with what it starts, ran inside the decoration.
        r.assertLogContains("pending=4.0.0,4.1.0", b);
        r.assertLogContains("decorated=yes", b);
    }

    @Test
    void aLaunchThatFailsOnAReachableAgentFailsTheStepAtOnce(JenkinsRule r) throws Exception {
        r.createOnlineSlave(Label.get("x86_64"));
        // Where the step keeps its files beside the workspace, a file is in the way.
        WorkflowRun b = Pipelines.build(r, "blocked", "node('x86_64') {\n"
                + "  writeFile file: '../blocked@tmp/kata-release', text: 'in the way'\n"
                + "  kataUpstreamTags(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl()) + ")\n"
                + "}", Result.FAILURE);
        r.assertLogContains("kataUpstreamTags: could not start kata-release on node 'slave0': ", b);
        r.assertLogNotContains("waiting up to", b);
    }

    @Test
    void theControlFilesLiveInAPrivateDirectoryAndALinkThereIsRefused(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave(Label.get("x86_64"));
        String tags = "kataUpstreamTags(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl()) + ")";
        WorkflowJob job = Pipelines.job(r, "private", "node('x86_64') { " + tags + " }");
        r.assertBuildStatusSuccess(job.scheduleBuild2(0));
        Path root = Path.of(agent.getWorkspaceFor(job).getRemote() + "@tmp", "kata-release");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS)),
                is("rwx------"));

        // A build planted a link where the control files go: the step refuses it and writes nothing through it.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        WorkflowJob linked = Pipelines.job(r, "linked", "node('x86_64') { sh 'mkdir -p ../linked@tmp && ln -s "
                + elsewhere + " ../linked@tmp/kata-release'; " + tags + " }");
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, linked.scheduleBuild2(0));
        r.assertLogContains("kata-release is not a directory (a link or a file); remove it and re-run the step", b);
        try (var files = Files.list(elsewhere)) {
            assertThat(files.toList(), is(List.of()));
        }
    }

    @Test
    void theScriptRunsOnlyTheCliThePluginShips() throws Exception {
        Path jar = Files.writeString(tmp.resolve("kata-release.jar"), "not the plugin's jar");
        Path script = Files.writeString(tmp.resolve("launch.sh"), LaunchScript.text());
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true);
        pb.environment().put(LaunchScript.JAR, jar.toString());
        pb.environment().put(LaunchScript.JAR_SHA256, "0".repeat(64));
        pb.environment().put(LaunchScript.CONTROL, tmp.toString());
        Process run = pb.start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(), is(AgentProtocol.WRONG_JAR_EXIT));
        assertThat(out, containsString("is not the CLI this plugin ships"));
    }

    @Test
    void aJavaTooOldIsNamedWithWhatToDo(JenkinsRule r) throws Exception {
        r.createOnlineSlave(Label.get("x86_64"));
        Path java8 = fakeJava("1.8.0_402");
        WorkflowRun b = Pipelines.build(r, "old-java", "node('x86_64') {\n"
                + "  withEnv([" + q("KATA_RELEASE_JAVA=" + java8) + "]) {\n"
                + "    kataUpstreamTags(upstream: " + q(sandbox.upstreamUrl()) + ", fork: " + q(sandbox.forkUrl()) + ")\n"
                + "  }\n"
                + "}", Result.FAILURE);
        r.assertLogContains("no Java 17 or newer where this step runs; tried: " + java8 + " (version 1.8)", b);
        r.assertLogContains("kataUpstreamTags: there is no Java 17 or newer where this step runs on node 'slave0'", b);
        r.assertLogContains("set KATA_RELEASE_JAVA", b);
    }

    @Test
    void withoutAnyJavaTheScriptSaysWhatItTried() throws Exception {
        // Only what the script itself needs on PATH: no java anywhere.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : new String[] {"sh", "sed", "head"}) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/bin", tool).toRealPath());
        }
        Path script = tmp.resolve("launch.sh");
        Files.writeString(script, LaunchScript.text());
        Process clean = new ProcessBuilder("/usr/bin/env", "-i", "PATH=" + bin, "/bin/sh", script.toString())
                .redirectErrorStream(true).start();
        String out = new String(clean.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(clean.waitFor(), is(AgentProtocol.NO_JAVA_EXIT));
        assertThat(out, containsString("no Java 17 or newer where this step runs; tried: nothing (no KATA_RELEASE_JAVA,"
                + " no JAVA_HOME, no java on PATH)"));
        // A JAVA_HOME without a java is named too.
        Process home = new ProcessBuilder("/usr/bin/env", "-i", "PATH=" + bin, "JAVA_HOME=" + tmp.resolve("jdk"), "/bin/sh",
                script.toString()).redirectErrorStream(true).start();
        assertThat(new String(home.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                containsString("tried: " + tmp.resolve("jdk/bin/java") + " (not found)"));
        assertThat(home.waitFor(), is(AgentProtocol.NO_JAVA_EXIT));
    }

    private Path fakeJava(String version) throws Exception {
        Path java = tmp.resolve("java-" + version);
        Files.writeString(java, "#!/bin/sh\necho 'java version \"" + version + "\"' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    /**
     * {@code recordedLaunches(file) { ... }}: every process the body launches on the node goes
     * through a decorator that appends a line to the file and sets KATA_TEST_DECORATION, as a
     * container or docker decorator wraps the commands it is given.
     */
    public static final class RecordedLaunchesStep extends Step implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;

        @DataBoundConstructor
        public RecordedLaunchesStep(String file) {
            this.file = file;
        }

        public String getFile() {
            return file;
        }

        @Override
        public StepExecution start(StepContext context) {
            return new StepExecution(context) {
                private static final long serialVersionUID = 1L;

                @Override
                public boolean start() throws Exception {
                    getContext().newBodyInvoker()
                            .withContext(BodyInvoker.mergeLauncherDecorators(getContext().get(LauncherDecorator.class),
                                    new Recorder(file)))
                            .withCallback(BodyExecutionCallback.wrap(getContext()))
                            .start();
                    return false;
                }
            };
        }

        @TestExtension
        public static final class DescriptorImpl extends StepDescriptor {
            @Override
            public String getFunctionName() {
                return "recordedLaunches";
            }

            @Override
            public boolean takesImplicitBlockArgument() {
                return true;
            }

            @Override
            public Set<? extends Class<?>> getRequiredContext() {
                return Set.of();
            }
        }
    }

    private static final class Recorder extends LauncherDecorator implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;

        Recorder(String file) {
            this.file = file;
        }

        @Override
        public Launcher decorate(Launcher launcher, Node node) {
            // A build gets only the variables it is given: the decoration names its own for it.
            return launcher.decorateByPrefix("env", "KATA_TEST_DECORATION=yes", "KATA_RELEASE_BUILD_ENV=KATA_TEST_DECORATION",
                    "sh", "-c",
                    "printf '%s\\n' \"$*\" >> '" + file + "'; exec \"$@\"", "recorded");
        }
    }
}
