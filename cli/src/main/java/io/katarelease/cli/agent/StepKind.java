package io.katarelease.cli.agent;

/** Which Pipeline step's result the commands' JSON documents become (see {@link StepResults}). */
public enum StepKind {
    UPSTREAM_TAGS,
    SYNC,
    BUILD,
    PACKAGE,
    VERIFY,
    PUBLISH
}
