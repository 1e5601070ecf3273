package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two release processes on one state directory at the same moment: exactly one release, each asset once. */
class ConcurrentReleaseTest {
    static final String TAG = ReleaseKillTest.TAG;

    @TempDir
    Path tmp;

    @Test
    void twoProcessesOnOneStateGiveOneReleaseAndTheLoserNamesTheHolder() throws Exception {
        Sandbox s = Sandbox.create(tmp.resolve("sandbox"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "release",
                "--upstream", s.upstreamUrl(), "--fork", s.forkUrl(), "--tag", "4.1.0", "--work-dir",
                s.workDir().toString(), "--state", s.stateDir().toString(), "--cache", s.cacheDir().toString(),
                "--build-command", Sandbox.BUILD_COMMAND + " && sleep 1", "--to-dir", s.releasesDir().toString()));
        Process first = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process second = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String firstErr = new String(first.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String secondErr = new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();

        List<Integer> codes = List.of(first.exitValue(), second.exitValue());
        // Both started within a JVM start of each other; the builds take seconds, so one is
        // refused while the other runs (or, on a very slow machine, finds the release done).
        assertThat(codes).as(firstErr + "\n----\n" + secondErr).containsAnyOf(ExitCodes.OK)
                .allMatch(c -> c == ExitCodes.OK || c == ExitCodes.BUSY);
        String loser = first.exitValue() == ExitCodes.BUSY ? firstErr : second.exitValue() == ExitCodes.BUSY
                ? secondErr : null;
        if (loser != null) {
            long winner = (first.exitValue() == ExitCodes.BUSY ? second : first).pid();
            assertThat(loser).contains("another kata-release run holds " + s.stateDir(), "pid " + winner,
                    "nothing was changed");
        }
        try (Stream<Path> files = Files.list(s.releasesDir().resolve(TAG))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    TAG + "-report.md", TAG + "-x86_64.tar.xz", "SHA256SUMS", "notes.md", "release.json");
        }
        assertThat(ReleaseKillTest.leftovers(s.dir())).isEmpty();
    }
}
