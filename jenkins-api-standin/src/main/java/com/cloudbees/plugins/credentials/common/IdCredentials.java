package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * STAND-IN for credentials-plugin's {@code common.IdCredentials}. The real type's
 * {@code @LegacyMixIn} annotation and nested {@code Helpers} class are left out.
 */
public interface IdCredentials extends Credentials {
    @NonNull
    String getId();
}
