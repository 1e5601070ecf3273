package io.katarelease.core.publish.http;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Requests to one token-protected HTTP API with the JDK's client, knowing nothing of what the API
 * means. Every call retries with exponential backoff on 5xx answers, 429, connection failures and
 * timeouts, honours {@code Retry-After} and the rate-limit reset (at most {@link
 * #MAX_RATE_LIMIT_WAIT}), follows redirects of GETs, and sends the token (as a Bearer
 * {@code Authorization}) only to the API's origin and the hosts named with {@link #tokenAlsoFor}.
 * Errors the caller must word in its own terms go through {@link Failures}.
 */
public final class RetryingHttp {
    /** How long to wait at most for a rate-limit reset before giving up. */
    public static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofMinutes(15);
    /** Tries per call, the first included. */
    public static final int ATTEMPTS = 6;
    private static final int MAX_REDIRECTS = 5;

    /** Waits between attempts; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** The exceptions for what no retry gets past, worded by the API's client. */
    public interface Failures {
        /** A request would have taken the token to {@code to}, outside its scope; nothing was sent. */
        ReleaseException tokenWithheld(String method, URI to);

        /** A rate-limited answer asks (Retry-After) to wait longer than {@link #MAX_RATE_LIMIT_WAIT}. */
        ReleaseException waitTooLong(Duration asked, int status);

        /** The rate limit is used up until a reset further away than {@link #MAX_RATE_LIMIT_WAIT}. */
        ReleaseException rateLimitedUntil(Instant reset, int status);

        /** No attempt got an answer; {@code last} is the last attempt's failure (null if none). */
        ReleaseException unreachable(int attempts, IOException last);
    }

    private final URI origin;
    private final Secret token;
    private final Progress progress;
    private final Sleeper sleeper;
    private final Failures failures;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Set<String> tokenHosts = new TreeSet<>();
    private final HttpClient http;

    /**
     * @param origin the API's URL; its scheme, host and port are where the token may go
     * @param token sent with every request
     */
    public RetryingHttp(URI origin, Secret token, Progress progress, Sleeper sleeper, Failures failures) {
        this.origin = origin;
        this.token = token;
        this.progress = progress;
        this.sleeper = sleeper;
        this.failures = failures;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER).build(); // followed by send(), same origin only
    }

    /** Adds a header sent with every request, before the token's. */
    public RetryingHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Lets the token go to this host too (any port, the origin's scheme): where the API takes uploads. */
    public RetryingHttp tokenAlsoFor(String host) {
        tokenHosts.add(host.toLowerCase(Locale.ROOT));
        return this;
    }

    /**
     * Sends a request, retrying on connection failures, timeouts, 5xx, 429 and rate limits, and
     * following a GET's redirects within the token's scope.
     *
     * @param body the body, or null for none; it must be able to start over on a retry
     * @param contentType the body's type, or null
     * @param timeout how long one attempt may take before it is retried
     * @return the last response: any status the retries could not get past, or a redirect not
     *     followed (of another method than GET, or past the fifth)
     */
    public HttpResponse<String> send(String method, URI first, BodyPublisher body, String contentType,
            Duration timeout) throws ReleaseException, IOException {
        IOException lastFailure = null;
        URI uri = first;
        int redirects = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            checkTokenMayGoTo(uri, method);
            HttpResponse<String> r;
            try {
                r = http.send(request(method, uri, body, contentType, timeout), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastFailure = e;
                if (attempt < ATTEMPTS) { // after the last attempt there is nothing to wait for
                    wait(attempt, null, method + " " + uri.getPath() + " failed (" + e.getClass().getSimpleName() + ")");
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                if (!method.equals("GET") || ++redirects > MAX_REDIRECTS) {
                    return r;
                }
                uri = uri.resolve(location.get()); // checked before the token is attached to the next request
                attempt--; // a redirect is no failed attempt
                continue;
            }
            Optional<Duration> rateLimit = rateLimitWait(r);
            if (rateLimit.isPresent() || status >= 500 || status == 429) {
                Duration hint = rateLimit.orElse(retryAfter(r).orElse(null));
                // A server error asking for more than a rate limit may is given back, not waited for
                // (a hostile Retry-After of 10^20 seconds would otherwise overflow the sleep).
                if (attempt == ATTEMPTS || (hint != null && hint.compareTo(MAX_RATE_LIMIT_WAIT) > 0)) {
                    return r;
                }
                wait(attempt, hint, method + " " + uri.getPath() + " got " + status);
                continue;
            }
            return r;
        }
        throw failures.unreachable(ATTEMPTS, lastFailure);
    }

    private HttpRequest request(String method, URI uri, BodyPublisher body, String contentType, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        headers.forEach(b::header);
        b.header("Authorization", "Bearer " + new String(token.reveal()))
                .method(method, body == null ? BodyPublishers.noBody() : body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b.build();
    }

    /**
     * Server text fit for a message: every form of the token replaced, then cut to {@code max}
     * characters. Redacted first, then cut: a cut could keep a prefix of the token the redaction
     * would miss.
     */
    public static String redact(Secret token, String serverText, int max) {
        String text = token.redact(serverText);
        return text != null && text.length() > max ? text.substring(0, max) + "..." : text;
    }

    /**
     * The token goes to the origin and to the hosts named with {@link #tokenAlsoFor}, never
     * elsewhere: a pagination link, an upload URL or a redirect that names another host gets no
     * request at all.
     */
    private void checkTokenMayGoTo(URI uri, String method) throws ReleaseException {
        boolean sameHost = uri.getHost() != null && uri.getHost().equalsIgnoreCase(origin.getHost())
                && (uri.getPort() == origin.getPort() || loopback(origin.getHost())); // a local server may use two ports
        boolean otherTokenHost = uri.getHost() != null && tokenHosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!origin.getScheme().equals(uri.getScheme()) || !(sameHost || otherTokenHost) || uri.getUserInfo() != null) {
            throw failures.tokenWithheld(method, uri);
        }
    }

    /** @return whether the host is this machine (a name or literal address that is a loopback address) */
    public static boolean loopback(String host) {
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
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
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

    /** @return how long a rate-limited answer (403 or 429) asks to wait; empty for any other answer */
    private Optional<Duration> rateLimitWait(HttpResponse<?> r) throws ReleaseException {
        if (r.statusCode() != 403 && r.statusCode() != 429) {
            return Optional.empty();
        }
        Optional<Duration> after = retryAfter(r);
        if (after.isPresent()) {
            if (after.get().compareTo(MAX_RATE_LIMIT_WAIT) > 0) {
                throw failures.waitTooLong(after.get(), r.statusCode());
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
            throw failures.rateLimitedUntil(Instant.ofEpochSecond(reset), r.statusCode());
        }
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }
}
