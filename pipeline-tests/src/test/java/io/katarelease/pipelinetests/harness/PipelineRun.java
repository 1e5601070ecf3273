package io.katarelease.pipelinetests.harness;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The record of one build run by {@link PipelineHarness}. */
public final class PipelineRun {
    private final String result;
    private final Throwable error;
    private final List<StageRun> stages;
    private final List<StepCall> steps;
    private final List<ParameterDef> parameters;
    private final List<Describable> triggers;
    private final List<Describable> options;
    private final AgentSpec pipelineAgent;
    private final CurrentBuild currentBuild;
    private final Map<String, String> env;
    private final Map<String, Object> params;
    private final List<String> log;

    PipelineRun(String result, Throwable error, List<StageRun> stages, List<StepCall> steps,
            List<ParameterDef> parameters, List<Describable> triggers, List<Describable> options,
            AgentSpec pipelineAgent, CurrentBuild currentBuild, Map<String, String> env, Map<String, Object> params,
            List<String> log) {
        this.result = result;
        this.error = error;
        this.stages = List.copyOf(stages);
        this.steps = List.copyOf(steps);
        this.parameters = List.copyOf(parameters);
        this.triggers = List.copyOf(triggers);
        this.options = List.copyOf(options);
        this.pipelineAgent = pipelineAgent;
        this.currentBuild = currentBuild;
        this.env = env;
        this.params = params;
        this.log = List.copyOf(log);
    }

    /** SUCCESS, UNSTABLE or FAILURE. */
    public String result() {
        return result;
    }

    /** The first error that failed the build, or null. */
    public Throwable error() {
        return error;
    }

    /** Every stage, in the order reached (parents before their children). */
    public List<StageRun> stages() {
        return stages;
    }

    public StageRun stage(String path) {
        return stages.stream().filter(s -> s.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + path + " in " + describe()));
    }

    /** Paths of the stages that ran (succeeded or failed), in order. */
    public List<String> ranStages() {
        return stages.stream().filter(StageRun::ran).map(StageRun::path).toList();
    }

    public List<StepCall> steps() {
        return steps;
    }

    public List<StepCall> steps(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The one call of {@code name}; fails when there are none or several. */
    public StepCall step(String name) {
        List<StepCall> calls = steps(name);
        if (calls.size() != 1) {
            throw new AssertionError("expected exactly one call of " + name + ", got " + calls.size() + "\n" + describe());
        }
        return calls.get(0);
    }

    public Optional<StepCall> findStep(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Names of the steps called in the stage {@code path} (not in its children), in order. */
    public List<String> stepNamesIn(String path) {
        return steps.stream().filter(s -> s.stage().equals(path)).map(StepCall::name).toList();
    }

    public List<ParameterDef> parameters() {
        return parameters;
    }

    public ParameterDef parameter(String name) {
        return parameters.stream().filter(p -> name.equals(p.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name + " in " + parameters));
    }

    public List<Describable> triggers() {
        return triggers;
    }

    public List<Describable> options() {
        return options;
    }

    /** The pipeline's top-level agent, or null when the build failed before pipeline { } ran. */
    public AgentSpec pipelineAgent() {
        return pipelineAgent;
    }

    public CurrentBuild currentBuild() {
        return currentBuild;
    }

    /** The build's environment variables at the end. */
    public Map<String, String> env() {
        return env;
    }

    /** The parameters as the build saw them (declared defaults overlaid with the test's values). */
    public Map<String, Object> params() {
        return params;
    }

    /** echo output and stage events. */
    public List<String> log() {
        return log;
    }

    /** Fails, with {@link #describe()}, unless the build succeeded. */
    public PipelineRun assertSuccess() {
        if (!"SUCCESS".equals(result)) {
            throw new AssertionError("build result " + result + "\n" + describe(), error);
        }
        return this;
    }

    /** A readable trace of the build: result, error, stages, steps and log. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("result: ").append(result).append('\n');
        if (error != null) {
            StringWriter w = new StringWriter();
            error.printStackTrace(new PrintWriter(w));
            String trace = w.toString();
            b.append("error: ").append(trace, 0, Math.min(trace.length(), 4000)).append('\n');
        }
        b.append("stages:\n").append(stages.stream().map(s -> "  " + s).collect(Collectors.joining("\n"))).append('\n');
        b.append("steps:\n").append(steps.stream().map(s -> "  " + s).collect(Collectors.joining("\n"))).append('\n');
        b.append("log:\n").append(log.stream().map(s -> "  " + s).collect(Collectors.joining("\n"))).append('\n');
        return b.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
