package io.katarelease.pipelinetests.harness;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * Runs the repository's Jenkins shared library ({@code vars/}, {@code src/}, {@code resources/})
 * and its Jenkinsfile as Jenkins would, close enough to test them, without Jenkins:
 * <ul>
 *   <li>{@code src/**}{@code /*.groovy} is on the class path of the Groovy class loader, so
 *       {@code import io.katarelease.pipeline.ReleaseConfig} resolves (and compiles) as in Jenkins;</li>
 *   <li>every {@code vars/NAME.groovy} is a global variable: {@code NAME(...)} calls its
 *       {@code call}, {@code NAME} is the script object;</li>
 *   <li>the Jenkinsfile's {@code @Library('kata-release') _} line is removed textually (after
 *       checking that it names this library), since the library is already loaded;</li>
 *   <li>everything is compiled with two extra checks Jenkins makes and Groovy 4 does not
 *       ({@link JenkinsGroovyCheck}: CPS and Groovy 2.4; {@link DeclarativeLint}: Declarative's
 *       parser rules);</li>
 *   <li>{@code pipeline { }} is collected into a model ({@link PipelineModel}) and interpreted:
 *       agents, parameters, triggers, options, stages, nested stages, parallel branches (run one
 *       after the other), when (with beforeAgent), environment, post, failure propagation;</li>
 *   <li>every step call is recorded ({@link StepCall}) with its stage and agent; plugin steps
 *       answer what the test gives them ({@link #respond}).</li>
 * </ul>
 */
public final class PipelineHarness {
    /** The plugin's steps: they need a workspace and a result from the test. */
    public static final Set<String> PLUGIN_STEPS = Set.of("kataUpstreamTags", "kataSyncFork", "kataBuildQemu",
            "kataBuildKernel", "kataPackageRelease", "kataVerifyRelease", "kataPublishRelease");
    /** Steps whose required context includes hudson.FilePath (they must run on an agent). */
    static final Set<String> NEEDS_WORKSPACE = Set.of("checkout", "stash", "unstash", "archiveArtifacts", "dir",
            "sh", "writeFile", "readFile", "deleteDir", "fileExists");
    /** Symbols that evaluate to a describable handed to the enclosing step. */
    static final Set<String> SYMBOLS = Set.of("scmGit", "cloneOption", "cleanBeforeCheckout", "string",
            "booleanParam");
    /** The steps the harness knows (plus the plugin's, the symbols and the library's vars). */
    static final Set<String> STEPS = Set.of("echo", "error", "libraryResource", "script", "checkout", "stash",
            "unstash", "archiveArtifacts", "build", "dir", "timeout", "retry", "withEnv", "withCredentials");

    private static final Pattern LIBRARY_LINE = Pattern.compile(
            "(?m)^[ \\t]*@Library\\([ \\t]*(['\"])([^'\"]+)\\1[ \\t]*\\)[ \\t]+_[ \\t]*(//.*)?$");

    private final Library library;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, StepHandler> handlers = new HashMap<>();
    private int buildNumber = 42;

    /** What a plugin step (or build) returns, or throws, for one call. */
    @FunctionalInterface
    public interface StepHandler {
        Object handle(StepCall call);
    }

    private PipelineHarness(Library library) {
        this.library = library;
        env.put("JOB_NAME", "kata/kata-release");
        env.put("JOB_BASE_NAME", "kata-release");
    }

    /** A harness for the library and Jenkinsfile of this repository. */
    public static PipelineHarness forRepository() {
        return new PipelineHarness(Library.load(repositoryRoot()));
    }

    /** The repository root: the surefire property, or the nearest parent holding vars/ and a Jenkinsfile. */
    public static Path repositoryRoot() {
        String prop = System.getProperty("kata.repository.root");
        Path p = prop != null ? Paths.get(prop) : Paths.get("").toAbsolutePath();
        p = p.toAbsolutePath().normalize();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("vars")) && Files.isRegularFile(q.resolve("Jenkinsfile"))) {
                return q;
            }
        }
        throw new IllegalStateException("no repository root with vars/ and a Jenkinsfile above " + p);
    }

    /** A build parameter's value, as "Build with Parameters" or the triggering build gives it. */
    public PipelineHarness param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    public PipelineHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public PipelineHarness buildNumber(int number) {
        this.buildNumber = number;
        return this;
    }

    /** {@code step} returns (a fresh copy of) {@code result}, e.g. a map like the plugin's. */
    public PipelineHarness respond(String step, Object result) {
        return respond(step, call -> Values.normalise(result));
    }

    public PipelineHarness respond(String step, StepHandler handler) {
        handlers.put(step, handler);
        return this;
    }

    /** {@code step} fails the build with {@code message}, as a failing plugin step (AbortException) does. */
    public PipelineHarness fail(String step, String message) {
        return respond(step, call -> {
            throw new PipelineError(message);
        });
    }

    /** Runs the repository's Jenkinsfile. */
    public PipelineRun runJenkinsfile() {
        return runJenkinsfile(read(library.root.resolve("Jenkinsfile")));
    }

    /** Runs {@code text} as the Jenkinsfile (same library). */
    public PipelineRun runJenkinsfile(String text) {
        Matcher m = LIBRARY_LINE.matcher(text);
        List<String> libraries = new ArrayList<>();
        StringBuilder stripped = new StringBuilder();
        while (m.find()) {
            libraries.add(m.group(2));
            m.appendReplacement(stripped, ""); // keeps the line (and so the line numbers)
        }
        m.appendTail(stripped);
        for (String lib : libraries) {
            String name = lib.contains("@") ? lib.substring(0, lib.indexOf('@')) : lib;
            if (!name.equals(Library.NAME)) {
                throw new AssertionError("the Jenkinsfile loads library '" + lib + "'; the harness has only '"
                        + Library.NAME + "'");
            }
        }
        Class<? extends Script> jenkinsfile = library.compileJenkinsfile(stripped.toString());
        return new Build(this, libraries).run(jenkinsfile);
    }

    /** The compiled library (class loader with src/ and the vars scripts). */
    public Library library() {
        return library;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The library compiled once per JVM: a Groovy class loader over {@code src/} with the Jenkins
     * checks, and one script class per {@code vars/*.groovy}.
     */
    public static final class Library {
        public static final String NAME = "kata-release";
        private static final Map<Path, Library> CACHE = new ConcurrentHashMap<>();

        final Path root;
        final GroovyClassLoader loader;
        final Map<String, Class<? extends Script>> vars = new TreeMap<>();
        private final Map<String, Class<? extends Script>> jenkinsfiles = new ConcurrentHashMap<>();

        private Library(Path root) {
            this.root = root;
            this.loader = newLoader(root);
            try (Stream<Path> files = Files.list(root.resolve("vars"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".groovy")).sorted().toList()) {
                    String name = f.getFileName().toString().replaceFirst("\\.groovy$", "");
                    vars.put(name, asScript(loader.parseClass(new GroovyCodeSource(f.toFile(), "UTF-8"), false)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Library load(Path root) {
            return CACHE.computeIfAbsent(root, Library::new);
        }

        /** A class loader with the harness's compiler settings and {@code root/src} on its class path. */
        public static GroovyClassLoader newLoader(Path root) {
            CompilerConfiguration cc = new CompilerConfiguration();
            cc.setScriptBaseClass(HarnessScript.class.getName());
            cc.setSourceEncoding("UTF-8");
            cc.addCompilationCustomizers(new JenkinsGroovyCheck(), new DeclarativeLint());
            GroovyClassLoader gcl = new GroovyClassLoader(PipelineHarness.class.getClassLoader(), cc);
            if (root != null) {
                gcl.addClasspath(root.resolve("src").toString());
            }
            return gcl;
        }

        /** A class of src/, e.g. {@code io.katarelease.pipeline.ReleaseConfig}, compiled from source. */
        public Class<?> srcClass(String name) {
            try {
                return loader.loadClass(name, true, false);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("no class " + name + " in " + root.resolve("src"), e);
            }
        }

        public Set<String> varNames() {
            return vars.keySet();
        }

        /** The compiled script class of {@code vars/NAME.groovy}. */
        public Class<? extends Script> varClass(String name) {
            return vars.get(name);
        }

        Class<? extends Script> compileJenkinsfile(String text) {
            return jenkinsfiles.computeIfAbsent(text,
                    t -> asScript(loader.parseClass(new GroovyCodeSource(t, "Jenkinsfile", "/groovy/script"), false)));
        }

        @SuppressWarnings("unchecked")
        private static Class<? extends Script> asScript(Class<?> c) {
            if (!HarnessScript.class.isAssignableFrom(c)) {
                throw new AssertionError(c + " is not a script");
            }
            return (Class<? extends Script>) c;
        }
    }

    private enum Phase {
        /** Scripted code: the Jenkinsfile and the library before pipeline { }. */
        SCRIPT,
        /** Collecting pipeline { }: only directives, no steps. */
        MODEL,
        /** Running stages, when expressions and post conditions. */
        RUN
    }

    /** One build: the binding, the recorder and the declarative interpreter. */
    public static final class Build {
        private final PipelineHarness h;
        private final List<String> libraries;
        private final Binding binding = new Binding();
        private final EnvVarsObject envObj;
        private final CurrentBuild currentBuild;
        private final Map<String, HarnessScript> varInstances = new LinkedHashMap<>();
        private final List<StepCall> steps = new ArrayList<>();
        private final List<StageRun> stageRuns = new ArrayList<>();
        private final List<String> log = new ArrayList<>();
        private final Map<String, StepCall> stashes = new LinkedHashMap<>();
        private List<ParameterDef> parameters = List.of();
        private List<Describable> triggers = List.of();
        private List<Describable> options = List.of();
        private AgentSpec pipelineAgent;
        private Map<String, Object> effectiveParams;
        private boolean pipelineSeen;
        private Phase phase = Phase.SCRIPT;
        private String stagePath = "";
        private AgentSpec agent;
        private Throwable firstError;

        Build(PipelineHarness h, List<String> libraries) {
            this.h = h;
            this.libraries = libraries;
            Map<String, String> initialEnv = new LinkedHashMap<>(h.env);
            initialEnv.put("BUILD_NUMBER", String.valueOf(h.buildNumber));
            initialEnv.put("BUILD_ID", String.valueOf(h.buildNumber));
            initialEnv.putIfAbsent("BUILD_URL",
                    "https://jenkins.example/job/" + initialEnv.get("JOB_NAME") + "/" + h.buildNumber + "/");
            this.envObj = new EnvVarsObject(initialEnv);
            this.currentBuild = new CurrentBuild(h.buildNumber);
            this.effectiveParams = Collections.unmodifiableMap(new LinkedHashMap<>(h.params));
            binding.setVariable("env", envObj);
            binding.setVariable("params", effectiveParams);
            binding.setVariable("currentBuild", currentBuild);
            if (libraries.isEmpty()) {
                return; // without @Library the vars are not global variables
            }
            for (Map.Entry<String, Class<? extends Script>> e : h.library.vars.entrySet()) {
                HarnessScript s = (HarnessScript) InvokerHelper.createScript(e.getValue(), binding);
                s.attach(this);
                varInstances.put(e.getKey(), s);
            }
        }

        /** A bare name the binding lacks: a global variable of vars/, else an environment variable (as in Jenkins). */
        Object globalVariable(String name) {
            Object var = varInstances.get(name);
            return var != null ? var : envObj.getProperty(name);
        }

        PipelineRun run(Class<? extends Script> jenkinsfile) {
            HarnessScript main = (HarnessScript) InvokerHelper.createScript(jenkinsfile, binding);
            main.attach(this);
            try {
                main.run();
            } catch (RuntimeException e) {
                fail(e);
            }
            String result = firstError != null ? "FAILURE" : currentBuild.getCurrentResult();
            currentBuild.setResult(result);
            Map<String, Object> finalParams = effectiveParams;
            return new PipelineRun(result, firstError, stageRuns, steps, parameters, triggers, options, pipelineAgent,
                    currentBuild, envObj.snapshot(), finalParams, log);
        }

        private void fail(Throwable e) {
            if (firstError == null) {
                firstError = e;
            }
            currentBuild.setResult("FAILURE");
        }

        // ---------------------------------------------------------------- steps

        /** Every call the scripts do not define themselves lands here. */
        Object step(String name, Object[] args) {
            if ("pipeline".equals(name)) {
                Closure<?> body = Values.body(args);
                if (body == null || args.length != 1) {
                    throw new PipelineError("pipeline needs exactly one block");
                }
                runPipeline(body);
                return null;
            }
            if (phase == Phase.MODEL) {
                throw new PipelineError("'" + name + "' is not a declarative section or directive here (steps run"
                        + " only inside steps { }, script { }, when { expression { } } and post conditions)");
            }
            StepCall call = record(name, args);
            HarnessScript var = varInstances.get(name);
            if (var != null) {
                return var.invokeMethod("call", args);
            }
            if (SYMBOLS.contains(name)) {
                return new Describable(name, call.args(), call.positional());
            }
            boolean plugin = PLUGIN_STEPS.contains(name);
            if (!plugin && !STEPS.contains(name)) {
                throw new PipelineError("No such DSL method '" + name + "' found among steps "
                        + new java.util.TreeSet<>(STEPS) + ", the plugin's " + PLUGIN_STEPS
                        + " or the library's " + varInstances.keySet());
            }
            if ((plugin || NEEDS_WORKSPACE.contains(name)) && agent == null) {
                throw new PipelineError("Required context class hudson.FilePath is missing (step " + name
                        + " in stage '" + stagePath + "')\nPerhaps you forgot to surround the code with a step"
                        + " that provides this, such as: node");
            }
            Closure<?> body = Values.body(args);
            switch (name) {
                case "echo":
                    log.add("[" + stagePath + "] " + call.argOrFirst("message"));
                    return null;
                case "error":
                    throw new PipelineError(String.valueOf(call.argOrFirst("message")));
                case "libraryResource":
                    return libraryResource(String.valueOf(call.argOrFirst("resource")));
                case "script":
                    requireBody(name, body);
                    return body.call();
                case "stash": {
                    Object stashName = call.arg("name");
                    if (!(stashName instanceof String) || ((String) stashName).isEmpty()) {
                        throw new PipelineError("stash needs a name");
                    }
                    stashes.put((String) stashName, call);
                    return null;
                }
                case "unstash": {
                    String stashName = String.valueOf(call.argOrFirst("name"));
                    if (!stashes.containsKey(stashName)) {
                        throw new PipelineError("No such saved stash \u2018" + stashName + "\u2019");
                    }
                    return null;
                }
                case "build":
                    return build(call);
                case "dir":
                case "timeout":
                case "withCredentials":
                    requireBody(name, body);
                    return body.call();
                case "retry":
                    return retry(call, body);
                case "withEnv":
                    return withEnv(call, body);
                default:
                    break;
            }
            StepHandler handler = h.handlers.get(name);
            if (handler != null) {
                return handler.handle(call);
            }
            if (plugin) {
                throw new AssertionError("the test gives no result for plugin step " + name + " (" + call + ")");
            }
            return "checkout".equals(name) ? new LinkedHashMap<String, Object>() : null;
        }

        private StepCall record(String name, Object[] args) {
            StepCall call = new StepCall(steps.size(), name, Values.namedArgs(args), Values.positionalArgs(args),
                    stagePath, agent == null ? null : agent.recordedLabel());
            steps.add(call);
            return call;
        }

        private static void requireBody(String name, Closure<?> body) {
            if (body == null) {
                throw new PipelineError(name + " needs a block");
            }
        }

        private String libraryResource(String resource) {
            Path p = h.library.root.resolve("resources").resolve(resource).normalize();
            if (!p.startsWith(h.library.root.resolve("resources")) || !Files.isRegularFile(p)) {
                throw new PipelineError("No such library resource " + resource + " could be found.");
            }
            return read(p);
        }

        private Object build(StepCall call) {
            Object job = call.argOrFirst("job");
            if (!(job instanceof String) || ((String) job).isBlank()) {
                throw new PipelineError("No item named " + job + " found");
            }
            Object parameters = call.arg("parameters");
            if (parameters != null) {
                if (!(parameters instanceof List<?> list)) {
                    throw new PipelineError("build: parameters must be a list, got " + parameters);
                }
                for (Object p : list) {
                    if (!(p instanceof Describable d) || d.arg("name") == null
                            || !Set.of("string", "booleanParam", "text", "password").contains(d.symbol())) {
                        throw new PipelineError("build: not a parameter value: " + p);
                    }
                    if ("booleanParam".equals(d.symbol()) && !(d.arg("value") instanceof Boolean)) {
                        throw new PipelineError("build: booleanParam " + d.arg("name") + " needs a boolean value");
                    }
                    if ("string".equals(d.symbol()) && !(d.arg("value") instanceof String)) {
                        throw new PipelineError("build: string " + d.arg("name") + " needs a string value");
                    }
                }
            }
            StepHandler handler = h.handlers.get("build");
            return handler == null ? null : handler.handle(call);
        }

        private Object retry(StepCall call, Closure<?> body) {
            requireBody("retry", body);
            Object count = call.argOrFirst("count");
            int n = count instanceof Number num ? num.intValue() : 1;
            RuntimeException last = null;
            for (int i = 0; i < Math.max(1, n); i++) {
                try {
                    return body.call();
                } catch (PipelineError e) {
                    last = e;
                    log.add("[" + stagePath + "] retry: " + e.getMessage());
                }
            }
            throw last;
        }

        private Object withEnv(StepCall call, Closure<?> body) {
            requireBody("withEnv", body);
            Map<String, String> overlay = new LinkedHashMap<>();
            Object list = call.argOrFirst("overrides");
            if (list instanceof List<?> l) {
                for (Object kv : l) {
                    String s = String.valueOf(kv);
                    int eq = s.indexOf('=');
                    overlay.put(s.substring(0, eq), s.substring(eq + 1));
                }
            }
            envObj.push(overlay);
            try {
                return body.call();
            } finally {
                envObj.pop();
            }
        }

        String envValue(String name) {
            Object v = envObj.getProperty(name);
            return v == null ? null : v.toString();
        }

        boolean evaluateExpression(Closure<?> c) {
            return DefaultTypeTransformation.castToBoolean(c.call());
        }

        // ---------------------------------------------------------------- declarative

        private void runPipeline(Closure<?> body) {
            if (pipelineSeen) {
                throw new PipelineError("Only one pipeline { ... } block can be executed in a single run.");
            }
            pipelineSeen = true;
            if (phase != Phase.SCRIPT || !stagePath.isEmpty()) {
                throw new PipelineError("pipeline { } cannot be nested");
            }
            phase = Phase.MODEL;
            PipelineModel model;
            try {
                model = PipelineModel.collect(body);
                directives(model);
            } finally {
                phase = Phase.SCRIPT;
            }
            phase = Phase.RUN;
            RuntimeException error = null;
            AgentSpec top = model.agent instanceof Closure<?> c ? evaluateAgent(c) : (AgentSpec) model.agent;
            pipelineAgent = top;
            AgentSpec saved = agent;
            agent = top.allocates() ? top : null;
            boolean envPushed = false;
            try {
                if (model.environment != null) {
                    envObj.push(evaluateEnvironment(model.environment));
                    envPushed = true;
                }
                runStages(model.stages, "", false);
            } catch (RuntimeException e) {
                error = e;
                fail(e);
            }
            try {
                runPost(model.post, error == null ? currentBuild.getCurrentResult() : "FAILURE", "");
            } finally {
                if (envPushed) {
                    envObj.pop();
                }
                agent = saved;
                phase = Phase.SCRIPT;
            }
            if (error != null) {
                throw error;
            }
        }

        /** parameters, triggers and options are evaluated before any stage (as Declarative does). */
        private void directives(PipelineModel model) {
            if (model.parameters != null) {
                PipelineModel.ParametersDelegate d = new PipelineModel.ParametersDelegate();
                PipelineModel.evaluate(model.parameters, d);
                parameters = List.copyOf(d.parameters);
            }
            if (model.triggers != null) {
                PipelineModel.TriggersDelegate d = new PipelineModel.TriggersDelegate();
                PipelineModel.evaluate(model.triggers, d);
                triggers = List.copyOf(d.triggers);
            }
            if (model.options != null) {
                PipelineModel.OptionsDelegate d = new PipelineModel.OptionsDelegate();
                PipelineModel.evaluate(model.options, d);
                options = List.copyOf(d.options());
            }
            // params: the declared defaults overlaid with the values the build was started with.
            Map<String, Object> merged = new LinkedHashMap<>();
            for (ParameterDef p : parameters) {
                merged.put(p.name(), p.defaultValue());
            }
            for (Map.Entry<String, Object> e : h.params.entrySet()) {
                ParameterDef def = parameters.stream().filter(p -> p.name().equals(e.getKey())).findFirst()
                        .orElseThrow(() -> new AssertionError("the test sets parameter " + e.getKey()
                                + ", which the pipeline does not declare"));
                Object v = e.getValue();
                if ("booleanParam".equals(def.type()) && !(v instanceof Boolean)) {
                    throw new AssertionError("parameter " + e.getKey() + " is a booleanParam; the test gave " + v);
                }
                if (!"booleanParam".equals(def.type()) && !(v instanceof String)) {
                    throw new AssertionError("parameter " + e.getKey() + " is a string; the test gave " + v);
                }
                merged.put(e.getKey(), v instanceof String s && def.trim() ? s.trim() : v);
            }
            effectiveParams = Collections.unmodifiableMap(merged);
            binding.setVariable("params", effectiveParams);
        }

        private void runStages(List<PipelineModel.StageModel> stages, String parent, boolean parallel) {
            RuntimeException first = null;
            for (PipelineModel.StageModel s : stages) {
                if (first != null) {
                    skip(s, parent, parallel, StageRun.Status.SKIPPED_EARLIER_FAILURE);
                    continue;
                }
                try {
                    runStage(s, parent, parallel);
                } catch (RuntimeException e) {
                    first = e;
                }
            }
            if (first != null) {
                throw first;
            }
        }

        private static String path(String parent, String name) {
            return parent.isEmpty() ? name : parent + "/" + name;
        }

        private void skip(PipelineModel.StageModel s, String parent, boolean parallel, StageRun.Status status) {
            StageRun r = new StageRun(s.name, path(parent, s.name), parent, parallel);
            stageRuns.add(r);
            r.end(status, null);
            log.add("Stage \"" + r.path() + "\" skipped (" + status + ")");
            for (PipelineModel.StageModel c : s.children()) {
                skip(c, r.path(), s.parallel != null, status);
            }
        }

        private void runStage(PipelineModel.StageModel s, String parent, boolean parallel) {
            String p = path(parent, s.name);
            StageRun r = new StageRun(s.name, p, parent, parallel);
            stageRuns.add(r);
            String savedPath = stagePath;
            AgentSpec savedAgent = agent;
            stagePath = p;
            int envPushes = 0;
            try {
                RuntimeException error = null;
                try {
                    // Declarative evaluates when after entering the stage's agent, unless beforeAgent true.
                    boolean whenFirst = s.when != null && (s.agent == null || s.when.beforeAgent);
                    if (whenFirst && !when(s)) {
                        skipped(s, r);
                        return;
                    }
                    if (s.agent != null) {
                        AgentSpec a = s.agent instanceof Closure<?> c ? evaluateAgent(c) : (AgentSpec) s.agent;
                        r.allocate(a);
                        agent = a.allocates() ? a : null;
                        log.add("Stage \"" + p + "\" on " + a);
                    }
                    if (s.when != null && !whenFirst && !when(s)) {
                        skipped(s, r);
                        return;
                    }
                    log.add("Stage \"" + p + "\" started");
                    if (s.environment != null) {
                        envObj.push(evaluateEnvironment(s.environment));
                        envPushes++;
                    }
                    if (s.options != null) {
                        PipelineModel.evaluate(s.options, new PipelineModel.OptionsDelegate());
                    }
                    if (s.steps != null) {
                        s.steps.call();
                    } else if (s.parallel != null) {
                        runParallel(s, p);
                    } else {
                        runStages(s.stages, p, false);
                    }
                } catch (RuntimeException e) {
                    error = e;
                }
                error = stagePost(s, error); // in the stage's agent and environment
                if (error != null) {
                    r.end(StageRun.Status.FAILURE, error);
                    log.add("Stage \"" + p + "\" failed: " + error);
                    currentBuild.setResult("FAILURE");
                    throw error;
                }
                r.end(StageRun.Status.SUCCESS, null);
            } finally {
                for (int i = 0; i < envPushes; i++) {
                    envObj.pop();
                }
                stagePath = savedPath;
                agent = savedAgent;
            }
        }

        private void skipped(PipelineModel.StageModel s, StageRun r) {
            r.end(StageRun.Status.SKIPPED_CONDITIONAL, null);
            log.add("Stage \"" + r.path() + "\" skipped due to when conditional");
            for (PipelineModel.StageModel c : s.children()) {
                skip(c, r.path(), s.parallel != null, StageRun.Status.SKIPPED_CONDITIONAL);
            }
        }

        private boolean when(PipelineModel.StageModel s) {
            for (Predicate<Build> c : s.when.conditions) {
                if (!c.test(this)) {
                    return false;
                }
            }
            return true;
        }

        private void runParallel(PipelineModel.StageModel s, String p) {
            RuntimeException first = null;
            for (PipelineModel.StageModel b : s.parallel) {
                if (first != null && s.failFast) {
                    skip(b, p, true, StageRun.Status.SKIPPED_EARLIER_FAILURE);
                    continue;
                }
                // Branches are independent: each starts from the parent's agent (none here) and
                // runs even when a sibling failed (unless failFast).
                try {
                    runStage(b, p, true);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }

        /** Runs a stage's post conditions in the stage's agent; returns the stage's (possibly new) error. */
        private RuntimeException stagePost(PipelineModel.StageModel s, RuntimeException error) {
            if (s.post.isEmpty()) {
                return error;
            }
            String outcome = error != null ? "FAILURE" : currentBuild.getCurrentResult();
            try {
                runPost(s.post, outcome, stagePath);
            } catch (RuntimeException e) {
                return error != null ? error : e;
            }
            return error;
        }

        /** Post conditions in Declarative's order; an error in one fails the build after all ran. */
        private void runPost(Map<String, Closure<?>> post, String outcome, String where) {
            RuntimeException first = null;
            for (String condition : PipelineModel.POST_CONDITION_ORDER) {
                Closure<?> c = post.get(condition);
                if (c == null || !applies(condition, outcome)) {
                    continue;
                }
                log.add("Post \"" + condition + "\" of " + (where.isEmpty() ? "pipeline" : "stage " + where));
                try {
                    c.call();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    }
                    fail(e);
                }
            }
            if (first != null) {
                throw first;
            }
        }

        private static boolean applies(String condition, String outcome) {
            return switch (condition) {
                case "always", "cleanup" -> true;
                case "success" -> "SUCCESS".equals(outcome);
                case "unstable" -> "UNSTABLE".equals(outcome);
                case "failure" -> "FAILURE".equals(outcome);
                case "aborted" -> "ABORTED".equals(outcome);
                case "notBuilt" -> "NOT_BUILT".equals(outcome);
                case "unsuccessful" -> !"SUCCESS".equals(outcome);
                default -> false;
            };
        }

        private AgentSpec evaluateAgent(Closure<?> c) {
            PipelineModel.AgentDelegate d = new PipelineModel.AgentDelegate();
            Phase saved = phase;
            phase = Phase.MODEL; // no steps inside agent { }
            try {
                PipelineModel.evaluate(c, d);
            } finally {
                phase = saved;
            }
            if (d.spec == null) {
                throw new PipelineError("agent { } names no agent type");
            }
            return d.spec;
        }

        private Map<String, String> evaluateEnvironment(Closure<?> c) {
            PipelineModel.EnvironmentDelegate d = new PipelineModel.EnvironmentDelegate();
            try {
                PipelineModel.evaluate(c, d);
            } catch (MissingPropertyException e) {
                throw new PipelineError("environment: " + e.getMessage());
            }
            return d.values;
        }
    }
}
