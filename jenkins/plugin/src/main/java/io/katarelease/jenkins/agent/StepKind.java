package io.katarelease.jenkins.agent;

/**
 * Which step's result the CLI's documents become on the agent. The names are the agent
 * protocol: the CLI's {@code io.katarelease.cli.agent.StepKind} has the same constants.
 */
public enum StepKind {
    UPSTREAM_TAGS,
    SYNC,
    BUILD,
    PACKAGE,
    VERIFY,
    PUBLISH
}
