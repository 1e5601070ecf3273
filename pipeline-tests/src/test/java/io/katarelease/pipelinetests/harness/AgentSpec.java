package io.katarelease.pipelinetests.harness;

/**
 * A declarative {@code agent}: {@code none}, {@code any}, {@code { label 'x' }} or
 * {@code { node { label 'x'; retries 2 } }}.
 *
 * @param type {@code none}, {@code any}, {@code label} or {@code node}
 * @param label the label expression (null for none and any)
 * @param retries the {@code retries} option of a node agent (0 when not given)
 * @param customWorkspace the {@code customWorkspace} of a node agent, or null
 */
public record AgentSpec(String type, String label, int retries, String customWorkspace) {
    public static final AgentSpec NONE = new AgentSpec("none", null, 0, null);
    public static final AgentSpec ANY = new AgentSpec("any", null, 0, null);

    /** Whether the agent takes an executor (all but {@code none}). */
    public boolean allocates() {
        return !"none".equals(type);
    }

    /** What steps record as their agent: the label, {@code any}, or null for none. */
    public String recordedLabel() {
        return "none".equals(type) ? null : "any".equals(type) ? "any" : label;
    }

    @Override
    public String toString() {
        return switch (type) {
            case "none", "any" -> type;
            default -> type + "(" + label + (retries > 0 ? ", retries " + retries : "")
                    + (customWorkspace != null ? ", customWorkspace " + customWorkspace : "") + ")";
        };
    }
}
