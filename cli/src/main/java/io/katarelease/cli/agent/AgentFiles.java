package io.katarelease.cli.agent;

/**
 * The files of a step's control directory on the agent: the contract between the Jenkins
 * plugin (which writes the request and the token, and reads the outcome) and {@link AgentRunner}.
 * The plugin's {@code io.katarelease.jenkins.agent.ControlDirectory} names the same files.
 */
public final class AgentFiles {
    /** What to run: {@code {"function", "kind", "secretVariable", "commands": [[arg, ...], ...]}}. */
    public static final String REQUEST = "request.json";
    /** The step's secret (mode 0600); read and deleted by the runner before any command starts. */
    public static final String TOKEN = "token";
    /** What the step returns: {@code {"result": {...}, "summary": [line, ...], "failure": text|null}}. */
    public static final String OUTCOME = "outcome.json";

    private AgentFiles() {}
}
