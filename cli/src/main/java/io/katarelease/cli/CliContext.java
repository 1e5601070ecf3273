package io.katarelease.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may touch of the outside world: its output streams, the environment, and
 * whether a person is watching. Passed in, so tests run the real CLI without a subprocess.
 *
 * @param out results (human text or JSON)
 * @param err progress, warnings and errors
 * @param env the process environment
 * @param terminal whether the error stream is a terminal (progress that updates in place)
 */
public record CliContext(PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal) {}
