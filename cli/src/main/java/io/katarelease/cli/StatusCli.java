package io.katarelease.cli;

import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.release.ReleaseStages;
import io.katarelease.core.sync.SyncCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a release's stages in order from its ledger: what finished, when, with which inputs,"
                + " and what is still to do.", ""})
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
            List<ReleaseStages.Status> stages = ReleaseStages.status(ledger);
            return Outcomes.success(ctx, progress, "status", json, jsonOf(key, stages), List.of(),
                    out -> printHuman(out, key, ledger.file(), stages));
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

    /** The finished stages by name and the names still to do, both in the release's order. */
    private static Map<String, Object> jsonOf(String key, List<ReleaseStages.Status> stages) {
        Map<String, Ledger.Stage> done = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        for (ReleaseStages.Status s : stages) {
            if (s.done()) {
                done.put(s.name(), s.record());
            } else {
                pending.add(s.name());
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("releaseTag", key);
        result.put("stages", done);
        result.put("pending", pending);
        return result;
    }

    private static void printHuman(PrintWriter out, String key, Path ledger, List<ReleaseStages.Status> stages) {
        out.println("release " + key + " (" + ledger + ")");
        for (ReleaseStages.Status s : stages) {
            out.printf("  %-14s %s%n", s.name(), s.done() ? "done " + s.record().finishedAt() + "  "
                    + new TreeMap<>(s.record().outputs()) : "not done");
        }
        out.flush();
    }
}
