#!/usr/bin/env bash
# Benchmarks `kata-release sync` against the manual git CLI procedure (bench/manual-procedure.sh)
# on a synthetic kata-containers-shaped upstream (~3,000 files, 2,000 commits) and a fork carrying
# 5 commits on do/main. Reports wall time and peak RSS of both, and the ratio kata-release / git.
# Target: kata-release's peak RSS under 512 MiB; figures and the speed comparison: docs/benchmarks.md.
#
# Usage: bench/sync-benchmark.sh [SCRATCH_DIR]        (run from anywhere; default bench/work/)
# Environment:
#   BENCH_RUNS=3     timed repetitions of each case; the table reports the median
#   BENCH_TRACE=1    one extra, untimed kata-release run per case without -q, with a timestamp per
#                    progress step (set 0 to skip)
#   KATA_RELEASE_JAVA_OPTS   passed through to bin/kata-release
#
# Cases: cold = nothing cached (git: full clone of the fork + fetch of upstream; kata-release: empty
# --work-dir), release 4.1.0 from a fork at 4.0.0. warm = 200 more upstream commits and tag 4.2.0,
# reusing each cold run's clone / work dir and the fork state it left.
# Every run is checked (refs, 5 carried commits, annotated tag, backup ref) and the trees of
# do/<tag> and do/main must be equal between the git and the kata-release forks; otherwise it
# prints MISMATCH and exits 1.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=${1:-$root/bench/work}
runs=${BENCH_RUNS:-3}
trace=${BENCH_TRACE:-1}
case $runs in '' | *[!0-9]* | 0) echo "BENCH_RUNS must be a positive integer" >&2; exit 2 ;; esac
for tool in git java python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

# ---- scratch directory (cleaned at start; refuse to wipe a directory we did not create) ----------
work=$(readlink -m "$work")
case $work in / | "$root" | "$root/bench" | "$HOME") echo "refusing scratch dir $work" >&2; exit 2 ;; esac
if [ -e "$work" ]; then
    if [ ! -f "$work/.sync-benchmark" ] && [ -n "$(ls -A "$work")" ]; then
        echo "$work exists and was not made by this script; choose another scratch dir" >&2
        exit 2
    fi
    rm -rf "$work"
fi
mkdir -p "$work"
touch "$work/.sync-benchmark"
results=$work/results.txt
echo "# case tool run wall_s peak_rss_kib" >"$results"

# Isolate git from the caller's configuration; identity for the manual procedure's commits/tag.
cat >"$work/gitconfig" <<'EOF'
[user]
	name = Release Bench
	email = release-bench@example.org
[init]
	defaultBranch = main
[advice]
	detachedHead = false
EOF
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$work/gitconfig LC_ALL=C
export GIT_COMMITTER_NAME="Release Bench" GIT_COMMITTER_EMAIL=release-bench@example.org

t0=${EPOCHREALTIME/./}
log() {
    local us=$((${EPOCHREALTIME/./} - t0))
    printf '[%4d.%01ds] %s\n' $((us / 1000000)) $((us / 100000 % 10)) "$*" >&2
}
die() { echo "$*" >&2; exit 1; }
mismatch() { echo "MISMATCH: $*" >&2; exit 1; }

kata=  # the launcher snapshot, see step 0
manual=$root/bench/manual-procedure.sh
upstream=$work/upstream.git
pristine=$work/fork-pristine.git
up_url=file://$upstream
old_tag=4.0.0 tag1=4.1.0 tag2=4.2.0 carried=5

# ---- 0. the jar, built before any timing --------------------------------------------------------
log "building / checking the kata-release jar"
"$root/bin/kata-release" --version >/dev/null || die "bin/kata-release --version failed (the build is broken?); nothing was timed"
# Time a snapshot of bin/kata-release and its jar: the tree may be edited meanwhile, and
# bin/kata-release would otherwise rebuild (or read a half-written jar) mid-run. The snapshot has
# no sources, so it never rebuilds; its first call below makes the class-data-sharing archive.
snap=$work/snapshot
mkdir -p "$snap/bin" "$snap/cli/target"
cp "$root/bin/kata-release" "$snap/bin/kata-release"
cp "$root/cli/target/kata-release.jar" "$snap/cli/target/kata-release.jar"
kata=$snap/bin/kata-release
"$kata" --version >/dev/null || die "the jar snapshot does not run"
jar_from="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(git -C "$root" status --porcelain -- core/src/main cli/src/main pom.xml core/pom.xml cli/pom.xml 2>/dev/null)" ]; then
    jar_from="$jar_from + uncommitted changes"
