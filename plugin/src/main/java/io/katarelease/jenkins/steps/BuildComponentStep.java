package io.katarelease.jenkins.steps;

import hudson.AbortException;
import io.katarelease.jenkins.agent.CliInvocation;
import io.katarelease.jenkins.agent.StepKind;
import java.util.List;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What {@code kataBuildQemu} and {@code kataBuildKernel} share: build one component of the kata
 * checkout in the workspace with exactly the patches its versions.yaml selects, through the
 * agent's content-addressed build cache. Runs for up to an hour, durably (see CliExecution).
 * Returns {@code component}, {@code version}, {@code artifact} (relative to the workspace),
 * {@code sha256}, {@code size}, {@code fromCache}, {@code cacheKey} and the build record.
 */
public abstract class BuildComponentStep extends KataStep {
    private static final long serialVersionUID = 1L;

    private String checkout = ".";
    private String out = "";
    private String cache = "";
    private String source = "";
    private String command = "";
    private String arch = "x86_64";

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

    @Override
    protected CliInvocation invocation() throws AbortException {
        List<String> argv = new Args("build", component())
                .add("--repo", checkout)
                .add("--out", out)
                .add("--cache", cache)
                .add("--source", source)
                .add("--command", command)
                .add("--arch", arch)
                .json();
        return new CliInvocation(functionName(), StepKind.BUILD, List.of(argv), null, null);
    }
}
