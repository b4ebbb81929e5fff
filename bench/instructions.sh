#!/usr/bin/env bash
# Instructions per record (valgrind callgrind), for carepath scoring against its parse-only
# floor: unlike times, these do not depend on what else the machine is doing. Start-up is
# taken out by running each case on two sizes and dividing the difference. For a YAML stream
# the parse-only pass is carepath's own record reader; bench/run.sh compares YAML files with
# yaml-cpp loading them.
#
#   bench/instructions.sh [BUILD_DIR]
set -euo pipefail
case "${1:-}" in
  -h|--help)
    cat <<'EOF'
usage: bench/instructions.sh [BUILD_DIR]
  BUILD_DIR  build directory holding the carepath binary to measure (default: build-batch)
Prints instructions per record (valgrind callgrind, needs valgrind) for carepath scoring
against its parse-only floor, for a TEDS-A-shaped CSV, JSON Lines and a YAML stream generated
with bench/gen_tedsa.py into BUILD_DIR/bench-data.
EOF
    exit 0 ;;
esac
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-batch}
BIN=$BUILD/carepath
[ -x "$BIN" ] || { echo "${0##*/}: no carepath binary at $BIN (build it, or give BUILD_DIR; see --help)" >&2; exit 2; }
DATA=$BUILD/bench-data
MAP=$SRC/mappings/tedsa-2021.yaml
mkdir -p "$DATA"
# Batch scoring remembers outcomes (the outcome memo), so the first tens of thousands of rows
# cost more than the rest: tables and JSON Lines are counted on 20,000 and 120,000 records.
# YAML, ten times slower to read, on 2,000 and 12,000.

ir() {  # ir ARGS...: instructions carepath executes
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$@" 2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}
per_record() {  # per_record SMALL LARGE EXT ARGS...: inputs i-SMALL.EXT and i-LARGE.EXT appended
  local small=$1 large=$2 ext=$3; shift 3
  echo $(( ($(ir "$@" "$DATA/i-$large.$ext") - $(ir "$@" "$DATA/i-$small.$ext")) / (large - small) ))
}
row() {  # row LABEL SMALL LARGE EXT ARGS...
  local label=$1 small=$2 large=$3 ext=$4; shift 4
  local floor score n
  for n in $small $large; do
    local f=$DATA/i-$n.$ext format=$ext
    [ "$ext" = yaml ] && format=yaml-stream
    [ -e "$f" ] || python3 "$SRC/bench/gen_tedsa.py" --rows "$n" --seed 5 --format "$format" --out "$f"
  done
  floor=$(per_record "$small" "$large" "$ext" score --parse-only -j1 "$@")
  score=$(per_record "$small" "$large" "$ext" score -j1 -f csv "$@")
  awk -v l="$label" -v f="$floor" -v s="$score" 'BEGIN { printf "%-28s %12d %12d %8.2f\n", l, f, s, s / f }'
}

printf '%-28s %12s %12s %8s\n' "input" "floor/rec" "score/rec" "x floor"
row "TEDS-A CSV + mapping" 20000 120000 csv --map "$MAP"
row "JSON Lines records" 20000 120000 jsonl
row "YAML stream (floor: reader)" 2000 12000 yaml
