package io.katarelease.jenkins.steps;

import hudson.AbortException;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.katarelease.jenkins.agent.CliInvocation;
import io.katarelease.jenkins.agent.StepKind;
import io.katarelease.jenkins.credentials.CredentialsField;
import java.util.List;
import java.util.regex.Pattern;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * What {@code kataBuildQemu} and {@code kataBuildKernel} share: build one component of the kata
 * checkout in the workspace with exactly the patches its versions.yaml selects, through the
 * agent's content-addressed build cache, and optionally a remote one shared through an OCI
 * registry. Runs for up to an hour, durably (see CliExecution). Returns {@code component},
 * {@code version}, {@code artifact} (relative to the workspace), {@code sha256}, {@code size},
 * {@code fromCache}, {@code cacheKey}, {@code source}, {@code remote} and the build record.
 */
public abstract class BuildComponentStep extends KataStep {
    private static final long serialVersionUID = 1L;
    /** oci://HOST[:PORT]/REPOSITORY, no user information (credentials go by id, never in argv). */
    private static final Pattern OCI_REPOSITORY = Pattern.compile("oci://[^/@\\s]+/\\S+");

    private String checkout = ".";
    private String out = "";
    private String cache = "";
    private String source = "";
    private String command = "";
    private String arch = "x86_64";
    private String remoteCache = "";
    private String remoteCacheCredentialsId = "";
    private boolean remoteCacheInsecure;

    /** @return the CLI's component name */
    protected abstract String component();

    protected abstract String functionName();

    public String getCheckout() {
        return checkout;
    }

    @DataBoundSetter
    public void setCheckout(String checkout) {
        this.checkout = optional(checkout).isEmpty() ? "." : checkout.trim();
    }

    public String getOut() {
        return out;
    }

    @DataBoundSetter
    public void setOut(String out) {
        this.out = optional(out).isEmpty() ? "" : out.trim();
    }

    public String getCache() {
        return cache;
    }

    @DataBoundSetter
    public void setCache(String cache) {
        this.cache = optional(cache).isEmpty() ? "" : cache.trim();
    }

    public String getSource() {
        return source;
    }

    @DataBoundSetter
    public void setSource(String source) {
        this.source = optional(source).isEmpty() ? "" : source.trim();
    }

    public String getCommand() {
        return command;
    }

    @DataBoundSetter
    public void setCommand(String command) {
        this.command = optional(command).isEmpty() ? "" : command.trim();
    }

    public String getArch() {
        return arch;
    }

    @DataBoundSetter
    public void setArch(String arch) {
        this.arch = optional(arch).isEmpty() ? "x86_64" : arch.trim();
    }

    public String getRemoteCache() {
        return remoteCache;
    }

    @DataBoundSetter
    public void setRemoteCache(String remoteCache) {
        this.remoteCache = optional(remoteCache);
    }

    public String getRemoteCacheCredentialsId() {
        return remoteCacheCredentialsId;
    }

    @DataBoundSetter
    public void setRemoteCacheCredentialsId(String remoteCacheCredentialsId) {
        this.remoteCacheCredentialsId = optional(remoteCacheCredentialsId);
    }

    public boolean isRemoteCacheInsecure() {
        return remoteCacheInsecure;
    }

    @DataBoundSetter
    public void setRemoteCacheInsecure(boolean remoteCacheInsecure) {
        this.remoteCacheInsecure = remoteCacheInsecure;
    }

    @Override
    protected CliInvocation invocation() throws AbortException {
        checkRemoteCache();
        List<String> argv = new Args("build", component())
                .add("--repo", checkout)
                .add("--out", out)
                .add("--cache", cache)
                .add("--source", source)
                .add("--command", command)
                .add("--arch", arch)
                .add("--remote-cache", remoteCache)
                .flag("--remote-cache-insecure", remoteCacheInsecure)
                .json();
        // The registry's credentials go by id; the agent runner hands them to the CLI alone.
        return CliInvocation.withRegistryCredentials(functionName(), StepKind.BUILD, List.of(argv),
                remoteCacheCredentialsId);
    }

    /** The remote cache's settings make sense together, or the step fails naming what to fix. */
    private void checkRemoteCache() throws AbortException {
        String fn = functionName();
        if (remoteCache.isEmpty()) {
            if (!remoteCacheCredentialsId.isEmpty()) {
                throw new AbortException(fn + ": remoteCacheCredentialsId '" + remoteCacheCredentialsId + "' was given"
                        + " without remoteCache; add remoteCache: 'oci://HOST[:PORT]/REPOSITORY' or drop the credentials");
            }
            if (remoteCacheInsecure) {
                throw new AbortException(fn + ": remoteCacheInsecure was set without remoteCache; add remoteCache:"
                        + " 'oci://HOST[:PORT]/REPOSITORY' or drop remoteCacheInsecure");
            }
            return;
        }
        int path = remoteCache.indexOf('/', "oci://".length());
        if (remoteCache.startsWith("oci://") && remoteCache.substring(0, path < 0 ? remoteCache.length() : path).contains("@")) {
            // Not echoed: user information in a URL is usually a password.
            throw new AbortException(fn + ": remoteCache must not hold user information (USER:PASSWORD@); give the"
                    + " registry's credentials by id in remoteCacheCredentialsId");
        }
        if (!OCI_REPOSITORY.matcher(remoteCache).matches()) {
            throw new AbortException(fn + ": remoteCache '" + remoteCache + "' is not an OCI registry repository; give"
                    + " oci://HOST[:PORT]/REPOSITORY, e.g. oci://registry.example.com/kata/build-cache");
        }
    }

    /** The build steps' form: a drop-down of the credentials a registry login can use, with a check. */
    public abstract static class BuildStepDescriptor extends KataStepDescriptor {
        protected BuildStepDescriptor(String functionName, String displayName) {
            super(functionName, displayName);
        }

        public ListBoxModel doFillRemoteCacheCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String remoteCacheCredentialsId) {
            return CredentialsField.items(item, remoteCacheCredentialsId);
        }

        public FormValidation doCheckRemoteCacheCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return CredentialsField.check(item, value, "No credentials: the registry is read and written anonymously.");
        }
    }
}
