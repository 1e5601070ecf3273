package io.katarelease.core.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.Texts;
import io.katarelease.core.git.AuthenticationException;
import io.katarelease.core.progress.Progress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * GitHub (or GitHub Enterprise) releases over the REST API with the JDK's HTTP client.
 *
 * <p>Uploads are our own code because the Java clients load a whole asset into memory
 * (hub4j's {@code GHRelease.uploadAsset}, JReleaser): here the body streams from the file with a
 * fixed {@code Content-Length}, so a 2 GiB asset costs no heap. Every call retries with
 * exponential backoff on 5xx answers, connection failures and timeouts, honours
 * {@code Retry-After} and the rate-limit reset, and never shows the token.
 */
public final class GitHubReleaseHost implements ReleaseHost {
    /** How long to wait at most for a rate-limit reset before giving up. */
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(15);
    private static final int ATTEMPTS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /** Waits between attempts; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final URI api;
    private final String repo;
    private final Secret token;
    private final Progress progress;
    private final Sleeper sleeper;
    private final HttpClient http;
    private Duration timeout = Duration.ofMinutes(10);
    /** Release id to its upload_url template, and "name@release id" to asset id, as GitHub reported them. */
    private final Map<String, String> uploadUrls = new HashMap<>();
    private final Map<String, String> assetIds = new HashMap<>();

    private GitHubReleaseHost(URI api, String repo, Secret token, Progress progress, Sleeper sleeper) {
        this.api = api;
        this.repo = repo;
        this.token = token;
        this.progress = progress;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER).build(); // followed by send(), same origin only
    }

    /**
     * @param apiUrl {@code https://api.github.com}, or a GitHub Enterprise {@code https://host/api/v3}
     * @param ownerRepo {@code OWNER/NAME}
     * @param token a token with contents: write on the repository (a GitHub App installation token works)
     */
    public static GitHubReleaseHost create(String apiUrl, String ownerRepo, Secret token, Progress progress,
            Sleeper sleeper) throws InvalidInputException {
        if (ownerRepo == null || !REPO.matcher(ownerRepo).matches() || ownerRepo.contains("..")) {
            throw new InvalidInputException("--github-repo " + Texts.quote(ownerRepo) + " must be OWNER/NAME");
        }
        if (token == null) {
            throw new InvalidInputException("publishing to GitHub needs a token: set GITHUB_TOKEN (or"
                    + " KATA_RELEASE_GITHUB_TOKEN, or --github-token-file)");
        }
        URI uri;
        try {
            uri = URI.create(apiUrl.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--github-api-url " + Texts.quote(apiUrl) + " is not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getUserInfo() != null
                || uri.getHost() == null) {
            throw new InvalidInputException("--github-api-url " + Texts.quote(apiUrl)
                    + " must be an http(s) URL without credentials");
        }
        if ("http".equals(uri.getScheme()) && !loopback(uri.getHost())) {
            throw new InvalidInputException("--github-api-url " + Texts.quote(apiUrl) + " must be https: the token"
                    + " would cross the network in clear text (http is accepted for a server on this machine only)");
        }
        return new GitHubReleaseHost(uri, ownerRepo, token, progress, sleeper);
    }

    /**
     * How long one API call may take before it is retried. The default is 10 minutes; an upload
     * gets this plus one minute per 50 MiB.
     */
    public GitHubReleaseHost withTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    @Override
    public String describe() {
        return "GitHub repository " + repo + " (" + api + ")";
    }

    @Override
    public Optional<Release> find(String tag) throws ReleaseException, IOException {
        // The get-by-tag endpoint hides drafts, so list.
        URI next = URI.create(api + "/repos/" + repo + "/releases?per_page=100");
        while (next != null) {
            HttpResponse<String> r = send("GET", next, null, null);
            expect(r, 200, "list the releases of " + repo);
            for (JsonNode release : JSON.readTree(r.body())) {
                if (tag.equals(release.path("tag_name").asText())) {
                    return Optional.of(release(release));
                }
            }
            next = r.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> URI.create(m.group(1))).orElse(null);
        }
        return Optional.empty();
    }

    @Override
    public Release createDraft(String tag, String notes) throws ReleaseException, IOException {
        HttpResponse<String> ref = send("GET", URI.create(api + "/repos/" + repo + "/git/ref/tags/"
                + URLEncoder.encode(tag, StandardCharsets.UTF_8)), null, null);
        if (ref.statusCode() == 404) {
            throw new NotFoundException("the tag " + tag + " does not exist in " + repo
                    + "; push it first (kata-release sync does), the release never creates a tag of its own");
        }
        expect(ref, 200, "look up the tag " + tag);
        ObjectNode body = JSON.createObjectNode().put("tag_name", tag).put("name", tag).put("draft", true);
        if (notes != null) {
            body.put("body", notes);
        }
        HttpResponse<String> r = send("POST", URI.create(api + "/repos/" + repo + "/releases"),
                BodyPublishers.ofString(JSON.writeValueAsString(body)), "application/json");
        expect(r, 201, "create the draft release " + tag);
        return release(JSON.readTree(r.body()));
    }

    @Override
    public Asset upload(Release release, Path file, String sha256) throws ReleaseException, IOException {
        String name = file.getFileName().toString();
        String template = uploadUrls.get(release.id());
        URI uri = URI.create(template.replaceAll("\\{[^}]*}$", "") + "?name=" + URLEncoder.encode(name,
                StandardCharsets.UTF_8));
        long size = Files.size(file);
        for (int round = 0; round < 2; round++) {
            HttpResponse<String> r = send("POST", uri, streamed(file, size, name), "application/octet-stream",
                    timeout.plusMinutes(size / (50L << 20)));
            if (r.statusCode() == 201) {
                return asset(JSON.readTree(r.body()), release.id());
            }
            if (r.statusCode() == 422 && r.body().contains("already_exists")) {
                // An earlier, interrupted upload left an asset of this name: keep it if it is whole
                // and ours, else remove it and upload again.
                Optional<Asset> existing = listAssets(release).stream().filter(a -> a.name().equals(name)).findFirst();
                if (existing.isPresent() && existing.get().size() == size && existing.get().sha256() != null
                        && existing.get().sha256().equalsIgnoreCase(sha256)) {
                    return existing.get();
                }
                if (existing.isPresent()) {
                    progress.step("replacing the stale " + name + " left by an interrupted upload");
                    delete(release, existing.get());
                }
                continue;
            }
            expect(r, 201, "upload " + name);
        }
        throw new GitHubApiException("GitHub kept refusing the upload of " + name + " as already existing; delete"
                + " the asset in the release page and run again", 422);
    }

    private List<Asset> listAssets(Release release) throws ReleaseException, IOException {
        List<Asset> out = new ArrayList<>();
        HttpResponse<String> r = send("GET", URI.create(api + "/repos/" + repo + "/releases/" + release.id()
                + "/assets?per_page=100"), null, null);
        expect(r, 200, "list the assets of " + release.tag());
        for (JsonNode a : JSON.readTree(r.body())) {
            out.add(asset(a, release.id()));
        }
        return out;
    }

    @Override
    public void delete(Release release, Asset asset) throws ReleaseException, IOException {
        String id = assetIds.get(asset.name() + "@" + release.id());
        if (id == null) {
            listAssets(release);
            id = assetIds.get(asset.name() + "@" + release.id());
        }
        if (id == null) {
            return;
        }
        HttpResponse<String> r = send("DELETE", URI.create(api + "/repos/" + repo + "/releases/assets/" + id), null,
                null);
        if (r.statusCode() != 404) {
            expect(r, 204, "delete the asset " + asset.name());
        }
    }

    @Override
    public Release publish(Release release) throws ReleaseException, IOException {
        ObjectNode body = JSON.createObjectNode().put("draft", false).put("tag_name", release.tag());
        HttpResponse<String> r = send("PATCH", URI.create(api + "/repos/" + repo + "/releases/" + release.id()),
                BodyPublishers.ofString(JSON.writeValueAsString(body)), "application/json");
        expect(r, 200, "publish the release " + release.tag());
        return release(JSON.readTree(r.body()));
    }

    private Release release(JsonNode r) {
        String id = r.path("id").asText();
        uploadUrls.put(id, r.path("upload_url").asText());
        List<Asset> assets = new ArrayList<>();
        for (JsonNode a : r.path("assets")) {
            Asset asset = asset(a, id);
            assets.add(asset);
        }
        return new Release(id, r.path("tag_name").asText(), r.path("draft").asBoolean(), r.path("html_url").asText(),
                assets);
    }

    /** An asset as GitHub reports it; a "starter" one (a cut upload's remains) gets size -1. */
    private Asset asset(JsonNode a, String releaseId) {
        assetIds.put(a.path("name").asText() + "@" + releaseId, a.path("id").asText());
        String digest = a.path("digest").asText(null);
        String sha = digest != null && digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : null;
        long size = "uploaded".equals(a.path("state").asText("uploaded")) ? a.path("size").asLong() : -1;
        String url = a.path("browser_download_url").asText(null);
        return new Asset(a.path("name").asText(), size, sha, url);
    }

    /** A fixed-length body read from the file as it is sent, reporting progress per MiB. */
    private BodyPublisher streamed(Path file, long size, String name) {
        ProgressMonitor monitor = progress.transfer();
        BodyPublisher source = BodyPublishers.ofInputStream(() -> {
            try {
                InputStream in = io.katarelease.core.files.AtomicFiles.openRegular(file);
                monitor.beginTask("Uploading " + name, (int) Math.max(1, size >> 20));
                return new FilterInputStream(in) {
                    private long sent;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        if (n > 0) {
                            long before = sent >> 20;
                            sent += n;
                            if ((sent >> 20) > before) {
                                monitor.update((int) ((sent >> 20) - before));
                            }
                        }
                        if (n < 0) {
                            monitor.endTask();
                        }
                        return n;
                    }
                };
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return BodyPublishers.fromPublisher(source, size);
    }

    /**
     * Sends a request, retrying on connection failures, timeouts, 5xx, and rate limits.
     *
     * @return the last response (any status the retries could not get past)
     */
    private HttpResponse<String> send(String method, URI uri, BodyPublisher body, String contentType)
            throws ReleaseException, IOException {
        return send(method, uri, body, contentType, timeout);
    }

    private HttpResponse<String> send(String method, URI first, BodyPublisher body, String contentType,
            Duration callTimeout) throws ReleaseException, IOException {
        IOException lastFailure = null;
        URI uri = first;
        int redirects = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            checkTokenMayGoTo(uri, method);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(callTimeout)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("Authorization", "Bearer " + new String(token.reveal()))
                    .method(method, body == null ? BodyPublishers.noBody() : body);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastFailure = e;
                wait(attempt, null, method + " " + path(uri) + " failed (" + e.getClass().getSimpleName() + ")");
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = r.statusCode();
            if (status >= 300 && status < 400 && r.headers().firstValue("Location").isPresent()) {
                URI to = uri.resolve(r.headers().firstValue("Location").get());
                if (!method.equals("GET") || ++redirects > 5) {
                    throw new GitHubApiException("GitHub answered " + status + " to " + method + " " + path(uri)
                            + ", pointing to " + Texts.quote(to.getScheme() + "://" + to.getAuthority() + to.getPath())
                            + "; was the repository renamed or moved? Use its new name", status);
                }
                uri = to; // checked before the token is attached to the next request
                attempt--;
                continue;
            }
            if (status == 401) {
                throw new AuthenticationException("GitHub refused the token for " + repo + " (401: " + message(r)
                        + "); check GITHUB_TOKEN: valid, not expired, with contents: write");
            }
            Optional<Duration> rateLimit = rateLimitWait(r);
            if (rateLimit.isPresent() || status >= 500 || status == 429) {
                if (attempt == ATTEMPTS) {
                    return r;
                }
                wait(attempt, rateLimit.orElse(retryAfter(r).orElse(null)), method + " " + path(uri) + " got " + status);
                continue;
            }
            return r;
        }
        throw new GitHubApiException("could not reach " + api + " after " + ATTEMPTS + " attempts: "
                + (lastFailure == null ? "" : lastFailure.getClass().getSimpleName() + " " + Texts.quote(
                        String.valueOf(lastFailure.getMessage()))) + "; check the network and run again", 0);
    }

    /**
     * The token goes to the API's origin and to where GitHub takes uploads (the API's host, or
     * uploads.github.com for api.github.com), never elsewhere: a pagination link, an upload_url
     * or a redirect that names another host gets no request at all.
     */
    private void checkTokenMayGoTo(URI uri, String method) throws GitHubApiException {
        boolean sameHost = uri.getHost() != null && uri.getHost().equalsIgnoreCase(api.getHost())
                && (uri.getPort() == api.getPort() || loopback(api.getHost())); // a local server may use two ports
        boolean githubUploads = "api.github.com".equalsIgnoreCase(api.getHost())
                && "uploads.github.com".equalsIgnoreCase(uri.getHost());
        if (!api.getScheme().equals(uri.getScheme()) || !(sameHost || githubUploads) || uri.getUserInfo() != null) {
            throw new GitHubApiException("GitHub's answer led to " + method + " " + Texts.quote(uri.getScheme() + "://"
                    + uri.getAuthority() + uri.getPath()) + ", which is not " + api.getScheme() + "://" + api.getAuthority()
                    + " (the API) nor its upload host; the token is not sent there. Check --github-api-url", 0);
        }
    }

    /** @return whether the host is this machine (a name or literal address that is a loopback address) */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // only literal addresses: a name could resolve anywhere
        }
        try {
            return java.net.InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private void wait(int attempt, Duration hint, String why) throws IOException {
        Duration d = hint != null ? hint : Duration.ofSeconds(1L << Math.min(attempt - 1, 5));
        progress.warn(why + "; retrying in " + d.toSeconds() + " s (attempt " + (attempt + 1) + " of " + ATTEMPTS + ")");
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                String n = v.strip();
                // Any number of digits is a valid header; more than 12 is longer than anyone waits.
                return n.matches("[0-9]{1,12}") ? Optional.of(Duration.ofSeconds(Long.parseLong(n)))
                        : n.matches("[0-9]+") ? Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 2)) : Optional.empty();
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<Duration> rateLimitWait(HttpResponse<?> r) throws GitHubApiException {
        if (r.statusCode() != 403 && r.statusCode() != 429) {
            return Optional.empty();
        }
        Optional<Duration> after = retryAfter(r);
        if (after.isPresent()) {
            if (after.get().compareTo(MAX_RATE_LIMIT_WAIT) > 0) {
                throw new GitHubApiException("GitHub asks to wait " + after.get().toSeconds() + " s (Retry-After),"
                        + " longer than kata-release waits; run again later", r.statusCode());
            }
            return after;
        }
        if (!"0".equals(r.headers().firstValue("X-RateLimit-Remaining").orElse(null))) {
            return Optional.empty();
        }
        // The server's numbers are input: one that is not a sane epoch second waits as long as allowed.
        long reset = r.headers().firstValue("X-RateLimit-Reset").map(String::strip).filter(v -> v.matches("[0-9]{1,12}"))
                .map(Long::parseLong).orElse(Instant.now().plus(MAX_RATE_LIMIT_WAIT).getEpochSecond());
        Duration d = Duration.between(Instant.now(), Instant.ofEpochSecond(reset)).plusSeconds(1);
        if (d.compareTo(MAX_RATE_LIMIT_WAIT) > 0) {
            throw new GitHubApiException("GitHub's rate limit for this token is used up until "
                    + Instant.ofEpochSecond(reset) + "; run again after that", r.statusCode());
        }
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }

    private void expect(HttpResponse<String> r, int status, String what) throws ReleaseException {
        if (r.statusCode() == status) {
            return;
        }
        if (r.statusCode() == 404) {
            throw new NotFoundException("GitHub answered 404 when trying to " + what + " in " + repo
                    + ": the repository does not exist or the token may not see it");
        }
        if (r.statusCode() == 403) {
            throw new AuthenticationException("GitHub refused to " + what + " (403: " + message(r)
                    + "); the token needs contents: write on " + repo);
        }
        throw new GitHubApiException("GitHub answered " + r.statusCode() + " when trying to " + what + ": "
                + message(r), r.statusCode());
    }

    private String message(HttpResponse<String> r) {
        String text;
        try {
            JsonNode body = JSON.readTree(r.body());
            text = body.path("message").asText("") + (body.has("errors") ? " " + body.get("errors") : "");
        } catch (IOException e) {
            text = r.body();
        }
        // Redacted first, then cut short: a cut could keep a prefix of the token the redaction would miss.
        text = token.redact(text);
        return Texts.quote(text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }

    private static String path(URI uri) {
        return uri.getPath();
    }
}
