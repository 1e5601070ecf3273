#!/usr/bin/env bash
# Benchmarks `kata-release package` against `tar -cf - ... | xz -T2` on the same ~500 MiB tree
# of binaries (xz level 6 in both), then `kata-release verify` on the tarball package wrote
# against `xz -dc | tar -x` plus `sha256sum -c SHA256SUMS`, and reports wall time and peak RSS.
# Target: package within 1.1 times the time of `tar | xz`; verify's ratio is reported the same way.
#
# The tree is made of real binaries from /usr (ELF programs and libraries, which compress like
# QEMU and kernel builds do), copied until about BENCH_MIB MiB, split into two component
# tarballs (kata-static-a and kata-static-b, under opt/kata). A one-commit repository holds
# versions.yaml (the sandbox's 4.1.0 one), tagged with the release tag, so that the tarball
# carries opt/kata/versions.yaml as verify requires. The tree has no opt/kata/bin/qemu-system-*
# and no vmlinuz-*: verify skips its QEMU and kernel checks, so it times unpacking and hashing.
#
# Usage: bench/package-benchmark.sh [SCRATCH_DIR]    (default bench/work-package/, wiped first)
# Environment: BENCH_RUNS=3 (median reported), BENCH_MIB=500.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(readlink -m "${1:-$root/bench/work-package}")
runs=${BENCH_RUNS:-3}
mib=${BENCH_MIB:-500}
source "$root/bench/lib.sh"
fresh_scratch "$work" .package-benchmark

snapshot_cli "$work/snapshot"

echo "collecting about ${mib} MiB of binaries" >&2
tree=$work/tree
mkdir -p "$tree/a/opt/kata/bin" "$tree/b/opt/kata/lib"
total=0 n=0
while IFS= read -r f; do
    size=$(stat -c %s "$f")
    n=$((n + 1))
    if [ $((n % 2)) -eq 0 ]; then dest=$tree/a/opt/kata/bin; else dest=$tree/b/opt/kata/lib; fi
    cp "$f" "$dest/$n-$(basename "$f")"
    total=$((total + size))
    [ $total -ge $((mib * 1024 * 1024)) ] && break
done < <(find /usr/lib /usr/bin /usr/libexec -type f -size +64k 2>/dev/null | sort)
[ $total -ge $((mib * 1024 * 1024 / 2)) ] || { echo "found only $((total / 1048576)) MiB of binaries" >&2; exit 1; }
mkdir -p "$work/artifacts"
tar -C "$tree/a" -cf - ./opt | xz -0 -T0 >"$work/artifacts/kata-static-a.tar.xz"
tar -C "$tree/b" -cf - ./opt | xz -0 -T0 >"$work/artifacts/kata-static-b.tar.xz"
merged=$work/merged
mkdir -p "$merged/opt/kata" && cp -a "$tree/a/opt/kata/." "$tree/b/opt/kata/." "$merged/opt/kata/"
echo 4.1.0-bench-0 >"$merged/opt/kata/VERSION"
repo=$work/repo
mkdir -p "$repo" && cp "$root/core/src/main/resources/io/katarelease/core/sandbox/4.1.0.yaml" "$repo/versions.yaml"
cp "$repo/versions.yaml" "$merged/opt/kata/versions.yaml"
git -C "$repo" init -q && git -C "$repo" add versions.yaml
git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -qm versions.yaml
git -C "$repo" tag 4.1.0-bench-0

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
: >"$work/tar.times"; : >"$work/kata.times"
for i in $(seq 1 "$runs"); do
    echo "run $i/$runs" >&2
    /usr/bin/time -f '%e %M' -o "$work/t" sh -c "tar -C '$merged' -cf - ./opt | xz -6 -T2 > '$work/ref.tar.xz'"
    cat "$work/t" >>"$work/tar.times"
    rm -rf "$work/out"
    /usr/bin/time -f '%e %M' -o "$work/t" "$kata" -q package --release-tag 4.1.0-bench-0 \
        --repo "$repo" --artifacts "$work/artifacts" --out "$work/out" >/dev/null
    cat "$work/t" >>"$work/kata.times"
done
asset=$work/out/4.1.0-bench-0-x86_64.tar.xz

# verify, on the last package run's tarball (SHA256SUMS lies beside it). Both unpack into $work.
: >"$work/untar.times"; : >"$work/verify.times"
for i in $(seq 1 "$runs"); do
    echo "verify run $i/$runs" >&2
    rm -rf "$work/untar" && mkdir "$work/untar"
    /usr/bin/time -f '%e %M' -o "$work/t" sh -c "xz -dc '$asset' | tar -xf - -C '$work/untar' \
        && cd '$work/out' && sha256sum -c --quiet SHA256SUMS"
    cat "$work/t" >>"$work/untar.times"
    rm -rf "$work/untar" "$work/verify-scratch" && mkdir "$work/verify-scratch"
    /usr/bin/time -f '%e %M' -o "$work/t" "$kata" -q verify --asset "$asset" --work-dir "$work/verify-scratch" \
        >"$work/verify.out"
    cat "$work/t" >>"$work/verify.times"
done

t_tar=$(cut -d' ' -f1 "$work/tar.times" | median)
t_kata=$(cut -d' ' -f1 "$work/kata.times" | median)
rss=$(cut -d' ' -f2 "$work/kata.times" | median)
t_untar=$(cut -d' ' -f1 "$work/untar.times" | median)
t_verify=$(cut -d' ' -f1 "$work/verify.times" | median)
rss_verify=$(cut -d' ' -f2 "$work/verify.times" | median)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
echo
echo "| tree | tar \\| xz -6 -T2 | kata-release package | ratio | kata-release peak RSS |"
echo "|---|---|---|---|---|"
echo "| $((total / 1048576)) MiB, $n files | $t_tar s | $t_kata s | $(ratio "$t_kata" "$t_tar") | $((rss / 1024)) MiB |"
echo
echo "Output sizes: tar|xz $(stat -c %s "$work/ref.tar.xz") bytes, kata-release $(stat -c %s "$asset") bytes." \
    "kata-release also unpacks the two component tarballs (xz -d) first. Median of $runs." \
    "Machine: $(nproc) CPUs, $(java -version 2>&1 | head -n 1), $(xz --version | head -n 1)."
echo
echo "| asset | xz -dc \\| tar -x + sha256sum -c | kata-release verify | ratio | kata-release peak RSS |"
echo "|---|---|---|---|---|"
echo "| $(($(stat -c %s "$asset") / 1048576)) MiB .tar.xz ($((total / 1048576)) MiB tree) | $t_untar s | $t_verify s" \
    "| $(ratio "$t_verify" "$t_untar") | $((rss_verify / 1024)) MiB |"
echo
echo "verify's checks (last run):"
sed 's/^/    /' "$work/verify.out"
