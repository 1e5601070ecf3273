package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

/**
 * STAND-IN for plain-credentials' {@code StringCredentials} ("Secret text"). The real type's
 * {@code @NameWith} annotation and nested {@code NameProvider} are left out.
 */
public interface StringCredentials extends StandardCredentials {
    @NonNull
    Secret getSecret();
}
