package io.katarelease.core.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.KataRelease;
import io.katarelease.core.git.Remote;
import io.katarelease.core.tags.TagsCommand.TagsResult;
import io.katarelease.core.tags.TagsCommand.UpstreamTag;
import io.katarelease.core.testing.KataReposTest;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;

class TagsCommandTest extends KataReposTest {

    private TagsCommand tags() throws Exception {
        return KataRelease.tags().setUpstream(Remote.of("upstream", repos.upstreamUrl(), null))
                .setFork(Remote.of("fork", repos.forkUrl(), null));
    }

    @Test
    void listsUnreleasedUpstreamTagsInVersionOrderAndSkipsOddTags() throws Exception {
        KataRelease.sync().setUpstream(Remote.of("upstream", repos.upstreamUrl(), null))
                .setFork(Remote.of("fork", repos.forkUrl(), null)).setTag("4.1.0")
                .setWorkDir(tmp.resolve("work")).call();
        RevCommit head = repos.upstreamWork(1);
        for (String t : new String[] {"4.10.0", "4.2.0", "CC-0.8.0", "4.2.0-rc0", "untagged-b5b6198308b02e3a2666",
            "3.3.0-test", "2.1-alpha0", "stable-1.8.2",
            "release-3.4.0"}) {
            repos.up.update("refs/tags/" + t, head);
        }
        repos.up.update("refs/tags/4.9.0", repos.up.tag("4.9.0", head));

        TagsResult r = tags().call();

        assertThat(r.pending()).extracting(UpstreamTag::tag).containsExactly("4.0.0", "4.2.0", "4.9.0", "4.10.0");
        assertThat(r.pending().get(2).commit()).isEqualTo(head.name());
        assertThat(r.released()).extracting(UpstreamTag::tag).containsExactly("4.1.0");
        assertThat(r.released().get(0).releaseTags()).containsExactly("4.1.0-digitalocean-0");
        assertThat(tags().setSince("4.1.0").call().pending()).extracting(UpstreamTag::tag)
                .containsExactly("4.2.0", "4.9.0", "4.10.0");
        assertThat(tags().setSuffix("acme").call().released()).isEmpty();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> tags().setSince("--x").call()).hasMessageContaining("starts with '-'");
        assertThatThrownBy(() -> tags().setTagPattern("[").call()).hasMessageContaining("not a valid regular");
        assertThatThrownBy(() -> tags().setSuffix("a-b").call()).hasMessageContaining("release suffix");
    }
}
