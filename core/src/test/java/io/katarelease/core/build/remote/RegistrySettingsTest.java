package io.katarelease.core.build.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a remote cache reference and the registry credentials accept, refuse and never show. */
class RegistrySettingsTest {
    @TempDir
    Path tmp;

    @Test
    void loopbackHostsSpeakPlainHttpAndOthersOnlyWhenAllowed() throws Exception {
        assertThat(RegistryReference.parse("oci://127.0.0.1:5000/kata/cache", false).plainHttp()).isTrue();
        assertThat(RegistryReference.parse("oci://localhost/kata", false).plainHttp()).isTrue();
        assertThat(RegistryReference.parse("oci://[::1]:5000/kata", false).plainHttp()).isTrue();
        RegistryReference remote = RegistryReference.parse("oci://Registry.Example.com/platform/kata-cache", false);
        assertThat(remote.plainHttp()).isFalse();
        assertThat(remote.registry()).isEqualTo("registry.example.com");
        assertThat(remote.toString()).isEqualTo("oci://registry.example.com/platform/kata-cache");
        assertThat(RegistryReference.parse("oci://registry.example.com:8443/kata", true).plainHttp()).isTrue();
        // A name that merely starts like a loopback address is not one.
        assertThat(RegistryReference.parse("oci://127.0.0.1.example.com/kata", false).plainHttp()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "registry.example.com/kata", "oci://registry.example.com/", "oci://registry.example.com/Kata",
        "oci://registry.example.com/kata//cache", "oci://registry.example.com/kata-", "oci://registry.example.com:0/kata",
        "oci://registry.example.com:70000/kata", "oci://-bad.example.com/kata", "oci://registry.example.com/kata:latest"})
    void malformedReferencesAreRefusedNamingTheForm(String text) {
        assertThatThrownBy(() -> RegistryReference.parse(text, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("oci://HOST[:PORT]/REPOSITORY");
    }

    @Test
    void aReferenceWithCredentialsIsRefusedWithoutThem() {
        assertThatThrownBy(() -> RegistryReference.parse("oci://robot:hunter2@registry.example.com/kata", false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("carries credentials")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("robot");
    }

    @Test
    void aBareHostThatClientsWouldSendToDockerHubIsRefused() throws Exception {
        RegistryReference bare = RegistryReference.parse("oci://registry/kata", false);
        assertThatThrownBy(() -> RegistryCache.open(bare, RegistryCredentials.anonymous()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("give it with its domain or port");
    }

    @Test
    void theVariablesComeFirstThenTheLoginFileThatTheContainerToolsWouldRead() throws Exception {
        String auth = Base64.getEncoder().encodeToString("robot:from-file".getBytes());
        Path docker = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"https://registry.example.com\":{\"auth\":\"" + auth
                + "\"},\"other.example.com\":{\"identitytoken\":\"id-token-1\"}}}");
        Path explicit = tmp.resolve("auth.json");
        Files.writeString(explicit, "{\"auths\":{}}");

        assertThat(RegistryCredentials.resolve(Map.of("KATA_RELEASE_REGISTRY_CREDENTIALS", "ci:pw", "DOCKER_CONFIG",
                docker.toString()), "registry.example.com").describe()).isEqualTo(
                        "user 'ci' (from KATA_RELEASE_REGISTRY_CREDENTIALS)");
        assertThat(RegistryCredentials.resolve(Map.of("KATA_RELEASE_REGISTRY_TOKEN", "tok"), "registry.example.com")
                .describe()).isEqualTo("a bearer token");
        RegistryCredentials fromFile = RegistryCredentials.resolve(Map.of("DOCKER_CONFIG", docker.toString()),
                "registry.example.com");
        assertThat(fromFile.describe()).startsWith("user 'robot' (from ").doesNotContain("from-file");
        assertThat(RegistryCredentials.resolve(Map.of("DOCKER_CONFIG", docker.toString()), "other.example.com")
                .describe()).isEqualTo("a bearer token");
        assertThat(RegistryCredentials.resolve(Map.of("DOCKER_CONFIG", docker.toString()), "third.example.com")
                .describe()).isEqualTo("anonymous");
        // REGISTRY_AUTH_FILE wins over DOCKER_CONFIG, as for podman and skopeo.
        assertThat(RegistryCredentials.resolve(Map.of("REGISTRY_AUTH_FILE", explicit.toString(), "DOCKER_CONFIG",
                docker.toString()), "registry.example.com").describe()).isEqualTo("anonymous");
        assertThat(RegistryCredentials.resolve(Map.of("HOME", tmp.resolve("nohome").toString()), "registry.example.com")
                .describe()).isEqualTo("anonymous");
    }

    @Test
    void aCredentialHelperOrABrokenLoginFileIsNamedWithoutItsContent() throws Exception {
        Path helper = tmp.resolve("helper.json");
        Files.writeString(helper, "{\"credsStore\":\"desktop\"}");
        assertThatThrownBy(() -> RegistryCredentials.fromLoginFile(helper, "registry.example.com"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("credential helper");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"auths\":{\"registry.example.com\":{\"auth\":\"c2VjcmV0LXZhbHVl\" ");
        assertThatThrownBy(() -> RegistryCredentials.fromLoginFile(broken, "registry.example.com"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot be read as JSON")
                .hasMessageNotContaining("c2VjcmV0LXZhbHVl");
        assertThatThrownBy(() -> RegistryCredentials.pair(Secret.of("no-colon-secret"), "a test"))
                .hasMessageContaining("not USER:PASSWORD").hasMessageNotContaining("no-colon-secret");
    }

    @Test
    void everyFormOfThePairAndThePasswordAloneIsRedacted() throws Exception {
        RegistryCredentials pair = RegistryCredentials.pair(Secret.of("robot:Pa55-word-xyz"), "a test");
        String basic = Base64.getEncoder().encodeToString("robot:Pa55-word-xyz".getBytes());
        String text = "Authorization: Basic " + basic + " password Pa55-word-xyz";
        assertThat(pair.redact(text)).doesNotContain(basic).doesNotContain("Pa55-word-xyz").contains("****");
        assertThat(pair.toString()).doesNotContain("Pa55");
    }
}
