package io.katarelease.core.release;

import io.katarelease.core.build.BuildRecord;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.packaging.PackageResult;
import io.katarelease.core.publish.PublishResult;
import io.katarelease.core.sync.SyncResult;
import io.katarelease.core.verify.VerifyResult;
import java.util.List;

/**
 * The whole job's outcome.
 *
 * @param dryRun whether only the plan was computed
 * @param releaseTag the release tag
 * @param stages each stage and what this run did with it
 * @param sync the sync's result (refs, carried and dropped commits)
 * @param inspect the release's components and patch series
 * @param builds one record per component built or taken from the cache (empty in a dry run)
 * @param packaged the package (null in a dry run)
 * @param verification the checks of the tarball before publishing (null in a dry run)
 * @param published the publication (null in a dry run)
 * @param ledger the ledger file
 */
public record ReleaseResult(boolean dryRun, String releaseTag, List<StageOutcome> stages, SyncResult sync,
        InspectResult inspect, List<BuildRecord> builds, PackageResult packaged, VerifyResult verification,
        PublishResult published, String ledger) {

    /**
     * One stage of the run.
     *
     * @param name the stage ({@code sync}, {@code checkout}, {@code build qemu} …)
     * @param action {@code ran}, {@code skipped} (done before with the same inputs) or {@code planned}
     * @param detail a short description
     */
    public record StageOutcome(String name, String action, String detail) {}
}
