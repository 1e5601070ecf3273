package io.katarelease.core.sync;

import io.katarelease.core.InvalidInputException;
import io.katarelease.core.NotFoundException;
import io.katarelease.core.ReleaseException;
import io.katarelease.core.Texts;
import io.katarelease.core.git.CacheRepository;
import io.katarelease.core.git.CacheRepository.AtomicPushUnsupportedException;
import io.katarelease.core.git.RefNames;
import io.katarelease.core.git.Remote;
import io.katarelease.core.progress.Progress;
import io.katarelease.core.sync.CarriedCommit.Disposition;
import io.katarelease.core.sync.RefChange.Kind;
import io.katarelease.core.sync.SyncResult.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

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

    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Remote upstream;
    private Remote fork;
    private String tag;
    private java.time.Duration lockTimeout = java.time.Duration.ZERO;
    private String suffix = "digitalocean";
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
            throw new InvalidInputException("no upstream tag given (--tag)");
        }
        RefNames.checkName("the tag", tag, "tags");
        RefNames.checkName("--patch-branch", patchBranch, "heads");
        RefNames.checkName("--mirror-branch", mirrorBranch, "heads");
        RefNames.checkName("--upstream-branch", upstreamBranch, "heads");
        if (suffix == null || !suffix.matches("[A-Za-z0-9][A-Za-z0-9._]{0,63}")) {
            throw new InvalidInputException("--suffix " + Texts.quote(suffix)
                    + " must be letters, digits, '.' or '_' (it becomes part of the release tag)");
        }
        if (releaseBranchPrefix == null || releaseBranchPrefix.startsWith("-")) {
            throw new InvalidInputException("--release-branch-prefix " + Texts.quote(releaseBranchPrefix)
                    + " must not start with '-'");
        }
        RefNames.checkName("the release branch", releaseBranchPrefix + tag, "heads");
        if ((releaseBranchPrefix + tag).equals(patchBranch) || (releaseBranchPrefix + tag).equals(mirrorBranch)
                || patchBranch.equals(mirrorBranch)) {
            throw new InvalidInputException("the mirror branch " + Texts.quote(mirrorBranch) + ", the patch branch "
                    + Texts.quote(patchBranch) + " and the release branch "
                    + Texts.quote(releaseBranchPrefix + tag) + " must all differ");
        }
        RefNames.checkName("the release tag", tag + "-" + suffix + "-0", "tags");
    }

    /** One execution, holding the cache and the state gathered along the way. */
    private final class Run {
        private final CacheRepository cache;
        private final Repository repo;
        private final Pattern pattern;
        private final PersonIdent ident;
        private final List<String> warnings = new ArrayList<>();

        Run(CacheRepository cache, Pattern pattern, PersonIdent ident) {
            this.cache = cache;
            this.repo = cache.repository();
            this.pattern = pattern;
            this.ident = ident;
        }

        SyncResult execute() throws ReleaseException, IOException {
            String upstreamHead = Constants.R_HEADS + upstreamBranch;
            String upstreamTagRef = Constants.R_TAGS + tag;
            String mirrorRef = Constants.R_HEADS + mirrorBranch;
            String patchRef = Constants.R_HEADS + patchBranch;
            String releaseBranch = releaseBranchPrefix + tag;
            String releaseRef = Constants.R_HEADS + releaseBranch;

            // The fork's refs are listed while upstream is fetched: the remotes are independent.
            // On a thread of its own, not the common pool: JGit waits on the common pool inside a
            // listing (it measures the file system there), which deadlocks when the pool has one
            // worker (two-core machines) and that worker is this listing.
            progress.step("listing fork refs (" + fork.displayUrl() + ")");
            CompletableFuture<Map<String, Ref>> forkListing = CompletableFuture.supplyAsync(() -> {
                try {
                    return fork.listRefs();
                } catch (ReleaseException e) {
                    throw new CompletionException(e);
                }
            }, task -> {
                Thread lister = new Thread(task, "kata-release-list-fork");
                lister.setDaemon(true);
                lister.start();
            });
            if (!pattern.matcher(tag).matches()) {
                checkUpstream(upstream.listRefs(), upstreamHead, upstreamTagRef);
            }
            progress.step("fetching upstream " + upstreamBranch + " and tag " + tag);
            FetchResult upstreamFetch;
            try {
                upstreamFetch = cache.fetch(upstream,
                        List.of(spec(upstreamHead, UPSTREAM_NS), spec(upstreamTagRef, UPSTREAM_NS)), progress);
            } catch (CacheRepository.MissingRemoteRefException e) {
                // Only now is the upstream listing worth its round trip: to name the nearest tags.
                checkUpstream(upstream.listRefs(), upstreamHead, upstreamTagRef);
                throw new NotFoundException("upstream " + upstream.displayUrl() + " lost " + e.getMessage()
                        + " while this run fetched it; run again");
            }

            Map<String, Ref> forkRefs = join(forkListing);
            if (!forkRefs.containsKey(patchRef)) {
                throw new NotFoundException("the fork " + fork.displayUrl() + " has no branch "
                        + Texts.quote(patchBranch) + " (--patch-branch); push the fork's patch branch first"
                        + " (it holds the commits carried on top of upstream)");
            }
            List<String> forkWanted = new ArrayList<>();
            for (String name : List.of(mirrorRef, patchRef, releaseRef, upstreamTagRef)) {
                if (forkRefs.containsKey(name)) {
                    forkWanted.add(name);
                }
            }
            for (String name : forkRefs.keySet()) {
                // Refuses, before anything is fetched, a number-like <n> it does not write (007, 1e9, ...).
                if (name.startsWith(Constants.R_TAGS) && RefNames.releaseNumber(name, tag, suffix).isPresent()) {
                    forkWanted.add(name);
                }
            }

            progress.step("fetching the fork's branches and release tags");
            FetchResult forkFetch;
            try {
                forkFetch = cache.fetch(fork, forkWanted.stream().map(r -> spec(r, FORK_NS)).toList(), progress);
            } catch (CacheRepository.MissingRemoteRefException e) {
                throw new RemoteMovedException(List.of(e.getMessage() + " was deleted from the fork while this run"
                        + " fetched it"), List.of());
            }
            Map<String, ObjectId> forkState = new LinkedHashMap<>();
            for (String name : forkWanted) {
                Ref advertised = forkFetch.getAdvertisedRef(name);
                if (advertised != null) {
                    forkState.put(name, advertised.getObjectId());
                }
            }
            if (!forkState.containsKey(patchRef)) {
                throw new NotFoundException("the fork's branch " + Texts.quote(patchBranch)
                        + " disappeared while this run fetched it; run again");
            }

            try (ObjectInserter inserter = repo.newObjectInserter();
                    ObjectReader reader = inserter.newReader();
                    RevWalk walk = new RevWalk(reader)) {
                RevCommit upstreamMain = walk.parseCommit(upstreamFetch.getAdvertisedRef(upstreamHead).getObjectId());
                RevCommit tagCommit = walk.parseCommit(upstreamFetch.getAdvertisedRef(upstreamTagRef).getObjectId());
                RevCommit patchOld = walk.parseCommit(forkState.get(patchRef));

                RevCommit oldBase = mergeBase(reader, patchOld, upstreamMain);
                List<RevCommit> forkCommits = forkOnlyCommits(reader, patchOld, upstreamMain);
                Replayer replayer = new Replayer(inserter, repo.getConfig(), walk, ident);

                // The patch branch: replayed onto upstream main unless it is already based on it.
                progress.step("rebasing " + patchBranch + " (" + forkCommits.size() + " fork commits) onto upstream "
                        + upstreamBranch);
                List<CarriedCommit> patchCommits;
                RevCommit patchNew;
                if (oldBase.equals(upstreamMain)) {
                    patchNew = patchOld;
                    patchCommits = forkCommits.stream().map(c -> new CarriedCommit(c.name(), c.name(),
                            c.getShortMessage(), Disposition.UNCHANGED, null)).toList();
                } else {
                    UpstreamIndex index = new UpstreamIndex(reader, upstreamMain, oldBase, forkCommits);
                    Replayer.Outcome rebased = replayer.replay(forkCommits, upstreamMain,
                            "upstream " + upstreamBranch, index);
                    patchNew = rebased.head();
                    patchCommits = rebased.commits();
                }

                // The release branch: the same fork commits onto the tag. Commits upstream took into
                // main after the tag are still carried here, because the tag lacks them.
                progress.step("cherry-picking the fork commits onto upstream tag " + tag);
                UpstreamIndex tagIndex = new UpstreamIndex(reader, tagCommit, mergeBase(reader, patchOld, tagCommit),
                        forkCommits);
                Replayer.Outcome picked = replayer.replay(forkCommits, tagCommit, "upstream tag " + tag, tagIndex);
                if (picked.commits().stream().noneMatch(CarriedCommit::carried)) {
                    warnings.add("no fork commit is carried onto " + tag + ": the release equals upstream " + tag);
                }

                // The release tag: reuse the latest one when it already holds this tree.
                TreeMap<Integer, String> existing = new TreeMap<>();
                for (String name : forkState.keySet()) {
                    OptionalInt number = name.startsWith(Constants.R_TAGS)
                            ? RefNames.releaseNumber(name, tag, suffix) : OptionalInt.empty();
                    if (number.isPresent()) {
                        existing.put(number.getAsInt(), name);
                    }
                }
                RevCommit releaseHead = picked.head();
                boolean createTag = true;
                int n = 0;
                if (!existing.isEmpty()) {
                    Map.Entry<Integer, String> latest = existing.lastEntry();
                    warnIfUpstreamTagMoved(walk, latest.getValue(), forkState.get(latest.getValue()), tagCommit);
                    RevCommit latestCommit = walk.parseCommit(forkState.get(latest.getValue()));
                    if (latestCommit.getTree().equals(releaseHead.getTree())) {
                        createTag = false;
                        n = latest.getKey();
                        releaseHead = latestCommit;
                    } else {
                        n = RefNames.nextReleaseNumber(latest.getValue().substring(Constants.R_TAGS.length()),
                                latest.getKey());
                    }
                }
                String releaseTag = tag + "-" + suffix + "-" + n;
                String releaseTagRef = Constants.R_TAGS + releaseTag;

                List<RefChange> refs = new ArrayList<>();
                refs.add(branchChange(reader, mirrorRef, forkState.get(mirrorRef), upstreamMain, false));
                refs.add(branchChange(reader, patchRef, patchOld, patchNew, false));
                refs.add(branchChange(reader, releaseRef, forkState.get(releaseRef), releaseHead, !createTag));
                ObjectId tagObject = null;
                if (createTag) {
                    tagObject = writeTag(inserter, releaseTag, releaseHead, tagCommit, patchOld, picked.commits());
                    refs.add(new RefChange(releaseTagRef, null, tagObject.name(), Kind.CREATE));
                } else {
                    refs.add(new RefChange(releaseTagRef, forkState.get(releaseTagRef).name(),
                            forkState.get(releaseTagRef).name(), Kind.UNCHANGED));
                }
                refs.add(upstreamTagChange(upstreamTagRef, upstreamFetch.getAdvertisedRef(upstreamTagRef).getObjectId(),
                        forkState.get(upstreamTagRef)));
                List<RefChange> withBackups = withBackups(refs);

                boolean anything = withBackups.stream().anyMatch(RefChange::changes);
                Status status;
                boolean atomic = true;
                if (dryRun) {
                    status = Status.DRY_RUN;
                } else if (!anything) {
                    status = Status.UP_TO_DATE;
                } else {
                    atomic = push(withBackups);
                    status = Status.PUSHED;
                }
                return new SyncResult(status, tag, tagCommit.name(), upstreamMain.name(), releaseTag, createTag,
                        releaseHead.name(), releaseBranch, patchCommits, picked.commits(), withBackups, atomic,
                        List.copyOf(warnings));
            }
        }

        private static <T> T join(CompletableFuture<T> future) throws ReleaseException {
            try {
                return future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ReleaseException r) {
                    throw r;
                }
                throw e;
            }
        }

        private void checkUpstream(Map<String, Ref> upstreamRefs, String upstreamHead, String upstreamTagRef)
                throws NotFoundException, InvalidInputException {
            if (!upstreamRefs.containsKey(upstreamHead)) {
                throw new NotFoundException("upstream " + upstream.displayUrl() + " has no branch "
                        + Texts.quote(upstreamBranch) + " (--upstream-branch)");
            }
            List<String> releaseTags = upstreamRefs.keySet().stream()
                    .filter(r -> r.startsWith(Constants.R_TAGS) && !r.endsWith("^{}"))
                    .map(r -> r.substring(Constants.R_TAGS.length()))
                    .filter(t -> pattern.matcher(t).matches())
                    .toList();
            String nearest = nearestText(releaseTags);
            if (!pattern.matcher(tag).matches()) {
                throw new InvalidInputException("the tag " + Texts.quote(tag) + " does not match --tag-pattern "
                        + Texts.quote(tagPattern) + ", so it is not taken for a release tag. " + nearest);
            }
            if (!upstreamRefs.containsKey(upstreamTagRef)) {
                throw new NotFoundException("upstream " + upstream.displayUrl() + " has no tag " + Texts.quote(tag)
                        + ". " + nearest);
            }
        }

        private String nearestText(List<String> releaseTags) {
            if (releaseTags.isEmpty()) {
                return "Upstream has no tag matching --tag-pattern " + Texts.quote(tagPattern) + ".";
            }
            return "Nearest upstream release tags: " + String.join(", ", RefNames.nearest(tag, releaseTags, 5)) + ".";
        }

        /**
         * The upstream tag is copied to the fork when the fork lacks it, so that the release branch's
         * base is named there too (and {@code git describe} works in fork builds). A fork tag of
         * the same name with another value is never overwritten.
         */
        private RefChange upstreamTagChange(String ref, ObjectId upstreamValue, ObjectId forkValue) {
            if (forkValue == null) {
                return new RefChange(ref, null, upstreamValue.name(), Kind.CREATE);
            }
            if (!forkValue.equals(upstreamValue)) {
                warnings.add("the fork's tag " + tag + " (" + Texts.shortId(forkValue.name()) + ") differs from upstream's ("
                        + Texts.shortId(upstreamValue.name()) + "); left as it is");
            }
            return new RefChange(ref, forkValue.name(), forkValue.name(), Kind.UNCHANGED);
        }

        /** Upstream tags should never move; kata's are lightweight, so a re-tag is silent. */
        private void warnIfUpstreamTagMoved(RevWalk walk, String releaseTagRef, ObjectId releaseTagId,
                RevCommit tagCommit) throws IOException {
            if (!(walk.parseAny(releaseTagId) instanceof org.eclipse.jgit.revwalk.RevTag annotated)) {
                return;
            }
            walk.parseBody(annotated);
            Matcher m = Pattern.compile("^Upstream tag " + Pattern.quote(tag) + " \\(([0-9a-f]{40})\\)",
                    Pattern.MULTILINE).matcher(annotated.getFullMessage());
            if (m.find() && !m.group(1).equals(tagCommit.name())) {
                warnings.add("upstream tag " + tag + " moved: " + releaseTagRef.substring(Constants.R_TAGS.length())
                        + " was made from " + Texts.shortId(m.group(1)) + ", the tag now points at "
                        + Texts.shortId(tagCommit.name()) + "; check with upstream before publishing");
            }
        }

        private RefSpec spec(String ref, String namespace) {
            return new RefSpec("+" + ref + ":" + namespace + ref.substring("refs/".length()));
        }

        private RevCommit mergeBase(ObjectReader reader, RevCommit a, RevCommit b)
                throws IOException, UnsupportedHistoryException {
            try (RevWalk w = new RevWalk(reader)) {
                w.setRevFilter(RevFilter.MERGE_BASE);
                w.markStart(w.parseCommit(a));
                w.markStart(w.parseCommit(b));
                RevCommit base = w.next();
                if (base == null) {
                    throw new UnsupportedHistoryException("the patch branch " + Texts.quote(patchBranch)
                            + " shares no history with upstream; it must be based on upstream's history");
                }
                return base;
            }
        }

        /** The commits of the patch branch that upstream main lacks, oldest first; no merges. */
        private List<RevCommit> forkOnlyCommits(ObjectReader reader, RevCommit patchOld, RevCommit upstreamMain)
                throws IOException, UnsupportedHistoryException {
            List<RevCommit> commits = new ArrayList<>();
            List<String> merges = new ArrayList<>();
            try (RevWalk w = new RevWalk(reader)) {
                w.sort(RevSort.TOPO);
                w.sort(RevSort.REVERSE, true);
                w.markStart(w.parseCommit(patchOld));
                w.markUninteresting(w.parseCommit(upstreamMain));
                for (RevCommit c : w) {
                    if (c.getParentCount() != 1) {
                        merges.add(Texts.shortId(c.name()) + " \"" + c.getShortMessage() + "\"");
                    }
                    commits.add(c);
                }
            }
            if (!merges.isEmpty()) {
                throw new UnsupportedHistoryException("the patch branch " + Texts.quote(patchBranch)
                        + " has merge commits, which cannot be replayed one by one: " + String.join(", ", merges)
                        + ". Linearize it (for example: git rebase upstream/" + upstreamBranch + " " + patchBranch
                        + ", which flattens merges), push it with --force-with-lease, and run again.");
            }
            return commits;
        }

        private RefChange branchChange(ObjectReader reader, String ref, ObjectId old, RevCommit wanted,
                boolean keepIfAhead) throws IOException {
            if (old == null) {
                return new RefChange(ref, null, wanted.name(), Kind.CREATE);
            }
            if (old.equals(wanted)) {
                return new RefChange(ref, old.name(), old.name(), Kind.UNCHANGED);
            }
            if (isAncestor(reader, old, wanted)) {
                return new RefChange(ref, old.name(), wanted.name(), Kind.FAST_FORWARD);
            }
            if (keepIfAhead && isAncestor(reader, wanted, old)) {
                warnings.add(ref + " has commits beyond the release " + Texts.shortId(wanted.name())
                        + "; left as it is");
                return new RefChange(ref, old.name(), old.name(), Kind.UNCHANGED);
            }
            return new RefChange(ref, old.name(), wanted.name(), Kind.REWRITE);
        }

        private boolean isAncestor(ObjectReader reader, ObjectId ancestor, ObjectId tip) throws IOException {
            try (RevWalk w = new RevWalk(reader)) {
                return w.isMergedInto(w.parseCommit(ancestor), w.parseCommit(tip));
            }
        }

        /** Adds, before each rewritten branch, a backup ref that keeps its old value on the fork. */
        private List<RefChange> withBackups(List<RefChange> refs) {
            List<RefChange> out = new ArrayList<>();
            String stamp = BACKUP_STAMP.format(ident.getWhenAsInstant());
            for (RefChange r : refs) {
                if (r.kind() == Kind.REWRITE) {
                    String branch = r.ref().substring(Constants.R_HEADS.length());
                    out.add(new RefChange(BACKUP_NS + branch + "/" + stamp + "-" + r.oldId().substring(0, 12), null,
                            r.oldId(), Kind.BACKUP));
                }
            }
            out.addAll(refs);
            return out;
        }

        private ObjectId writeTag(ObjectInserter inserter, String name, RevCommit target, RevCommit upstreamTag,
                RevCommit patchOld, List<CarriedCommit> commits) throws IOException {
            StringBuilder message = new StringBuilder();
            message.append(name).append("\n\nUpstream tag ").append(tag).append(" (").append(upstreamTag.name())
                    .append(") with the fork commits of ").append(patchBranch).append(" (")
                    .append(patchOld.name()).append(").\n");
            appendCommits(message, "Carried commits", commits, true);
            appendCommits(message, "Dropped commits", commits, false);
            TagBuilder tagBuilder = new TagBuilder();
            tagBuilder.setTag(name);
            tagBuilder.setObjectId(target);
            tagBuilder.setTagger(ident);
            tagBuilder.setMessage(message.toString());
            ObjectId id = inserter.insert(tagBuilder);
            inserter.flush();
            return id;
        }

        private void appendCommits(StringBuilder message, String heading, Collection<CarriedCommit> commits,
                boolean carried) {
            List<CarriedCommit> selected = commits.stream().filter(c -> c.carried() == carried).toList();
            if (selected.isEmpty()) {
                return;
            }
            message.append('\n').append(heading).append(":\n");
            for (CarriedCommit c : selected) {
                message.append("  ").append(Texts.shortId(carried ? c.result() : c.original())).append(' ')
                        .append(c.subject());
                if (!carried) {
                    message.append(" (").append(c.disposition().name().toLowerCase().replace('_', ' '))
                            .append(": ").append(c.detail()).append(')');
                }
                message.append('\n');
            }
        }

        /**
         * Pushes every change with a lease. One atomic push when the server can; otherwise backups
         * first, then mirror and patch branch, then release branch and tag, stopping at the first
         * refusal.
         *
         * @return whether the push was atomic
         */
        private boolean push(List<RefChange> refs) throws ReleaseException, IOException {
            List<RefChange> changes = refs.stream().filter(RefChange::changes).toList();
            progress.step("pushing " + changes.size() + " refs to the fork");
            try {
                pushGroup(changes, true, List.of());
                return true;
            } catch (AtomicPushUnsupportedException e) {
                warnings.add("the fork's server does not support atomic push; refs were pushed in order");
            }
            List<String> pushed = new ArrayList<>();
            List<List<RefChange>> groups = List.of(
                    changes.stream().filter(r -> r.kind() == Kind.BACKUP).toList(),
                    changes.stream().filter(r -> r.kind() != Kind.BACKUP && r.ref().startsWith(Constants.R_HEADS)
                            && !r.ref().startsWith(Constants.R_HEADS + releaseBranchPrefix + tag)).toList(),
                    changes.stream().filter(r -> r.ref().startsWith(Constants.R_TAGS)
                            || r.ref().equals(Constants.R_HEADS + releaseBranchPrefix + tag)).toList());
            for (List<RefChange> group : groups) {
                if (group.isEmpty()) {
                    continue;
                }
                try {
                    pushGroup(group, false, pushed);
                } catch (AtomicPushUnsupportedException e) {
                    throw new IllegalStateException("a non-atomic push cannot report missing atomic support", e);
                }
                group.forEach(r -> pushed.add(r.ref() + " -> " + Texts.shortId(r.newId())));
            }
            return false;
        }

        private void pushGroup(List<RefChange> group, boolean atomic, List<String> pushedBefore)
                throws ReleaseException, IOException, AtomicPushUnsupportedException {
            List<RemoteRefUpdate> updates = new ArrayList<>();
            for (RefChange r : group) {
                ObjectId newId = ObjectId.fromString(r.newId());
                ObjectId expected = r.oldId() == null ? ObjectId.zeroId() : ObjectId.fromString(r.oldId());
                boolean force = r.kind() == Kind.REWRITE;
                updates.add(new RemoteRefUpdate(repo, newId.name(), newId, r.ref(), force, null, expected));
            }
            PushResult result = cache.push(fork, updates, atomic, progress);
            List<String> moved = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            List<String> aborted = new ArrayList<>();
            for (RemoteRefUpdate u : updates) {
                RemoteRefUpdate pushedUpdate = result.getRemoteUpdate(u.getRemoteName());
                RemoteRefUpdate.Status s = pushedUpdate.getStatus();
                String why = pushedUpdate.getMessage();
                if (s == RemoteRefUpdate.Status.OK || s == RemoteRefUpdate.Status.UP_TO_DATE) {
                    continue;
                }
                if (atomic && s == RemoteRefUpdate.Status.REJECTED_OTHER_REASON && why != null
                        && why.equals(org.eclipse.jgit.internal.JGitText.get().transactionAborted)) {
                    // Refused only because another ref of the atomic push was refused.
                    aborted.add(u.getRemoteName());
                    continue;
                }
                Ref now = result.getAdvertisedRef(u.getRemoteName());
                String line = u.getRemoteName() + ": " + s.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (why == null ? "" : " (" + why + ")");
                boolean lease = s == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED
                        || s == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
                        || (why != null && why.toLowerCase(Locale.ROOT).contains("lock"));
                if (lease) {
                    moved.add(line + "; expected " + Texts.shortId(u.getExpectedOldObjectId().name())
                            + ", the fork has " + (now == null ? "no such ref" : Texts.shortId(now.getObjectId().name())));
                } else {
                    refused.add(line);
                }
            }
            if (!moved.isEmpty()) {
                throw new RemoteMovedException(moved, pushedBefore);
            }
            if (!refused.isEmpty()) {
                throw new PushRejectedException(refused, pushedBefore);
            }
            if (!aborted.isEmpty()) {
                throw new PushRejectedException(List.of("the server aborted the atomic push of "
                        + String.join(", ", aborted)), pushedBefore);
            }
        }
    }
}
