package io.katarelease.cli;

import io.katarelease.core.Setting;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;

/**
 * What a command may touch of the outside world: its output streams, the environment, and
 * whether a person is watching. Passed in, so tests run the real CLI without a subprocess.
 *
 * @param out results (human text or JSON)
 * @param err progress, warnings and errors
 * @param env the process environment
 * @param terminal whether the error stream is a terminal (progress that updates in place)
 * @param settingNames how a failure names the settings it is about: the CLI's flags, or (when the
 *     Jenkins agent runner runs the commands) the step's parameters; null for a setting it has no word for
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal,
        Function<Setting, String> settingNames) {
    /** A context whose failures name the CLI's flags. */
    public CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal) {
        this(out, err, env, terminal, Flags::of);
    }
}
