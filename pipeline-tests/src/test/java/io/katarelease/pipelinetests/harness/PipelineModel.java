package io.katarelease.pipelinetests.harness;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The declarative model of one {@code pipeline { }} block, collected by running its closures
 * against delegates that record directives (nothing runs yet), as Declarative parses the whole
 * pipeline before it runs any stage. {@code agent}, {@code environment} and {@code when}
 * expression closures are kept and evaluated when their stage is reached.
 */
final class PipelineModel {
    static final List<String> POST_CONDITION_ORDER = List.of("always", "changed", "fixed", "regression", "aborted",
            "success", "unstable", "failure", "notBuilt", "unsuccessful", "cleanup");

    Object agent;
    Closure<?> parameters;
    Closure<?> triggers;
    Closure<?> options;
    Closure<?> environment;
    final List<StageModel> stages = new ArrayList<>();
    final Map<String, Closure<?>> post = new LinkedHashMap<>();
    private final List<Closure<?>> containers = new ArrayList<>();

    /** Runs {@code body} against the pipeline delegate and collects the whole model. */
    static PipelineModel collect(Closure<?> body) {
        PipelineModel m = new PipelineModel();
        PipelineDelegate d = new PipelineDelegate(m);
        m.run(body, d);
        if (!d.seen.contains("agent")) {
            throw new PipelineError("Missing required section \"agent\" in pipeline { }");
        }
        if (!d.seen.contains("stages")) {
            throw new PipelineError("Missing required section \"stages\" in pipeline { }");
        }
        // From now on names inside these closures resolve to the script (as in Jenkins, where the
        // directive blocks are not closures at run time), never to a recording delegate.
        for (Closure<?> c : m.containers) {
            c.setResolveStrategy(Closure.OWNER_ONLY);
        }
        return m;
    }

    void run(Closure<?> c, Object delegate) {
        containers.add(c);
        c.setDelegate(delegate);
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.call();
    }

    static Object evaluate(Closure<?> c, Object delegate) {
        c.setDelegate(delegate);
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        return c.call();
    }

    /** One {@code stage}. */
    static final class StageModel {
        final String name;
        Object agent;
        WhenModel when;
        Closure<?> steps;
        List<StageModel> parallel;
        List<StageModel> stages;
        final Map<String, Closure<?>> post = new LinkedHashMap<>();
        Closure<?> environment;
        Closure<?> options;
        boolean failFast;

        StageModel(String name) {
            this.name = name;
        }

        List<StageModel> children() {
            return parallel != null ? parallel : stages != null ? stages : List.of();
        }
    }

    /** A {@code when} block: its conditions (all must hold) and beforeAgent. */
    static final class WhenModel {
        boolean beforeAgent;
        final List<Predicate<PipelineHarness.Build>> conditions = new ArrayList<>();
    }

    private static void once(Set<String> seen, String section, String where) {
        if (!seen.add(section)) {
            throw new PipelineError("Multiple occurrences of the " + section + " section in " + where);
        }
    }

    private static PipelineError unsupported(String what) {
        return new PipelineError(what + " is not modelled by the pipeline test harness");
    }

    /** The delegate of {@code pipeline { }}. */
    public static final class PipelineDelegate {
        private final PipelineModel m;
        final Set<String> seen = new HashSet<>();

        PipelineDelegate(PipelineModel m) {
            this.m = m;
        }

        public AgentSpec getNone() {
            return AgentSpec.NONE;
        }

        public AgentSpec getAny() {
            return AgentSpec.ANY;
        }

        public void agent(Object spec) {
            once(seen, "agent", "pipeline");
            m.agent = spec;
        }

        public void parameters(Closure<?> c) {
            once(seen, "parameters", "pipeline");
            m.parameters = c;
        }

        public void triggers(Closure<?> c) {
            once(seen, "triggers", "pipeline");
            m.triggers = c;
        }

        public void options(Closure<?> c) {
            once(seen, "options", "pipeline");
            m.options = c;
        }

        public void environment(Closure<?> c) {
            once(seen, "environment", "pipeline");
            m.environment = c;
        }

