package io.katarelease.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What every verb has: the top command (context, verbosity), {@code --json}, and its progress. */
abstract class Verb implements Callable<Integer> {
    @ParentCommand
    KataReleaseCommand parent;

    @Option(names = "--json", description = "Print the result (or the failure) as JSON on standard output.")
    boolean json;

    /** @return the run's context */
    CliContext ctx() {
        return parent.ctx;
    }

    /** @return progress on the error stream, quiet with {@code -q} */
    TerminalProgress progress() {
        return new TerminalProgress(parent.ctx.err(), parent.ctx.terminal(), parent.quiet);
    }
}
