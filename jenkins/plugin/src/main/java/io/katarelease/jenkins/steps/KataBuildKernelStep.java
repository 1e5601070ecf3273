package io.katarelease.jenkins.steps;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code kataBuildKernel}: builds kernel with its patch series (see {@link BuildComponentStep}). */
public final class KataBuildKernelStep extends BuildComponentStep {
    private static final long serialVersionUID = 1L;
    static final String FUNCTION = "kataBuildKernel";

    @DataBoundConstructor
    public KataBuildKernelStep() {}

    @Override
    protected String component() {
        return "kernel";
    }

    @Override
    protected String functionName() {
        return FUNCTION;
    }

    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor {
        public DescriptorImpl() {
            super(FUNCTION, "kata-release: build the guest kernel with the fork's patches");
        }
    }
}
