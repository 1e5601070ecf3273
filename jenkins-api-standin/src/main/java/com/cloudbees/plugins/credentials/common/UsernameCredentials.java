package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * STAND-IN for credentials-plugin's {@code common.UsernameCredentials}. The real type's
 * {@code @LegacyMixIn} and {@code @NameWith} annotations and nested {@code NameProvider} are left out.
 */
public interface UsernameCredentials extends Credentials {
    @NonNull
    String getUsername();

    default boolean isUsernameSecret() {
        return true;
    }
}
