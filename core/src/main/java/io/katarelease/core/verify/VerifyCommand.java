package io.katarelease.core.verify;

import io.katarelease.core.ChildEnvironment;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.build.Digests;
import io.katarelease.core.build.Tarballs;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.sync.SyncCommand;
import io.katarelease.core.verify.VerifyResult.Check;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;

/**
 * Checks a release tarball before it is published, so that an obviously broken asset never is:
 *
 * <ul>
 *   <li>it lists and extracts (as GNU tar reads it), holds {@code opt/kata/VERSION} equal to the
 *       release tag and {@code opt/kata/versions.yaml} equal to the ref's, and nothing outside
 *       {@code opt/kata/};
 *   <li>every {@code opt/kata/bin/qemu-system-*} is an x86_64 ELF executable and, on an x86_64
 *       Linux host, runs with {@code --version} (no network, no KVM) and reports the QEMU
 *       version {@code versions.yaml} names;
 *   <li>every {@code opt/kata/share/kata-containers/vmlinuz-*} is a bzImage whose embedded
 *       version starts with {@code versions.yaml}'s kernel version, and whose name carries the
 *       ref's {@code kata_config_version}; every {@code vmlinu[xz]*.container} link resolves
 *       inside the tarball;
 *   <li>the SHA-256s of the {@code SHA256SUMS} beside it match the files.
 * </ul>
 *
 * Each property is a {@link ReleaseCheck} of its own; this command only orders them, runs them
 * on a {@link CheckContext} and gathers what they report. Each check passes, fails with the
 * reason, or is skipped with the reason it cannot be checked here. Any failure throws {@link VerifyFailedException}, which carries every check. Used once:
 * configure, then {@link #call()}.
 */
public final class VerifyCommand {
    private static final String SCRATCH_PREFIX = ".kata-release-verify-";
    /** How long {@code qemu-system-* --version} may take. */
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ARCH_SUFFIX = Pattern.compile("-(x86_64|amd64|aarch64|arm64|s390x|ppc64le|riscv64)$");

    private Path asset;
    private String releaseTag;
    private Repository repository;
    private String ref;
    private Path workDir;
    private Duration runTimeout = DEFAULT_RUN_TIMEOUT;
    private String hostArch = System.getProperty("os.arch", "");
    private String hostOs = System.getProperty("os.name", "");
    private long unpackLimit = 16L * 1024 * 1024 * 1024;
    private Progress progress = Progress.none();

    /** The release tarball ({@code .tar.xz} or {@code .tar.zst}). Required. */
    public VerifyCommand setAsset(Path asset) {
        this.asset = asset;
        return this;
    }

    /**
     * The release tag {@code opt/kata/VERSION} must hold. The default is taken from the asset's
     * name, {@code <tag>-<arch>.tar.xz} as {@code package} writes it.
     */
    public VerifyCommand setReleaseTag(String releaseTag) {
        this.releaseTag = releaseTag;
        return this;
    }

    /**
     * The repository and ref whose {@code versions.yaml} the tarball must hold and whose
     * {@code kata_config_version} kernel names must carry. Optional: without them the versions
     * come from the tarball's own {@code versions.yaml} and those two comparisons are skipped.
     */
    public VerifyCommand setRepository(Repository repository, String ref) {
        this.repository = repository;
        this.ref = ref;
        return this;
    }

    /** Where the scratch directory for the unpacked tree goes. The default is the system's temporary directory. */
    public VerifyCommand setWorkDir(Path workDir) {
        this.workDir = workDir;
        return this;
    }

    /** How long each {@code --version} run may take before it is killed. Default 10 s. */
    public VerifyCommand setRunTimeout(Duration runTimeout) {
        this.runTimeout = runTimeout;
        return this;
    }

    /** The host's {@code os.name} and {@code os.arch} (for tests); QEMU runs only on x86_64 Linux. */
    public VerifyCommand setHost(String os, String arch) {
        this.hostOs = os;
        this.hostArch = arch;
        return this;
    }

    /** The most bytes the tarball may unpack to. The default is 16 GiB. */
    public VerifyCommand setUnpackLimit(long unpackLimit) {
        this.unpackLimit = unpackLimit;
        return this;
    }

