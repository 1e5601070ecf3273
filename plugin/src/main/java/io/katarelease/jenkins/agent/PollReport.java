package io.katarelease.jenkins.agent;

import java.io.Serializable;
import java.util.List;

/**
 * One poll of a running CLI process, as sent back from the agent (JDK types only, for remoting).
 *
 * @param log the new log bytes
 * @param offset where the next poll starts reading
 * @param finished the runner has written "done" and the whole log has been read
 * @param alive the process is still running (or has finished normally)
 * @param exits each finished command's exit code
 * @param results each finished command's JSON document
 * @param launcherOutput when the process died without finishing: what the JVM printed, or null
 */
public record PollReport(byte[] log, long offset, boolean finished, boolean alive, List<Integer> exits,
        List<String> results, String launcherOutput) implements Serializable {}
