package io.katarelease.jenkins.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.katarelease.jenkins.results.ResultMaps;
import io.katarelease.jenkins.results.StepOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs a step's CLI commands on the agent the way {@code sh} runs a script: the process is
 * launched detached on the agent and writes its log, exit codes and results to files; this
 * execution only polls those files from Jenkins' timer, a short call every few seconds. It holds
 * no controller thread while the work runs, does not block a safe restart, and after a
 * controller restart {@link #onResume()} polls again from the saved log offset: the build goes
 * on and its output is not repeated.
 */
public final class CliExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(CliExecution.class.getName());
    /** How often the agent is polled; a system property so tests need not wait. */
    static final long POLL_MILLIS = Long.getLong(CliExecution.class.getName() + ".pollMillis", 3000);
    /** How long an agent may stay unreachable before the step gives up. */
    static final long AGENT_WAIT_MILLIS = Long.getLong(CliExecution.class.getName() + ".agentWaitMillis",
            TimeUnit.MINUTES.toMillis(15));
    private static final int MAX_LOG_CHUNK = 1 << 20;

    private final CliInvocation invocation;
    private final String id = UUID.randomUUID().toString();
    private String controlDir;
    private boolean launched;
    private long logOffset;
    private long unreachableSince;
    /** Not saved: a restarted controller resumes only executions that had not finished. */
    private transient volatile boolean finished;
    /** The secret, to mask it in the log; looked up again after a restart, never saved. */
    private transient String mask;
    private transient volatile Future<?> task;

    public CliExecution(StepContext context, CliInvocation invocation) {
        super(context);
        this.invocation = invocation;
    }

    @Override
    public boolean start() throws Exception {
        // No I/O here (this is the CPS VM thread): launching happens on the timer.
        schedule(0);
        return false;
    }

    @Override
    public void onResume() {
        listener().getLogger().println(invocation.functionName() + ": resuming; the kata-release process kept running on the agent");
        schedule(0);
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        finished = true;
        Future<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
        // Killing waits for the processes to end: not on the CPS VM thread that calls stop.
        Timer.get().submit(() -> {
            try {
                FilePath control = control();
                if (control != null) {
                    control.act(new KillCallable());
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                listener().getLogger().println(invocation.functionName() + ": could not stop the kata-release process on"
                        + " the agent (" + e + "); it may still be running in " + controlDir);
            } finally {
                getContext().onFailure(cause);
            }
        });
    }

    @Override
    public String getStatus() {
        return (launched ? "running" : "starting") + " kata-release for " + invocation.functionName()
                + (controlDir == null ? "" : " in " + controlDir) + "; log read up to byte " + logOffset;
    }

    private void schedule(long delayMillis) {
        if (!finished) {
            task = Timer.get().schedule(this::step, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** One timer tick: launch if not yet launched, else poll. Never throws into the timer. */
    private void step() {
        if (finished) {
            return;
        }
        try {
            FilePath workspace = getContext().get(FilePath.class);
            if (workspace == null) { // the agent is offline
                waitForAgent(null);
                return;
            }
            unreachableSince = 0;
            if (!launched) {
                launch(workspace);
            }
            poll(workspace);
        } catch (AbortException e) {
            finish(null, e);
        } catch (IOException e) {
            waitForAgent(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError e) {
            finish(null, e);
        }
    }

    private void launch(FilePath workspace) throws Exception {
        FilePath tmp = tempDir(workspace).child("kata-release");
        FilePath control = tmp.child(id);
        controlDir = control.getRemote();
        FilePath jar = CliJar.stage(tmp);
        Map<String, String> env = new HashMap<>();
        EnvVars vars = getContext().get(EnvVars.class);
        if (vars != null) {
            env.putAll(vars);
        }
        String secret = secret();
        if (secret != null) {
            env.put(invocation.secretVariable(), secret);
        }
        String commands = new ObjectMapper().writeValueAsString(Map.of("commands", invocation.commands()));
        long pid = control.act(new LaunchCallable(jar.getRemote(), workspace.getRemote(), commands, env));
        launched = true;
        getContext().saveState();
        listener().getLogger().println(invocation.functionName() + ": kata-release runs on the agent (pid " + pid
                + ", " + controlDir + ")");
    }

    private void poll(FilePath workspace) throws Exception {
        FilePath control = control(workspace);
        PollReport report = control.act(new PollCallable(logOffset, MAX_LOG_CHUNK));
        PrintStream log = listener().getLogger();
        if (report.log().length > 0) {
            log.print(masked(new String(report.log(), StandardCharsets.UTF_8)));
            log.flush();
        }
        logOffset = report.offset();
        if (report.finished()) {
            StepOutcome outcome = ResultMaps.outcome(invocation, report.exits(), report.results(), workspace.getRemote());
            outcome.summary().forEach(line -> log.println(masked(line)));
            try {
                control.deleteRecursive();
            } catch (IOException e) {
                LOGGER.log(Level.FINE, "could not remove " + controlDir, e);
            }
            if (outcome.failure() != null) {
                finish(null, new AbortException(masked(outcome.failure())));
            } else {
                finish(outcome.result(), null);
            }
        } else if (!report.alive()) {
            String detail = report.launcherOutput() == null || report.launcherOutput().isBlank() ? ""
                    : "; it printed:\n" + masked(report.launcherOutput());
            finish(null, new AbortException(invocation.functionName() + ": the kata-release process on the agent stopped"
                    + " without finishing (killed, out of memory, or the agent rebooted)" + detail
                    + "\nRe-run the build: every kata-release step converges (finished work is found again)."));
        } else {
            schedule(POLL_MILLIS);
        }
    }

    private void waitForAgent(IOException cause) {
        long now = System.currentTimeMillis();
        if (unreachableSince == 0) {
            unreachableSince = now;
            listener().getLogger().println(invocation.functionName() + ": waiting for the agent to be reachable"
                    + (cause == null ? "" : " (" + cause.getMessage() + ")"));
        }
        if (now - unreachableSince > AGENT_WAIT_MILLIS) {
            finish(null, new AbortException(invocation.functionName() + ": the agent was unreachable for "
                    + TimeUnit.MILLISECONDS.toMinutes(now - unreachableSince) + " minutes; the kata-release process may"
                    + " still be running there. Bring the agent back and re-run the build."));
        } else {
            schedule(POLL_MILLIS);
        }
    }

    private void finish(Object result, Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        if (failure != null) {
            getContext().onFailure(failure);
        } else {
            getContext().onSuccess(result);
        }
    }

    /** The credentials' secret, looked up once per controller run (launch, or the first poll after a restart). */
    private String secret() throws IOException, InterruptedException {
        if (mask == null && invocation.credentialsId() != null && !invocation.credentialsId().isEmpty()) {
            mask = Secrets.lookUp(invocation.credentialsId(), getContext().get(Run.class));
        }
        return mask;
    }

    private String masked(String text) {
        try {
            return Secrets.mask(text, secret());
        } catch (IOException | InterruptedException e) {
            return text; // the credentials are gone: nothing of them to find in the text either
        }
    }

    private FilePath control() throws IOException, InterruptedException {
        FilePath workspace = getContext().get(FilePath.class);
        return workspace == null || controlDir == null ? null : control(workspace);
    }

    private FilePath control(FilePath workspace) {
        return new FilePath(workspace.getChannel(), controlDir);
    }

    private TaskListener listener() {
        try {
            TaskListener l = getContext().get(TaskListener.class);
            if (l != null) {
                return l;
            }
        } catch (IOException | InterruptedException e) {
            LOGGER.log(Level.FINE, "no listener", e);
        }
        return () -> System.err;
    }

    /** Like the {@code @tmp} directory Jenkins gives a workspace (WorkspaceList.tempDir). */
    private static FilePath tempDir(FilePath workspace) throws AbortException {
        FilePath parent = workspace.getParent();
        if (parent == null) {
            throw new AbortException("the workspace " + workspace.getRemote() + " is a file system root; use a workspace"
                    + " directory (ws or dir step)");
        }
        return parent.child(workspace.getName() + "@tmp");
    }
}
