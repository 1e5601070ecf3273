package com.cloudbees.plugins.credentials.common;

/**
 * STAND-IN for credentials-plugin's {@code common.StandardUsernamePasswordCredentials}; a
 * username/password pair, and also what github-branch-source's GitHubAppCredentials implements.
 * The real type's {@code @Recommended} and {@code @NameWith} annotations and nested
 * {@code NameProvider} are left out.
 */
public interface StandardUsernamePasswordCredentials extends StandardUsernameCredentials, UsernamePasswordCredentials {}
