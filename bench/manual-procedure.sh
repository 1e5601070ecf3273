#!/usr/bin/env bash
# The manual git CLI equivalent of `kata-release sync`; bench/sync-benchmark.sh times both and compares.
#
# Usage: bench/manual-procedure.sh UPSTREAM_URL FORK_URL TAG CLONE_DIR [SUFFIX [PATCH_BRANCH]]
#
# Cold when CLONE_DIR does not exist (full clone of the fork, then fetch of upstream main and the
# tag); warm when it does (fetches only what changed). Then:
#   fork main      = upstream main
#   do/main        = git rebase upstream/main (fork-only commits on top of upstream main)
#   do/<TAG>       = upstream TAG + git cherry-pick upstream/main..do/main
#   <TAG>-<SUFFIX>-<n> annotated tag (n = 1 + the highest existing one on the fork, else 0)
# and one `git push --atomic` with --force-with-lease on every ref, plus a backup ref
# refs/kata-release/backup/<patch-branch>/<UTC stamp>-<old id> of the rewritten patch branch.
# Uses the committer identity of the calling git configuration.
set -euo pipefail

if [ $# -lt 4 ]; then
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
upstream=$1 fork=$2 tag=$3 dir=$4 suffix=${5:-digitalocean} patch=${6:-do/main}
release_branch="do/$tag"

if [ ! -d "$dir/.git" ]; then
    git clone -q --origin origin "$fork" "$dir"
    git -C "$dir" remote add upstream "$upstream"
    git -C "$dir" config advice.detachedHead false
else
    git -C "$dir" fetch -q --prune origin
fi
cd "$dir"
git remote set-url upstream "$upstream"
git fetch -q --no-tags upstream "+refs/heads/main:refs/remotes/upstream/main" "+refs/tags/$tag:refs/tags/$tag"

# Leases: what the fork held when we fetched it ('' = must not exist).
lease() { git rev-parse -q --verify "refs/remotes/origin/$1^{commit}" 2>/dev/null || true; }
old_main=$(lease main)
old_patch=$(lease "$patch")
old_release=$(lease "$release_branch")
[ -n "$old_patch" ] || { echo "the fork has no branch $patch" >&2; exit 1; }

# Rebase the patch branch onto upstream main.
git checkout -q -B "$patch" "refs/remotes/origin/$patch"
git rebase -q refs/remotes/upstream/main

# The release branch: the upstream tag plus the same fork commits.
git checkout -q -B "$release_branch" "refs/tags/$tag^{commit}"
git cherry-pick refs/remotes/upstream/main.."$patch" >/dev/null

# Next release tag number on the fork.
n=0
while read -r _ ref; do
    k=${ref##*-}
    case $k in '' | *[!0-9]*) continue ;; esac
    if [ "$k" -ge "$n" ]; then n=$((k + 1)); fi
done < <(git ls-remote --tags origin "refs/tags/$tag-$suffix-*" | grep -v '\^{}$' || true)
release_tag="$tag-$suffix-$n"
git tag -f -a "$release_tag" -m "$release_tag

Upstream tag $tag ($(git rev-parse "refs/tags/$tag^{commit}")) with the fork commits of $patch ($old_patch)." >/dev/null

# One atomic push, every ref leased; backup of the rewritten patch branch first.
backup="refs/kata-release/backup/$patch/$(date -u +%Y%m%dT%H%M%SZ)-${old_patch:0:12}"
refspecs=(
    "$old_patch:$backup"
    "refs/remotes/upstream/main:refs/heads/main"
    "refs/heads/$patch:refs/heads/$patch"
    "refs/heads/$release_branch:refs/heads/$release_branch"
    "refs/tags/$release_tag:refs/tags/$release_tag"
)
git push -q --atomic origin \
    "--force-with-lease=$backup:" \
    "--force-with-lease=refs/heads/main:$old_main" \
    "--force-with-lease=refs/heads/$patch:$old_patch" \
    "--force-with-lease=refs/heads/$release_branch:$old_release" \
    "--force-with-lease=refs/tags/$release_tag:" \
    "${refspecs[@]}"
echo "pushed main, $patch, $release_branch, $release_tag and $backup"
