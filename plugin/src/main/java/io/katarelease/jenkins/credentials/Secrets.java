package io.katarelease.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Jenkins credentials to the one token the CLI needs, and the pattern that masks it in text. */
public final class Secrets {
    private Secrets() {}

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
     * @return a pattern matching the token in every form Jenkins masks for {@code withCredentials}
     *     (as written, shell-quoted, base64 ...) and URL-encoded, as in a clone URL
     */
    public static Pattern maskPattern(String token) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(token);
        forms.add(URLEncoder.encode(token, StandardCharsets.UTF_8));
        return SecretPatterns.getAggregateSecretPattern(forms);
    }
}
