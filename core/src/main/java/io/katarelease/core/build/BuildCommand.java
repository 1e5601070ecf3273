package io.katarelease.core.build;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.Texts;
import io.katarelease.core.build.BuildRecord.Artifact;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.inspect.InspectCommand;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.inspect.InspectResult.ComponentPlan;
import io.katarelease.core.inspect.InspectResult.PatchDirectory;
import io.katarelease.core.inspect.InspectResult.PatchFile;
import io.katarelease.core.inspect.InspectResult.State;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.versions.Component;
import io.katarelease.core.versions.VersionsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds QEMU or the guest kernel from a kata checkout with exactly the patches its
 * {@code versions.yaml} selects, through a content-addressed cache.
 *
 * <p>Steps: resolve the patch series as kata's scripts do (a missing directory stops here);
 * with a source tree, check every patch applies with {@code patch -p1}, in order; compute the
 * cache key over every input; on a hit, verify and deliver the stored artefact; on a miss, run
 * the build (by default kata's own {@code make … <component>-tarball} with upstream's artefact
 * cache disabled), check the artefact holds the component, store it atomically and deliver it.
 * Used once: configure, then {@link #call()}.
 */
public final class BuildCommand {
    /** Where kata's build writes its tarballs, relative to the checkout. */
    public static final String KATA_BUILD_DIR = "build";
    private static final Pattern ARCH = Pattern.compile("x86_64");

    private Path checkout;
    private Component component;
    private String target;
    private String arch = "x86_64";
    private Path outDir;
    private Path cacheDir;
    private Path source;
    private String command;
    private Progress progress = Progress.none();
    private Clock clock = Clock.systemUTC();
    private RegistryCache remoteCache;
    private boolean planOnly;
    private BuildPlan planned;

    /** The kata-containers checkout to build from (a working tree). Required. */
    public BuildCommand setCheckout(Path checkout) {
        this.checkout = checkout;
        return this;
    }

    /** QEMU or the kernel. Required. */
    public BuildCommand setComponent(Component component) {
        this.component = component;
        this.target = component == null ? null : component.id();
        return this;
    }

    /**
     * Any other kata-deploy target by name ({@code agent}, {@code runtime}, {@code shim-v2} …),
     * built by {@code make … <target>-tarball} through the same cache. Such a target carries no
     * patch series of ours, so its key covers every source file of the checkout (build and hidden
     * directories aside): any change rebuilds it. Use {@link #setComponent} for QEMU and the kernel.
     */
    public BuildCommand setTarget(String target) {
        this.target = target;
        this.component = "qemu".equals(target) ? Component.QEMU : "kernel".equals(target) ? Component.KERNEL : null;
        return this;
    }

    /** The target architecture. The default, and the only one supported, is {@code x86_64}. */
    public BuildCommand setArch(String arch) {
        this.arch = arch;
        return this;
    }

    /** Where the artefact and its record go. The default is the checkout's {@code build/}. */
    public BuildCommand setOutDir(Path outDir) {
        this.outDir = outDir;
        return this;
    }

    /** The artefact cache. The default is {@code $XDG_CACHE_HOME/kata-release/builds}. */
    public BuildCommand setCacheDir(Path cacheDir) {
        this.cacheDir = cacheDir;
        return this;
    }

    /**
     * A registry repository shared by machines, as the second level of the cache: a local miss
     * looks there before building, and a build is pushed there (best effort). Optional.
     */
    public BuildCommand setRemoteCache(RegistryCache remoteCache) {
        this.remoteCache = remoteCache;
        return this;
    }

    /**
     * The component's source (a tree, or a tarball of one): every patch is checked to apply to it
     * before anything is built. Optional.
     */
    public BuildCommand setSource(Path source) {
        this.source = source;
        return this;
    }

    /**
     * A shell command that replaces kata's {@code make} target; it runs in the checkout with the
     * same environment and must leave {@code build/kata-static-<component>.tar.xz} (or
     * {@code .tar.zst}). Optional.
     */
    public BuildCommand setCommand(String command) {
        this.command = command;
        return this;
    }

    /**
     * The plan of a build, without building: the cache key and whether the cache has it.
     *
     * @param component the component
     * @param version its version
     * @param cacheKey the key
     * @param hit whether the cache holds an entry for it (its digest is checked when used)
     * @param series the patches, in order
     */
    public record BuildPlan(String component, String version, String cacheKey, boolean hit, List<String> series) {}

    /** @return the plan: key and cache hit or miss, with nothing built, copied or written */
    public BuildPlan plan() throws ReleaseException {
        planOnly = true;
        call();
        return planned;
    }

    /** Where progress and the build's output go. */
    public BuildCommand setProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** The clock for the record's times. */
    public BuildCommand setClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** @return kata's own build command for a component */
    public static List<String> kataCommand(String target) {
        return List.of("make", "-C", "tools/packaging/kata-deploy/local-build", target + "-tarball");
    }

    /**
     * The variables every build gets: upstream's artefact cache off, so a fork never receives
     * upstream's unpatched binaries (kata's kernel cache key ignores patches), and the release
     * version taken from the tree's VERSION file.
     */
    static Map<String, String> buildEnvironment(String target, String arch) {
        Map<String, String> env = new TreeMap<>();
        env.put("USE_CACHE", "no");
        env.put("RELEASE", "yes");
        env.put("ARCH", arch);
        env.put("KATA_RELEASE_COMPONENT", target);
        return env;
    }

    public BuildResult call() throws ReleaseException {
        try {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException("the build of " + target + " failed on an I/O error: "
                    + e.getMessage(), e);
        }
    }

    private BuildResult run() throws ReleaseException, IOException {
        checkInputs();
        Path repo = checkout.toAbsolutePath().normalize();
        Path out = (outDir == null ? repo.resolve(KATA_BUILD_DIR) : outDir).toAbsolutePath().normalize();
        ArtifactCache cache = new ArtifactCache(cacheDir == null ? defaultCacheDir() : cacheDir);
        ComponentPlan plan = readPlan(repo);
        List<String> series = plan.series().stream().map(PatchFile::path).toList();
        if (source != null && !planOnly) {
            PatchCheck.apply(source, repo, series, cache.scratchParent(), progress);
        }

        List<String> argv = command == null ? kataCommand(target) : List.of("/bin/sh", "-c", command);
        Map<String, String> env = buildEnvironment(target, arch);
        CacheKey key = cacheKey(repo, plan, series, argv, env);
        String digest = key.digest();
        if (planOnly) {
            boolean hit = Files.isRegularFile(cache.entryRecord(target, digest));
            planned = new BuildPlan(target, plan.version(), digest, hit, series);
            return null;
        }
        progress.step(target + " " + plan.version() + ": " + series.size() + " patches, cache key "
                + digest.substring(0, 16));
        return fromCacheOrBuild(new Inputs(repo, out, plan, series, key, digest, argv, env), cache,
                new ArrayList<>());
    }

    /** What a build of this command is made from, and where it goes. */
    private record Inputs(Path repo, Path out, ComponentPlan plan, List<String> series, CacheKey key, String digest,
            List<String> argv, Map<String, String> env) {}

    private void checkInputs() throws ReleaseException {
        if (checkout == null || !Files.isDirectory(checkout)) {
            throw new NotFoundException("kata-containers checkout " + Texts.quote(String.valueOf(checkout))
                    + " is not a directory", Setting.CHECKOUT);
        }
        if (target == null || !target.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new InvalidInputException("the build target " + io.katarelease.core.Texts.quote(target)
                    + " is not a kata-deploy target name (qemu, kernel, agent, runtime …)");
        }
        if (arch == null || !ARCH.matcher(arch).matches()) {
            throw new InvalidInputException("architecture " + Texts.quote(arch) + " is not supported: only x86_64 is",
                    Setting.ARCH);
        }
    }

    /** @return the version and patch series of QEMU or the kernel, or the checkout's VERSION for another target */
    private ComponentPlan readPlan(Path repo) throws ReleaseException, IOException {
        if (component == null) {
            String version = Files.isRegularFile(repo.resolve("VERSION"))
                    ? Files.readString(repo.resolve("VERSION")).strip() : "unversioned";
            return new ComponentPlan(null, "VERSION", version, null, List.of());
        }
        progress.step("reading versions.yaml and the " + target + " patch series in " + repo);
        InspectResult inspected = new InspectCommand().setWorkTree(repo).call();
        ComponentPlan plan = mainEntry(inspected);
        for (PatchDirectory d : plan.directories()) {
            if (d.state() == State.MISSING) {
                throw new InvalidInputException(d.path() + " does not exist in " + repo + ": kata's build would"
                        + " stop there; add it (with an empty no_patches.txt when there is nothing to apply)");
            }
        }
        return plan;
    }

    /** The local cache, else (holding the entry's lock) the remote cache, else a build. */
    private BuildResult fromCacheOrBuild(Inputs in, ArtifactCache cache, List<String> warnings)
            throws ReleaseException, IOException {
        Optional<ArtifactCache.Hit> hit = lookup(cache, in.digest(), warnings);
        if (hit.isEmpty()) {
            try (ArtifactCache.Lock lock = cache.lock(target, in.digest())) {
                hit = lookup(cache, in.digest(), warnings);
                if (hit.isEmpty()) {
                    return fromRemoteOrBuild(in, cache, warnings);
                }
            }
        }
        progress.step("cache hit: " + hit.get().artifact().getFileName() + " (built "
                + hit.get().record().startedAt() + ")");
        return deliver(hit.get(), in.out(), BuildResult.LOCAL_HIT, null, in.series(), warnings);
    }

    /** Called with the entry's lock held: a fetch from the remote cache, else a build pushed there. */
    private BuildResult fromRemoteOrBuild(Inputs in, ArtifactCache cache, List<String> warnings)
            throws ReleaseException, IOException {
        cache.sweep();
        RemoteLevel remote = remoteCache == null ? null : new RemoteLevel(remoteCache, cache, progress, warnings);
        Optional<RemoteLevel.Fetched> fetched = remote == null ? Optional.empty() : remote.fetch(target, in.digest());
        if (fetched.isPresent()) {
            return deliver(fetched.get().hit(), in.out(), BuildResult.REMOTE_HIT, fetched.get().remote(), in.series(),
                    warnings);
        }
        ArtifactCache.Hit built = new BuildProcess(target, component, arch, progress, clock)
                .run(in.repo(), in.plan(), in.key(), in.digest(), in.argv(), in.env(), cache);
        String pushed = remote == null ? null : remote.push(built, in.key().inputs());
        return deliver(built, in.out(), BuildResult.BUILT, pushed, in.series(), warnings);
    }

    private ComponentPlan mainEntry(InspectResult inspected) throws NotFoundException {
        String path = component == Component.QEMU ? ".assets.hypervisor.qemu.version" : ".assets.kernel.version";
        return inspected.components().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new NotFoundException("versions.yaml in " + inspected.ref() + " has no " + path));
    }

    private CacheKey cacheKey(Path repo, ComponentPlan plan, List<String> series, List<String> argv,
            Map<String, String> env) throws IOException, ReleaseException {
        CacheKey key = new CacheKey().value("component", target).value("version", plan.version())
                .value("arch", arch).value("command", String.join("\u0000", argv));
        env.forEach((k, v) -> key.value("env " + k, v));
        if (component == null) {
            // No patch series or input list of ours for this target: every file counts.
            return key.sources(repo);
        }
        VersionsFile versions = VersionsFile.parse(Files.readString(repo.resolve("versions.yaml")), "versions.yaml");
        String[] section = component == Component.QEMU
                ? new String[] {"assets", "hypervisor", "qemu"} : new String[] {"assets", "kernel"};
        for (Map.Entry<String, String> v : versions.strings(section).entrySet()) {
            key.value("versions.yaml ." + String.join(".", section) + "." + v.getKey(), v.getValue());
        }
        for (String patch : series) {
            key.patch(repo, patch);
        }
        String own = component == Component.QEMU ? "tools/packaging/qemu" : "tools/packaging/kernel";
        key.tree(repo, own, own + "/patches");
        key.tree(repo, "tools/packaging/static-build/" + target);
        key.tree(repo, "tools/packaging/static-build/scripts");
        key.tree(repo, "tools/packaging/scripts");
        key.tree(repo, "tools/packaging/kata-deploy/local-build");
        return key;
    }

    private Optional<ArtifactCache.Hit> lookup(ArtifactCache cache, String digest, List<String> warnings)
            throws IOException {
        try {
            return cache.lookup(target, digest);
        } catch (ArtifactCache.Corrupted e) {
            String w = "the cache entry " + digest.substring(0, 16) + " was damaged (" + e.getMessage()
                    + "); it was removed and the component is built again";
            warnings.add(w);
            progress.warn(w);
            return Optional.empty();
        }
    }

    private BuildResult deliver(ArtifactCache.Hit hit, Path out, String source, String remote, List<String> series,
            List<String> warnings) throws IOException {
        boolean fromCache = !BuildResult.BUILT.equals(source);
        Files.createDirectories(out);
        // The output folder is kata's build folder by default: only our own leftovers go.
        AtomicFiles.sweep(out, List.of(hit.artifact().getFileName().toString(), BuildRecord.fileName(target)));
        Path delivered = out.resolve(hit.artifact().getFileName().toString());
        // Always a copy, never a hard link: kata's build writes its output in place, and a later
        // build in this directory would write through a link into the cache entry. An unchanged
        // copy (same size and digest) is kept.
        if (!Files.isRegularFile(delivered, LinkOption.NOFOLLOW_LINKS)
                || Files.size(delivered) != hit.record().artifact().size()
                || !Digests.sha256OfRegular(delivered).equals(hit.record().artifact().sha256())) {
            AtomicFiles.copy(hit.artifact(), delivered);
        }
        BuildRecord record = fromCache ? hit.record().servedFromCache(delivered.toString())
                : new BuildRecord(hit.record().component(), hit.record().version(), hit.record().arch(),
                        hit.record().cacheKey(), hit.record().inputs(), hit.record().command(),
                        hit.record().environment(), hit.record().startedAt(), hit.record().durationMillis(),
                        new Artifact(delivered.toString(), hit.record().artifact().size(), hit.record().artifact().sha256()),
                        false);
        Path recordFile = out.resolve(BuildRecord.fileName(target));
        AtomicFiles.write(recordFile, ArtifactCache.JSON.writeValueAsBytes(record));
        return new BuildResult(record, delivered.toString(), recordFile.toString(), series, List.copyOf(warnings),
                source, remote);
    }

    /** @return {@code $XDG_CACHE_HOME/kata-release/builds}, else {@code ~/.cache/kata-release/builds} */
    public static Path defaultCacheDir() {
        return io.katarelease.core.sync.SyncCommand.defaultWorkDir().resolve("builds");
    }
}
