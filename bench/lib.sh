# Shared by the benchmark scripts (sourced, not run): the scratch folder and a snapshot of the CLI.

# fresh_scratch DIR MARKER: empties DIR for a benchmark, refusing a folder that is not its own.
# DIR is wiped only when it is empty or holds MARKER (a file the script left there last time).
fresh_scratch() {
    local dir=$1 marker=$2
    case $dir in / | "$root" | "$root/bench" | "$HOME") echo "refusing scratch dir $dir" >&2; exit 2 ;; esac
    if [ -e "$dir" ]; then
        if [ ! -f "$dir/$marker" ] && [ -n "$(ls -A "$dir")" ]; then
            echo "$dir exists and was not made by this script; choose another scratch dir" >&2
            exit 2
        fi
        rm -rf "$dir"
    fi
    mkdir -p "$dir" && touch "$dir/$marker"
}

# snapshot_cli DIR: builds the CLI if needed, copies bin/kata-release and its jar under DIR (so a
# rebuild during the run changes nothing) and sets $kata to the copy.
snapshot_cli() {
    local snap=$1
    "$root/bin/kata-release" --version >/dev/null
    mkdir -p "$snap/bin" "$snap/cli/target"
    cp "$root/bin/kata-release" "$snap/bin/" && cp "$root/cli/target/kata-release.jar" "$snap/cli/target/"
    kata=$snap/bin/kata-release
    "$kata" --version >/dev/null   # makes the class-data-sharing archive outside the timings
}
