package io.katarelease.core.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.KataRelease;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sync.SyncResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
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
