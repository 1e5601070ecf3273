package io.katarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.KataRelease;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.Tarballs;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.build.remote.RegistryCredentials;
import io.katarelease.core.build.remote.RegistryReference;
import io.katarelease.core.git.Remote;
import io.katarelease.core.build.Digests;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.publish.LocalReleaseHost;
import io.katarelease.core.publish.ReleaseHost;
import io.katarelease.core.release.ReleaseResult.StageOutcome;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.sync.SyncCommand;
import io.katarelease.core.testing.RegistryExtension;
import io.katarelease.core.testing.RegistryServer;
import io.katarelease.core.verify.VerifyFailedException;
import io.katarelease.core.verify.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on the offline sandbox, with build commands that make real kata-static tarballs. */
@ExtendWith(RegistryExtension.class)
class ReleaseCommandTest {
    static final String TAG = "4.1.0-digitalocean-0";
    /**
     * Makes build/kata-static-<component>.tar.xz with the sandbox's stand-in for kata's make targets
     * (a real ELF QEMU and bzImage kernel, which verify checks), counting the builds.
     */
    static final String BUILD = Sandbox.BUILD_COMMAND + " && echo x >> ../builds-{component}";
    /** Like kata's make targets gone wrong: a QEMU that is a shell script, not a program. */
    static final String BROKEN_QEMU = "c={component}; if [ $c = kernel ]; then " + BUILD + "; else s=$(mktemp -d);"
            + " mkdir -p $s/opt/kata/bin; printf '#!/bin/sh\\necho QEMU emulator version 11.0.1\\n'"
            + " > $s/opt/kata/bin/qemu-system-x86_64; chmod 755 $s/opt/kata/bin/qemu-system-x86_64;"
            + " mkdir -p build; tar -cJf build/kata-static-$c.tar.xz -C $s ./opt; rm -rf $s; fi";

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
    void aReleaseOnASecondMachineTakesBothComponentsFromTheRemoteCache(RegistryServer registry) throws Exception {
        RegistryCache remote = RegistryCache.open(RegistryReference.parse(registry.reference("kata-cache"), false),
                RegistryCredentials.anonymous());
        ReleaseResult first = release(new LocalReleaseHost(tmp.resolve("releases-a"))).setRemoteCache(remote).call();
        assertThat(first.stages()).filteredOn(st -> st.name().startsWith("build ")).extracting(StageOutcome::detail)
                .allSatisfy(d -> assertThat(d).startsWith("built, pushed to " + registry.reference("kata-cache")));

        // Another machine: its own state (checkouts, ledgers) and local cache.
        ReleaseResult second = new ReleaseCommand().setSync(sync()).setBuildCommand(BUILD)
                .setStateDir(tmp.resolve("state-b")).setCacheDir(tmp.resolve("cache-b"))
                .setHost(new LocalReleaseHost(tmp.resolve("releases-b"))).setRemoteCache(remote).call();

        assertThat(second.stages()).filteredOn(st -> st.name().startsWith("build ")).hasSize(2)
                .allSatisfy(st -> assertThat(st.detail()).startsWith("remote cache hit from "
                        + registry.reference("kata-cache") + "@sha256:"));
        assertThat(tmp.resolve("state-b").resolve(TAG).resolve("builds-qemu")).doesNotExist();
        assertThat(tmp.resolve("state-b").resolve(TAG).resolve("builds-kernel")).doesNotExist();
        assertThat(Files.readAllBytes(tmp.resolve("releases-b").resolve(TAG).resolve(TAG + "-x86_64.tar.xz")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("releases-a").resolve(TAG).resolve(TAG + "-x86_64.tar.xz")));
    }

