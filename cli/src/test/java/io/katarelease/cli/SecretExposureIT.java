package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.testing.KataReposTest;
import io.katarelease.core.testing.RegistryServer;
import io.katarelease.core.testing.TokenGitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

        // The registry credentials are in use while the build runs: the registry asks for them and
        // the push after the build succeeds only with them.
        boolean withRegistry = RegistryServer.available();
        RegistryServer registry = withRegistry ? RegistryServer.start(tmp.resolve("registry"), Map.of("ci", TOKEN)) : null;
        List<String> argv = new ArrayList<>(List.of(BIN.toString(), "build", "qemu", "--repo", checkout.toString(),
                "--cache", tmp.resolve("cache").toString(), "--command", command));
        if (withRegistry) {
            argv.addAll(List.of("--remote-cache", registry.reference("kata")));
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        for (String name : List.of("GITHUB_TOKEN", "KATA_RELEASE_GIT_TOKEN", "KATA_RELEASE_GITHUB_TOKEN", "GH_TOKEN",
                "KATA_RELEASE_REGISTRY_TOKEN")) {
            pb.environment().put(name, TOKEN);
        }
        pb.environment().put("KATA_RELEASE_REGISTRY_CREDENTIALS", "ci:" + TOKEN);
        pb.environment().put("KATA_TEST_CANARY", CANARY);
        String out;
        try {
            out = runOk(pb);
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
        if (withRegistry) {
            assertThat(out).contains("pushed to " + registry.reference("kata") + "@sha256:");
        }

        String tokenPart = out.substring(out.indexOf("token:"), out.indexOf("canary:"));
        String canaryPart = out.substring(out.indexOf("canary:"));
        assertThat(tokenPart).as(out).doesNotContain("FOUND");
        assertThat(canaryPart).as("the scan reads ancestors' environments").contains("FOUND /proc/").contains("/environ");
        assertThat(out).doesNotContain(TOKEN);
    }

    /**
     * Reading the token out of the memory of the run that holds it: as an unprivileged user (root
     * passes every check), a build tries every ancestor's {@code /proc/<pid>/mem} and
     * {@code environ}. The kata-release JVM must refuse both (it closed itself with
     * {@code PR_SET_DUMPABLE}); the build's own shell ancestors, which hold nothing, stay readable,
     * which shows the probe works.
     */
    @Test
    void aBuildCannotReadTheMemoryOfTheRunThatHoldsTheToken() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 22,
                "the guard needs a JDK 22+ (Foreign Function API); this is " + Runtime.version());
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
                && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs root and setpriv to become another user");
        Path jar = Path.of("target", "kata-release.jar").toAbsolutePath();
        Path box = Files.createDirectories(tmp.resolve("box"));
        Files.copy(jar, box.resolve("kata-release.jar"));
        Path checkout = Files.createDirectories(box.resolve("kata"));
        Files.createDirectories(checkout.resolve("tools/packaging/qemu/patches/11.0.x"));
        Files.writeString(checkout.resolve("versions.yaml"),
                "assets:\n  hypervisor:\n    qemu:\n      url: \"https://github.com/qemu/qemu\"\n      version: \"v11.0.1\"\n");
        Path probe = Files.writeString(box.resolve("probe.sh"), String.join("\n",
                "pid=$PPID",
                "while [ -n \"$pid\" ] && [ \"$pid\" -gt 1 ]; do",
                "  comm=$(cat /proc/$pid/comm)",
                "  if (exec 4</proc/$pid/mem) 2>/dev/null; then mem=readable; else mem=denied; fi",
                "  if cat /proc/$pid/environ >/dev/null 2>&1; then env=readable; else env=denied; fi",
                "  echo \"PROBE $comm mem=$mem environ=$env\"",
                "  pid=$(sed 's/.*) . \\([0-9]*\\).*/\\1/' /proc/$pid/stat)",
                "done", ""));
        String build = "sh " + probe + "; mkdir -p opt/kata/bin build && printf x > opt/kata/bin/qemu-system-x86_64"
                + " && tar -cJf build/kata-static-qemu.tar.xz opt && rm -r opt";
        Files.createDirectories(box.resolve("home"));
        for (Path p : List.of(tmp, box)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(new ProcessBuilder("chown", "-R", "65534:65534", box.toString()).start().waitFor()).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // What bin/kata-release does with a token in the environment: a pipe on descriptor 3.
        String script = "exec 3<<<\"GITHUB_TOKEN=$KATA_TEST_TOKEN\"; unset KATA_TEST_TOKEN; export HOME=" + box.resolve(
                "home") + "; exec " + java + " --enable-native-access=ALL-UNNAMED -Dkata-release.secrets=/dev/fd/3 -jar "
                + box.resolve("kata-release.jar") + " build qemu --repo " + checkout + " --cache " + box.resolve("cache")
                + " --command '" + build + "'";
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "bash", "-c", script).directory(box.toFile());
        pb.environment().put("KATA_TEST_TOKEN", TOKEN);
        String out = runOk(pb);

        // Nearest first: the build's shell, then the kata-release JVM (further up: root's processes).
        List<String> probes = out.lines().filter(l -> l.contains("PROBE ")).map(l -> l.substring(l.indexOf("PROBE ")))
                .toList();
        assertThat(probes).as(out).hasSizeGreaterThanOrEqualTo(2);
        assertThat(probes.get(0)).as("the probe reads an ordinary ancestor").isEqualTo(
                "PROBE sh mem=readable environ=readable");
        assertThat(probes.get(1)).as("the kata-release JVM, which holds the token").isEqualTo(
                "PROBE java mem=denied environ=denied");
    }
}
