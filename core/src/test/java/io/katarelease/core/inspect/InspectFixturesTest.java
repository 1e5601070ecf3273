package io.katarelease.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.inspect.InspectResult.PatchDirectory;
import io.katarelease.core.inspect.InspectResult.PatchFile;
import io.katarelease.core.inspect.InspectResult.State;
import io.katarelease.core.testing.KataRepos;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.junit.TestRepository.CommitBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every released versions.yaml fixture, in a tree with that tag's real patch-directory layout:
 * inspect must select the same directories and patches, in the same order, as the listing made
 * from the real kata-containers repository.
 */
class InspectFixturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2.0.0", "2.5.0", "2.5.2", "3.0.0", "3.2.0", "3.10.0", "3.20.0", "3.32.0", "4.0.0", "4.1.0"})
    void selectsWhatKatasScriptsSelect(String tag) throws Exception {
        PatchListing listing = PatchListing.parse(KataRepos.fixture("kata-versions/" + tag + ".patches.txt"));
        String yaml = KataRepos.fixture(yamlResource(tag));
        InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription(tag));
        try (TestRepository<InMemoryRepository> tr = new TestRepository<>(repo)) {
            CommitBuilder commit = tr.commit().add("versions.yaml", yaml);
            for (Map.Entry<String, String> f : listing.tree().entrySet()) {
                commit.add(f.getKey(), f.getValue());
            }
            RevCommit c = commit.create();
            tr.update("refs/tags/" + tag, c);
        }

        InspectResult r = new InspectCommand().setRepository(repo).setRef(tag).call();

        assertThat(r.kataConfigVersion()).isEqualTo(listing.kataConfigVersion);
        assertThat(r.legacyRules()).isEqualTo(!listing.commonApplier);
        // The listing orders entries its own way; versions.yaml's order is kept by inspect.
        assertThat(r.components()).extracting(ComponentPlan::path, ComponentPlan::version)
                .containsExactlyInAnyOrderElementsOf(listing.entries.stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.path(), e.value())).toList());
        for (PatchListing.Entry expected : listing.entries) {
            ComponentPlan plan = r.components().stream().filter(p -> p.path().equals(expected.path())).findFirst()
                    .orElseThrow();
            List<PatchDirectory> dirs = plan.directories();
            assertThat(dirs).as(expected.path()).hasSameSizeAs(expected.dirs());
            for (int d = 0; d < dirs.size(); d++) {
                PatchListing.Dir want = expected.dirs().get(d);
                PatchDirectory got = dirs.get(d);
                switch (want.kind()) {
                    case "from-source-tree" -> assertThat(got.state()).as(expected.path()).isEqualTo(State.FROM_SOURCE_TREE);
                    case "not-used" -> assertThat(got.state()).as(expected.path()).isEqualTo(State.NOT_USED);
                    default -> {
                        assertThat(got.path()).as(expected.path()).isEqualTo(want.path());
                        assertThat(got.patches()).extracting(PatchFile::name).as(got.path())
                                .containsExactlyElementsOf(want.patches());
                        assertThat(got.state()).as(got.path()).isEqualTo(!want.patches().isEmpty() ? State.PATCHES
                                : want.files().contains("no_patches.txt") ? State.NO_PATCHES_MARKED
                                : State.NO_PATCHES_UNMARKED);
                        assertThat(got.role() == InspectResult.Role.KERNEL_BUILD_TYPE)
                                .isEqualTo(want.kind().equals("build-type"));
                    }
                }
            }
        }
    }

    private static String yamlResource(String tag) {
        return switch (tag) {
            case "3.32.0", "4.0.0", "4.1.0" -> "io/katarelease/core/sandbox/" + tag + ".yaml";
            default -> "kata-versions/" + tag + ".yaml";
        };
    }
}
