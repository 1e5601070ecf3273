package io.katarelease.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for GitHub's release API on two loopback hosts (API and uploads), following
 * the recorded exchanges in the shared fixtures (octokit's fixtures: field names, the
 * {@code upload_url} template, 201/204/422 codes, the {@code already_exists} error body), plus
 * the {@code digest} field GitHub now reports for assets. Faults can be queued per route.
 */
public final class FakeGitHub implements AutoCloseable {
    /** A fault to inject into the next request of a route. */
    public enum Fault {
        /** 500 with an error body. */
        SERVER_ERROR,
        /** 403 with X-RateLimit-Remaining 0 and a reset one second ahead. */
        RATE_LIMITED,
        /** The connection closes after reading part of the body, without an answer. */
        CUT,
        /** Answers 503 with Retry-After: 1. */
        RETRY_AFTER,
        /** Stores a partial "starter" asset, then cuts the connection (an interrupted upload). */
        STARTER_THEN_CUT,
        /** Answers after two seconds (longer than the tests' client timeout). */
        SLOW,
        /**
         * 422 whose message quotes the credentials it received URL-encoded and in base64 (forms a
         * plain search for the token misses): a misbehaving server or proxy, for masking tests.
         */
        ECHO_CREDENTIALS,
        /** 302 to the same path on another origin (a compromised or misconfigured server). */
        REDIRECT_ELSEWHERE,
        /** 301 to the same path and query on this server (a renamed repository, as GitHub answers GETs). */
        REDIRECT_HERE,
        /** The release listing answers with a Link to its next page on another origin. */
        LINK_ELSEWHERE,
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer api;
    private final HttpServer uploads;
    /** Another origin, which records what reaches it: a token must never. */
    private final HttpServer elsewhere;
    private final List<String> elsewhereRequests = new CopyOnWriteArrayList<>();
    private volatile boolean uploadsElsewhere;
    private final String token;
    private final String repo;
    private final Set<String> tags = ConcurrentHashMap.newKeySet();
    private final Map<Long, ObjectNode> releases = new LinkedHashMap<>();
    private final Map<Long, byte[]> assetBytes = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private long nextId = 1000;
    private long maxBodyInMemory;
    private volatile boolean digests = true;
    private volatile FakeGitHubApp app;

    public FakeGitHub(String repo, String token) throws IOException {
        this.repo = repo;
        this.token = token;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        api = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        uploads = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        elsewhere = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        api.createContext("/", this::handleApi);
        uploads.createContext("/", this::handleUpload);
        elsewhere.createContext("/", ex -> {
            elsewhereRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " Authorization="
                    + ex.getRequestHeaders().getFirst("Authorization"));
            send(ex, 200, "[]");
        });
        api.start();
        uploads.start();
        elsewhere.start();
    }

    /** Serves a GitHub App too; the installation tokens it mints are accepted like the token. */
    public FakeGitHub withApp(FakeGitHubApp app) {
        this.app = app;
        return this;
    }

