package io.katarelease.core.sync;

import static io.katarelease.core.testing.KataRepos.CONFIG_FRAGMENT;
import static io.katarelease.core.testing.KataRepos.KATA_CONFIG_VERSION;
import static io.katarelease.core.testing.KataRepos.KERNEL_PATCH;
import static io.katarelease.core.testing.KataRepos.MAIN;
import static io.katarelease.core.testing.KataRepos.PATCH_BRANCH;
import static io.katarelease.core.testing.KataRepos.QEMU_PATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.KataRelease;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.git.Remote;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.sync.CarriedCommit.Disposition;
import io.katarelease.core.sync.RefChange.Kind;
import io.katarelease.core.sync.SyncResult.Status;
import io.katarelease.core.testing.KataRepos;
import io.katarelease.core.testing.KataReposTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyncCommandTest extends KataReposTest {
    private SyncCommand sync(String tag) throws InvalidInputException {
        return KataRelease.sync()
                .setUpstream(Remote.of("upstream", repos.upstreamUrl(), null))
                .setFork(Remote.of("fork", repos.forkUrl(), null))
                .setTag(tag)
                .setWorkDir(tmp.resolve("work"))
                .setClock(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
    }

    /**
     * Sync must not wait on the common fork-join pool: JGit itself blocks on that pool inside a
     * ref listing, so with its only worker (a two-core machine) taken by sync's own listing the
     * run hung for good. Here every worker of the pool is busy while sync runs.
     */
    @Test
    void syncNeedsNoWorkerOfTheCommonPool() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(
                ForkJoinPool.getCommonPoolParallelism());
        for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
            ForkJoinPool.commonPool().execute(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            SyncResult r = CompletableFuture.supplyAsync(() -> {
                try {
                    return sync("4.1.0").call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, task -> new Thread(task, "sync-under-test").start()).get(60, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(Status.PUSHED);
        } finally {
            release.countDown();
        }
    }

    @Test
    void firstReleaseMirrorsRebasesBranchesAndTags() throws Exception {
        ObjectId oldPatch = repos.forkRef(PATCH_BRANCH);
        ObjectId upstreamMain = repos.upstreamRef(MAIN);
        ObjectId tagCommit = repos.upstreamRef("refs/tags/4.1.0");

        SyncResult r = sync("4.1.0").call();

        assertThat(r.status()).isEqualTo(Status.PUSHED);
        assertThat(r.atomic()).isTrue();
        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-0");
        assertThat(r.releaseTagCreated()).isTrue();
        // 1. the mirror follows upstream main
        assertThat(repos.forkRef(MAIN)).isEqualTo(upstreamMain);
        // 2. the patch branch is the three fork commits on top of upstream main
        ObjectId newPatch = repos.forkRef(PATCH_BRANCH);
        assertThat(r.patchBranch()).extracting(CarriedCommit::disposition).containsOnly(Disposition.APPLIED);
        assertThat(r.patchBranch()).hasSize(3);
        try (RevWalk walk = new RevWalk(repos.fork)) {
            RevCommit head = walk.parseCommit(newPatch);
            assertThat(head.getShortMessage()).isEqualTo("kernel: enable DO config fragment");
            RevCommit second = walk.parseCommit(head.getParent(0));
            RevCommit first = walk.parseCommit(second.getParent(0));
            assertThat(first.getShortMessage()).isEqualTo("kernel: carry DO virtio fix");
            assertThat(first.getParent(0)).isEqualTo(upstreamMain);
            // authorship is kept, the committer is the run's identity
            assertThat(first.getAuthorIdent().getName()).isEqualTo(
                    walk.parseCommit(repos.fork.resolve(r.patchBranch().get(0).original())).getAuthorIdent().getName());
            assertThat(first.getCommitterIdent().getName()).isEqualTo("kata-release");
        }
        assertThat(repos.forkFile(newPatch, "VERSION")).isEqualTo("4.1.0\n");
        assertThat(repos.forkFile(newPatch, KERNEL_PATCH)).contains("+new fix");
        // 3. the old patch branch is kept in a backup ref
        String backup = SyncCommand.BACKUP_NS + "do/main/20261125T100000Z-" + oldPatch.name().substring(0, 12);
        assertThat(repos.forkRef(backup)).isEqualTo(oldPatch);
        // 4. the release branch is the fork commits on the tag; the tag is annotated and lists them
        ObjectId release = repos.forkRef("refs/heads/do/4.1.0");
        assertThat(release).isEqualTo(ObjectId.fromString(r.releaseCommit()));
        assertThat(repos.forkFile(release, QEMU_PATCH)).contains("+new tune");
        assertThat(repos.forkFile(release, CONFIG_FRAGMENT)).isEqualTo("CONFIG_DO_FIX=y\n");
        assertThat(repos.forkFile(release, "src/runtime/pkg/f16.go")).isEqualTo(
                repos.forkFile(tagCommit, "src/runtime/pkg/f16.go"));
        try (RevWalk walk = new RevWalk(repos.fork)) {
            RevTag tag = walk.parseTag(repos.forkRef("refs/tags/4.1.0-digitalocean-0"));
            assertThat(tag.getObject()).isEqualTo(release);
            assertThat(tag.getFullMessage()).contains("Carried commits:", "kernel: carry DO virtio fix",
                    "qemu: carry DO migration patch", "Upstream tag 4.1.0 (" + tagCommit.name() + ")");
            RevCommit c = walk.parseCommit(release);
            for (int i = 0; i < 3; i++) {
                c = walk.parseCommit(c.getParent(0));
            }
            assertThat(c).isEqualTo(tagCommit);
        }
        // the upstream tag itself is copied to the fork, so the release branch's base has a name there
        assertThat(repos.forkRef("refs/tags/4.1.0")).isEqualTo(tagCommit);
        assertThat(r.refs()).extracting(RefChange::ref, RefChange::kind).contains(
                org.assertj.core.groups.Tuple.tuple(MAIN, Kind.FAST_FORWARD),
                org.assertj.core.groups.Tuple.tuple(PATCH_BRANCH, Kind.REWRITE),
                org.assertj.core.groups.Tuple.tuple(backup, Kind.BACKUP),
                org.assertj.core.groups.Tuple.tuple("refs/heads/do/4.1.0", Kind.CREATE));
    }

    @Test
    void rerunIsANoOp() throws Exception {
        sync("4.1.0").call();
        Map<String, ObjectId> before = repos.forkRefs();

        SyncResult again = sync("4.1.0").setClock(Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC))
                .call();

        assertThat(again.status()).isEqualTo(Status.UP_TO_DATE);
        assertThat(again.releaseTag()).isEqualTo("4.1.0-digitalocean-0");
        assertThat(again.releaseTagCreated()).isFalse();
        assertThat(again.refs()).allMatch(ref -> !ref.changes());
        assertThat(again.patchBranch()).extracting(CarriedCommit::disposition).containsOnly(Disposition.UNCHANGED);
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void aNewForkCommitGivesTheNextReleaseNumber() throws Exception {
        sync("4.1.0").call();
        ObjectId firstRelease = repos.forkRef("refs/tags/4.1.0-digitalocean-0");
        repos.forkCommit("tools/packaging/kernel/patches/6.18.x/0101-do-second.patch",
                KataRepos.patchText("mm/page_alloc.c", "second"), "kernel: carry a second DO fix");

        SyncResult r = sync("4.1.0").call();

        assertThat(r.status()).isEqualTo(Status.PUSHED);
        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-1");
        assertThat(r.carried()).hasSize(4);
        assertThat(repos.forkRef("refs/tags/4.1.0-digitalocean-0")).isEqualTo(firstRelease);
        ObjectId release = repos.forkRef("refs/heads/do/4.1.0");
        assertThat(repos.forkFile(release, "tools/packaging/kernel/patches/6.18.x/0101-do-second.patch"))
                .contains("+new second");
        // the patch branch was already on upstream main: only the new commit rode along, no rewrite
        assertThat(r.refs()).filteredOn(c -> c.ref().equals(PATCH_BRANCH)).extracting(RefChange::kind)
                .containsExactly(Kind.UNCHANGED);
    }

    @Test
    void aForkCommitUpstreamAlreadyHasIsDroppedByPatchId() throws Exception {
        RevCommit upstreamed = repos.upstreamCommit(KERNEL_PATCH,
                KataRepos.patchText("drivers/virtio/virtio_ring.c", "fix"), "kernel: add virtio fix (from DO)");
        repos.upstreamRelease("4.2.0", "io/katarelease/core/sandbox/4.1.0.yaml", "203");

        SyncResult r = sync("4.2.0").call();

        assertThat(r.patchBranch()).filteredOn(c -> c.subject().equals("kernel: carry DO virtio fix"))
                .singleElement().satisfies(c -> {
                    assertThat(c.disposition()).isEqualTo(Disposition.ALREADY_UPSTREAM);
                    assertThat(c.detail()).contains(upstreamed.name());
                });
        assertThat(r.carried()).extracting(CarriedCommit::subject)
                .containsExactly("qemu: carry DO migration patch", "kernel: enable DO config fragment");
        assertThat(r.dropped()).extracting(CarriedCommit::disposition).containsExactly(Disposition.ALREADY_UPSTREAM);
        try (RevWalk walk = new RevWalk(repos.fork)) {
            assertThat(walk.parseTag(repos.forkRef("refs/tags/4.2.0-digitalocean-0")).getFullMessage())
                    .contains("Dropped commits:", "already upstream");
        }
    }

    @Test
    void aCherryPickTrailerNamingAnUpstreamCommitDropsTheForkCommit() throws Exception {
        RevCommit fix = repos.upstreamCommit("src/runtime/pkg/fix.go", "package pkg // upstream fix\n",
                "runtime: fix a leak");
        repos.forkCommit("src/runtime/pkg/fix.go", "package pkg // upstream fix, backported\n",
                "runtime: fix a leak\n\n(cherry picked from commit " + fix.name() + ")\n");
        repos.upstreamRelease("4.2.0", "io/katarelease/core/sandbox/4.1.0.yaml", "203");

        SyncResult r = sync("4.2.0").call();

        assertThat(r.dropped()).singleElement().satisfies(c -> {
            assertThat(c.subject()).isEqualTo("runtime: fix a leak");
            assertThat(c.disposition()).isEqualTo(Disposition.ALREADY_UPSTREAM);
            assertThat(c.detail()).contains("cherry-picked from " + fix.name());
        });
        assertThat(repos.forkFile(repos.forkRef("refs/heads/do/4.2.0"), "src/runtime/pkg/fix.go"))
                .isEqualTo("package pkg // upstream fix\n");
    }

    @Test
    void aCommitUpstreamTookAfterTheTagIsStillCarriedOnTheReleaseBranch() throws Exception {
        repos.upstreamCommit(KERNEL_PATCH, KataRepos.patchText("drivers/virtio/virtio_ring.c", "fix"),
                "kernel: add virtio fix (from DO)");

        SyncResult r = sync("4.1.0").call();

        assertThat(r.patchBranch()).extracting(CarriedCommit::disposition)
                .containsExactly(Disposition.ALREADY_UPSTREAM, Disposition.APPLIED, Disposition.APPLIED);
        assertThat(r.release()).extracting(CarriedCommit::disposition)
                .containsExactly(Disposition.APPLIED, Disposition.APPLIED, Disposition.APPLIED);
        assertThat(repos.forkFile(repos.forkRef("refs/heads/do/4.1.0"), KERNEL_PATCH)).contains("+new fix");
    }

    @Test
    void anEmptyForkCommitIsDropped() throws Exception {
        repos.fk.tick(60);
        repos.fk.branch(PATCH_BRANCH).commit().message("ci: retrigger").create();

        SyncResult r = sync("4.1.0").call();

        assertThat(r.dropped()).singleElement().satisfies(c -> {
            assertThat(c.subject()).isEqualTo("ci: retrigger");
            assertThat(c.disposition()).isEqualTo(Disposition.EMPTY);
        });
        assertThat(r.carried()).hasSize(3);
    }

    @Test
    void aConflictNamesCommitPathsAndUpstreamCulpritsAndLeavesTheForkUntouched() throws Exception {
        RevCommit bump = repos.forkCommit(KATA_CONFIG_VERSION, "201\n", "kernel: bump kata_config_version for DO patches");
        Map<String, ObjectId> before = repos.forkRefs();

        assertThatThrownBy(() -> sync("4.1.0").call())
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    ConflictException.Conflict c = e.conflict();
                    assertThat(c.commit()).isEqualTo(bump.name());
                    assertThat(c.subject()).isEqualTo("kernel: bump kata_config_version for DO patches");
                    assertThat(c.paths()).containsExactly(KATA_CONFIG_VERSION);
                    assertThat(c.upstreamChanges()).extracting(UpstreamCommit::subject)
                            .containsExactly("release: Bump version to 4.1.0");
                    assertThat(e.getMessage()).contains(KATA_CONFIG_VERSION, bump.name().substring(0, 12),
                            "Nothing was pushed");
                    assertThat(e.reason()).isEqualTo(ReleaseException.Reason.CONFLICT);
                });
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void aForkThatMovesDuringTheRunLosesTheLeaseAndNothingIsPushed() throws Exception {
        Map<String, ObjectId> before = repos.forkRefs();
        ObjectId[] concurrent = new ObjectId[1];
        Progress racer = new Progress() {
            @Override
            public void step(String title) {
                if (title.startsWith("pushing")) {
                    try {
                        concurrent[0] = repos.forkCommit("README.do", "pushed by a colleague\n", "docs: colleague");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void warn(String message) {}

            @Override
            public ProgressMonitor transfer() {
                return NullProgressMonitor.INSTANCE;
            }
        };

        assertThatThrownBy(() -> sync("4.1.0").setProgress(racer).call())
                .isInstanceOfSatisfying(RemoteMovedException.class, e -> {
                    assertThat(e.rejected()).anySatisfy(line -> assertThat(line).startsWith(PATCH_BRANCH));
                    assertThat(e.pushed()).isEmpty();
                    assertThat(e.getMessage()).contains("Nothing was pushed");
                });
        Map<String, ObjectId> after = repos.forkRefs();
        assertThat(after.get(PATCH_BRANCH)).isEqualTo(concurrent[0]);
        after.remove(PATCH_BRANCH);
        before.remove(PATCH_BRANCH);
        assertThat(after).isEqualTo(before);
    }

    @Test
    void theBackupRefRestoresTheOldPatchBranch() throws Exception {
        ObjectId oldPatch = repos.forkRef(PATCH_BRANCH);
        SyncResult r = sync("4.1.0").call();
        String backup = r.refs().stream().filter(c -> c.kind() == Kind.BACKUP).findFirst().orElseThrow().ref();
        ObjectId rebased = repos.forkRef(PATCH_BRANCH);

        // What the README tells a user to do, done with a real push to the fork.
        try (Git git = Git.init().setBare(true).setDirectory(tmp.resolve("restore.git").toFile()).call()) {
            git.fetch().setRemote(repos.forkUrl()).setRefSpecs(new RefSpec("+" + backup + ":refs/backup")).call();
            git.push().setRemote(repos.forkUrl())
                    .setRefSpecs(new RefSpec("+refs/backup:" + PATCH_BRANCH))
                    .setRefLeaseSpecs(new RefLeaseSpec(PATCH_BRANCH, rebased.name()))
                    .call();
        }

        assertThat(repos.forkRef(PATCH_BRANCH)).isEqualTo(oldPatch);
        assertThat(repos.forkFile(oldPatch, "VERSION")).isEqualTo("4.0.0\n");
    }

    @Test
    void aDryRunReportsThePlanAndChangesNothing() throws Exception {
        Map<String, ObjectId> before = repos.forkRefs();

        SyncResult r = sync("4.1.0").setDryRun(true).call();

        assertThat(r.status()).isEqualTo(Status.DRY_RUN);
        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-0");
        assertThat(r.carried()).hasSize(3);
        assertThat(r.refs()).filteredOn(RefChange::changes).extracting(RefChange::ref)
                .contains(MAIN, PATCH_BRANCH, "refs/heads/do/4.1.0", "refs/tags/4.1.0-digitalocean-0");
        assertThat(r.refs()).filteredOn(c -> c.ref().equals(PATCH_BRANCH)).singleElement()
                .satisfies(c -> assertThat(c.oldId()).isEqualTo(before.get(PATCH_BRANCH).name()));
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void mergeCommitsInThePatchBranchAreRefusedWithAHint() throws Exception {
        RevCommit side = repos.fk.commit().parent(repos.fk.getRevWalk().parseCommit(repos.forkRef(MAIN)))
                .add("side.txt", "side\n").message("side work").create();
        RevCommit tip = repos.fk.getRevWalk().parseCommit(repos.forkRef(PATCH_BRANCH));
        RevCommit merge = repos.fk.commit().parent(tip).parent(side).message("Merge side work").create();
        repos.fk.update(PATCH_BRANCH, merge);
        Map<String, ObjectId> before = repos.forkRefs();

        assertThatThrownBy(() -> sync("4.1.0").call())
                .isInstanceOf(UnsupportedHistoryException.class)
                .hasMessageContaining(merge.name().substring(0, 12))
                .hasMessageContaining("Linearize");
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--upload-pack=touch /tmp/x", "-h", "4.1.0;rm -rf /", "../../heads/main",
            "refs/heads/main", "4.1.0\nFAKE LOG LINE", "4.1..0", "4.1.0.lock", "4.1.0@{1}", "", " 4.1.0",
            "4.1.0\u001b[31m"})
    void hostileTagsAreRefusedBeforeAnyNetworkAccess(String tag) {
        assertThatThrownBy(() -> sync(tag).call())
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b"));
        assertThat(tmp.resolve("work")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.1", "v4.1.0", "CC-0.8.0", "4.1.0-rc0"})
    void tagsOutsideThePatternListTheNearestReleaseTags(String tag) throws Exception {
        repos.up.update("refs/tags/CC-0.8.0", repos.up.getRevWalk().parseCommit(repos.upstreamRef(MAIN)));
        repos.up.update("refs/tags/4.1.0-rc0", repos.up.getRevWalk().parseCommit(repos.upstreamRef(MAIN)));
        assertThatThrownBy(() -> sync(tag).call())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not match the tag pattern")
                .hasMessageContaining("Nearest upstream release tags: 4.1.0");
    }

    @Test
    void anUnknownTagIsNotFoundAndListsTheNearest() throws Exception {
        assertThatThrownBy(() -> sync("4.1.9").call())
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("has no tag '4.1.9'")
                .hasMessageContaining("Nearest upstream release tags: 4.1.0, 4.0.0");
    }

    @Test
    void aMissingPatchBranchIsNotFound() throws Exception {
        assertThatThrownBy(() -> sync("4.1.0").setPatchBranch("do/nope").call())
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("has no branch 'do/nope'");
    }

    @Test
    void anAnnotatedUpstreamTagIsPeeledToItsCommit() throws Exception {
        // 2.x to 3.2 upstream tags are annotated (and signed); the release must use the commit.
        RevCommit head = repos.up.getRevWalk().parseCommit(repos.upstreamRef(MAIN));
        RevTag annotated = repos.up.tag("4.2.0", head);
        repos.up.update("refs/tags/4.2.0", annotated);

        SyncResult r = sync("4.2.0").call();

        assertThat(r.upstreamTagCommit()).isEqualTo(head.name());
        try (RevWalk walk = new RevWalk(repos.fork)) {
            RevCommit c = walk.parseCommit(repos.forkRef("refs/heads/do/4.2.0"));
            assertThat(walk.parseCommit(walk.parseCommit(walk.parseCommit(c.getParent(0)).getParent(0)).getParent(0)))
                    .isEqualTo(head);
        }
    }

    @Test
    void aMirrorBranchWithForkOnlyCommitsIsBackedUpBeforeItIsReset() throws Exception {
        RevCommit stray = repos.fk.branch(MAIN).commit().add("stray.txt", "oops\n").message("stray commit on main")
                .create();

        SyncResult r = sync("4.1.0").call();

        assertThat(r.refs()).filteredOn(c -> c.ref().equals(MAIN)).extracting(RefChange::kind)
                .containsExactly(Kind.REWRITE);
        assertThat(repos.forkRef(SyncCommand.BACKUP_NS + "main/20261125T100000Z-" + stray.name().substring(0, 12))).isEqualTo(stray);
        assertThat(repos.forkRef(MAIN)).isEqualTo(repos.upstreamRef(MAIN));
    }

    @Test
    void anUpstreamTagThatMovedIsReleasedAnewWithAWarning() throws Exception {
        sync("4.1.0").call();
        RevCommit retagged = repos.upstreamCommit("src/runtime/pkg/late.go", "package pkg // late fix\n",
                "runtime: late fix");
        repos.up.update("refs/tags/4.1.0", retagged);

        SyncResult r = sync("4.1.0").call();

        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-1");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("upstream tag 4.1.0 moved",
                retagged.name().substring(0, 12)));
    }

    @Test
    void aForkTagNamedLikeTheUpstreamTagIsNeverOverwritten() throws Exception {
        RevCommit own = repos.fk.getRevWalk().parseCommit(repos.forkRef(MAIN));
        repos.fk.update("refs/tags/4.1.0", own);

        SyncResult r = sync("4.1.0").call();

        assertThat(repos.forkRef("refs/tags/4.1.0")).isEqualTo(own);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("the fork's tag 4.1.0", "left as it is"));
        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-0");
    }

    @Test
    void aSecondRunFetchesOnlyWhatChanged() throws Exception {
        sync("4.1.0").call();
        repos.upstreamWork(5);
        repos.upstreamRelease("4.2.0", "io/katarelease/core/sandbox/4.1.0.yaml", "203");

        SyncResult r = sync("4.2.0").call();

        assertThat(r.releaseTag()).isEqualTo("4.2.0-digitalocean-0");
        assertThat(repos.forkRef(MAIN)).isEqualTo(repos.upstreamRef(MAIN));
        assertThat(r.patchBranch()).extracting(CarriedCommit::disposition).containsOnly(Disposition.APPLIED);
        // the 4.1.0 release is untouched
        assertThat(repos.forkRef("refs/tags/4.1.0-digitalocean-0")).isNotNull();
        assertThat(List.of(repos.forkRef("refs/heads/do/4.1.0"), repos.forkRef("refs/heads/do/4.2.0")))
                .doesNotHaveDuplicates();
        assertThat(Constants.R_TAGS).isEqualTo("refs/tags/");
    }
}
