package io.katarelease.core.release;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.publish.ReleaseHost;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names what the next system (the cluster validation) receives: the release tag, the main
 * asset's address and its SHA-256, recorded in the ledger so {@code status} can give them later.
 * In Jenkins the same three values start the downstream job; the CLI starts nothing itself.
 */
final class HandOffStage implements ReleaseStage {
    /** The hand-off's values, by the names the downstream job takes them as parameters. */
    static final String RELEASE_TAG = "RELEASE_TAG";
    static final String ASSET_URL = "ASSET_URL";
    static final String ASSET_SHA256 = "ASSET_SHA256";

    @Override
    public String name() {
        return ReleaseStages.HAND_OFF;
    }

    @Override
    public void run(ReleaseRun run) throws ReleaseException, IOException {
        String releaseTag = run.synced().releaseTag();
        String assetName = PackageStage.assetName(releaseTag);
        // The address as the host gave it; the digest of our own tarball as publish read it just now
        // (its ledger record), rather than hashing the tarball once more.
        String url = run.published().assets().stream().filter(a -> a.name().equals(assetName))
                .map(ReleaseHost.Asset::url).filter(u -> u != null).findFirst()
                .orElse(String.valueOf(run.published().releaseUrl()));
        Map<String, String> values = new LinkedHashMap<>();
        values.put(RELEASE_TAG, releaseTag);
        values.put(ASSET_URL, url);
        values.put(ASSET_SHA256, run.ledger().last(ReleaseStages.PUBLISH).map(p -> p.inputs().get(assetName))
                .orElseThrow(() -> new IllegalStateException("hand off ran before publish recorded " + assetName)));
        Map<String, String> inputs = Map.of("url", String.valueOf(run.published().releaseUrl()));
        StringBuilder detail = new StringBuilder();
        values.forEach((k, v) -> detail.append(detail.isEmpty() ? "" : " ").append(k).append('=').append(v));
        // Recorded once: a re-run that hands off the same values leaves the ledger as it was.
        if (run.ledger().done(ReleaseStages.HAND_OFF, inputs).filter(s -> s.outputs().equals(values)).isPresent()) {
            run.outcome(ReleaseStages.HAND_OFF, "skipped", detail.toString());
            return;
        }
        run.record(ReleaseStages.HAND_OFF, inputs, values);
        run.outcome(ReleaseStages.HAND_OFF, "ran", detail.toString());
    }

    @Override
    public void plan(ReleaseRun run) {
        run.outcome(ReleaseStages.HAND_OFF, "planned", RELEASE_TAG + ", " + ASSET_URL + " and " + ASSET_SHA256
                + " for the validation");
    }
}