fi

# ---- 1. input repositories ----------------------------------------------------------------------
log "generating fast-import streams"
mkdir -p "$work/gen"
# kata-containers' real versions.yaml at 4.0.0 (the fixture has moved before; look for it).
versions_yaml=
for c in core/src/test/resources/kata-versions/4.0.0.yaml \
    core/src/main/resources/io/katarelease/core/sandbox/4.0.0.yaml \
    $(cd "$root" && find core/src -name 4.0.0.yaml 2>/dev/null); do
    if [ -f "$root/$c" ]; then versions_yaml=$root/$c; break; fi
done
[ -n "$versions_yaml" ] || die "no kata-containers 4.0.0.yaml fixture found under $root/core/src"
cp "$versions_yaml" "$work/gen/versions.yaml"
python3 "$root/bench/gen-history.py" --out "$work/gen" --versions-yaml "$work/gen/versions.yaml"

log "importing upstream (main + release tags)"
git init -q --bare "$upstream"
git --git-dir="$upstream" fast-import --quiet <"$work/gen/upstream-1.fi"
# A server-side repository is well packed; fast-import's pack is not.
git --git-dir="$upstream" repack -adfq --window=50

log "creating the fork (upstream as of $old_tag + 5 commits on do/main)"
git init -q --bare "$pristine"
old_tag_commit=$(git --git-dir="$upstream" rev-parse "refs/tags/$old_tag^{commit}")
fork_tags=()
while read -r t; do
    if git --git-dir="$upstream" merge-base --is-ancestor "refs/tags/$t" "$old_tag_commit"; then
        fork_tags+=("+refs/tags/$t:refs/tags/$t")
    fi
done < <(git --git-dir="$upstream" tag)
git --git-dir="$pristine" fetch -q --no-tags "$up_url" "${fork_tags[@]}"
git --git-dir="$pristine" update-ref refs/heads/main "$old_tag_commit"
git --git-dir="$pristine" fast-import --quiet <"$work/gen/fork.fi"
git --git-dir="$pristine" repack -adq
[ "$(git --git-dir="$pristine" rev-list --count main..do/main)" = "$carried" ] || die "fork do/main is not main + $carried"

# ---- helpers ------------------------------------------------------------------------------------
# timed CASE TOOL RUN LOG CMD...: appends "CASE TOOL RUN wall rss" to the results file.
timed() {
    local case=$1 tool=$2 run=$3 out=$4 wall rss
    shift 4
    if ! /usr/bin/time -f '%e %M' -o "$work/time.tmp" "$@" >"$out" 2>&1; then
        echo "FAILED: $case / $tool / run $run: $*" >&2
        echo "---- output ($out) ----" >&2
        cat "$out" >&2
        exit 1
    fi
    read -r wall rss <"$work/time.tmp"
    echo "$case $tool $run $wall $rss" >>"$results"
    log "  $case $tool run $run: ${wall}s, peak RSS $((rss / 1024)) MiB"
}

# verify FORK TAG OLD_PATCH: the fork holds the release of TAG as both tools should leave it.
verify() {
    local f=$1 tag=$2 old_patch=$3 up_main up_tag rtag
    g() { git --git-dir="$f" "$@"; }
    up_main=$(git --git-dir="$upstream" rev-parse refs/heads/main)
    up_tag=$(git --git-dir="$upstream" rev-parse "refs/tags/$tag^{commit}")
    rtag=refs/tags/$tag-digitalocean-0
    [ "$(g rev-parse refs/heads/main)" = "$up_main" ] || mismatch "$f: main is not upstream main"
    g merge-base --is-ancestor "$up_main" refs/heads/do/main || mismatch "$f: do/main is not on upstream main"
    [ "$(g rev-list --count "$up_main..refs/heads/do/main")" = "$carried" ] || mismatch "$f: do/main lacks $carried fork commits"
    g merge-base --is-ancestor "$up_tag" "refs/heads/do/$tag" || mismatch "$f: do/$tag is not on upstream $tag"
    [ "$(g rev-list --count "$up_tag..refs/heads/do/$tag")" = "$carried" ] || mismatch "$f: do/$tag lacks $carried fork commits"
    [ "$(g cat-file -t "$rtag" 2>/dev/null)" = tag ] || mismatch "$f: $rtag missing or not annotated"
    [ "$(g rev-parse "$rtag^{commit}")" = "$(g rev-parse "refs/heads/do/$tag")" ] || mismatch "$f: $rtag is not do/$tag"
    g for-each-ref --format='%(objectname)' refs/kata-release/backup/do/main/ | grep -qx "$old_patch" \
        || mismatch "$f: no backup ref of the old do/main $old_patch"
}

