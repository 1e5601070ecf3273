package io.katarelease.jenkins.agent;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.katarelease.jenkins.release.ReleaseLinks;
import io.katarelease.jenkins.release.ReleaseRecorder;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.durabletask.BourneShellScript;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.support.concurrent.Timeout;

/**
 * Runs a step's CLI commands on the agent the way {@code sh} runs a script: a durable-task
 * {@link BourneShellScript}, launched through the step context's {@link Launcher} (so
 * {@code container}, {@code docker.image().inside} and other launcher decorators apply), whose
 * {@link Controller} keeps the log offset and reads the exit status and the heartbeat. This
 * execution polls it from the {@link PollPool}, every remote call under a time limit; it holds
 * no thread between polls, does not block a safe restart, and after a controller restart polls
 * again from the saved log offset, so no line is lost or repeated.
 *
 * <p>Its parts: {@link CliLaunch} starts each launch, {@link AgentContact} waits for an agent
 * that does not answer (then the step fails with the cause {@code retry(conditions: [agent()])}
 * re-runs a stage for), {@link MaskedLog} masks the token in the log, {@link StepOutcome} reads
 * what the runner left. Stopping the step stops the whole process tree (durable-task's cookie;
 * the runner ends its own children). The non-transient fields are what Pipeline saves
 * (program.dat) for a running step.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "onResume sets the polling state")
public final class CliStepExecution extends AbstractStepExecutionImpl implements Runnable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(CliStepExecution.class.getName());
    private static final long MIN_PERIOD_MILLIS = 250;
    private static final long MAX_PERIOD_MILLIS = 5000;

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

    private transient AgentContact agent;
    private transient volatile long period;
    private transient volatile ScheduledFuture<?> task;
    private transient MaskedLog log;
    private transient volatile Throwable stopCause;
    private transient boolean completed;

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
        agent = new AgentContact(node, workspacePath, ws, fn(), this::listener);
        schedule(0);
        return false;
    }

    @Override
    public void onResume() {
        if (controller != null) {
            listener().getLogger().println(fn() + ": Jenkins restarted; reading kata-release's progress on "
                    + nodeName() + " again");
        }
        agent = new AgentContact(node, workspacePath, null, fn(), this::listener);
        schedule(MIN_PERIOD_MILLIS);
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        PollPool.get().submit(() -> {
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
        FilePath ws = agent == null ? null : agent.workspace();
        if (controller == null) {
            status.append("launching kata-release");
        } else if (ws == null) {
            status.append("waiting to reach ").append(workspacePath);
        } else {
            try (Timeout t = Timeout.limit(2, TimeUnit.SECONDS)) {
                status.append(controller.getDiagnostics(ws, launcher()));
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
                task = PollPool.get().schedule(this, period, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void poll() throws Exception {
        FilePath ws = agent.reachable(controller != null);
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
                agent.callFailed(ws, "could not start kata-release", e, this::mask);
                return;
            }
            period = MIN_PERIOD_MILLIS;
            return;
        }
        Integer exit;
        try (Timeout t = Timeout.limit(StepLimits.remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            if (controller.writeLog(ws, log().stream())) {
                getContext().saveState(); // the controller's log offset: a restart neither repeats nor loses lines
                period = MIN_PERIOD_MILLIS;
            } else {
                period = Math.min((long) (period * 1.5) + 1, MAX_PERIOD_MILLIS);
            }
            exit = controller.exitStatus(ws, launcher(), listener());
            if (exit != null) {
                controller.writeLog(ws, log().stream());
            }
        } catch (IOException | InterruptedException e) {
            agent.callFailed(ws, "could not follow kata-release", e, this::mask);
            return;
        }
        if (exit != null) {
            finish(ws, exit);
        }
    }

    private void launch(FilePath ws) throws Exception {
        Launcher launcher = launcher();
        if (!launcher.isUnix()) {
            throw new AbortException(fn() + ": kata-release steps run on Linux agents; " + nodeName() + " is not Unix");
        }
        CliLaunch.Started started = CliLaunch.start(getContext(), invocation, launchIndex, carried, id + "-" + launchIndex,
                ws, launcher, listener(), this::maskFromNowOn);
        controlPath = started.controlPath();
        controller = started.controller();
        getContext().saveState();
        listener().getLogger().println(fn() + ": kata-release runs on " + nodeName() + " in " + workspacePath);
    }

    /** The launch's process exited: read its outcome, clean up, then complete the step or start the next launch. */
    private void finish(FilePath ws, int exit) throws IOException, InterruptedException {
        String text;
        FilePath control = new FilePath(ws.getChannel(), controlPath);
        try (Timeout t = Timeout.limit(StepLimits.remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            text = control.act(new ControlDirectory.ReadOutcome());
        } catch (IOException | InterruptedException e) {
            agent.callFailed(ws, "could not read kata-release's outcome", e, this::mask); // the next poll reads it again
            return;
        }
        log().close();
        try (Timeout t = Timeout.limit(StepLimits.remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            controller.cleanup(ws);
            control.deleteRecursive();
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "cleaning up after " + fn() + " in " + controlPath, e); // @tmp is the workspace's to clean
        }
        controller = null;
        controlPath = null;
        if (stopCause != null) {
            complete(stopCause, null);
        } else if (text == null) {
            complete(new AbortException(mask(StepOutcome.missing(fn(), nodeName(), exit))), null);
        } else {
            finish(text);
        }
    }

    /** The runner left an outcome: the step fails, goes on with its next launch, or returns the result. */
    private void finish(String text) throws IOException {
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

    private void stopProcess(Throwable cause) throws Exception {
        FilePath ws = agent == null ? null : agent.workspace();
        if (controller == null || ws == null) {
            // Not launched yet (the next poll sees stopCause) or the agent is gone: nothing to signal.
            if (controller != null) {
                listener().getLogger().println(fn() + ": cannot reach " + nodeName() + " to stop kata-release there");
            }
            complete(cause, null);
            return;
        }
        listener().getLogger().println(fn() + ": stopping kata-release on " + nodeName());
        long timeout = StepLimits.remoteTimeoutSeconds();
        try (Timeout t = Timeout.limit(timeout, TimeUnit.SECONDS)) {
            controller.stop(ws, launcher());
        } catch (IOException | InterruptedException e) {
            listener().getLogger().println(fn() + ": could not stop kata-release on " + nodeName() + ": " + e);
            complete(cause, null);
            return;
        }
        // The next poll sees the exit and completes with the cause; if the process ignores the
        // signal, give up waiting after the remote timeout.
        PollPool.get().schedule(() -> {
            if (!isCompleted()) {
                listener().getLogger().println(fn() + ": kata-release did not stop within " + timeout + " s");
                complete(cause, null);
            }
        }, timeout, TimeUnit.SECONDS);
    }

    /** An unexpected fault: fail the step, and stop the process so nothing runs on unwatched. */
    private void failAndStop(Throwable t) {
        Throwable failure = t instanceof AbortException ? t : new AbortException(fn() + ": " + mask(String.valueOf(t)));
        FilePath ws = agent == null ? null : agent.workspace();
        if (controller != null && ws != null) {
            try (Timeout timeout = Timeout.limit(StepLimits.remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
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
        log().close();
        if (failure != null) {
            getContext().onFailure(failure);
        } else {
            getContext().onSuccess(result);
        }
    }

    /** The build log with the token masked; after a restart, masked with the saved pattern. */
    private synchronized MaskedLog log() {
        if (log == null) {
            log = new MaskedLog(this::listener, maskPattern);
        }
        return log;
    }

    /** Masks these secrets from now on; their pattern is saved with the step, for after a restart. */
    private synchronized void maskFromNowOn(List<String> secrets) {
        maskPattern = log().maskFromNowOn(secrets);
    }

    private String mask(String text) {
        return log().mask(text);
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
        return AgentContact.nodeName(node);
    }

    private void schedule(long delayMillis) {
        period = Math.max(delayMillis, 1);
        task = PollPool.get().schedule(this, delayMillis, TimeUnit.MILLISECONDS);
    }
}
