#!/usr/bin/env bash
# Two (or more) builds of `neg` on one script, side by side: the best time of each
# `neg run --quiet` process over ROUNDS rounds, the builds taking turns so that a busy
# spell of the machine falls on all of them alike. Wall time on a shared machine drifts
# by ±20% from one minute to the next, so compare builds this way rather than one run
# against another.
#
# usage: benches/compare.sh SCRIPT ROUNDS NEG [NEG ...]
#   e.g. benches/compare.sh /tmp/m.neg 7 /tmp/neg-old target/release/neg
# (`cargo bench --bench perf -- --write 1000000 100 /tmp/m.neg` writes a script.)
set -euo pipefail
if (($# < 3)); then
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
script=$1
rounds=$2
shift 2
declare -A best
for _ in $(seq "$rounds"); do
    for neg in "$@"; do
        # Not `--stats`: counting memory slows a run (see src/stats.rs).
        start=$EPOCHREALTIME
        "$neg" run --quiet "$script" >/dev/null 2>&1 || true
        ms=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
        if [[ -z ${best[$neg]:-} ]] || awk -v a="$ms" -v b="${best[$neg]}" 'BEGIN { exit !(a < b) }'; then
            best[$neg]=$ms
        fi
    done
done
for neg in "$@"; do
    printf '%10s ms  %s\n' "${best[$neg]}" "$neg"
done
