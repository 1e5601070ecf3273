package io.katarelease.core.release;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.git.CacheRepository;
import io.katarelease.core.git.WorkTrees;
import io.katarelease.core.inspect.InspectCommand;
import io.katarelease.core.sync.SyncCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Reads the release commit's components and patch series, and checks the commit out into
 * {@code <state>/<release tag>/checkout} for the builds; skipped while the ledger has the same
 * commit checked out there. A dry run checks out into a scratch folder that goes with the run.
 */
final class CheckoutStage implements ReleaseStage {
    /** A dry run's scratch folders in the state begin with this. */
    static final String PLAN_PREFIX = ".plan-";

    @Override
    public String name() {
        return ReleaseStages.CHECKOUT;
    }

    @Override
    public void run(ReleaseRun run) throws ReleaseException, IOException {
        CacheRepository cache = inspect(run);
        String commit = run.synced().releaseCommit();
        Path checkout = run.releaseDir().resolve("checkout");
        Map<String, String> inputs = Map.of("releaseCommit", commit);
        run.checkout(checkout);
        if (run.ledger().done(ReleaseStages.CHECKOUT, inputs).isPresent() && Files.isDirectory(checkout)) {
            run.outcome(ReleaseStages.CHECKOUT, "skipped", checkout.toString());
            return;
        }
        run.progress().step("stage checkout: " + commit + " into " + checkout);
        WorkTrees.checkout(cache.repository(), ObjectId.fromString(commit), checkout);
        run.record(ReleaseStages.CHECKOUT, inputs, Map.of("dir", checkout.toString()));
        run.outcome(ReleaseStages.CHECKOUT, "ran", checkout.toString());
    }

    @Override
    public void plan(ReleaseRun run) throws ReleaseException, IOException {
        CacheRepository cache = inspect(run);
        // The planned release commit exists in the cache: check it out to a scratch folder to
        // compute the build keys and look them up; the folder goes when the run closes.
        ScratchDirectory scratch = run.closeLater(ScratchDirectory.create(run.state(), PLAN_PREFIX));
        Path checkout = scratch.path().resolve("checkout");
        WorkTrees.checkout(cache.repository(), ObjectId.fromString(run.synced().releaseCommit()), checkout);
        run.checkout(checkout);
    }

    private static CacheRepository inspect(ReleaseRun run) throws ReleaseException, IOException {
        SyncCommand sync = run.settings().sync();
        CacheRepository cache = run.closeLater(CacheRepository.open(sync.workDir(),
                List.of(sync.upstream(), sync.fork()), run.progress(), sync.lockTimeout()));
        run.inspected(cache, new InspectCommand().setRepository(cache.repository())
                .setRef(run.synced().releaseCommit()).setBaseRef(run.synced().upstreamTagCommit()).call());
        return cache;
    }
}
