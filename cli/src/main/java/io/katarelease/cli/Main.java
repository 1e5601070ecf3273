package io.katarelease.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import io.katarelease.core.IoFault;
import picocli.CommandLine;

/** {@code bin/kata-release}: the command-line way into the release engine. */
public final class Main {
    private Main() {}

    /** Names a file (bin/kata-release: a pipe on descriptor 3) holding {@code NAME=token} lines. */
    static final String SECRETS_PROPERTY = "kata-release.secrets";

    /** The JDK HTTP client's read buffer: its 16 KiB default makes registry downloads CPU-bound. */
    static final String HTTP_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    public static void main(String[] args) {
        // Before any token is read: from here on, no other process of this user (a build script
        // this run starts, say) can read this one's memory or /proc entries.
        ProcessGuard.closeToSameUser();
        tuneHttpClient();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Map<String, String> env = new HashMap<>(System.getenv());
        String secrets = System.getProperty(SECRETS_PROPERTY);
        if (secrets != null) {
            try {
                env.putAll(readSecrets(Path.of(secrets)));
            } catch (IOException e) {
                err.println("kata-release: cannot read the tokens handed over in " + secrets + " ("
                        + e.getClass().getSimpleName() + ")");
                System.exit(ExitCodes.INVALID_INPUT);
            }
        }
        int code = run(new CliContext(out, err, Map.copyOf(env), System.console() != null), args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Sets a 1 MiB HTTP read buffer unless the user chose one; before the first HTTP client exists. */
    public static void tuneHttpClient() {
        if (System.getProperty(HTTP_BUFFER_PROPERTY) == null) {
            System.setProperty(HTTP_BUFFER_PROPERTY, String.valueOf(1 << 20));
        }
    }

    /** @return the {@code NAME=value} lines of a token hand-over, read once (a pipe can be read once only) */
    static Map<String, String> readSecrets(Path file) throws IOException {
        Map<String, String> secrets = new HashMap<>();
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && eq < line.length() - 1) {
                secrets.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return secrets;
    }

    /**
     * Runs the CLI without exiting the JVM.
     *
     * @return the exit code (see {@link ExitCodes})
     */
    public static int run(CliContext ctx, String... args) {
        KataReleaseCommand top = new KataReleaseCommand(ctx);
        CommandLine cli = new CommandLine(top);
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.descriptions());
        cli = cli.setOut(ctx.out())
                .setErr(ctx.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // Faults of the file system and the network are not bugs: named, with their own
                    // exit code. Other I/O errors are named too, and stay exit 1.
                    Optional<IoFault> fault = IoFault.classify(e);
                    if (fault.isPresent() && fault.get().failure() != null) {
                        boolean json = cmd.getCommand() instanceof Verb v ? v.json
                                : cmd.getCommand() instanceof CacheCli.Level l && l.json;
                        return Outcomes.failure(ctx, cmd.getCommandName(), fault.get().failure(), json, top.verbose);
                    }
                    if (fault.isPresent()) {
                        return Outcomes.ioError(ctx, cmd.getCommandName(), fault.get(), e, top.verbose);
                    }
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