# same_release GITFORK KATAFORK TAG: equal trees and carried subjects.
same_release() {
    local a=$1 b=$2 tag=$3 r x y
    for r in "refs/heads/do/$tag" refs/heads/do/main refs/heads/main; do
        x=$(git --git-dir="$a" rev-parse "$r^{tree}")
        y=$(git --git-dir="$b" rev-parse "$r^{tree}")
        [ "$x" = "$y" ] || mismatch "$r^{tree}: git $x != kata-release $y"
    done
    x=$(git --git-dir="$a" log --format=%s "refs/tags/$tag-digitalocean-0^{commit}" -n $carried)
    y=$(git --git-dir="$b" log --format=%s "refs/tags/$tag-digitalocean-0^{commit}" -n $carried)
    [ "$x" = "$y" ] || mismatch "carried commit subjects differ on do/$tag"
}

# stamp LOG CMD...: run CMD, both streams into LOG, each line prefixed with seconds since start.
stamp() {
    local out=$1 start line us
    shift
    start=${EPOCHREALTIME/./}
    {
        "$@" 2>&1 || echo "(exit status $?)"
        echo "(end)"
    } | while IFS= read -r line; do
        us=$((${EPOCHREALTIME/./} - start))
        printf '%3d.%02d %s\n' $((us / 1000000)) $((us / 10000 % 100)) "$line"
    done >"$out"
}

# step_times LOG: "» step" lines with the time until the next step (the last one until the end).
step_times() {
    awk '{ t = $1; sub(/^ *[0-9.]+ /, "") }
         NR == 1 { first = t }
         /^» / { if (name != "") out = out sprintf("    %6.2fs  %s\n", t - st, name); name = $0; st = t; next }
         /^\(end\)/ { if (name != "") out = out sprintf("    %6.2fs  %s (incl. printing the result)\n", t - st, name); end = t }
         END { printf "    %6.2fs  JVM start and CLI set-up, before the first step\n%s    %6.2fs  total\n", first, out, end }' "$1"
}

kata_sync() { # FORK TAG WORKDIR (for the untimed trace runs)
    "$kata" sync --upstream "$up_url" --fork "file://$1" --tag "$2" --work-dir "$3"
}

# ---- 3a/3b. cold: release 4.1.0 -----------------------------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
pristine_patch=$(git --git-dir="$pristine" rev-parse refs/heads/do/main)
cold_commits=$(git --git-dir="$upstream" rev-list --count main)
cold_files=$(git --git-dir="$upstream" ls-tree -r main | wc -l)
for i in $(seq 1 "$runs"); do
    d=$work/run-$i
    mkdir -p "$d"
    cp -a "$pristine" "$d/fork-git.git"
    cp -a "$pristine" "$d/fork-kata.git"
    log "cold run $i/$runs"
    timed cold git "$i" "$d/cold-git.log" "$manual" "$up_url" "file://$d/fork-git.git" "$tag1" "$d/clone"
    timed cold kata-release "$i" "$d/cold-kata.log" "$kata" -q sync --upstream "$up_url" \
        --fork "file://$d/fork-kata.git" --tag "$tag1" --work-dir "$d/kata-cache"
    verify "$d/fork-git.git" "$tag1" "$pristine_patch"
    verify "$d/fork-kata.git" "$tag1" "$pristine_patch"
    same_release "$d/fork-git.git" "$d/fork-kata.git" "$tag1"
    if [ "$i" = 1 ]; then
        git --git-dir="$d/fork-kata.git" fsck --no-progress --no-dangling --connectivity-only >"$work/fsck.log" 2>&1 || mismatch "kata-release fork fails git fsck"
    fi
