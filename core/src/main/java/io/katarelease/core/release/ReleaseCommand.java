package io.katarelease.core.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.build.BuildCommand;
import io.katarelease.core.build.BuildRecord;
import io.katarelease.core.build.BuildResult;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.build.Digests;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.files.DirectoryLock;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.git.CacheRepository;
import io.katarelease.core.git.WorkTrees;
import io.katarelease.core.inspect.InspectCommand;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.packaging.PackageCommand;
import io.katarelease.core.packaging.PackageResult;
import io.katarelease.core.packaging.ReleaseReport;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.publish.PublishCommand;
import io.katarelease.core.publish.PublishResult;
import io.katarelease.core.publish.ReleaseHost;
import io.katarelease.core.release.ReleaseResult.StageOutcome;
import io.katarelease.core.sync.SyncCommand;
import io.katarelease.core.sync.SyncResult;
import io.katarelease.core.verify.VerifyCommand;
import io.katarelease.core.verify.VerifyFailedException;
import io.katarelease.core.verify.VerifyResult;
import io.katarelease.core.versions.Component;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The whole job, from an upstream tag to a published release: sync, checkout of the release
 * commit, the component builds (in parallel), package, verify, publish. Each stage is recorded in a
 * ledger ({@code <state>/<release tag>.json}) with its inputs; a run after a failure or a kill
 * skips the stages whose inputs are unchanged and redoes the rest, and every stage converges
 * anyway (sync is a no-op on a synced fork, builds hit the cache, packaging gives the same bytes,
 * publishing keeps matching assets). Used once: configure, then {@link #call()}.
 */
public final class ReleaseCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String PLAN_PREFIX = ".plan-";
    private SyncCommand sync;
    private List<String> targets = List.of(Component.QEMU.id(), Component.KERNEL.id());
    private String buildCommand;
    private Path stateDir;
    private RegistryCache remoteCache;
    private Path cacheDir;
    private ReleaseHost host;
    private Progress progress = Progress.none();
    private Clock clock = Clock.systemUTC();
    private boolean discardDamagedState;

    /** The configured sync (remotes, tag, options; its dry-run flag makes this a dry run). Required. */
    public ReleaseCommand setSync(SyncCommand sync) {
        this.sync = sync;
        return this;
    }

    /** The components to build. The default is QEMU and the kernel. */
    public ReleaseCommand setComponents(List<Component> components) {
        this.targets = components.stream().map(Component::id).toList();
        return this;
    }

    /**
     * The kata-deploy targets to build by name: {@code qemu} and {@code kernel} with their patch
     * series, others ({@code agent}, {@code runtime} …) through the same runner and cache.
     */
    public ReleaseCommand setTargets(List<String> targets) {
        this.targets = List.copyOf(targets);
        return this;
    }

    /** A build command for every component, {@code {component}} standing for its name. Optional. */
    public ReleaseCommand setBuildCommand(String buildCommand) {
        this.buildCommand = buildCommand;
        return this;
    }

    /** Where ledgers, checkouts and assets live. The default is {@code <work dir>/state}. */
    public ReleaseCommand setStateDir(Path stateDir) {
        this.stateDir = stateDir;
        return this;
    }

    /** A registry shared by machines as the builds' second cache level. Optional. */
    public ReleaseCommand setRemoteCache(RegistryCache remoteCache) {
        this.remoteCache = remoteCache;
        return this;
    }

    /** The build cache. The default is {@link BuildCommand#defaultCacheDir()}. */
    public ReleaseCommand setCacheDir(Path cacheDir) {
        this.cacheDir = cacheDir;
        return this;
    }

    /** Where to publish. Required unless a dry run. */
    public ReleaseCommand setHost(ReleaseHost host) {
        this.host = host;
        return this;
    }

    /** Where progress goes. */
    public ReleaseCommand setProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** The clock for the ledger's times. */
    public ReleaseCommand setClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Sets damaged ledgers aside (renamed {@code <name>.damaged-<time>}) instead of stopping on
     * them; the release's stages are then redone, and converge. The default is to stop.
     */
    public ReleaseCommand setDiscardDamagedState(boolean discard) {
        this.discardDamagedState = discard;
        return this;
    }

    public ReleaseResult call() throws ReleaseException {
        try {
            return run();
        } catch (IOException e) {
            throw new UncheckedIOException("the release failed on an I/O error: " + e.getMessage(), e);
        }
    }

    private ReleaseResult run() throws ReleaseException, IOException {
        if (sync == null) {
            throw new InvalidInputException("no sync configured");
        }
        if (!sync.dryRun() && host == null) {
            throw new InvalidInputException("no release target: give --github-repo or --to-dir");
        }
        if (buildCommand != null && buildCommand.isBlank()) {
            throw new InvalidInputException("--build-command is empty");
        }
        Path state = (stateDir == null ? sync.workDir().resolve("state") : stateDir).toAbsolutePath().normalize();
        if (sync.dryRun()) {
            // A dry run writes no state, so it takes no lock and may run beside a release.
            Ledger.check(state, false);
            return run(state);
        }
        try (DirectoryLock lock = DirectoryLock.acquire(state, ".kata-release.lock", "release for "
                + sync.fork().displayUrl(), sync.lockTimeout(), progress)) {
            // Checked before any network or git work: a damaged ledger stops the run here.
            for (String aside : Ledger.check(state, discardDamagedState)) {
                progress.warn(aside);
            }
            ScratchDirectory.sweep(state, PLAN_PREFIX);
            AtomicFiles.sweep(state);
            return run(state);
        }
    }

    private ReleaseResult run(Path state) throws ReleaseException, IOException {
        List<StageOutcome> stages = new ArrayList<>();

        progress.step("stage sync");
        SyncResult synced = sync.call();
        String releaseTag = synced.releaseTag();
        Ledger ledger = Ledger.open(state, releaseTag);
        if (!sync.dryRun()) {
            // Under the state lock: what a killed run left in this release's folder goes.
            Path tagDir = state.resolve(releaseTag);
            AtomicFiles.sweep(tagDir);
            ScratchDirectory.sweep(tagDir, ".checkout.");
        }
        Map<String, String> syncOutputs = Map.of("releaseCommit", synced.releaseCommit(),
                "upstreamTagCommit", synced.upstreamTagCommit());
        ledger.last("sync").filter(s -> !s.outputs().equals(syncOutputs)).ifPresent(s -> progress.warn(
                "inputs changed since the last run (" + s.outputs() + " now " + syncOutputs + "); later stages are"
                        + " redone"));
        stages.add(new StageOutcome("sync", synced.status() == SyncResult.Status.DRY_RUN ? "planned" : "ran",
                synced.status().name().toLowerCase() + " " + releaseTag));

        InspectResult inspected;
        try (CacheRepository cache = CacheRepository.open(sync.workDir(), List.of(sync.upstream(), sync.fork()),
                progress, sync.lockTimeout())) {
            inspected = new InspectCommand().setRepository(cache.repository()).setRef(synced.releaseCommit())
                    .setBaseRef(synced.upstreamTagCommit()).call();
            if (sync.dryRun()) {
                // The planned release commit exists in the cache: check it out to a scratch folder
                // to compute the build keys and look them up, then throw it away.
                try (ScratchDirectory scratch = ScratchDirectory.create(state, PLAN_PREFIX)) {
                    Path checkout = scratch.path().resolve("checkout");
                    WorkTrees.checkout(cache.repository(), ObjectId.fromString(synced.releaseCommit()), checkout);
                    for (String c : targets) {
                        BuildCommand.BuildPlan plan = new BuildCommand().setCheckout(checkout).setTarget(c)
                                .setCacheDir(cacheDir)
                                .setCommand(buildCommand == null ? null : buildCommand.replace("{component}", c))
                                .plan();
                        stages.add(new StageOutcome("build " + c, "planned", (plan.hit() ? "cache hit " : "cache miss, "
                                + "would build ") + plan.version() + " with " + plan.series().size() + " patches (key "
                                + plan.cacheKey().substring(0, 16) + ")"));
                    }
                }
                stages.add(new StageOutcome("package", "planned", releaseTag + "-x86_64.tar.xz, SHA256SUMS, report"));
                stages.add(new StageOutcome("verify", "planned", "the tarball's checks; a failure stops before publish"));
                stages.add(new StageOutcome("publish", "planned", "release " + releaseTag));
                return new ReleaseResult(true, releaseTag, stages, synced, inspected, List.of(), null, null, null,
                        ledger.file().toString());
            }
            if (!synced.status().equals(SyncResult.Status.DRY_RUN)) {
                ledger.record("sync", Map.of("tag", synced.upstreamTag()), syncOutputs, clock.instant());
            }
            Path checkout = state.resolve(releaseTag).resolve("checkout");
            Map<String, String> checkoutInputs = Map.of("releaseCommit", synced.releaseCommit());
            if (ledger.done("checkout", checkoutInputs).isPresent() && Files.isDirectory(checkout)) {
                stages.add(new StageOutcome("checkout", "skipped", checkout.toString()));
            } else {
                progress.step("stage checkout: " + synced.releaseCommit() + " into " + checkout);
                WorkTrees.checkout(cache.repository(), ObjectId.fromString(synced.releaseCommit()), checkout);
                ledger.record("checkout", checkoutInputs, Map.of("dir", checkout.toString()), clock.instant());
                stages.add(new StageOutcome("checkout", "ran", checkout.toString()));
            }

            Path artifacts = state.resolve(releaseTag).resolve("artifacts");
            List<BuildRecord> builds = build(checkout, artifacts, ledger, stages);

            Path assets = state.resolve(releaseTag).resolve("assets");
            Map<String, String> packageInputs = new TreeMap<>(Map.of("releaseCommit", synced.releaseCommit()));
            builds.forEach(b -> packageInputs.put(b.component(), b.artifact().sha256()));
            PackageResult packaged = null;
            Path tarball = assets.resolve(releaseTag + "-x86_64.tar.xz");
            var previous = ledger.done("package", packageInputs);
            if (previous.isPresent() && Files.isRegularFile(tarball)
                    && Digests.sha256(tarball).equals(previous.get().outputs().get("sha256"))) {
                stages.add(new StageOutcome("package", "skipped", tarball.toString()));
            } else {
                progress.step("stage package");
                packaged = new PackageCommand().setReleaseTag(releaseTag).setArtifacts(artifacts)
                        .setRepository(cache.repository(), synced.releaseCommit())
                        .setBaseRef(synced.upstreamTagCommit()).setOutDir(assets).setProgress(progress).call();
                ledger.record("package", packageInputs, Map.of("tarball", packaged.tarball(), "sha256",
                        packaged.sha256()), clock.instant());
                stages.add(new StageOutcome("package", "ran", packaged.tarball()));
            }

            VerifyResult verified = verify(releaseTag, tarball, synced.releaseCommit(), cache, ledger, stages);

            Map<String, String> publishInputs = new TreeMap<>();
            try (Stream<Path> files = Files.list(assets)) {
                for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString()
                        .startsWith(".")).toList()) {
                    publishInputs.put(f.getFileName().toString(), Digests.sha256(f));
                }
            }
            publishInputs.put("host", host.describe());
            progress.step("stage publish to " + host.describe());
            PublishResult published = new PublishCommand().setReleaseTag(releaseTag).setAssets(assets)
                    .setNotes(assets.resolve(releaseTag + "-report.md")).setHost(host).setProgress(progress).call();
            ledger.record("publish", publishInputs, Map.of("url", String.valueOf(published.releaseUrl())),
                    clock.instant());
            stages.add(new StageOutcome("publish", published.uploaded().isEmpty() ? "skipped" : "ran",
                    published.releaseUrl()));
            return new ReleaseResult(false, releaseTag, stages, synced, inspected, builds, packaged, verified,
                    published, ledger.file().toString());
        }
    }

    /**
     * Checks the tarball before anything is published; a failure stops the run (nothing is
     * published) and the next run checks again. The results go into the report, whose line in
     * SHA256SUMS follows, and into {@code <state>/<tag>/verify.json}; the ledger skips the checks
     * while the tarball and the release commit are unchanged, and the report is brought back in
     * line with the recorded results on every run (so a kill between the two files heals).
     */
    private VerifyResult verify(String releaseTag, Path tarball, String releaseCommit, CacheRepository cache,
            Ledger ledger, List<StageOutcome> stages) throws ReleaseException, IOException {
        Path dir = tarball.getParent();
        Path report = dir.resolve(releaseTag + "-report.md");
        Path sums = dir.resolve("SHA256SUMS");
        Path results = ledger.file().resolveSibling(releaseTag).resolve("verify.json");
        Map<String, String> inputs = Map.of("releaseCommit", releaseCommit, "tarball", Digests.sha256(tarball));
        var previous = ledger.done("verify", inputs);
        VerifyResult verified;
        verified = previous.isPresent() ? recorded(results, previous.get().outputs().get("results")) : null;
        if (verified != null) {
            stages.add(new StageOutcome("verify", "skipped", verified.summary()));
        } else {
            progress.step("stage verify");
            try {
                verified = new VerifyCommand().setAsset(tarball).setReleaseTag(releaseTag)
                        .setRepository(cache.repository(), releaseCommit).setWorkDir(results.getParent())
                        .setProgress(progress).call();
            } catch (VerifyFailedException e) {
                write(results, e.result());
                throw e;
            }
            write(results, verified);
            ledger.record("verify", inputs, Map.of("results", Digests.sha256(results), "summary",
                    verified.summary()), clock.instant());
            stages.add(new StageOutcome("verify", "ran", verified.summary()));
        }
        ReleaseReport.addVerification(report, sums, verified);
        return verified;
    }

    /**
     * @return the recorded results when the file holds exactly what the ledger says was written
     *     (read once, digest and content from the same bytes), else null: the checks run again
     */
    private static VerifyResult recorded(Path results, String sha256) throws IOException {
        if (!Files.isRegularFile(results, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        byte[] bytes;
        try (java.io.InputStream in = AtomicFiles.openRegular(results)) {
            bytes = in.readNBytes(16 << 20);
        }
        if (!Digests.sha256(bytes).equals(sha256)) {
            return null;
        }
        try {
            return JSON.readValue(bytes, VerifyResult.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return null;
        }
    }

    private static void write(Path file, VerifyResult result) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, JSON.writeValueAsBytes(result));
    }

    /** Builds the components in parallel (each through the cache) and records them. */
    private List<BuildRecord> build(Path checkout, Path artifacts, Ledger ledger, List<StageOutcome> stages)
            throws ReleaseException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, targets.size()));
        try {
            Map<String, Future<BuildResult>> running = new LinkedHashMap<>();
            for (String c : targets) {
                progress.step("stage build " + c);
                running.put(c, pool.submit(() -> new BuildCommand().setCheckout(checkout).setTarget(c)
                        .setOutDir(artifacts).setCacheDir(cacheDir).setRemoteCache(remoteCache)
                        .setCommand(buildCommand == null ? null : buildCommand.replace("{component}", c))
                        .setProgress(progress).call()));
            }
            List<BuildRecord> records = new ArrayList<>();
            for (Map.Entry<String, Future<BuildResult>> r : running.entrySet()) {
                BuildResult result = join(r.getValue());
                records.add(result.record());
                ledger.record("build " + r.getKey(), Map.of("cacheKey", result.record().cacheKey()),
                        Map.of("artifact", result.artifact(), "sha256", result.record().artifact().sha256()),
                        clock.instant());
                stages.add(new StageOutcome("build " + r.getKey(), result.record().fromCache() ? "skipped" : "ran",
                        result.describeSource()));
            }
            return records;
        } finally {
            pool.shutdownNow();
        }
    }

    private static BuildResult join(Future<BuildResult> f) throws ReleaseException, IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReleaseException r) {
                throw r;
            }
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building", e);
        }
    }
}
