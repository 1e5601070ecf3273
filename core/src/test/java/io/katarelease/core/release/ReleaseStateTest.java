package io.katarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.files.DirectoryLock;
import io.katarelease.core.files.StateBusyException;
import io.katarelease.core.git.Remote;
import io.katarelease.core.ledger.DamagedStateException;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.publish.LocalReleaseHost;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.sync.SyncCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One release per state directory, and state that cannot be trusted stops a run before it starts. */
class ReleaseStateTest {
    static final String TAG = ReleaseCommandTest.TAG;
    /** Nothing listens there: a run that reaches the network fails with REMOTE_UNAVAILABLE, not the tested reason. */
    static final String DEAD = "http://127.0.0.1:9/kata-containers.git";

    @TempDir
    Path tmp;

    Sandbox sandbox;

    @BeforeEach
    void sandbox() throws Exception {
        sandbox = Sandbox.create(tmp.resolve("sandbox"));
    }

    private ReleaseCommand release(String upstream, String fork, Path releases) throws Exception {
        SyncCommand sync = KataRelease.sync().setUpstream(Remote.of("upstream", upstream, null))
                .setFork(Remote.of("fork", fork, null)).setTag("4.1.0").setWorkDir(sandbox.workDir());
        return new ReleaseCommand().setSync(sync).setBuildCommand(ReleaseCommandTest.BUILD)
                .setStateDir(tmp.resolve("state")).setCacheDir(tmp.resolve("cache"))
                .setHost(new LocalReleaseHost(releases));
    }

    private ReleaseCommand release(Path releases) throws Exception {
        return release(sandbox.upstreamUrl(), sandbox.forkUrl(), releases);
    }

    private Map<String, String> forkRefs() throws IOException {
        try (Repository r = new FileRepositoryBuilder().setGitDir(Path.of(sandbox.forkUrl().replaceFirst("^file://", ""))
                .toFile()).build()) {
            Map<String, String> refs = new TreeMap<>();
            for (Ref ref : r.getRefDatabase().getRefs()) {
                refs.put(ref.getName(), ref.getObjectId().name());
            }
            return refs;
        }
    }

