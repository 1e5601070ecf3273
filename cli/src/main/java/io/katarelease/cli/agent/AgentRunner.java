package io.katarelease.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.katarelease.cli.CliContext;
import io.katarelease.cli.ExitCodes;
import io.katarelease.cli.Main;
import io.katarelease.core.IoFault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The process a kata-release Pipeline step runs on its agent, started by Jenkins' durable-task
 * machinery the way {@code sh} starts a script: {@code java -cp kata-release.jar
 * io.katarelease.cli.agent.AgentRunner CONTROL_DIR}. It runs the request's CLI commands in this
 * JVM one after the other (a failure stops the list), prints their progress on standard error
 * (Jenkins copies it to the build log, and keeps reading it across controller restarts), and
 * writes the step's outcome to {@link AgentProtocol#OUTCOME_FILE}.
 *
 * <p>The step's token arrives in a 0600 file that is read and deleted before any command starts,
 * and reaches the commands through their environment map only: it is never in this process's
 * environment or arguments, where other processes could read it.
 */
public final class AgentRunner {
    /** How long the commands' child processes get to end after a stop before they are killed. */
    private static final long STOP_GRACE_SECONDS = 5;

    private AgentRunner() {}

    public static void main(String[] args) throws IOException {
        io.katarelease.cli.ProcessGuard.closeToSameUser(); // before the token file is read
        io.katarelease.cli.Main.tuneHttpClient();
        if (args.length != 1) {
            System.err.println("usage: java -cp kata-release.jar " + AgentRunner.class.getName() + " CONTROL_DIR");
            System.exit(ExitCodes.USAGE);
        }
        // Jenkins stops a step with SIGTERM to the processes that carry its cookie; children that
        // were started with a clean environment (verify's program run) do not, so end them here.
        Runtime.getRuntime().addShutdownHook(new Thread(AgentRunner::stopChildren, "kata-release-stop-children"));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code;
        try {
            code = run(Path.of(args[0]), System.getenv(), Path.of("").toAbsolutePath(), err);
        } catch (IOException | UncheckedIOException e) {
            code = ownFailure(e, err);
        }
        System.exit(code);
    }

    /**
     * The runner's own I/O failed (the request, the token or the outcome file): it is named in the
     * log the way the CLI names such a failure, and its exit code is the CLI's; the plugin, finding
     * no outcome, points to the log.
     *
     * @return the exit code
     */
    static int ownFailure(Exception e, PrintWriter err) {
        Optional<IoFault> fault = IoFault.classify(e);
        err.println("kata-release agent: " + fault.map(IoFault::message).orElse("internal error: " + e));
        if (fault.isEmpty() || fault.get().kind() == IoFault.Kind.IO_ERROR) {
            e.printStackTrace(err); // as a bug would be
        }
        err.flush();
        return fault.flatMap(IoFault::asFailure).map(f -> ExitCodes.of(f.reason())).orElse(ExitCodes.INTERNAL_ERROR);
    }

    /**
     * Runs a request and records its outcome.
     *
     * @param control the control directory the plugin prepared
     * @param processEnv the environment the commands see (plus the token, if any)
     * @param workspace where the commands run
     * @param err where progress goes
     * @return the exit code of the last command run
     */
    static int run(Path control, Map<String, String> processEnv, Path workspace, PrintWriter err) throws IOException {
        String token = takeToken(control); // first: the file exists for as short a time as can be
        StepRequest request = StepRequest.read(control.resolve(AgentProtocol.REQUEST_FILE));
        Map<String, String> env = new HashMap<>(processEnv);
        if (token != null && request.secretVariable() != null) {
            env.put(request.secretVariable(), token);
        }
        List<Integer> exits = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        int code = ExitCodes.OK;
        for (List<String> argv : request.commands()) {
            err.println("+ kata-release " + String.join(" ", argv));
            StringWriter out = new StringWriter();
            // A failure names the step's parameters (releaseTag), not the CLI's flags.
            code = Main.run(new CliContext(new PrintWriter(out), err, env, false, StepParameters::of),
                    argv.toArray(String[]::new));
            err.flush();
            exits.add(code);
            documents.add(out.toString());
            if (code != ExitCodes.OK) {
                break;
            }
        }
        StepResults.Outcome outcome = StepResults.outcome(request, exits, documents, workspace);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(AgentProtocol.RESULT, outcome.result());
        json.put(AgentProtocol.SUMMARY, outcome.summary());
        json.put(AgentProtocol.FAILURE, outcome.failure());
        writeAtomically(control.resolve(AgentProtocol.OUTCOME_FILE), new ObjectMapper().writeValueAsBytes(json));
        return code;
    }

    /** @return the token the plugin left, or null; the file is gone before this returns */
    private static String takeToken(Path control) throws IOException {
        Path file = control.resolve(AgentProtocol.TOKEN_FILE);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            String token = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return token.isEmpty() ? null : token;
        } catch (NoSuchFileException e) {
            return null;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The plugin reads the outcome once the process has exited: it must see all of it or none. */
    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void stopChildren() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
