package io.katarelease.jenkins.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.katarelease.jenkins.agent.CliInvocation;
import io.katarelease.jenkins.agent.CliStepExecution;
import io.katarelease.jenkins.credentials.CredentialsField;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;

/**
 * A kata-release Pipeline step: its parameters become the CLI's arguments, and the CLI runs on
 * the agent of the enclosing {@code node} through {@link CliStepExecution} (durable, like sh).
 * Values are taken literally: the CLI gets them as separate arguments, never through a shell.
 */
public abstract class KataStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @return what to run on the agent; fails on a missing mandatory value */
    protected abstract CliInvocation invocation() throws AbortException;

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new CliStepExecution(context, invocation());
    }

    /** Rejects an empty mandatory parameter with a message naming it. */
    static String required(String function, String name, String value) throws AbortException {
        if (value == null || value.isBlank()) {
            throw new AbortException(function + ": the parameter '" + name + "' is required and was empty");
        }
        return value.trim();
    }

    /** Null and blank become the default: the CLI's default applies. */
    static String optional(String value) {
        return value == null || value.isBlank() ? "" : value.trim();
    }

    /** The CLI arguments, with the optional ones only when set. */
    static final class Args {
        private final List<String> argv = new ArrayList<>();

        Args(String... words) {
            argv.addAll(List.of(words));
        }

        Args add(String option, String value) {
            if (value != null && !value.isBlank()) {
                argv.add(option);
                argv.add(value.trim());
            }
            return this;
        }

        Args flag(String option, boolean on) {
            if (on) {
                argv.add(option);
            }
            return this;
        }

        List<String> json() {
            List<String> out = new ArrayList<>(argv);
            out.add("--json");
            return List.copyOf(out);
        }
    }

    /** What every kata-release step needs: a workspace on an agent and its launcher, the run, its log and environment. */
    public abstract static class KataStepDescriptor extends StepDescriptor {
        private final String functionName;
        private final String displayName;

        /** Core infers the described step from the enclosing class of the concrete DescriptorImpl. */
        protected KataStepDescriptor(String functionName, String displayName) {
            this.functionName = functionName;
            this.displayName = displayName;
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return displayName;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, Run.class, TaskListener.class, EnvVars.class);
        }
    }

    /** A step that takes {@code credentialsId}: its form offers a credentials drop-down with a check. */
    public abstract static class CredentialsStepDescriptor extends KataStepDescriptor {
        protected CredentialsStepDescriptor(String functionName, String displayName) {
            super(functionName, displayName);
        }

        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return CredentialsField.items(item, credentialsId);
        }

        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return CredentialsField.check(item, value);
        }
    }
}
