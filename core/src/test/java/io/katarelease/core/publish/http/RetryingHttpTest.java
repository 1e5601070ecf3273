package io.katarelease.core.publish.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import io.katarelease.core.progress.Progress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP layer against scripted servers on loopback: retries, waits, the token's scope, redaction. */
class RetryingHttpTest {
    static final String TOKEN = "ghs_httpLayerTokenNeverShown0000";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    Server api;
    /** Another origin: localhost by name, so the host differs from the API's 127.0.0.1. */
    Server elsewhere;
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        api = new Server("127.0.0.1");
        elsewhere = new Server("localhost");
    }

    @AfterEach
    void tearDown() {
        api.close();
        elsewhere.close();
    }

    /** An answer to script; status -1 sleeps a second first (longer than the short timeout). */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer of(int status, String... headerPairs) {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            for (int i = 0; i < headerPairs.length; i += 2) {
                h.put(headerPairs[i], headerPairs[i + 1]);
            }
            return new Answer(status, h, "{\"status\":" + status + "}");
        }
    }

    /** A loopback server that answers from a script (200 once it runs out) and records what it got. */
    static final class Server implements AutoCloseable {
        final HttpServer http;
        final ExecutorService pool = Executors.newCachedThreadPool();
        final Deque<Answer> script = new ConcurrentLinkedDeque<>();
        /** "METHOD path Authorization" per request. */
        final List<String> seen = new CopyOnWriteArrayList<>();
        final String host;

        Server(String host) throws IOException {
            this.host = host;
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.setExecutor(pool); // a retry must not wait behind a slow answer
            http.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                        + ex.getRequestHeaders().getFirst("Authorization"));
                Answer a = script.poll();
                if (a != null && a.status() == -1) {
                    sleep(Duration.ofSeconds(1));
                    a = null;
                }
                Answer answer = a == null ? Answer.of(200) : a;
                answer.headers().forEach(ex.getResponseHeaders()::add);
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(answer.status(), body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            http.start();
        }

        Server answer(Answer... answers) {
            script.addAll(List.of(answers));
            return this;
        }

        String url() {
            return "http://" + host + ":" + http.getAddress().getPort();
        }

        URI uri(String path) {
            return URI.create(url() + path);
        }

        @Override
        public void close() {
            http.stop(0);
            pool.shutdownNow();
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the client makes of a failure: its kind and details, to assert on. */
    static final class Refused extends ReleaseException {
        Refused(String message) {
            super(message);
        }

        @Override
        public Reason reason() {
            return Reason.REMOTE_UNAVAILABLE;
        }
    }

    static final RetryingHttp.Failures FAILURES = new RetryingHttp.Failures() {
        @Override
        public ReleaseException tokenWithheld(String method, URI to) {
            return new Refused("withheld " + method + " " + to);
        }

        @Override
        public ReleaseException waitTooLong(Duration asked, int status) {
            return new Refused("too long " + asked.toSeconds() + " s " + status);
        }

        @Override
        public ReleaseException rateLimitedUntil(Instant reset, int status) {
            return new Refused("rate limited until " + reset.getEpochSecond() + " " + status);
        }

        @Override
        public ReleaseException unreachable(int attempts, IOException last) {
            return new Refused("unreachable after " + attempts + ": " + last.getClass().getName());
        }
    };

    RetryingHttp http(String origin) {
        Progress progress = new Progress() {
            @Override
            public void step(String title) {}

            @Override
            public void warn(String message) {
                warnings.add(message);
            }

            @Override
            public ProgressMonitor transfer() {
                return NullProgressMonitor.INSTANCE;
            }
        };
        return new RetryingHttp(URI.create(origin), Secret.of(TOKEN), progress, waits::add, FAILURES)
                .header("Accept", "application/vnd.github+json");
    }

    HttpResponse<String> get(RetryingHttp http, URI uri) throws Exception {
        return http.send("GET", uri, null, null, TIMEOUT);
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoff() throws Exception {
        api.answer(Answer.of(500), Answer.of(502));

        HttpResponse<String> r = get(http(api.url()), api.uri("/x"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(api.seen).containsExactly("GET /x Bearer " + TOKEN, "GET /x Bearer " + TOKEN,
                "GET /x Bearer " + TOKEN);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(warnings).first().isEqualTo("GET /x got 500; retrying in 1 s (attempt 2 of 6)");
    }

    @Test
    void aServerThatKeepsFailingGetsSixAttemptsAndItsLastAnswerComesBack() throws Exception {
        for (int i = 0; i < RetryingHttp.ATTEMPTS; i++) {
            api.answer(Answer.of(503));
        }

        HttpResponse<String> r = get(http(api.url()), api.uri("/x"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(api.seen).hasSize(6);
        assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L);
    }

    @Test
    void retryAfterIsHonouredOn429And5xx() throws Exception {
        api.answer(Answer.of(429, "Retry-After", "7"), Answer.of(503, "Retry-After", " 3 "),
                Answer.of(500, "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));

        HttpResponse<String> r = http(api.url()).send("POST", api.uri("/r"), BodyPublishers.ofString("{}"),
                "application/json", TIMEOUT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(api.seen).hasSize(4).allMatch(s -> s.startsWith("POST /r "));
        // a date is no number of seconds: the backoff decides
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    @Test
    void aRetryAfterLongerThanFifteenMinutesStopsAtOnce() throws Exception {
        api.answer(Answer.of(429, "Retry-After", "901"));
        assertThatThrownBy(() -> get(http(api.url()), api.uri("/x"))).isInstanceOf(Refused.class)
                .hasMessage("too long 901 s 429");

        // a number too long for a long is still just "too long", not an overflow
        api.answer(Answer.of(403, "Retry-After", "99999999999999999999999"));
        assertThatThrownBy(() -> get(http(api.url()), api.uri("/x"))).isInstanceOf(Refused.class)
                .hasMessageStartingWith("too long ");

        assertThat(api.seen).hasSize(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void theRateLimitResetIsWaitedFor() throws Exception {
        long reset = Instant.now().getEpochSecond() + 30;
        api.answer(Answer.of(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(reset)));

        HttpResponse<String> r = get(http(api.url()), api.uri("/x"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(32));
    }

    @Test
    void aResetTooFarAwayOrNotAnEpochSecondStopsWithoutWaiting() throws Exception {
        long reset = Instant.now().getEpochSecond() + 3600;
        api.answer(Answer.of(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(reset)));
        assertThatThrownBy(() -> get(http(api.url()), api.uri("/x"))).isInstanceOf(Refused.class)
                .hasMessage("rate limited until " + reset + " 403");

        for (String hostile : List.of("soon", "-5", "99999999999999999999", "1e9")) {
            api.answer(Answer.of(429, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", hostile));
            assertThatThrownBy(() -> get(http(api.url()), api.uri("/x"))).isInstanceOf(Refused.class)
                    .hasMessageStartingWith("rate limited until ");
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void refusalsThatAreNoRateLimitComeBackAtOnce() throws Exception {
        api.answer(Answer.of(401), Answer.of(403, "X-RateLimit-Remaining", "12"), Answer.of(404));
        RetryingHttp http = http(api.url());

        assertThat(get(http, api.uri("/a")).statusCode()).isEqualTo(401);
        assertThat(get(http, api.uri("/b")).statusCode()).isEqualTo(403);
        assertThat(get(http, api.uri("/c")).statusCode()).isEqualTo(404);
        assertThat(api.seen).hasSize(3);
        assertThat(waits).isEmpty();
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws Exception {
        api.answer(new Answer(-1, Map.of(), ""));

        HttpResponse<String> r = http(api.url()).send("GET", api.uri("/slow"), null, null, Duration.ofMillis(300));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(warnings.get(0)).startsWith("GET /slow failed (HttpTimeoutException)");
    }

    @Test
    void aServerNobodyAnswersForIsUnreachableAfterSixAttempts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String closed = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> get(http(closed), URI.create(closed + "/x"))).isInstanceOf(Refused.class)
                .hasMessage("unreachable after 6: " + ConnectException.class.getName());
        assertThat(waits).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L);
        assertThat(warnings).noneMatch(w -> w.contains("attempt 7"));
    }

    @Test
    void aServerErrorAskingForMoreThanFifteenMinutesComesBackAtOnce() throws Exception {
        api.answer(Answer.of(503, "Retry-After", "99999999999999999999999"));

        HttpResponse<String> r = get(http(api.url()), api.uri("/x"));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(api.seen).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void theTokenGoesToNoOtherOrigin() throws Exception {
        RetryingHttp http = http(api.url());

        assertThatThrownBy(() -> get(http, elsewhere.uri("/x"))).isInstanceOf(Refused.class)
                .hasMessage("withheld GET " + elsewhere.url() + "/x");
        assertThatThrownBy(() -> get(http, URI.create("https://127.0.0.1:" + api.http.getAddress().getPort() + "/x")))
                .hasMessageStartingWith("withheld GET https://");
        assertThatThrownBy(() -> get(http, URI.create("http://user:pw@127.0.0.1:" + api.http.getAddress().getPort())))
                .hasMessageStartingWith("withheld GET ");
        // nor through a redirect, which is checked before it is followed
        api.answer(Answer.of(302, "Location", elsewhere.url() + "/stolen"));
        assertThatThrownBy(() -> get(http, api.uri("/x"))).isInstanceOf(Refused.class)
                .hasMessage("withheld GET " + elsewhere.url() + "/stolen");

        assertThat(elsewhere.seen).isEmpty();
        assertThat(api.seen).hasSize(1);
    }

    @Test
    void theTokenGoesToAHostNamedForIt() throws Exception {
        RetryingHttp http = http(api.url()).tokenAlsoFor("LOCALHOST");

        assertThat(http.send("POST", elsewhere.uri("/upload?name=a"), BodyPublishers.ofString("a"), "text/plain",
                TIMEOUT).statusCode()).isEqualTo(200);

        assertThat(elsewhere.seen).containsExactly("POST /upload?name=a Bearer " + TOKEN);
    }

    @Test
    void aGetsRedirectWithinTheOriginIsFollowedOthersComeBack() throws Exception {
        api.answer(Answer.of(301, "Location", "/moved?page=2"));
        RetryingHttp http = http(api.url());

        assertThat(get(http, api.uri("/x")).statusCode()).isEqualTo(200);
        assertThat(api.seen).containsExactly("GET /x Bearer " + TOKEN, "GET /moved?page=2 Bearer " + TOKEN);

        api.answer(Answer.of(307, "Location", "/moved"));
        assertThat(http.send("PATCH", api.uri("/y"), BodyPublishers.ofString("{}"), "application/json", TIMEOUT)
                .statusCode()).isEqualTo(307);

        for (int i = 0; i < 6; i++) {
            api.answer(Answer.of(302, "Location", "/loop" + i));
        }
        HttpResponse<String> r = get(http, api.uri("/z"));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.request().uri().getPath()).isEqualTo("/loop4");
        assertThat(api.seen).hasSize(2 + 1 + 6);
        assertThat(waits).isEmpty();
    }

    @Test
    void serverTextIsRedactedInEveryFormBeforeItIsCut() {
        Secret token = Secret.of(TOKEN);
        String basic = Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        String text = "plain " + TOKEN + " url " + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8) + " basic " + basic;

        assertThat(RetryingHttp.redact(token, text, 1000)).doesNotContain(TOKEN).doesNotContain(basic.substring(20, 32))
                .startsWith("plain **** url **** basic ");
        for (int shift = 0; shift < 3; shift++) {
            String encoded = Base64.getEncoder().encodeToString(("ab".substring(0, shift) + TOKEN + "!")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(RetryingHttp.redact(token, encoded, 1000)).contains("****")
                    .doesNotContain(encoded.substring(8, 20));
        }
        // the token straddles the cut: a cut first would keep its first characters
        String straddling = "x".repeat(295) + TOKEN + "y".repeat(10);
        assertThat(RetryingHttp.redact(token, straddling, 300)).isEqualTo("x".repeat(295) + "****y...")
                .doesNotContain(TOKEN.substring(0, 5));
        assertThat(RetryingHttp.redact(token, "short", 300)).isEqualTo("short");
    }

    @Test
    void aNameIsLoopbackOnlyAsLocalhostOrALiteralAddress() {
        assertThat(RetryingHttp.loopback("localhost")).isTrue();
        assertThat(RetryingHttp.loopback("127.0.0.1")).isTrue();
        assertThat(RetryingHttp.loopback("[::1]")).isTrue();
        assertThat(RetryingHttp.loopback("127.0.0.1.nip.io")).isFalse();
        assertThat(RetryingHttp.loopback("10.0.0.1")).isFalse();
        assertThat(RetryingHttp.loopback(null)).isFalse();
    }
}
