package io.katarelease.core.packaging;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.build.BuildRecord;
import io.katarelease.core.build.Digests;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.files.DirectoryLock;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.inspect.InspectCommand;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.sync.ReleaseTagMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Merges the component tarballs into the release's one tarball, as kata's {@code merge-builds}
 * does ({@code opt/kata/...} plus {@code opt/kata/VERSION} and {@code opt/kata/versions.yaml}),
 * deterministically, and writes {@code SHA256SUMS} and a release report beside it.
 *
 * <p>Unsafe input stops the run before any output exists; the tarball is written to a temporary
 * name and renamed only when complete. Memory stays flat: members stream through a staging
 * directory. Used once: configure, then {@link #call()}.
 */
public final class PackageCommand {
    /** GitHub refuses release assets of 2 GiB or more. */
    public static final long GITHUB_ASSET_LIMIT = 2L * 1024 * 1024 * 1024;
    /** The default modification time of every member: fixed, so the bytes are reproducible. */
    private static final String STAGING_PREFIX = ".kata-release-package-";
    public static final Instant DEFAULT_MTIME = Instant.parse("2020-01-01T00:00:00Z");

    private String releaseTag;
    private Path artifacts;
    private Repository repository;
    private String ref;
    private String baseRef;
    private String arch = "x86_64";
    private String namePattern = "{tag}-{arch}.tar.xz";
    private Path outDir = Path.of(".");
    private Instant mtime = DEFAULT_MTIME;
    private long sizeLimit = GITHUB_ASSET_LIMIT;
    private long unpackLimit = 8 * GITHUB_ASSET_LIMIT;
    private boolean xzProgram = true;
    private Progress progress = Progress.none();

    /** The release tag ({@code 4.1.0-digitalocean-0}); written to {@code opt/kata/VERSION}. Required. */
    public PackageCommand setReleaseTag(String releaseTag) {
        this.releaseTag = releaseTag;
        return this;
    }

    /** The directory holding {@code kata-static-*.tar.xz} and {@code .tar.zst}. Required. */
    public PackageCommand setArtifacts(Path artifacts) {
        this.artifacts = artifacts;
        return this;
    }

    /** The repository and ref whose versions.yaml ships and whose patches the report lists. Optional. */
    public PackageCommand setRepository(Repository repository, String ref) {
        this.repository = repository;
        this.ref = ref;
        return this;
    }

    /** The upstream ref, to mark each patch carried or upstream in the report. Optional. */
    public PackageCommand setBaseRef(String baseRef) {
        this.baseRef = baseRef;
        return this;
    }

    /** The architecture in the asset name. The default is {@code x86_64}. */
    public PackageCommand setArch(String arch) {
        this.arch = arch;
        return this;
    }

    /**
     * The asset's name, with {@code {tag}} and {@code {arch}}; it must end in {@code .tar.xz} or
     * {@code .tar.zst}. The default is {@code {tag}-{arch}.tar.xz}.
     */
    public PackageCommand setNamePattern(String namePattern) {
        this.namePattern = namePattern;
        return this;
    }

    /** Where the tarball, SHA256SUMS and report go. The default is the current directory. */
    public PackageCommand setOutDir(Path outDir) {
        this.outDir = outDir;
        return this;
    }

    /** Every member's modification time. The default is {@link #DEFAULT_MTIME}. */
    public PackageCommand setMtime(Instant mtime) {
        this.mtime = mtime;
        return this;
    }

    /** The largest tarball allowed. The default is GitHub's asset limit, {@link #GITHUB_ASSET_LIMIT}. */
    public PackageCommand setSizeLimit(long sizeLimit) {
        this.sizeLimit = sizeLimit;
        return this;
    }

    /**
     * The most bytes the component tarballs may unpack to. The default is 16 GiB (kata's whole
     * release tree is a few GiB).
     */
    public PackageCommand setUnpackLimit(long unpackLimit) {
        this.unpackLimit = unpackLimit;
        return this;
    }

    /** Whether the {@code xz} program may be used where installed (else XZ for Java). Default true. */
    public PackageCommand setXzProgram(boolean xzProgram) {
        this.xzProgram = xzProgram;
        return this;
    }

    /** Where progress goes. */
    public PackageCommand setProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    public PackageResult call() throws ReleaseException {
        try {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException("packaging failed on an I/O error: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    private PackageResult run() throws ReleaseException, IOException {
        RefNames.checkName(Setting.RELEASE_TAG, releaseTag, "tags");
        if (arch == null || !arch.matches("[a-z0-9_]+")) {
            throw new InvalidInputException("architecture " + Texts.quote(arch) + " is not an architecture name",
                    Setting.ARCH);
        }
        String name = namePattern.replace("{tag}", releaseTag).replace("{arch}", arch);
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")
                || !(name.endsWith(".tar.xz") || name.endsWith(".tar.zst"))) {
            throw new InvalidInputException("tarball name pattern " + Texts.quote(namePattern) + " gives "
                    + Texts.quote(name) + "; it must be a file name ending in .tar.xz or .tar.zst", Setting.TARBALL_NAME);
        }
        List<Path> components = components();
        List<String> warnings = new ArrayList<>();
        byte[] versionsYaml = null;
        InspectResult inspected = null;
        ReleaseCommits commits = null;
        if (repository != null) {
            versionsYaml = versionsYaml();
            inspected = new InspectCommand().setRepository(repository).setRef(ref).setBaseRef(baseRef).call();
            commits = ReleaseCommits.read(repository, ref, baseRef);
        } else {
            warnings.add("no repository and ref given: opt/kata/versions.yaml is not included and the report lists"
                    + " no patches");
        }

        Path out = outDir.toAbsolutePath().normalize();
        // One packaging per output directory at a time; then leftovers of a killed run are
        // known to be leftovers and go.
        try (DirectoryLock lock = DirectoryLock.acquire(out, "package " + releaseTag);
                ScratchDirectory scratch = sweepAndCreate(out, name)) {
            return write(out, scratch.path(), name, components, versionsYaml, inspected, commits, warnings);
        }
    }

    private ScratchDirectory sweepAndCreate(Path out, String name) throws IOException {
        AtomicFiles.sweep(out, List.of(name, "SHA256SUMS", releaseTag + "-report.md"));
        ScratchDirectory.sweep(out, STAGING_PREFIX);
        return ScratchDirectory.create(out, STAGING_PREFIX);
    }

    private PackageResult write(Path out, Path staging, String name, List<Path> components, byte[] versionsYaml,
            InspectResult inspected, ReleaseCommits commits, List<String> warnings)
            throws IOException, ReleaseException {
        Path tarball = out.resolve(name);
        {
            Files.createDirectory(staging.resolve("tree"));
            MergedTree tree = new MergedTree(staging.resolve("tree"), unpackLimit);
            for (Path c : components) {
                progress.step("merging " + c.getFileName());
                tree.add(c);
            }
            tree.addOwn(MergedTree.PREFIX + "/VERSION", (releaseTag + "\n").getBytes(StandardCharsets.UTF_8));
            if (versionsYaml != null) {
                tree.addOwn(MergedTree.PREFIX + "/versions.yaml", versionsYaml);
            }
            tree.finish();
            progress.step("writing " + name);
            TarballWriter writer = new TarballWriter(mtime, sizeLimit);
            if (!xzProgram) {
                writer.withoutXzProgram();
            }
            TarballWriter.Compressor compressor;
            long size;
            // The digest is of the bytes written, taken on the way: nothing can change them between.
            MessageDigest digest = Digests.newSha256();
            try (AtomicFiles.Pending pending = AtomicFiles.create(tarball)) {
                compressor = writer.write(staging.resolve("tree"), new DigestOutputStream(pending.stream(), digest),
                        name.endsWith(".tar.zst"));
                size = Files.size(pending.temporary());
                pending.commit();
            } catch (TarballWriter.TooLargeException e) {
                throw new UnsafeArtifactException(name + " would be larger than " + sizeLimit + " bytes ("
                        + (sizeLimit == GITHUB_ASSET_LIMIT ? "GitHub's 2 GiB asset limit" : "the size limit") + ")");
            }
            String sha = Digests.hex(digest);

            Path report = out.resolve(releaseTag + "-report.md");
            String reportText = ReleaseReport.render(releaseTag, name, size, sha, components, commits, inspected,
                    artifacts);
            AtomicFiles.writeString(report, reportText);
            Path sums = out.resolve("SHA256SUMS");
            String reportSha = Digests.sha256(reportText);
            AtomicFiles.writeString(sums, sha + "  " + name + "\n" + reportSha + "  " + report.getFileName() + "\n");
            progress.step("wrote " + name + " (" + size + " bytes, sha256 " + sha + ")");
            return new PackageResult(releaseTag, tarball.toString(), size, sha, compressor.name(),
                    components.stream().map(p -> p.getFileName().toString()).toList(), sums.toString(),
                    report.toString(), List.copyOf(warnings));
        }
    }

    private List<Path> components() throws IOException, NotFoundException, UnsafeArtifactException {
        if (artifacts == null || !Files.isDirectory(artifacts)) {
            throw new NotFoundException("artifacts directory " + Texts.quote(String.valueOf(artifacts))
                    + " is not a directory", Setting.ARTIFACTS);
        }
        List<Path> found;
        try (Stream<Path> s = Files.list(artifacts)) {
            found = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(BuildRecord.ARTIFACT_PREFIX) && BuildRecord.ARTIFACT_SUFFIXES.stream().anyMatch(n::endsWith);
            }).sorted().toList();
        }
        for (Path p : found) {
            try {
                AtomicFiles.checkRegular(p);
            } catch (java.nio.file.FileSystemException e) {
                // Picked up by name: a link here would ship whatever it points to.
                throw new UnsafeArtifactException("artifacts directory: " + Texts.quote(p.toString()) + " "
                        + e.getReason(), Setting.ARTIFACTS);
            }
        }
        if (found.isEmpty()) {
            throw new NotFoundException("no kata-static-*.tar.xz or .tar.zst in " + artifacts
                    + "; build the components first (kata-release build qemu|kernel)");
        }
        return found;
    }

    private byte[] versionsYaml() throws IOException, ReleaseException {
        ObjectId id = repository.resolve(ref + "^{commit}");
        if (id == null) {
            throw new NotFoundException("ref " + Texts.quote(ref) + " names no branch, tag or commit", Setting.REF);
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(id);
            try (TreeWalk tw = TreeWalk.forPath(repository, "versions.yaml", commit.getTree())) {
                if (tw == null) {
                    throw new NotFoundException("no versions.yaml at " + Texts.quote(ref));
                }
                return repository.open(tw.getObjectId(0)).getBytes();
            }
        }
    }

    /** The fork commits of a release, from the annotation sync wrote on its tag, else from git. */
    record ReleaseCommits(String upstream, List<String> carried, List<String> dropped) {
        static ReleaseCommits read(Repository repo, String ref, String baseRef) throws IOException {
            try (RevWalk walk = new RevWalk(repo)) {
                org.eclipse.jgit.lib.Ref r = repo.findRef(ref);
                if (r != null) {
                    RevObject obj = walk.parseAny(r.getObjectId());
                    if (obj instanceof RevTag tag) {
                        walk.parseBody(tag);
                        return fromAnnotation(tag.getFullMessage());
                    }
                }
                List<String> carried = new ArrayList<>();
                if (baseRef != null && repo.resolve(baseRef + "^{commit}") != null) {
                    walk.markStart(walk.parseCommit(repo.resolve(ref + "^{commit}")));
                    walk.markUninteresting(walk.parseCommit(repo.resolve(baseRef + "^{commit}")));
                    for (RevCommit c : walk) {
                        carried.add(0, Texts.shortId(c.name()) + " " + c.getShortMessage());
                    }
                }
                return new ReleaseCommits(baseRef, carried, List.of());
            }
        }

        private static ReleaseCommits fromAnnotation(String message) {
            ReleaseTagMessage.Parsed parsed = ReleaseTagMessage.parse(message);
            return new ReleaseCommits(parsed.upstream(), parsed.carried(), parsed.dropped());
        }
    }
}
