#!/usr/bin/env bash
# Benchmarks a remote cache hit of `kata-release build`: a ~300 MiB kernel tar.xz pushed to a
# real OCI registry (Debian's docker-registry) on loopback, then taken by a "machine" with an empty
# local cache. Compares, in one run on one machine, kata-release's download (stream, SHA-256,
# write into the local cache) with curl fetching the same blob by digest into a file, and reports
# the whole remote-hit run's wall time and peak RSS. Targets: >= 0.8x curl's throughput, RSS
# < 256 MiB.
#
# Usage: bench/remote-cache-benchmark.sh [SCRATCH_DIR]     (default bench/work-remote/, wiped first)
# Environment: BENCH_RUNS=3 (runs of each side; medians reported), BENCH_MIB=300 (artefact size).
# Needs: docker-registry, curl, xz, GNU time (/usr/bin/time).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(readlink -m "${1:-$root/bench/work-remote}")
runs=${BENCH_RUNS:-3}
mib=${BENCH_MIB:-300}
for tool in docker-registry curl xz openssl /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install docker-registry curl xz-utils time)" >&2; exit 2; }
done
source "$root/bench/lib.sh"
fresh_scratch "$work" .remote-cache-benchmark

echo "building the CLI" >&2
snapshot_cli "$work/snapshot"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/registry"
cat >"$work/registry/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry/storage
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
ref=oci://127.0.0.1:$port/bench/kata-cache

echo "making a kata checkout and a ${mib} MiB kata-static-kernel.tar.xz (once)" >&2
co=$work/kata
mkdir -p "$co/tools/packaging/kernel/patches/6.18.x/dragonball-experimental" "$co/tools/packaging/scripts" "$co/prebuilt"
cp "$root/core/src/main/resources/io/katarelease/core/sandbox/4.1.0.yaml" "$co/versions.yaml"
echo 202 >"$co/tools/packaging/kernel/kata_config_version"
: >"$co/tools/packaging/kernel/patches/6.18.x/dragonball-experimental/no_patches.txt"
echo '#!/bin/bash' >"$co/tools/packaging/scripts/apply_patches.sh"
printf -- '--- a/x\n+++ b/x\n' >"$co/tools/packaging/kernel/patches/6.18.x/0001-fork-fix.patch"
stage=$work/stage
mkdir -p "$stage/opt/kata/share/kata-containers"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$stage/opt/kata/share/kata-containers/vmlinuz-6.18.35-202"
tar -C "$stage" -cf - ./opt | xz -0 -T0 >"$co/prebuilt/kata-static-kernel.tar.xz"
rm -rf "$stage"
size=$(stat -c %s "$co/prebuilt/kata-static-kernel.tar.xz")
digest=sha256:$(sha256sum "$co/prebuilt/kata-static-kernel.tar.xz" | cut -d' ' -f1)
command='mkdir -p build && cp prebuilt/kata-static-kernel.tar.xz build/'

echo "pushing it (machine A builds)" >&2
"$kata" build kernel --repo "$co" --cache "$work/cache-a" --out "$work/out-a" --command "$command" \
    --remote-cache "$ref" >"$work/push.out" 2>"$work/push.log"
grep -q "pushed to" "$work/push.out" || { echo "the push failed:" >&2; cat "$work/push.log" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
blob_url=http://127.0.0.1:$port/v2/bench/kata-cache/blobs/$digest
: >"$work/curl.times" && : >"$work/curlsha.times" && : >"$work/kata.times"
for _ in $(seq 1 "$runs"); do
    rm -f "$work/curl.out"
    curl -fsS -o "$work/curl.out" -w '%{speed_download}\n' "$blob_url" >>"$work/curl.times"
    # The same work as kata-release's download: the bytes into a file and through SHA-256
    # (OpenSSL's, which uses the CPU's SHA instructions as the JVM does; coreutils' does not).
    rm -f "$work/curl.out"
    t0=${EPOCHREALTIME/./}
    curl -fsS "$blob_url" | tee "$work/curl.out" | openssl dgst -sha256 >/dev/null
    echo "$(( ${EPOCHREALTIME/./} - t0 ))" >>"$work/curlsha.times"
    rm -rf "$work/cache-b" "$work/out-b"
    /usr/bin/time -f '%e %M' -o "$work/time.tmp" "$kata" build kernel --repo "$co" --cache "$work/cache-b" \
        --out "$work/out-b" --command "$command" --remote-cache "$ref" >/dev/null 2>"$work/hit.log"
    # The command is part of the cache key, so it is the same; "stored in" shows it did not run.
    # "... downloaded, checked and stored in S s (N MiB/s)"
    stored_s=$(grep -o 'stored in [0-9.]* s' "$work/hit.log" | awk '{print $3}')
    [ -n "$stored_s" ] || { echo "not a remote hit:" >&2; cat "$work/hit.log" >&2; exit 1; }
    echo "$stored_s $(cat "$work/time.tmp")" >>"$work/kata.times"
done
curl_mibs=$(awk -v s="$(median <"$work/curl.times")" 'BEGIN{printf "%.0f", s/1048576}')
curlsha_mibs=$(awk -v b="$size" -v us="$(median <"$work/curlsha.times")" 'BEGIN{printf "%.0f", b/1048576/(us/1e6)}')
kata_s=$(cut -d' ' -f1 "$work/kata.times" | median)
kata_mibs=$(awk -v b="$size" -v s="$kata_s" 'BEGIN{printf "%.0f", b/1048576/s}')
wall=$(cut -d' ' -f2 "$work/kata.times" | median)
rss=$(cut -d' ' -f3 "$work/kata.times" | median)

echo
echo "| measure (median of $runs) | value |"
echo "|---|---|"
echo "| curl: blob by digest into a file | $curl_mibs MiB/s |"
echo "| curl piped through tee (file) and openssl dgst -sha256: the same work as kata-release | $curlsha_mibs MiB/s |"
echo "| kata-release: download, SHA-256, write into the local cache | $kata_mibs MiB/s |"
echo "| ratio kata-release / curl (target >= 0.8) | $(awk -v a="$kata_mibs" -v b="$curl_mibs" 'BEGIN{printf "%.2f", a/b}') |"
echo "| ratio kata-release / curl with SHA-256 | $(awk -v a="$kata_mibs" -v b="$curlsha_mibs" 'BEGIN{printf "%.2f", a/b}') |"
echo "| whole remote-hit run (JVM start, key, download, copy to --out) | $wall s |"
echo "| peak RSS of that run (target < 256 MiB) | $(( rss / 1024 )) MiB |"
echo
echo "Artefact $(( size / 1024 / 1024 )) MiB, registry: $(docker-registry --version | awk '{print $3}') on loopback." \
    "Machine: $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1)."
