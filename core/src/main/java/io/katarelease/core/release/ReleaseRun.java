package io.katarelease.core.release;

import io.katarelease.core.build.BuildCommand;
import io.katarelease.core.build.BuildRecord;
import io.katarelease.core.build.remote.RegistryCache;
import io.katarelease.core.git.CacheRepository;
import io.katarelease.core.inspect.InspectResult;
import io.katarelease.core.ledger.Ledger;
import io.katarelease.core.packaging.PackageResult;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.publish.PublishResult;
import io.katarelease.core.publish.ReleaseHost;
import io.katarelease.core.release.ReleaseResult.StageOutcome;
import io.katarelease.core.sync.SyncCommand;
import io.katarelease.core.sync.SyncResult;
import io.katarelease.core.verify.VerifyResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One release run as its stages see it: the settings, the state folder, and each stage's typed
 * output once that stage has run. Reading an output before its stage ran is a bug in the stage
 * order, and fails loudly. Closing the run closes the git cache a stage opened.
 */
final class ReleaseRun implements AutoCloseable {
    /**
     * What the run was asked to do.
     *
     * @param sync the configured sync (its dry-run flag makes the release a dry run)
     * @param targets the components to build
     * @param buildCommand a build command for every component, {@code {component}} standing for its name; or null
     * @param cacheDir the build cache, or null for the default
     * @param remoteCache the registry shared by machines, or null
     * @param host where to publish (null in a dry run)
     */
    record Settings(SyncCommand sync, List<String> targets, String buildCommand, Path cacheDir,
            RegistryCache remoteCache, ReleaseHost host) {
        boolean dryRun() {
            return sync.dryRun();
        }

        /** @return a build of {@code target}, configured as the release asks */
        BuildCommand build(String target) {
            return new BuildCommand().setTarget(target).setCacheDir(cacheDir)
                    .setCommand(buildCommand == null ? null : buildCommand.replace("{component}", target));
        }
    }

    private final Settings settings;
    private final Path state;
    private final Progress progress;
    private final Clock clock;
    private final List<StageOutcome> outcomes = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Ledger ledger;
    private CacheRepository cache;
    private SyncResult synced;
    private InspectResult inspected;
    private Path checkout;
    private List<BuildRecord> builds;
    private PackageResult packaged;
    private Path tarball;
    private VerifyResult verified;
    private PublishResult published;

    ReleaseRun(Settings settings, Path state, Progress progress, Clock clock) {
        this.settings = settings;
        this.state = state;
        this.progress = progress;
        this.clock = clock;
    }

    Settings settings() {
        return settings;
    }

    /** @return where ledgers, checkouts and assets live */
    Path state() {
        return state;
    }

    /** @return this release's own folder in the state ({@code <state>/<release tag>}) */
    Path releaseDir() {
        return state.resolve(synced().releaseTag());
    }

    Progress progress() {
        return progress;
    }

    Clock clock() {
        return clock;
    }

    /** Adds what a stage did. */
    void outcome(String name, String action, String detail) {
        outcomes.add(new StageOutcome(name, action, detail));
    }

    /** Records a finished stage in the ledger, at the clock's time. */
    void record(String stage, Map<String, String> inputs, Map<String, String> outputs) throws IOException {
        ledger().record(stage, inputs, outputs, clock.instant());
    }

    /** Closes {@code resource} with the run. */
    <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    Ledger ledger() {
        return need(ledger, "ledger");
    }

    CacheRepository cache() {
        return need(cache, "git cache");
    }

    SyncResult synced() {
        return need(synced, "sync");
    }

    InspectResult inspected() {
        return need(inspected, "inspection");
    }

    Path checkout() {
        return need(checkout, "checkout");
    }

    List<BuildRecord> builds() {
        return need(builds, "builds");
    }

    Path tarball() {
        return need(tarball, "package");
    }

    void synced(SyncResult synced, Ledger ledger) {
        this.synced = synced;
        this.ledger = ledger;
    }

    void inspected(CacheRepository cache, InspectResult inspected) {
        this.cache = cache;
        this.inspected = inspected;
    }

    void checkout(Path checkout) {
        this.checkout = checkout;
    }

    void builds(List<BuildRecord> builds) {
        this.builds = List.copyOf(builds);
    }

    /** @param packaged what packaging produced, or null when the ledger said the tarball was done */
    PublishResult published() {
        return need(published, "publication");
    }

    void packaged(Path tarball, PackageResult packaged) {
        this.tarball = tarball;
        this.packaged = packaged;
    }

    void verified(VerifyResult verified) {
        this.verified = verified;
    }

    void published(PublishResult published) {
        this.published = published;
    }

    /** @return what the run did, for the caller */
    ReleaseResult result() {
        return new ReleaseResult(settings.dryRun(), synced().releaseTag(), List.copyOf(outcomes), synced, inspected,
                builds == null ? List.of() : builds, packaged, verified, published, ledger().file().toString());
    }

    private static <T> T need(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("a release stage read the " + what + " before the stage producing it ran");
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
