package io.katarelease.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katarelease.cli.ExitCodes;
import io.katarelease.core.testing.KataReposTest;
import io.katarelease.core.testing.TokenGitServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The process a Jenkins step leaves on its agent: it reads the step's request and token, runs
 * the commands, and leaves the outcome the plugin turns into the step's result.
 */
@SuppressWarnings("unchecked")
class AgentRunnerTest extends KataReposTest {
    private static final String TOKEN = "ghp_agentRunnerTestToken000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTokenReachesTheCommandsThroughTheirEnvironmentAndItsFileIsGone() throws Exception {
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            Path control = request("kataUpstreamTags", "UPSTREAM_TAGS", "KATA_RELEASE_GIT_TOKEN",
                    List.of(List.of("tags", "--upstream", server.url("upstream.git"), "--fork", server.url("fork.git"), "--json")));
            Files.writeString(control.resolve(AgentProtocol.TOKEN_FILE), TOKEN);
            StringWriter log = new StringWriter();

            int code = AgentRunner.run(control, Map.of(), tmp, new PrintWriter(log, true));

            assertThat(code).as(log.toString()).isEqualTo(ExitCodes.OK);
            assertThat(control.resolve(AgentProtocol.TOKEN_FILE)).doesNotExist();
            assertThat(server.authorizations()).isNotEmpty();
            JsonNode outcome = outcome(control);
            assertThat(outcome.path("failure").isNull()).isTrue();
            assertThat(outcome.path("result").path("pending").toString()).contains("4.1.0");
            assertThat(outcome.path("summary").get(0).asText()).startsWith("kataUpstreamTags: ");
            assertThat(log.toString()).startsWith("+ kata-release tags --upstream ").doesNotContain(TOKEN);
            assertThat(Files.readString(control.resolve(AgentProtocol.OUTCOME_FILE))).doesNotContain(TOKEN);
        }
    }

    @Test
    void aFailedCommandStopsTheListAndIsTheOutcome() throws Exception {
        Path control = request("kataPublishRelease", "PUBLISH", null, List.of(
                List.of("verify", "--asset", tmp.resolve("missing.tar.xz").toString(), "--json"),
                List.of("publish", "--release-tag", "4.1.0-digitalocean-0", "--assets", tmp.toString(),
                        "--to-dir", tmp.resolve("releases").toString(), "--json")));
        StringWriter log = new StringWriter();

        int code = AgentRunner.run(control, Map.of(), tmp, new PrintWriter(log, true));

        assertThat(code).isNotEqualTo(ExitCodes.OK);
        assertThat(log.toString()).contains("+ kata-release verify").doesNotContain("+ kata-release publish");
        assertThat(tmp.resolve("releases")).doesNotExist();
        JsonNode outcome = outcome(control);
        assertThat(outcome.path("result").isNull()).isTrue();
        assertThat(outcome.path("failure").asText()).startsWith("kataPublishRelease: ").contains("missing.tar.xz")
                .contains("exit " + code);
    }

    @Test
    void aFailureNamesTheStepsParameterNotTheCliFlag() throws Exception {
        Path control = request("kataPublishRelease", "PUBLISH", null, List.of(List.of("publish", "--release-tag",
                "4.1.0 x", "--assets", tmp.toString(), "--to-dir", tmp.resolve("releases").toString(), "--json")));
        StringWriter log = new StringWriter();

        int code = AgentRunner.run(control, Map.of(), tmp, new PrintWriter(log, true));

        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(outcome(control).path("failure").asText()).startsWith("kataPublishRelease: release tag '4.1.0 x'"
                + " contains white space or control characters (releaseTag) [INVALID_INPUT, exit 3]");
        assertThat(log.toString()).contains("(releaseTag)").doesNotContain("(--release-tag)");
    }

    @Test
    void theRunnersOwnIoErrorIsNamedAsTheCliNamesIt() {
        Path control = tmp.resolve("no-such-control");
        StringWriter log = new StringWriter();
        Exception e = org.assertj.core.api.Assertions.catchException(
                () -> AgentRunner.run(control, Map.of(), tmp, new PrintWriter(log, true)));

        int code = AgentRunner.ownFailure(e, new PrintWriter(log, true));

        assertThat(code).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(log.toString()).startsWith("kata-release agent: I/O error on " + control.resolve(AgentProtocol.REQUEST_FILE)
                + ": no such file or directory;");
    }

    @Test
    void aPublishLaunchCarriesTheVerificationItWasHanded() throws Exception {
        Path assets = Files.createDirectories(tmp.resolve("release"));
        Files.writeString(assets.resolve("notes.txt"), "notes");
        Path control = request("kataPublishRelease", "PUBLISH", null, List.of(List.of("publish", "--release-tag",
                "4.1.0-digitalocean-0", "--assets", assets.toString(), "--to-dir", tmp.resolve("releases").toString(),
                "--json")));
        Map<String, Object> request = JSON.readValue(control.resolve(AgentProtocol.REQUEST_FILE).toFile(), Map.class);
        request.put("carried", Map.of("passed", true, "checks", List.of(Map.of("name", "layout", "status", "PASSED"))));
        Files.write(control.resolve(AgentProtocol.REQUEST_FILE), JSON.writeValueAsBytes(request));

        assertThat(AgentRunner.run(control, Map.of(), tmp, new PrintWriter(new StringWriter(), true))).isEqualTo(ExitCodes.OK);
        JsonNode result = outcome(control).path("result");
        assertThat(result.path("verify").path("passed").asBoolean()).isTrue();
        assertThat(result.path("verify").path("checks").get(0).path("name").asText()).isEqualTo("layout");
        assertThat(result.path("releaseUrl").asText()).startsWith("file:");
    }

    @Test
    void pathsInsideTheWorkspaceComeBackRelative() throws Exception {
        Path workspace = Files.createDirectories(tmp.resolve("workspace"));
        Path control = request("kataSyncFork", "SYNC", null, List.of(List.of("sync", "--upstream", repos.upstreamUrl(),
                "--fork", repos.forkUrl(), "--tag", "4.1.0", "--work-dir", workspace.resolve("work").toString(),
                "--dry-run", "--json")));

        assertThat(AgentRunner.run(control, Map.of(), workspace, new PrintWriter(new StringWriter(), true)))
                .isEqualTo(ExitCodes.OK);
        JsonNode result = outcome(control).path("result");
        assertThat(result.path("releaseTag").asText()).isEqualTo("4.1.0-digitalocean-0");
        assertThat(result.path("carried").size()).isEqualTo(3);
        assertThat(result.path("dropped").size()).isZero();
    }

    private Path request(String function, String kind, String secretVariable, List<List<String>> commands) throws Exception {
        Path control = Files.createDirectories(tmp.resolve("control-" + function));
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("function", function);
        request.put("kind", kind);
        request.put("secretVariable", secretVariable);
        request.put("commands", commands);
        Files.write(control.resolve(AgentProtocol.REQUEST_FILE), JSON.writeValueAsBytes(request));
        return control;
    }

    private static JsonNode outcome(Path control) throws Exception {
        return JSON.readTree(Files.readString(control.resolve(AgentProtocol.OUTCOME_FILE), StandardCharsets.UTF_8));
    }
}