        public void stages(Closure<?> c) {
            once(seen, "stages", "pipeline");
            m.run(c, new StagesDelegate(m, m.stages, false));
            if (m.stages.isEmpty()) {
                throw new PipelineError("No stages specified");
            }
        }

        public void post(Closure<?> c) {
            once(seen, "post", "pipeline");
            m.run(c, new PostDelegate(m.post));
        }

        public void tools(Closure<?> c) {
            throw unsupported("tools { }");
        }

        public void libraries(Closure<?> c) {
            throw unsupported("libraries { }");
        }
    }

    /** The delegate of {@code stages { }} and {@code parallel { }}: only {@code stage} calls. */
    public static final class StagesDelegate {
        private final PipelineModel m;
        private final List<StageModel> into;
        private final boolean inParallel;
        private final Set<String> names = new HashSet<>();

        StagesDelegate(PipelineModel m, List<StageModel> into, boolean inParallel) {
            this.m = m;
            this.into = into;
            this.inParallel = inParallel;
        }

        public void stage(String name, Closure<?> body) {
            if (!names.add(name)) {
                throw new PipelineError("Duplicate stage name: \"" + name + "\"");
            }
            StageModel s = new StageModel(name);
            StageDelegate d = new StageDelegate(m, s, inParallel);
            m.run(body, d);
            int kinds = (s.steps != null ? 1 : 0) + (s.parallel != null ? 1 : 0) + (s.stages != null ? 1 : 0);
            if (kinds != 1) {
                throw new PipelineError("Stage \"" + name + "\" must have one and only one of steps, stages, or parallel");
            }
            into.add(s);
        }
    }

    /** The delegate of {@code stage('x') { }}. */
    public static final class StageDelegate {
        private final PipelineModel m;
        private final StageModel s;
        private final boolean inParallel;
        private final Set<String> seen = new HashSet<>();

        StageDelegate(PipelineModel m, StageModel s, boolean inParallel) {
            this.m = m;
            this.s = s;
            this.inParallel = inParallel;
        }

        private String where() {
            return "stage \"" + s.name + "\"";
        }

        public AgentSpec getNone() {
            return AgentSpec.NONE;
        }

        public AgentSpec getAny() {
            return AgentSpec.ANY;
        }

        public void agent(Object spec) {
            once(seen, "agent", where());
            s.agent = spec;
        }

        public void when(Closure<?> c) {
            once(seen, "when", where());
            WhenDelegate d = new WhenDelegate(true);
            m.run(c, d);
            s.when = new WhenModel();
            s.when.beforeAgent = d.beforeAgent;
            s.when.conditions.addAll(d.conditions);
            if (s.when.conditions.isEmpty()) {
                throw new PipelineError("Empty when closure, no condition defined in " + where());
            }
        }

        public void steps(Closure<?> c) {
            once(seen, "steps", where());
            s.steps = c;
        }

        public void parallel(Closure<?> c) {
            once(seen, "parallel", where());
            if (inParallel) {
                throw new PipelineError("Parallel stages or branches can only be included in a top-level stage ("
                        + where() + " is inside a parallel)");
            }
            s.parallel = new ArrayList<>();
            m.run(c, new StagesDelegate(m, s.parallel, true));
        }

        public void stages(Closure<?> c) {
            once(seen, "stages", where());
            s.stages = new ArrayList<>();
            m.run(c, new StagesDelegate(m, s.stages, inParallel));
        }

        public void post(Closure<?> c) {
            once(seen, "post", where());
            m.run(c, new PostDelegate(s.post));
        }

        public void environment(Closure<?> c) {
            once(seen, "environment", where());
            s.environment = c;
        }

        public void options(Closure<?> c) {
            once(seen, "options", where());
            s.options = c;
        }

        public void failFast(boolean value) {
            once(seen, "failFast", where());
            s.failFast = value;
        }

        public void input(Closure<?> c) {
            throw unsupported("input { }");
        }

        public void tools(Closure<?> c) {
            throw unsupported("tools { }");
        }

        public void matrix(Closure<?> c) {
            throw unsupported("matrix { }");
        }
    }

    /** The delegate of {@code when { }} (and of allOf/anyOf/not inside it). */
    public static final class WhenDelegate {
        private final boolean top;
        boolean beforeAgent;
        final List<Predicate<PipelineHarness.Build>> conditions = new ArrayList<>();

