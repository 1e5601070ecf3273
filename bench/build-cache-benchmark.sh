#!/usr/bin/env bash
# Benchmarks the build cache of `kata-release build`: a kernel build whose inputs are 200 patch
# files and whose artefact is a ~300 MiB tar.xz. Prints, for the miss (the build command only
# copies a prebuilt tarball, so the figure is kata-release's own overhead: key, checks, storing)
# and for the hit: wall time, the time to compute the cache key, and peak RSS.
# Targets: a hit under 2 s, the cache key under 1 s.
#
# Usage: bench/build-cache-benchmark.sh [SCRATCH_DIR]     (default bench/work-build/, wiped first)
# Environment: BENCH_RUNS=3 (hits timed; the median is reported), BENCH_MIB=300 (artefact size).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(readlink -m "${1:-$root/bench/work-build}")
runs=${BENCH_RUNS:-3}
mib=${BENCH_MIB:-300}
source "$root/bench/lib.sh"
fresh_scratch "$work" .build-cache-benchmark

echo "building the CLI" >&2
snapshot_cli "$work/snapshot"

echo "making a kata checkout with 200 kernel patches" >&2
co=$work/kata
mkdir -p "$co/tools/packaging/kernel/patches/6.18.x/dragonball-experimental" "$co/tools/packaging/scripts" \
    "$co/tools/packaging/kernel/configs/fragments/x86_64" "$co/tools/packaging/static-build/kernel" \
    "$co/tools/packaging/kata-deploy/local-build" "$co/prebuilt"
cp "$root/core/src/main/resources/io/katarelease/core/sandbox/4.1.0.yaml" "$co/versions.yaml"
echo 202 >"$co/tools/packaging/kernel/kata_config_version"
: >"$co/tools/packaging/kernel/patches/6.18.x/dragonball-experimental/no_patches.txt"
echo '#!/bin/bash' >"$co/tools/packaging/scripts/apply_patches.sh"
for f in $(seq 1 40); do echo "CONFIG_OPTION_$f=y" >"$co/tools/packaging/kernel/configs/fragments/x86_64/f$f.conf"; done
echo '#!/bin/bash' >"$co/tools/packaging/static-build/kernel/build.sh"
echo 'kernel-tarball:' >"$co/tools/packaging/kata-deploy/local-build/Makefile"
for i in $(seq -w 1 200); do
    # a typical kernel patch: 4 to 12 KiB of text
    { echo "Subject: [PATCH] fork fix $i"; echo; echo "--- a/drivers/f$i.c"; echo "+++ b/drivers/f$i.c";
      head -c $(( (4 + 10#$i % 9) * 1024 )) /dev/urandom | base64; } \
        >"$co/tools/packaging/kernel/patches/6.18.x/0$i-fork-fix-$i.patch"
done

echo "making a ${mib} MiB kata-static-kernel.tar.xz (once)" >&2
stage=$work/stage
mkdir -p "$stage/opt/kata/share/kata-containers"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$stage/opt/kata/share/kata-containers/vmlinuz-6.18.35-202"
tar -C "$stage" -cf - ./opt | xz -0 -T0 >"$co/prebuilt/kata-static-kernel.tar.xz"
rm -rf "$stage"
size=$(stat -c %s "$co/prebuilt/kata-static-kernel.tar.xz")

command='mkdir -p build && cp prebuilt/kata-static-kernel.tar.xz build/'
run() { # prints: wall_s peak_rss_kib key_s
    local log=$work/run.log
    local t0=${EPOCHREALTIME/./}
    /usr/bin/time -f '%e %M' -o "$work/time.tmp" "$kata" build kernel --repo "$co" --cache "$work/cache" \
        --out "$work/out" --command "$command" 2> >(while IFS= read -r l; do
            printf '%s %s\n' "$(( ${EPOCHREALTIME/./} - t0 ))" "$l"; done >"$log") >/dev/null
    sleep 0.2
    local read_us key_us
    read_us=$(grep -m1 'reading versions.yaml' "$log" | cut -d' ' -f1)
    key_us=$(grep -m1 'cache key' "$log" | cut -d' ' -f1)
    printf '%s %s\n' "$(cat "$work/time.tmp")" "$(awk -v a="$read_us" -v b="$key_us" 'BEGIN{printf "%.2f", (b-a)/1e6}')"
}
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo "timing" >&2
miss=$(run)
: >"$work/hits"
for _ in $(seq 1 "$runs"); do run >>"$work/hits"; done
grep -q 'cache hit' "$work/run.log" || { echo "the last run was not a cache hit:" >&2; cat "$work/run.log" >&2; exit 1; }
hit_wall=$(cut -d' ' -f1 "$work/hits" | median)
hit_rss=$(cut -d' ' -f2 "$work/hits" | median)
hit_key=$(cut -d' ' -f3 "$work/hits" | median)

echo
echo "| case | wall s | cache key s (incl. reading versions.yaml and the series) | peak RSS MiB |"
echo "|---|---|---|---|"
set -- $miss
echo "| miss (build = copying the tarball) | $1 | $3 | $(( $2 / 1024 )) |"
echo "| hit, median of $runs | $hit_wall | $hit_key | $(( hit_rss / 1024 )) |"
echo
echo "Inputs: 200 patches ($(du -sh "$co/tools/packaging/kernel/patches" | cut -f1)), 40 config fragments;" \
    "artefact $(( size / 1024 / 1024 )) MiB. Machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB," \
    "$(java -version 2>&1 | head -n 1)."
