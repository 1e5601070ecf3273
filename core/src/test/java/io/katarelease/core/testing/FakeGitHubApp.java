package io.katarelease.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GitHub App as GitHub's API serves it: {@code GET /app}, {@code GET /app/installations} and
 * {@code POST /app/installations/{id}/access_tokens}, each answered only for a JWT that the App's
 * private key signed (RS256, checked here with its public key) with the App's id as issuer and a
 * live expiry. Every installation token minted is recorded with the owner it was minted for.
 */
public final class FakeGitHubApp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final long appId;
    private final PublicKey publicKey;
    private final Map<Long, String> installations = new LinkedHashMap<>();
    private final List<String[]> minted = new CopyOnWriteArrayList<>();
    private final List<String> refusedJwts = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    /** @param owners the accounts the App is installed on (one installation each) */
    public FakeGitHubApp(long appId, PublicKey publicKey, String... owners) {
        this.appId = appId;
        this.publicKey = publicKey;
        long id = 7000;
        for (String owner : owners) {
            installations.put(id++, owner);
        }
    }

    /** @return each token minted, with the owner whose installation it is for: {token, owner} */
    public List<String[]> minted() {
        return List.copyOf(minted);
    }

    /** @return why each refused JWT was refused */
    public List<String> refusedJwts() {
        return List.copyOf(refusedJwts);
    }

    boolean accepts(String token) {
        return minted.stream().anyMatch(m -> m[0].equals(token));
    }

    /** @return {status, body} for an App request, or null when the path is not the App's */
    String[] answer(String method, String path, String authorization, String apiUrl) throws Exception {
        if (!path.startsWith("/app")) {
            return null;
        }
        String why = checkJwt(authorization);
        if (why != null) {
            refusedJwts.add(why);
            return new String[] {"401", "{\"message\":\"A JSON web token could not be decoded\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest\"}"};
        }
        if (method.equals("GET") && path.equals("/app")) {
            return new String[] {"200", JSON.writeValueAsString(Map.of("id", appId, "slug", "kata-release-test",
                    "name", "kata-release test", "owner", Map.of("login", "kata-release", "id", 1, "type", "Organization"),
                    "html_url", "https://github.com/apps/kata-release-test"))};
        }
        if (method.equals("GET") && path.equals("/app/installations")) {
            List<Map<String, Object>> list = new ArrayList<>();
            installations.forEach((id, owner) -> list.add(Map.of("id", id, "app_id", appId,
                    "account", Map.of("login", owner, "id", 100 + id, "type", "Organization"),
                    "access_tokens_url", apiUrl + "/app/installations/" + id + "/access_tokens",
                    "repository_selection", "all", "permissions", Map.of("contents", "write"))));
            return new String[] {"200", JSON.writeValueAsString(list)};
        }
        if (method.equals("POST") && path.matches("/app/installations/[0-9]+/access_tokens")) {
            long id = Long.parseLong(path.split("/")[3]);
            String owner = installations.get(id);
            if (owner == null) {
                return new String[] {"404", "{\"message\":\"Not Found\"}"};
            }
            String token = "ghs_fakeInstallationToken" + counter.incrementAndGet() + "x".repeat(12);
            minted.add(new String[] {token, owner});
            return new String[] {"201", JSON.writeValueAsString(Map.of("token", token, "expires_at",
                    Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                    "permissions", Map.of("contents", "write"), "repository_selection", "all"))};
        }
        return new String[] {"404", "{\"message\":\"Not Found\"}"};
    }

    /** @return why the Authorization header is not a valid JWT of this App, or null when it is */
    private String checkJwt(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "no bearer token";
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return "not a JWT";
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return "alg " + header.path("alg").asText();
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(publicKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(b64.decode(parts[2]))) {
                return "bad signature";
            }
            if (!String.valueOf(appId).equals(claims.path("iss").asText())) {
                return "issuer " + claims.path("iss").asText();
            }
            long now = Instant.now().getEpochSecond();
            if (claims.path("exp").asLong() < now || claims.path("exp").asLong() > now + 11 * 60) {
                return "expiry out of range";
            }
            return null;
        } catch (Exception e) {
            return "undecodable: " + e.getMessage();
        }
    }
}