done
if [ "$trace" = 1 ]; then
    log "cold trace run (untimed, kata-release without -q)"
    cp -a "$pristine" "$work/trace-fork.git"
    stamp "$work/trace-cold.log" kata_sync "$work/trace-fork.git" "$tag1" "$work/trace-cache"
fi

# ---- 3c. second release: 200 more upstream commits, tag 4.2.0; warm runs -------------------------
log "second release: importing 200 more upstream commits and tag $tag2"
git --git-dir="$upstream" fast-import --quiet <"$work/gen/upstream-2.fi"
git --git-dir="$upstream" rev-parse -q --verify "refs/tags/$tag2" >/dev/null || die "no tag $tag2 after the import"
warm_commits=$(git --git-dir="$upstream" rev-list --count main)
warm_files=$(git --git-dir="$upstream" ls-tree -r main | wc -l)
for i in $(seq 1 "$runs"); do
    d=$work/run-$i
    log "warm run $i/$runs"
    old_git=$(git --git-dir="$d/fork-git.git" rev-parse refs/heads/do/main)
    old_kata=$(git --git-dir="$d/fork-kata.git" rev-parse refs/heads/do/main)
    timed warm git "$i" "$d/warm-git.log" "$manual" "$up_url" "file://$d/fork-git.git" "$tag2" "$d/clone"
    timed warm kata-release "$i" "$d/warm-kata.log" "$kata" -q sync --upstream "$up_url" \
        --fork "file://$d/fork-kata.git" --tag "$tag2" --work-dir "$d/kata-cache"
    verify "$d/fork-git.git" "$tag2" "$old_git"
    verify "$d/fork-kata.git" "$tag2" "$old_kata"
    same_release "$d/fork-git.git" "$d/fork-kata.git" "$tag2"
done
if [ "$trace" = 1 ]; then
    log "warm trace run (untimed, kata-release without -q)"
    stamp "$work/trace-warm.log" kata_sync "$work/trace-fork.git" "$tag2" "$work/trace-cache"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
log "done; raw results in $results"

# ---- 4. report ----------------------------------------------------------------------------------
# median CASE TOOL FIELD (4 = wall s, 5 = RSS KiB)
median() {
    awk -v c="$1" -v t="$2" -v f="$3" '$1 == c && $2 == t { print $f }' "$results" | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}
echo
echo "| case | git CLI s | kata-release s | ratio (kata/git) | kata-release peak RSS MiB |"
echo "|---|---|---|---|---|"
for c in cold warm; do
    gs=$(median "$c" git 4)
    ks=$(median "$c" kata-release 4)
    kr=$(median "$c" kata-release 5)
    label=$([ "$c" = cold ] && echo "cold ($tag1, empty clone / work dir)" || echo "warm ($tag2, +200 upstream commits)")
    awk -v l="$label" -v g="$gs" -v k="$ks" -v r="$kr" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.0f |\n", l, g, k, (g > 0 ? k / g : 0), r / 1024 }'
done
echo
echo "Median of $runs runs each. Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM," \
    "$(java -version 2>&1 | head -n 1), $(git --version)."
echo "Load average (1/5/15 min) before the timed runs: $load_before; after: $load_after (other processes share the machine)."
echo "Input: upstream main $cold_commits commits / $cold_files files at $tag1 (cold)," \
    "$warm_commits commits / $warm_files files at $tag2 (warm); fork do/main = $old_tag + $carried commits."
echo "kata-release: jar built from $jar_from, run by bin/kata-release (JVM options: $(grep -E '^opts=' "$kata"), with its class-data-sharing archive)."
echo "git CLI peak RSS (median, largest single process) MiB: cold $(($(median cold git 5) / 1024)), warm $(($(median warm git 5) / 1024))."
if [ "$trace" = 1 ]; then
    echo
    echo "kata-release steps, cold (untimed trace run, $work/trace-cold.log):"
    step_times "$work/trace-cold.log"
    echo "kata-release steps, warm (untimed trace run, $work/trace-warm.log):"
    step_times "$work/trace-warm.log"
fi
