package io.katarelease.jenkins.steps;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code kataBuildQemu}: builds qemu with its patch series (see {@link BuildComponentStep}). */
public final class KataBuildQemuStep extends BuildComponentStep {
    private static final long serialVersionUID = 1L;
    static final String FUNCTION = "kataBuildQemu";

    @DataBoundConstructor
    public KataBuildQemuStep() {}

    @Override
    protected String component() {
        return "qemu";
    }

    @Override
    protected String functionName() {
        return FUNCTION;
    }

    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor {
        public DescriptorImpl() {
            super(FUNCTION, "kata-release: build QEMU with the fork's patches");
        }
    }
}
