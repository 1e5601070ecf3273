package io.katarelease.core.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.KataRelease;
import io.katarelease.core.git.Remote;
import io.katarelease.core.packaging.PackageCommand;
import io.katarelease.core.packaging.PackageResult;
import io.katarelease.core.sync.SyncResult;
import io.katarelease.core.testing.KataRepos;
import io.katarelease.core.verify.VerifyCommand;
import io.katarelease.core.verify.VerifyResult;
import io.katarelease.core.versions.PatchRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
    @TempDir
    Path tmp;

    @Test
    void theSandboxIsKataShapedAndTheForkIsOneReleaseBehind() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sb"));

        try (Repository up = new FileRepository(sandbox.dir().resolve("upstream.git").toFile());
                Repository fork = new FileRepository(sandbox.dir().resolve("fork.git").toFile());
                RevWalk walk = new RevWalk(up)) {
            // kata's release tags are lightweight since 3.3.0
            assertThat(up.exactRef("refs/tags/4.1.0").getObjectId()).isNotNull();
            assertThat(walk.parseAny(up.exactRef("refs/tags/4.1.0").getObjectId()).getType())
                    .isEqualTo(Constants.OBJ_COMMIT);
            RevCommit v410 = walk.parseCommit(up.resolve("refs/tags/4.1.0"));
            try (TreeWalk tw = TreeWalk.forPath(up, "versions.yaml", v410.getTree())) {
                assertThat(new String(up.open(tw.getObjectId(0)).getBytes())).contains("version: \"v11.0.1\"");
            }
            assertThat(fork.resolve("refs/heads/main")).isEqualTo(up.resolve("refs/tags/4.0.0"));
            assertThat(fork.resolve("refs/heads/do/main~3")).isEqualTo(up.resolve("refs/tags/4.0.0"));
        }
    }

    @Test
    void theReleaseJobRunsOnItAndARecreatedSandboxStartsAfresh() throws Exception {
        Sandbox first = Sandbox.create(tmp.resolve("sb"));
        SyncResult r = KataRelease.sync().setUpstream(Remote.of("upstream", first.upstreamUrl(), null))
                .setFork(Remote.of("fork", first.forkUrl(), null)).setTag("4.1.0").setWorkDir(first.workDir()).call();
        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-0");
        assertThat(r.carried()).extracting(c -> c.subject()).containsExactly(
                "qemu: carry virtio-net tx queue tuning", "kernel: carry virtio-balloon free page hinting fix",
                "kernel: enable the fork's config fragment");

        Sandbox again = Sandbox.create(tmp.resolve("sb"));

        try (Repository fork = new FileRepository(again.dir().resolve("fork.git").toFile())) {
            assertThat(fork.resolve("refs/tags/4.1.0-digitalocean-0")).isNull();
        }
        assertThat(again.workDir()).doesNotExist();
    }

    /**
     * The stand-in build makes, from each tag's own versions.yaml and kata_config_version, a real
     * ELF QEMU and a bzImage kernel that verify passes (running the QEMU on x86_64 hosts).
     */
    @ParameterizedTest
    @CsvSource({"3.32.0, 197", "4.0.0, 200", "4.1.0, 202"})
    void everyTagsStandInBuildsPassVerify(String tag, String kataConfig) throws Exception {
        String yaml = KataRepos.fixture("io/katarelease/core/sandbox/" + tag + ".yaml");
        Path checkout = tmp.resolve("checkout-" + tag);
        Map<String, String> tree = Map.of("versions.yaml", yaml, PatchRules.KATA_CONFIG_VERSION, kataConfig + "\n",
                Sandbox.BUILD_SCRIPT, KataRepos.fixture("io/katarelease/core/sandbox/sandbox-build.sh"),
                "tools/packaging/qemu/patches/11.0.x/no_patches.txt", "",
                "tools/packaging/kernel/patches/6.18.x/no_patches.txt", "");
        InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("kata"));
        try (TestRepository<InMemoryRepository> tr = new TestRepository<>(repo)) {
            var commit = tr.branch("refs/tags/" + tag).commit();
            for (Map.Entry<String, String> f : tree.entrySet()) {
                Path p = checkout.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
                commit.add(f.getKey(), f.getValue());
            }
            commit.create();
        }
        for (String component : List.of("qemu", "kernel")) {
            Process p = new ProcessBuilder("sh", "-c", Sandbox.BUILD_COMMAND.replace("{component}", component))
                    .directory(checkout.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        }
        String releaseTag = tag + "-digitalocean-0";
        PackageResult packaged = new PackageCommand().setReleaseTag(releaseTag)
                .setArtifacts(checkout.resolve("build")).setRepository(repo, tag).setOutDir(tmp.resolve("out-" + tag))
                .call();

        VerifyResult r = new VerifyCommand().setAsset(Path.of(packaged.tarball())).setRepository(repo, tag)
                .setWorkDir(tmp).call();

        assertThat(r.passed()).isTrue();
        assertThat(r.with(VerifyResult.Status.FAILED)).isEmpty();
        String kernel = "opt/kata/share/kata-containers/vmlinuz-6.18.35-" + kataConfig;
        assertThat(r.checks()).filteredOn(c -> c.name().equals("name " + kernel)).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(VerifyResult.Status.PASSED));
        assertThat(r.checks()).filteredOn(c -> c.name().equals("bzImage " + kernel)).singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("version '6.18.35 (kata-release sandbox)"));
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            assertThat(r.checks()).filteredOn(c -> c.name().equals("--version opt/kata/bin/qemu-system-x86_64"))
                    .singleElement().satisfies(c -> assertThat(c.detail()).isEqualTo("reports 'QEMU emulator version"
                            + " 11.0.1 (kata-release sandbox)', as .assets.hypervisor.qemu.version v11.0.1"));
        }
    }

    @Test
    void theStandInBuildTakesItsVersionsFromVersionsYaml() throws Exception {
        Path checkout = tmp.resolve("checkout");
        Files.createDirectories(checkout.resolve("tools/packaging/kernel/patches"));
        Files.writeString(checkout.resolve(PatchRules.KATA_CONFIG_VERSION), "300\n");
        Files.writeString(checkout.resolve("versions.yaml"), "assets:\n  kernel:\n    # the guest kernel\n"
                + "    url: \"https://cdn.kernel.org/\"\n    version: \"v7.0.1\"  # next\n    nvidia:\n"
                + "      version: \"v6.1.0\"\n");
        Files.writeString(checkout.resolve("build.sh"), KataRepos.fixture("io/katarelease/core/sandbox/sandbox-build.sh"));
        Process p = new ProcessBuilder("sh", "build.sh", "kernel").directory(checkout.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(io.katarelease.core.build.Tarballs.list(checkout.resolve("build/kata-static-kernel.tar.xz")))
                .contains("opt/kata/share/kata-containers/vmlinuz-7.0.1-300",
                        "opt/kata/share/kata-containers/vmlinuz.container");

        Files.writeString(checkout.resolve("versions.yaml"), "assets:\n  hypervisor:\n    qemu:\n      url: x\n");
        Files.createDirectories(checkout.resolve("tools/packaging/qemu/patches"));
        Process q = new ProcessBuilder("sh", "build.sh", "qemu").directory(checkout.toFile()).redirectErrorStream(true)
                .start();
        String err = new String(q.getInputStream().readAllBytes());
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).isEqualTo(2);
        assertThat(err).contains("no assets.hypervisor.qemu.version in versions.yaml");
    }

    @Test
    void aFolderThatIsNotASandboxIsNeverDeleted() throws Exception {
        Path precious = tmp.resolve("precious");
        Files.createDirectories(precious);
        Files.writeString(precious.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> Sandbox.create(precious))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a kata-release sandbox");
        assertThat(precious.resolve("notes.txt")).hasContent("keep me");
    }
}
