package io.katarelease.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Pipeline step's request, as the plugin wrote it to {@link AgentProtocol#REQUEST_FILE}.
 *
 * @param function the step's name, for messages ("kataSyncFork")
 * @param kind how the commands' documents become the step's result
 * @param secretVariable the environment variable the CLI reads the step's token from, or null
 * @param commands the CLI's arguments, one list per command, run in order
 * @param carried what the step's launch before this one returned (an object), or null
 */
public record StepRequest(String function, StepKind kind, String secretVariable, List<List<String>> commands,
        JsonNode carried) {
    public StepRequest {
        commands = commands.stream().map(List::copyOf).toList();
    }

    /** Reads the request as the plugin wrote it (the plugin's tests read theirs with it too). */
    public static StepRequest read(Path file) throws IOException {
        JsonNode spec;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            spec = new ObjectMapper().readTree(in);
        }
        List<List<String>> commands = new ArrayList<>();
        for (JsonNode command : spec.path(AgentProtocol.COMMANDS)) {
            List<String> argv = new ArrayList<>();
            command.forEach(a -> argv.add(a.asText()));
            commands.add(argv);
        }
        JsonNode secret = spec.path(AgentProtocol.SECRET_VARIABLE);
        JsonNode carried = spec.path(AgentProtocol.CARRIED);
        return new StepRequest(spec.path(AgentProtocol.FUNCTION).asText("kata-release"),
                StepKind.valueOf(spec.path(AgentProtocol.KIND).asText()),
                secret.isTextual() && !secret.asText().isEmpty() ? secret.asText() : null, commands,
                carried.isObject() ? carried : null);
    }
}