    @Test
    void aSecondRunOnTheSameStateStopsAtOnceNamingTheHolderAndChangesNothing() throws Exception {
        Map<String, String> before = forkRefs();
        Path releases = tmp.resolve("releases");
        try (DirectoryLock held = DirectoryLock.acquire(tmp.resolve("state"), "the first release")) {
            assertThatThrownBy(() -> release(releases).call()).isInstanceOfSatisfying(StateBusyException.class, e -> {
                assertThat(e.reason()).isEqualTo(ReleaseException.Reason.BUSY);
                assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid(), "the first release",
                        "started ", tmp.resolve("state").toString(), "nothing was changed",
                        "give a lock timeout to wait for it");
                assertThat(e.settings()).containsExactly(Setting.LOCK_TIMEOUT);
            });
        }
        assertThat(forkRefs()).isEqualTo(before);
        assertThat(releases).doesNotExist();
        // The lock goes with its holder: the next run proceeds.
        assertThat(release(releases).call().releaseTag()).isEqualTo(TAG);
    }

    @Test
    void withALockTimeoutASecondRunWaitsForTheFirstAndThenProceeds() throws Exception {
        Path releases = tmp.resolve("releases");
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        DirectoryLock held = DirectoryLock.acquire(tmp.resolve("state"), "the first release");
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(1500);
                held.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        releaser.start();
        ReleaseCommand second = release(releases);
        second.setProgress(new io.katarelease.core.progress.Progress() {
            @Override
            public void step(String message) {
                said.add(message);
            }

            @Override
            public void warn(String message) {
                said.add(message);
            }

            @Override
            public org.eclipse.jgit.lib.ProgressMonitor transfer() {
                return org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE;
            }
        });
        SyncCommand sync = KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag("4.1.0").setWorkDir(sandbox.workDir())
                .setLockTimeout(java.time.Duration.ofSeconds(60));

        ReleaseResult r = second.setSync(sync).call();

        releaser.join();
        assertThat(r.releaseTag()).isEqualTo(TAG);
        assertThat(said).anySatisfy(m -> assertThat(m).contains("waiting up to 60 s", "the first release"));
    }

    @Test
    void twoReleasesStartedTogetherGiveExactlyOneReleaseWithEachAssetOnce() throws Exception {
        Path releases = tmp.resolve("releases");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ReleaseCommand command = release(releases);
                runs.add(pool.submit((Callable<Object>) () -> {
                    start.await();
                    try {
                        return command.call();
                    } catch (StateBusyException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : runs) {
                outcomes.add(f.get());
            }
            long released = outcomes.stream().filter(o -> o instanceof ReleaseResult).count();
            long busy = outcomes.stream().filter(o -> o instanceof StateBusyException).count();
            // Either the second was refused while the first ran, or it started after and found it done.
            assertThat(released + busy).isEqualTo(2);
            assertThat(released).isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(releases.resolve(TAG))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "4.1.0-digitalocean-0-report.md", "4.1.0-digitalocean-0-x86_64.tar.xz", "SHA256SUMS", "notes.md",
                    "release.json");
        }
        assertThat(forkRefs()).containsKey("refs/tags/" + TAG).doesNotContainKey("refs/tags/4.1.0-digitalocean-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "garbage", "not an object", "stages wrong type", "stage without inputs",
        "schema text", "bad time", "binary"})
    void aDamagedLedgerStopsTheRunBeforeAnyNetworkOrGitWork(String damage) throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path ledger = state.resolve(TAG + ".json");
        byte[] bytes = switch (damage) {
            case "truncated" -> "{\"schema\":1,\"releaseTag\":\"4.1.0-digitalocean-0\",\"stages\":{\"sync\":{\"inp"
                    .getBytes();
            case "garbage" -> "]]]not json at all".getBytes();
            case "not an object" -> "[1,2,3]".getBytes();
            case "stages wrong type" -> "{\"releaseTag\":\"x\",\"stages\":\"sync\"}".getBytes();
            case "stage without inputs" -> ("{\"releaseTag\":\"x\",\"stages\":{\"sync\":{\"outputs\":{},\"finishedAt\":"
                    + "\"2026-01-01T00:00:00Z\"}}}").getBytes();
            case "schema text" -> "{\"schema\":\"one\",\"releaseTag\":\"x\",\"stages\":{}}".getBytes();
            case "bad time" -> ("{\"releaseTag\":\"x\",\"stages\":{\"sync\":{\"inputs\":{},\"outputs\":{},\"finishedAt\":"
                    + "\"yesterday\"}}}").getBytes();
            default -> new byte[] {0, (byte) 0xff, 0x1f, (byte) 0x8b, 7};
        };
        Files.write(ledger, bytes);

        assertThatThrownBy(() -> release(DEAD, DEAD, tmp.resolve("releases")).call())
                .isInstanceOfSatisfying(DamagedStateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReleaseException.Reason.STATE_DAMAGED);
                    assertThat(e.getMessage()).contains(ledger.toString(), "discard damaged state");
                    assertThat(e.settings()).containsExactly(Setting.DISCARD_DAMAGED_STATE);
                });
        assertThat(ledger).hasBinaryContent(bytes);
    }

    @Test
    void aLedgerFromANewerVersionIsNamedAndNeverDiscarded() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path ledger = Files.writeString(state.resolve(TAG + ".json"),
                "{\"schema\":2,\"releaseTag\":\"4.1.0-digitalocean-0\",\"stages\":{},\"newField\":true}");

        assertThatThrownBy(() -> release(DEAD, DEAD, tmp.resolve("releases")).setDiscardDamagedState(true).call())
                .isInstanceOf(DamagedStateException.class)
                .hasMessageContaining("newer kata-release")
                .hasMessageContaining("schema 2");
        assertThat(ledger).exists();
    }

    @Test
    void discardingSetsTheDamagedLedgerAsideAndTheReleaseConverges() throws Exception {
        Path releases = tmp.resolve("releases");
        release(releases).call();
        Path ledger = tmp.resolve("state").resolve(TAG + ".json");
        Files.writeString(ledger, "{\"schema\":1,\"releaseTag\":");

        ReleaseResult again = release(releases).setDiscardDamagedState(true).call();

        assertThat(again.releaseTag()).isEqualTo(TAG);
        assertThat(Ledger.open(tmp.resolve("state"), TAG).stages()).containsKeys("sync", "package", "verify",
                "publish");
        try (Stream<Path> s = Files.list(tmp.resolve("state"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith(TAG
                    + ".json.damaged-"));
        }
        // Converged: the builds came from the cache, the release still has each asset once.
        assertThat(Files.readAllLines(tmp.resolve("state").resolve(TAG).resolve("builds-qemu"))).hasSize(1);
    }

    @Test
    void aDryRunTakesNoLockAndLeavesNothingInTheSystemTempDir() throws Exception {
        Path systemTmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<String> before = planDirsIn(systemTmp);
        try (DirectoryLock held = DirectoryLock.acquire(tmp.resolve("state"), "a release")) {
            SyncCommand sync = KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                    .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag("4.1.0").setWorkDir(sandbox.workDir())
                    .setDryRun(true);
            ReleaseResult planned = new ReleaseCommand().setSync(sync).setBuildCommand(ReleaseCommandTest.BUILD)
                    .setStateDir(tmp.resolve("state")).setCacheDir(tmp.resolve("cache")).call();
            assertThat(planned.dryRun()).isTrue();
        }
        assertThat(planDirsIn(systemTmp)).isEqualTo(before);
        try (Stream<Path> s = Files.list(tmp.resolve("state"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.startsWith(".plan-"));
        }
    }

    private static List<String> planDirsIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("kata-release-")).sorted().toList();
        }
    }
}
