package io.katarelease.core.release;

import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.Digests;
import io.katarelease.core.publish.PublishCommand;
import io.katarelease.core.publish.PublishResult;
import io.katarelease.core.publish.ReleaseHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Publishes the assets as the release of the tag on the host (GitHub, or a directory). Always
 * asks the host: publishing keeps assets that match and uploads only what is missing, so a run
 * that finds everything in place is reported as skipped.
 */
final class PublishStage implements ReleaseStage {
    @Override
    public String name() {
        return ReleaseStages.PUBLISH;
    }

    @Override
    public void run(ReleaseRun run) throws ReleaseException, IOException {
        String releaseTag = run.synced().releaseTag();
        ReleaseHost host = run.settings().host();
        Path assets = run.tarball().getParent();
        Map<String, String> inputs = new TreeMap<>();
        try (Stream<Path> files = Files.list(assets)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString()
                    .startsWith(".")).toList()) {
                inputs.put(f.getFileName().toString(), Digests.sha256(f));
            }
        }
        inputs.put("host", host.describe());
        run.progress().step("stage publish to " + host.describe());
        PublishResult published = new PublishCommand().setReleaseTag(releaseTag).setAssets(assets)
                .setNotes(assets.resolve(releaseTag + "-report.md")).setHost(host).setProgress(run.progress()).call();
        run.record(ReleaseStages.PUBLISH, inputs, Map.of("url", String.valueOf(published.releaseUrl())));
        run.published(published);
        run.outcome(ReleaseStages.PUBLISH, published.uploaded().isEmpty() ? "skipped" : "ran", published.releaseUrl());
    }

    @Override
    public void plan(ReleaseRun run) {
        run.outcome(ReleaseStages.PUBLISH, "planned", "release " + run.synced().releaseTag());
    }
}
