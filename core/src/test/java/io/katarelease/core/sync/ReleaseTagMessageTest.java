package io.katarelease.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.sync.CarriedCommit.Disposition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.junit.TestRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The release tag's message, as written and as read back, on a real (in-memory) repository. */
class ReleaseTagMessageTest {
    private InMemoryRepository repo;
    private TestRepository<InMemoryRepository> git;
    private RevCommit upstreamTag;
    private RevCommit patchTip;

    @BeforeEach
    void setUp() throws Exception {
        repo = new InMemoryRepository(new DfsRepositoryDescription("tags"));
        git = new TestRepository<>(repo);
        upstreamTag = git.commit().add("VERSION", "4.1.0\n").message("release: Bump version to 4.1.0").create();
        patchTip = git.commit().add("do/fix", "fix\n").message("kernel: carry DO virtio fix").create();
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    @Test
    void namesTheUpstreamTagThePatchBranchAndEachCarriedAndDroppedCommit() {
        String applied = "a".repeat(40);
        String original = "b".repeat(40);
        String upstreamed = "c".repeat(40);
        String empty = "d".repeat(40);
        List<CarriedCommit> commits = List.of(
                new CarriedCommit(original, applied, "kernel: carry DO virtio fix", Disposition.APPLIED, null),
                new CarriedCommit(upstreamed, null, "qemu: carry DO migration patch", Disposition.ALREADY_UPSTREAM,
                        "same change as upstream " + "e".repeat(40) + " \"qemu: migration fix\""),
                new CarriedCommit(empty, null, "chore: nothing", Disposition.EMPTY, "the commit changes no file"));

        String message = ReleaseTagMessage.of("4.1.0-digitalocean-0", "4.1.0", upstreamTag, "do/main", patchTip,
                commits);

        assertThat(message).isEqualTo("4.1.0-digitalocean-0\n\n"
                + "Upstream tag 4.1.0 (" + upstreamTag.name() + ") with the fork commits of do/main ("
                + patchTip.name() + ").\n"
                + "\nCarried commits:\n"
                + "  aaaaaaaaaaaa kernel: carry DO virtio fix\n"
                + "\nDropped commits:\n"
                + "  cccccccccccc qemu: carry DO migration patch (already upstream: same change as upstream "
                + "e".repeat(40) + " \"qemu: migration fix\")\n"
                + "  dddddddddddd chore: nothing (empty: the commit changes no file)\n");

        // Read back by the same owner (package reads it for the release report).
        ReleaseTagMessage.Parsed parsed = ReleaseTagMessage.parse(message);
        assertThat(parsed.upstream()).isEqualTo("4.1.0 (" + upstreamTag.name() + ")");
        assertThat(parsed.carried()).containsExactly("aaaaaaaaaaaa kernel: carry DO virtio fix");
        assertThat(parsed.dropped()).containsExactly("cccccccccccc qemu: carry DO migration patch (already upstream:"
                + " same change as upstream " + "e".repeat(40) + " \"qemu: migration fix\")",
                "dddddddddddd chore: nothing (empty: the commit changes no file)");
        assertThat(ReleaseTagMessage.parse("a tag someone else wrote\n\n  indented")).isEqualTo(
                new ReleaseTagMessage.Parsed(null, List.of(), List.of()));
    }

    @Test
    void leavesOutASectionWithoutCommits() {
        String kept = "f".repeat(40);
        List<CarriedCommit> commits = List.of(
                new CarriedCommit(kept, kept, "kernel: carry DO virtio fix", Disposition.UNCHANGED, null));

        String message = ReleaseTagMessage.of("4.1.0-digitalocean-3", "4.1.0", upstreamTag, "do/main", patchTip,
                commits);

        assertThat(message).contains("Carried commits:\n  ffffffffffff kernel: carry DO virtio fix\n")
                .doesNotContain("Dropped commits");
        assertThat(ReleaseTagMessage.of("4.1.0-digitalocean-0", "4.1.0", upstreamTag, "do/main", patchTip,
                List.of())).doesNotContain("Carried commits", "Dropped commits").endsWith(").\n");
    }

    @Test
    void readsTheUpstreamCommitBackForThatTagOnly() {
        String message = ReleaseTagMessage.of("4.1.0-digitalocean-0", "4.1.0", upstreamTag, "do/main", patchTip,
                List.of());

        assertThat(ReleaseTagMessage.upstreamCommit(message, "4.1.0")).contains(upstreamTag.name());
        assertThat(ReleaseTagMessage.upstreamCommit(message, "4.1.1")).isEmpty();
        // the tag is taken literally, not as a pattern: '.' matches only '.'
        assertThat(ReleaseTagMessage.upstreamCommit(message.replace("4.1.0 (", "4x1x0 ("), "4.1.0")).isEmpty();
        assertThat(ReleaseTagMessage.upstreamCommit("a release made by hand\n", "4.1.0")).isEmpty();
    }

    @Test
    void insertsAnAnnotatedTagOnTheCommit() throws Exception {
        PersonIdent tagger = new PersonIdent(new PersonIdent("kata-release", "kata-release@localhost"),
                Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
        String message = ReleaseTagMessage.of("4.1.0-digitalocean-0", "4.1.0", upstreamTag, "do/main", patchTip,
                List.of());

        ObjectId id;
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            id = ReleaseTagMessage.insert(inserter, "4.1.0-digitalocean-0", patchTip, tagger, message);
        }

        try (RevWalk walk = new RevWalk(repo)) {
            RevTag tag = walk.parseTag(id);
            assertThat(tag.getTagName()).isEqualTo("4.1.0-digitalocean-0");
            assertThat(tag.getObject()).isEqualTo(patchTip);
            assertThat(tag.getTaggerIdent()).isEqualTo(tagger);
            assertThat(tag.getFullMessage()).isEqualTo(message);
        }
    }
}
