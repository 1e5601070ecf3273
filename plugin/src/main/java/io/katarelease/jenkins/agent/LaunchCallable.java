package io.katarelease.jenkins.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import hudson.remoting.VirtualChannel;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent: starts the CLI's AgentRunner as a process of its own session (setsid), so
 * that neither a controller restart nor the agent JVM's end stops it, and records its pid.
 * Idempotent: a control directory that already has a pid is not launched twice.
 */
final class LaunchCallable extends MasterToSlaveFileCallable<Long> {
    private static final long serialVersionUID = 1L;

    private final String jar;
    private final String workspace;
    private final String commandsJson;
    /** The process environment. Holds secrets: this object travels over the channel and is never stored. */
    private final TreeMap<String, String> environment;

    LaunchCallable(String jar, String workspace, String commandsJson, Map<String, String> environment) {
        this.jar = jar;
        this.workspace = workspace;
        this.commandsJson = commandsJson;
        this.environment = new TreeMap<>(environment);
    }

    @Override
    public Long invoke(File control, VirtualChannel channel) throws IOException, InterruptedException {
        Path dir = control.toPath();
        Path pidFile = dir.resolve(ControlFiles.PID);
        if (Files.exists(pidFile)) {
            return Long.parseLong(Files.readString(pidFile).trim());
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ControlFiles.COMMANDS), commandsJson, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        String setsid = setsid();
        if (setsid != null) {
            command.add(setsid);
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(jar);
        command.add("io.katarelease.cli.AgentRunner");
        command.add(dir.toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(new File(workspace))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(ControlFiles.LAUNCHER_LOG).toFile()));
        pb.environment().putAll(environment);
        Process process = pb.start();
        Path tmp = dir.resolve(ControlFiles.PID + ".tmp");
        Files.writeString(tmp, Long.toString(process.pid()));
        Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE);
        return process.pid();
    }

    /** util-linux setsid: a new session, so a hang-up of the agent's connection does not reach it. */
    private static String setsid() {
        for (String candidate : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }
}
