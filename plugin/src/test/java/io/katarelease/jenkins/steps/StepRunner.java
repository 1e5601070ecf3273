package io.katarelease.jenkins.steps;

import io.katarelease.jenkins.testing.FakeStepContext;
import java.io.File;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/** Runs a step as Pipeline would inside {@code node}: start, then wait for the outcome. */
final class StepRunner {
    final FakeStepContext context;
    StepExecution execution;

    StepRunner(File workspace) {
        this.context = new FakeStepContext(workspace);
    }

    StepRunner start(Step step) throws Exception {
        execution = step.start(context);
        if (execution.start()) {
            throw new AssertionError("kata-release steps complete asynchronously");
        }
        return this;
    }

    Object run(Step step, int seconds) throws Exception {
        return start(step).context.await(seconds);
    }
}
