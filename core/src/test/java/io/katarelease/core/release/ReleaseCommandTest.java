package io.katarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.KataRelease;
import io.katarelease.core.build.Tarballs;
import io.katarelease.core.git.Remote;
import io.katarelease.core.publish.LocalReleaseHost;
import io.katarelease.core.publish.ReleaseHost;
import io.katarelease.core.release.ReleaseResult.StageOutcome;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.sync.SyncCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on the offline sandbox, with build commands that make real kata-static tarballs. */
class ReleaseCommandTest {
    static final String TAG = "4.1.0-digitalocean-0";
    /** Makes build/kata-static-<component>.tar.xz from files, as kata's make targets would. */
    static final String BUILD = "c={component}; s=$(mktemp -d); mkdir -p $s/opt/kata/bin $s/opt/kata/share/kata-containers;"
            + " if [ $c = qemu ]; then echo qemu > $s/opt/kata/bin/qemu-system-x86_64;"
            + " else echo kernel > $s/opt/kata/share/kata-containers/vmlinuz-6.18.35-202; fi;"
            + " mkdir -p build; tar -cJf build/kata-static-$c.tar.xz -C $s ./opt; rm -rf $s; echo x >> ../builds-$c";

    @TempDir
    Path tmp;

    Sandbox sandbox;

    @BeforeEach
    void sandbox() throws Exception {
        sandbox = Sandbox.create(tmp.resolve("sandbox"));
    }

    private SyncCommand sync() throws Exception {
        return KataRelease.sync().setUpstream(Remote.of("upstream", sandbox.upstreamUrl(), null))
                .setFork(Remote.of("fork", sandbox.forkUrl(), null)).setTag("4.1.0").setWorkDir(sandbox.workDir());
    }

    private ReleaseCommand release(ReleaseHost host) throws Exception {
        return new ReleaseCommand().setSync(sync()).setBuildCommand(BUILD).setStateDir(tmp.resolve("state"))
                .setCacheDir(tmp.resolve("cache")).setHost(host);
    }

    private static String action(ReleaseResult r, String stage) {
        return r.stages().stream().filter(s -> s.name().equals(stage)).map(StageOutcome::action).findFirst()
                .orElse("absent");
    }

    @Test
    void runsEveryStageAndAReRunSkipsOrConvergesWithTheSameBytes() throws Exception {
        Path releases = tmp.resolve("releases");
        ReleaseResult first = release(new LocalReleaseHost(releases)).call();

        assertThat(first.releaseTag()).isEqualTo(TAG);
        assertThat(first.stages()).extracting(StageOutcome::name).containsExactly("sync", "checkout", "build qemu",
                "build kernel", "package", "publish");
        assertThat(first.stages()).extracting(StageOutcome::action).containsOnly("ran");
        Path tarball = releases.resolve(TAG).resolve(TAG + "-x86_64.tar.xz");
        assertThat(Tarballs.list(tarball)).contains("opt/kata/bin/qemu-system-x86_64", "opt/kata/VERSION",
                "opt/kata/versions.yaml", "opt/kata/share/kata-containers/vmlinuz-6.18.35-202");
        assertThat(releases.resolve(TAG).resolve("notes.md")).content().contains("qemu: carry virtio-net tx queue tuning");
        assertThat(Path.of(first.ledger())).exists();
        byte[] bytes = Files.readAllBytes(tarball);

        ReleaseResult again = release(new LocalReleaseHost(releases)).call();

        assertThat(again.sync().status().name()).isEqualTo("UP_TO_DATE");
        assertThat(action(again, "checkout")).isEqualTo("skipped");
        assertThat(action(again, "build qemu")).isEqualTo("skipped");
        assertThat(action(again, "package")).isEqualTo("skipped");
        assertThat(action(again, "publish")).isEqualTo("skipped");
        assertThat(Files.readAllBytes(tarball)).isEqualTo(bytes);
        assertThat(Files.readAllLines(tmp.resolve("state").resolve(TAG).resolve("builds-qemu"))).hasSize(1);
    }

