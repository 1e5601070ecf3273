package io.katarelease.jenkins.agent;

/**
 * Which step's result the CLI's documents become on the agent. The names are the agent
 * protocol, owned by the CLI's {@code io.katarelease.cli.agent.StepKind}: this enum repeats them
 * because running steps are saved with it (program.dat), and the controller has no CLI class.
 * {@code AgentProtocolTest} fails when the two differ.
 */
public enum StepKind {
    UPSTREAM_TAGS,
    SYNC,
    BUILD,
    PACKAGE,
    VERIFY,
    PUBLISH
}
