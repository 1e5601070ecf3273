package io.katarelease.jenkins.agent;

import groovy.json.JsonOutput;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step asks the agent to run: CLI commands (argument lists, run in the workspace, in
 * order, stopping at the first failure) and which credentials reach them, by id and by the
 * environment variable that carries the secret. Holds no secret: it is saved with the build.
 *
 * <p>A plain class of JDK fields rather than a record: Pipeline saves running executions with
 * JBoss Marshalling (program.dat), which predates records.
 */
public final class CliInvocation implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String functionName;
    private final StepKind kind;
    private final ArrayList<ArrayList<String>> commands = new ArrayList<>();
    private final String credentialsId;
    private final String secretVariable;

    /**
     * @param functionName the step's name, for messages
     * @param kind how the commands' JSON becomes the step's result
     * @param commands the CLI's arguments, one list per command
     * @param credentialsId Jenkins credentials id, or null/empty for none
     * @param secretVariable where the CLI looks for the secret (e.g. KATA_RELEASE_GIT_TOKEN)
     */
    public CliInvocation(String functionName, StepKind kind, List<List<String>> commands, String credentialsId,
            String secretVariable) {
        this.functionName = functionName;
        this.kind = kind;
        commands.forEach(c -> this.commands.add(new ArrayList<>(c)));
        this.credentialsId = credentialsId;
        this.secretVariable = secretVariable;
    }

    public String functionName() {
        return functionName;
    }

    public StepKind kind() {
        return kind;
    }

    public List<List<String>> commands() {
        return List.copyOf(commands);
    }

    public String credentialsId() {
        return credentialsId;
    }

    public String secretVariable() {
        return secretVariable;
    }

    /** @return the request the CLI's AgentRunner reads on the agent (no secret in it) */
    String requestJson() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("function", functionName);
        request.put("kind", kind.name());
        request.put("secretVariable", secretVariable);
        request.put("commands", commands);
        return JsonOutput.toJson(request);
    }
}
