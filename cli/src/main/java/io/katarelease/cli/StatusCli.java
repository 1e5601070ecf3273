package io.katarelease.cli;

import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.sync.SyncCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a release's stages from its ledger: what finished, when, with which inputs.", ""})
final class StatusCli extends Verb {
    @Option(names = "--tag", required = true, paramLabel = "TAG",
            description = "A release tag, or an upstream tag (its newest release is shown).")
    String tag;

    @Option(names = "--state", paramLabel = "DIR", description = "The release state (default: <work dir>/state).")
    Path state;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = ctx();
        TerminalProgress progress = progress();
        try {
            RefNames.checkName("--tag", tag, "tags");
            Path dir = state == null ? SyncCommand.defaultWorkDir().resolve("state") : state;
            String key = ledgerKey(dir);
            Ledger ledger = Ledger.open(dir, key);
            Map<String, Ledger.Stage> stages = ledger.stages();
            return Outcomes.success(ctx, progress, "status", json, Map.of("releaseTag", key, "stages", stages),
                    List.of(), out -> printHuman(out, key, ledger));
        } catch (ReleaseException e) {
            return Outcomes.failure(ctx, "status", e, json, parent.verbose);
        }
    }

    private String ledgerKey(Path dir) throws IOException, NotFoundException {
        if (Files.isRegularFile(dir.resolve(tag + ".json"))) {
            return tag;
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(tag + "-") && n.endsWith(".json"))
                        .map(n -> n.substring(0, n.length() - ".json".length()))
                        .max(Comparator.comparing(n -> n, RefNames.VERSION_ORDER))
                        .orElseThrow(() -> new NotFoundException("no ledger for " + Texts.quote(tag) + " in " + dir));
            }
        }
        throw new NotFoundException("no release state in " + dir + "; run kata-release release first");
    }

    private static void printHuman(PrintWriter out, String key, Ledger ledger) {
        out.println("release " + key + " (" + ledger.file() + ")");
        for (String stage : List.of("sync", "checkout", "build qemu", "build kernel", "package", "verify", "publish")) {
            Ledger.Stage s = ledger.stages().get(stage);
            out.printf("  %-14s %s%n", stage, s == null ? "not done" : "done " + s.finishedAt() + "  " + s.outputs());
        }
        out.flush();
    }
}
