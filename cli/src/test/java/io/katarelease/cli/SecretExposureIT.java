package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.testing.KataReposTest;
import io.katarelease.core.testing.TokenGitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A build started through bin/kata-release, with the tokens in the environment as users give
 * them, looks for them everywhere a process of the same user can: its own environment and
 * descriptors, and every ancestor's environment and command line in /proc. A canary variable
 * beside the tokens proves the search works: it is found in an ancestor.
 */
class SecretExposureIT extends KataReposTest {
    private static final String TOKEN = "ghp_secretExposureItToken00000000000";
    private static final String CANARY = "canary-value-3f9c1e";
    private static final Path BIN = Path.of("..", "bin", "kata-release").toAbsolutePath().normalize();

    /** A POSIX sh script: prints "FOUND <where>" for each place a needle is read from. */
    private static final String SCAN = String.join("\n",
            "needle=$(cat \"$1\"); found=",
            "pid=$$",
            "while [ -n \"$pid\" ] && [ \"$pid\" -gt 1 ]; do",
            "  for f in /proc/$pid/environ /proc/$pid/cmdline; do",
            "    if tr '\\000' '\\n' < \"$f\" 2>/dev/null | grep -qF \"$needle\"; then echo \"FOUND $f\"; fi",
            "  done",
            "  for fd in /proc/$pid/fd/*; do",
            "    if [ -f \"$fd\" ] && [ -r \"$fd\" ] && grep -qF \"$needle\" \"$fd\" 2>/dev/null; then echo \"FOUND $fd\"; fi",
            "  done",
            "  pid=$(sed 's/.*) . \\([0-9]*\\).*/\\1/' /proc/$pid/stat)",
            "done",
            "if env | grep -qF \"$needle\"; then echo 'FOUND own environment'; fi",
            "");

    /** Runs bin/kata-release (without the class-data-sharing archive it would first make) and expects success. */
    private static String runOk(ProcessBuilder pb) throws Exception {
        pb.environment().put("KATA_RELEASE_NO_CDS", "1");
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aTokenHandedOverOnTheDescriptorReachesGit() throws Exception {
        try (TokenGitServer server = new TokenGitServer(repos.dir, TOKEN)) {
            ProcessBuilder pb = new ProcessBuilder(BIN.toString(), "tags", "--upstream", server.url("upstream.git"),
                    "--fork", server.url("fork.git")).redirectErrorStream(true);
            pb.environment().put("GITHUB_TOKEN", TOKEN);
            String out = runOk(pb);
            assertThat(out).contains("4.1.0").doesNotContain(TOKEN);
            assertThat(server.authorizations()).isNotEmpty();
        }
    }

    @Test
    void aBuildFindsNoTokenInItsEnvironmentNorInAnyAncestors() throws Exception {
        Path checkout = Files.createDirectories(tmp.resolve("kata"));
        Files.createDirectories(checkout.resolve("tools/packaging/qemu/patches/11.0.x"));
        Files.writeString(checkout.resolve("versions.yaml"),
                "assets:\n  hypervisor:\n    qemu:\n      url: \"https://github.com/qemu/qemu\"\n      version: \"v11.0.1\"\n");
        Path scan = Files.writeString(tmp.resolve("scan.sh"), SCAN);
        Path tokenNeedle = Files.writeString(tmp.resolve("token.needle"), TOKEN);
        Path canaryNeedle = Files.writeString(tmp.resolve("canary.needle"), CANARY);
        String command = "echo token:; sh " + scan + " " + tokenNeedle + "; echo canary:; sh " + scan + " " + canaryNeedle
                + "; mkdir -p opt/kata/bin build && printf x > opt/kata/bin/qemu-system-x86_64"
                + " && tar -cJf build/kata-static-qemu.tar.xz opt && rm -r opt";

        ProcessBuilder pb = new ProcessBuilder(BIN.toString(), "build", "qemu", "--repo", checkout.toString(),
                "--cache", tmp.resolve("cache").toString(), "--command", command).redirectErrorStream(true);
        for (String name : List.of("GITHUB_TOKEN", "KATA_RELEASE_GIT_TOKEN", "KATA_RELEASE_GITHUB_TOKEN", "GH_TOKEN")) {
            pb.environment().put(name, TOKEN);
        }
        pb.environment().put("KATA_TEST_CANARY", CANARY);
        String out = runOk(pb);

        String tokenPart = out.substring(out.indexOf("token:"), out.indexOf("canary:"));
        String canaryPart = out.substring(out.indexOf("canary:"));
        assertThat(tokenPart).as(out).doesNotContain("FOUND");
        assertThat(canaryPart).as("the scan reads ancestors' environments").contains("FOUND /proc/").contains("/environ");
        assertThat(out).doesNotContain(TOKEN);
    }
}
