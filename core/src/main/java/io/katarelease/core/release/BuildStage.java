package io.katarelease.core.release;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.BuildCommand;
import io.katarelease.core.build.BuildRecord;
import io.katarelease.core.build.BuildResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds the components in parallel, each through the build cache (local, then the registry when
 * one is set), into {@code <state>/<release tag>/artifacts}, and records each. Never skipped from
 * the ledger: the cache is what makes a finished build free, and it checks the bytes.
 */
final class BuildStage implements ReleaseStage {
    private final List<String> targets;

    BuildStage(List<String> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public String name() {
        return ReleaseStages.BUILD;
    }

    @Override
    public List<String> names() {
        return targets.stream().map(ReleaseStages::build).toList();
    }

    @Override
    public void run(ReleaseRun run) throws ReleaseException, IOException {
        Path artifacts = run.releaseDir().resolve("artifacts");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, targets.size()));
        try {
            Map<String, Future<BuildResult>> running = new LinkedHashMap<>();
            for (String c : targets) {
                run.progress().step("stage build " + c);
                BuildCommand build = run.settings().build(c).setCheckout(run.checkout()).setOutDir(artifacts)
                        .setRemoteCache(run.settings().remoteCache()).setProgress(run.progress());
                running.put(c, pool.submit(build::call));
            }
            List<BuildRecord> records = new ArrayList<>();
            for (Map.Entry<String, Future<BuildResult>> r : running.entrySet()) {
                BuildResult result = join(r.getValue());
                records.add(result.record());
                run.record(ReleaseStages.build(r.getKey()), Map.of("cacheKey", result.record().cacheKey()),
                        Map.of("artifact", result.artifact(), "sha256", result.record().artifact().sha256()));
                run.outcome(ReleaseStages.build(r.getKey()), result.record().fromCache() ? "skipped" : "ran",
                        result.describeSource());
            }
            run.builds(records);
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void plan(ReleaseRun run) throws ReleaseException {
        for (String c : targets) {
            BuildCommand.BuildPlan plan = run.settings().build(c).setCheckout(run.checkout()).plan();
            run.outcome(ReleaseStages.build(c), "planned", (plan.hit() ? "cache hit " : "cache miss, would build ")
                    + plan.version() + " with " + plan.series().size() + " patches (key "
                    + plan.cacheKey().substring(0, 16) + ")");
        }
    }

    private static BuildResult join(Future<BuildResult> f) throws ReleaseException, IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReleaseException r) {
                throw r;
            }
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building", e);
        }
    }
}
