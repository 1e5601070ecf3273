package io.katarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.katarelease.core.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The engine names settings in its own words; the CLI names each by a flag that exists. */
class FlagsTest {
    @TempDir
    Path tmp;

    @Test
    void everySettingHasAFlagThatSomeCommandTakes() {
        Set<String> options = allOptions();
        for (Setting s : Setting.values()) {
            assertThat(Flags.of(s)).as(s.name()).isNotNull().startsWith("--");
            assertThat(options).as("the flag %s of %s is an option of some command", Flags.of(s), s)
                    .contains(Flags.of(s));
        }
    }

    @Test
    void aMessageCarriesTheWordsOfItsSettingsOnceEach() {
        assertThat(Flags.withSettings("m", List.of(), Flags::of)).isEqualTo("m");
        assertThat(Flags.withSettings("m", List.of(Setting.UNUSED_FOR, Setting.PRUNE_ALL), Flags::of))
                .isEqualTo("m (--unused-for, --all)");
        assertThat(Flags.withSettings("m", List.of(Setting.GIT_TOKEN, Setting.GITHUB_TOKEN), s -> "credentialsId"))
                .isEqualTo("m (credentialsId)");
        assertThat(Flags.withSettings("m", List.of(Setting.SANDBOX_DIR), s -> null)).isEqualTo("m");
    }

    @Test
    void aFailureNamesTheFlagInTextAndInJson() throws Exception {
        CliRun run = CliRun.of(Map.of(), "package", "--release-tag", "a b", "--artifacts", tmp.toString(),
                "--out", tmp.resolve("out").toString(), "--json");

        String expected = "release tag 'a b' contains white space or control characters (--release-tag)";
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.err()).contains("kata-release package: " + expected);
        JsonNode error = run.json().get("error");
        assertThat(error.get("message").asText()).isEqualTo(expected);
        assertThat(error.get("reason").asText()).isEqualTo("INVALID_INPUT");
    }

    @Test
    void aContextNamesSettingsInItsOwnWords() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext jenkinsLike = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), false,
                s -> s == Setting.RELEASE_TAG ? "releaseTag" : null);

        int code = Main.run(jenkinsLike, "package", "--release-tag", "-x", "--artifacts", tmp.toString(),
                "--out", tmp.resolve("out").toString());

        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("release tag '-x' starts with '-'", "(releaseTag)")
                .doesNotContain("(--release-tag)");
    }

    /** @return every option name of every command and subcommand */
    static Set<String> allOptions() {
        Set<String> names = new TreeSet<>();
        Deque<CommandLine> todo = new ArrayDeque<>();
        todo.add(new CommandLine(new KataReleaseCommand(new CliContext(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Map.of(), false))));
        while (!todo.isEmpty()) {
            CommandLine c = todo.removeFirst();
            for (OptionSpec o : c.getCommandSpec().options()) {
                names.addAll(List.of(o.names()));
            }
            todo.addAll(c.getSubcommands().values());
        }
        return names;
    }
}
