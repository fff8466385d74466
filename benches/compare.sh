#!/usr/bin/env bash
# Two (or more) builds of `neg` on one script, side by side: the best total time of
# each over ROUNDS rounds, the builds taking turns so that a busy spell of the machine
# falls on all of them alike. Wall time on a shared machine drifts by ±20% from one
# minute to the next, so compare builds this way rather than one run against another.
#
# usage: benches/compare.sh SCRIPT ROUNDS NEG [NEG ...]
#   e.g. benches/compare.sh /tmp/m.neg 7 /tmp/neg-old target/release/neg
# (`cargo bench --bench perf -- --write 1000000 100 /tmp/m.neg` writes a script.)
set -euo pipefail
if (($# < 3)); then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
script=$1
rounds=$2
shift 2
declare -A best
for _ in $(seq "$rounds"); do
    for neg in "$@"; do
        ms=$("$neg" run --quiet --stats "$script" 2>&1 >/dev/null | awk '/^total/ { print $2 }')
        if [[ -z ${best[$neg]:-} ]] || awk -v a="$ms" -v b="${best[$neg]}" 'BEGIN { exit !(a < b) }'; then
            best[$neg]=$ms
        fi
    done
done
for neg in "$@"; do
    printf '%10s ms  %s\n' "${best[$neg]}" "$neg"
done
