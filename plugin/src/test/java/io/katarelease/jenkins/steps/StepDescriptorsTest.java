package io.katarelease.jenkins.steps;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.FilePath;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What Jenkins needs to find, bind and document each step: a static nested {@code @Extension}
 * DescriptorImpl with the exact function name, a getter per parameter, and for the Snippet
 * Generator a config.jelly entry and a help file per parameter.
 */
class StepDescriptorsTest {
    static Stream<Object[]> steps() {
        return Stream.of(
                new Object[] {KataUpstreamTagsStep.class, "kataUpstreamTags"},
                new Object[] {KataSyncForkStep.class, "kataSyncFork"},
                new Object[] {KataBuildQemuStep.class, "kataBuildQemu"},
                new Object[] {KataBuildKernelStep.class, "kataBuildKernel"},
                new Object[] {KataPackageReleaseStep.class, "kataPackageRelease"},
                new Object[] {KataVerifyReleaseStep.class, "kataVerifyRelease"},
                new Object[] {KataPublishReleaseStep.class, "kataPublishRelease"});
    }

    @ParameterizedTest
    @MethodSource("steps")
    void descriptorIsFoundAndNamed(Class<? extends Step> step, String function) throws Exception {
        Class<?> impl = Class.forName(step.getName() + "$DescriptorImpl");
        assertThat(Modifier.isStatic(impl.getModifiers())).isTrue();
        assertThat(impl.isAnnotationPresent(Extension.class)).isTrue();
        StepDescriptor d = (StepDescriptor) impl.getDeclaredConstructor().newInstance();
        assertThat(d.getFunctionName()).isEqualTo(function).matches("[a-z][A-Za-z0-9_]*");
        assertThat(d.getDisplayName()).startsWith("kata-release: ");
        assertThat(d.getRequiredContext().contains(FilePath.class)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("steps")
    void everyParameterHasAGetterAFormEntryAndHelp(Class<? extends Step> step, String function) throws Exception {
        Map<String, Boolean> parameters = parameters(step);
        assertThat(parameters).isNotEmpty();
        String jelly = resource(step, "config.jelly");
        List<String> fields = new ArrayList<>();
        Matcher m = Pattern.compile("field=\"([A-Za-z]+)\"").matcher(jelly);
        while (m.find()) {
            fields.add(m.group(1));
        }
        assertThat(fields).containsExactlyInAnyOrderElementsOf(parameters.keySet());
        assertThat(resource(step, "help.html")).contains("<pre>").contains(function);
        for (String p : parameters.keySet()) {
            String cap = Character.toUpperCase(p.charAt(0)) + p.substring(1);
            Method getter = find(step, "get" + cap, "is" + cap);
            assertThat(getter).as("getter of %s", p).isNotNull();
            assertThat(resource(step, "help-" + p + ".html")).as("help-%s.html", p).contains("<div>");
            // Mandatory parameters are in the constructor and shown first, optional ones under Advanced.
            int advanced = jelly.indexOf("<f:advanced>");
            int at = jelly.indexOf("field=\"" + p + "\"");
            assertThat(parameters.get(p) ? advanced < 0 || at < advanced : at > advanced).as("placement of %s", p).isTrue();
        }
    }

    /** @return parameter name to whether it is mandatory (constructor) */
    private static Map<String, Boolean> parameters(Class<?> step) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Constructor<?> c : step.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    assertThat(p.isNamePresent()).isTrue();
                    out.put(p.getName(), true);
                }
            }
        }
        for (Method setter : step.getMethods()) {
            if (setter.isAnnotationPresent(DataBoundSetter.class)) {
                String n = setter.getName().substring(3);
                out.put(Character.toLowerCase(n.charAt(0)) + n.substring(1), false);
            }
        }
        return out;
    }

    private static Method find(Class<?> c, String... names) {
        for (String n : names) {
            try {
                return c.getMethod(n);
            } catch (NoSuchMethodException e) {
                // next
            }
        }
        return null;
    }

    private static String resource(Class<?> step, String name) throws Exception {
        try (InputStream in = step.getResourceAsStream(step.getSimpleName() + "/" + name)) {
            assertThat(in).as("%s/%s", step.getSimpleName(), name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
