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
 * shape is refused. A process that left none failed in a way {@link #missing} names.
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

    /**
     * @param where the node, for the message
     * @param exit the process's exit code (-1 when it stopped writing its log)
     * @return why a process that left no outcome failed, from its exit code, and what to do
     */
    static String missing(String fn, String where, int exit) {
        if (exit == AgentProtocol.NO_JAVA_EXIT) {
            return fn + ": there is no Java " + AgentProtocol.MIN_JAVA + " or newer where this step runs on " + where
                    + " (see the line above). Install one in the agent (or the container image the step runs in), or"
                    + " set " + LaunchScript.USER_JAVA + " to a java binary with environment or withEnv.";
        }
        if (exit == AgentProtocol.WRONG_JAR_EXIT) {
            return fn + ": the staged kata-release CLI on " + where + " was changed after it was checked, so it was"
                    + " not run. Something on the agent writes to the workspace's @tmp/kata-release; find it (a process a"
                    + " build left behind?) before you re-run the build.";
        }
        return fn + ": the kata-release process on " + where + " stopped without finishing (exit code " + exit
                + (exit == -1 ? ", it stopped writing its log: killed or the agent restarted" : "")
                + (exit == 137 ? ", killed: out of memory?" : "") + "); its last lines are above. Re-run the build:"
                + " every kata-release step converges (finished work is found again).";
    }
}
