package io.katarelease.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.inspect.InspectResult.Origin;
import io.katarelease.core.inspect.InspectResult.PatchFile;
import io.katarelease.core.inspect.InspectResult.State;
import io.katarelease.core.testing.KataRepos;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fork of kata 4.1.0 (QEMU v11.0.1, kernel v6.18.35) carrying its own patches, inspected
 * against the upstream tag.
 */
class InspectCommandTest {
    static final String K = "tools/packaging/kernel/patches/6.18.x/";
    static final String Q = "tools/packaging/qemu/patches/tag_patches/v11.0.1/";

    InMemoryRepository repo;
    TestRepository<InMemoryRepository> tr;
    RevCommit upstream;

    @BeforeEach
    void upstream410() throws Exception {
        repo = new InMemoryRepository(new DfsRepositoryDescription("kata"));
        tr = new TestRepository<>(repo);
        upstream = tr.branch("refs/heads/main").commit()
                .add("versions.yaml", KataRepos.fixture("io/katarelease/core/sandbox/4.1.0.yaml"))
                .add("tools/packaging/scripts/apply_patches.sh", "#!/bin/bash\n")
                .add("tools/packaging/kernel/kata_config_version", "202\n")
                .add(K + "0001-fs-dax-check-zero-or-empty-entry.patch", "upstream 1\n")
                .add(K + "0002-virtio-fs-use-sync-release.patch", "upstream 2\n")
                .add(K + "dragonball-experimental/0001-upcall.patch", "dragonball\n")
                .add("tools/packaging/qemu/patches/11.0.x/no_patches.txt", "")
                .add(Q + "no_patches.txt", "")
                .add("tools/packaging/qemu/patches/tag_patches/gpu-snp-20260430/0001-kvm.patch", "snp\n")
                .add("tools/packaging/qemu/patches/tag_patches/gpu-tdx-20260430/0001-kvm.patch", "tdx\n")
                .message("release: Bump version to 4.1.0").create();
        tr.update("refs/tags/4.1.0", upstream);
    }

    private InspectResult inspect(RevCommit fork) throws Exception {
        tr.update("refs/heads/do/4.1.0", fork);
        return new InspectCommand().setRepository(repo).setRef("do/4.1.0").setBaseRef("4.1.0").call();
    }

    private static ComponentPlan plan(InspectResult r, String path) {
        return r.components().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void patchesAreMarkedCarriedModifiedOrUpstreamInApplicationOrder() throws Exception {
        RevCommit fork = tr.commit().parent(upstream)
                .add(K + "0100-do-virtio-fix.patch", "fork\n")
                .add(K + "0002-virtio-fs-use-sync-release.patch", "upstream 2, refreshed by the fork\n")
                .add(Q + "0001-do-migration.patch", "fork qemu\n")
                .add("tools/packaging/kernel/kata_config_version", "202-do1\n")
                .create();

        InspectResult r = inspect(fork);

        ComponentPlan kernel = plan(r, ".assets.kernel.version");
        assertThat(kernel.series()).extracting(PatchFile::name, PatchFile::origin).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0001-fs-dax-check-zero-or-empty-entry.patch", Origin.UPSTREAM),
                org.assertj.core.groups.Tuple.tuple("0002-virtio-fs-use-sync-release.patch", Origin.MODIFIED),
                org.assertj.core.groups.Tuple.tuple("0100-do-virtio-fix.patch", Origin.CARRIED));
        ComponentPlan qemu = plan(r, ".assets.hypervisor.qemu.version");
        assertThat(qemu.directories()).extracting(d -> d.path() + " " + d.state()).containsExactly(
                "tools/packaging/qemu/patches/11.0.x NO_PATCHES_MARKED",
                "tools/packaging/qemu/patches/tag_patches/v11.0.1 PATCHES");
        assertThat(qemu.series()).extracting(PatchFile::origin).containsExactly(Origin.CARRIED);
        ComponentPlan dragonball = plan(r, ".assets.kernel-dragonball-experimental.version");
        assertThat(dragonball.buildType()).isEqualTo("dragonball-experimental");
        assertThat(dragonball.series()).extracting(PatchFile::name).containsExactly(
                "0001-fs-dax-check-zero-or-empty-entry.patch", "0002-virtio-fs-use-sync-release.patch",
                "0100-do-virtio-fix.patch", "0001-upcall.patch");
        assertThat(r.kataConfigVersion()).isEqualTo("202-do1");
        assertThat(r.baseKataConfigVersion()).isEqualTo("202");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void kernelPatchesWithoutAKataConfigVersionChangeAreFlagged() throws Exception {
        RevCommit fork = tr.commit().parent(upstream).add(K + "0100-do-virtio-fix.patch", "fork\n").create();

        InspectResult r = inspect(fork);

        assertThat(r.warnings()).anySatisfy(w -> assertThat(w)
                .contains("kata_config_version is still 202", K + "0100-do-virtio-fix.patch"));
    }

    @Test
    void forkPatchesLeftInADirectoryNoEntrySelectsAreFlagged() throws Exception {
        RevCommit fork = tr.commit().parent(upstream)
                .add("tools/packaging/kernel/patches/6.12.x/0100-do-virtio-fix.patch", "fork, for the old kernel\n")
                .add("tools/packaging/qemu/patches/tag_patches/v10.2.1/0001-do-migration.patch", "fork, old qemu\n")
                .add("tools/packaging/kernel/kata_config_version", "203\n")
                .create();

        InspectResult r = inspect(fork);

        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith(
                "fork patch tools/packaging/kernel/patches/6.12.x/0100-do-virtio-fix.patch is in"
                        + " tools/packaging/kernel/patches/6.12.x, which no versions.yaml entry selects"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("tag_patches/v10.2.1/0001-do-migration.patch"));
    }

    @Test
    void aMissingSelectedDirectoryIsFlaggedAsABuildFailure() throws Exception {
        RevCommit fork = tr.commit().parent(upstream).rm(Q + "no_patches.txt").create();

        InspectResult r = inspect(fork);

        assertThat(plan(r, ".assets.hypervisor.qemu.version").directories().get(1).state()).isEqualTo(State.MISSING);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith(
                "tools/packaging/qemu/patches/tag_patches/v11.0.1 does not exist").contains("no_patches.txt"));
    }

