package io.katarelease.core.sync;

import static io.katarelease.core.testing.KataRepos.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.KataRelease;
import io.katarelease.core.git.Remote;
import io.katarelease.core.sync.SyncResult.Status;
import io.katarelease.core.testing.KataReposTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The release number {@code <n>} of {@code <tag>-<suffix>-<n>}: read exactly up to 999999999,
 * any other number-like {@code <n>} refused by name, and the next number never wraps or collides.
 */
class HostileNumbersTest extends KataReposTest {
    private SyncCommand sync(String tag) throws InvalidInputException {
        return KataRelease.sync()
                .setUpstream(Remote.of("upstream", repos.upstreamUrl(), null))
                .setFork(Remote.of("fork", repos.forkUrl(), null))
                .setTag(tag)
                .setWorkDir(tmp.resolve("work"))
                .setClock(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
    }

    /** A release tag on the fork's main: a tree unlike any release, so the next sync tags anew. */
    private void forkTag(String name) throws Exception {
        RevCommit own = repos.fk.getRevWalk().parseCommit(repos.forkRef(MAIN));
        repos.fk.update("refs/tags/" + name, own);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "1000000000", "2147483648", "007", "00", "+3", "-1", "1e9", "０",
        "٣"})
    void aReleaseNumberOfAnyOtherShapeIsRefusedByNameAndNothingIsPushed(String n) throws Exception {
        forkTag("4.1.0-digitalocean-" + n);
        Map<String, ObjectId> before = repos.forkRefs();

        assertThatThrownBy(() -> sync("4.1.0").call()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'4.1.0-digitalocean-" + n + "'");
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void theLastReleaseNumberIsNotPassed() throws Exception {
        forkTag("4.1.0-digitalocean-999999999");
        Map<String, ObjectId> before = repos.forkRefs();

        assertThatThrownBy(() -> sync("4.1.0").call()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'4.1.0-digitalocean-999999999'").hasMessageContaining("999999999");
        assertThat(repos.forkRefs()).isEqualTo(before);
    }

    @Test
    void largeReleaseNumbersCountOnExactly() throws Exception {
        forkTag("4.1.0-digitalocean-2");
        forkTag("4.1.0-digitalocean-999999998");
        forkTag("4.1.0-digitalocean-10");

        SyncResult r = sync("4.1.0").call();

        assertThat(r.status()).isEqualTo(Status.PUSHED);
        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-999999999");
        assertThat(repos.forkRef("refs/tags/4.1.0-digitalocean-999999999")).isNotNull();
        // run again: the same tree reuses the tag, no wrap-around to a negative or reused number
        SyncResult again = sync("4.1.0").call();
        assertThat(again.releaseTag()).isEqualTo("4.1.0-digitalocean-999999999");
        assertThat(again.releaseTagCreated()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "1-hotfix", "rc1"})
    void tagsThatAreNoReleaseNumberAreLeftAlone(String n) throws Exception {
        forkTag("4.1.0-digitalocean-" + n);

        SyncResult r = sync("4.1.0").call();

        assertThat(r.releaseTag()).isEqualTo("4.1.0-digitalocean-0");
    }
}
