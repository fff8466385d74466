#!/usr/bin/env bash
# Instruction counts under valgrind (callgrind): stable where wall-clock time is not.
#
# usage: benches/callgrind.sh [EVENTS] [ACTORS]     (default 100000 events, 100 actors)
#
# Generates a script with the benchmark's generator, then counts the instructions of
# each stage run once inside the benchmark binary (`perf --only STAGE`, counting only
# inside its `measured` function), and of the whole `neg run --quiet` process. Prints
# the counts, instructions per event, and the ratios (a), (b), (c) of benches/perf.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-100000}
actors=${2:-100}

cargo build --release --quiet
bench=$(cargo bench --bench perf --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    j = json.loads(line)
    if j.get("reason") == "compiler-artifact" and j["target"]["name"] == "perf" and j.get("executable"):
        print(j["executable"])')
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
script="$dir/script.neg"
"$bench" --write "$events" "$actors" "$script"

count() {
    valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : //p'
}

declare -A ir
for stage in scan bounds lex parse json; do
    ir[$stage]=$(count --toggle-collect='perf::measured*' "$bench" --only "$stage" "$script")
done
# A run parses on a thread of its own, outside `measured`: count the whole process
# (reading the script adds little).
ir[run]=$(count "$bench" --only run "$script")
ir[neg]=$(count target/release/neg run --quiet "$script")

echo "script: $events events, $actors actors, $(stat -c %s "$script") bytes"
printf '%-36s %16s %14s\n' "what" "instructions" "per event"
for stage in scan bounds lex parse json run neg; do
    case $stage in
        scan) what="memchr newline count" ;;
        bounds) what="token bounds only (reference)" ;;
        lex) what="lex" ;;
        parse) what="lex + parse" ;;
        json) what="serde_json: the same tree from JSON" ;;
        run) what="whole run (parse, check, interpret)" ;;
        neg) what="neg run --quiet (the process)" ;;
    esac
    printf '%-36s %16s %14.0f\n' "$what" "${ir[$stage]}" "$(echo "${ir[$stage]} / $events" | bc -l)"
done
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
echo
echo "(a) lex / memchr:             $(ratio "${ir[lex]}" "${ir[scan]}")   (target ≤ 12)"
echo "(b) lex+parse / serde_json:   $(ratio "${ir[parse]}" "${ir[json]}")   (target ≤ 1.3)"
echo "(c) whole run / lex+parse:    $(ratio "${ir[run]}" "${ir[parse]}")   (target ≤ 1.5)"
