package io.katarelease.cli;

import static io.katarelease.cli.SandboxReleases.TAG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.katarelease.core.sandbox.Sandbox;
import io.katarelease.core.testing.RegistryExtension;
import io.katarelease.core.testing.RegistryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-file contract tests for {@code --json}: each verb's document, normalised for what legitimately varies
 * (temp paths, times, durations, digests, commit ids, ports), is compared with
 * {@code src/test/resources/io/katarelease/cli/json/<name>.json}. A missing golden file, or a run with
 * {@code -Dkata.updateGolden=true}, writes the file and fails, so a change to the contract is a reviewed diff.
 */
@ExtendWith(RegistryExtension.class)
class JsonContractTest {
    static final String GOLDEN_DIR = "io/katarelease/cli/json/";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern COMPACT_TIME = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final Pattern ID_AFTER_TIME = Pattern.compile("(?<=<time>-)[0-9a-f]{7,40}(?![0-9a-f])");
    private static final Pattern COMPRESSED = Pattern.compile(".*\\.tar\\.(xz|zst)");
    private static final Pattern SHA256 = Pattern.compile("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");
    private static final Pattern COMMIT = Pattern.compile("(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])");
    /** an abbreviated commit id: 7 to 39 hex digits with at least one letter and one digit, as a word of its own */
    private static final Pattern SHORT_COMMIT = Pattern.compile(
            "(?<![0-9A-Za-z_])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,39}(?![0-9A-Za-z_])");
    private static final Pattern PORT = Pattern.compile("((?:127\\.0\\.0\\.1|localhost|\\[::1\\]):)\\d{1,5}");
    private static final Pattern MILLIS_FIELD = Pattern.compile("(?i).*(millis|durationMs|elapsedMs)");
    private static final Pattern TIME_FIELD = Pattern.compile("(?i).*(time|at|epoch|date)");

    @TempDir
    Path tmp;

    // ---- the verbs ------------------------------------------------------------------------------------------

