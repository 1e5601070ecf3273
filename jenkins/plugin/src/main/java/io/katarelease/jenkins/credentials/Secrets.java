package io.katarelease.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.katarelease.cli.agent.AgentProtocol;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Jenkins credentials to the one secret the CLI needs, and the pattern that masks it in text. */
public final class Secrets {
    /** Where the CLI reads an OCI registry's {@code USER:PASSWORD}. */
    public static final String REGISTRY_CREDENTIALS = AgentProtocol.REGISTRY_CREDENTIALS_VARIABLE;
    /** Where the CLI reads an OCI registry's bearer token. */
    public static final String REGISTRY_TOKEN = AgentProtocol.REGISTRY_TOKEN_VARIABLE;

    private Secrets() {}

    /**
     * A secret as the CLI gets it: the variable it reads, the value, and every part of the value
     * the log must not show (a pair's password alone, too).
     */
    public record Handed(String variable, String value, List<String> masked) {}

    /**
     * Looks the credentials up as the run may use them (folder scope, the job's authentication,
     * credential parameters) and records their use on the run.
     *
     * @return the token: the password of a username/password (which is what a GitHub App's
     *     credentials hand out, a fresh installation token each time) or the secret text
     */
    public static String lookUp(String credentialsId, Run<?, ?> run) throws AbortException {
        return lookUp(credentialsId, run, null);
    }

    /**
     * As {@link #lookUp(String, Run)}, for a repository: a GitHub App's credentials whose
     * repository access names another owner are refused (GitHub Branch Source mints the token
     * for the installation they name, fresh for each call once the cached one is near expiry).
     *
     * @param repository owner/name, or null
     */
    public static String lookUp(String credentialsId, Run<?, ?> run, String repository) throws AbortException {
        StandardUsernamePasswordCredentials pair =
                CredentialsProvider.findCredentialById(credentialsId, StandardUsernamePasswordCredentials.class, run);
        if (pair != null) {
            CredentialsProvider.track(run, pair);
            String problem = GitHubApps.available() ? GitHubApps.ownerProblem(pair, repository) : null;
            if (problem != null) {
                throw new AbortException("credentials '" + credentialsId + "': " + problem);
            }
            try {
                return pair.getPassword().getPlainText();
            } catch (RuntimeException e) {
                // A GitHub App's token is minted here, over the network; its failure is a step failure.
                throw new AbortException("credentials '" + credentialsId + "' could not give a token"
                        + (repository == null ? "" : " for " + repository) + ": " + e.getMessage()
                        + ". Check the GitHub App's installation on that owner and its permissions");
            }
        }
        StringCredentials text = CredentialsProvider.findCredentialById(credentialsId, StringCredentials.class, run);
        if (text != null) {
            CredentialsProvider.track(run, text);
            return text.getSecret().getPlainText();
        }
        throw new AbortException("credentials '" + credentialsId + "' were not found for " + run.getParent().getFullName()
                + ", or are neither 'Username with password' (a token as the password), a GitHub App, nor 'Secret text'."
                + " Add them under Manage Jenkins > Credentials (or the job's folder) or fix credentialsId.");
    }

    /**
     * An OCI registry's credentials, as the CLI reads them: a username with password as
     * {@code USER:PASSWORD} in {@link #REGISTRY_CREDENTIALS}, a secret text as a bearer token in
     * {@link #REGISTRY_TOKEN}. Looked up and tracked as {@link #lookUp(String, Run)} does.
     */
    public static Handed lookUpRegistry(String credentialsId, Run<?, ?> run) throws AbortException {
        StandardUsernamePasswordCredentials pair =
                CredentialsProvider.findCredentialById(credentialsId, StandardUsernamePasswordCredentials.class, run);
        if (pair != null) {
            CredentialsProvider.track(run, pair);
            String user = pair.getUsername();
            if (user.contains(":")) {
                // Basic authentication cannot carry it (RFC 7617); the name itself may be secret, so not shown.
                throw new AbortException("credentials '" + credentialsId + "': the username holds a ':', which a"
                        + " registry login (USER:PASSWORD) cannot carry; fix the username in Jenkins");
            }
            String password;
            try {
                password = pair.getPassword().getPlainText();
            } catch (RuntimeException e) {
                throw new AbortException("credentials '" + credentialsId + "' could not give a password: " + e.getMessage());
            }
            List<String> masked = pair.isUsernameSecret() ? List.of(user + ":" + password, password, user)
                    : List.of(user + ":" + password, password);
            return new Handed(REGISTRY_CREDENTIALS, user + ":" + password, masked);
        }
        StringCredentials text = CredentialsProvider.findCredentialById(credentialsId, StringCredentials.class, run);
        if (text != null) {
            CredentialsProvider.track(run, text);
            String token = text.getSecret().getPlainText();
            return new Handed(REGISTRY_TOKEN, token, List.of(token));
        }
        throw new AbortException("remote cache credentials '" + credentialsId + "' were not found for "
                + run.getParent().getFullName() + ", or are neither 'Username with password' nor 'Secret text' (a bearer"
                + " token). Add them under Manage Jenkins > Credentials (or the job's folder) or fix"
                + " remoteCacheCredentialsId.");
    }

    /**
     * @return a pattern matching the token in every form Jenkins masks for {@code withCredentials}
     *     (as written, shell-quoted, base64 ...) and URL-encoded, as in a clone URL
     */
    public static Pattern maskPattern(String token) {
        return maskPattern(List.of(token));
    }

    /** @return a pattern matching each of the secrets, as {@link #maskPattern(String)} does one */
    public static Pattern maskPattern(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                forms.add(secret);
                forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            }
        }
        Pattern pattern = SecretPatterns.getAggregateSecretPattern(forms);
        // Forms shorter than 3 characters are not masked; an empty pattern would match everywhere.
        return pattern.pattern().isEmpty() ? Pattern.compile("(?!)") : pattern;
    }
}
