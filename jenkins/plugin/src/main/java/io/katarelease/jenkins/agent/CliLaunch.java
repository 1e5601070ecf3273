package io.katarelease.jenkins.agent;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.katarelease.cli.agent.AgentProtocol;
import io.katarelease.jenkins.credentials.Secrets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jenkinsci.plugins.durabletask.BourneShellScript;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.support.concurrent.Timeout;

/**
 * Starts one of a step's launches on the agent, as {@code sh} starts a script: looks the launch's
 * credentials up (afresh for each launch), writes the request and the token to a new control
 * directory beside the workspace, stages the bundled CLI there, and runs {@link LaunchScript}
 * through durable-task with the step context's {@link Launcher}, from an environment that holds
 * no token.
 */
final class CliLaunch {
    /** The variables the CLI reads secrets from (core's ChildEnvironment.TOKEN_VARIABLES, and the registry's). */
    static final List<String> TOKEN_VARIABLES = List.of(AgentProtocol.TOKEN_VARIABLES.split(","));

    /**
     * A started launch.
     *
     * @param controller durable-task's handle of the process; it holds the log offset
     * @param controlPath the launch's control directory on the agent
     */
    record Started(Controller controller, String controlPath) {}

    private CliLaunch() {}

    /**
     * @param index which of the invocation's launches
     * @param carried what the launch before returned, or null
     * @param controlName the control directory's name, unique to the step and the launch
     * @param mask called with every form of the secret before it is used
     */
    static Started start(StepContext context, CliInvocation invocation, int index, Map<String, Object> carried,
            String controlName, FilePath ws, Launcher launcher, TaskListener listener, Consumer<List<String>> mask)
            throws Exception {
        CliInvocation.Launch current = invocation.launches().get(index);
        Secrets.Handed secret = secret(context, invocation, current);
        if (secret != null) {
            mask.accept(secret.masked());
        }
        FilePath root = ControlDirectory.root(ws);
        FilePath control = root.child(controlName);
        EnvVars env = new EnvVars(context.get(EnvVars.class));
        // The runner's starting environment stays readable in /proc while builds run under it: no
        // token there, even one an enclosing withCredentials bound (the token comes as a file).
        TOKEN_VARIABLES.forEach(env::remove);
        try (Timeout t = Timeout.limit(StepLimits.launchTimeoutSeconds(), TimeUnit.SECONDS)) {
            root.act(new ControlDirectory.MakePrivate());
            FilePath jar = CliJar.stage(root);
            env.put(LaunchScript.JAR_SHA256, CliJar.sha256());
            String agentJavaHome = control.act(new ControlDirectory.Prepare(
                    current.requestJson(invocation.functionName(), carried, secret == null ? null : secret.variable()),
                    secret == null ? null : secret.value()));
            env.put(LaunchScript.JAR, jar.getRemote());
            env.put(LaunchScript.CONTROL, control.getRemote());
            env.put(LaunchScript.AGENT_JAVA, agentJavaHome + "/bin/java");
            Controller controller = new BourneShellScript(LaunchScript.text()).launch(env, ws, launcher, listener);
            return new Started(controller, control.getRemote());
        }
    }

    /** @return the secret this launch hands the CLI, or null when it gets none */
    private static Secrets.Handed secret(StepContext context, CliInvocation invocation, CliInvocation.Launch launch)
            throws Exception {
        if (launch.registry()) {
            return Secrets.lookUpRegistry(launch.credentialsId(), context.get(Run.class));
        }
        if (launch.credentialsId() == null) {
            return null;
        }
        // Looked up for each launch: a GitHub App hands out a fresh installation token (valid
        // for an hour) for every long operation, never one minted before a long build.
        String token = Secrets.lookUp(launch.credentialsId(), context.get(Run.class), invocation.repository());
        return new Secrets.Handed(launch.secretVariable(), token, List.of(token));
    }
}
