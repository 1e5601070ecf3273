package io.katarelease.jenkins.agent;

import java.util.concurrent.TimeUnit;

/**
 * Limits an administrator can change: system properties named after {@link CliStepExecution}
 * (for example {@code io.katarelease.jenkins.agent.CliStepExecution.agentWaitMillis}), read when used.
 */
final class StepLimits {
    private static final String PROPERTY = CliStepExecution.class.getName();

    private StepLimits() {}

    /** Seconds a poll or stop may take on the agent before the agent counts as unreachable. */
    static long remoteTimeoutSeconds() {
        return Long.getLong(PROPERTY + ".remoteTimeoutSeconds", 20);
    }

    /** Seconds the launch may take: it may copy the CLI jar (about 13 MB) to the agent. */
    static long launchTimeoutSeconds() {
        return Long.getLong(PROPERTY + ".launchTimeoutSeconds", 300);
    }

    /** How long an unreachable agent is waited for before the step fails as agent loss. */
    static long agentWaitMillis() {
        return Long.getLong(PROPERTY + ".agentWaitMillis", TimeUnit.MINUTES.toMillis(5));
    }
}
