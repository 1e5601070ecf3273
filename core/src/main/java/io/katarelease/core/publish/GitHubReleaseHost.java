package io.katarelease.core.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.publish.http.RetryingHttp;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * GitHub (or GitHub Enterprise) releases over the REST API: which calls a release run makes and
 * what GitHub's answers mean. Retries, rate limits, redirects and where the token may go are
 * {@link RetryingHttp}'s; error answers become exceptions in {@link GitHubErrors}.
 *
 * <p>Uploads are our own code because the Java clients load a whole asset into memory
 * (hub4j's {@code GHRelease.uploadAsset}, JReleaser): here the body streams from the file with a
 * fixed {@code Content-Length}, so a 2 GiB asset costs no heap.
 */
public final class GitHubReleaseHost implements ReleaseHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /** Waits between attempts; tests pass one that does not sleep. */
    public interface Sleeper extends RetryingHttp.Sleeper {}

    private final URI api;
    private final String repo;
    private final Progress progress;
    private final GitHubErrors errors;
    private final RetryingHttp http;
    private Duration timeout = Duration.ofMinutes(10);
    /** Release id to its upload_url template, and "name@release id" to asset id, as GitHub reported them. */
    private final Map<String, String> uploadUrls = new HashMap<>();
    private final Map<String, String> assetIds = new HashMap<>();

    private GitHubReleaseHost(URI api, String repo, Secret token, Progress progress, Sleeper sleeper) {
        this.api = api;
        this.repo = repo;
        this.progress = progress;
        this.errors = new GitHubErrors(api, repo, token);
        this.http = new RetryingHttp(api, token, progress, sleeper, errors)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28");
        if ("api.github.com".equalsIgnoreCase(api.getHost())) {
            http.tokenAlsoFor("uploads.github.com"); // where github.com takes uploads; Enterprise takes them on its API host
        }
    }

    /**
     * @param apiUrl {@code https://api.github.com}, or a GitHub Enterprise {@code https://host/api/v3}
     * @param ownerRepo {@code OWNER/NAME}
     * @param token a token with contents: write on the repository (a GitHub App installation token works)
     */
    public static GitHubReleaseHost create(String apiUrl, String ownerRepo, Secret token, Progress progress,
            Sleeper sleeper) throws InvalidInputException {
        if (ownerRepo == null || !REPO.matcher(ownerRepo).matches() || ownerRepo.contains("..")) {
            throw new InvalidInputException("GitHub repository " + Texts.quote(ownerRepo) + " must be OWNER/NAME",
                    Setting.GITHUB_REPO);
        }
        if (token == null) {
            throw new InvalidInputException("publishing to GitHub needs a token: set GITHUB_TOKEN (or"
                    + " KATA_RELEASE_GITHUB_TOKEN), or give a GitHub token file", Setting.GITHUB_TOKEN);
        }
        URI uri;
        try {
            uri = URI.create(apiUrl.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("GitHub API URL " + Texts.quote(apiUrl) + " is not a URL",
                    Setting.GITHUB_API_URL);
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getUserInfo() != null
                || uri.getHost() == null) {
            throw new InvalidInputException("GitHub API URL " + Texts.quote(apiUrl)
                    + " must be an http(s) URL without credentials", Setting.GITHUB_API_URL);
        }
        if ("http".equals(uri.getScheme()) && !RetryingHttp.loopback(uri.getHost())) {
            throw new InvalidInputException("GitHub API URL " + Texts.quote(apiUrl) + " must be https: the token"
                    + " would cross the network in clear text (http is accepted for a server on this machine only)",
                    Setting.GITHUB_API_URL);
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

    private HttpResponse<String> send(String method, URI uri, BodyPublisher body, String contentType)
            throws ReleaseException, IOException {
        return send(method, uri, body, contentType, timeout);
    }

    /** Every call goes through here, so no API call goes on past a refused token or an unfollowed redirect. */
    private HttpResponse<String> send(String method, URI uri, BodyPublisher body, String contentType,
            Duration callTimeout) throws ReleaseException, IOException {
        return errors.checked(http.send(method, uri, body, contentType, callTimeout), method);
    }

    private void expect(HttpResponse<String> r, int status, String what) throws ReleaseException {
        errors.expect(r, status, what);
    }
}
