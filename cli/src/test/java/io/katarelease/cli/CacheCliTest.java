package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.testing.KataRepos;
import io.katarelease.core.testing.RegistryExtension;
import io.katarelease.core.testing.RegistryExtension.User;
import io.katarelease.core.testing.RegistryServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code cache ls|inspect|prune} over a real local cache and a real registry on loopback. */
@ExtendWith(RegistryExtension.class)
class CacheCliTest {
    static final String RELEASE = "4.1.0-fork.1";
    static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path tmp;

    private CliRun cache(String ref, String... args) {
        List<String> all = new ArrayList<>(List.of("cache"));
        all.addAll(List.of(args));
        all.addAll(List.of("--cache", tmp.resolve("cache").toString(), "--state", tmp.resolve("state").toString()));
        if (ref != null) {
            all.addAll(List.of("--remote-cache", ref));
        }
        return CliRun.of(Map.of(), all.toArray(String[]::new));
    }

    /** Builds the kernel of a small kata-shaped checkout through the CLI, pushing it; @return its key. */
    private String buildKernel(String ref) throws Exception {
        Path kata = tmp.resolve("kata");
        write(kata, "versions.yaml", KataRepos.fixture("io/katarelease/core/sandbox/4.1.0.yaml"));
        write(kata, "tools/packaging/scripts/apply_patches.sh", "#!/bin/bash\n");
        write(kata, "tools/packaging/kernel/kata_config_version", "202\n");
        write(kata, "tools/packaging/kernel/patches/6.18.x/0001-do-fix.patch", "--- a/x\n+++ b/x\n");
        write(kata, "tools/packaging/kernel/patches/6.18.x/dragonball-experimental/no_patches.txt", "");
        CliRun build = CliRun.of(Map.of(), "build", "kernel", "--repo", kata.toString(), "--cache",
                tmp.resolve("cache").toString(), "--command", BuildCliTest.GOOD, "--remote-cache", ref, "--json");
        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.json().path("result").path("remote").asText()).startsWith(ref + "@sha256:");
        return build.json().path("result").path("record").path("cacheKey").asText();
    }

    private static void write(Path root, String path, String content) throws Exception {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), content);
    }

    @Test
    void listsInspectsAndPrunesBothLevels(RegistryServer registry) throws Exception {
        String ref = registry.reference("kata-cache");
        String key = buildKernel(ref);
        Ledger.open(tmp.resolve("state"), RELEASE).record("build kernel", Map.of("cacheKey", key),
                Map.of("artifact", "a"), Instant.now());

        CliRun ls = cache(ref, "ls");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("local ", "remote ", key.substring(0, 16), RELEASE, ref + "@sha256:",
                tmp.resolve("cache").toString());
        JsonNode entries = cache(ref, "ls", "--json").json().path("result").path("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).path("releases").get(0).asText()).isEqualTo(RELEASE);

        CliRun inspect = cache(ref, "inspect", key.substring(0, 16));
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("key:       " + key, "0001-do-fix.patch", "io.katarelease.cache-key: " + key,
                "USE_CACHE=no");
        assertThat(cache(ref, "inspect", "kernel-" + key, "--json").json().path("result").path("entries")).hasSize(2);
        assertThat(cache(ref, "inspect", "abcdef0123").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);

        CliRun recent = cache(ref, "prune", "--unused-for", "30d", "--dry-run");
        assertThat(recent.out()).contains("would remove 0 entries", "kept 2");
        CliRun dry = cache(ref, "prune", "--all", "--dry-run");
        assertThat(dry.out()).contains("would remove 2 entries");
        assertThat(cache(ref, "ls", "--json").json().path("result").path("entries")).hasSize(2);

        CliRun prune = cache(ref, "prune", "--all", "--json");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(prune.json().path("result").path("removed")).hasSize(2);
        assertThat(prune.json().path("result").path("bytesFreed").asLong()).isPositive();
        assertThat(cache(ref, "ls").out()).contains("the build cache is empty");
    }

    @Test
    void aBadDurationOrNoneExitsThreeNamingIt() {
        CliRun bad = cache(null, "prune", "--unused-for", "thirty");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err()).contains("'thirty'", "30d");
        CliRun none = cache(null, "prune");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(none.err()).contains("--unused-for", "--all");
    }

    @Test
    void aPasswordRegistryExitsSevenWithoutShowingCredentialsAndZeroWithThem(
            @User(name = "builder", password = PASSWORD) RegistryServer registry) throws Exception {
        String ref = registry.reference("kata-cache");
        Path wrong = Files.writeString(tmp.resolve("wrong"), "builder:wrong-" + PASSWORD);
        Path right = Files.writeString(tmp.resolve("right"), "builder:" + PASSWORD);

        CliRun anonymous = cache(ref, "ls");
        CliRun refused = cache(ref, "ls", "--registry-credentials-file", wrong.toString(), "--json");
        CliRun allowed = cache(ref, "ls", "--registry-credentials-file", right.toString());

        assertThat(anonymous.exitCode()).as(anonymous.err()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(refused.err()).contains("HTTP 401").doesNotContain(PASSWORD);
        assertThat(refused.out()).doesNotContain(PASSWORD);
        assertThat(refused.json().path("error").path("reason").asText()).isEqualTo("AUTHENTICATION");
        assertThat(allowed.exitCode()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains("the build cache is empty");
    }

    @Test
    void aDeadRegistryExitsEightButALocalOnlyPruneNeedsNone() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String dead = "oci://127.0.0.1:" + port + "/kata-cache";

        CliRun ls = cache(dead, "ls");
        assertThat(ls.exitCode()).isEqualTo(ExitCodes.REMOTE_UNAVAILABLE);
        assertThat(ls.err()).contains("could not be reached", "check the reference");
        assertThat(cache(dead, "prune", "--all", "--local-only").exitCode()).isZero();
    }
}
