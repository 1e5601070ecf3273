package io.katarelease.core.build.remote;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.Texts;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the shared build cache lives: {@code oci://HOST[:PORT]/REPOSITORY}, a repository of an
 * OCI distribution registry. The repository follows the distribution spec's grammar (lower-case
 * path components separated by {@code /}, {@code .}, {@code _}, {@code __} or dashes).
 *
 * @param host the registry's host name or address ({@code [..]} for IPv6)
 * @param port its port, or -1 for the scheme's default
 * @param repository the repository path
 * @param plainHttp whether the registry is spoken to over plain HTTP (loopback, or allowed explicitly)
 */
public record RegistryReference(String host, int port, String repository, boolean plainHttp) {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])");
    private static final Pattern REFERENCE = Pattern.compile("oci://([^/:]+|\\[[^\\]/]*\\])(?::([0-9]{1,5}))?/(.+)");

    /**
     * @param text the reference as the user gave it
     * @param insecure whether plain HTTP may be used for a host that is not a loopback address
     * @return the parsed reference
     * @throws InvalidInputException naming the value and the expected form; a value holding
     *     credentials is not repeated
     */
    public static RegistryReference parse(String text, boolean insecure) throws InvalidInputException {
        String expected = "; expected oci://HOST[:PORT]/REPOSITORY, e.g. oci://registry.example.com/platform/kata-cache";
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("the remote cache reference is empty" + expected);
        }
        String value = text.strip();
        int at = value.indexOf('@');
        if (at >= 0 && value.lastIndexOf('/', at) <= "oci://".length() - 1) {
            // Never echoed: the part before '@' is a password.
            throw new InvalidInputException("the remote cache reference carries credentials (USER:PASSWORD@);"
                    + " they would be visible to every user of the machine. Give them with a credentials file,"
                    + " KATA_RELEASE_REGISTRY_CREDENTIALS or the registry login file instead");
        }
        Matcher m = REFERENCE.matcher(value);
        if (!m.matches()) {
            throw new InvalidInputException("the remote cache reference " + Texts.quote(value) + " is malformed"
                    + expected);
        }
        String host = m.group(1);
        if (!HOST.matcher(host).matches() || host.length() > 253) {
            throw new InvalidInputException("the registry host " + Texts.quote(host) + " in " + Texts.quote(value)
                    + " is not a host name or address" + expected);
        }
        int port = -1;
        if (m.group(2) != null) {
            port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("the registry port " + m.group(2) + " in " + Texts.quote(value)
                        + " is not between 1 and 65535" + expected);
            }
        }
        String repository = m.group(3);
        if (repository.length() > 255 || !REPOSITORY.matcher(repository).matches()) {
            throw new InvalidInputException("the repository " + Texts.quote(repository) + " in " + Texts.quote(value)
                    + " is not a valid OCI repository name (lower-case letters and digits in path components"
                    + " separated by '/', joined by '.', '_', '__' or dashes; at most 255 characters)" + expected);
        }
        return new RegistryReference(host.toLowerCase(Locale.ROOT), port, repository, insecure || isLoopback(host));
    }

    /**
     * @return whether the host is a loopback address or {@code localhost}; decided from the text
     *     alone, so no name server is asked
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.matches("127(?:\\.[0-9]{1,3}){3}");
    }

    /** @return {@code HOST[:PORT]}, the registry as clients and login files name it */
    public String registry() {
        return port < 0 ? host : host + ":" + port;
    }

    /** @return the reference of a tag or digest of this repository as the registry client takes it */
    String at(String tagOrDigest) {
        return registry() + "/" + repository + (tagOrDigest.startsWith("sha256:") ? "@" : ":") + tagOrDigest;
    }

    @Override
    public String toString() {
        return "oci://" + registry() + "/" + repository;
    }
}
