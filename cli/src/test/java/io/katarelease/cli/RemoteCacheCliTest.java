package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.testing.RegistryExtension;
import io.katarelease.core.testing.RegistryExtension.User;
import io.katarelease.core.testing.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code build --remote-cache} against a real registry on loopback. */
@ExtendWith(RegistryExtension.class)
class RemoteCacheCliTest {
    static final String PASSWORD = "Regi5try-pa55";

    @TempDir
    Path tmp;

    Path kata;

    @BeforeEach
    void checkout() throws Exception {
        kata = BuildCliTest.kernelCheckout(tmp.resolve("kata"));
    }

    private CliRun build(Map<String, String> env, String cache, String... extra) {
        String[] base = {"build", "kernel", "--repo", kata.toString(), "--cache", tmp.resolve(cache).toString(),
            "--command", BuildCliTest.GOOD};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(env, args);
    }

    @Test
    void aSecondMachineTakesTheBuildFromTheRegistryNamedInTheEnvironment(RegistryServer registry) throws Exception {
        Map<String, String> env = Map.of(RemoteCacheOptions.ENV, registry.reference("kata/cache"));

        CliRun first = build(env, "cache-a");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("built in").contains(", pushed to " + registry.reference("kata/cache") + "@sha256:");

        CliRun second = build(env, "cache-b", "--json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode result = second.json().get("result");
        assertThat(result.get("source").asText()).isEqualTo("remote cache hit");
        assertThat(result.get("remote").asText()).startsWith(registry.reference("kata/cache") + "@sha256:");
        assertThat(second.err()).doesNotContain("kernel | built");
    }

    @Test
    void credentialsComeFromTheEnvironmentAndAreNeverPrinted(
            @User(name = "ci", password = PASSWORD) RegistryServer registry) throws Exception {

        CliRun anonymous = build(Map.of(), "cache-a", "--remote-cache", registry.reference("kata"));
        assertThat(anonymous.exitCode()).as("a registry fault never fails a build").isZero();
        assertThat(anonymous.err()).contains("refused anonymous (HTTP 401)");

        CliRun withPair = build(Map.of("KATA_RELEASE_REGISTRY_CREDENTIALS", "ci:" + PASSWORD), "cache-b",
                "--remote-cache", registry.reference("kata"), "--json");
        assertThat(withPair.exitCode()).isZero();
        assertThat(withPair.json().get("result").get("remote").asText()).contains("@sha256:");
        assertThat(withPair.err() + withPair.out()).doesNotContain(PASSWORD);

        Path file = tmp.resolve("registry-credentials");
        Files.writeString(file, "ci:wrong-" + PASSWORD + "\n");
        CliRun wrong = build(Map.of(), "cache-c", "--remote-cache", registry.reference("kata"),
                "--registry-credentials-file", file.toString());
        assertThat(wrong.exitCode()).isZero();
        assertThat(wrong.err()).contains("refused user 'ci'").doesNotContain(PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://registry.example.com/kata", "oci://registry.example.com", "oci://Registry.example.com/Kata",
        "oci://registry.example.com:99999/kata", "oci://bad_host!/kata"})
    void aMalformedReferenceExitsThreeNamingIt(String reference) {
        CliRun run = build(Map.of(), "cache", "--remote-cache", reference);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("oci://HOST[:PORT]/REPOSITORY").doesNotContain("kernel | built");
    }

    @Test
    void aReferenceWithCredentialsIsRefusedWithoutRepeatingThem() {
        CliRun run = build(Map.of(), "cache", "--remote-cache", "oci://ci:hunter2-secret@registry.example.com/kata");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("carries credentials").doesNotContain("hunter2-secret");
    }
}
