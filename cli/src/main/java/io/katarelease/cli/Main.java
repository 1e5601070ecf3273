package io.katarelease.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code bin/kata-release}: the command-line way into the release engine. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(new CliContext(out, err, System.getenv(), System.console() != null), args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the CLI without exiting the JVM.
     *
     * @return the exit code (see {@link ExitCodes})
     */
    public static int run(CliContext ctx, String... args) {
        KataReleaseCommand top = new KataReleaseCommand(ctx);
        CommandLine cli = new CommandLine(top)
                .setOut(ctx.out())
                .setErr(ctx.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    ctx.err().println("kata-release: internal error: " + e
                            + (top.verbose ? "" : " (run with --verbose for the stack trace, and report it)"));
                    if (top.verbose) {
                        e.printStackTrace(ctx.err());
                    }
                    return ExitCodes.INTERNAL_ERROR;
                });
        int code = cli.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }
}
