package com.cloudbees.plugins.credentials.common;

/**
 * STAND-IN for credentials-plugin's {@code common.StandardUsernameCredentials}. The real type's
 * {@code @Recommended} and {@code @NameWith} annotations and nested {@code NameProvider} are left out.
 */
public interface StandardUsernameCredentials extends StandardCredentials, UsernameCredentials {}
