package io.katarelease.cli;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Secret;
import io.katarelease.core.Texts;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.build.remote.RegistryCredentials;
import io.katarelease.core.build.remote.RegistryReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The remote build cache: where ({@code --remote-cache}, else {@value #ENV}) and with which
 * credentials ({@code --registry-credentials-file}, else {@code KATA_RELEASE_REGISTRY_CREDENTIALS},
 * else {@code KATA_RELEASE_REGISTRY_TOKEN}, else the container tools' login file, else anonymous).
 */
final class RemoteCacheOptions {
    static final String ENV = "KATA_RELEASE_REMOTE_CACHE";

    @Option(names = "--remote-cache", paramLabel = "oci://HOST[:PORT]/REPOSITORY",
            description = "An OCI registry repository shared by machines as the second level of the build cache:"
                    + " a local miss looks there before building, and each build is pushed there (best effort;"
                    + " a registry fault is a warning). Default: $" + ENV + ".")
    String reference;

    @Option(names = "--remote-cache-insecure",
            description = "Speak plain HTTP to a registry that is not on a loopback address (loopback always may).")
    boolean insecure;

    @Option(names = "--registry-credentials-file", paramLabel = "FILE",
            description = "Read USER:PASSWORD for the registry from FILE (default: $"
                    + RegistryCredentials.PAIR_VARIABLE + ", then $" + RegistryCredentials.TOKEN_VARIABLE
                    + " as a bearer token, then the registry's entry in $REGISTRY_AUTH_FILE, $DOCKER_CONFIG/config.json"
                    + " or ~/.docker/config.json).")
    Path credentialsFile;

    /** @return the remote cache, or null when none is configured */
    RegistryCache open(CliContext ctx) throws InvalidInputException {
        String ref = reference != null ? reference : ctx.env().get(ENV);
        if (ref == null || ref.isBlank()) {
            if (credentialsFile != null || insecure) {
                throw new InvalidInputException("--registry-credentials-file and --remote-cache-insecure need"
                        + " --remote-cache (or $" + ENV + ")");
            }
            return null;
        }
        RegistryReference parsed = RegistryReference.parse(ref, insecure);
        return RegistryCache.open(parsed, credentials(ctx, parsed));
    }

    private RegistryCredentials credentials(CliContext ctx, RegistryReference ref) throws InvalidInputException {
        if (credentialsFile == null) {
            return RegistryCredentials.resolve(ctx.env(), ref.registry());
        }
        try {
            return RegistryCredentials.pair(Secret.of(Files.readString(credentialsFile, StandardCharsets.UTF_8)),
                    credentialsFile.toString());
        } catch (IOException e) {
            throw new InvalidInputException("the registry credentials file " + Texts.quote(credentialsFile.toString())
                    + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the registry credentials file " + Texts.quote(credentialsFile.toString())
                    + " is empty");
        }
    }
}
