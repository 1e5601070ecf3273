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
        StandardUsernamePasswordCredentials pair =
                CredentialsProvider.findCredentialById(credentialsId, StandardUsernamePasswordCredentials.class, run);
        if (pair != null) {
            CredentialsProvider.track(run, pair);
            return pair.getPassword().getPlainText();
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