    @Test
    void runsEveryStageAndAReRunSkipsOrConvergesWithTheSameBytes() throws Exception {
        Path releases = tmp.resolve("releases");
        ReleaseResult first = release(new LocalReleaseHost(releases)).call();

        assertThat(first.releaseTag()).isEqualTo(TAG);
        assertThat(first.stages()).extracting(StageOutcome::name).containsExactly("sync", "checkout", "build qemu",
                "build kernel", "package", "verify", "publish", "hand off");
        assertThat(first.stages()).extracting(StageOutcome::name)
                .isEqualTo(ReleaseStages.names(ReleaseStages.DEFAULT_TARGETS));
        assertThat(first.stages()).extracting(StageOutcome::action).containsOnly("ran");
        Path tarball = releases.resolve(TAG).resolve(TAG + "-x86_64.tar.xz");
        // The hand-off names what the validation receives: the tag, the asset's address, its digest.
        assertThat(action(first, "hand off")).isEqualTo("ran");
        String assetUrl = first.published().assets().stream().filter(a -> a.name().equals(TAG + "-x86_64.tar.xz"))
                .findFirst().orElseThrow().url();
        assertThat(assetUrl).endsWith("/" + TAG + "/" + TAG + "-x86_64.tar.xz");
        assertThat(first.stages().get(7).detail()).isEqualTo("RELEASE_TAG=" + TAG + " ASSET_URL=" + assetUrl
                + " ASSET_SHA256=" + Digests.sha256(tarball));
        Ledger ledger = Ledger.open(tmp.resolve("state"), TAG);
        assertThat(ReleaseStages.status(ledger)).allMatch(ReleaseStages.Status::done)
                .extracting(ReleaseStages.Status::name).isEqualTo(ReleaseStages.names(ReleaseStages.DEFAULT_TARGETS));
        assertThat(ledger.last("hand off").orElseThrow().outputs()).containsEntry("ASSET_SHA256",
                Digests.sha256(tarball));
        assertThat(Tarballs.list(tarball)).contains("opt/kata/bin/qemu-system-x86_64", "opt/kata/VERSION",
                "opt/kata/versions.yaml", "opt/kata/share/kata-containers/vmlinuz-6.18.35-202");
        assertThat(releases.resolve(TAG).resolve("notes.md")).content().contains("qemu: carry virtio-net tx queue tuning");
        assertThat(Path.of(first.ledger())).exists();
        byte[] bytes = Files.readAllBytes(tarball);
        assertThat(first.verification().passed()).isTrue();
        assertThat(first.verification().with(VerifyResult.Status.FAILED)).isEmpty();
        assertThat(first.verification().checks()).extracting(VerifyResult.Check::name).contains(
                "ELF opt/kata/bin/qemu-system-x86_64", "bzImage opt/kata/share/kata-containers/vmlinuz-6.18.35-202",
                "name opt/kata/share/kata-containers/vmlinuz-6.18.35-202",
                "link opt/kata/share/kata-containers/vmlinuz.container", "SHA256SUMS");
        String report = Files.readString(releases.resolve(TAG).resolve(TAG + "-report.md"));
        assertThat(report).contains("## Verification", "| versions.yaml | passed |", "| SHA256SUMS | passed | 2 files"
                + " match");
        assertThat(releases.resolve(TAG).resolve("notes.md")).content().contains("## Verification");
        assertThat(sha256sumCheck(releases.resolve(TAG))).contains(TAG + "-report.md: OK", TAG + "-x86_64.tar.xz: OK");
        assertThat(first.published().assets()).allSatisfy(a -> {
            assertThat(a.sha256()).hasSize(64);
            assertThat(a.url()).endsWith("/" + a.name());
        });

        String handedOff = ledger.last("hand off").orElseThrow().finishedAt();
        ReleaseResult again = release(new LocalReleaseHost(releases)).call();

        assertThat(again.sync().status().name()).isEqualTo("UP_TO_DATE");
        assertThat(action(again, "hand off")).isEqualTo("skipped");
        assertThat(Ledger.open(tmp.resolve("state"), TAG).last("hand off").orElseThrow().finishedAt())
                .isEqualTo(handedOff);
        assertThat(action(again, "checkout")).isEqualTo("skipped");
        assertThat(action(again, "build qemu")).isEqualTo("skipped");
        assertThat(action(again, "package")).isEqualTo("skipped");
        assertThat(action(again, "verify")).isEqualTo("skipped");
        assertThat(action(again, "publish")).isEqualTo("skipped");
        assertThat(again.verification()).isEqualTo(first.verification());
        assertThat(Files.readAllBytes(tarball)).isEqualTo(bytes);
        assertThat(releases.resolve(TAG).resolve(TAG + "-report.md")).hasContent(report);
        assertThat(Files.readAllLines(tmp.resolve("state").resolve(TAG).resolve("builds-qemu"))).hasSize(1);
    }

    private static String sha256sumCheck(Path dir) throws Exception {
        Process p = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aFailedCheckStopsTheRunBeforePublishingAndAFixedBuildIsReleased() throws Exception {
        Path releases = tmp.resolve("releases");
        ReleaseCommand broken = new ReleaseCommand().setSync(sync()).setBuildCommand(BROKEN_QEMU)
                .setStateDir(tmp.resolve("state")).setCacheDir(tmp.resolve("cache"))
                .setHost(new LocalReleaseHost(releases));

        assertThatThrownBy(broken::call).isInstanceOfSatisfying(VerifyFailedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ReleaseException.Reason.VERIFY_FAILED);
            assertThat(e.getMessage()).contains("ELF opt/kata/bin/qemu-system-x86_64: not an ELF file");
            assertThat(e.result().with(VerifyResult.Status.FAILED)).extracting(VerifyResult.Check::name)
                    .containsExactly("ELF opt/kata/bin/qemu-system-x86_64");
        });

        assertThat(releases.resolve(TAG)).doesNotExist();
        Ledger ledger = Ledger.open(tmp.resolve("state"), TAG);
        assertThat(ledger.stages()).containsKeys("package").doesNotContainKeys("verify", "publish");
        assertThat(tmp.resolve("state").resolve(TAG).resolve("verify.json")).content().contains("\"FAILED\"");

        ReleaseResult fixed = release(new LocalReleaseHost(releases)).call();

        assertThat(action(fixed, "build qemu")).isEqualTo("ran");
        assertThat(action(fixed, "package")).isEqualTo("ran");
        assertThat(action(fixed, "verify")).isEqualTo("ran");
        assertThat(action(fixed, "publish")).isEqualTo("ran");
        assertThat(fixed.verification().passed()).isTrue();
        assertThat(releases.resolve(TAG).resolve(TAG + "-x86_64.tar.xz")).exists();
    }

    @Test
    void aReportThatLostItsVerificationIsBroughtBackInLineWithTheRecordedChecks() throws Exception {
        Path releases = tmp.resolve("releases");
        release(new LocalReleaseHost(releases)).call();
        Path assets = tmp.resolve("state").resolve(TAG).resolve("assets");
        Path report = assets.resolve(TAG + "-report.md");
        String verified = Files.readString(report);
        String sums = Files.readString(assets.resolve("SHA256SUMS"));
        // as a kill between writing the report and SHA256SUMS, or a re-run package, leaves them
        Files.writeString(report, verified.substring(0, verified.indexOf("## Verification")));

        ReleaseResult r = release(new LocalReleaseHost(releases)).call();

        assertThat(action(r, "verify")).isEqualTo("skipped");
        assertThat(action(r, "publish")).isEqualTo("skipped");
        assertThat(report).hasContent(verified);
        assertThat(assets.resolve("SHA256SUMS")).hasContent(sums);
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
        assertThat(action(r, "verify")).isEqualTo("ran");
        assertThat(r.verification().releaseTag()).isEqualTo("4.1.0-digitalocean-1");
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
