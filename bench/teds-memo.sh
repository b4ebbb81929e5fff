#!/usr/bin/env bash
# The outcome memo on a TEDS-A year, against the parse floor, for one or two carepath binaries
# (say, before and after a change to batch/): wall and CPU seconds, peak RSS, "x floor" (score
# -j1 over parse-only -j1 on the same file), and with valgrind instructions per record, start-up
# taken out by running two sizes. Not a test: it prints measurements.
#
#   bench/teds-memo.sh [BINARY] [OTHER_BINARY] [ROWS]
set -euo pipefail
case "${1:-}" in
  -h|--help)
    cat <<'USAGE'
usage: bench/teds-memo.sh [BINARY] [OTHER_BINARY] [ROWS]
  BINARY        carepath to measure (default: build/carepath)
  OTHER_BINARY  another carepath measured on the same data, e.g. before a change ("-": none)
  ROWS          TEDS-A-shaped rows (default: 1482543, a year); JSON Lines take ROWS / 5
Data is generated with bench/gen_tedsa.py into $TMPDIR/carepath-teds-memo and reused.
Set INSTRUCTIONS=0 to skip the valgrind counts (slow: 20,000 and 60,000 records each).
USAGE
    exit 0 ;;
esac
SRC=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$SRC/build/carepath}
OTHER=${2:--}
ROWS=${3:-1482543}
MAP=$SRC/mappings/tedsa-2021.yaml
DATA=${TMPDIR:-/tmp}/carepath-teds-memo
mkdir -p "$DATA"
export NO_COLOR=1

gen() {  # gen FILE ARGS...: generates FILE unless it exists
  local f=$1; shift
  [ -e "$f" ] || python3 "$SRC/bench/gen_tedsa.py" "$@" --out "$f"
}
csv=$DATA/tedsa-$ROWS.csv
jl=$DATA/records-$((ROWS / 5)).jsonl
gen "$csv" --rows "$ROWS"
gen "$jl" --rows $((ROWS / 5)) --format jsonl

floor=""
measure() {  # measure LABEL IS_FLOOR COMMAND...
  local label=$1 is_floor=$2; shift 2
  /usr/bin/time -o "$DATA/time.out" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
  local secs user sys kib
  read -r secs user sys kib < <(tail -1 "$DATA/time.out")
  [ "$is_floor" = floor ] && floor=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  awk -v l="$label" -v s="$secs" -v u="$user" -v y="$sys" -v k="$kib" -v f="$floor" 'BEGIN {
    c = u + y; printf "%-40s %8.2f %8.2f %9.1f %8s\n", l, s, c, k / 1024, (f > 0 ? sprintf("%.2f", c / f) : "-") }'
}
ir() {  # ir ARGS...: instructions carepath executes
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}
for n in 20000 60000; do
  gen "$DATA/i-$n.csv" --rows "$n" --seed 5
  gen "$DATA/i-$n.jsonl" --rows "$n" --seed 5 --format jsonl
done
per_record() {  # per_record EXT BINARY ARGS...: instructions per record between 20,000 and 60,000
  local ext=$1 bin=$2; shift 2
  echo $(( ($(ir "$bin" "$@" "$DATA/i-60000.$ext") - $(ir "$bin" "$@" "$DATA/i-20000.$ext")) / 40000 ))
}

for bin in "$BIN" "$OTHER"; do
  [ "$bin" = - ] && continue
  echo "=== $bin"
  printf '%-40s %8s %8s %9s %8s\n' "run" "wall s" "cpu s" "peak MiB" "x floor"
  echo "--- TEDS-A-shaped CSV with --map, $ROWS rows"
  floor=""
  measure "parse-only -j1 (floor)" floor "$bin" score --parse-only -j1 --map "$MAP" "$csv"
  measure "score -j1 -f csv" - "$bin" score -j1 -f csv --map "$MAP" "$csv"
  measure "score -j1 -f summary" - "$bin" score -j1 -f summary --map "$MAP" "$csv"
  echo "--- JSON Lines records, $((ROWS / 5)) lines"
  floor=""
  measure "parse-only -j1 (floor)" floor "$bin" score --parse-only -j1 "$jl"
  measure "score -j1 -f csv" - "$bin" score -j1 -f csv "$jl"
  if [ "${INSTRUCTIONS:-1}" != 0 ] && command -v valgrind >/dev/null; then
    echo "--- instructions per record (callgrind)"
    printf '%-40s %12s %12s %8s\n' "input" "floor/rec" "score/rec" "x floor"
    for ext in csv jsonl; do
      args=(); [ "$ext" = csv ] && args=(--map "$MAP")
      f=$(per_record "$ext" "$bin" score --parse-only -j1 "${args[@]}")
      s=$(per_record "$ext" "$bin" score -j1 -f csv "${args[@]}")
      awk -v l="$ext" -v f="$f" -v s="$s" 'BEGIN { printf "%-40s %12d %12d %8.2f\n", l, f, s, s / f }'
    done
  fi
done
rm -f "$DATA/time.out"
