package io.katarelease.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.sync.CarriedCommit.Disposition;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The planner on real (in-memory) repositories: which fork commits are carried, which dropped and why. */
class CarryPlannerTest {
    private InMemoryRepository repo;
    private TestRepository<InMemoryRepository> git;
    private ObjectReader reader;
    private CarryPlanner planner;
    private RevCommit root;

    @BeforeEach
    void setUp() throws Exception {
        repo = new InMemoryRepository(new DfsRepositoryDescription("planner"));
        git = new TestRepository<>(repo);
        reader = repo.newObjectReader();
        planner = new CarryPlanner(reader, "do/main", "main");
        root = git.commit().add("README", "kata\n").add("src/a.go", "a\n").message("initial").create();
    }

    @AfterEach
    void tearDown() {
        reader.close();
        git.close();
    }

    @Test
    void historyListsTheForkOnlyCommitsOldestFirstAndTheForkPoint() throws Exception {
        RevCommit up = git.commit().parent(root).add("src/a.go", "a2\n").message("upstream work").create();
        RevCommit f1 = git.commit().parent(root).add("do/one", "1\n").message("fork one").create();
        RevCommit f2 = git.commit().parent(f1).add("do/two", "2\n").message("fork two").create();

        CarryPlanner.ForkHistory history = planner.history(f2, up);

        assertThat(history.base()).isEqualTo(root);
        assertThat(history.patchTip()).isEqualTo(f2);
        assertThat(history.upstream()).isEqualTo(up);
        assertThat(history.commits()).containsExactly(f1, f2);
    }

    @Test
    void aPatchBranchAlreadyOnUpstreamIsKeptAsItIs() throws Exception {
        RevCommit up = git.commit().parent(root).add("src/a.go", "a2\n").message("upstream work").create();
        RevCommit f1 = git.commit().parent(up).add("do/one", "1\n").message("fork one").create();

        CarryPlanner.Plan plan = planner.rebase(planner.history(f1, up));

        assertThat(plan.onto()).isEqualTo(up);
        assertThat(plan.upstream()).as("nothing is replayed, so upstream is not indexed").isNull();
        assertThat(plan.picks()).extracting(CarryPlanner.Pick::commit, CarryPlanner.Pick::disposition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(f1, Disposition.UNCHANGED));
        try (RevWalk walk = new RevWalk(reader)) {
            Replayer.Outcome out = new Replayer(repo.newObjectInserter(), repo.getConfig(), walk,
                    new PersonIdent("t", "t@example.org")).replay(plan, "upstream main");
            assertThat(out.head()).isEqualTo(f1);
            assertThat(out.commits()).extracting(CarriedCommit::result).containsExactly(f1.name());
        }
    }

    @Test
    void dropsWhatUpstreamHasByPatchIdAndWhatChangesNothing() throws Exception {
        RevCommit f1 = git.commit().parent(root).add("do/fix", "fix\n").message("fork: fix").create();
        RevCommit f2 = git.commit().parent(f1).message("fork: nothing").create();
        RevCommit f3 = git.commit().parent(f2).add("do/keep", "keep\n").message("fork: keep").create();
        // Upstream took the first fix under another message and author: same patch-id.
        RevCommit up = git.commit().parent(root).add("do/fix", "fix\n").message("upstream: take DO's fix").create();

        CarryPlanner.Plan plan = planner.rebase(planner.history(f3, up));

        assertThat(plan.onto()).isEqualTo(up);
        assertThat(plan.picks()).extracting(CarryPlanner.Pick::commit, CarryPlanner.Pick::disposition)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(f1, Disposition.ALREADY_UPSTREAM),
                        org.assertj.core.groups.Tuple.tuple(f2, Disposition.EMPTY),
                        org.assertj.core.groups.Tuple.tuple(f3, Disposition.APPLIED));
        assertThat(plan.picks().get(0).detail())
                .isEqualTo("same change as upstream " + up.name() + " \"upstream: take DO's fix\"");
        assertThat(plan.picks().get(1).detail()).isEqualTo("the commit changes no file");
        assertThat(plan.picks().get(2).detail()).isNull();
    }

    @Test
    void dropsACherryPickWhoseSourceUpstreamHas() throws Exception {
        RevCommit up = git.commit().parent(root).add("src/a.go", "upstream\n").message("upstream: rework a").create();
        // A differing change (so no patch-id match) that names the upstream commit it was taken from.
        RevCommit f1 = git.commit().parent(root).add("src/a.go", "backport\n")
                .message("backport rework\n\n(cherry picked from commit " + up.name() + ")\n").create();

        CarryPlanner.Plan plan = planner.rebase(planner.history(f1, up));

        assertThat(plan.picks()).singleElement().satisfies(p -> {
            assertThat(p.disposition()).isEqualTo(Disposition.ALREADY_UPSTREAM);
            assertThat(p.detail()).isEqualTo("cherry-picked from " + up.name() + ", which upstream has");
        });
    }

    @Test
    void ontoATagCarriesWhatUpstreamTookOnlyAfterTheTag() throws Exception {
        RevCommit tag = git.commit().parent(root).add("VERSION", "4.1.0\n").message("release 4.1.0").create();
        RevCommit f1 = git.commit().parent(root).add("do/fix", "fix\n").message("fork: fix").create();
        RevCommit main = git.commit().parent(tag).add("do/fix", "fix\n").message("upstream: take DO's fix").create();

        CarryPlanner.ForkHistory history = planner.history(f1, main);

        assertThat(planner.rebase(history).picks()).extracting(CarryPlanner.Pick::disposition)
                .containsExactly(Disposition.ALREADY_UPSTREAM);
        CarryPlanner.Plan onTag = planner.cherryPick(history, tag);
        assertThat(onTag.onto()).isEqualTo(tag);
        assertThat(onTag.picks()).extracting(CarryPlanner.Pick::disposition).containsExactly(Disposition.APPLIED);
    }

    @Test
    void refusesMergeCommitsNamingThemAndTheWayOut() throws Exception {
        RevCommit up = git.commit().parent(root).add("src/a.go", "a2\n").message("upstream work").create();
        RevCommit side = git.commit().parent(root).add("do/side", "s\n").message("side").create();
        RevCommit f1 = git.commit().parent(root).add("do/one", "1\n").message("fork one").create();
        RevCommit merge = git.commit().parent(f1).parent(side).message("merge side").create();

        assertThatThrownBy(() -> planner.history(merge, up))
                .isInstanceOf(UnsupportedHistoryException.class)
                .hasMessageContaining("the patch branch 'do/main' has merge commits")
                .hasMessageContaining(merge.name().substring(0, 12))
                .hasMessageContaining("\"merge side\"")
                .hasMessageContaining("git rebase upstream/main do/main");
    }

    @Test
    void refusesAPatchBranchWithoutUpstreamHistory() throws Exception {
        RevCommit up = git.commit().parent(root).add("src/a.go", "a2\n").message("upstream work").create();
        RevCommit orphan = git.commit().add("do/one", "1\n").message("unrelated").create();

        assertThatThrownBy(() -> planner.history(orphan, up))
                .isInstanceOf(UnsupportedHistoryException.class)
                .hasMessage("the patch branch 'do/main' shares no history with upstream;"
                        + " it must be based on upstream's history");
    }

    @Test
    void anEmptyPatchBranchOnUpstreamPlansNothing() throws Exception {
        CarryPlanner.Plan plan = planner.rebase(planner.history(root, root));

        assertThat(plan.onto()).isEqualTo(root);
        assertThat(plan.picks()).isEmpty();
    }
}