    @Test
    void aNewForkCommitBetweenRunsMakesANewReleaseAndRedoesEveryStage() throws Exception {
        Path releases = tmp.resolve("releases");
        release(new LocalReleaseHost(releases)).call();
        try (FileRepository fork = new FileRepository(sandbox.dir().resolve("fork.git").toFile());
                org.eclipse.jgit.junit.TestRepository<FileRepository> tr = new org.eclipse.jgit.junit.TestRepository<>(fork)) {
            tr.branch("refs/heads/do/main").commit()
                    .add("tools/packaging/kernel/patches/6.18.x/0002-do-second.patch", "--- a/x\n+++ b/x\n")
                    .message("kernel: carry a second fix").create();
        }

        ReleaseResult r = release(new LocalReleaseHost(releases)).call();

        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-1");
        assertThat(action(r, "checkout")).isEqualTo("ran");
        assertThat(action(r, "build kernel")).isEqualTo("ran");
        assertThat(action(r, "build qemu")).isEqualTo("skipped");
        assertThat(action(r, "package")).isEqualTo("ran");
        assertThat(releases.resolve("4.1.0-digitalocean-1").resolve("4.1.0-digitalocean-1-x86_64.tar.xz")).exists();
        assertThat(releases.resolve(TAG).resolve(TAG + "-x86_64.tar.xz")).exists();
    }

    @Test
    void aRunKilledWhilePublishingIsCompletedByTheNext() throws Exception {
        Path releases = tmp.resolve("releases");
        ReleaseHost dying = new ReleaseHost() {
            final LocalReleaseHost real = new LocalReleaseHost(releases);

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public Optional<Release> find(String tag) throws IOException {
                return real.find(tag);
            }

            @Override
            public Release createDraft(String tag, String notes) throws IOException {
                return real.createDraft(tag, notes);
            }

            @Override
            public Asset upload(Release release, Path file, String sha256) throws IOException {
                throw new IOException("killed");
            }

            @Override
            public void delete(Release release, Asset asset) throws IOException {
                real.delete(release, asset);
            }

            @Override
            public Release publish(Release release) throws IOException {
                return real.publish(release);
            }
        };
        assertThatThrownBy(() -> release(dying).call()).hasMessageContaining("killed");

        ReleaseResult r = release(new LocalReleaseHost(releases)).call();

        assertThat(action(r, "build kernel")).isEqualTo("skipped");
        assertThat(action(r, "package")).isEqualTo("skipped");
        assertThat(action(r, "publish")).isEqualTo("ran");
        assertThat(r.published().draft()).isFalse();
        assertThat(releases.resolve(TAG).resolve(TAG + "-x86_64.tar.xz")).exists();
    }

    @Test
    void aDryRunPlansEverythingAndChangesNothing() throws Exception {
        ReleaseResult r = new ReleaseCommand().setSync(sync().setDryRun(true)).setStateDir(tmp.resolve("state")).call();

        assertThat(r.dryRun()).isTrue();
        assertThat(r.stages()).extracting(StageOutcome::action).containsOnly("planned");
        assertThat(r.stages()).filteredOn(s -> s.name().equals("build qemu")).singleElement()
                .satisfies(s -> assertThat(s.detail()).startsWith("cache miss, would build v11.0.1 with 1 patches"));
        assertThat(r.inspect().components()).anySatisfy(c -> assertThat(c.path()).isEqualTo(".assets.kernel.version"));
        try (FileRepository fork = new FileRepository(sandbox.dir().resolve("fork.git").toFile())) {
            assertThat(fork.resolve("refs/tags/" + TAG)).isNull();
        }
        assertThat(tmp.resolve("state").resolve(TAG)).doesNotExist();
    }

    @Test
    void aDryRunAfterAReleaseReportsCacheHits() throws Exception {
        release(new LocalReleaseHost(tmp.resolve("releases"))).call();

        ReleaseResult r = new ReleaseCommand().setSync(sync().setDryRun(true)).setBuildCommand(BUILD)
                .setCacheDir(tmp.resolve("cache")).setStateDir(tmp.resolve("state")).call();

        assertThat(r.stages()).filteredOn(s -> s.name().startsWith("build ")).extracting(StageOutcome::detail)
                .allSatisfy(d -> assertThat(d).startsWith("cache hit"));
    }

    @Test
    void withoutATargetOnlyADryRunIsAllowed() {
        assertThatThrownBy(() -> new ReleaseCommand().setSync(sync()).call())
                .hasMessageContaining("no release target");
    }
}
