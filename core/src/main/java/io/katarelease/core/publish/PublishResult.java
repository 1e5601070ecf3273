package io.katarelease.core.publish;

import java.util.List;

/**
 * What {@code publish} found and did.
 *
 * @param releaseTag the release's tag
 * @param host where it was published
 * @param releaseUrl the release's address
 * @param draft whether the release is (still) a draft
 * @param assets every asset of the release, as the host holds it (with its download URL)
 * @param uploaded the names uploaded by this run
 * @param kept the names that were already there with the same content
 * @param warnings things to read
 */
public record PublishResult(String releaseTag, String host, String releaseUrl, boolean draft,
        List<ReleaseHost.Asset> assets, List<String> uploaded, List<String> kept, List<String> warnings) {}
