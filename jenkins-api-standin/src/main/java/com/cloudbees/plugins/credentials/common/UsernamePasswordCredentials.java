package com.cloudbees.plugins.credentials.common;

/**
 * STAND-IN for credentials-plugin's {@code common.UsernamePasswordCredentials}. The real type's
 * {@code @LegacyMixIn} and {@code @NameWith} annotations and nested {@code NameProvider} are left out.
 */
public interface UsernamePasswordCredentials extends UsernameCredentials, PasswordCredentials {}
