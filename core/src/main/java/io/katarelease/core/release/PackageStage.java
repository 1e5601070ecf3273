package io.katarelease.core.release;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.Digests;
import io.katarelease.core.packaging.PackageCommand;
import io.katarelease.core.packaging.PackageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packages the built components into {@code <release tag>-x86_64.tar.xz} with its SHA256SUMS and
 * report in {@code <state>/<release tag>/assets}; skipped while the ledger has a tarball of the
 * same commit and builds, and the tarball there still has the recorded digest.
 */
final class PackageStage implements ReleaseStage {
    @Override
    public String name() {
        return ReleaseStages.PACKAGE;
    }

    /** @return the release's main asset's file name */
    static String assetName(String releaseTag) {
        return releaseTag + "-x86_64.tar.xz";
    }

    @Override
    public void run(ReleaseRun run) throws ReleaseException, IOException {
        String releaseTag = run.synced().releaseTag();
        Path assets = run.releaseDir().resolve("assets");
        Path tarball = assets.resolve(assetName(releaseTag));
        Map<String, String> inputs = new TreeMap<>(Map.of("releaseCommit", run.synced().releaseCommit()));
        run.builds().forEach(b -> inputs.put(b.component(), b.artifact().sha256()));
        var previous = run.ledger().done(ReleaseStages.PACKAGE, inputs);
        if (previous.isPresent() && Files.isRegularFile(tarball)
                && Digests.sha256(tarball).equals(previous.get().outputs().get("sha256"))) {
            run.packaged(tarball, null);
            run.outcome(ReleaseStages.PACKAGE, "skipped", tarball.toString());
            return;
        }
        run.progress().step("stage package");
        PackageResult packaged = new PackageCommand().setReleaseTag(releaseTag)
                .setArtifacts(run.releaseDir().resolve("artifacts"))
                .setRepository(run.cache().repository(), run.synced().releaseCommit())
                .setBaseRef(run.synced().upstreamTagCommit()).setOutDir(assets).setProgress(run.progress()).call();
        run.record(ReleaseStages.PACKAGE, inputs, Map.of("tarball", packaged.tarball(), "sha256", packaged.sha256()));
        run.packaged(tarball, packaged);
        run.outcome(ReleaseStages.PACKAGE, "ran", packaged.tarball());
    }

    @Override
    public void plan(ReleaseRun run) {
        run.outcome(ReleaseStages.PACKAGE, "planned", assetName(run.synced().releaseTag()) + ", SHA256SUMS, report");
    }
}
