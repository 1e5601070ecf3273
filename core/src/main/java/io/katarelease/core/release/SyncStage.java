package io.katarelease.core.release;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.sync.SyncResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Syncs the fork (mirror, rebase, release branch and tag) and opens the release's ledger, named
 * after the release tag the sync chose. Always runs: a synced fork makes it a no-op, and it is
 * what tells whether upstream moved since the last run.
 */
final class SyncStage implements ReleaseStage {
    /** What a killed checkout left in the release's folder begins with this. */
    static final String CHECKOUT_SCRATCH_PREFIX = ".checkout.";

    @Override
    public String name() {
        return ReleaseStages.SYNC;
    }

    @Override
    public void run(ReleaseRun run) throws ReleaseException, IOException {
        SyncResult synced = sync(run);
        // Under the state lock: what a killed run left in this release's folder goes.
        Path releaseDir = run.releaseDir();
        AtomicFiles.sweep(releaseDir);
        ScratchDirectory.sweep(releaseDir, CHECKOUT_SCRATCH_PREFIX);
        run.record(ReleaseStages.SYNC, Map.of("tag", synced.upstreamTag(), ReleaseStages.COMPONENTS,
                String.join(",", run.settings().targets())), outputs(synced));
    }

    @Override
    public void plan(ReleaseRun run) throws ReleaseException, IOException {
        sync(run);
    }

    private static SyncResult sync(ReleaseRun run) throws ReleaseException, IOException {
        run.progress().step("stage sync");
        SyncResult synced = run.settings().sync().call();
        Ledger ledger = Ledger.open(run.state(), synced.releaseTag());
        run.synced(synced, ledger);
        Map<String, String> outputs = outputs(synced);
        ledger.last(ReleaseStages.SYNC).filter(s -> !s.outputs().equals(outputs)).ifPresent(s -> run.progress().warn(
                "inputs changed since the last run (" + s.outputs() + " now " + outputs + "); later stages are"
                        + " redone"));
        run.outcome(ReleaseStages.SYNC, synced.status() == SyncResult.Status.DRY_RUN ? "planned" : "ran",
                synced.status().name().toLowerCase(Locale.ROOT) + " " + synced.releaseTag());
        return synced;
    }

    private static Map<String, String> outputs(SyncResult synced) {
        return Map.of("releaseCommit", synced.releaseCommit(), "upstreamTagCommit", synced.upstreamTagCommit());
    }
}
