package io.katarelease.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.testing.TokenGitServer;
import io.katarelease.jenkins.agent.Secrets;
import io.katarelease.jenkins.testing.TestCredentials;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials by id, over a real smart-HTTP git server that wants a token: looked up for the
 * run, tracked on it, handed to the agent process by environment only, never in the log.
 */
class CredentialsTest {
    private static final String TOKEN = "ghs_s3cr3tInstallationToken";

    @TempDir
    Path tmp;
    Sandbox sandbox;
    TokenGitServer server;
    File workspace;

    @BeforeEach
    void setUp() throws Exception {
        sandbox = Sandbox.create(tmp.resolve("sandbox"));
        server = new TokenGitServer(sandbox.dir(), TOKEN);
        workspace = Files.createDirectories(tmp.resolve("ws")).toFile();
        CredentialsProvider.standinStore().clear();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        CredentialsProvider.standinStore().clear();
    }

    @Test
    void aGitHubAppOrTokenAsPasswordSyncsOverHttps() throws Exception {
        // A GitHub App's credentials: the app id as username, a fresh installation token as password.
        CredentialsProvider.standinStore().put("kata-git", TestCredentials.usernamePassword("kata-git", "123456", TOKEN));
        KataSyncForkStep step = new KataSyncForkStep(sandbox.upstreamUrl(), server.url("fork.git"), "4.1.0");
        step.setCredentialsId("kata-git");
        StepRunner runner = new StepRunner(workspace);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) runner.run(step, 180);

        assertThat(result).containsEntry("releaseTag", "4.1.0-digitalocean-0");
        assertThat(forkTags()).contains("refs/tags/4.1.0-digitalocean-0");
        assertThat(CredentialsProvider.standinTracked()).contains(runner.context.run().getExternalizableId() + " kata-git");
        assertThat(runner.context.log()).doesNotContain(TOKEN).contains("kataSyncFork: PUSHED");
        // The build's own environment never held it: only the agent process got it.
        assertThat(runner.context.env().values()).noneMatch(v -> v.contains(TOKEN));
        assertThat(server.authorizations()).anyMatch(a -> !a.isEmpty());
    }

    @Test
    void secretTextWorksForTheTagWatch() throws Exception {
        CredentialsProvider.standinStore().put("kata-token", TestCredentials.secretText("kata-token", TOKEN));
        KataUpstreamTagsStep step = new KataUpstreamTagsStep(server.url("upstream.git"), server.url("fork.git"));
        step.setCredentialsId("kata-token");
        StepRunner runner = new StepRunner(workspace);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) runner.run(step, 120);
        assertThat((List<Object>) result.get("pending")).contains("4.1.0");
        assertThat(runner.context.log()).doesNotContain(TOKEN);
    }

    @Test
    void noCredentialsIsAnAuthenticationFailure() throws Exception {
        KataUpstreamTagsStep step = new KataUpstreamTagsStep(server.url("upstream.git"), server.url("fork.git"));
        assertThatThrownBy(() -> new StepRunner(workspace).run(step, 120))
                .isInstanceOf(AbortException.class).hasMessageContaining("AUTHENTICATION, exit 7");
    }

    @Test
    void anUnknownIdIsNamedAndNothingRuns() throws Exception {
        KataSyncForkStep step = new KataSyncForkStep(sandbox.upstreamUrl(), server.url("fork.git"), "4.1.0");
        step.setCredentialsId("no-such-id");
        assertThatThrownBy(() -> new StepRunner(workspace).run(step, 60))
                .isInstanceOf(AbortException.class).hasMessageContaining("'no-such-id'").hasMessageContaining("Credentials");
        assertThat(new File(tmp.toFile(), "ws@tmp/kata-release").list((d, n) -> !n.endsWith(".jar"))).isNullOrEmpty();
        assertThat(forkTags()).doesNotContain("refs/tags/4.1.0-digitalocean-0");
    }

    @Test
    void maskingCoversTheUrlEncodedForm() {
        String secret = "p@ss/word+1";
        assertThat(Secrets.mask("push to https://x:p%40ss%2Fword%2B1@host and p@ss/word+1", secret))
                .isEqualTo("push to https://x:****@host and ****");
    }

    private List<String> forkTags() throws Exception {
        return Git.lsRemoteRepository().setRemote(server.url("fork.git")).setTags(true)
                .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", TOKEN)).call()
                .stream().map(Ref::getName).toList();
    }
}
