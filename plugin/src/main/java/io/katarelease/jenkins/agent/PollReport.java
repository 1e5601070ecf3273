package io.katarelease.jenkins.agent;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One poll of a running CLI process, as sent back from the agent: JDK field types only, and a
 * plain class rather than a record, for remoting's class filter and older serialisers.
 */
public final class PollReport implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] log;
    private final long offset;
    private final boolean finished;
    private final boolean alive;
    private final ArrayList<Integer> exits;
    private final ArrayList<String> results;
    private final String launcherOutput;

    /**
     * @param log the new log bytes
     * @param offset where the next poll starts reading
     * @param finished the runner has written "done" and the whole log has been read
     * @param alive the process is still running (or has finished normally)
     * @param exits each finished command's exit code
     * @param results each finished command's JSON document
     * @param launcherOutput when the process died without finishing: what the JVM printed, or null
     */
    PollReport(byte[] log, long offset, boolean finished, boolean alive, List<Integer> exits, List<String> results,
            String launcherOutput) {
        this.log = log;
        this.offset = offset;
        this.finished = finished;
        this.alive = alive;
        this.exits = new ArrayList<>(exits);
        this.results = new ArrayList<>(results);
        this.launcherOutput = launcherOutput;
    }

    public byte[] log() {
        return log;
    }

    public long offset() {
        return offset;
    }

    public boolean finished() {
        return finished;
    }

    public boolean alive() {
        return alive;
    }

    public List<Integer> exits() {
        return exits;
    }

    public List<String> results() {
        return results;
    }

    public String launcherOutput() {
        return launcherOutput;
    }
}
