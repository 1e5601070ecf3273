package io.katarelease.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.KataRelease;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.git.AuthenticationException;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sync.SyncResult.Status;
import io.katarelease.core.testing.KataRepos;
import io.katarelease.core.testing.KataReposTest;
import io.katarelease.core.testing.TokenGitServer;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

/** Sync against a real smart-HTTP server on loopback that requires a token, as GitHub does. */
class SyncOverHttpTest extends KataReposTest {
    private static final String TOKEN = "ghs_s3cr3tT0kenValue0123456789";

    private SyncResult sync(TokenGitServer server, Secret token) throws ReleaseException {
        return KataRelease.sync()
                .setUpstream(Remote.of("upstream", server.url("upstream.git"), token))
                .setFork(Remote.of("fork", server.url("fork.git"), token))
                .setTag("4.1.0")
                .setWorkDir(tmp.resolve("work"))
                .call();
    }

    @Test
    void theRightTokenSyncsAndIsSentOnlyAsBasicAuth() throws Exception {
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            SyncResult r = sync(server, Secret.of(TOKEN));

            assertThat(r.status()).isEqualTo(Status.PUSHED);
            assertThat(r.atomic()).isTrue();
            assertThat(repos.forkRef("refs/tags/4.1.0-digitalocean-0")).isNotNull();
            assertThat(server.authorizations()).anyMatch(a -> a.startsWith("Basic "));
        }
    }

    @Test
    void aWrongTokenFailsWithAnAuthenticationErrorThatDoesNotShowTheToken() throws Exception {
        Map<String, ObjectId> before = repos.forkRefs();
        String wrong = "ghs_wrongTokenValue987654321";
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            assertThatThrownBy(() -> sync(server, Secret.of(wrong)))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("the token was refused")
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(TOKEN);
                        assertThat(String.valueOf(e.getCause())).doesNotContain(wrong);
                    });
        }
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void noTokenFailsWithAHintWhereToPutOne() throws Exception {
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            assertThatThrownBy(() -> sync(server, null))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("KATA_RELEASE_GIT_TOKEN");
        }
    }

    @Test
    void aServerWithoutAtomicPushGetsOrderedPushes() throws Exception {
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            Repository fork = server.serveWithoutAtomicPush("plain-fork.git", repos.fork);

            SyncResult r = KataRelease.sync()
                    .setUpstream(Remote.of("upstream", server.url("upstream.git"), Secret.of(TOKEN)))
                    .setFork(Remote.of("fork", server.url("plain-fork.git"), Secret.of(TOKEN)))
                    .setTag("4.1.0").setWorkDir(tmp.resolve("work")).call();

            assertThat(r.status()).isEqualTo(Status.PUSHED);
            assertThat(r.atomic()).isFalse();
            assertThat(r.warnings()).anyMatch(w -> w.contains("atomic"));
            assertThat(fork.resolve("refs/heads/do/4.1.0")).isEqualTo(ObjectId.fromString(r.releaseCommit()));
            assertThat(fork.resolve("refs/tags/4.1.0-digitalocean-0")).isNotNull();
            assertThat(fork.resolve("refs/heads/main")).isEqualTo(repos.upstreamRef("refs/heads/main"));
            assertThat(fork.getRefDatabase().getRefsByPrefix(SyncCommand.BACKUP_NS)).hasSize(1);
        }
    }

    @Test
    void aProtectedBranchRefusalIsReportedWithAHintAndNothingIsPushed() throws Exception {
        Map<String, ObjectId> before = repos.forkRefs();
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            server.refuse("refs/heads/do/main", "GH006: Protected branch update failed for refs/heads/do/main."
                    + " Cannot force-push to this branch");

            assertThatThrownBy(() -> sync(server, Secret.of(TOKEN)))
                    .isInstanceOfSatisfying(PushRejectedException.class, e -> {
                        assertThat(e.rejected()).singleElement().asString()
                                .startsWith("refs/heads/do/main").contains("GH006");
                        assertThat(e.getMessage()).contains("Nothing was pushed", "branch protection rule");
                        assertThat(e.reason()).isEqualTo(ReleaseException.Reason.PUSH_REJECTED);
                    });
        }
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void anUnknownRepositoryIsNotFound() throws Exception {
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            assertThatThrownBy(() -> KataRelease.sync()
                    .setUpstream(Remote.of("upstream", server.url("upstream.git"), Secret.of(TOKEN)))
                    .setFork(Remote.of("fork", server.url("nope.git"), Secret.of(TOKEN)))
                    .setTag("4.1.0").setWorkDir(tmp.resolve("work")).call())
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("nope.git");
        }
    }

    @Test
    void aUrlWithAPasswordIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> Remote.of("fork", "https://user:" + TOKEN + "@github.com/o/r.git", null))
                .hasMessageContaining("carries a password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }
}
