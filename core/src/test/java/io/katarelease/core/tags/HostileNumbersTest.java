package io.katarelease.core.tags;

import static io.katarelease.core.testing.KataRepos.MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.KataRelease;
import io.katarelease.core.git.Remote;
import io.katarelease.core.tags.TagsCommand.TagsResult;
import io.katarelease.core.tags.TagsCommand.UpstreamTag;
import io.katarelease.core.testing.KataReposTest;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tags and release numbers of any size or shape in {@code kata-release tags}. */
class HostileNumbersTest extends KataReposTest {

    private TagsCommand tags() throws Exception {
        return KataRelease.tags().setUpstream(Remote.of("upstream", repos.upstreamUrl(), null))
                .setFork(Remote.of("fork", repos.forkUrl(), null));
    }

    private void forkTag(String name) throws Exception {
        RevCommit own = repos.fk.getRevWalk().parseCommit(repos.forkRef(MAIN));
        repos.fk.update("refs/tags/" + name, own);
    }

    @Test
    void upstreamTagsWithHugeNumbersSortExactly() throws Exception {
        RevCommit head = repos.upstreamWork(1);
        for (String t : new String[] {"99999999999999999999.0.0", "100000000000000000000.0.0", "4.10.0", "4.9.0",
            "9999999999.0.1", "4.1.99999999999999999999", "٣.0.0", "４.0.0", "+4.0.0", "4.0.0.", "1e9.0.0"}) {
            repos.up.update("refs/tags/" + t, head);
        }

        TagsResult r = tags().call();

        assertThat(r.pending()).extracting(UpstreamTag::tag).containsExactly("4.0.0", "4.1.0",
                "4.1.99999999999999999999", "4.9.0", "4.10.0", "9999999999.0.1", "99999999999999999999.0.0",
                "100000000000000000000.0.0");
        assertThat(tags().setSince("99999999999999999999").call().pending()).extracting(UpstreamTag::tag)
                .containsExactly("99999999999999999999.0.0", "100000000000000000000.0.0");
        assertThat(tags().setSince("004.009").call().pending()).extracting(UpstreamTag::tag)
                .startsWith("4.9.0", "4.10.0");
    }

    @Test
    void aHugeReleaseNumberIsRefusedByName() throws Exception {
        forkTag("4.1.0-digitalocean-99999999999999999999");

        assertThatThrownBy(() -> tags().call()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'4.1.0-digitalocean-99999999999999999999'")
                .hasMessageContaining("999999999");
    }

    @Test
    void theLargestReleaseNumberIsRead() throws Exception {
        forkTag("4.1.0-digitalocean-999999999");
        forkTag("4.1.0-digitalocean-2");

        TagsResult r = tags().call();

        assertThat(r.released()).extracting(UpstreamTag::tag).containsExactly("4.1.0");
        assertThat(r.released().get(0).releaseTags())
                .containsExactly("4.1.0-digitalocean-2", "4.1.0-digitalocean-999999999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"007", "00", "+3", "-1", "1e9", "０", "٣", "1000000000", "9999999999999999999999999"})
    void releaseNumbersOfOtherShapesAreRefusedByName(String n) throws Exception {
        forkTag("4.1.0-digitalocean-" + n);

        assertThatThrownBy(() -> tags().call()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'4.1.0-digitalocean-" + n + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "1-hotfix", "rc1", "1.1"})
    void tagsThatAreNoReleaseNumberAreNotReleases(String n) throws Exception {
        forkTag("4.1.0-digitalocean-" + n);

        assertThat(tags().call().pending()).extracting(UpstreamTag::tag).contains("4.1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+3", "NaN", "1e9", "٣.0.0", "４.1.0", "v", "x.y"})
    void aSinceThatIsNoVersionIsRefusedByName(String since) {
        assertThatThrownBy(() -> tags().setSince(since).call()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("starting version '" + since + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4..1", "4.1.", "-1"})
    void aSinceThatIsNoRefNameIsRefusedByName(String since) {
        assertThatThrownBy(() -> tags().setSince(since).call()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("starting version '" + since + "'");
    }
}
