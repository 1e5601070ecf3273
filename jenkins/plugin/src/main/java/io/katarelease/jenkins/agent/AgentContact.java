package io.katarelease.jenkins.agent;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Result;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.support.concurrent.Timeout;
import org.jenkinsci.plugins.workflow.support.steps.ExecutorStepExecution;

/**
 * A step's agent as the controller sees it: the workspace while the agent answers, a wait while
 * it does not, and once it has not answered for {@link StepLimits#agentWaitMillis()}, the failure
 * that {@code retry(conditions: [agent()])} re-runs a stage for. Lives as long as the controller
 * runs; after a restart a new one finds the workspace again by the node's name and the path.
 */
final class AgentContact {
    private final String node;
    private final String workspacePath;
    private final String fn;
    private final Supplier<TaskListener> listener;
    private volatile FilePath workspace;
    /** When the agent stopped answering (0 while it answers). */
    private long unreachableSince;

    /**
     * @param node the node's name, "" for the built-in node
     * @param workspace the workspace when the step has it at hand, else null (found by node and path)
     */
    AgentContact(String node, String workspacePath, FilePath workspace, String fn, Supplier<TaskListener> listener) {
        this.node = node;
        this.workspacePath = workspacePath;
        this.workspace = workspace;
        this.fn = fn;
        this.listener = listener;
    }

    /** @return the node's name for messages */
    static String nodeName(String node) {
        return node == null || node.isEmpty() ? "the built-in node" : "node '" + node + "'";
    }

    String nodeName() {
        return nodeName(node);
    }

    /** @return the workspace the last check reached, or null while the agent does not answer */
    FilePath workspace() {
        return workspace;
    }

    /**
     * @param launched whether the CLI runs there: a workspace removed under it fails the step,
     *     while a fresh node block's workspace is created (it exists once something writes to it)
     * @return the workspace when its agent answers, or null while it does not; fails the step
     *     as retryable once it has not answered for {@link StepLimits#agentWaitMillis()}
     */
    FilePath reachable(boolean launched) throws IOException, InterruptedException {
        if (workspace == null) {
            workspace = FilePathUtils.find(node, workspacePath);
        }
        FilePath ws = workspace;
        if (ws == null) {
            lost(null);
            return null;
        }
        try (Timeout t = Timeout.limit(StepLimits.remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            if (!ws.isDirectory()) {
                if (launched) {
                    throw new AbortException(fn + ": the workspace " + workspacePath + " on " + nodeName()
                            + " was removed while kata-release ran in it");
                }
                ws.mkdirs();
            }
            if (unreachableSince != 0) {
                listener.get().getLogger().println(fn + ": " + nodeName() + " is reachable again");
            }
            unreachableSince = 0;
            return ws;
        } catch (AbortException e) {
            throw e;
        } catch (IOException | InterruptedException e) {
            lost(e);
            return null;
        }
    }

    /**
     * A call to the agent failed: when the agent no longer answers (or took too long), wait for
     * it; when it answers, the fault is real and fails the step, named.
     *
     * @param mask masks the step's secrets in the message
     */
    void callFailed(FilePath ws, String what, Exception e, UnaryOperator<String> mask)
            throws AbortException, FlowInterruptedException {
        if (e instanceof InterruptedException || !answers(ws)) {
            lost(e);
            return;
        }
        throw new AbortException(fn + ": " + what + " on " + nodeName() + ": " + mask.apply(e.toString()));
    }

    /** @return whether the workspace's agent answers a short call now */
    private static boolean answers(FilePath ws) {
        try (Timeout t = Timeout.limit(StepLimits.remoteTimeoutSeconds(), TimeUnit.SECONDS)) {
            ws.exists();
            return true;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return false;
        }
    }

    /** Waits for the agent; fails the step as agent loss once the wait is over. */
    private void lost(Exception cause) throws FlowInterruptedException {
        workspace = null;
        long now = System.currentTimeMillis();
        long wait = StepLimits.agentWaitMillis();
        if (unreachableSince == 0) {
            unreachableSince = now;
            listener.get().getLogger().println(fn + ": cannot reach " + nodeName()
                    + (cause == null ? " (offline or removed)" : " (" + cause + ")") + "; waiting up to "
                    + Util.getTimeSpanString(wait) + " for it to come back");
        }
        if (now - unreachableSince >= wait) {
            listener.get().getLogger().println(fn + ": " + nodeName() + " has not come back in "
                    + Util.getTimeSpanString(wait) + "; kata-release may still run there. Failing the"
                    + " step as agent loss: retry(conditions: [agent()]) or the agent's 'retries' option re-runs it,"
                    + " and every kata-release step converges.");
            throw new FlowInterruptedException(Result.ABORTED, false, new ExecutorStepExecution.RemovedNodeTimeoutCause());
        }
    }
}