    /** Where progress goes. */
    public VerifyCommand setProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /**
     * @return the checks, all passed or skipped
     * @throws VerifyFailedException when a check failed (it carries every check)
     * @throws NotFoundException when the asset or the ref does not exist
     * @throws InvalidInputException when the asset is not a tarball or the release tag cannot
     *     be told from its name
     */
    public VerifyResult call() throws ReleaseException {
        // It runs the tarball's QEMU: not from a process a token could be read from.
        ChildEnvironment.checkNoToken(System.getenv(), "the QEMU that verify runs");
        try {
            VerifyResult result = run();
            if (!result.passed()) {
                throw new VerifyFailedException(result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("verify failed on an I/O error: " + e.getMessage(), e);
        }
    }

    private VerifyResult run() throws ReleaseException, IOException {
        String name = checkAsset();
        boolean tagFromName = releaseTag == null;
        String tag = tagFromName ? tagFromName(name) : releaseTag;
        RefNames.checkName(Setting.RELEASE_TAG, tag, "tags");
        if (repository != null && (ref == null || ref.isBlank())) {
            throw new InvalidInputException("a repository needs a ref to read versions.yaml from");
        }
        AtRef atRef = repository == null ? null : AtRef.read(repository, ref);

        progress.step("verify: hashing " + name);
        String sha = Digests.sha256(asset);
        // Never the system temp dir: a killed run's leftover is found and removed here next time.
        Path parent = workDir != null ? workDir : SyncCommand.defaultWorkDir().resolve("verify");
        ScratchDirectory.sweep(parent, SCRATCH_PREFIX);
        ScratchDirectory scratchDir = ScratchDirectory.create(parent, SCRATCH_PREFIX);
        List<Check> checks;
        try {
            checks = runChecks(new CheckContext(asset, sha, tag, tagFromName, atRef, scratchDir.path(), progress));
        } finally {
            scratchDir.close();
        }
        String versionsFrom = atRef != null ? "versions.yaml at " + atRef.label() : "opt/kata/versions.yaml in the tarball";
        VerifyResult result = VerifyResult.of(name, sha, tag, versionsFrom, checks);
        progress.step("verify: " + result.summary());
        return result;
    }

    /** @return the asset's file name, once it is known to be a release tarball */
    private String checkAsset() throws ReleaseException {
        if (asset == null || !Files.isRegularFile(asset)) {
            throw new NotFoundException("release tarball " + Texts.quote(String.valueOf(asset)) + " is not a file",
                    Setting.ASSET);
        }
        String name = asset.getFileName().toString();
        if (!Tarballs.isTarball(name)) {
            throw new InvalidInputException("release tarball " + Texts.quote(name)
                    + " is not a .tar.xz or .tar.zst release tarball", Setting.ASSET);
        }
        return name;
    }

    private static String tagFromName(String name) throws InvalidInputException {
        String tag = releaseTagOf(name);
        if (tag == null) {
            throw new InvalidInputException("cannot tell the release tag from the asset's name " + Texts.quote(name)
                    + " (package names it <tag>-<arch>.tar.xz); give the release tag", Setting.RELEASE_TAG);
        }
        return tag;
    }

    /** @return the checks, in the order reports list them */
    private List<ReleaseCheck> checks() {
        // the tarball check extracts the tree the checks after it read
        return List.of(new TarballCheck(unpackLimit), new LayoutCheck(), new VersionFileCheck(),
                new VersionsYamlCheck(), new QemuCheck(hostOs, hostArch, runTimeout), new KernelCheck(),
                new KernelLinksCheck(), new Sha256SumsCheck());
    }

    private List<Check> runChecks(CheckContext ctx) throws IOException {
        List<Check> checks = new ArrayList<>();
        for (ReleaseCheck check : checks()) {
            if (check.needsTree() && ctx.tree() == null) {
                checks.addAll(check.notChecked("not checked: the tarball does not extract"));
            } else {
                checks.addAll(check.run(ctx));
            }
        }
        return checks;
    }

    /** @return the release tag in a {@code <tag>-<arch>.tar.xz} name, or null */
    public static String releaseTagOf(String assetName) {
        String base = assetName.replaceAll("\\.(tar\\.xz|tar\\.zst|tar\\.gz|tgz)$", "");
        Matcher m = ARCH_SUFFIX.matcher(base);
        return m.find() && m.start() > 0 ? base.substring(0, m.start()) : null;
    }
}
