package io.katarelease.jenkins.agent;

/**
 * Names of the files in a control directory, shared with the CLI's AgentRunner on the agent
 * (io.katarelease.cli.AgentRunner writes them; the callables here read them).
 */
final class ControlFiles {
    static final String COMMANDS = "commands.json";
    static final String LOG = "log";
    static final String PID = "pid";
    static final String DONE = "done";
    static final String LAUNCHER_LOG = "launcher.log";

    private ControlFiles() {}

    static String result(int i) {
        return "result-" + i + ".json";
    }

    static String exit(int i) {
        return "exit-" + i;
    }
}
