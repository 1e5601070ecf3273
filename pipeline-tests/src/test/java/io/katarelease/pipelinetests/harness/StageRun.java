package io.katarelease.pipelinetests.harness;

/**
 * What happened to one stage (every declared stage gets one, executed or not), in the order the
 * stages were reached.
 */
public final class StageRun {
    /** How a stage ended. */
    public enum Status {
        /** Ran and succeeded. */
        SUCCESS,
        /** Ran and failed (a step, its when condition or a nested stage threw). */
        FAILURE,
        /** Its when condition (or its parent's) was false: skipped, as Jenkins's "skipped due to when conditional". */
        SKIPPED_CONDITIONAL,
        /** Not run because an earlier stage failed (Jenkins's "skipped due to earlier failure(s)"). */
        SKIPPED_EARLIER_FAILURE
    }

    private final String name;
    private final String path;
    private final String parentPath;
    private final boolean parallelBranch;
    private AgentSpec agent;
    private boolean agentAllocated;
    private Status status;
    private Throwable error;

    StageRun(String name, String path, String parentPath, boolean parallelBranch) {
        this.name = name;
        this.path = path;
        this.parentPath = parentPath;
        this.parallelBranch = parallelBranch;
    }

    public String name() {
        return name;
    }

    /** e.g. {@code Build/QEMU}. */
    public String path() {
        return path;
    }

    /** The enclosing stage's path, or empty for a top-level stage. */
    public String parentPath() {
        return parentPath;
    }

    /** Whether it is a branch of its parent's {@code parallel}. */
    public boolean parallelBranch() {
        return parallelBranch;
    }

    /** Its own {@code agent} directive as evaluated, or null (none declared, or not reached). */
    public AgentSpec agent() {
        return agent;
    }

    /** Whether the stage took an agent (evaluated its agent directive). */
    public boolean agentAllocated() {
        return agentAllocated;
    }

    public Status status() {
        return status;
    }

    public boolean ran() {
        return status == Status.SUCCESS || status == Status.FAILURE;
    }

    public boolean skipped() {
        return status == Status.SKIPPED_CONDITIONAL || status == Status.SKIPPED_EARLIER_FAILURE;
    }

    public Throwable error() {
        return error;
    }

    void allocate(AgentSpec spec) {
        this.agent = spec;
        this.agentAllocated = spec.allocates();
    }

    void end(Status s, Throwable e) {
        this.status = s;
        this.error = e;
    }

    @Override
    public String toString() {
        return path + (parallelBranch ? " (parallel branch)" : "") + ": " + status
                + (agent != null ? " on " + agent : "") + (error != null ? " (" + error + ")" : "");
    }
}