        WhenDelegate(boolean top) {
            this.top = top;
        }

        public void beforeAgent(boolean value) {
            if (!top) {
                throw new PipelineError("beforeAgent belongs directly in when { }");
            }
            beforeAgent = value;
        }

        public void expression(Closure<?> c) {
            conditions.add(b -> b.evaluateExpression(c));
        }

        public void allOf(Closure<?> c) {
            List<Predicate<PipelineHarness.Build>> children = nested(c);
            conditions.add(b -> children.stream().allMatch(p -> p.test(b)));
        }

        public void anyOf(Closure<?> c) {
            List<Predicate<PipelineHarness.Build>> children = nested(c);
            conditions.add(b -> children.stream().anyMatch(p -> p.test(b)));
        }

        public void not(Closure<?> c) {
            List<Predicate<PipelineHarness.Build>> children = nested(c);
            if (children.size() != 1) {
                throw new PipelineError("not { } takes exactly one condition");
            }
            conditions.add(b -> !children.get(0).test(b));
        }

        /** {@code environment name: 'X', value: 'y'}. */
        public void environment(Map<String, Object> args) {
            String name = String.valueOf(args.get("name"));
            String value = String.valueOf(args.get("value"));
            conditions.add(b -> value.equals(b.envValue(name)));
        }

        private static List<Predicate<PipelineHarness.Build>> nested(Closure<?> c) {
            WhenDelegate d = new WhenDelegate(false);
            evaluate(c, d);
            return d.conditions;
        }
    }

    /** The delegate of {@code post { }}. */
    public static final class PostDelegate {
        private final Map<String, Closure<?>> into;

        PostDelegate(Map<String, Closure<?>> into) {
            this.into = into;
        }

        private void add(String condition, Closure<?> c) {
            if (into.put(condition, c) != null) {
                throw new PipelineError("Duplicate build condition name: \"" + condition + "\"");
            }
        }

        public void always(Closure<?> c) {
            add("always", c);
        }

        public void success(Closure<?> c) {
            add("success", c);
        }

        public void failure(Closure<?> c) {
            add("failure", c);
        }

        public void unstable(Closure<?> c) {
            add("unstable", c);
        }

        public void aborted(Closure<?> c) {
            add("aborted", c);
        }

        public void unsuccessful(Closure<?> c) {
            add("unsuccessful", c);
        }

        public void notBuilt(Closure<?> c) {
            add("notBuilt", c);
        }

        public void cleanup(Closure<?> c) {
            add("cleanup", c);
        }

        public void changed(Closure<?> c) {
            throw unsupported("post { changed } (it depends on the previous build)");
        }

        public void fixed(Closure<?> c) {
            throw unsupported("post { fixed } (it depends on the previous build)");
        }

        public void regression(Closure<?> c) {
            throw unsupported("post { regression } (it depends on the previous build)");
        }
    }

    /** The delegate of an {@code agent { }} closure, evaluated when its stage is reached. */
    public static final class AgentDelegate {
        AgentSpec spec;

        private void set(AgentSpec a) {
            if (spec != null) {
                throw new PipelineError("Only one agent type may be specified per agent section");
            }
            spec = a;
        }

        public void label(Object label) {
            set(new AgentSpec("label", String.valueOf(label), 0, null));
        }

        public void any() {
            set(AgentSpec.ANY);
        }

        public void node(Closure<?> c) {
            NodeDelegate n = new NodeDelegate();
            evaluate(c, n);
            if (n.label == null) {
                throw new PipelineError("agent { node { } } needs a label");
            }
            set(new AgentSpec("node", n.label, n.retries, n.customWorkspace));
        }

        public void docker(Object c) {
            throw unsupported("agent { docker }");
        }

        public void dockerfile(Object c) {
            throw unsupported("agent { dockerfile }");
        }

        public void kubernetes(Object c) {
            throw unsupported("agent { kubernetes }");
        }
    }

    /** The delegate of {@code node { }} inside an agent. */
    public static final class NodeDelegate {
        String label;
        int retries;
        String customWorkspace;

        public void label(Object value) {
            label = String.valueOf(value);
        }

