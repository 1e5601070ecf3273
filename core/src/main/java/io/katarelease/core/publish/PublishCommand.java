package io.katarelease.core.publish;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.build.Digests;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.publish.ReleaseHost.Asset;
import io.katarelease.core.publish.ReleaseHost.Release;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Publishes the files of an assets directory as the release named after its tag: a draft first,
 * every asset uploaded and checked (size, and SHA-256 where the host reports one), then made
 * public unless a draft is wanted.
 *
 * <p>Re-runs converge: an existing release (draft or not) is found and kept, assets with the same
 * name and content are kept, missing ones are uploaded. A same-name asset with other content
 * stops the run before anything is uploaded, unless {@code replace} is set. Used once.
 */
public final class PublishCommand {
    private String releaseTag;
    private Path assets;
    private Path notes;
    private ReleaseHost host;
    private boolean draft;
    private boolean replace;
    private Progress progress = Progress.none();

    /** The release tag; it must exist on the host's repository (sync pushed it). Required. */
    public PublishCommand setReleaseTag(String releaseTag) {
        this.releaseTag = releaseTag;
        return this;
    }

    /** The directory whose files are the assets (hidden files are skipped). Required. */
    public PublishCommand setAssets(Path assets) {
        this.assets = assets;
        return this;
    }

    /** The release notes (Markdown); optional. */
    public PublishCommand setNotes(Path notes) {
        this.notes = notes;
        return this;
    }

    /** Where to publish. Required. */
    public PublishCommand setHost(ReleaseHost host) {
        this.host = host;
        return this;
    }

    /** Leave the release a draft. The default is to publish it. */
    public PublishCommand setDraft(boolean draft) {
        this.draft = draft;
        return this;
    }

    /** Replace same-name assets with other content. The default is to stop. */
    public PublishCommand setReplace(boolean replace) {
        this.replace = replace;
        return this;
    }

    /** Where progress goes. */
    public PublishCommand setProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    public PublishResult call() throws ReleaseException {
        try {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException("publishing failed on an I/O error: " + e.getMessage(), e);
        }
    }

    private PublishResult run() throws ReleaseException, IOException {
        RefNames.checkName(Setting.RELEASE_TAG, releaseTag, "tags");
        Map<String, Path> files = assetFiles();
        Map<String, String> digests = new LinkedHashMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            digests.put(f.getKey(), Digests.sha256(f.getValue()));
        }
        String notesText = notes == null ? null : Files.readString(notes);
        List<String> warnings = new ArrayList<>();

        progress.step("looking for release " + releaseTag + " in " + host.describe());
        Optional<Release> found = host.find(releaseTag);
        // Decide everything before changing anything: a conflict stops the run with nothing uploaded.
        Decision decision = found.isPresent() ? decide(found.get(), files, digests, warnings) : Decision.NONE;
        Release release = found.isPresent() ? found.get() : host.createDraft(releaseTag, notesText);
        List<String> uploaded = upload(release, files, digests, decision);
        Release after = host.find(releaseTag).orElseThrow(() -> new NotFoundException(
                "the release " + releaseTag + " disappeared from " + host.describe() + " during the upload"));
        if (!draft && after.draft()) {
            progress.step("publishing release " + releaseTag);
            after = host.publish(after);
        }
        return new PublishResult(releaseTag, host.describe(), after.url(), after.draft(),
                handedOff(after, files, digests), uploaded, decision.kept(), List.copyOf(warnings));
    }

    /**
     * What becomes of the assets a release already has.
     *
     * @param conflicts same name, other content: replaced (with {@code replace}) or the run stops
     * @param kept same name and content: left alone
     * @param incomplete the remains of an interrupted upload: replaced without asking
     */
    private record Decision(List<String> conflicts, List<String> kept, List<String> incomplete) {
        static final Decision NONE = new Decision(List.of(), List.of(), List.of());
    }

    /** @throws AssetConflictException when a same-name asset has other content and nothing may be replaced */
    private Decision decide(Release found, Map<String, Path> files, Map<String, String> digests, List<String> warnings)
            throws IOException, AssetConflictException {
        List<String> conflicts = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        for (Asset remote : found.assets()) {
            Path local = files.get(remote.name());
            if (local == null) {
                warnings.add("the release also has " + remote.name() + ", which is not in " + assets + "; kept");
            } else if (remote.size() < 0) {
                incomplete.add(remote.name());
            } else if (same(remote, Files.size(local), digests.get(remote.name()))) {
                kept.add(remote.name());
            } else {
                conflicts.add(remote.name());
            }
        }
        if (!conflicts.isEmpty() && !replace) {
            throw new AssetConflictException(releaseTag, conflicts);
        }
        return new Decision(conflicts, kept, incomplete);
    }

    /** Uploads every file not kept, replacing what the decision says; each upload is checked. */
    private List<String> upload(Release release, Map<String, Path> files, Map<String, String> digests,
            Decision decision) throws ReleaseException, IOException {
        List<String> uploaded = new ArrayList<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            String name = f.getKey();
            if (decision.kept().contains(name)) {
                continue;
            }
            if (decision.conflicts().contains(name) || decision.incomplete().contains(name)) {
                Asset old = release.assets().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
                progress.step("replacing " + name);
                host.delete(release, old);
            }
            progress.step("uploading " + name + " (" + Files.size(f.getValue()) + " bytes)");
            Asset asset = host.upload(release, f.getValue(), digests.get(name));
            if (!same(asset, Files.size(f.getValue()), digests.get(name))) {
                throw new UploadCheckException(name, host.describe());
            }
            uploaded.add(name);
        }
        return uploaded;
    }

    /**
     * The hand-off names every asset with its download URL and SHA-256: where the host reports no
     * digest, the one of the file that was uploaded (or found there with its size) stands.
     */
    private static List<Asset> handedOff(Release after, Map<String, Path> files, Map<String, String> digests)
            throws IOException {
        List<Asset> handedOff = new ArrayList<>();
        for (Asset a : after.assets()) {
            boolean ours = a.sha256() == null && digests.containsKey(a.name())
                    && a.size() == Files.size(files.get(a.name()));
            handedOff.add(ours ? new Asset(a.name(), a.size(), digests.get(a.name()), a.url()) : a);
        }
        return List.copyOf(handedOff);
    }

    private static boolean same(Asset remote, long size, String sha256) {
        return remote.size() == size && (remote.sha256() == null || remote.sha256().equalsIgnoreCase(sha256));
    }

    private Map<String, Path> assetFiles() throws IOException, NotFoundException, InvalidInputException {
        if (assets == null || !Files.isDirectory(assets)) {
            throw new NotFoundException("assets directory " + Texts.quote(String.valueOf(assets))
                    + " is not a directory", Setting.ASSETS);
        }
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(assets)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    io.katarelease.core.files.AtomicFiles.checkRegular(p);
                } catch (java.nio.file.FileSystemException e) {
                    // Picked up by name: a link would publish whatever it points to (a host file).
                    throw new InvalidInputException("assets directory: " + Texts.quote(p.toString()) + " "
                            + e.getReason() + "; only regular files are published. Put the file itself there, or"
                            + " remove it", Setting.ASSETS);
                }
                out.put(name, p);
            }
        }
        if (out.isEmpty()) {
            throw new NotFoundException("no files in " + assets + " to publish; run kata-release package first");
        }
        return out;
    }
}
