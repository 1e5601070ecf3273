package io.katarelease.jenkins.agent;

import groovy.json.JsonOutput;
import io.katarelease.cli.agent.AgentProtocol;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step asks the agent to run: one or more launches of the CLI, each a process of its own
 * running CLI commands (argument lists, in the workspace, in order, stopping at the first
 * failure), with the credentials that reach it, by id and by the environment variable the CLI
 * reads. A launch starts only when the one before succeeded, and gets its result. Separate
 * processes keep a token away from code kata-release did not write: the publish step verifies
 * (running the built QEMU) in a process that never holds the token. Holds no secret: it is saved
 * with the build.
 *
 * <p>Plain classes of JDK fields rather than records: Pipeline saves running executions with
 * JBoss Marshalling (program.dat), which predates records.
 */
public final class CliInvocation implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String functionName;
    private final ArrayList<Launch> launches = new ArrayList<>();
    /** owner/name of the GitHub repository the token is for, or null; pins a GitHub App's token to it. */
    private String repository;
    /** What the build's release page shows besides the CLI's result (e.g. the hand-off job); no secret. */
    private final LinkedHashMap<String, String> notes = new LinkedHashMap<>();

    /**
     * @param functionName the step's name, for messages
     * @param kind how the commands' JSON becomes the step's result
     * @param commands the CLI's arguments, one list per command
     * @param credentialsId Jenkins credentials id, or null/empty for none
     * @param secretVariable where the CLI looks for the secret (e.g. KATA_RELEASE_GIT_TOKEN)
     */
    public CliInvocation(String functionName, StepKind kind, List<List<String>> commands, String credentialsId,
            String secretVariable) {
        this(functionName, new Launch(kind, commands, credentialsId, secretVariable, false));
    }

    private CliInvocation(String functionName, Launch first) {
        this.functionName = functionName;
        launches.add(first);
    }

    /**
     * One launch whose credentials are an OCI registry's (the remote build cache): the
     * variable the CLI reads them from follows their type, decided when they are looked up.
     *
     * @param credentialsId Jenkins credentials id, or null/empty for none
     */
    public static CliInvocation withRegistryCredentials(String functionName, StepKind kind, List<List<String>> commands,
            String credentialsId) {
        return new CliInvocation(functionName, new Launch(kind, commands, credentialsId, null, true));
    }

    /** Adds a launch that runs, in a process of its own, once the ones before have succeeded. */
    public CliInvocation then(StepKind kind, List<List<String>> commands, String credentialsId, String secretVariable) {
        launches.add(new Launch(kind, commands, credentialsId, secretVariable, false));
        return this;
    }

    /**
     * Names the repository ({@code owner/name}) the credentials are used for: a GitHub App's
     * installation token is then minted for that owner's installation and that repository.
     */
    public CliInvocation forRepository(String ownerAndName) {
        this.repository = ownerAndName;
        return this;
    }

    /** Adds a value for the build's release page; an empty value is left out. */
    public CliInvocation note(String key, String value) {
        if (value != null && !value.isBlank()) {
            notes.put(key, value);
        }
        return this;
    }

    /** @return the values for the release page */
    public Map<String, String> notes() {
        return notes == null ? Map.of() : Map.copyOf(notes); // null in an execution saved by an older plugin
    }

    /** @return owner/name of the repository the token is for, or null */
    public String repository() {
        return repository;
    }

    public String functionName() {
        return functionName;
    }

    public List<Launch> launches() {
        return List.copyOf(launches);
    }

    /** One process on the agent. */
    public static final class Launch implements Serializable {
        private static final long serialVersionUID = 1L;

        private final StepKind kind;
        private final ArrayList<ArrayList<String>> commands = new ArrayList<>();
        private final String credentialsId;
        private final String secretVariable;
        /** The credentials are a registry's (false in a launch saved by an older plugin): see {@link #registry()}. */
        private final boolean registry;

        Launch(StepKind kind, List<List<String>> commands, String credentialsId, String secretVariable, boolean registry) {
            this.kind = kind;
            commands.forEach(c -> this.commands.add(new ArrayList<>(c)));
            this.credentialsId = credentialsId == null || credentialsId.isEmpty() ? null : credentialsId;
            this.secretVariable = this.credentialsId == null ? null : secretVariable;
            this.registry = this.credentialsId != null && registry;
        }

        public StepKind kind() {
            return kind;
        }

        public List<List<String>> commands() {
            return List.copyOf(commands);
        }

        /** @return the credentials id, or null when this launch gets no token */
        public String credentialsId() {
            return credentialsId;
        }

        /** @return where the CLI reads the token, or null when there is none or it follows the credentials' type */
        public String secretVariable() {
            return secretVariable;
        }

        /**
         * @return whether the credentials are an OCI registry's: a username with password reaches the
         *     CLI as USER:PASSWORD, a secret text as a bearer token, each in a variable of its own
         *     ({@code Secrets.lookUpRegistry})
         */
        public boolean registry() {
            return registry;
        }

        /**
         * @param function the step's name
         * @param carried the result of the launch before, or null
         * @param variable where the CLI reads the secret, or null for none
         * @return the request the CLI's AgentRunner reads on the agent (no secret in it)
         */
        String requestJson(String function, Map<String, Object> carried, String variable) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put(AgentProtocol.FUNCTION, function);
            request.put(AgentProtocol.KIND, kind.name());
            request.put(AgentProtocol.SECRET_VARIABLE, variable);
            request.put(AgentProtocol.COMMANDS, commands);
            request.put(AgentProtocol.CARRIED, carried);
            return JsonOutput.toJson(request);
        }
    }
}
