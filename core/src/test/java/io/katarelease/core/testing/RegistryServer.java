package io.katarelease.core.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real OCI registry on loopback: Debian's {@code docker-registry} (the CNCF distribution
 * registry) started on a free port with its own storage folder, optionally behind an htpasswd
 * user. Tests take one as a parameter through {@link RegistryExtension}, which skips them when the
 * program is missing ({@link #available()}), unless {@code KATA_REQUIRE_REGISTRY} is set (CI sets
 * it, so a missing install fails there).
 */
public final class RegistryServer implements AutoCloseable {
    /** The distribution registry as Debian installs it. */
    public static final Path PROGRAM = Path.of("/usr/bin/docker-registry");

    private final Path dir;
    private final Map<String, String> users;
    private boolean deletes = true;
    private int port;
    private Process process;

    private RegistryServer(Path dir, Map<String, String> users) {
        this.dir = dir;
        this.users = users;
    }

    /** @return whether the registry program is installed; false fails when the environment requires it */
    public static boolean available() {
        boolean present = Files.isExecutable(PROGRAM);
        if (!present && System.getenv("KATA_REQUIRE_REGISTRY") != null) {
            throw new IllegalStateException(PROGRAM + " is missing but KATA_REQUIRE_REGISTRY is set:"
                    + " install Debian's docker-registry package (.ci/run does)");
        }
        return present;
    }

    /** Starts an anonymous registry storing under {@code dir}. */
    public static RegistryServer start(Path dir) throws IOException, InterruptedException {
        return start(dir, Map.of());
    }

    /** Starts a registry that accepts only the given users (name to password), with basic auth. */
    public static RegistryServer start(Path dir, Map<String, String> users) throws IOException, InterruptedException {
        RegistryServer server = new RegistryServer(dir, users);
        server.launch(freePort());
        return server;
    }

    /** Starts the registry again on the port it had, with the same storage (after {@link #stop()}). */
    public void restart() throws IOException, InterruptedException {
        launch(port);
    }

    /**
     * Starts the registry again like {@link #restart()}, allowing or refusing deletes (refused, a
     * delete is HTTP 405 UNSUPPORTED, as on many hosted registries).
     */
    public void restart(boolean allowDeletes) throws IOException, InterruptedException {
        this.deletes = allowDeletes;
        launch(port);
    }

    private void launch(int onPort) throws IOException, InterruptedException {
        this.port = onPort;
        Files.createDirectories(dir.resolve("storage"));
        StringBuilder config = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n')
                .append("  delete:\n    enabled: ").append(deletes).append('\n')
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        if (!users.isEmpty()) {
            StringBuilder htpasswd = new StringBuilder();
            SecureRandom random = new SecureRandom();
            for (Map.Entry<String, String> u : users.entrySet()) {
                byte[] salt = new byte[16];
                random.nextBytes(salt);
                htpasswd.append(u.getKey()).append(':')
                        .append(OpenBSDBCrypt.generate("2y", u.getValue().toCharArray(), salt, 5)).append('\n');
            }
            Files.writeString(dir.resolve("htpasswd"), htpasswd.toString(), StandardCharsets.UTF_8);
            config.append("auth:\n  htpasswd:\n    realm: kata-release-test\n    path: ")
                    .append(dir.resolve("htpasswd")).append('\n');
        }
        Files.writeString(dir.resolve("config.yml"), config.toString(), StandardCharsets.UTF_8);
        process = new ProcessBuilder(PROGRAM.toString(), "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!answers()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                stop();
                throw new IOException("docker-registry did not start on port " + port + ": "
                        + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(50);
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/v2/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200 || code == 401;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return {@code host:port} */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** @return the registry's base URL, {@code http://127.0.0.1:PORT} */
    public String url() {
        return "http://" + hostPort();
    }

    /** @return the reference of a repository on this registry, {@code oci://127.0.0.1:PORT/NAME} */
    public String reference(String repository) {
        return "oci://" + hostPort() + "/" + repository;
    }

    public int port() {
        return port;
    }

    /** @return where the registry keeps its blobs (to damage one on purpose) */
    public Path storage() {
        return dir.resolve("storage");
    }

    /** Stops the registry; its storage stays. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
