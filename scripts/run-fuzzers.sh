#!/bin/sh
# run-fuzzers.sh BUILD_FUZZ_DIR SECONDS — runs every libFuzzer target for SECONDS each.
# New interesting inputs go to BUILD_FUZZ_DIR/corpus/NAME; crashes to fuzz/artifacts/.
# A crash is a bug: fix it, then copy the crashing input into fuzz/corpus/NAME/ so
# `make test` replays it for ever.
set -eu
dir=$1
seconds=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/fuzz/artifacts"
status=0
for fuzzer in "$dir"/fuzz_*; do
    [ -x "$fuzzer" ] || continue
    name=$(basename "$fuzzer" | sed 's/^fuzz_//')
    mkdir -p "$dir/corpus/$name"
    echo "== fuzzing $name for ${seconds}s"
    if ! "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$root/fuzz/artifacts/$name-" \
        "$dir/corpus/$name" "$root/fuzz/corpus/$name"; then
        echo "== $name found a failure: see fuzz/artifacts/" >&2
        status=1
    fi
done
exit $status