    /** Answers without the assets' {@code digest} field, as GitHub did before 2025 and older Enterprise servers do. */
    public FakeGitHub withoutDigests() {
        digests = false;
        return this;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    private String uploadsUrl() {
        return uploadsElsewhere ? elsewhereUrl() : "http://127.0.0.1:" + uploads.getAddress().getPort();
    }

    /** Another origin than the API and its uploads: localhost by name, so the host differs too. */
    public String elsewhereUrl() {
        return "http://localhost:" + elsewhere.getAddress().getPort();
    }

    /** @return what reached the other origin, as "METHOD path Authorization=value" */
    public List<String> elsewhereRequests() {
        return elsewhereRequests;
    }

    /** Makes releases created from now on name an upload_url on another origin. */
    public FakeGitHub withUploadsElsewhere() {
        uploadsElsewhere = true;
        return this;
    }

    /** Makes a tag exist in the repository (sync would have pushed it). */
    public void addTag(String tag) {
        tags.add(tag);
    }

    /** Queues a fault for the next request whose "METHOD route" starts with the key. */
    public void fault(String methodAndRoute, Fault... fs) {
        faults.computeIfAbsent(methodAndRoute, k -> new ArrayDeque<>()).addAll(List.of(fs));
    }

    /** @return every request seen, as "METHOD path" */
    public List<String> requests() {
        return requests;
    }

    /** @return the releases as GitHub would list them */
    public synchronized List<JsonNode> releases() {
        return new ArrayList<>(releases.values());
    }

    /** @return the bytes stored for an asset of a release, by name */
    public synchronized byte[] assetBytes(String tag, String name) {
        for (ObjectNode r : releases.values()) {
            if (r.get("tag_name").asText().equals(tag)) {
                for (JsonNode a : r.get("assets")) {
                    if (a.get("name").asText().equals(name)) {
                        return assetBytes.get(a.get("id").asLong());
                    }
                }
            }
        }
        return null;
    }

    private Fault takeFault(String key) {
        for (Map.Entry<String, Deque<Fault>> e : faults.entrySet()) {
            if (key.startsWith(e.getKey()) && !e.getValue().isEmpty()) {
                return e.getValue().poll();
            }
        }
        return null;
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        FakeGitHubApp a = app;
        if (a != null && auth != null && auth.startsWith("Bearer ") && a.accepts(auth.substring(7))) {
            return true;
        }
        if (!("Bearer " + token).equals(auth)) {
            send(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
            return false;
        }
        return true;
    }

    private boolean faulted(HttpExchange ex, Fault f) throws IOException {
        if (f == null) {
            return false;
        }
        switch (f) {
            case SERVER_ERROR -> send(ex, 500, "{\"message\":\"Server Error\"}");
            case RETRY_AFTER -> {
                ex.getResponseHeaders().add("Retry-After", "1");
                send(ex, 503, "{\"message\":\"Service Unavailable\"}");
            }
            case RATE_LIMITED -> {
                ex.getResponseHeaders().add("X-RateLimit-Remaining", "0");
                ex.getResponseHeaders().add("X-RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + 1));
                send(ex, 403, "{\"message\":\"API rate limit exceeded\"}");
            }
            case CUT -> {
                ex.getRequestBody().readNBytes(1000);
                ex.close();
            }
            case ECHO_CREDENTIALS -> {
                String received = String.valueOf(ex.getRequestHeaders().getFirst("Authorization")).replaceFirst("^Bearer ", "");
                send(ex, 422, JSON.writeValueAsString(Map.of("message", "Validation Failed for credentials (url "
                        + URLEncoder.encode(received, StandardCharsets.UTF_8) + ", base64 "
                        + Base64.getEncoder().encodeToString(received.getBytes(StandardCharsets.UTF_8)) + ")")));
            }
            case REDIRECT_ELSEWHERE -> {
                ex.getResponseHeaders().add("Location", elsewhereUrl() + ex.getRequestURI());
                send(ex, 302, "{\"message\":\"Found\"}");
            }
            case REDIRECT_HERE -> {
                ex.getResponseHeaders().add("Location", apiUrl() + ex.getRequestURI());
                send(ex, 301, "{\"message\":\"Moved Permanently\"}");
            }
            case LINK_ELSEWHERE -> {
                ex.getResponseHeaders().add("Link", "<" + elsewhereUrl() + ex.getRequestURI().getPath() + "?page=2>; rel=\"next\"");
                send(ex, 200, "[]");
            }
            case SLOW -> {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private synchronized void handleApi(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        requests.add(method + " " + path);
        FakeGitHubApp a = app;
        if (a != null) {
            try {
                String[] answer = a.answer(method, path, ex.getRequestHeaders().getFirst("Authorization"), apiUrl());
                if (answer != null) {
                    send(ex, Integer.parseInt(answer[0]), answer[1]);
                    return;
                }
            } catch (Exception e) {
                send(ex, 500, "{\"message\":\"" + e.getClass().getSimpleName() + "\"}");
                return;
            }
        }
        if (!authorized(ex) || faulted(ex, takeFault(method + " " + path))) {
            return;
        }
        String base = "/repos/" + repo;
        Matcher m;
        if (method.equals("GET") && path.equals(base + "/releases")) {
            Map<String, String> q = query(ex);
            int page = Integer.parseInt(q.getOrDefault("page", "1"));
            int per = Integer.parseInt(q.getOrDefault("per_page", "30"));
            List<ObjectNode> all = new ArrayList<>(releases.values());
            ArrayNode out = JSON.createArrayNode();
            all.stream().skip((long) (page - 1) * per).limit(per).forEach(out::add);
            if ((long) page * per < all.size()) {
                ex.getResponseHeaders().add("Link", "<" + apiUrl() + base + "/releases?per_page=" + per + "&page="
                        + (page + 1) + ">; rel=\"next\"");
            }
            send(ex, 200, out.toString());
        } else if (method.equals("GET") && (m = Pattern.compile(Pattern.quote(base) + "/git/ref/tags/(.+)").matcher(path))
                .matches()) {
            String tag = m.group(1);
            send(ex, tags.contains(tag) ? 200 : 404, tags.contains(tag)
                    ? "{\"ref\":\"refs/tags/" + tag + "\",\"object\":{\"type\":\"tag\",\"sha\":\"" + "1".repeat(40) + "\"}}"
                    : "{\"message\":\"Not Found\"}");
        } else if (method.equals("POST") && path.equals(base + "/releases")) {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            String tag = body.get("tag_name").asText();
            if (releases.values().stream().anyMatch(r -> r.get("tag_name").asText().equals(tag))) {
                send(ex, 422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Release\",\"code\":"
                        + "\"already_exists\",\"field\":\"tag_name\"}]}");
                return;
            }
            long id = nextId++;
            ObjectNode r = JSON.createObjectNode();
            r.put("url", apiUrl() + base + "/releases/" + id);
            r.put("assets_url", apiUrl() + base + "/releases/" + id + "/assets");
            r.put("upload_url", uploadsUrl() + base + "/releases/" + id + "/assets{?name,label}");
            r.put("html_url", "https://github.com/" + repo + "/releases/tag/" + tag);
            r.put("id", id);
            r.put("tag_name", tag);
            r.put("target_commitish", "main");
            r.put("name", body.path("name").asText(tag));
            r.put("draft", body.path("draft").asBoolean(false));
            r.put("prerelease", false);
            r.put("body", body.path("body").asText(""));
            r.putArray("assets");
            releases.put(id, r);
            send(ex, 201, r.toString());
        } else if (method.equals("PATCH") && (m = Pattern.compile(Pattern.quote(base) + "/releases/(\\d+)").matcher(path))
                .matches()) {
            ObjectNode r = releases.get(Long.parseLong(m.group(1)));
            JsonNode body = JSON.readTree(ex.getRequestBody());
            if (body.has("draft")) {
                r.put("draft", body.get("draft").asBoolean());
            }
            send(ex, 200, r.toString());
        } else if (method.equals("GET") && (m = Pattern.compile(Pattern.quote(base) + "/releases/(\\d+)/assets")
                .matcher(path)).matches()) {
            send(ex, 200, releases.get(Long.parseLong(m.group(1))).get("assets").toString());
        } else if (method.equals("DELETE") && (m = Pattern.compile(Pattern.quote(base) + "/releases/assets/(\\d+)")
                .matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            for (ObjectNode r : releases.values()) {
                ArrayNode assets = (ArrayNode) r.get("assets");
                for (int i = 0; i < assets.size(); i++) {
                    if (assets.get(i).get("id").asLong() == id) {
                        assets.remove(i);
                        assetBytes.remove(id);
                        send(ex, 204, null);
                        return;
                    }
                }
            }
            send(ex, 404, "{\"message\":\"Not Found\"}");
        } else {
            send(ex, 404, "{\"message\":\"Not Found\"}");
        }
    }

    private void handleUpload(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add("UPLOAD " + path);
        if (!authorized(ex)) {
            return;
        }
        Fault f = takeFault("UPLOAD");
        if (f != Fault.STARTER_THEN_CUT && faulted(ex, f)) {
            return;
        }
        Matcher m = Pattern.compile(Pattern.quote("/repos/" + repo) + "/releases/(\\d+)/assets").matcher(path);
        String name = query(ex).get("name");
        long length = Long.parseLong(ex.getRequestHeaders().getFirst("Content-Length"));
        if (!m.matches() || name == null) {
            send(ex, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        long releaseId = Long.parseLong(m.group(1));
        synchronized (this) {
            ArrayNode assets = (ArrayNode) releases.get(releaseId).get("assets");
            for (JsonNode a : assets) {
                if (a.get("name").asText().equals(name)) {
                    ex.getRequestBody().readAllBytes();
                    send(ex, 422, "{\"message\":\"Validation Failed\",\"request_id\":\"0000:00000:0000000:0000000:00000000\","
                            + "\"documentation_url\":\"https://docs.github.com/rest\",\"errors\":[{\"resource\":"
                            + "\"ReleaseAsset\",\"code\":\"already_exists\",\"field\":\"name\"}]}");
                    return;
                }
            }
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        long received = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = ex.getRequestBody()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                received += n;
                if (received <= 4 * 1024 * 1024) {
                    kept.write(buf, 0, n);
                }
                if (f == Fault.STARTER_THEN_CUT && received >= Math.min(length / 2, 100_000)) {
                    store(releaseId, name, "starter", received, null, kept.toByteArray());
                    ex.close();
                    return;
                }
            }
        }
        maxBodyInMemory = Math.max(maxBodyInMemory, kept.size());
        if (received != length) {
            send(ex, 400, "{\"message\":\"Content-Length mismatch\"}");
            return;
        }
        ObjectNode asset = store(releaseId, name, "uploaded", received, HexFormat.of().formatHex(sha.digest()),
                received <= 4 * 1024 * 1024 ? kept.toByteArray() : null);
        send(ex, 201, asset.toString());
    }

    private synchronized ObjectNode store(long releaseId, String name, String state, long size, String sha, byte[] bytes) {
        long id = nextId++;
        ObjectNode r = releases.get(releaseId);
        ObjectNode a = JSON.createObjectNode();
        a.put("url", apiUrl() + "/repos/" + repo + "/releases/assets/" + id);
        a.put("id", id);
        a.put("name", name);
        a.putNull("label");
        a.put("content_type", "application/octet-stream");
        a.put("state", state);
        a.put("size", size);
        if (sha != null && digests) {
            a.put("digest", "sha256:" + sha);
        }
        a.put("download_count", 0);
        a.put("browser_download_url", "https://github.com/" + repo + "/releases/download/"
                + r.get("tag_name").asText() + "/" + name);
        ((ArrayNode) r.get("assets")).add(a);
        if (bytes != null) {
            assetBytes.put(id, bytes);
        }
        return a;
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        api.stop(0);
        elsewhere.stop(0);
        uploads.stop(0);
    }
}
