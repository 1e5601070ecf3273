package io.katarelease.jenkins.testing;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What Pipeline gives a step: workspace (on an agent reached through a serialising channel), run,
 * log and environment; and the outcome the step reports. Serialisable like the real context: the
 * state lives in a registry keyed by id, so an execution saved and loaded again (a controller
 * restart) reaches the same build.
 */
public final class FakeStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, State> STATES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    private static final class State {
        final File workspace;
        final SerializingChannel channel = new SerializingChannel();
        final FakeRun run = new FakeRun("kata-release-test#" + UUID.randomUUID());
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final PrintStream logger = new PrintStream(log, true, StandardCharsets.UTF_8);
        final EnvVars env = new EnvVars(System.getenv());
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        final AtomicInteger completions = new AtomicInteger();
        volatile boolean agentOnline = true;

        State(File workspace) {
            this.workspace = workspace;
        }
    }

    public FakeStepContext(File workspace) {
        STATES.put(id, new State(workspace));
    }

    private State state() {
        return STATES.get(id);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Class<T> key) {
        State s = state();
        if (key == FilePath.class) {
            return s.agentOnline ? (T) new FilePath(s.channel, s.workspace.getPath()) : null;
        }
        if (key == Run.class) {
            return (T) s.run;
        }
        if (key == TaskListener.class) {
            return (T) (TaskListener) () -> s.logger;
        }
        if (key == EnvVars.class) {
            return (T) s.env;
        }
        return null;
    }

    @Override
    public void onSuccess(Object result) {
        state().completions.incrementAndGet();
        state().outcome.complete(result);
    }

    @Override
    public void onFailure(Throwable t) {
        state().completions.incrementAndGet();
        state().outcome.completeExceptionally(t);
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        return Futures.immediateFuture(null);
    }

    @Override
    public void setResult(Result r) {}

    @Override
    public BodyInvoker newBodyInvoker() {
        throw new IllegalStateException("kata-release steps take no body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeStepContext c && c.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** @return the step's result, waiting up to {@code seconds} */
    public Object await(int seconds) throws Exception {
        try {
            return state().outcome.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    public String log() {
        return state().log.toString(StandardCharsets.UTF_8);
    }

    public int completions() {
        return state().completions.get();
    }

    public EnvVars env() {
        return state().env;
    }

    public FakeRun run() {
        return state().run;
    }

    public int agentCalls() {
        return state().channel.calls();
    }

    public void setAgentOnline(boolean online) {
        state().agentOnline = online;
    }
}
