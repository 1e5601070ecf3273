package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

/**
 * STAND-IN for credentials-plugin's {@code Credentials}. Left out because the plugin does not use
 * them: {@code getScope()}, the covariant {@code CredentialsDescriptor getDescriptor()} and
 * {@code forRun(Run)}. A test double that implements this interface directly therefore does not
 * compile against the real API; extend the real {@code BaseStandardCredentials} family there.
 */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {}
