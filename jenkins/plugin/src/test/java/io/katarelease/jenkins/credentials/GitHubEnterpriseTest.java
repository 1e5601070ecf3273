package io.katarelease.jenkins.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Label;
import hudson.model.Result;
import io.katarelease.core.testing.FakeGitHub;
import io.katarelease.jenkins.testing.Pipelines;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.github_branch_source.Endpoint;
import org.jenkinsci.plugins.github_branch_source.GitHubConfiguration;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A fork on GitHub Enterprise: the publish step is given the repository's URL, and finds the API
 * URL among GitHub Branch Source's configured servers; an unknown host fails naming it.
 */
@WithJenkins
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GitHubEnterpriseTest {
    private static final String RELEASE_TAG = "4.1.0-digitalocean-0";
    private static final String TOKEN = "ghp_githubEnterpriseTestToken0123456";

    private static String publish(String repoUrl) {
        return "node('x86_64') {\n"
                + "  writeFile file: 'release/SHA256SUMS', text: 'x'\n"
                + "  def gh = kataPublishRelease(releaseTag: '" + RELEASE_TAG + "', assets: 'release', verify: false,"
                + " githubRepo: '" + repoUrl + "', credentialsId: 'ghe')\n"
                + "  echo \"result url=${gh.releaseUrl}\"\n"
                + "}\n";
    }

    @Test
    void theApiUrlComesFromTheConfiguredServerOfTheRepositorysHost(JenkinsRule r) throws Exception {
        try (FakeGitHub ghe = new FakeGitHub("platform/kata-containers", TOKEN)) {
            ghe.addTag(RELEASE_TAG);
            // The server's API is on 127.0.0.1 (as https://ghe.example.com/api/v3 is on ghe.example.com).
            GitHubConfiguration.get().setEndpoints(List.of(new Endpoint("https://ghe.other.test/api/v3", "other"),
                    new Endpoint(ghe.apiUrl(), "our GitHub Enterprise")));
            CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                    new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "ghe", "bot", "x-access-token", TOKEN));
            r.createOnlineSlave(Label.get("x86_64"));

            WorkflowRun ok = Pipelines.build(r, "ok", publish("https://127.0.0.1/platform/kata-containers.git"),
                    Result.SUCCESS);
            r.assertLogContains("--github-api-url " + ghe.apiUrl(), ok);
            assertThat(ghe.assetBytes(RELEASE_TAG, "SHA256SUMS"), notNullValue());

            WorkflowRun unknown = Pipelines.build(r, "unknown", publish("https://git.example.test/platform/kata.git"),
                    Result.FAILURE);
            r.assertLogContains("no GitHub server on git.example.test is configured", unknown);
            r.assertLogContains("GitHub Enterprise Servers", unknown);
            assertThat(ghe.releases(), hasSize(1));
        }
    }
}
