package io.katarelease.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.katarelease.core.Secret;
import io.katarelease.core.build.remote.ArtifactManifest;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.build.remote.RegistryCredentials;
import io.katarelease.core.build.remote.RegistryReference;
import io.katarelease.core.testing.RegistryExtension;
import io.katarelease.core.testing.RegistryExtension.User;
import io.katarelease.core.testing.RegistryServer;
import io.katarelease.core.versions.Component;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote build cache against a real registry (the CNCF distribution registry, Debian's
 * docker-registry) on loopback, with skopeo as an independent reader. Each "machine" is a
 * checkout of its own with a local cache of its own.
 */
@ExtendWith(RegistryExtension.class)
class RemoteCacheTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    Path tmp;

    /** One machine: its own checkout (same content) and local cache. */
    private final class Machine {
        final KataCheckout kata;
        final Path cache;

        Machine(String name) throws IOException {
            kata = new KataCheckout(tmp.resolve(name).resolve("kata"));
            cache = tmp.resolve(name).resolve("cache");
        }

        BuildResult build(Component c, RegistryCache remote) throws Exception {
            return build(c, remote, KataCheckout.BUILD);
        }

        BuildResult build(Component c, RegistryCache remote, String command) throws Exception {
            return new BuildCommand().setCheckout(kata.dir).setComponent(c).setCacheDir(cache)
                    .setCommand(command).setRemoteCache(remote).call();
        }
    }

    private static RegistryCache remote(RegistryServer registry, String repository, RegistryCredentials credentials)
            throws Exception {
        return RegistryCache.open(RegistryReference.parse(registry.reference(repository), false), credentials);
    }

    private static HttpResponse<byte[]> get(String url, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aBuildIsPushedAndAnotherMachineTakesItWithoutBuilding(RegistryServer registry) throws Exception {
        RegistryCache cache = remote(registry, "platform/kata-cache", RegistryCredentials.anonymous());
        Machine a = new Machine("a");
        Machine b = new Machine("b");

        BuildResult built = a.build(Component.QEMU, cache);
        assertThat(built.source()).isEqualTo(BuildResult.BUILT);
        assertThat(built.warnings()).isEmpty();
        assertThat(built.remote()).startsWith(registry.reference("platform/kata-cache") + "@sha256:");
        assertThat(built.describeSource()).isEqualTo("built, pushed to " + built.remote());

        BuildResult hit = b.build(Component.QEMU, cache);
        assertThat(b.kata.builds()).isZero();
        assertThat(hit.source()).isEqualTo(BuildResult.REMOTE_HIT);
        assertThat(hit.remote()).isEqualTo(built.remote());
        assertThat(hit.describeSource()).isEqualTo("remote cache hit from " + built.remote());
        assertThat(Files.readAllBytes(Path.of(hit.artifact()))).isEqualTo(Files.readAllBytes(Path.of(built.artifact())));
        assertThat(hit.record().cacheKey()).isEqualTo(built.record().cacheKey());

        BuildResult local = b.build(Component.QEMU, cache);
        assertThat(local.source()).isEqualTo(BuildResult.LOCAL_HIT);
        assertThat(b.kata.builds()).isZero();

        // A standard client reads the artefact: skopeo's raw manifest is the bytes a plain GET
        // returns, and their digest is the one reported.
        String tag = RegistryCache.tag("qemu", built.record().cacheKey());
        String manifestUrl = registry.url() + "/v2/platform/kata-cache/manifests/" + tag;
        byte[] manifest = get(manifestUrl, "application/vnd.oci.image.manifest.v1+json").body();
        String digest = built.remote().substring(built.remote().indexOf('@') + 1);
        assertThat("sha256:" + Digests.sha256(manifest)).isEqualTo(digest);
        Path skopeo = Path.of("/usr/bin/skopeo");
        if (Files.isExecutable(skopeo) || System.getenv("KATA_REQUIRE_REGISTRY") != null) {
            Process p = new ProcessBuilder(skopeo.toString(), "inspect", "--raw", "--tls-verify=false",
                    "docker://" + registry.hostPort() + "/platform/kata-cache:" + tag).redirectError(
                            ProcessBuilder.Redirect.DISCARD).start();
            byte[] raw = p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
            assertThat(raw).isEqualTo(manifest);
        }
        JsonNode m = new ObjectMapper().readTree(manifest);
        assertThat(m.path("artifactType").asText()).isEqualTo(ArtifactManifest.ARTIFACT_TYPE);
        assertThat(m.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
        JsonNode tarball = m.path("layers").get(0);
        assertThat(tarball.path("mediaType").asText()).isEqualTo("application/x-xz");
        assertThat(tarball.path("annotations").path("org.opencontainers.image.title").asText())
                .isEqualTo("kata-static-qemu.tar.xz");
        assertThat(m.path("layers").get(1).path("mediaType").asText()).isEqualTo(ArtifactManifest.RECORD_MEDIA_TYPE);
        JsonNode annotations = m.path("annotations");
        assertThat(annotations.path("io.katarelease.component").asText()).isEqualTo("qemu");
        assertThat(annotations.path("io.katarelease.version").asText()).isEqualTo(built.record().version());
        assertThat(annotations.path("io.katarelease.arch").asText()).isEqualTo("x86_64");
        assertThat(annotations.path("io.katarelease.cache-key").asText()).isEqualTo(built.record().cacheKey());
        assertThat(annotations.path("io.katarelease.patches").asText()).contains(KataCheckout.QEMU_PATCH)
                .contains(Digests.sha256(a.kata.dir.resolve(KataCheckout.QEMU_PATCH)));
        assertThat(annotations.path("io.katarelease.tool-version").asText()).isNotEmpty();
        assertThat(annotations.path("org.opencontainers.image.created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        // A plain GET of the blob by digest gives back the artefact.
        byte[] blob = get(registry.url() + "/v2/platform/kata-cache/blobs/" + tarball.path("digest").asText(), "*/*")
                .body();
        assertThat(blob).isEqualTo(Files.readAllBytes(Path.of(built.artifact())));
        // The pushed record names no path of the building machine.
        byte[] record = get(registry.url() + "/v2/platform/kata-cache/blobs/"
                + m.path("layers").get(1).path("digest").asText(), "*/*").body();
        assertThat(new String(record, StandardCharsets.UTF_8)).doesNotContain(tmp.toString());
    }

    @Test
    void aRegistryThatIsDownIsAWarningAndTheBuildGoesOn() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RegistryCache dead = RegistryCache.open(RegistryReference.parse("oci://127.0.0.1:" + port + "/kata", false),
                RegistryCredentials.anonymous());
        Machine a = new Machine("a");

        BuildResult r = a.build(Component.KERNEL, dead);

        assertThat(r.source()).isEqualTo(BuildResult.BUILT);
        assertThat(r.remote()).isNull();
        assertThat(a.kata.builds()).isEqualTo(1);
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.warnings().get(0)).contains("could not be reached").contains("building instead");
        assertThat(r.warnings().get(1)).contains("was not pushed");
    }

    @Test
    @Timeout(180) // the client has no read timeout of its own: without the call limit this would hang for ever
    void aListenerThatNeverAnswersIsGivenUpAfterTheCallLimit() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RegistryCache cache = RegistryCache.open(RegistryReference.parse("oci://127.0.0.1:" + silent.getLocalPort()
                    + "/kata", false), RegistryCredentials.anonymous()).withLimits(Duration.ofSeconds(2),
                            Duration.ofSeconds(2));
            BuildResult r = new Machine("a").build(Component.QEMU, cache);
            assertThat(r.source()).isEqualTo(BuildResult.BUILT);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("did not answer within 2 s"));
        }
    }

    @Test
    void credentialsAreCheckedAndNeverShown(@User(name = "builder", password = PASSWORD) RegistryServer registry)
            throws Exception {
        Machine a = new Machine("a");

        BuildResult anonymous = a.build(Component.QEMU, remote(registry, "kata", RegistryCredentials.anonymous()));
        assertThat(anonymous.warnings()).isNotEmpty().allSatisfy(w ->
                assertThat(w).contains("refused anonymous (HTTP 401)"));

        RegistryCredentials wrong = RegistryCredentials.pair(Secret.of("builder:wrong-" + PASSWORD), "a test");
        BuildResult refused = new Machine("b").build(Component.QEMU, remote(registry, "kata", wrong));
        assertThat(refused.warnings()).isNotEmpty().allSatisfy(w -> {
            assertThat(w).contains("HTTP 401").contains("user 'builder'").doesNotContain(PASSWORD);
            assertThat(w).doesNotContain(Base64.getEncoder().encodeToString(("builder:wrong-" + PASSWORD).getBytes()));
        });

        RegistryCredentials right = RegistryCredentials.pair(Secret.of("builder:" + PASSWORD), "a test");
        BuildResult pushed = new Machine("c").build(Component.QEMU, remote(registry, "kata", right));
        assertThat(pushed.warnings()).isEmpty();
        assertThat(pushed.remote()).isNotNull();

        // The container tools' login file, as docker login writes it.
        Path dockerConfig = Files.createDirectories(tmp.resolve("docker"));
        Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(("builder:" + PASSWORD).getBytes()) + "\"}}}");
        RegistryCredentials fromFile = RegistryCredentials.resolve(Map.of("DOCKER_CONFIG", dockerConfig.toString()),
                registry.hostPort());
        assertThat(fromFile.describe()).contains("builder").doesNotContain(PASSWORD);
        Machine d = new Machine("d");
        BuildResult hit = d.build(Component.QEMU, remote(registry, "kata", fromFile));
        assertThat(hit.source()).isEqualTo(BuildResult.REMOTE_HIT);
        assertThat(d.kata.builds()).isZero();
    }

    @Test
    void aForbiddenAnswerNamesTheMissingRights() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            RegistryCache cache = RegistryCache.open(RegistryReference.parse("oci://127.0.0.1:"
                    + server.getAddress().getPort() + "/kata", false), RegistryCredentials.token(Secret.of("t0ken-xyz")));
            BuildResult r = new Machine("a").build(Component.QEMU, cache);
            assertThat(r.source()).isEqualTo(BuildResult.BUILT);
            assertThat(r.warnings()).isNotEmpty().allSatisfy(w -> assertThat(w).contains("HTTP 403")
                    .contains("lack the pull or push right").doesNotContain("t0ken-xyz"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefusedAndRebuilt(RegistryServer registry) throws Exception {
        RegistryCache cache = remote(registry, "kata", RegistryCredentials.anonymous());
        BuildResult built = new Machine("a").build(Component.KERNEL, cache);
        String sha = built.record().artifact().sha256();
        Path data = registry.storage().resolve("docker/registry/v2/blobs/sha256/" + sha.substring(0, 2) + "/" + sha
                + "/data");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x01; // same size, one bit changed
        Files.write(data, bytes);

        Machine b = new Machine("b");
        BuildResult rebuilt = b.build(Component.KERNEL, cache);

        assertThat(rebuilt.source()).isEqualTo(BuildResult.BUILT);
        assertThat(b.kata.builds()).isEqualTo(1);
        assertThat(rebuilt.warnings()).anySatisfy(w -> assertThat(w).contains("do not match the digest"));
        // The local cache holds only the rebuilt bytes, which match their record.
        try (Stream<Path> entries = Files.list(b.cache.resolve("kernel"))) {
            List<Path> list = entries.toList();
            assertThat(list).hasSize(1);
            Path stored = list.get(0).resolve("kata-static-kernel.tar.xz");
            assertThat(Digests.sha256(stored)).isEqualTo(rebuilt.record().artifact().sha256());
        }
        try (Stream<Path> scratch = Files.list(b.cache.resolve(".tmp"))) {
            assertThat(scratch.filter(p -> p.getFileName().toString().startsWith("store-"))).isEmpty();
        }
    }

    @Test
    void twoMachinesBuildingTheSameKeyAtOnceBothSucceed(RegistryServer registry) throws Exception {
        RegistryCache cache = remote(registry, "kata", RegistryCredentials.anonymous());
        Machine a = new Machine("a");
        Machine b = new Machine("b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<BuildResult> fa = pool.submit(() -> a.build(Component.QEMU, cache));
            Future<BuildResult> fb = pool.submit(() -> b.build(Component.QEMU, cache));
            BuildResult ra = fa.get(2, TimeUnit.MINUTES);
            BuildResult rb = fb.get(2, TimeUnit.MINUTES);
            assertThat(ra.remote()).isNotNull();
            assertThat(rb.remote()).isNotNull();
        } finally {
            pool.shutdownNow();
        }
        Machine c = new Machine("c");
        BuildResult hit = c.build(Component.QEMU, cache);
        assertThat(hit.source()).isEqualTo(BuildResult.REMOTE_HIT);
        assertThat(c.kata.builds()).isZero();
        assertThat(Digests.sha256(Path.of(hit.artifact()))).isEqualTo(hit.record().artifact().sha256());
    }

    /** A QEMU build whose artefact is 24 MiB of random bytes: an upload that takes a while. */
    private static final String BIG_QEMU = "set -e; echo x >> build-count; s=$(mktemp -d);"
            + " mkdir -p $s/opt/kata/bin build; head -c 25165824 /dev/urandom > $s/opt/kata/bin/qemu-system-x86_64;"
            + " tar -cf - -C $s ./opt | xz -0 -T1 > build/kata-static-qemu.tar.xz; rm -rf $s";

    @Test
    void aRegistryThatDiesMidUploadLeavesNoTagAndTheNextMachineBuildsAndPushes(RegistryServer registry)
            throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(registry.port(), 8L << 20)) {
            RegistryCache viaProxy = RegistryCache.open(RegistryReference.parse("oci://127.0.0.1:" + proxy.port()
                    + "/kata", false), RegistryCredentials.anonymous()).withLimits(Duration.ofSeconds(10),
                            Duration.ofSeconds(10));
            Machine a = new Machine("a");
            BuildResult r = a.build(Component.QEMU, viaProxy, BIG_QEMU);

            assertThat(r.source()).isEqualTo(BuildResult.BUILT);
            assertThat(r.remote()).isNull();
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("was not pushed"));
            assertThat(proxy.cut()).as("the connection was cut mid-upload").isTrue();
            String tag = RegistryCache.tag("qemu", r.record().cacheKey());
            assertThat(get(registry.url() + "/v2/kata/manifests/" + tag, "application/vnd.oci.image.manifest.v1+json")
                    .statusCode()).as("no tag names a half-pushed artefact").isEqualTo(404);
        }
        RegistryCache direct = remote(registry, "kata", RegistryCredentials.anonymous());
        Machine b = new Machine("b");
        BuildResult pushed = b.build(Component.QEMU, direct, BIG_QEMU);
        assertThat(pushed.source()).isEqualTo(BuildResult.BUILT);
        assertThat(pushed.remote()).isNotNull();
        Machine c = new Machine("c");
        BuildResult hit = c.build(Component.QEMU, direct, BIG_QEMU);
        assertThat(hit.source()).isEqualTo(BuildResult.REMOTE_HIT);
        assertThat(c.kata.builds()).isZero();
        assertThat(Digests.sha256(Path.of(hit.artifact()))).isEqualTo(Digests.sha256(Path.of(pushed.artifact())));
    }

    /**
     * A TCP proxy in front of the registry that forwards until the client has sent {@code limit}
     * bytes in all, then drops every connection and refuses new ones: a registry that died.
     */
    private static final class CuttingProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        private final List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean cut;
        private final ExecutorService pool = Executors.newCachedThreadPool();

        CuttingProxy(int target, long limit) throws IOException {
            pool.submit(() -> {
                while (!server.isClosed()) {
                    java.net.Socket client = server.accept();
                    java.net.Socket upstream = new java.net.Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(client);
                    open.add(upstream);
                    pool.submit(() -> pump(client, upstream, limit));
                    pool.submit(() -> pump(upstream, client, Long.MAX_VALUE));
                }
                return null;
            });
        }

        private Void pump(java.net.Socket from, java.net.Socket to, long limit) {
            byte[] buffer = new byte[64 << 10];
            try {
                for (int n; (n = from.getInputStream().read(buffer)) > 0; ) {
                    to.getOutputStream().write(buffer, 0, n);
                    if (limit != Long.MAX_VALUE && sent.addAndGet(n) > limit) {
                        die();
                        return null;
                    }
                }
            } catch (IOException e) {
                // One side closed: so does the other.
            }
            closeQuietly(from);
            closeQuietly(to);
            return null;
        }

        private void die() {
            cut = true;
            closeQuietly(server);
            open.forEach(RemoteCacheTest::closeQuietly);
        }

        boolean cut() {
            return cut;
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            die();
            pool.shutdownNow();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
