package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

/**
 * STAND-IN for credentials-plugin's {@code common.StandardCredentials}. The real type's
 * {@code @Recommended} and {@code @NameWith} annotations and nested {@code NameProvider} are left out.
 */
public interface StandardCredentials extends IdCredentials {
    @NonNull
    String getDescription();
}
