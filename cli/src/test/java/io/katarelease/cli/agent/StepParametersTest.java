package io.katarelease.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.katarelease.core.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each setting a Jenkins step can give is named by that step parameter. The step classes live in
 * the plugin, which this module does not see: their sources are read instead.
 */
class StepParametersTest {
    /** What no step gives: the release ledger, pruning the cache and the sandbox are the CLI's alone. */
    private static final Set<Setting> CLI_ONLY = Set.of(Setting.DISCARD_DAMAGED_STATE, Setting.UNUSED_FOR,
            Setting.PRUNE_ALL, Setting.REMOTE_ONLY, Setting.SANDBOX_DIR);

    @Test
    void everySettingAStepGivesIsNamedByAParameterOfSomeStep() throws IOException {
        Set<String> parameters = stepParameters();
        assertThat(parameters).as("the step classes' parameters").contains("releaseTag", "credentialsId");
        for (Setting s : Setting.values()) {
            String name = StepParameters.of(s);
            if (CLI_ONLY.contains(s)) {
                assertThat(name).as(s.name()).isNull();
            } else {
                assertThat(parameters).as("%s's parameter %s is a parameter of some step", s, name).contains(name);
            }
        }
    }

    /** @return the names of every step's constructor parameters and setters */
    private static Set<String> stepParameters() throws IOException {
        Path steps = stepsSources();
        Set<String> names = new TreeSet<>();
        Pattern setter = Pattern.compile("@DataBoundSetter\\s+public\\s+void\\s+set(\\w+)\\(");
        Pattern constructor = Pattern.compile("@DataBoundConstructor\\s+public\\s+\\w+\\(([^)]*)\\)");
        try (Stream<Path> files = Files.list(steps)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                for (Matcher m = setter.matcher(text); m.find(); ) {
                    names.add(m.group(1).substring(0, 1).toLowerCase(Locale.ROOT) + m.group(1).substring(1));
                }
                for (Matcher m = constructor.matcher(text); m.find(); ) {
                    for (String parameter : m.group(1).split(",")) {
                        List<String> words = List.of(parameter.strip().split("\\s+"));
                        if (!parameter.isBlank()) {
                            names.add(words.get(words.size() - 1));
                        }
                    }
                }
            }
        }
        return names;
    }

    /** @return the plugin's step sources, wherever the plugin module sits in the project */
    private static Path stepsSources() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path tail = Path.of("src/main/java/io/katarelease/jenkins/steps");
        try (Stream<Path> dirs = Files.walk(root, 10)) {
            List<Path> found = dirs.filter(d -> d.endsWith(tail) && Files.isDirectory(d))
                    .filter(d -> !d.toString().contains("/target/") && !d.toString().contains("/.git/")).toList();
            assertThat(found).as("the plugin's step classes under " + root).hasSize(1);
            return found.get(0);
        }
    }
}
