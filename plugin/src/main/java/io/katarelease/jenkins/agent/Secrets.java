package io.katarelease.jenkins.agent;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Jenkins credentials to the one secret the CLI needs, and masking of that secret in text. */
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
        if (run == null) {
            throw new AbortException("no build to look credentials '" + credentialsId + "' up for");
        }
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
        throw new AbortException("credentials '" + credentialsId + "' were not found, or are neither"
                + " 'Username with password' (a token as the password), a GitHub App, nor 'Secret text'."
                + " Add them under Manage Jenkins > Credentials (or the job's folder) or fix credentialsId.");
    }

    /** Replaces the secret, and its URL-encoded form, with ****. */
    public static String mask(String text, String secret) {
        if (text == null || secret == null || secret.length() < 4) {
            return text;
        }
        String out = text.replace(secret, "****");
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return encoded.equals(secret) ? out : out.replace(encoded, "****");
    }
}
