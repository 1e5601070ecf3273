package io.katarelease.core.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.git.AuthenticationException;
import io.katarelease.core.publish.http.RetryingHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * What GitHub's error answers mean, in the words of a release run: the HTTP layer's failures,
 * the answers it hands back unretried (401, redirects it did not follow) and the statuses an API
 * call did not expect.
 */
final class GitHubErrors implements RetryingHttp.Failures {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of GitHub's text a message quotes. */
    private static final int MAX_SERVER_TEXT = 300;

    private final URI api;
    private final String repo;
    private final Secret token;

    GitHubErrors(URI api, String repo, Secret token) {
        this.api = api;
        this.repo = repo;
        this.token = token;
    }

    @Override
    public ReleaseException tokenWithheld(String method, URI uri) {
        return new GitHubApiException("GitHub's answer led to " + method + " " + Texts.quote(uri.getScheme() + "://"
                + uri.getAuthority() + uri.getPath()) + ", which is not " + api.getScheme() + "://" + api.getAuthority()
                + " (the API) nor its upload host; the token is not sent there. Check the GitHub API URL", 0,
                Setting.GITHUB_API_URL);
    }

    @Override
    public ReleaseException waitTooLong(Duration asked, int status) {
        return new GitHubApiException("GitHub asks to wait " + asked.toSeconds() + " s (Retry-After),"
                + " longer than kata-release waits; run again later", status);
    }

    @Override
    public ReleaseException rateLimitedUntil(Instant reset, int status) {
        return new GitHubApiException("GitHub's rate limit for this token is used up until " + reset
                + "; run again after that", status);
    }

    @Override
    public ReleaseException unreachable(int attempts, IOException last) {
        return new GitHubApiException("could not reach " + api + " after " + attempts + " attempts: "
                + (last == null ? "" : last.getClass().getSimpleName() + " " + Texts.quote(
                        String.valueOf(last.getMessage()))) + "; check the network and run again", 0);
    }

    /** Stops at the answers no API call may go on with: a redirect not followed, a refused token. */
    HttpResponse<String> checked(HttpResponse<String> r, String method) throws ReleaseException {
        int status = r.statusCode();
        if (status >= 300 && status < 400 && r.headers().firstValue("Location").isPresent()) {
            URI from = r.request().uri();
            URI to = from.resolve(r.headers().firstValue("Location").get());
            throw new GitHubApiException("GitHub answered " + status + " to " + method + " " + from.getPath()
                    + ", pointing to " + Texts.quote(to.getScheme() + "://" + to.getAuthority() + to.getPath())
                    + "; was the repository renamed or moved? Use its new name", status);
        }
        if (status == 401) {
            throw new AuthenticationException("GitHub refused the token for " + repo + " (401: " + message(r)
                    + "); check GITHUB_TOKEN: valid, not expired, with contents: write");
        }
        return r;
    }

    /** Throws unless GitHub answered {@code status} when trying to do {@code what}. */
    void expect(HttpResponse<String> r, int status, String what) throws ReleaseException {
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

    /** @return GitHub's message (and errors) in the answer, quoted, redacted and cut short */
    private String message(HttpResponse<String> r) {
        String text;
        try {
            JsonNode body = JSON.readTree(r.body());
            text = body.path("message").asText("") + (body.has("errors") ? " " + body.get("errors") : "");
        } catch (IOException e) {
            text = r.body();
        }
        return Texts.quote(RetryingHttp.redact(token, text, MAX_SERVER_TEXT));
    }
}
