package io.katarelease.jenkins.agent;

import io.katarelease.jenkins.results.ResultKind;
import java.io.Serializable;
import java.util.List;

/**
 * What a step asks the agent to run: CLI commands (argument lists, run in the workspace, in
 * order, stopping at the first failure) and which credentials reach them, by id and by the
 * environment variable that carries the secret. Holds no secret: it is saved with the build.
 *
 * @param functionName the step's name, for messages
 * @param kind how the commands' JSON becomes the step's result
 * @param commands the CLI's arguments, one list per command
 * @param credentialsId Jenkins credentials id, or null for none
 * @param secretVariable where the CLI looks for the secret (e.g. KATA_RELEASE_GIT_TOKEN)
 */
public record CliInvocation(String functionName, ResultKind kind, List<List<String>> commands,
        String credentialsId, String secretVariable) implements Serializable {}
