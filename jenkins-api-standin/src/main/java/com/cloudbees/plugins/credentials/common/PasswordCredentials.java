package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

/**
 * STAND-IN for credentials-plugin's {@code common.PasswordCredentials}. The real type's
 * {@code @LegacyMixIn} annotation is left out.
 */
public interface PasswordCredentials extends Credentials {
    @NonNull
    Secret getPassword();
}
