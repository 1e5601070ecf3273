package io.katarelease.pipelinetests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.katarelease.pipelinetests.harness.PipelineHarness;
import io.katarelease.pipelinetests.harness.PipelineRun;
import io.katarelease.pipelinetests.harness.StepCall;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shared library's layout and its contracts with Jenkins and with the kata-release plugin. */
class LibraryLayoutTest {
    private final Path root = PipelineHarness.repositoryRoot();

    private Set<String> names(String dir, String ext) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(dir))) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ext))
                    .map(n -> n.substring(0, n.length() - ext.length())).toList());
        }
    }

    @Test
    void everyGlobalVariableHasItsHelpText() throws IOException {
        Set<String> groovy = names("vars", ".groovy");
        assertThat(groovy).contains("kataReleasePipeline", "kataCheckoutRelease");
        // Jenkins shows vars/NAME.txt as the variable's help in the Pipeline Syntax pages.
        assertThat(names("vars", ".txt")).isEqualTo(groovy);
        for (String name : groovy) {
            String help = Files.readString(root.resolve("vars/" + name + ".txt"), StandardCharsets.UTF_8);
            assertThat(help).as(name + ".txt").isNotBlank().contains(name);
        }
    }

    @Test
    void everyGlobalVariableIsCallable() {
        PipelineHarness.Library lib = PipelineHarness.forRepository().library();
        assertThat(lib.varNames()).isEqualTo(Set.copyOf(List.of("kataCheckoutRelease", "kataReleasePipeline")));
        for (String name : lib.varNames()) {
            Class<?> c = lib.varClass(name);
            assertThat(Arrays.stream(c.getDeclaredMethods()).map(Method::getName)).as(name).contains("call");
        }
    }

    @Test
    void everySettingIsDocumented() throws IOException {
        Properties defaults = new Properties();
        defaults.load(new StringReader(Files.readString(
                root.resolve("resources/io/katarelease/pipeline/defaults.properties"), StandardCharsets.UTF_8)));
        String help = Files.readString(root.resolve("vars/kataReleasePipeline.txt"), StandardCharsets.UTF_8);
        assertThat(defaults.stringPropertyNames()).isNotEmpty();
        for (String key : defaults.stringPropertyNames()) {
            assertThat(help).as("kataReleasePipeline.txt documents " + key).contains("<code>" + key + "</code>");
        }
    }

    @Test
    void everyLibraryClassCompilesUnderJenkinsRules() throws IOException {
        Path src = root.resolve("src");
        List<String> classes;
        try (Stream<Path> s = Files.walk(src)) {
            classes = s.filter(p -> p.toString().endsWith(".groovy")).map(p -> src.relativize(p).toString()
                    .replace('/', '.').replaceFirst("\\.groovy$", "")).sorted().toList();
        }
        assertThat(classes).contains("io.katarelease.pipeline.ReleaseConfig");
        PipelineHarness.Library lib = PipelineHarness.forRepository().library();
        for (String c : classes) {
            assertThat(lib.srcClass(c).getName()).isEqualTo(c);
        }
    }

    /**
     * Every plugin step the library calls gets only parameters the step declares
     * ({@code @DataBoundConstructor} or {@code @DataBoundSetter}, Jenkins ignores the rest with a
     * warning) and all of its constructor's (Jenkins passes null for a missing one, and the step
     * aborts). Read from the plugin's sources, when the plugin is in this checkout.
     */
    @Test
    void pluginStepsGetTheParametersTheyDeclare() throws IOException {
        Path steps = root.resolve("plugin/src/main/java/io/katarelease/jenkins/steps");
        assumeTrue(Files.isDirectory(steps), "no plugin sources in this checkout");
        Map<String, StepSignature> signatures = StepSignature.read(steps);
        assertThat(signatures.keySet()).containsAll(PipelineHarness.PLUGIN_STEPS);

        List<StepCall> calls = new ArrayList<>();
        calls.addAll(Fixtures.release().param("DOWNSTREAM_JOB", "x").runJenkinsfile().assertSuccess().steps());
        calls.addAll(Fixtures.release().param("DRY_RUN", true).runJenkinsfile().assertSuccess().steps());
        PipelineRun watch = Fixtures.harness()
                .respond("kataUpstreamTags", Map.of("pending", List.of("4.1.0"), "released", List.of()))
                .runJenkinsfile().assertSuccess();
        calls.addAll(watch.steps());

        Set<String> called = new TreeSet<>();
        for (StepCall c : calls) {
            StepSignature sig = signatures.get(c.name());
            if (sig == null || !PipelineHarness.PLUGIN_STEPS.contains(c.name())) {
                continue;
            }
            called.add(c.name());
            assertThat(c.positional()).as(c.toString()).isEmpty();
            assertThat(sig.all()).as(c.name() + " declares every parameter the library passes: " + c)
                    .containsAll(c.args().keySet());
            for (String required : sig.required()) {
                assertThat(c.args()).as(c.name() + " needs " + required + ": " + c).containsKey(required);
                assertThat(c.args().get(required)).as(c.name() + "." + required).isNotNull().isNotEqualTo("");
            }
        }
        assertThat(called).isEqualTo(PipelineHarness.PLUGIN_STEPS);
    }

    /** A step's function name and parameters, read from its source and its superclasses' in the same folder. */
    record StepSignature(String function, List<String> required, Set<String> optional) {
        private static final Pattern FUNCTION = Pattern.compile("static final String FUNCTION = \"(\\w+)\"");
        private static final Pattern CONSTRUCTOR = Pattern.compile("@DataBoundConstructor\\s+public\\s+\\w+\\(([^)]*)\\)");
        private static final Pattern SETTER = Pattern.compile("@DataBoundSetter\\s+public\\s+void\\s+set(\\w+)\\(");
        private static final Pattern EXTENDS = Pattern.compile("class\\s+\\w+\\s+extends\\s+(\\w+)");

        Set<String> all() {
            Set<String> s = new LinkedHashSet<>(required);
            s.addAll(optional);
            return s;
        }

        static Map<String, StepSignature> read(Path dir) throws IOException {
            Map<String, StepSignature> out = new HashMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith("Step.java")).toList()) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    Matcher fn = FUNCTION.matcher(text);
                    Matcher ctor = CONSTRUCTOR.matcher(text);
                    if (!fn.find() || !ctor.find()) {
                        continue; // abstract base classes
                    }
                    List<String> required = new ArrayList<>();
                    for (String p : ctor.group(1).split(",")) {
                        String[] words = p.trim().split("\\s+");
                        if (!p.isBlank()) {
                            required.add(words[words.length - 1]);
                        }
                    }
                    Set<String> optional = new LinkedHashSet<>();
                    for (Path cls = f; cls != null; ) {
                        String t = Files.readString(cls, StandardCharsets.UTF_8);
                        Matcher m = SETTER.matcher(t);
                        while (m.find()) {
                            optional.add(Character.toLowerCase(m.group(1).charAt(0)) + m.group(1).substring(1));
                        }
                        Matcher ext = EXTENDS.matcher(t);
                        Path parent = ext.find() ? dir.resolve(ext.group(1) + ".java") : null;
                        cls = parent != null && Files.isRegularFile(parent) ? parent : null;
                    }
                    out.put(fn.group(1), new StepSignature(fn.group(1), required, optional));
                }
            }
            return out;
        }
    }
}