        public void retries(int value) {
            retries = value;
        }

        public void customWorkspace(Object value) {
            customWorkspace = String.valueOf(value);
        }
    }

    /** The delegate of {@code parameters { }}. */
    public static final class ParametersDelegate {
        final List<ParameterDef> parameters = new ArrayList<>();

        private void add(String type, Map<String, Object> args) {
            Map<String, Object> a = Values.normaliseMap(args);
            Object name = a.get("name");
            if (!(name instanceof String) || ((String) name).isEmpty()) {
                throw new PipelineError(type + " parameter without a name: " + a);
            }
            if (parameters.stream().anyMatch(p -> p.name().equals(name))) {
                throw new PipelineError("Duplicate parameter name: " + name);
            }
            parameters.add(new ParameterDef(type, a));
        }

        public void string(Map<String, Object> args) {
            add("string", args);
        }

        public void booleanParam(Map<String, Object> args) {
            add("booleanParam", args);
        }

        public void text(Map<String, Object> args) {
            add("text", args);
        }

        public void choice(Map<String, Object> args) {
            add("choice", args);
        }

        public void password(Map<String, Object> args) {
            add("password", args);
        }
    }

    /** The delegate of {@code triggers { }}. */
    public static final class TriggersDelegate {
        final List<Describable> triggers = new ArrayList<>();

        public void cron(Object spec) {
            triggers.add(new Describable("cron", Map.of(), List.of(String.valueOf(spec))));
        }

        public void pollSCM(Object spec) {
            triggers.add(new Describable("pollSCM", Map.of(), List.of(String.valueOf(spec))));
        }

        public void upstream(Map<String, Object> args) {
            triggers.add(new Describable("upstream", Values.normaliseMap(args), List.of()));
        }
    }

    /**
     * The delegate of {@code options { }}: records every option call (Jenkins's job properties and
     * wrapper options), with nested ones such as {@code logRotator(...)} as arguments.
     */
    public static final class OptionsDelegate extends GroovyObjectSupport {
        static final Set<String> KNOWN = Set.of("buildDiscarder", "logRotator", "checkoutToSubdirectory",
                "disableConcurrentBuilds", "disableResume", "durabilityHint", "newContainerPerStage",
                "overrideIndexTriggers", "parallelsAlwaysFailFast", "preserveStashes", "quietPeriod", "retry",
                "skipDefaultCheckout", "skipStagesAfterUnstable", "timeout", "timestamps", "ansiColor",
                "rateLimitBuilds", "copyArtifactPermission");
        private final List<Describable> all = new ArrayList<>();
        private final List<Describable> nested = new ArrayList<>();

        @Override
        public Object invokeMethod(String name, Object args) {
            if (!KNOWN.contains(name)) {
                throw new PipelineError("Invalid option type \"" + name + "\"");
            }
            Describable d = Values.describable(name, org.codehaus.groovy.runtime.InvokerHelper.asArray(args));
            for (Object a : d.positional()) {
                if (a instanceof Describable n) {
                    nested.add(n);
                }
            }
            for (Object a : d.args().values()) {
                if (a instanceof Describable n) {
                    nested.add(n);
                }
            }
            all.add(d);
            return d;
        }

        List<Describable> options() {
            List<Describable> top = new ArrayList<>();
            for (Describable d : all) {
                if (nested.stream().noneMatch(n -> n == d)) {
                    top.add(d);
                }
            }
            return top;
        }
    }

    /**
     * The delegate of {@code environment { }}: {@code NAME = value} sets a variable for the scope;
     * other names resolve as usual (env, params ...).
     */
    public static final class EnvironmentDelegate extends GroovyObjectSupport {
        final Map<String, String> values = new LinkedHashMap<>();

        @Override
        public void setProperty(String name, Object value) {
            values.put(name, value == null ? null : value.toString());
        }

        @Override
        public Object getProperty(String name) {
            if (values.containsKey(name)) {
                return values.get(name);
            }
            throw new MissingPropertyException(name, EnvironmentDelegate.class);
        }

        /** {@code credentials('id')}: a stand-in value, as the real one is secret. */
        public Object credentials(String id) {
            return "****(" + id + ")";
        }
    }
}
