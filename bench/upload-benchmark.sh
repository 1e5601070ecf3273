#!/usr/bin/env bash
# Benchmarks `kata-release publish --github-repo` uploading a 1 GiB asset to a GitHub-like server
# on loopback (bench/fake_github.py), and reports wall time, throughput and the JVM's peak RSS.
# The JVM gets its default heap; the figure shows the upload streams instead of loading the file.
# Target: the JVM's peak RSS under 256 MiB.
#
# Usage: bench/upload-benchmark.sh [SCRATCH_DIR]   (default bench/work-upload/, wiped first)
# Environment: BENCH_MIB=1024 (asset size).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
work=$(readlink -m "${1:-$root/bench/work-upload}")
mib=${BENCH_MIB:-1024}
source "$root/bench/lib.sh"
fresh_scratch "$work" .upload-benchmark
mkdir -p "$work/assets"

"$root/bin/kata-release" --version >/dev/null
tag=4.1.0-bench-0
head -c $((mib * 1024 * 1024)) /dev/urandom >"$work/assets/$tag-x86_64.tar.xz"
token=bench-token-$RANDOM$RANDOM

python3 "$root/bench/fake_github.py" "$work/port" "$token" "$tag" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")

GITHUB_TOKEN=$token /usr/bin/time -f '%e %M' -o "$work/time" "$root/bin/kata-release" -q publish \
    --release-tag "$tag" --assets "$work/assets" --github-repo bench/kata \
    --github-api-url "http://127.0.0.1:$port" --json >"$work/result.json"
read -r wall rss <"$work/time"
grep -q "\"sha256\" : \"$(sha256sum "$work/assets/$tag-x86_64.tar.xz" | cut -d' ' -f1)\"" "$work/result.json" \
    || { echo "the server's digest does not match the file" >&2; exit 1; }
echo
echo "| asset | wall s | MiB/s | kata-release peak RSS |"
echo "|---|---|---|---|"
echo "| $mib MiB | $wall | $(awk -v m="$mib" -v w="$wall" 'BEGIN{printf "%.0f", m/w}') | $((rss / 1024)) MiB |"
echo
echo "Machine: $(nproc) CPUs, $(java -version 2>&1 | head -n 1); server: Python $(python3 -c 'import sys; print(sys.version.split()[0])')."
