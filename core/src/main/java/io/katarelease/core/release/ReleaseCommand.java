package io.katarelease.core.release;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.build.BuildCommand;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.files.AtomicFiles;
import io.katarelease.core.files.DirectoryLock;
import io.katarelease.core.files.ScratchDirectory;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.publish.ReleaseHost;
import io.katarelease.core.sync.SyncCommand;
import io.katarelease.core.versions.Component;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The whole job, from an upstream tag to a published release: the stages of {@link ReleaseStages}
 * (sync, checkout, the component builds in parallel, package, verify, publish, hand off), run in
 * order under the state folder's lock, or planned in a dry run. Each stage is recorded in a
 * ledger ({@code <state>/<release tag>.json}) with its inputs; a run after a failure or a kill
 * skips the stages whose inputs are unchanged and redoes the rest, and every stage converges
 * anyway (sync is a no-op on a synced fork, builds hit the cache, packaging gives the same bytes,
 * publishing keeps matching assets). Used once: configure, then {@link #call()}.
 */
public final class ReleaseCommand {
    private SyncCommand sync;
    private List<String> targets = ReleaseStages.DEFAULT_TARGETS;
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
            throw new InvalidInputException("no release target: give a GitHub repository or a target directory",
                    Setting.GITHUB_REPO, Setting.TARGET_DIR);
        }
        if (buildCommand != null && buildCommand.isBlank()) {
            throw new InvalidInputException("the build command is empty: give one, or leave it out to build with kata's"
                    + " own make target", Setting.BUILD_COMMAND);
        }
        Path state = (stateDir == null ? sync.workDir().resolve("state") : stateDir).toAbsolutePath().normalize();
        if (sync.dryRun()) {
            // A dry run writes no state, so it takes no lock and may run beside a release.
            Ledger.check(state, false);
            return runStages(state);
        }
        try (DirectoryLock lock = DirectoryLock.acquire(state, ".kata-release.lock", "release for "
                + sync.fork().displayUrl(), sync.lockTimeout(), progress)) {
            // Checked before any network or git work: a damaged ledger stops the run here.
            for (String aside : Ledger.check(state, discardDamagedState)) {
                progress.warn(aside);
            }
            ScratchDirectory.sweep(state, CheckoutStage.PLAN_PREFIX);
            AtomicFiles.sweep(state);
            return runStages(state);
        }
    }

    /** Runs (or, in a dry run, plans) each stage of {@link ReleaseStages} in order. */
    private ReleaseResult runStages(Path state) throws ReleaseException, IOException {
        ReleaseRun.Settings settings = new ReleaseRun.Settings(sync, targets, buildCommand, cacheDir, remoteCache,
                host);
        try (ReleaseRun run = new ReleaseRun(settings, state, progress, clock)) {
            for (ReleaseStage stage : ReleaseStages.of(targets)) {
                if (settings.dryRun()) {
                    stage.plan(run);
                } else {
                    stage.run(run);
                }
            }
            return run.result();
        }
    }
}
