package io.katarelease.core.sync;

import io.katarelease.core.KataRelease;
import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Setting;
import io.katarelease.core.Texts;
import io.katarelease.core.git.CacheRepository;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.git.Remote;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.sync.RefChange.Kind;
import io.katarelease.core.sync.SyncResult.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Brings a fork in step with an upstream release: mirror branch, rebased patch branch, release
 * branch and release tag, in one run, all in process with JGit.
 *
 * <p>Steps (each computed from what the remotes hold now, so a re-run is a no-op):
 * <ol>
 *   <li>list and fetch upstream main and the tag, and the fork's branches and release tags,
 *       into a persistent bare cache;</li>
 *   <li>set the mirror branch to upstream main;</li>
 *   <li>replay the fork-only commits of the patch branch onto upstream main, dropping commits
 *       upstream already has and commits that became empty;</li>
 *   <li>replay the same fork commits onto the upstream tag for the release branch;</li>
 *   <li>tag the release {@code <tag>-<suffix>-<n>}, or reuse the latest release tag when it
 *       holds exactly the same tree;</li>
 *   <li>push everything in one atomic push, each ref leased on the value fetched in step 1,
 *       with a backup ref for every rewritten branch.</li>
 * </ol>
 *
 * <p>Each step is a class of its own: {@link SnapshotReader} (1), {@link CarryPlanner} and
 * {@link Replayer} (3, 4), {@link ReleaseTagChooser} and {@link ReleaseTagMessage} (5),
 * {@link RefChangePlanner} and {@link LeasedPush} (2, 6); this class validates the settings and
 * runs them in order.
 *
 * <p>Any conflict, bad input or moved ref stops the run before the fork changes. Used once:
 * create it with {@link io.katarelease.core.KataRelease#sync()}, set it up, {@link #call()} it.
 */
public final class SyncCommand {
    /** Refs of the cache that mirror upstream. */
    static final String UPSTREAM_NS = "refs/kata-release/upstream/";
    /** Refs of the cache that mirror the fork. */
    static final String FORK_NS = "refs/kata-release/fork/";
    /** Where rewritten branches are saved on the fork before they are replaced. */
    public static final String BACKUP_NS = "refs/kata-release/backup/";

    private Remote upstream;
    private Remote fork;
    private String tag;
    private java.time.Duration lockTimeout = java.time.Duration.ZERO;
    private String suffix = KataRelease.DEFAULT_SUFFIX;
    private String patchBranch = "do/main";
    private String mirrorBranch = "main";
    private String upstreamBranch = "main";
    private String releaseBranchPrefix = "do/";
    private String tagPattern = RefNames.DEFAULT_TAG_PATTERN;
    private Path workDir = defaultWorkDir();
    private boolean dryRun;
    private PersonIdent committer = new PersonIdent("kata-release", "kata-release@localhost");
    private Progress progress = Progress.none();
    private Clock clock = Clock.systemUTC();

    /** Use {@link io.katarelease.core.KataRelease#sync()}. */
    public SyncCommand() {}

    /** The upstream repository (kata-containers). Required. */
    public SyncCommand setUpstream(Remote upstream) {
        this.upstream = upstream;
        return this;
    }

    /** The fork, which receives every push. Required. */
    public SyncCommand setFork(Remote fork) {
        this.fork = fork;
        return this;
    }

    /** The upstream tag to release, such as {@code 4.1.0}. Required. */
    public SyncCommand setTag(String tag) {
        this.tag = tag;
        return this;
    }

    /** The release tag's middle part: {@code <tag>-<suffix>-<n>}. The default is {@code digitalocean}. */
    public SyncCommand setSuffix(String suffix) {
        this.suffix = suffix;
        return this;
    }

    /** The fork's branch of carried patches. The default is {@code do/main}. */
    public SyncCommand setPatchBranch(String patchBranch) {
        this.patchBranch = patchBranch;
        return this;
    }

    /** The fork's branch that mirrors upstream main. The default is {@code main}. */
    public SyncCommand setMirrorBranch(String mirrorBranch) {
        this.mirrorBranch = mirrorBranch;
        return this;
    }

    /** Upstream's development branch. The default is {@code main}. */
    public SyncCommand setUpstreamBranch(String upstreamBranch) {
        this.upstreamBranch = upstreamBranch;
        return this;
    }

    /** The release branch is {@code <prefix><tag>}. The default is {@code do/}. */
    public SyncCommand setReleaseBranchPrefix(String releaseBranchPrefix) {
        this.releaseBranchPrefix = releaseBranchPrefix;
        return this;
    }

    /**
     * A regular expression the whole upstream tag must match. The default,
     * {@link RefNames#DEFAULT_TAG_PATTERN}, accepts plain {@code MAJOR.MINOR.PATCH} only.
     */
    public SyncCommand setTagPattern(String tagPattern) {
        this.tagPattern = tagPattern;
        return this;
    }

    /** Where the persistent cache lives. The default is {@link #defaultWorkDir()}. */
    public SyncCommand setWorkDir(Path workDir) {
        this.workDir = workDir;
        return this;
    }

    /**
     * How long to wait for another run that holds the git cache (a release also applies it to
     * its state directory). The default, zero, stops at once with a busy error naming the holder.
     */
    public SyncCommand setLockTimeout(java.time.Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
        return this;
    }

    /** @return how long to wait for another run's lock */
    public java.time.Duration lockTimeout() {
        return lockTimeout;
    }

    /** Compute and report the plan, push nothing. The default is {@code false}. */
    public SyncCommand setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /**
     * Committer and tagger of what the run writes (the time comes from the clock). The default
     * is {@code kata-release <kata-release@localhost>}.
     *
     * @throws InvalidInputException when the name or e-mail is empty or holds {@code <}, {@code >}
     *     or a line break
     */
    public SyncCommand setCommitter(String name, String email) throws InvalidInputException {
        for (String part : new String[] {name, email}) {
            if (part == null || part.isBlank() || part.chars().anyMatch(c -> c == '<' || c == '>' || c < 0x20)) {
                throw new InvalidInputException("the committer " + Texts.quote(name) + " <" + Texts.quote(email)
                        + "> needs a name and an e-mail without '<', '>' or control characters");
            }
        }
        this.committer = new PersonIdent(name.strip(), email.strip());
        return this;
    }

    /** Where progress goes. The default reports nothing. */
    public SyncCommand setProgress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** The clock for commit, tag and backup times. The default is the system clock. */
    public SyncCommand setClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** @return the upstream remote */
    public Remote upstream() {
        return upstream;
    }

    /** @return the fork remote */
    public Remote fork() {
        return fork;
    }

    /** @return the cache directory */
    public Path workDir() {
        return workDir;
    }

    /** @return whether this is a dry run */
    public boolean dryRun() {
        return dryRun;
    }

    /** @return {@code $XDG_CACHE_HOME/kata-release}, else {@code ~/.cache/kata-release} */
    public static Path defaultWorkDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("kata-release");
    }

    /**
     * Runs the sync.
     *
     * @return what was found and done
     * @throws InvalidInputException a malformed or disallowed tag, name, URL or pattern
     * @throws NotFoundException the tag, a branch or a repository does not exist
     * @throws ConflictException a fork commit does not apply; nothing was pushed
     * @throws UnsupportedHistoryException merge commits in the patch branch, or unrelated histories
     * @throws RemoteMovedException the fork changed under the lease
     * @throws ReleaseException authentication and network failures
     */
    public SyncResult call() throws ReleaseException {
        validate();
        Pattern pattern = RefNames.compileTagPattern(tagPattern);
        PersonIdent ident = new PersonIdent(committer, clock.instant(), ZoneOffset.UTC);
        try (CacheRepository cache = CacheRepository.open(workDir, List.of(upstream, fork), progress, lockTimeout)) {
            return new Run(cache, pattern, ident).execute();
        } catch (IOException e) {
            throw new UncheckedIOException("the cache under " + workDir + " could not be used: " + e.getMessage(), e);
        }
    }

    private void validate() throws InvalidInputException {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(fork, "fork");
        if (tag == null) {
            throw new InvalidInputException("no upstream tag given", Setting.UPSTREAM_TAG);
        }
        RefNames.checkName(Setting.UPSTREAM_TAG, tag, "tags");
        RefNames.checkName(Setting.PATCH_BRANCH, patchBranch, "heads");
        RefNames.checkName(Setting.MIRROR_BRANCH, mirrorBranch, "heads");
        RefNames.checkName(Setting.UPSTREAM_BRANCH, upstreamBranch, "heads");
        if (suffix == null || !suffix.matches("[A-Za-z0-9][A-Za-z0-9._]{0,63}")) {
            throw new InvalidInputException("release suffix " + Texts.quote(suffix)
                    + " must be letters, digits, '.' or '_' (it becomes part of the release tag)", Setting.SUFFIX);
        }
        if (releaseBranchPrefix == null || releaseBranchPrefix.startsWith("-")) {
            throw new InvalidInputException("release branch prefix " + Texts.quote(releaseBranchPrefix)
                    + " must not start with '-'", Setting.RELEASE_BRANCH_PREFIX);
        }
        RefNames.checkName("the release branch", releaseBranchPrefix + tag, "heads", Setting.RELEASE_BRANCH_PREFIX,
                Setting.UPSTREAM_TAG);
        if ((releaseBranchPrefix + tag).equals(patchBranch) || (releaseBranchPrefix + tag).equals(mirrorBranch)
                || patchBranch.equals(mirrorBranch)) {
            throw new InvalidInputException("the mirror branch " + Texts.quote(mirrorBranch) + ", the patch branch "
                    + Texts.quote(patchBranch) + " and the release branch "
                    + Texts.quote(releaseBranchPrefix + tag) + " must all differ", Setting.MIRROR_BRANCH,
                    Setting.PATCH_BRANCH, Setting.RELEASE_BRANCH_PREFIX);
        }
        RefNames.checkName("the release tag", tag + "-" + suffix + "-0", "tags", Setting.UPSTREAM_TAG, Setting.SUFFIX);
    }

    /** One execution: reads, plans, replays, tags and pushes, holding the cache throughout. */
    private final class Run {
        private final CacheRepository cache;
        private final Pattern pattern;
        private final PersonIdent ident;
        private final SyncNames names = new SyncNames(tag, suffix, upstreamBranch, mirrorBranch, patchBranch,
                releaseBranchPrefix + tag);
        private final List<String> warnings = new ArrayList<>();

        Run(CacheRepository cache, Pattern pattern, PersonIdent ident) {
            this.cache = cache;
            this.pattern = pattern;
            this.ident = ident;
        }

        SyncResult execute() throws ReleaseException, IOException {
            SyncSnapshot snapshot = new SnapshotReader(cache, upstream, fork, names, pattern, tagPattern, progress)
                    .call();
            Repository repo = cache.repository();
            try (ObjectInserter inserter = repo.newObjectInserter();
                    ObjectReader reader = inserter.newReader();
                    RevWalk walk = new RevWalk(reader)) {
                RevCommit upstreamMain = walk.parseCommit(snapshot.upstreamMain());
                RevCommit tagCommit = walk.parseCommit(snapshot.upstreamTag());
                RevCommit patchOld = walk.parseCommit(snapshot.forkRef(names.patchRef()));

                CarryPlanner planner = new CarryPlanner(reader, patchBranch, upstreamBranch);
                CarryPlanner.ForkHistory history = planner.history(patchOld, upstreamMain);
                Replayer replayer = new Replayer(inserter, repo.getConfig(), walk, ident);
                progress.step("rebasing " + patchBranch + " (" + history.commits().size()
                        + " fork commits) onto upstream " + upstreamBranch);
                Replayer.Outcome rebased = replayer.replay(planner.rebase(history), "upstream " + upstreamBranch);
                progress.step("cherry-picking the fork commits onto upstream tag " + tag);
                Replayer.Outcome picked = replayer.replay(planner.cherryPick(history, tagCommit),
                        "upstream tag " + tag);
                if (picked.commits().stream().noneMatch(CarriedCommit::carried)) {
                    warnings.add("no fork commit is carried onto " + tag + ": the release equals upstream " + tag);
                }

                Replayed replayed = new Replayed(upstreamMain, tagCommit, rebased, picked);
                ReleaseTagChooser.Choice release = new ReleaseTagChooser(walk, names, warnings)
                        .choose(snapshot, picked.head(), tagCommit);
                List<RefChange> refs = refChanges(reader, inserter, snapshot, replayed, release);
                return finish(refs, replayed, release);
            }
        }

        /** The two replays and the upstream commits they went onto. */
        private record Replayed(RevCommit upstreamMain, RevCommit tagCommit, Replayer.Outcome patch,
                Replayer.Outcome release) {}

        /** Every fork ref the run considers, with a backup before each rewritten branch. */
        private List<RefChange> refChanges(ObjectReader reader, ObjectInserter inserter, SyncSnapshot snapshot,
                Replayed replayed, ReleaseTagChooser.Choice release) throws IOException {
            RefChangePlanner plan = new RefChangePlanner(reader, warnings);
            ObjectId patchOld = snapshot.forkRef(names.patchRef());
            String releaseTag = names.releaseTag(release.number());
            String releaseTagRef = Constants.R_TAGS + releaseTag;
            List<RefChange> refs = new ArrayList<>();
            refs.add(plan.branch(names.mirrorRef(), snapshot.forkRef(names.mirrorRef()), replayed.upstreamMain(), false));
            refs.add(plan.branch(names.patchRef(), patchOld, replayed.patch().head(), false));
            refs.add(plan.branch(names.releaseRef(), snapshot.forkRef(names.releaseRef()), release.head(),
                    !release.create()));
            if (release.create()) {
                String message = ReleaseTagMessage.of(releaseTag, tag, replayed.tagCommit(), patchBranch, patchOld,
                        replayed.release().commits());
                ObjectId tagObject = ReleaseTagMessage.insert(inserter, releaseTag, release.head(), ident, message);
                refs.add(new RefChange(releaseTagRef, null, tagObject.name(), Kind.CREATE));
            } else {
                String existing = snapshot.forkRef(releaseTagRef).name();
                refs.add(new RefChange(releaseTagRef, existing, existing, Kind.UNCHANGED));
            }
            refs.add(plan.upstreamTag(names.upstreamTagRef(), tag, snapshot.upstreamTag(),
                    snapshot.forkRef(names.upstreamTagRef())));
            return RefChangePlanner.withBackups(refs, ident.getWhenAsInstant());
        }

        /** Pushes unless this is a dry run or nothing changes, and reports. */
        private SyncResult finish(List<RefChange> refs, Replayed replayed, ReleaseTagChooser.Choice release)
                throws ReleaseException, IOException {
            Status status;
            boolean atomic = true;
            if (dryRun) {
                status = Status.DRY_RUN;
            } else if (refs.stream().noneMatch(RefChange::changes)) {
                status = Status.UP_TO_DATE;
            } else {
                atomic = new LeasedPush(cache, fork, names.releaseRef(), progress, warnings).call(refs)
                        == LeasedPush.Mode.ATOMIC;
                status = Status.PUSHED;
            }
            return new SyncResult(status, tag, replayed.tagCommit().name(), replayed.upstreamMain().name(),
                    names.releaseTag(release.number()), release.create(), release.head().name(),
                    names.releaseBranch(), replayed.patch().commits(), replayed.release().commits(), refs, atomic,
                    List.copyOf(warnings));
        }
    }
}
