package io.katarelease.jenkins.credentials;

import static io.katarelease.jenkins.testing.Pipelines.q;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.Secret;
import io.katarelease.core.testing.FakeGitHub;
import io.katarelease.core.testing.FakeGitHubApp;
import io.katarelease.jenkins.testing.Pipelines;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.github_branch_source.GitHubAppCredentials;
import org.jenkinsci.plugins.github_branch_source.app_credentials.AccessSpecifiedRepositories;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * GitHub App credentials (GitHub Branch Source) as a step's credentials: GitHub Branch Source
 * signs a JWT with the App's private key, the GitHub-shaped server checks it with the public key
 * and mints an installation token for the installation of the repository's owner (the App is
 * installed on two owners, so the owner must be pinned), and the step publishes with it.
 */
@WithJenkins
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GitHubAppTest {
    private static final String RELEASE_TAG = "4.1.0-digitalocean-0";

    private static KeyPair keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return rsa.generateKeyPair();
    }

    /** The App's credentials as a user enters them: App id, private key (PKCS#8 PEM), API URL. */
    private static GitHubAppCredentials credentials(KeyPair keys, FakeGitHub github) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        GitHubAppCredentials credentials = new GitHubAppCredentials(CredentialsScope.GLOBAL, "github-app",
                "kata-release App", "4242", Secret.fromString(pem));
        credentials.setApiUri(github.apiUrl());
        return credentials;
    }

    private static String publish(FakeGitHub github) {
        return "node('x86_64') {\n"
                + "  writeFile file: 'release/SHA256SUMS', text: 'x'\n"
                + "  kataPublishRelease(releaseTag: '" + RELEASE_TAG + "', assets: 'release', verify: false,"
                + " githubRepo: 'example/kata-containers', githubApiUrl: " + q(github.apiUrl())
                + ", credentialsId: 'github-app')\n"
                + "}\n";
    }

    @Test
    void aGitHubAppMintsATokenForTheForksOwnerAndThePublishUsesIt(JenkinsRule r) throws Exception {
        KeyPair keys = keys();
        FakeGitHubApp app = new FakeGitHubApp(4242, keys.getPublic(), "other-org", "example");
        try (FakeGitHub github = new FakeGitHub("example/kata-containers", "ghp_notTheAppsToken0000000000000000")
                .withApp(app)) {
            github.addTag(RELEASE_TAG);
            GitHubAppCredentials credentials = credentials(keys, github);
            // As a user sets it up: the App's installation on the fork's owner.
            credentials.setRepositoryAccessStrategy(new AccessSpecifiedRepositories("example", List.of()));
            CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(), credentials);
            r.createOnlineSlave(Label.get("x86_64"));

            WorkflowRun b = Pipelines.build(r, "publish", publish(github), Result.SUCCESS);

            assertThat(app.refusedJwts(), is(empty()));
            List<String[]> minted = app.minted();
            assertThat(minted.size(), greaterThanOrEqualTo(1));
            assertThat(minted.stream().map(m -> m[1]).toList(), everyItem(equalTo("example")));
            assertThat(github.assetBytes(RELEASE_TAG, "SHA256SUMS"), notNullValue());
            for (String[] m : minted) {
                r.assertLogNotContains(m[0], b);
            }
        }
    }

    @Test
    void credentialsForAnotherOwnersInstallationAreRefusedBeforeAnythingRuns(JenkinsRule r) throws Exception {
        KeyPair keys = keys();
        FakeGitHubApp app = new FakeGitHubApp(4242, keys.getPublic(), "other-org", "example");
        try (FakeGitHub github = new FakeGitHub("example/kata-containers", "ghp_notTheAppsToken0000000000000000")
                .withApp(app)) {
            github.addTag(RELEASE_TAG);
            GitHubAppCredentials credentials = credentials(keys, github);
            credentials.setRepositoryAccessStrategy(new AccessSpecifiedRepositories("other-org", List.of()));
            CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(), credentials);
            r.createOnlineSlave(Label.get("x86_64"));

            WorkflowRun b = Pipelines.build(r, "publish", publish(github), Result.FAILURE);

            r.assertLogContains("installation of 'other-org', but this step works on example/kata-containers", b);
            assertThat(app.minted(), hasSize(0));
            assertThat(github.releases(), hasSize(0));
        }
    }
}