    @Test
    void numberingThatDoesNotSortAsNumbersIsFlagged() throws Exception {
        RevCommit fork = tr.commit().parent(upstream)
                .add(K + "2-do-b.patch", "b\n").add(K + "10-do-a.patch", "a\n")
                .add(K + "0002-do-dup.patch", "dup\n").add(K + "Revert-do-c.patch", "c\n")
                .add("tools/packaging/kernel/kata_config_version", "203\n")
                .create();

        InspectResult r = inspect(fork);

        assertThat(plan(r, ".assets.kernel.version").series()).extracting(PatchFile::name).containsExactly(
                "0001-fs-dax-check-zero-or-empty-entry.patch", "0002-do-dup.patch", "0002-virtio-fs-use-sync-release.patch",
                "10-do-a.patch", "2-do-b.patch", "Revert-do-c.patch");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("unequal width", "10-do-a.patch before 2-do-b.patch"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("3 patches share the number 2 (0002-do-dup.patch, 0002-virtio-fs-use-sync-release.patch, 2-do-b.patch)"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("Revert-do-c.patch has no number and is applied after"));
    }

    @Test
    void aPatchDirectoryThatIsASymlinkIsRefused() throws Exception {
        RevCommit fork = tr.commit().parent(upstream).rm(Q + "no_patches.txt")
                .edit(new org.eclipse.jgit.dircache.DirCacheEditor.PathEdit(Q.substring(0, Q.length() - 1)) {
                    @Override
                    public void apply(org.eclipse.jgit.dircache.DirCacheEntry ent) {
                        ent.setFileMode(FileMode.SYMLINK);
                        try {
                            ent.setObjectId(tr.blob("/etc"));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }).create();

        assertThatThrownBy(() -> inspect(fork))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a symbolic link to '/etc'");
    }

    @Test
    void badRefsAndTreesWithoutVersionsYamlAreClearErrors() throws Exception {
        assertThatThrownBy(() -> new InspectCommand().setRepository(repo).setRef("nope").call())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("'nope' names no branch, tag or commit");
        assertThatThrownBy(() -> new InspectCommand().setRepository(repo).setRef("--output=/tmp/x").call())
                .isInstanceOf(InvalidInputException.class);
        RevCommit bare = tr.commit().add("README.md", "not kata\n").create();
        tr.update("refs/heads/other", bare);
        assertThatThrownBy(() -> new InspectCommand().setRepository(repo).setRef("other").call())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no versions.yaml");
    }

    @Test
    void withoutABaseEveryPatchIsOfUnknownOrigin() throws Exception {
        InspectResult r = new InspectCommand().setRepository(repo).setRef("4.1.0").call();

        assertThat(plan(r, ".assets.kernel.version").series()).extracting(PatchFile::origin)
                .containsOnly(Origin.UNKNOWN);
        assertThat(plan(r, ".assets.hypervisor.qemu-snp-experimental.tag").directories())
                .extracting(d -> d.state()).containsExactly(State.FROM_SOURCE_TREE, State.PATCHES);
    }
}
