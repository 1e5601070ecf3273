package io.katarelease.jenkins.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.katarelease.jenkins.release.ReleaseSummaryAction;
import java.util.List;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTable;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/** What a published release's page, badge and console show, read as a user's browser gets them (HTML only). */
public final class ReleasePages {
    private ReleasePages() {}

    public static void assertPublishedPage(JenkinsRule r, WorkflowRun b, String releaseTag) throws Exception {
        ReleaseSummaryAction action = b.getAction(ReleaseSummaryAction.class);
        assertThat(action, notNullValue());
        try (JenkinsRule.WebClient wc = r.createWebClient()) {
            wc.getOptions().setJavaScriptEnabled(false); // the test war has no JavaScript bundle
            HtmlPage page = wc.getPage(b, "kata-release");
            String text = page.asNormalizedText();
            assertThat(text, containsString("Release " + releaseTag));
            assertThat(text, containsString(releaseTag + " published"));
            HtmlTable commits = page.getHtmlElementById("kata-release-commits");
            assertThat(commits.asNormalizedText(), containsString("qemu: carry virtio-net tx queue tuning"));
            assertThat(commits.asNormalizedText(), containsString("carried"));
            HtmlTable builds = page.getHtmlElementById("kata-release-builds");
            assertThat(builds.asNormalizedText(), containsString("qemu"));
            assertThat(builds.asNormalizedText(), containsString("kernel"));
            assertThat(builds.asNormalizedText(), containsString(".patch"));
            HtmlTable checks = page.getHtmlElementById("kata-release-checks");
            assertThat(checks.asNormalizedText(), containsString("SHA256SUMS"));
            assertThat(checks.asNormalizedText(), containsString("passed"));
            HtmlTable assets = page.getHtmlElementById("kata-release-assets");
            String tarball = releaseTag + "-x86_64.tar.xz";
            List<String> links = assets.getElementsByTagName("a").stream().map(a -> ((HtmlAnchor) a).getHrefAttribute())
                    .toList();
            assertThat(links, hasItem("https://github.com/example/kata-containers/releases/download/" + releaseTag + "/"
                    + tarball));
            ReleaseSummaryAction.Asset main = action.getAssets().stream().filter(a -> a.getName().equals(tarball))
                    .findFirst().orElseThrow();
            assertThat(assets.asNormalizedText(), containsString(main.getSha256()));
            assertThat(main.getSha256().length(), equalTo(64));

            // The badge: the build history draws it with the page's script, which the test war lacks;
            // what it draws from is the run's badge actions.
            assertThat(b.getBadgeActions(), hasItem(action));
            // The build's own page links to the release page with the status line.
            assertThat(wc.getPage(b).asNormalizedText(), containsString(releaseTag + " published"));
            // The console's links to the release and each asset.
            HtmlPage console = wc.getPage(b, "console");
            List<String> consoleLinks = console.getAnchors().stream().map(HtmlAnchor::getHrefAttribute).toList();
            assertThat(consoleLinks, hasItem("https://github.com/example/kata-containers/releases/tag/" + releaseTag));
            assertThat(consoleLinks, hasItem("https://github.com/example/kata-containers/releases/download/" + releaseTag
                    + "/" + tarball));
        }
    }
}
