package io.katarelease.cli;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.CacheCommand;
import io.katarelease.core.build.CacheEntry;
import io.katarelease.core.build.CacheInspectCommand;
import io.katarelease.core.build.CacheListCommand;
import io.katarelease.core.build.CachePruneCommand;
import io.katarelease.core.build.ForeignTag;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"Show and tidy what the build cache holds: the local one and the remote one (a registry).", ""},
        subcommands = {CacheCli.Ls.class, CacheCli.Inspect.class, CacheCli.Prune.class})
final class CacheCli implements Runnable {
    @ParentCommand
    KataReleaseCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: ls, inspect or prune");
    }

    /** What the three subcommands share; a verb one level down (picocli's parent is {@link CacheCli}). */
    abstract static class Level implements Callable<Integer> {
        @ParentCommand
        CacheCli group;

        @Option(names = "--json", description = "Print the result (or the failure) as JSON on standard output.")
        boolean json;

        @Option(names = "--cache", paramLabel = "DIR",
                description = "The local build cache (default: $XDG_CACHE_HOME/kata-release/builds or"
                        + " ~/.cache/kata-release/builds).")
        Path cache;

        @Option(names = "--state", paramLabel = "DIR",
                description = "The release state whose ledgers tell which releases used a key (default: <work dir>/state).")
        Path state;

        @Mixin
        RemoteCacheOptions remote = new RemoteCacheOptions();

        CliContext ctx() {
            return group.parent.ctx;
        }

        <C extends CacheCommand<C, T>, T> C levels(C command, boolean withRemote) throws ReleaseException {
            return command.setCacheDir(cache).setStateDir(state).setRemoteCache(withRemote ? remote.open(ctx()) : null);
        }

        int run(String verb, Work work) {
            CliContext ctx = ctx();
            TerminalProgress progress = new TerminalProgress(ctx.err(), ctx.terminal(), group.parent.quiet);
            try {
                return work.run(ctx, progress);
            } catch (ReleaseException e) {
                return Outcomes.failure(ctx, verb, e, json, group.parent.verbose);
            }
        }

        interface Work {
            int run(CliContext ctx, TerminalProgress progress) throws ReleaseException;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"List the entries of both cache levels: component, version, size, when built and last used,"
                + " key, where, and the releases whose ledgers used the key.", ""})
    static final class Ls extends Level {
        @Override
        public Integer call() {
            return run("cache ls", (ctx, progress) -> {
                CacheListCommand.Result r = levels(new CacheListCommand(), true).call();
                return Outcomes.success(ctx, progress, "cache ls", json, r, r.warnings(), out -> print(out, r));
            });
        }

        private static void print(PrintWriter out, CacheListCommand.Result r) {
            if (r.entries().isEmpty()) {
                out.println("the build cache is empty" + (r.remote() == null ? " (no remote cache given)" : ""));
            } else {
                out.printf("%-7s %-10s %-12s %10s %-9s %-9s %-16s  %s%n", "LEVEL", "COMPONENT", "VERSION", "SIZE",
                        "BUILT", "USED", "KEY", "RELEASES  LOCATION");
            }
            Instant now = Instant.now();
            for (CacheEntry e : r.entries()) {
                out.printf("%-7s %-10s %-12s %10s %-9s %-9s %-16s  %s  %s%n", e.level(), e.component(),
                        e.version() == null ? "(damaged)" : e.version(), bytes(e.size()), ago(e.builtAt(), now),
                        ago(e.lastUsedAt(), now), e.shortKey(),
                        e.releases().isEmpty() ? "-" : String.join(",", e.releases()), e.location());
            }
            if (!r.foreign().isEmpty()) {
                out.println(r.foreign().size() + " tag(s) of " + r.remote() + " are not kata-release artefacts (left"
                        + " alone by prune): " + String.join(", ", r.foreign().stream().map(ForeignTag::tag).toList()));
            }
            out.flush();
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Show the full build record of one entry in both levels: inputs, command, environment,"
                + " artefact, and the manifest's annotations for the remote one.", ""})
    static final class Inspect extends Level {
        @Parameters(index = "0", paramLabel = "KEY-OR-TAG",
                description = "A cache key, its first digits (at least 6, as `cache ls` shows), or a tag <component>-<key>.")
        String query;

        @Override
        public Integer call() {
            return run("cache inspect", (ctx, progress) -> {
                CacheInspectCommand.Result r = levels(new CacheInspectCommand(), true).setQuery(query).call();
                return Outcomes.success(ctx, progress, "cache inspect", json, r, r.warnings(), out -> print(out, r));
            });
        }

        private static void print(PrintWriter out, CacheInspectCommand.Result r) {
            for (CacheInspectCommand.Inspected i : r.entries()) {
                CacheEntry e = i.entry();
                out.println(e.level() + " " + e.component() + " " + e.version() + " (" + bytes(e.size()) + ")");
                out.println("  key:       " + e.key());
                out.println("  location:  " + e.location());
                out.println("  built:     " + e.builtAt() + "; last used " + e.lastUsedAt());
                out.println("  releases:  " + (e.releases().isEmpty() ? "none recorded" : String.join(", ", e.releases())));
                if (i.record() == null) {
                    out.println("  record:    unreadable (the next build of this key replaces the entry)");
                } else {
                    out.println("  artefact:  " + i.record().artifact().file() + " (" + i.record().artifact().size()
                            + " bytes, sha256 " + i.record().artifact().sha256() + ")");
                    out.println("  command:   " + String.join(" ", i.record().command()));
                    out.println("  env:       " + i.record().environment());
                    out.println("  inputs:");
                    i.record().inputs().forEach(in -> out.printf("    %-7s %.16s  %s%n", in.kind(), in.sha256(), in.name()));
                }
                if (!i.annotations().isEmpty()) {
                    out.println("  annotations:");
                    i.annotations().forEach((k, v) -> out.println("    " + k + ": " + v.strip().replace("\n", "\n      ")));
                }
            }
            out.flush();
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Remove the entries no build used for longer than --unused-for (or all, with --all), from"
                + " both levels. An entry whose key a build on this machine holds is skipped. Remote entries are"
                + " removed by deleting their manifest (the registry must allow deletes; its garbage collection"
                + " frees the bytes). Nothing is removed without --unused-for or --all.", ""})
    static final class Prune extends Level {
        @Option(names = "--unused-for", paramLabel = "DURATION",
                description = "Remove entries last used longer ago than this: 30d, 12h, 90m, 1w2d (s, m, h, d, w).")
        String unusedFor;

        @Option(names = "--all", description = "Remove every entry (but those a build holds).")
        boolean all;

        @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
        boolean dryRun;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Only only = new Only();

        static final class Only {
            @Option(names = "--local-only", description = "Prune the local cache only (the registry is not contacted).")
            boolean local;

            @Option(names = "--remote-only", description = "Prune the remote cache only.")
            boolean remote;
        }

        @Override
        public Integer call() {
            return run("cache prune", (ctx, progress) -> {
                CachePruneCommand.Result r = levels(new CachePruneCommand(), !only.local).setUnusedFor(unusedFor)
                        .setAll(all).setDryRun(dryRun).setLevels(!only.remote, !only.local).call();
                return Outcomes.success(ctx, progress, "cache prune", json, r, r.warnings(), out -> print(out, r));
            });
        }

        private static void print(PrintWriter out, CachePruneCommand.Result r) {
            String verb = r.dryRun() ? "would remove " : "removed ";
            out.println(verb + r.removed().size() + " entries, " + bytes(r.bytesFreed()) + " ("
                    + (r.unusedFor() == null ? "all" : "unused for " + r.unusedFor()) + ")"
                    + (r.removed().stream().anyMatch(e -> e.level().equals(CacheEntry.REMOTE))
                            ? "; the registry frees remote bytes at its next garbage collection" : ""));
            r.removed().forEach(e -> out.println("  " + e.level() + " " + e.component() + " " + e.version() + " "
                    + e.shortKey() + " " + bytes(e.size()) + "  " + e.location()));
            r.skipped().forEach(s -> out.println("skipped " + s.entry().level() + " " + s.entry().component() + " "
                    + s.entry().shortKey() + ": " + s.why() + "; run prune again once that build ended"));
            out.println("kept " + r.kept() + " entries used more recently");
            out.flush();
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String ago(String time, Instant now) {
        if (time == null) {
            return "?";
        }
        Duration d = Duration.between(Instant.parse(time), now);
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + "s ago" : s < 7200 ? s / 60 + "m ago" : s < 172800 ? s / 3600 + "h ago" : s / 86400 + "d ago";
    }
}
