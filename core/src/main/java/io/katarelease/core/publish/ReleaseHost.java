package io.katarelease.core.publish;

import io.katarelease.core.ReleaseException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where releases are published: the narrow port {@link PublishCommand} drives. A local
 * directory ({@link LocalReleaseHost}) implements it; GitHub will.
 */
public interface ReleaseHost {

    /** A release as the host holds it. */
    record Release(String id, String tag, boolean draft, String url, List<Asset> assets) {}

    /**
     * An asset as the host holds it.
     *
     * @param name its file name
     * @param size its size in bytes
     * @param sha256 its SHA-256, when the host reports one (null otherwise)
     * @param url where users download it
     */
    record Asset(String name, long size, String sha256, String url) {}

    /** @return what the host is, for messages ("the directory /srv/releases") */
    String describe();

    /** @return the release for the tag, drafts included, if one exists */
    Optional<Release> find(String tag) throws ReleaseException, IOException;

    /** Creates a draft release for an existing tag, named after the tag. */
    Release createDraft(String tag, String notes) throws ReleaseException, IOException;

    /** Uploads one asset (streamed from the file) and returns it as the host now holds it. */
    Asset upload(Release release, Path file, String sha256) throws ReleaseException, IOException;

    /** Removes an asset (to replace it). */
    void delete(Release release, Asset asset) throws ReleaseException, IOException;

    /** Makes a draft public. */
    Release publish(Release release) throws ReleaseException, IOException;
}
