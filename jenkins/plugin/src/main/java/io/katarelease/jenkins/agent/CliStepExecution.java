package io.katarelease.jenkins.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.init.Terminator;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import hudson.util.Secret;
import io.katarelease.cli.agent.AgentProtocol;
import io.katarelease.jenkins.credentials.Secrets;
import io.katarelease.jenkins.release.ReleaseLinks;
import io.katarelease.jenkins.release.ReleaseRecorder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.durabletask.BourneShellScript;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.support.concurrent.Timeout;
import org.jenkinsci.plugins.workflow.support.steps.ExecutorStepExecution;

/**
 * Runs a step's CLI commands on the agent the way {@code sh} runs a script: a durable-task
 * {@link BourneShellScript}, launched through the step context's {@link Launcher} (so
 * {@code container}, {@code docker.image().inside} and other launcher decorators apply), whose
 * {@link Controller} keeps the log offset and reads the exit status and the heartbeat. This
 * execution polls it from a thread pool of its own, every remote call under a time limit; it
 * holds no thread between polls, does not block a safe restart, and after a controller restart
 * polls again from the saved log offset, so no line is lost or repeated.
 *
 * <p>An agent that cannot be reached is waited for {@link #agentWaitMillis()}; then the step
 * fails with the cause {@code retry(conditions: [agent()])} re-runs a stage for. Stopping the step
 * stops the whole process tree (durable-task's cookie; the runner ends its own children).
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "onResume sets the polling state")
public final class CliStepExecution extends AbstractStepExecutionImpl implements Runnable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(CliStepExecution.class.getName());
    private static final String PROPERTY = CliStepExecution.class.getName();
    /** The variables the CLI reads secrets from (core's ChildEnvironment.TOKEN_VARIABLES, and the registry's). */
    static final List<String> TOKEN_VARIABLES = List.of("KATA_RELEASE_GIT_TOKEN", "KATA_RELEASE_GITHUB_TOKEN",
            "GITHUB_TOKEN", "GH_TOKEN", Secrets.REGISTRY_CREDENTIALS, Secrets.REGISTRY_TOKEN);
    private static final long MIN_PERIOD_MILLIS = 250;
    private static final long MAX_PERIOD_MILLIS = 5000;

    private static ScheduledThreadPoolExecutor pool;

    private final CliInvocation invocation;
    private final String id = UUID.randomUUID().toString();
    /** Where the step runs: the node's name ("" for the built-in node) and the workspace path. */
    private String node;
    private String workspacePath;
    private String controlPath;
    /** Which of the invocation's launches runs now, and what the ones before returned. */
    private int launchIndex;
    private LinkedHashMap<String, Object> carried;
    /** durable-task's handle of the current launch's process; null until launched. Holds the log offset. */
    private Controller controller;
    /** The pattern that masks the token, encrypted like every secret Jenkins saves. */
    private Secret maskPattern;

    private transient FilePath workspace;
    private transient volatile long period;
    private transient volatile ScheduledFuture<?> task;
    /** When the agent stopped answering (0 while it answers). */
    private transient long unreachableSince;
    /** {@link #maskPattern}, compiled once per controller run. */
    private transient Pattern compiledMask;
    private transient volatile Throwable stopCause;
    private transient boolean completed;
    private transient OutputStream log;

    public CliStepExecution(StepContext context, CliInvocation invocation) {
        super(context);
        this.invocation = invocation;
    }

    @Override
    public boolean start() throws Exception {
        // The CPS VM thread: no I/O here. Launching is the first poll's work.
        FilePath ws = getContext().get(FilePath.class);
        node = FilePathUtils.getNodeName(ws);
        workspacePath = ws.getRemote();
        workspace = ws;
        schedule(0);
        return false;
    }

    @Override
    public void onResume() {
        if (controller != null) {
            listener().getLogger().println(fn() + ": Jenkins restarted; reading kata-release's progress on "
                    + nodeName() + " again");
        }
        workspace = null;
        schedule(MIN_PERIOD_MILLIS);
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        pool().submit(() -> {
            try {
                stopProcess(cause);
            } catch (Throwable t) { // never leave the step hanging
                LOGGER.log(Level.WARNING, "stopping " + fn(), t);
                complete(cause, null);
            }
        });
    }

    @Override
    public String getStatus() {
        StringBuilder status = new StringBuilder(fn()).append(" on ").append(nodeName()).append(": ");
        if (controller == null) {
            status.append("launching kata-release");
        } else if (workspace == null) {
            status.append("waiting to reach ").append(workspacePath);
        } else {
            try (Timeout t = Timeout.limit(2, TimeUnit.SECONDS)) {
                status.append(controller.getDiagnostics(workspace, launcher()));
            } catch (IOException | InterruptedException | RuntimeException e) {
                status.append("cannot reach ").append(workspacePath).append(": ").append(e);
            }
        }
        return status.append("; next check in ").append(period).append(" ms").toString();
    }

    /** One poll; always ends by scheduling the next one or by completing the step. */
    @Override
    public void run() {
        task = null;
        try {
            poll();
        } catch (FlowInterruptedException e) {
            complete(e, null);
        } catch (Throwable t) {
            LOGGER.log(t instanceof AbortException ? Level.FINE : Level.WARNING, fn() + " failed", t);
            failAndStop(t);
        } finally {
            if (period > 0 && !isCompleted()) {
                task = pool().schedule(this, period, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void poll() throws Exception {
        FilePath ws = reachableWorkspace();
        if (ws == null) {
            period = Math.min(Math.max(period * 2, MIN_PERIOD_MILLIS), MAX_PERIOD_MILLIS);
            return;
        }
        if (controller == null) {
            if (stopCause != null) {
                complete(stopCause, null);
                return;
            }
            try {
                launch(ws);
            } catch (AbortException e) {
                throw e;
            } catch (IOException | InterruptedException e) {
                remoteCallFailed(ws, "could not start kata-release", e);
                return;
            }
            period = MIN_PERIOD_MILLIS;
            return;
        }
        Integer exit;
        try (Timeout t = Timeout.limit(remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            if (controller.writeLog(ws, log())) {
                getContext().saveState(); // the controller's log offset: a restart neither repeats nor loses lines
                period = MIN_PERIOD_MILLIS;
            } else {
                period = Math.min((long) (period * 1.5) + 1, MAX_PERIOD_MILLIS);
            }
            exit = controller.exitStatus(ws, launcher(), listener());
            if (exit != null) {
                controller.writeLog(ws, log());
            }
        } catch (IOException | InterruptedException e) {
            remoteCallFailed(ws, "could not follow kata-release", e);
            return;
        }
        if (exit != null) {
            finish(ws, exit);
        }
    }

    /**
     * A call to the agent failed: when the agent no longer answers (or took too long), wait for
     * it; when it answers, the fault is real and fails the step, named.
     */
    private void remoteCallFailed(FilePath ws, String what, Exception e) throws AbortException, FlowInterruptedException {
        if (e instanceof InterruptedException || !answers(ws)) {
            lostContact(e);
            return;
        }
        throw new AbortException(fn() + ": " + what + " on " + nodeName() + ": " + mask(e.toString()));
    }

    /**
     * @return the workspace when its agent answers, or null while it does not; fails the step
     *     as retryable once it has not answered for {@link #agentWaitMillis()}
     */
    private FilePath reachableWorkspace() throws IOException, InterruptedException {
        if (workspace == null) {
            workspace = FilePathUtils.find(node, workspacePath);
        }
        if (workspace != null) {
            try (Timeout t = Timeout.limit(remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
                if (!workspace.isDirectory()) {
                    if (controller != null) {
                        throw new AbortException(fn() + ": the workspace " + workspacePath + " on " + nodeName()
                                + " was removed while kata-release ran in it");
                    }
                    workspace.mkdirs(); // a fresh node block's workspace exists only once something writes to it
                }
                if (unreachableSince != 0) {
                    listener().getLogger().println(fn() + ": " + nodeName() + " is reachable again");
                }
                unreachableSince = 0;
                return workspace;
            } catch (AbortException e) {
                throw e;
            } catch (IOException | InterruptedException e) {
                lostContact(e);
                return null;
            }
        }
        lostContact(null);
        return null;
    }

    /** @return whether the workspace's agent answers a short call now */
    private boolean answers(FilePath ws) {
        try (Timeout t = Timeout.limit(remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            ws.exists();
            return true;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    private void lostContact(Exception cause) throws FlowInterruptedException {
        workspace = null;
        long now = System.currentTimeMillis();
        if (unreachableSince == 0) {
            unreachableSince = now;
            listener().getLogger().println(fn() + ": cannot reach " + nodeName()
                    + (cause == null ? " (offline or removed)" : " (" + cause + ")") + "; waiting up to "
                    + Util.getTimeSpanString(agentWaitMillis()) + " for it to come back");
        }
        if (now - unreachableSince >= agentWaitMillis()) {
            listener().getLogger().println(fn() + ": " + nodeName() + " has not come back in "
                    + Util.getTimeSpanString(agentWaitMillis()) + "; kata-release may still run there. Failing the"
                    + " step as agent loss: retry(conditions: [agent()]) or the agent's 'retries' option re-runs it,"
                    + " and every kata-release step converges.");
            throw new FlowInterruptedException(Result.ABORTED, false, new ExecutorStepExecution.RemovedNodeTimeoutCause());
        }
    }

    private void launch(FilePath ws) throws Exception {
        Launcher launcher = launcher();
        if (!launcher.isUnix()) {
            throw new AbortException(fn() + ": kata-release steps run on Linux agents; " + nodeName() + " is not Unix");
        }
        CliInvocation.Launch current = invocation.launches().get(launchIndex);
        Secrets.Handed secret = null;
        if (current.registry()) {
            secret = Secrets.lookUpRegistry(current.credentialsId(), getContext().get(Run.class));
        } else if (current.credentialsId() != null) {
            // Looked up for each launch: a GitHub App hands out a fresh installation token (valid
            // for an hour) for every long operation, never one minted before a long build.
            String token = Secrets.lookUp(current.credentialsId(), getContext().get(Run.class), invocation.repository());
            secret = new Secrets.Handed(current.secretVariable(), token, List.of(token));
        }
        if (secret != null) {
            maskFromNowOn(secret.masked());
        }
        FilePath root = ControlDirectory.root(ws);
        FilePath control = root.child(id + "-" + launchIndex);
        EnvVars env = new EnvVars(getContext().get(EnvVars.class));
        // The runner's starting environment stays readable in /proc while builds run under it: no
        // token there, even one an enclosing withCredentials bound (the token comes as a file).
        TOKEN_VARIABLES.forEach(env::remove);
        try (Timeout t = Timeout.limit(launchTimeoutSeconds(), TimeUnit.SECONDS)) {
            root.act(new ControlDirectory.MakePrivate());
            FilePath jar = CliJar.stage(root);
            env.put(LaunchScript.JAR_SHA256, CliJar.sha256());
            String agentJavaHome = control.act(new ControlDirectory.Prepare(
                    current.requestJson(fn(), carried, secret == null ? null : secret.variable()),
                    secret == null ? null : secret.value()));
            env.put(LaunchScript.JAR, jar.getRemote());
            env.put(LaunchScript.CONTROL, control.getRemote());
            env.put(LaunchScript.AGENT_JAVA, agentJavaHome + "/bin/java");
            controlPath = control.getRemote();
            controller = new BourneShellScript(LaunchScript.text()).launch(env, ws, launcher, listener());
        }
        getContext().saveState();
        listener().getLogger().println(fn() + ": kata-release runs on " + nodeName() + " in " + workspacePath);
    }

    private void finish(FilePath ws, int exit) throws IOException, InterruptedException {
        String text;
        FilePath control = new FilePath(ws.getChannel(), controlPath);
        try (Timeout t = Timeout.limit(remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            text = control.act(new ControlDirectory.ReadOutcome());
        } catch (IOException | InterruptedException e) {
            remoteCallFailed(ws, "could not read kata-release's outcome", e); // the next poll reads it again
            return;
        }
        closeLog();
        try (Timeout t = Timeout.limit(remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            controller.cleanup(ws);
            control.deleteRecursive();
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "cleaning up after " + fn() + " in " + controlPath, e); // @tmp is the workspace's to clean
        }
        controller = null;
        controlPath = null;
        if (stopCause != null) {
            complete(stopCause, null);
            return;
        }
        if (text == null) {
            complete(new AbortException(mask(diedMessage(exit))), null);
            return;
        }
        StepOutcome outcome;
        try {
            outcome = StepOutcome.parse(text);
        } catch (IllegalArgumentException e) {
            complete(new AbortException(fn() + ": the kata-release process on " + nodeName() + " left an outcome that"
                    + " cannot be read: " + e.getMessage()), null);
            return;
        }
        PrintStream logger = listener().getLogger();
        outcome.summary.forEach(line -> logger.println(mask(line)));
        if (outcome.failure != null) {
            complete(new AbortException(mask(outcome.failure)), null);
        } else if (launchIndex + 1 < invocation.launches().size()) {
            // The next launch, a process of its own, gets this one's result; the next poll starts it.
            carried = outcome.result == null ? null : new LinkedHashMap<>(outcome.result);
            launchIndex++;
            period = MIN_PERIOD_MILLIS;
            getContext().saveState();
        } else {
            release(invocation.launches().get(launchIndex).kind(), outcome.result, logger);
            complete(null, outcome.result);
        }
    }

    /** Adds the result to the build's release page; a publish also prints its links. */
    private void release(StepKind kind, Map<String, Object> result, PrintStream logger) {
        if (result == null) {
            return;
        }
        try {
            if (kind == StepKind.PUBLISH) {
                ReleaseLinks.print(logger, fn(), result);
            }
            ReleaseRecorder.record(getContext().get(Run.class), kind, result, invocation.notes());
        } catch (IOException | InterruptedException e) {
            // The page is a view of the results; the step's own outcome stands.
            LOGGER.log(Level.WARNING, "could not update the release page of " + fn(), e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String diedMessage(int exit) {
        if (exit == AgentProtocol.NO_JAVA_EXIT) {
            return fn() + ": there is no Java " + AgentProtocol.MIN_JAVA + " or newer where this step runs on " + nodeName()
                    + " (see the line above). Install one in the agent (or the container image the step runs in), or"
                    + " set " + LaunchScript.USER_JAVA + " to a java binary with environment or withEnv.";
        }
        if (exit == AgentProtocol.WRONG_JAR_EXIT) {
            return fn() + ": the staged kata-release CLI on " + nodeName() + " was changed after it was checked, so it was"
                    + " not run. Something on the agent writes to the workspace's @tmp/kata-release; find it (a process a"
                    + " build left behind?) before you re-run the build.";
        }
        return fn() + ": the kata-release process on " + nodeName() + " stopped without finishing (exit code " + exit
                + (exit == -1 ? ", it stopped writing its log: killed or the agent restarted" : "")
                + (exit == 137 ? ", killed: out of memory?" : "") + "); its last lines are above. Re-run the build:"
                + " every kata-release step converges (finished work is found again).";
    }

    private void stopProcess(Throwable cause) throws Exception {
        FilePath ws = workspace;
        if (controller == null || ws == null) {
            // Not launched yet (the next poll sees stopCause) or the agent is gone: nothing to signal.
            if (controller != null) {
                listener().getLogger().println(fn() + ": cannot reach " + nodeName() + " to stop kata-release there");
            }
            complete(cause, null);
            return;
        }
        listener().getLogger().println(fn() + ": stopping kata-release on " + nodeName());
        try (Timeout t = Timeout.limit(remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            controller.stop(ws, launcher());
        } catch (IOException | InterruptedException e) {
            listener().getLogger().println(fn() + ": could not stop kata-release on " + nodeName() + ": " + e);
            complete(cause, null);
            return;
        }
        // The next poll sees the exit and completes with the cause; if the process ignores the
        // signal, give up waiting after the remote timeout.
        pool().schedule(() -> {
            if (!isCompleted()) {
                listener().getLogger().println(fn() + ": kata-release did not stop within " + remoteTimeoutSeconds() + " s");
                complete(cause, null);
            }
        }, remoteTimeoutSeconds(), TimeUnit.SECONDS);
    }

    /** An unexpected fault: fail the step, and stop the process so nothing runs on unwatched. */
    private void failAndStop(Throwable t) {
        Throwable failure = t instanceof AbortException ? t : new AbortException(fn() + ": " + mask(String.valueOf(t)));
        FilePath ws = workspace;
        if (controller != null && ws != null) {
            try (Timeout timeout = Timeout.limit(remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
                controller.stop(ws, launcher());
            } catch (Exception e) {
                LOGGER.log(Level.FINE, "could not stop after a failure", e);
            }
        }
        complete(failure, null);
    }

    private synchronized boolean isCompleted() {
        return completed;
    }

    /** Ends the step once, with a failure or a result. */
    private void complete(Throwable failure, Object result) {
        synchronized (this) {
            if (completed) {
                return;
            }
            completed = true;
            period = 0;
        }
        closeLog();
        if (failure != null) {
            getContext().onFailure(failure);
        } else {
            getContext().onSuccess(result);
        }
    }

    /** The build log, with the token masked line by line as withCredentials masks it. */
    private synchronized OutputStream log() throws IOException {
        if (log == null) {
            PrintStream logger = listener().getLogger();
            Pattern pattern = pattern();
            log = pattern == null ? logger
                    : new SecretPatterns.MaskingOutputStream(logger, () -> pattern, StandardCharsets.UTF_8.name());
        }
        return log;
    }

    private synchronized void closeLog() {
        if (log instanceof SecretPatterns.MaskingOutputStream masking) {
            try {
                masking.forceEol();
                masking.flush();
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "flushing the log", e);
            }
        }
        log = null;
    }

    /** Masks these secrets from now on, and keeps their pattern, encrypted, for after a restart. */
    private synchronized void maskFromNowOn(List<String> secrets) {
        compiledMask = Secrets.maskPattern(secrets);
        maskPattern = Secret.fromString(compiledMask.pattern());
    }

    private synchronized Pattern pattern() {
        if (compiledMask == null && maskPattern != null) {
            compiledMask = Pattern.compile(maskPattern.getPlainText());
        }
        return compiledMask;
    }

    private String mask(String text) {
        Pattern pattern = pattern();
        return pattern == null || text == null ? text : pattern.matcher(text).replaceAll("****");
    }

    private Launcher launcher() throws IOException, InterruptedException {
        Launcher launcher = getContext().get(Launcher.class);
        if (launcher == null) {
            throw new IOException("no launcher for " + nodeName());
        }
        return launcher;
    }

    private TaskListener listener() {
        try {
            TaskListener listener = getContext().get(TaskListener.class);
            if (listener != null) {
                return listener;
            }
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "no listener for " + fn(), e);
        }
        return TaskListener.NULL;
    }

    private String fn() {
        return invocation.functionName();
    }

    private String nodeName() {
        return node == null || node.isEmpty() ? "the built-in node" : "node '" + node + "'";
    }

    private void schedule(long delayMillis) {
        period = Math.max(delayMillis, 1);
        task = pool().schedule(this, delayMillis, TimeUnit.MILLISECONDS);
    }

    /* Limits an administrator can change (system properties, read when used). */

    /** Seconds a poll or stop may take on the agent before the agent counts as unreachable. */
    static long remoteTimeoutSeconds() {
        return Long.getLong(PROPERTY + ".remoteTimeoutSeconds", 20);
    }

    /** Seconds the launch may take: it may copy the CLI jar (about 13 MB) to the agent. */
    static long launchTimeoutSeconds() {
        return Long.getLong(PROPERTY + ".launchTimeoutSeconds", 300);
    }

    /** How long an unreachable agent is waited for before the step fails as agent loss. */
    static long agentWaitMillis() {
        return Long.getLong(PROPERTY + ".agentWaitMillis", TimeUnit.MINUTES.toMillis(5));
    }

    private static synchronized ScheduledThreadPoolExecutor pool() {
        if (pool == null) {
            pool = new ScheduledThreadPoolExecutor(8, new NamingThreadFactory(new DaemonThreadFactory(), "kata-release"));
            pool.setKeepAliveTime(1, TimeUnit.MINUTES);
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    @Terminator
    public static synchronized void shutDownPool() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
