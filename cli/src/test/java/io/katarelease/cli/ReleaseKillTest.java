package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.build.Digests;
import io.katarelease.core.sandbox.Sandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The release process really killed (SIGKILL) at a stage boundary or inside sync, a build, the
 * verification or an upload, then run again: the final state must equal a clean run's.
 */
class ReleaseKillTest {
    static final String TAG = "4.1.0-digitalocean-0";

    @TempDir
    static Path shared;

    static Map<String, String> clean;

    @BeforeAll
    static void cleanRun() throws Exception {
        Sandbox sandbox = Sandbox.create(shared.resolve("clean"));
        CliRun run = CliRun.of(Map.of(), args(sandbox));
        assertThat(run.exitCode()).as(run.err()).isZero();
        clean = finalState(sandbox);
    }

    private static String[] args(Sandbox s) {
        return new String[] {"release", "--upstream", s.upstreamUrl(), "--fork", s.forkUrl(), "--tag", "4.1.0",
            "--work-dir", s.workDir().toString(), "--state", s.stateDir().toString(), "--cache",
            s.cacheDir().toString(), "--build-command", Sandbox.BUILD_COMMAND, "--to-dir", s.releasesDir().toString()};
    }

    /** What must not depend on kills: fork refs (by tree), the release's assets and the tarball's bytes. */
    private static Map<String, String> finalState(Sandbox s) throws Exception {
        Map<String, String> state = new TreeMap<>();
        try (FileRepository fork = new FileRepository(s.dir().resolve("fork.git").toFile())) {
            for (Ref r : fork.getRefDatabase().getRefs()) {
                if (!r.getName().startsWith("refs/kata-release/backup/")) {
                    state.put(r.getName(), fork.resolve(r.getName() + "^{tree}").name());
                }
            }
            state.put("backups", String.valueOf(fork.getRefDatabase().getRefsByPrefix("refs/kata-release/backup/")
                    .stream().map(r -> r.getName().replaceAll("/[0-9]{8}T[0-9]{6}Z-.*", "")).distinct().count()));
        }
        Path release = s.releasesDir().resolve(TAG);
        try (Stream<Path> files = Files.list(release)) {
            state.put("release files", files.map(p -> p.getFileName().toString()).sorted().toList().toString());
        }
        state.put("tarball", Digests.sha256(release.resolve(TAG + "-x86_64.tar.xz")));
        state.put("draft", String.valueOf(Files.readString(release.resolve("release.json")).contains("\"draft\" : true")));
        // The report names this run's commits, so its bytes differ between sandboxes; what must
        // hold: one Verification section, and a SHA256SUMS that matches the files.
        String report = Files.readString(release.resolve(TAG + "-report.md"));
        state.put("report verification sections", String.valueOf(report.split("\n## Verification\n", -1).length - 1));
        boolean sums = true;
        for (String line : Files.readAllLines(release.resolve("SHA256SUMS"))) {
            sums &= line.substring(0, 64).equals(Digests.sha256(release.resolve(line.substring(66))));
        }
        state.put("SHA256SUMS matches", String.valueOf(sums));
        return state;
    }

    @ParameterizedTest
    @ValueSource(strings = {"» pushing", "» stage checkout", "qemu | built", "» stage build kernel",
        "» stage package", "» verify: unpacking", "» stage publish", "» uploading"})
    void aKilledRunIsCompletedByTheNextWithTheCleanRunsFinalState(String killAt) throws Exception {
        Sandbox sandbox = Sandbox.create(shared.resolve("k" + Math.abs(killAt.hashCode())));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args(sandbox)));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean killed = false;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                if (line.startsWith(killAt)) {
                    p.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(killed).as("the run reached '" + killAt + "'").isTrue();

        CliRun again = CliRun.of(Map.of(), args(sandbox));

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(finalState(sandbox)).isEqualTo(clean);
        assertThat(leftovers(sandbox.dir())).as("temporary files of the killed run").isEmpty();
    }

    /** Temporary files and folders of any run: after a completed run, none may be left. */
    static List<String> leftovers(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p).toString()).filter(p -> !p.contains(".git/") && !p.endsWith(".git"))
                    .filter(p -> p.endsWith(".part") || p.contains(".kata-release-package-") || p.contains("/.plan-")
                            || p.contains(".kata-release-verify-") || p.endsWith(".checkout")
                            || p.contains(".tmp/store-") || p.contains(".tmp/patch-check-"))
                    .toList();
        }
    }
}
