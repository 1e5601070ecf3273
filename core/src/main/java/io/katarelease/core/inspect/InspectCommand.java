package io.katarelease.core.inspect;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.inspect.InspectResult.Origin;
import io.katarelease.core.inspect.InspectResult.PatchDirectory;
import io.katarelease.core.inspect.InspectResult.PatchFile;
import io.katarelease.core.inspect.InspectResult.Role;
import io.katarelease.core.inspect.InspectResult.State;
import io.katarelease.core.versions.Component;
import io.katarelease.core.versions.PatchRules;
import io.katarelease.core.versions.PatchRules.QemuBase;
import io.katarelease.core.versions.VersionEntry;
import io.katarelease.core.versions.VersionsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Reads {@code versions.yaml} at a ref and lists, for every QEMU and kernel entry, the patch
 * directories kata's scripts select and the patches they apply, in order; with a base ref, marks
 * each patch as carried by the fork or upstream's, and warns about the traps a fork hits.
 *
 * <p>Pure: reads the repository, writes nothing. Used once: configure, then {@link #call()}.
 */
public final class InspectCommand {
    static final int MAX_TEXT_BYTES = 4 * 1024 * 1024;
    private static final Pattern NUMBER = Pattern.compile("^(\\d+)[-_.]");
    /** Byte order of UTF-8 names, as {@code sort} under {@code LC_ALL=C} orders them. */
    static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private Repository repository;
    private String ref;
    private String baseRef;
    private Path workTree;

    /**
     * Inspects a checkout on disk as it is (uncommitted changes included) instead of a ref; no
     * base comparison. This is what a build uses.
     */
    public InspectCommand setWorkTree(Path workTree) {
        this.workTree = workTree;
        return this;
    }

    /** The repository holding the refs (a bare cache or a clone). Required. */
    public InspectCommand setRepository(Repository repository) {
        this.repository = repository;
        return this;
    }

    /** The release ref: a branch, a tag or a commit id. Required. */
    public InspectCommand setRef(String ref) {
        this.ref = ref;
        return this;
    }

    /** The upstream ref to compare with (the upstream tag, any ref or commit id); optional. */
    public InspectCommand setBaseRef(String baseRef) {
        this.baseRef = baseRef;
        return this;
    }

    /**
     * @throws NotFoundException when a ref or {@code versions.yaml} does not exist
     * @throws InvalidInputException when {@code versions.yaml} is malformed, a version cannot name
     *     a directory, or a patch directory is a link
     */
    public InspectResult call() throws ReleaseException {
        try {
            if (workTree != null) {
                return inspect(new DiskTree(workTree, false), null, workTree.toString(), null, null, null);
            }
            try (ObjectReader reader = repository.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
                RevCommit commit = resolve(walk, ref, Setting.REF);
                RevCommit base = baseRef == null ? null : resolve(walk, baseRef, Setting.BASE_REF);
                return inspect(new GitTree(reader, commit.getTree(), Texts.quote(ref)),
                        base == null ? null : new GitTree(reader, base.getTree(), Texts.quote(baseRef)),
                        ref, commit.name(), baseRef, base == null ? null : base.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the repository failed: " + e.getMessage(), e);
        }
    }

    private InspectResult inspect(PatchTree tree, PatchTree baseTree, String refName, String commit, String baseName,
            String baseCommit) throws ReleaseException, IOException {
        String yaml = tree.file("versions.yaml", MAX_TEXT_BYTES).orElseThrow(() -> new NotFoundException(
                "no versions.yaml in " + tree.label() + "; is this a kata-containers tree?"));
        VersionsFile versions = VersionsFile.parse(yaml, "versions.yaml in " + tree.label());
        boolean legacy = tree.entry(PatchRules.APPLIER).isEmpty();
        String kataConfig = tree.file(PatchRules.KATA_CONFIG_VERSION, 4096).map(String::strip).orElse(null);
        String baseKataConfig = baseTree == null ? null
                : baseTree.file(PatchRules.KATA_CONFIG_VERSION, 4096).map(String::strip).orElse(null);

        List<VersionEntry> entries = new ArrayList<>(versions.qemuEntries());
        entries.addAll(versions.kernelEntries());
        List<ComponentPlan> plans = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (VersionEntry entry : entries) {
            PatchRules.checkVersion(entry);
            plans.add(plan(entry, legacy, tree, baseTree, warnings));
        }
        if (baseTree != null) {
            warnOrphans(tree, baseTree, plans, warnings);
            warnKernelWithoutConfigBump(tree, baseTree, kataConfig, baseKataConfig, warnings);
        }
        return new InspectResult(refName, commit, baseName, baseCommit, kataConfig, baseKataConfig, legacy, plans,
                List.copyOf(new LinkedHashSet<>(warnings)));
    }

    private ComponentPlan plan(VersionEntry entry, boolean legacy, PatchTree tree, PatchTree base,
            List<String> warnings) throws IOException, InvalidInputException {
        List<PatchDirectory> dirs = new ArrayList<>();
        String buildType = null;
        if (entry.component() == Component.QEMU) {
            QemuBase series = PatchRules.qemuBase(entry.version());
            if (series instanceof QemuBase.Series s) {
                dirs.add(directory(PatchRules.QEMU_PATCHES + "/" + s.name(), Role.QEMU_SERIES, tree, base, warnings,
                        legacy));
            } else if (series instanceof QemuBase.DevelopmentTree) {
                dirs.add(new PatchDirectory(PatchRules.QEMU_PATCHES + "/<X.Y>.x", Role.QEMU_SERIES, State.SKIPPED,
                        List.of(), "a QEMU development tree (patch level 50 or more): kata skips the series patches"));
            } else {
                dirs.add(new PatchDirectory(PatchRules.QEMU_PATCHES + "/<X.Y>.x", Role.QEMU_SERIES,
                        State.FROM_SOURCE_TREE, List.of(),
                        "X.Y comes from the VERSION file of the QEMU tree fetched at " + entry.version()));
            }
            String tagDir = PatchRules.QEMU_PATCHES + "/tag_patches/" + entry.version();
            if (legacy) {
                dirs.add(new PatchDirectory(tagDir, Role.QEMU_TAG, State.NOT_USED, List.of(),
                        "this tree's scripts have no per-tag QEMU patch step"));
            } else {
                dirs.add(directory(tagDir, Role.QEMU_TAG, tree, base, warnings, false));
            }
        } else {
            String series = PatchRules.KERNEL_PATCHES + "/" + PatchRules.kernelSeries(entry.version());
            dirs.add(directory(series, Role.KERNEL_SERIES, tree, base, warnings, legacy));
            Optional<String> type = legacy ? Optional.empty() : PatchRules.buildType(entry);
            if (type.isPresent()) {
                buildType = type.get();
                dirs.add(directory(series + "/" + buildType, Role.KERNEL_BUILD_TYPE, tree, base, warnings, false));
            }
        }
        return new ComponentPlan(entry.component(), entry.path(), entry.version(), buildType, dirs);
    }

    private PatchDirectory directory(String path, Role role, PatchTree tree, PatchTree base, List<String> warnings,
            boolean missingTolerated) throws IOException, InvalidInputException {
        Optional<PatchTree.Entry> at = tree.entry(path);
        List<PatchTree.Entry> children = tree.children(path);
        if (at.isEmpty()) {
            if (missingTolerated) {
                return new PatchDirectory(path, role, State.MISSING, List.of(),
                        "missing; this tree's scripts skip a missing directory");
            }
            warnings.add(path + " does not exist: kata's build stops there (\"Create a " + PatchRules.NO_PATCHES
                    + " file if the current version has no patches\"); add it, with " + PatchRules.NO_PATCHES
                    + " when there is nothing to apply");
            return new PatchDirectory(path, role, State.MISSING, List.of(), "kata's build fails without it");
        }
        List<PatchFile> patches = new ArrayList<>();
        boolean marker = false;
        for (PatchTree.Entry child : children) {
            if (child.name().equals(PatchRules.NO_PATCHES)) {
                marker = true;
            }
            if (!child.name().endsWith(".patch") || child.isTree()) {
                continue;
            }
            if (child.isSymlink()) {
                throw new InvalidInputException("the patch " + Texts.quote(child.path())
                        + " is a symbolic link; kata-release does not follow links: commit the patch itself");
            }
            patches.add(new PatchFile(child.name(), child.path(),
                    child.id().equals(ObjectId.zeroId()) ? null : child.id().name(), origin(child, base)));
        }
        patches.sort(Comparator.comparing(PatchFile::name, BYTE_ORDER));
        warnNumbering(path, patches, warnings);
        State state;
        String note = null;
        if (!patches.isEmpty()) {
            state = State.PATCHES;
        } else if (marker) {
            state = State.NO_PATCHES_MARKED;
        } else {
            state = State.NO_PATCHES_UNMARKED;
            note = "no patch and no " + PatchRules.NO_PATCHES;
            warnings.add(path + " has no patch and no " + PatchRules.NO_PATCHES
                    + ": add an empty one so the directory stays in git when its other files go");
        }
        return new PatchDirectory(path, role, state, List.copyOf(patches), note);
    }

    private static Origin origin(PatchTree.Entry patch, PatchTree base) throws IOException, InvalidInputException {
        if (base == null) {
            return Origin.UNKNOWN;
        }
        Optional<PatchTree.Entry> there = base.entry(patch.path());
        if (there.isEmpty()) {
            return Origin.CARRIED;
        }
        return there.get().id().equals(patch.id()) ? Origin.UPSTREAM : Origin.MODIFIED;
    }

    /** Trap 5: kata applies patches in byte order of their names, not in numeric order. */
    static void warnNumbering(String dir, List<PatchFile> patches, List<String> warnings) {
        Map<Long, List<String>> byNumber = new LinkedHashMap<>();
        List<String> numbered = new ArrayList<>();
        List<String> unnumbered = new ArrayList<>();
        for (PatchFile p : patches) {
            Matcher m = NUMBER.matcher(p.name());
            if (m.find() && m.group(1).length() <= 18) {
                byNumber.computeIfAbsent(Long.parseLong(m.group(1)), k -> new ArrayList<>()).add(p.name());
                numbered.add(p.name());
            } else {
                unnumbered.add(p.name());
            }
        }
        List<String> numeric = new ArrayList<>(numbered);
        numeric.sort(Comparator.<String>comparingLong(n -> {
            Matcher m = NUMBER.matcher(n);
            m.find();
            return Long.parseLong(m.group(1));
        }).thenComparing(BYTE_ORDER));
        for (int i = 0; i < numbered.size(); i++) {
            if (!numbered.get(i).equals(numeric.get(i))) {
                warnings.add(dir + ": patch numbers of unequal width do not sort as numbers; kata applies "
                        + numbered.get(i) + " before " + numeric.get(i) + " (byte order of names): zero-pad them"
                        + " to one width");
                break;
            }
        }
        byNumber.forEach((n, names) -> {
            if (names.size() > 1) {
                warnings.add(dir + ": " + names.size() + " patches share the number " + n + " (" + String.join(", ", names)
                        + "); kata applies them in byte order of their names");
            }
        });
        if (!numbered.isEmpty() && !unnumbered.isEmpty()) {
            warnings.add(dir + ": " + String.join(", ", unnumbered) + (unnumbered.size() == 1
                    ? " has no number and is applied" : " have no number and are applied") + " after the numbered patches");
        }
    }

    /** Trap 4: fork patches in directories this release does not select are never applied. */
    private static void warnOrphans(PatchTree tree, PatchTree base, List<ComponentPlan> plans, List<String> warnings)
            throws IOException, InvalidInputException {
        Set<String> selected = new LinkedHashSet<>();
        for (ComponentPlan p : plans) {
            for (PatchDirectory d : p.directories()) {
                selected.add(d.path());
            }
        }
        for (String root : List.of(PatchRules.QEMU_PATCHES, PatchRules.KERNEL_PATCHES)) {
            for (Map.Entry<String, ObjectId> file : files(tree, root).entrySet()) {
                if (!file.getKey().endsWith(".patch")) {
                    continue;
                }
                PatchTree.Entry patch = new PatchTree.Entry(file.getKey(), org.eclipse.jgit.lib.FileMode.REGULAR_FILE,
                        file.getValue());
                String dir = patch.path().substring(0, patch.path().lastIndexOf('/'));
                if (selected.contains(dir)) {
                    continue;
                }
                Origin origin = origin(patch, base);
                if (origin == Origin.CARRIED || origin == Origin.MODIFIED) {
                    warnings.add("fork patch " + patch.path() + " is in " + dir + ", which no versions.yaml entry"
                            + " selects at this ref: it is not applied (a QEMU or kernel version bump left it behind?)."
                            + " Port it to the selected directory"
                            + (root.equals(PatchRules.QEMU_PATCHES) ? ", unless a QEMU tree whose VERSION names that"
                                    + " series uses it" : ""));
                }
            }
        }
    }

    /** Trap 2: kata's CI wants a kata_config_version change with every kernel packaging change. */
    private static void warnKernelWithoutConfigBump(PatchTree tree, PatchTree base, String kataConfig,
            String baseKataConfig, List<String> warnings) throws IOException, InvalidInputException {
        if (kataConfig == null || !kataConfig.equals(baseKataConfig)) {
            return;
        }
        Map<String, ObjectId> now = files(tree, PatchRules.KERNEL_DIR);
        Map<String, ObjectId> before = files(base, PatchRules.KERNEL_DIR);
        Set<String> paths = new java.util.TreeSet<>(BYTE_ORDER);
        paths.addAll(now.keySet());
        paths.addAll(before.keySet());
        List<String> changed = paths.stream()
                .filter(path -> !path.equals(PatchRules.KERNEL_DIR + "/README.md"))
                .filter(path -> !java.util.Objects.equals(now.get(path), before.get(path)))
                .toList();
        if (!changed.isEmpty()) {
            warnings.add(changed.size() + " file(s) under " + PatchRules.KERNEL_DIR + " differ from the base (first: "
                    + changed.get(0) + ") but kata_config_version is still " + kataConfig + ": bump it (kata's CI"
                    + " requires it, and the kernel cache key uses it), with a value upstream will not use");
        }
    }

    /** @return every file below {@code root} with its blob id */
    static Map<String, ObjectId> files(PatchTree tree, String root) throws IOException, InvalidInputException {
        Map<String, ObjectId> out = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            String dir = pending.remove(pending.size() - 1);
            for (PatchTree.Entry e : tree.children(dir)) {
                if (e.isTree()) {
                    pending.add(e.path());
                } else {
                    out.put(e.path(), e.id());
                }
            }
        }
        return out;
    }

    private RevCommit resolve(RevWalk walk, String name, Setting setting) throws ReleaseException, IOException {
        String what = setting.words() + " " + Texts.quote(name);
        if (name == null || name.isBlank() || name.startsWith("-") || name.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidInputException(what + " is not a ref or commit id", setting);
        }
        ObjectId id;
        try {
            id = repository.resolve(name + "^{commit}");
        } catch (RevisionSyntaxException | IncorrectObjectTypeException | MissingObjectException e) {
            throw new InvalidInputException(what + " is not a ref or commit id", setting);
        } catch (org.eclipse.jgit.errors.AmbiguousObjectException e) {
            throw new InvalidInputException(what + " is an ambiguous abbreviation; give more digits", setting);
        }
        if (id == null) {
            throw new NotFoundException(what + " names no branch, tag or commit in "
                    + repository.getDirectory(), setting);
        }
        return walk.parseCommit(id);
    }
}
