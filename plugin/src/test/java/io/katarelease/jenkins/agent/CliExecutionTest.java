package io.katarelease.jenkins.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.katarelease.jenkins.results.ResultKind;
import io.katarelease.jenkins.testing.FakeStepContext;
import io.katarelease.jenkins.testing.SerializingChannel;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable execution with the real CLI jar and real processes: a controller restart while
 * the process runs, a stop, an agent that goes away, a process that dies.
 */
class CliExecutionTest {
    @TempDir
    Path tmp;
    File workspace;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(tmp.resolve("workspace")).toFile();
        Files.createDirectories(tmp.resolve("workspace/kata"));
    }

    /** A real build whose command runs long enough to restart the "controller" in the middle. */
    private CliInvocation slowBuild(String seconds) throws Exception {
        Path checkout = tmp.resolve("workspace/kata");
        Files.createDirectories(checkout.resolve("tools/packaging/qemu/patches/11.0.x"));
        Files.writeString(checkout.resolve("versions.yaml"), """
                assets:
                  hypervisor:
                    qemu:
                      url: "https://github.com/qemu/qemu"
                      version: "v11.0.1"
                """);
        String command = "for i in 1 2 3 4 5 6; do echo step $i; sleep " + seconds + "; done;"
                + " mkdir -p opt/kata/bin build && printf x > opt/kata/bin/qemu-system-x86_64"
                + " && tar -cJf build/kata-static-qemu.tar.xz opt && rm -r opt";
        return new CliInvocation("kataBuildQemu", ResultKind.BUILD,
                List.of(List.of("build", "qemu", "--repo", "kata", "--command", command,
                        "--cache", tmp.resolve("cache").toString(), "--json")), null, null);
    }

    @Test
    void aControllerRestartResumesFromTheSavedOffsetWhileTheProcessRunsOn() throws Exception {
        FakeStepContext context = new FakeStepContext(workspace);
        CliExecution before = new CliExecution(context, slowBuild("0.5"));
        assertThat(before.start()).isFalse();
        await(() -> context.log().contains("step 2"), "the build to print");

        // The controller goes down: its timer stops and the execution is read back from disk.
        stopPolling(before);
        long pid = pid(before);
        CliExecution after = (CliExecution) SerializingChannel.roundTrip(before);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        after.onResume();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) context.await(120);
        assertThat(result).containsEntry("component", "qemu").containsEntry("artifact", "kata/build/kata-static-qemu.tar.xz");
        String log = context.log();
        assertThat(log).contains("resuming");
        for (int i = 1; i <= 6; i++) {
            // Every line exactly once: nothing lost across the restart, nothing repeated.
            String line = "step " + i;
            assertThat(log.split("\n")).filteredOn(l -> l.endsWith(line)).hasSize(1);
        }
        assertThat(log).containsOnlyOnce("kata-release runs on the agent");
        assertThat(context.completions()).isEqualTo(1);
    }

    @Test
    void stopKillsTheProcessAndWhatItStarted() throws Exception {
        FakeStepContext context = new FakeStepContext(workspace);
        CliExecution execution = new CliExecution(context, slowBuild("30"));
        execution.start();
        await(() -> context.log().contains("step 1"), "the build to start");
        long pid = pid(execution);
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
        assertThat(tree).isNotEmpty();

        execution.stop(new CancellationException("aborted by a person"));
        assertThatThrownBy(() -> context.await(30)).hasMessage("aborted by a person");
        await(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && tree.stream().noneMatch(ProcessHandle::isAlive), "the processes to end");
    }

    @Test
    void aProcessThatDiesFailsTheStepWithWhatToDo() throws Exception {
        FakeStepContext context = new FakeStepContext(workspace);
        CliExecution execution = new CliExecution(context, slowBuild("30"));
        execution.start();
        await(() -> context.log().contains("step 1"), "the build to start");
        ProcessHandle runner = ProcessHandle.of(pid(execution)).orElseThrow();
        runner.destroyForcibly();
        assertThatThrownBy(() -> context.await(60)).isInstanceOf(AbortException.class)
                .hasMessageContaining("stopped without finishing").hasMessageContaining("Re-run the build");
        runner.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void anOfflineAgentIsWaitedFor() throws Exception {
        FakeStepContext context = new FakeStepContext(workspace);
        context.setAgentOnline(false);
        CliExecution execution = new CliExecution(context, new CliInvocation("kataUpstreamTags", ResultKind.UPSTREAM_TAGS,
                List.of(List.of("--version")), null, null));
        execution.start();
        await(() -> context.log().contains("waiting for the agent"), "the wait message");
        Thread.sleep(300);
        assertThat(context.completions()).isZero();
        context.setAgentOnline(true);
        context.await(60);
        assertThat(context.log()).containsOnlyOnce("waiting for the agent");
    }

    @Test
    void theJarIsStagedOncePerContent() throws Exception {
        FakeStepContext context = new FakeStepContext(workspace);
        CliExecution execution = new CliExecution(context, new CliInvocation("kataUpstreamTags", ResultKind.UPSTREAM_TAGS,
                List.of(List.of("--version")), null, null));
        execution.start();
        context.await(60);
        File[] jars = tmp.resolve("workspace@tmp/kata-release").toFile().listFiles((d, n) -> n.endsWith(".jar"));
        assertThat(jars).hasSize(1);
        assertThat(jars[0].getName()).isEqualTo("kata-release-" + CliJar.sha256().substring(0, 16) + ".jar");
        // Control directories are removed once the result is read.
        assertThat(tmp.resolve("workspace@tmp/kata-release").toFile().list()).containsExactly(jars[0].getName());
    }

    private static void stopPolling(CliExecution execution) throws Exception {
        Field finished = CliExecution.class.getDeclaredField("finished");
        finished.setAccessible(true);
        finished.set(execution, true);
        Field task = CliExecution.class.getDeclaredField("task");
        task.setAccessible(true);
        Future<?> f = (Future<?>) task.get(execution);
        if (f != null) {
            f.cancel(false);
        }
        Thread.sleep(300); // a tick already running finishes
    }

    private static long pid(CliExecution execution) throws Exception {
        Field dir = CliExecution.class.getDeclaredField("controlDir");
        dir.setAccessible(true);
        return Long.parseLong(Files.readString(Path.of((String) dir.get(execution), ControlFiles.PID)).trim());
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

}
