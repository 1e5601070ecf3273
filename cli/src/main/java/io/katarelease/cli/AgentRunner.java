package io.katarelease.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The process the Jenkins plugin leaves running on an agent: it runs a list of CLI commands from
 * {@code <control dir>/commands.json} one after the other and records everything in files of that
 * directory, so that a controller (or agent JVM) restart loses nothing and a new controller can
 * pick up where the old one stopped reading:
 * <ul>
 *   <li>{@code log}: the commands' progress and errors (their standard error), appended;</li>
 *   <li>{@code result-<i>.json}: command i's {@code --json} document (its standard output);</li>
 *   <li>{@code exit-<i>}: its exit code, written once it has finished;</li>
 *   <li>{@code done}: the last exit code, written when the runner stops.</li>
 * </ul>
 * A command that fails stops the list. Secrets arrive by environment only, never in the file.
 */
public final class AgentRunner {
    private AgentRunner() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp kata-release.jar " + AgentRunner.class.getName() + " CONTROL_DIR");
            System.exit(ExitCodes.USAGE);
        }
        System.exit(run(Path.of(args[0]), System.getenv()));
    }

    /** @return the exit code of the last command run */
    static int run(Path control, java.util.Map<String, String> env) throws IOException {
        JsonNode spec = new ObjectMapper().readTree(control.resolve("commands.json").toFile());
        List<List<String>> commands = new ArrayList<>();
        for (JsonNode command : spec.path("commands")) {
            List<String> argv = new ArrayList<>();
            command.forEach(a -> argv.add(a.asText()));
            commands.add(argv);
        }
        int code = ExitCodes.OK;
        try (OutputStream log = new FileOutputStream(control.resolve("log").toFile(), true);
                PrintWriter err = new PrintWriter(new OutputStreamWriter(log, StandardCharsets.UTF_8), true)) {
            for (int i = 0; i < commands.size(); i++) {
                List<String> argv = commands.get(i);
                err.println("+ kata-release " + String.join(" ", argv));
                Path result = control.resolve("result-" + i + ".json");
                try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(result, StandardCharsets.UTF_8))) {
                    code = Main.run(new CliContext(out, err, env, false), argv.toArray(String[]::new));
                }
                writeAtomically(control.resolve("exit-" + i), Integer.toString(code));
                if (code != ExitCodes.OK) {
                    break;
                }
            }
        }
        writeAtomically(control.resolve("done"), Integer.toString(code));
        return code;
    }

    /** Readers poll these files: they must see nothing or everything. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
