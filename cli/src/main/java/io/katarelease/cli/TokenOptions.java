package io.katarelease.cli;

import io.katarelease.core.ChildEnvironment;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Secret;
import io.katarelease.core.Texts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the HTTPS token comes from: a file named by an option, else {@code KATA_RELEASE_GIT_TOKEN},
 * else {@code GITHUB_TOKEN}. Never from an argument: arguments are visible to every user of the
 * machine.
 */
final class TokenOptions {
    static final String TOKEN_ENV = ChildEnvironment.GIT_TOKEN;
    static final String GITHUB_ENV = ChildEnvironment.CI_GITHUB_TOKEN;

    @Option(names = "--git-token-file", paramLabel = "FILE",
            description = "Read the HTTPS token from FILE (default: $" + TOKEN_ENV + ", then $" + GITHUB_ENV
                    + "). SSH URLs use your SSH keys.")
    Path tokenFile;

    /** @return the git token, or null when none is configured */
    Secret resolve(CliContext ctx) throws InvalidInputException {
        return resolve(ctx, TOKEN_ENV, GITHUB_ENV);
    }

    /** @return the token from the file option, else the first variable set, or null */
    Secret resolve(CliContext ctx, String... variables) throws InvalidInputException {
        if (tokenFile != null) {
            try {
                return Secret.of(Files.readString(tokenFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidInputException("the token file " + Texts.quote(tokenFile.toString())
                        + " cannot be read (" + e.getClass().getSimpleName() + ")");
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the token file " + Texts.quote(tokenFile.toString()) + " is empty");
            }
        }
        for (String name : variables) {
            String value = ctx.env().get(name);
            if (value != null && !value.isBlank()) {
                return Secret.of(value);
            }
        }
        return null;
    }
}
