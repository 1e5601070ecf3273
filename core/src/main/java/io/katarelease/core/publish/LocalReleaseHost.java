package io.katarelease.core.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.katarelease.core.build.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.katarelease.core.files.AtomicFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Releases as directories: {@code <root>/<tag>/} holds the assets, {@code notes.md} and a
 * {@code release.json} manifest (tag, draft flag, assets with size and SHA-256). Every file is
 * written under a temporary name and renamed, so a killed run leaves whole files only.
 */
public final class LocalReleaseHost implements ReleaseHost {
    static final String MANIFEST = "release.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public LocalReleaseHost(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The manifest's shape. */
    record Manifest(String tag, boolean draft, List<Asset> assets) {}

    @Override
    public String describe() {
        return "the directory " + root;
    }

    private Path dir(String tag) {
        return root.resolve(tag);
    }

    @Override
    public Optional<Release> find(String tag) throws IOException {
        Path manifest = dir(tag).resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // a link there is not a manifest we wrote; it is replaced on save
        }
        Manifest m;
        try (java.io.InputStream in = AtomicFiles.openRegular(manifest)) {
            m = JSON.readValue(in, Manifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new java.nio.file.FileSystemException(manifest.toString(), null, "is damaged ("
                    + e.getOriginalMessage() + "); move it away, and the release is made again from the assets");
        }
        if (m.assets() == null) {
            m = new Manifest(m.tag(), m.draft(), List.of());
        }
        // The directory is the truth: an asset listed but missing or changed is not there.
        List<Asset> present = new ArrayList<>();
        for (Asset a : m.assets()) {
            Path f = dir(tag).resolve(a.name());
            if (a != null && a.name() != null && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && Files.size(f) == a.size()) {
                present.add(a);
            }
        }
        return Optional.of(new Release(tag, tag, m.draft(), dir(tag).toUri().toString(), present));
    }

    @Override
    public Release createDraft(String tag, String notes) throws IOException {
        Files.createDirectories(dir(tag));
        if (notes != null) {
            atomicWrite(dir(tag).resolve("notes.md"), notes);
        }
        Release r = new Release(tag, tag, true, dir(tag).toUri().toString(), List.of());
        save(r);
        return r;
    }

    @Override
    public Asset upload(Release release, Path file, String sha256) throws IOException {
        Path dir = dir(release.tag());
        AtomicFiles.sweep(dir); // what a killed upload left; a live writer's file is locked and stays
        Path target = dir.resolve(file.getFileName().toString());
        AtomicFiles.copy(file, target);
        Asset asset = new Asset(target.getFileName().toString(), Files.size(target), Digests.sha256(target),
                target.toUri().toString());
        List<Asset> assets = new ArrayList<>(current(release.tag()));
        assets.removeIf(a -> a.name().equals(asset.name()));
        assets.add(asset);
        save(new Release(release.id(), release.tag(), release.draft(), release.url(), assets));
        return asset;
    }

    @Override
    public void delete(Release release, Asset asset) throws IOException {
        Files.deleteIfExists(dir(release.tag()).resolve(asset.name()));
        List<Asset> assets = new ArrayList<>(current(release.tag()));
        assets.removeIf(a -> a.name().equals(asset.name()));
        save(new Release(release.id(), release.tag(), release.draft(), release.url(), assets));
    }

    @Override
    public Release publish(Release release) throws IOException {
        Release published = new Release(release.id(), release.tag(), false, release.url(), current(release.tag()));
        save(published);
        return published;
    }

    private List<Asset> current(String tag) throws IOException {
        return find(tag).map(Release::assets).orElse(List.of());
    }

    private void save(Release r) throws IOException {
        atomicWrite(dir(r.tag()).resolve(MANIFEST),
                JSON.writeValueAsString(new Manifest(r.tag(), r.draft(), r.assets())));
    }

    private static void atomicWrite(Path file, String content) throws IOException {
        AtomicFiles.writeString(file, content);
    }
}
