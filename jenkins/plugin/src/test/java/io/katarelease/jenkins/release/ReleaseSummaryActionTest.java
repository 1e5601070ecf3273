package io.katarelease.jenkins.release;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import io.katarelease.core.release.ReleaseStages;
import io.katarelease.jenkins.agent.StepKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The release page shows what an agent process reported, so it must render hostile values as
 * text: no markup from them, no link that is not http(s), and values of the wrong type ignored.
 */
@WithJenkins
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReleaseSummaryActionTest {
    @Test
    void hostileValuesAreShownAsTextAndNeverLinkedOutsideHttp(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject("p");
        FreeStyleBuild b = r.buildAndAssertSuccess(p);
        String script = "<script>window.pwned=1</script>";
        ReleaseRecorder.record(b, StepKind.SYNC, Map.of("releaseTag", "4.1.0-x-0" + script, "carried",
                List.of(Map.of("commit", "abc", "subject", "<img src=x onerror=alert(1)>"), "not a map", 42),
                "dropped", "not a list"));
        ReleaseRecorder.record(b, StepKind.BUILD, Map.of("component", "qemu", "series", List.of("a.patch", 7),
                "fromCache", "yes", "sha256", Map.of("nested", true)));
        ReleaseRecorder.record(b, StepKind.BUILD, Map.of("component", "kernel", "fromCache", true,
                "source", "remote cache hit", "remote", "oci://registry.test/kata/cache@sha256:ab12"));
        r.createFreeStyleProject("node-upgrader");
        ReleaseRecorder.record(b, StepKind.PUBLISH, Map.of("releaseUrl", "https://example.test/r",
                "releaseTag", "4.1.0-x-0"), Map.of("handOffJob", "node-upgrader"));
        ReleaseRecorder.record(b, StepKind.PUBLISH, Map.of("releaseUrl", "javascript:alert(1)", "assets",
                List.of(Map.of("name", script, "url", "javascript:alert(2)", "sha256", "00", "size", "big"),
                        Map.of("name", "ok.tar.xz", "url", "https://example.test/ok.tar.xz", "sha256", "11"))));

        ReleaseSummaryAction action = b.getAction(ReleaseSummaryAction.class);
        assertThat(action.getHandOffJob(), equalTo("node-upgrader"));
        assertThat(action.getCarried().size(), is(1));
        // Sorted by component: the kernel first; a build without 'source' (an older CLI) shows fromCache.
        assertThat(action.getBuilds().get(1).getSeries(), equalTo(List.of("a.patch")));
        assertThat(action.getBuilds().get(1).getCacheOutcome(), equalTo("built")); // "yes" is not a boolean
        assertThat(action.getBuilds().get(0).getCacheOutcome(),
                equalTo("remote cache hit from oci://registry.test/kata/cache@sha256:ab12"));
        assertThat(b.getDescription(), startsWith("4.1.0-x-0"));

        try (JenkinsRule.WebClient wc = r.createWebClient()) {
            wc.getOptions().setJavaScriptEnabled(false);
            HtmlPage page = wc.getPage(b, "kata-release");
            assertThat(page.getElementsByTagName("script").stream().map(e -> e.getTextContent()).toList(),
                    everyItem(not(containsString("pwned"))));
            assertThat(page.getElementsByTagName("img").stream().filter(e -> e.hasAttribute("onerror")).count(), is(0L));
            assertThat(page.asNormalizedText(), containsString("<img src=x onerror=alert(1)>"));
            assertThat(page.asNormalizedText(), containsString(script));
            assertThat(page.getHtmlElementById("kata-release-builds").asNormalizedText(),
                    containsString("remote cache hit from oci://registry.test/kata/cache@sha256:ab12"));
            List<String> hrefs = page.getAnchors().stream().map(HtmlAnchor::getHrefAttribute).toList();
            assertThat(hrefs, everyItem(not(startsWith("javascript:"))));
            assertThat(hrefs.contains("https://example.test/ok.tar.xz"), is(true));
            assertThat(page.getHtmlElementById("kata-release-handoff").asNormalizedText(), containsString("node-upgrader"));
            assertThat(hrefs.stream().anyMatch(h -> h.endsWith("/job/node-upgrader/")), is(true));
        }
    }

    @Test
    void theStageTableFollowsTheEnginesOrderAndSaysWhatIsNotDone(JenkinsRule r) throws Exception {
        FreeStyleBuild b = r.buildAndAssertSuccess(r.createFreeStyleProject("stages"));
        ReleaseRecorder.record(b, StepKind.SYNC, Map.of("releaseTag", "4.1.0-x-0", "status", "PUSHED"));
        ReleaseRecorder.record(b, StepKind.BUILD, Map.of("component", "qemu", "fromCache", false));
        ReleaseRecorder.record(b, StepKind.BUILD, Map.of("component", "kernel", "fromCache", true));

        List<StageRow> stages = b.getAction(ReleaseSummaryAction.class).getStages();

        // The engine's list (core's ReleaseStages, on the test class path only), less the checkout,
        // which each agent does itself in Jenkins; builds in the page's order (by component).
        List<String> engine = ReleaseStages.names(List.of("kernel", "qemu")).stream()
                .filter(n -> !n.equals(ReleaseStages.CHECKOUT)).toList();
        assertThat(stages.stream().map(StageRow::getName).toList(), equalTo(engine));
        assertThat(stages.stream().filter(StageRow::isDone).map(StageRow::getName).toList(),
                equalTo(List.of("sync", "build kernel", "build qemu")));
        assertThat(stages.get(0).getDetail(), containsString("4.1.0-x-0"));

        try (JenkinsRule.WebClient wc = r.createWebClient()) {
            wc.getOptions().setJavaScriptEnabled(false);
            String table = wc.getPage(b, "kata-release").getHtmlElementById("kata-release-stages").asNormalizedText();
            assertThat(table, containsString("not done"));
            int sync = table.indexOf("sync");
            int build = table.indexOf("build kernel");
            int publish = table.indexOf("publish");
            assertThat(sync >= 0 && sync < build && build < publish && publish < table.indexOf("hand off"), is(true));
        }
    }
}
