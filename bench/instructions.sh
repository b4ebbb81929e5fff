#!/usr/bin/env bash
# Instructions per record (valgrind callgrind), for carepath scoring against its parse-only
# floor: unlike times, these do not depend on what else the machine is doing. Start-up is
# taken out by running each case on two sizes and dividing the difference. For a YAML stream
# the parse-only pass is carepath's own record reader; bench/run.sh compares YAML files with
# yaml-cpp loading them.
#
#   bench/instructions.sh [BUILD_DIR]
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-batch}
BIN=$BUILD/carepath
DATA=$BUILD/bench-data
MAP=$SRC/mappings/tedsa-2021.yaml
mkdir -p "$DATA"
small=2000 large=12000

ir() {  # ir ARGS...: instructions carepath executes
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$@" 2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}
per_record() {  # per_record SMALL_INPUT LARGE_INPUT ARGS...
  local a=$1 b=$2; shift 2
  echo $(( ($(ir "$@" "$b") - $(ir "$@" "$a")) / (large - small) ))
}
row() {  # row LABEL FLOOR_ARGS SCORE_ARGS... (inputs appended)
  local label=$1 a=$2 b=$3; shift 3
  local floor score
  floor=$(per_record "$a" "$b" score --parse-only -j1 "$@")
  score=$(per_record "$a" "$b" score -j1 -f csv "$@")
  awk -v l="$label" -v f="$floor" -v s="$score" 'BEGIN { printf "%-28s %12d %12d %8.2f\n", l, f, s, s / f }'
}

for n in $small $large; do
  [ -e "$DATA/i-$n.csv" ] || python3 "$SRC/bench/gen_tedsa.py" --rows $n --seed 5 --out "$DATA/i-$n.csv"
  [ -e "$DATA/i-$n.jsonl" ] || python3 "$SRC/bench/gen_tedsa.py" --rows $n --seed 5 --format jsonl --out "$DATA/i-$n.jsonl"
  [ -e "$DATA/i-$n.yaml" ] || python3 "$SRC/bench/gen_tedsa.py" --rows $n --seed 5 --format yaml-stream --out "$DATA/i-$n.yaml"
done
printf '%-28s %12s %12s %8s\n' "input" "floor/rec" "score/rec" "x floor"
row "TEDS-A CSV + mapping" "$DATA/i-$small.csv" "$DATA/i-$large.csv" --map "$MAP"
row "JSON Lines records" "$DATA/i-$small.jsonl" "$DATA/i-$large.jsonl"
row "YAML stream (floor: reader)" "$DATA/i-$small.yaml" "$DATA/i-$large.yaml"
