package io.katarelease.jenkins.agent;

import groovy.json.JsonException;
import groovy.json.JsonSlurperClassic;
import io.katarelease.cli.agent.AgentProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CLI's AgentRunner reported for a step: the map the step returns (plain maps, lists,
 * strings, numbers and booleans, which Pipeline scripts can read and save), lines for the log,
 * or the failure. Read from a file on the agent, so checked as untrusted: anything but that
 * shape is refused.
 */
final class StepOutcome {
    final Map<String, Object> result;
    final List<String> summary;
    final String failure;

    private StepOutcome(Map<String, Object> result, List<String> summary, String failure) {
        this.result = result;
        this.summary = summary;
        this.failure = failure;
    }

    /** @throws IllegalArgumentException when the text is not an outcome */
    @SuppressWarnings("unchecked")
    static StepOutcome parse(String json) {
        Object doc;
        try {
            doc = new JsonSlurperClassic().parseText(json);
        } catch (JsonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not JSON (" + e.getMessage() + ")", e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Object failure = map.get(AgentProtocol.FAILURE);
        Object result = map.get(AgentProtocol.RESULT);
        Object summary = map.get(AgentProtocol.SUMMARY);
        if (failure != null && !(failure instanceof String)
                || result != null && !(result instanceof Map)
                || !(summary instanceof List)) {
            throw new IllegalArgumentException("not a kata-release outcome (failure, result, summary)");
        }
        List<String> lines = new ArrayList<>();
        ((List<Object>) summary).forEach(line -> lines.add(String.valueOf(line)));
        return new StepOutcome(result == null ? null : new LinkedHashMap<>((Map<String, Object>) result), lines,
                (String) failure);
    }
}
