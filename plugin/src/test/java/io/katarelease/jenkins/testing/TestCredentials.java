package io.katarelease.jenkins.testing;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Descriptor;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Credentials as the credentials plugins store them (a GitHub App's look like a username/password). */
public final class TestCredentials {
    private TestCredentials() {}

    public static StandardUsernamePasswordCredentials usernamePassword(String id, String username, String password) {
        return new StandardUsernamePasswordCredentials() {
            @Override
            public String getId() {
                return id;
            }

            @Override
            public String getDescription() {
                return "test";
            }

            @Override
            public String getUsername() {
                return username;
            }

            @Override
            public boolean isUsernameSecret() {
                return false;
            }

            @Override
            public Secret getPassword() {
                return Secret.fromString(password);
            }

            @Override
            public Descriptor<Credentials> getDescriptor() {
                return null;
            }
        };
    }

    public static StringCredentials secretText(String id, String secret) {
        return new StringCredentials() {
            @Override
            public String getId() {
                return id;
            }

            @Override
            public String getDescription() {
                return "test";
            }

            @Override
            public Secret getSecret() {
                return Secret.fromString(secret);
            }

            @Override
            public Descriptor<Credentials> getDescriptor() {
                return null;
            }
        };
    }
}