    @Test
    void build() throws Exception {
        Path kata = BuildCliTest.kernelCheckout(tmp.resolve("kata"));
        CliRun run = CliRun.of(Map.of(), "build", "kernel", "--repo", kata.toString(), "--cache",
                tmp.resolve("cache").toString(), "--command", BuildCliTest.GOOD, "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("result").has("source")).isTrue();
        assertThat(run.json().get("result").has("remote")).isTrue();
        assertGolden("build", run);
    }

    @Test
    void buildFromRemoteCache(RegistryServer registry) throws Exception {
        Path kata = BuildCliTest.kernelCheckout(tmp.resolve("kata"));
        Map<String, String> env = Map.of(RemoteCacheOptions.ENV, registry.reference("kata/cache"));
        CliRun first = CliRun.of(env, "build", "kernel", "--repo", kata.toString(), "--cache",
                tmp.resolve("cache-a").toString(), "--command", BuildCliTest.GOOD);
        assertThat(first.exitCode()).as(first.err()).isZero();

        CliRun run = CliRun.of(env, "build", "kernel", "--repo", kata.toString(), "--cache",
                tmp.resolve("cache-b").toString(), "--command", BuildCliTest.GOOD, "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json().get("result").get("source").asText()).isEqualTo("remote cache hit");
        assertGolden("build-remote", run);
    }

    @Test
    void tags() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        CliRun sync = CliRun.of(Map.of(), "sync", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(),
                "--tag", "4.1.0", "--work-dir", sandbox.workDir().toString());
        assertThat(sync.exitCode()).as(sync.err()).isZero();

        CliRun run = CliRun.of(Map.of(), "tags", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(),
                "--since", "4.0.0", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("tags", run);
    }

    @Test
    void syncDryRun() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        CliRun run = CliRun.of(Map.of(), "sync", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(),
                "--tag", "4.1.0", "--work-dir", sandbox.workDir().toString(), "--dry-run", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("sync-dry-run", run);
    }

    @Test
    void sync() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        CliRun run = CliRun.of(Map.of(), "sync", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(),
                "--tag", "4.1.0", "--work-dir", sandbox.workDir().toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("sync", run);
    }

    @Test
    void inspect() throws Exception {
        Sandbox sandbox = SandboxReleases.synced(tmp.resolve("sandbox"));
        CliRun run = CliRun.of(Map.of(), "inspect", "--repo", sandbox.dir().resolve("fork.git").toString(), "--ref",
                "do/4.1.0", "--base-ref", "4.1.0", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("inspect", run);
    }

    @Test
    void packageVerb() throws Exception {
        Sandbox sandbox = SandboxReleases.synced(tmp.resolve("sandbox"));
        Path artifacts = Files.createDirectories(tmp.resolve("artifacts"));
        Path bin = Files.createDirectories(tmp.resolve("stage/opt/kata/bin"));
        Files.writeString(bin.resolve("qemu-system-x86_64"), "qemu");
        SandboxReleases.tarOpt(tmp.resolve("stage"), artifacts.resolve("kata-static-qemu.tar.xz"));

        CliRun run = CliRun.of(Map.of("SOURCE_DATE_EPOCH", "1764000000"), "package", "--release-tag", TAG,
                "--artifacts", artifacts.toString(), "--repo", sandbox.dir().resolve("fork.git").toString(),
                "--base-ref", "4.1.0", "--out", tmp.resolve("out").toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("package", run);
    }

    @Test
    void verify() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        Path asset = SandboxReleases.released(sandbox);

        CliRun run = CliRun.of(Map.of("TMPDIR", tmp.toString()), "verify", "--asset", asset.toString(), "--repo",
                sandbox.dir().resolve("fork.git").toString(), "--ref", TAG, "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("verify", run);
    }

    @Test
    void publish() throws Exception {
        Path assets = Files.createDirectories(tmp.resolve("assets"));
        Files.writeString(assets.resolve("t-0-x86_64.tar.xz"), "tarball");
        CliRun run = CliRun.of(Map.of(), "publish", "--release-tag", "t-0", "--assets", assets.toString(), "--to-dir",
                tmp.resolve("releases").toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("publish", run);
    }

    @Test
    void release() throws Exception {
        CliRun run = releaseOfTheSandbox("--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertGolden("release", run);
    }

    @Test
    void status() throws Exception {
        CliRun release = releaseOfTheSandbox();
        assertThat(release.exitCode()).as(release.err()).isZero();

        CliRun run = CliRun.of(Map.of(), "status", "--tag", "4.1.0", "--state", tmp.resolve("state").toString(),
                "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // The stages in the release's order, each record's fields sorted by name: compared as printed.
        assertGolden("status", run);
    }

    @Test
    void anInvalidTagIsAFailureDocument() throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        CliRun run = CliRun.of(Map.of(), "sync", "--upstream", sandbox.upstreamUrl(), "--fork", sandbox.forkUrl(),
                "--tag", "v4.1.0", "--work-dir", sandbox.workDir().toString(), "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.json().get("error").get("reason").asText()).isEqualTo("INVALID_INPUT");
        assertGolden("sync-invalid-tag", run);
    }

    /** @return {@code release} of 4.1.0 from a new sandbox, its state in tmp/state, published to tmp/releases */
    private CliRun releaseOfTheSandbox(String... extra) throws Exception {
        Sandbox sandbox = Sandbox.create(tmp.resolve("sandbox"));
        List<String> args = new ArrayList<>(List.of("release", "--upstream", sandbox.upstreamUrl(), "--fork",
                sandbox.forkUrl(), "--tag", "4.1.0", "--work-dir", sandbox.workDir().toString(), "--state",
                tmp.resolve("state").toString(), "--cache", tmp.resolve("cache").toString(), "--build-command",
                Sandbox.BUILD_COMMAND, "--to-dir", tmp.resolve("releases").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(Map.of(), args.toArray(String[]::new));
    }

    // ---- golden files ---------------------------------------------------------------------------------------

    private void assertGolden(String name, CliRun run) throws Exception {
        assertGolden(name, run, false);
    }

    private void assertGolden(String name, CliRun run, boolean sortFields) throws Exception {
        JsonNode doc = run.json();
        assertThat(doc).as("a single JSON document on stdout: " + run.out()).isNotNull();
        JsonNode normal = normalise(doc, null);
        String actual = MAPPER.writeValueAsString(sortFields ? sorted(normal) : normal) + "\n";
        Path golden = resourcesDir().resolve(GOLDEN_DIR + name + ".json");
        boolean update = Boolean.getBoolean("kata.updateGolden");
        if (update || !Files.exists(golden)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            fail("golden file " + golden + " was " + (update ? "rewritten" : "written")
                    + "; review the diff, commit it and run again without -Dkata.updateGolden");
        }
        assertThat(actual).as("--json contract of '%s' (golden file %s; rerun with -Dkata.updateGolden=true to "
                + "rewrite it after a deliberate change)", name, golden)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /** @return {@code src/test/resources} of the cli module, from the working directory (module or repository root) */
    private static Path resourcesDir() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(cwd.resolve("src/test/resources"), cwd.resolve("cli/src/test/resources"))) {
            if (Files.exists(candidate.getParent()
                    .resolve("java/io/katarelease/cli/JsonContractTest.java"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the cli module's src/test from " + cwd);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(n -> copy.set(n, sorted(object.get(n))));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = MAPPER.createArrayNode();
            array.forEach(e -> copy.add(sorted(e)));
            return copy;
        }
        return node;
    }

    // ---- normalisation --------------------------------------------------------------------------------------

    /** Replaces in place what varies from run to run or machine to machine; structure and types stay. */
    private JsonNode normalise(JsonNode node, String field) throws IOException {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, normalise(object.get(name), name));
            }
            // a tarball made at test time carries file times, so its compressed size may vary by a few bytes
            if (object.path("size").isNumber() && names.stream().filter(n -> !n.equals("size"))
                    .anyMatch(n -> COMPRESSED.matcher(object.get(n).asText()).matches())) {
                object.set("size", TextNode.valueOf("<size>"));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, normalise(array.get(i), field));
            }
            return array;
        }
        if (node.isNumber() && field != null && MILLIS_FIELD.matcher(field).matches()) {
            return TextNode.valueOf("<millis>");
        }
        if (node.isNumber() && field != null && TIME_FIELD.matcher(field).matches()
                && node.asLong() > 1_000_000_000L) {
            return TextNode.valueOf("<time>");
        }
        if (node.isTextual()) {
            return TextNode.valueOf(normaliseText(node.asText()));
        }
        return node;
    }

    private String normaliseText(String text) throws IOException {
        Set<String> roots = new LinkedHashSet<>();
        roots.add(tmp.toRealPath().toString());
        roots.add(tmp.toAbsolutePath().toString());
        String s = text;
        for (String root : roots) {
            s = s.replace(root, "<tmp>");
        }
        s = TIME.matcher(s).replaceAll("<time>");
        s = COMPACT_TIME.matcher(s).replaceAll("<time>");
        s = ID_AFTER_TIME.matcher(s).replaceAll("<commit>");
        s = SHA256.matcher(s).replaceAll("<sha256>");
        s = COMMIT.matcher(s).replaceAll("<commit>");
        s = SHORT_COMMIT.matcher(s).replaceAll("<commit>");
        s = PORT.matcher(s).replaceAll("$1<port>");
        return s;
    }
}
