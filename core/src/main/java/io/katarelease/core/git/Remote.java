package io.katarelease.core.git;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Secret;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A git remote named by URL (https, ssh, git or file), with the token used for HTTPS.
 *
 * <p>URLs that carry a password are refused: a token in a URL ends up in process lists, shell
 * history and logs. The token is given separately and is sent only as HTTP basic credentials.
 */
public final class Remote {
    /** The user name GitHub expects with an installation or personal access token. */
    public static final String DEFAULT_TOKEN_USER = "x-access-token";

    private final String role;
    private final URIish uri;
    private final Secret token;
    private final String tokenUser;

    private Remote(String role, URIish uri, Secret token, String tokenUser) {
        this.role = role;
        this.uri = uri;
        this.token = token;
        this.tokenUser = tokenUser;
    }

    /**
     * @param role what the remote is, for messages ("upstream", "fork")
     * @param url the remote's URL or local path
     * @param token the HTTPS token, or {@code null} for none
     * @throws InvalidInputException when the URL is malformed, carries a password or starts with
     *     {@code -} (it could be taken for an option by a git program)
     */
    public static Remote of(String role, String url, Secret token) throws InvalidInputException {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("the " + role + " URL is empty");
        }
        if (url.startsWith("-")) {
            throw new InvalidInputException(
                    "the " + role + " URL '" + url + "' starts with '-'; give a URL or a path");
        }
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("the " + role + " URL contains control characters");
        }
        URIish parsed;
        try {
            parsed = new URIish(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("the " + role + " URL '" + redact(url) + "' is not a git URL");
        }
        if (parsed.getPass() != null) {
            throw new InvalidInputException("the " + role + " URL '" + parsed.setPass("****")
                    + "' carries a password; remove it and give the token in KATA_RELEASE_GIT_TOKEN"
                    + " (or GITHUB_TOKEN, or a token file) instead");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.isEmpty() && !scheme.equals("https") && !scheme.equals("http") && !scheme.equals("ssh")
                && !scheme.equals("git") && !scheme.equals("file")) {
            throw new InvalidInputException("the " + role + " URL '" + parsed + "' uses the scheme '" + scheme
                    + "'; use https, ssh, git or file");
        }
        return new Remote(role, parsed, token, DEFAULT_TOKEN_USER);
    }

    /** @return the URL as it may be shown: it never holds a secret */
    public String displayUrl() {
        return uri.toString();
    }

    /**
     * @return whether both remotes are on the same host over the same scheme, so that a token
     *     meant for one may be sent to the other
     */
    public static boolean sameServer(String urlA, String urlB) {
        try {
            URIish a = new URIish(urlA);
            URIish b = new URIish(urlB);
            return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                    && Objects.equals(a.getScheme(), b.getScheme()) && a.getPort() == b.getPort();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** @return the role of this remote in the run ("upstream", "fork") */
    public String role() {
        return role;
    }

    URIish uri() {
        return uri;
    }

    /** Opens a transport to this remote for the given local repository, with credentials set. */
    Transport open(Repository local, int timeoutSeconds) throws ReleaseException {
        try {
            Transport transport = Transport.open(local, uri);
            credentials().ifPresent(transport::setCredentialsProvider);
            transport.setTimeout(timeoutSeconds);
            return transport;
        } catch (NotSupportedException e) {
            throw new InvalidInputException("the " + role + " URL '" + displayUrl() + "' is not supported: "
                    + scrub(e.getMessage()));
        } catch (TransportException e) {
            throw translate(e);
        }
    }

    /**
     * Lists the remote's refs ({@code git ls-remote}) without any local repository.
     *
     * @return the refs by name; annotated tags also appear peeled
     */
    public Map<String, Ref> listRefs() throws ReleaseException {
        NoGitProgram.install();
        try (Transport transport = Transport.open(uri)) {
            credentials().ifPresent(transport::setCredentialsProvider);
            transport.setTimeout(CacheRepository.TIMEOUT_SECONDS);
            try (FetchConnection connection = transport.openFetch()) {
                return connection.getRefsMap();
            }
        } catch (NotSupportedException e) {
            throw new InvalidInputException("the " + role + " URL '" + displayUrl() + "' is not supported: "
                    + scrub(e.getMessage()));
        } catch (TransportException e) {
            throw translate(e);
        }
    }

    Optional<CredentialsProvider> credentials() {
        if (token == null) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredentialsProvider(tokenUser, token.reveal()));
    }

    /**
     * Turns a JGit transport failure into the engine's condition, with a message that names the
     * remote and says what to do, and holds no secret.
     */
    ReleaseException translate(TransportException e) {
        String detail = scrub(e.getMessage());
        String lower = detail.toLowerCase(Locale.ROOT);
        if (e instanceof NoRemoteRepositoryException || lower.contains("repository not found")
                || lower.contains("not found")) {
            return new NotFoundException("the " + role + " repository " + displayUrl()
                    + " was not found (" + detail + "); check the URL, and that the token may read it");
        }
        if (lower.contains("not authorized") || lower.contains("authentication is required")
                || lower.contains("auth fail") || lower.contains("401") || lower.contains("403")
                || lower.contains("authentication not supported") || lower.contains("no more authentication")
                || lower.contains("permission denied")) {
            String hint = token == null
                    ? "set KATA_RELEASE_GIT_TOKEN (or GITHUB_TOKEN, or a token file) for HTTPS, or use an ssh URL with a key"
                    : "the token was refused: check that it is valid, not expired, and may read and push "
                            + displayUrl();
            return new AuthenticationException("authentication to the " + role + " repository "
                    + displayUrl() + " failed; " + hint);
        }
        return new RemoteUnavailableException("could not talk to the " + role + " repository "
                + displayUrl() + ": " + detail + "; check the network and the URL, then run again");
    }

    /** Removes the token and any URL password from a message that came from a library. */
    String scrub(String message) {
        String text = message == null ? "(no detail)" : message;
        return redact(token == null ? text : token.redact(text));
    }

    /** Replaces {@code user:password@} in any URL inside {@code text} by {@code user:****@}. */
    static String redact(String text) {
        return text.replaceAll("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]*):[^@/\\s]*@", "$1:****@");
    }

    @Override
    public String toString() {
        return role + " " + displayUrl();
    }
}
