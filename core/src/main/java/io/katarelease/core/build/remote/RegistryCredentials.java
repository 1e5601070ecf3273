package io.katarelease.core.build.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Secret;
import io.katarelease.core.Texts;
import io.katarelease.core.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import land.oras.ContainerRef;
import land.oras.auth.AuthProvider;
import land.oras.auth.AuthScheme;

/**
 * How kata-release proves itself to the registry: anonymously, with a bearer token, with a user
 * and password, or with the entry for the registry in the login file that container tools share
 * ({@code docker login}, {@code podman login}, {@code skopeo login}). The secret stays a
 * {@link Secret}; the {@code Authorization} header is built for each request and never kept.
 */
public final class RegistryCredentials {
    /** {@code USER:PASSWORD} for the registry (bin/kata-release hands it over on a descriptor). */
    public static final String PAIR_VARIABLE = "KATA_RELEASE_REGISTRY_CREDENTIALS";
    /** A bearer token for the registry. */
    public static final String TOKEN_VARIABLE = "KATA_RELEASE_REGISTRY_TOKEN";
    private static final int MAX_LOGIN_FILE = 1 << 20;

    private final String description;
    private final Secret secret;
    private final AuthScheme scheme;

    private RegistryCredentials(String description, Secret secret, AuthScheme scheme) {
        this.description = description;
        this.secret = secret;
        this.scheme = scheme;
    }

    /** @return no credentials */
    public static RegistryCredentials anonymous() {
        return new RegistryCredentials("anonymous", null, AuthScheme.NONE);
    }

    /** @return a bearer token, sent as {@code Authorization: Bearer} */
    public static RegistryCredentials token(Secret token) {
        return new RegistryCredentials("a bearer token", token, AuthScheme.BEARER);
    }

    /**
     * @param pair {@code USER:PASSWORD}
     * @return the pair, sent as basic authentication (and to the registry's token service when it has one)
     * @throws InvalidInputException when there is no colon or no user (the value is not repeated)
     */
    public static RegistryCredentials pair(Secret pair, String from) throws InvalidInputException {
        String text = new String(pair.reveal());
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidInputException("the registry credentials from " + from + " are not USER:PASSWORD");
        }
        return new RegistryCredentials("user " + Texts.quote(text.substring(0, colon)) + " (from " + from + ")",
                pair, AuthScheme.BASIC);
    }

    /**
     * The credentials a run uses: {@value #PAIR_VARIABLE}, else {@value #TOKEN_VARIABLE}, else
     * the registry's entry in the container tools' login file ({@code $REGISTRY_AUTH_FILE}, else
     * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}), else anonymous.
     *
     * @param env the variables (a CLI's environment, with handed-over secrets)
     * @param registry {@code HOST[:PORT]}
     */
    public static RegistryCredentials resolve(Map<String, String> env, String registry) throws InvalidInputException {
        String pair = env.get(PAIR_VARIABLE);
        if (pair != null && !pair.isBlank()) {
            return pair(Secret.of(pair), PAIR_VARIABLE);
        }
        String token = env.get(TOKEN_VARIABLE);
        if (token != null && !token.isBlank()) {
            return token(Secret.of(token));
        }
        Path file = loginFile(env);
        return file == null ? anonymous() : fromLoginFile(file, registry);
    }

    /** @return the login file the container tools would read, or null when none is set and none exists */
    static Path loginFile(Map<String, String> env) {
        String explicit = env.get("REGISTRY_AUTH_FILE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String dockerConfig = env.get("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            return Path.of(dockerConfig, "config.json");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path standard = Path.of(home, ".docker", "config.json");
        return Files.exists(standard) ? standard : null;
    }

    /**
     * @return the {@code auths} entry for the registry in a login file, or anonymous when the file
     *     has none (or does not exist)
     */
    public static RegistryCredentials fromLoginFile(Path file, String registry) throws InvalidInputException {
        JsonNode root;
        try (InputStream in = AtomicFiles.openRegular(file)) {
            byte[] bytes = in.readNBytes(MAX_LOGIN_FILE + 1);
            if (bytes.length > MAX_LOGIN_FILE) {
                throw new InvalidInputException("the registry login file " + file + " is over 1 MiB; it is not read");
            }
            root = new ObjectMapper().readTree(bytes);
        } catch (NoSuchFileException e) {
            return anonymous();
        } catch (IOException e) {
            // The parser's message may quote the file, which holds secrets: only its kind is named.
            throw new InvalidInputException("the registry login file " + file + " cannot be read as JSON ("
                    + e.getClass().getSimpleName() + "); fix it or log in again");
        }
        JsonNode entry = root == null ? null : find(root.path("auths"), registry);
        if (entry == null) {
            if (root != null && (root.path("credHelpers").has(registry) || root.has("credsStore"))) {
                throw new InvalidInputException("the registry login file " + file + " keeps the login for " + registry
                        + " in a credential helper, which kata-release does not run (it would be code outside"
                        + " kata-release holding the secret); give KATA_RELEASE_REGISTRY_CREDENTIALS instead");
            }
            return anonymous();
        }
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the login for " + registry + " in " + file + " is not base64");
            }
            return pair(Secret.of(decoded), file.toString());
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return token(Secret.of(identityToken));
        }
        return anonymous();
    }

    private static JsonNode find(JsonNode auths, String registry) {
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // Docker writes "https://host/v1/" for Docker Hub and plain "host[:port]" for the rest.
            String key = e.getKey().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
            if (key.equalsIgnoreCase(registry)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** @return what was used, for messages (never the secret) */
    public String describe() {
        return description;
    }

    /** @return whether there is a secret to hide in texts */
    public boolean hasSecret() {
        return secret != null;
    }

    /** @return {@code text} with every form of the secret replaced by {@code ****} */
    public String redact(String text) {
        if (secret == null || text == null) {
            return text;
        }
        String out = secret.redact(text);
        if (scheme == AuthScheme.BASIC) {
            String pair = new String(secret.reveal());
            out = Secret.of(pair.substring(pair.indexOf(':') + 1)).redact(out);
        }
        return out;
    }

    /** @return the registry client's view: the header is made from the secret on each request */
    AuthProvider provider() {
        return new AuthProvider() {
            @Override
            public String getAuthHeader(ContainerRef registry) {
                if (secret == null) {
                    return null;
                }
                String value = new String(secret.reveal());
                return scheme == AuthScheme.BASIC
                        ? "Basic " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                        : "Bearer " + value;
            }

            @Override
            public AuthScheme getAuthScheme() {
                return scheme;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    @Override
    public String toString() {
        return description;
    }
}
