package io.katarelease.core.verify;

import io.katarelease.core.ChildEnvironment;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.build.Digests;
import io.katarelease.core.build.Tarballs;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.verify.ExtractedTree.Kind;
import io.katarelease.core.verify.ExtractedTree.Member;
import io.katarelease.core.verify.VerifyResult.Check;
import io.katarelease.core.verify.VerifyResult.Status;
import io.katarelease.core.versions.PatchRules;
import io.katarelease.core.versions.VersionEntry;
import io.katarelease.core.versions.VersionsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

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
 * Each check passes, fails with the reason, or is skipped with the reason it cannot be checked
 * here. Any failure throws {@link VerifyFailedException}, which carries every check. Used once:
 * configure, then {@link #call()}.
 */
public final class VerifyCommand {
    private static final String SCRATCH_PREFIX = ".kata-release-verify-";
    /** How long {@code qemu-system-* --version} may take. */
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(10);
    static final String QEMU_PREFIX = "opt/kata/bin/qemu-system-";
    static final String KERNEL_DIR = "opt/kata/share/kata-containers/";
    private static final Pattern ARCH_SUFFIX = Pattern.compile("-(x86_64|amd64|aarch64|arm64|s390x|ppc64le|riscv64)$");
    private static final Pattern NUMERIC_VERSION = Pattern.compile("v?([0-9]+\\.[0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern QEMU_SAYS = Pattern.compile("QEMU emulator version (\\S+)");
    private static final Pattern SUMS_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");
    private static final int SMALL_FILE = 4 * 1024 * 1024;

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
        if (asset == null || !Files.isRegularFile(asset)) {
            throw new NotFoundException("--asset " + Texts.quote(String.valueOf(asset)) + " is not a file");
        }
        String name = asset.getFileName().toString();
        if (!Tarballs.isTarball(name)) {
            throw new InvalidInputException("--asset " + Texts.quote(name)
                    + " is not a .tar.xz or .tar.zst release tarball");
        }
        String tag = releaseTag;
        boolean tagFromName = tag == null;
        if (tagFromName) {
            tag = releaseTagOf(name);
            if (tag == null) {
                throw new InvalidInputException("cannot tell the release tag from the asset's name " + Texts.quote(name)
                        + " (package names it <tag>-<arch>.tar.xz); give --release-tag");
            }
        }
        RefNames.checkName("the release tag", tag, "tags");
        if (repository != null && (ref == null || ref.isBlank())) {
            throw new InvalidInputException("a repository needs a ref to read versions.yaml from");
        }
        AtRef atRef = repository == null ? null : readRef();

        List<Check> checks = new ArrayList<>();
        progress.step("verify: hashing " + name);
        String sha = Digests.sha256(asset);
        // Never the system temp dir: a killed run's leftover is found and removed here next time.
        Path parent = workDir != null ? workDir : io.katarelease.core.sync.SyncCommand.defaultWorkDir().resolve("verify");
        ScratchDirectory.sweep(parent, SCRATCH_PREFIX);
        ScratchDirectory scratchDir = ScratchDirectory.create(parent, SCRATCH_PREFIX);
        Path scratch = scratchDir.path();
        String versionsFrom = atRef != null ? "versions.yaml at " + atRef.label() : "opt/kata/versions.yaml in the tarball";
        try {
            ExtractedTree tree = null;
            progress.step("verify: unpacking " + name);
            try {
                tree = ExtractedTree.extract(asset, scratch.resolve("tree"), unpackLimit);
                checks.add(passed("tarball", "lists and extracts: " + tree.count() + " members, " + tree.unpacked()
                        + " bytes of files"));
            } catch (IOException e) {
                if (io.katarelease.core.files.FileSystemFault.classify(e).isPresent()) {
                    throw e; // the machine's fault (no space, …), not the tarball's
                }
                checks.add(failed("tarball", "does not list and extract: "
                        + String.valueOf(e.getMessage()).replace(scratch.resolve("tree") + "/", "")));
            }
            if (tree == null) {
                for (String skipped : List.of("opt/kata only", "VERSION", "versions.yaml", "QEMU", "kernel")) {
                    checks.add(skipped(skipped, "not checked: the tarball does not extract"));
                }
            } else {
                checks.add(layout(tree));
                checks.add(version(tree, tag, tagFromName));
                Expected expected = versionsYaml(tree, atRef, checks);
                qemu(tree, expected, checks);
                kernels(tree, expected, atRef, checks);
            }
            checks.add(sums(name, sha));
        } finally {
            scratchDir.close();
        }
        VerifyResult result = VerifyResult.of(name, sha, tag, versionsFrom, checks);
        progress.step("verify: " + result.summary());
        return result;
    }

    /** @return the release tag in a {@code <tag>-<arch>.tar.xz} name, or null */
    public static String releaseTagOf(String assetName) {
        String base = assetName.replaceAll("\\.(tar\\.xz|tar\\.zst|tar\\.gz|tgz)$", "");
        Matcher m = ARCH_SUFFIX.matcher(base);
        return m.find() && m.start() > 0 ? base.substring(0, m.start()) : null;
    }

    // --- the ref -------------------------------------------------------------------------------

    /** What the ref holds: its versions.yaml and kata_config_version (null when absent). */
    private record AtRef(String label, byte[] versionsYaml, String kataConfigVersion) {}

    private AtRef readRef() throws IOException, ReleaseException {
        ObjectId id = repository.resolve(ref + "^{commit}");
        if (id == null) {
            throw new NotFoundException("--ref " + Texts.quote(ref) + " names no branch, tag or commit");
        }
        String label = ref.matches("[0-9a-f]{40}") ? Texts.shortId(ref) : ref;
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(id);
            byte[] yaml = blob(commit, "versions.yaml");
            if (yaml == null) {
                throw new NotFoundException("no versions.yaml at " + Texts.quote(ref));
            }
            byte[] config = blob(commit, PatchRules.KATA_CONFIG_VERSION);
            return new AtRef(label, yaml, config == null ? null : new String(config, StandardCharsets.UTF_8).strip());
        }
    }

    private byte[] blob(RevCommit commit, String path) throws IOException {
        try (TreeWalk tw = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (tw == null || (tw.getRawMode(0) & 0170000) != 0100000) {
                return null;
            }
            return repository.open(tw.getObjectId(0)).getBytes(SMALL_FILE);
        }
    }

    // --- layout, VERSION, versions.yaml --------------------------------------------------------

    private static Check layout(ExtractedTree tree) {
        List<String> outside = tree.outside();
        if (outside.isEmpty()) {
            return passed("opt/kata only", "every member is under opt/kata/");
        }
        return failed("opt/kata only", outside.size() + (outside.size() == 1 ? " member is" : " members are")
                + " not safely under opt/kata/ (kata's release tarballs hold only opt/kata): "
                + String.join("; ", outside.subList(0, Math.min(5, outside.size())))
                + (outside.size() > 5 ? "; …" : ""));
    }

    private static Check version(ExtractedTree tree, String tag, boolean tagFromName) throws IOException {
        Member m = tree.resolve(ExtractedTree.PREFIX + "/VERSION");
        if (m == null) {
            return failed("VERSION", "opt/kata/VERSION is missing; it must hold the release tag " + tag);
        }
        String content = new String(head(tree.path(m.name()), 4096), StandardCharsets.UTF_8).strip();
        if (content.equals(tag)) {
            return passed("VERSION", "opt/kata/VERSION is " + tag + ", the release tag"
                    + (tagFromName ? " (from the asset's name)" : ""));
        }
        return failed("VERSION", "opt/kata/VERSION is " + Texts.quote(content) + ", not the release tag " + tag);
    }

    /** The versions the components must have, and where they come from. */
    private record Expected(VersionsFile versions, String from, String problem) {
        Optional<VersionEntry> entry(String path) {
            if (versions == null) {
                return Optional.empty();
            }
            try {
                for (VersionEntry e : path.startsWith(".assets.hypervisor") ? versions.qemuEntries()
                        : versions.kernelEntries()) {
                    if (e.path().equals(path + ".version") || e.path().equals(path + ".tag")) {
                        return Optional.of(e);
                    }
                }
            } catch (InvalidInputException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }

        List<VersionEntry> kernels() {
            try {
                return versions == null ? List.of() : versions.kernelEntries();
            } catch (InvalidInputException e) {
                return List.of();
            }
        }
    }

    private static Expected versionsYaml(ExtractedTree tree, AtRef atRef, List<Check> checks) throws IOException {
        Member m = tree.resolve(ExtractedTree.PREFIX + "/versions.yaml");
        byte[] inTarball = m == null ? null : head(tree.path(m.name()), SMALL_FILE);
        byte[] source;
        String from;
        Check check;
        if (atRef != null) {
            source = atRef.versionsYaml();
            from = "versions.yaml at " + atRef.label();
            if (inTarball == null) {
                check = failed("versions.yaml", "opt/kata/versions.yaml is missing; it must be versions.yaml at "
                        + atRef.label());
            } else if (Arrays.equals(inTarball, source)) {
                check = passed("versions.yaml", "opt/kata/versions.yaml is versions.yaml at " + atRef.label());
            } else {
                check = failed("versions.yaml", "opt/kata/versions.yaml differs from versions.yaml at "
                        + atRef.label() + " (sha256 " + sha256(inTarball).substring(0, 16) + "…, the ref's "
                        + sha256(source).substring(0, 16) + "…)");
            }
        } else {
            source = inTarball;
            from = "opt/kata/versions.yaml in the tarball";
            check = inTarball == null
                    ? failed("versions.yaml", "opt/kata/versions.yaml is missing")
                    : skipped("versions.yaml", "not compared: no --repo/--ref; the version checks use the tarball's"
                            + " own opt/kata/versions.yaml");
        }
        VersionsFile versions = null;
        String problem = null;
        if (source == null) {
            problem = "no versions.yaml to compare with";
        } else {
            try {
                versions = VersionsFile.parse(new String(source, StandardCharsets.UTF_8), from);
            } catch (InvalidInputException e) {
                problem = e.getMessage();
                check = failed("versions.yaml", e.getMessage());
            }
        }
        checks.add(check);
        return new Expected(versions, from, problem);
    }

    // --- QEMU ----------------------------------------------------------------------------------

    private void qemu(ExtractedTree tree, Expected expected, List<Check> checks) {
        List<String> binaries = tree.members().values().stream()
                .filter(m -> m.name().startsWith(QEMU_PREFIX) && m.name().indexOf('/', QEMU_PREFIX.length()) < 0)
                .filter(m -> m.kind() != Kind.DIRECTORY).map(Member::name).sorted().toList();
        if (binaries.isEmpty()) {
            checks.add(skipped("QEMU", "the tarball has no opt/kata/bin/qemu-system-*"));
            return;
        }
        for (String name : binaries) {
            Member m = tree.resolve(name);
            String elfCheck = "ELF " + name;
            if (m == null) {
                checks.add(failed(elfCheck, "a link that does not resolve to a file inside the tarball (-> "
                        + Texts.quote(tree.members().get(name).link()) + ")"));
                checks.add(skipped("--version " + name, "not run: no file to run"));
                continue;
            }
            Path file = tree.path(m.name());
            String problem;
            String linkage = null;
            try {
                ElfFile elf = ElfFile.read(file);
                problem = elf.notAnX86_64Executable();
                linkage = elf.linkage();
                if (problem == null && (m.mode() & 0100) == 0) {
                    problem = String.format("not executable (mode %04o)", m.mode());
                }
            } catch (FormatException e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = "cannot be read: " + e.getMessage();
            }
            if (problem != null) {
                checks.add(failed(elfCheck, problem));
                checks.add(skipped("--version " + name, "not run: not an x86_64 ELF executable"));
                continue;
            }
            checks.add(passed(elfCheck, "x86_64 ELF executable, " + linkage));
            checks.add(runVersion(tree, name, file, expected, linkage));
        }
    }

    private Check runVersion(ExtractedTree tree, String name, Path file, Expected expected, String linkage) {
        String check = "--version " + name;
        if (!hostOs.toLowerCase(Locale.ROOT).startsWith("linux")
                || !(hostArch.equals("amd64") || hostArch.equals("x86_64"))) {
            return skipped(check, "not run: this host is " + hostOs + " " + hostArch + ", not x86_64 Linux");
        }
        progress.step("verify: " + name.substring(name.lastIndexOf('/') + 1) + " --version");
        ProgramRun run = ProgramRun.run(file, tree.root(), runTimeout, "--version");
        String output = run.output().replace(tree.root().toString() + "/", "");
        String problem = run.problem() == null ? null : run.problem().replace(tree.root().toString() + "/", "");
        if (problem != null && problem.startsWith("cannot be started")) {
            return failed(check, problem + (problem.contains("error=2,") && !linkage.startsWith("statically")
                    ? " (" + linkage + ": the interpreter is missing on this host)" : ""));
        }
        if (problem != null) {
            return failed(check, problem + firstLines(output));
        }
        if (run.exitCode() != 0) {
            return failed(check, "exited with " + run.exitCode() + firstLines(output));
        }
        Matcher says = QEMU_SAYS.matcher(output);
        if (!says.find()) {
            return failed(check, "does not report 'QEMU emulator version'" + firstLines(output));
        }
        String reported = says.group(1);
        String line = output.substring(says.start()).lines().findFirst().orElse("").strip();
        String variant = name.substring(QEMU_PREFIX.length()).replaceFirst("^x86_64-?", "");
        String path = ".assets.hypervisor.qemu" + (variant.isEmpty() ? "" : "-" + variant);
        Optional<VersionEntry> entry = expected.entry(path);
        if (entry.isEmpty()) {
            return passed(check, "reports " + Texts.quote(line) + "; not compared: "
                    + (expected.problem() != null ? expected.problem() : expected.from() + " has no " + path));
        }
        String want = entry.get().version();
        Matcher numeric = NUMERIC_VERSION.matcher(want);
        if (!numeric.matches()) {
            return passed(check, "reports " + Texts.quote(line) + "; not compared: " + entry.get().path() + " is "
                    + want + ", not a version number");
        }
        if (sameVersion(reported, numeric.group(1))) {
            return passed(check, "reports " + Texts.quote(line) + ", as " + entry.get().path() + " " + want);
        }
        return failed(check, "reports " + Texts.quote(line) + ", not " + numeric.group(1) + " (" + entry.get().path()
                + " " + want + ")");
    }

    /** @return whether QEMU's reported version is the expected one ({@code 10.1.0}, {@code 10.1.0-rc1} …) */
    private static boolean sameVersion(String reported, String want) {
        if (reported.equals(want) || reported.startsWith(want + "-") || reported.startsWith(want + "+")) {
            return true;
        }
        // "v10.1" in versions.yaml, "10.1.0" from QEMU
        return want.chars().filter(c -> c == '.').count() == 1 && reported.startsWith(want + ".");
    }

    private static String firstLines(String output) {
        List<String> lines = output.lines().map(l -> l.replaceAll("[\\p{Cntrl}&&[^\t]]", "?").strip())
                .filter(l -> !l.isEmpty()).limit(3).toList();
        if (lines.isEmpty()) {
            return " (no output)";
        }
        String text = String.join(" / ", lines);
        return ": " + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
    }

    // --- kernels -------------------------------------------------------------------------------

    private static void kernels(ExtractedTree tree, Expected expected, AtRef atRef, List<Check> checks) {
        List<Member> images = tree.members().values().stream()
                .filter(m -> m.name().startsWith(KERNEL_DIR + "vmlinuz-")
                        && m.name().indexOf('/', KERNEL_DIR.length()) < 0)
                .filter(m -> m.kind() == Kind.FILE || m.kind() == Kind.HARDLINK)
                .sorted(java.util.Comparator.comparing(Member::name)).toList();
        if (images.isEmpty()) {
            checks.add(skipped("kernel", "the tarball has no opt/kata/share/kata-containers/vmlinuz-*"));
        }
        String config = atRef == null ? null : atRef.kataConfigVersion();
        for (Member m : images) {
            checks.add(bzImage(tree, m, expected));
            String file = m.name().substring(KERNEL_DIR.length());
            String check = "name " + m.name();
            if (atRef == null) {
                checks.add(skipped(check, "not compared: no --repo/--ref to read kata_config_version from"));
            } else if (config == null || config.isEmpty()) {
                checks.add(skipped(check, "not compared: no " + PatchRules.KATA_CONFIG_VERSION + " at "
                        + atRef.label()));
            } else if (Arrays.asList(file.substring("vmlinuz-".length()).split("-")).contains(config)) {
                checks.add(passed(check, file + " carries kata_config_version " + config));
            } else {
                checks.add(failed(check, file + " does not carry kata_config_version " + config + " (at "
                        + atRef.label() + "); kata names its images vmlinuz-<version>-<kata_config_version>"));
            }
        }
        links(tree, !images.isEmpty(), checks);
    }

    private static Check bzImage(ExtractedTree tree, Member m, Expected expected) {
        String check = "bzImage " + m.name();
        BzImage image;
        try {
            image = BzImage.read(tree.path(m.name()));
        } catch (FormatException e) {
            return failed(check, e.getMessage());
        } catch (IOException e) {
            return failed(check, "cannot be read: " + e.getMessage());
        }
        String found = "Linux bzImage (boot protocol " + image.protocolName() + "), version "
                + Texts.quote(image.kernelVersion());
        Optional<VersionEntry> main = expected.entry(".assets.kernel");
        if (main.isEmpty()) {
            return passed(check, found + "; not compared: "
                    + (expected.problem() != null ? expected.problem() : expected.from() + " has no .assets.kernel"));
        }
        if (releaseMatches(image.release(), main.get().version())) {
            return passed(check, found + ", as " + main.get().path() + " " + main.get().version());
        }
        for (VersionEntry other : expected.kernels()) {
            if (releaseMatches(image.release(), other.version())) {
                return passed(check, found + ", as " + other.path() + " " + other.version());
            }
        }
        return failed(check, found + ": it does not start with " + strip(main.get().version()) + " ("
                + main.get().path() + " " + main.get().version() + ")");
    }

    /** @return whether a kernel release ({@code 6.18.35-nvidia-gpu}) is of the version ({@code v6.18.35}) */
    private static boolean releaseMatches(String release, String version) {
        String want = strip(version);
        if (want.isEmpty() || !release.startsWith(want)) {
            return false;
        }
        if (release.length() == want.length()) {
            return true;
        }
        char next = release.charAt(want.length());
        return next == '-' || next == '+';
    }

    private static String strip(String version) {
        return version.startsWith("v") ? version.substring(1) : version;
    }

    private static void links(ExtractedTree tree, boolean images, List<Check> checks) {
        List<Member> links = tree.members().values().stream()
                .filter(m -> m.name().startsWith(KERNEL_DIR) && m.name().indexOf('/', KERNEL_DIR.length()) < 0)
                .filter(m -> m.name().substring(KERNEL_DIR.length()).matches("vmlinu[xz].*\\.container"))
                .filter(m -> m.kind() != Kind.DIRECTORY)
                .sorted(java.util.Comparator.comparing(Member::name)).toList();
        if (links.isEmpty() && images) {
            checks.add(skipped("kernel links", "the tarball has no opt/kata/share/kata-containers/vmlinu[xz]*.container"));
        }
        for (Member m : links) {
            String check = "link " + m.name();
            if (m.kind() != Kind.SYMLINK) {
                checks.add(passed(check, "a regular file"));
                continue;
            }
            Member target = tree.resolve(m.name());
            if (target == null) {
                checks.add(failed(check, "-> " + Texts.quote(m.link()) + " dangles: the tarball holds no such file"
                        + " under opt/kata/"));
            } else {
                checks.add(passed(check, "-> " + m.link() + (target.name().equals(Path.of(m.name()).getParent()
                        .resolve(m.link()).normalize().toString()) ? "" : " (" + target.name() + ")")));
            }
        }
    }

    // --- SHA256SUMS ----------------------------------------------------------------------------

    private Check sums(String assetName, String assetSha) throws IOException {
        Path sums = asset.toAbsolutePath().resolveSibling("SHA256SUMS");
        if (!Files.isRegularFile(sums)) {
            return skipped("SHA256SUMS", "no SHA256SUMS beside the asset");
        }
        List<String> problems = new ArrayList<>();
        List<String> matched = new ArrayList<>();
        int n = 0;
        for (String line : new String(head(sums, SMALL_FILE), StandardCharsets.UTF_8).split("\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            Matcher m = SUMS_LINE.matcher(line.stripTrailing());
            if (!m.matches()) {
                problems.add("line " + n + " is not '<sha256>  <file>': " + Texts.quote(line));
                continue;
            }
            String file = m.group(2);
            String want = m.group(1).toLowerCase(Locale.ROOT);
            if (file.contains("/") || file.contains("\\") || file.equals("..") || file.equals(".")) {
                problems.add(Texts.quote(file) + " is not a file beside SHA256SUMS");
                continue;
            }
            Path f = sums.resolveSibling(file);
            if (!Files.isRegularFile(f)) {
                problems.add(Texts.quote(file) + " is listed but missing");
                continue;
            }
            String have = file.equals(assetName) ? assetSha : Digests.sha256(f);
            if (have.equals(want)) {
                matched.add(file);
            } else {
                problems.add(Texts.quote(file) + ": SHA256SUMS says " + want + ", the file has " + have);
            }
        }
        if (!matched.contains(assetName) && problems.stream().noneMatch(p -> p.startsWith(Texts.quote(assetName)))) {
            problems.add("SHA256SUMS does not list " + assetName);
        }
        if (!problems.isEmpty()) {
            return failed("SHA256SUMS", String.join("; ", problems));
        }
        return passed("SHA256SUMS", matched.size() + (matched.size() == 1 ? " file matches" : " files match") + ": "
                + String.join(", ", matched));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(Digests.newSha256().digest(bytes));
    }

    private static byte[] head(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max);
        }
    }

    private static Check passed(String name, String detail) {
        return new Check(name, Status.PASSED, detail);
    }

    private static Check failed(String name, String detail) {
        return new Check(name, Status.FAILED, detail);
    }

    private static Check skipped(String name, String detail) {
        return new Check(name, Status.SKIPPED, detail);
    }
}
