package io.katarelease.cli.agent;

/**
 * Which Pipeline step's result the commands' JSON documents become (see {@link StepResults}). The
 * names are the agent protocol's ({@link AgentProtocol#KIND}); the plugin's enum of the same name
 * repeats them, and its {@code AgentProtocolTest} fails when the two differ.
 */
public enum StepKind {
    UPSTREAM_TAGS,
    SYNC,
    BUILD,
    PACKAGE,
    VERIFY,
    PUBLISH
}
