#!/usr/bin/env bash
# Batch-scoring benchmark (not a test): prints, side by side, records/s and peak RSS for
# carepath and for floors on the same files: wc -l, carepath's own parse-only pass (same
# reader, no scoring), python3's csv module, and for records simdjson / yaml-cpp parse-only.
#
#   bench/run.sh [BUILD_DIR] [ROWS]     # defaults: build-batch, 1482543 (a TEDS-A year)
#
# "x floor" compares wall time, "x cpu" user+system CPU time (steadier on a shared machine;
# with -j2 it shows the cost of threads, not their gain). Generated data goes to BUILD_DIR/bench-data (kept out of git); it is reused when present.
set -euo pipefail
case "${1:-}" in
  -h|--help)
    cat <<'EOF'
usage: bench/run.sh [BUILD_DIR] [ROWS]
  BUILD_DIR  build directory holding the carepath binary to measure (default: build-batch, a
             Release build: cmake -S . -B build-batch -G Ninja -DCMAKE_BUILD_TYPE=Release)
  ROWS       TEDS-A-shaped rows to generate with bench/gen_tedsa.py (default: 1482543, a year)
Prints wall and CPU seconds, records/s and peak RSS for wc -l, python3 csv, carepath's
parse-only pass and carepath scoring. Data is generated into BUILD_DIR/bench-data and reused.
EOF
    exit 0 ;;
esac
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-batch}
ROWS=${2:-1482543}
BIN=$BUILD/carepath
[ -x "$BIN" ] || { echo "${0##*/}: no carepath binary at $BIN (build it, or give BUILD_DIR; see --help)" >&2; exit 2; }
DATA=$BUILD/bench-data
MAP=$SRC/mappings/tedsa-2021.yaml
mkdir -p "$DATA"
export NO_COLOR=1

gen() {  # gen FILE ARGS...: generates FILE unless it exists
  local f=$1; shift
  [ -e "$f" ] || python3 "$SRC/bench/gen_tedsa.py" "$@" --out "$f"
}

printf '%-34s %9s %8s %8s %12s %9s %7s %7s\n' "run" "records" "wall s" "cpu s" "records/s" "peak MiB" "x floor" "x cpu"
floor=""
floor_cpu=""
measure() {  # measure LABEL RECORDS IS_FLOOR COMMAND...: runs with stdout discarded
  local label=$1 n=$2 is_floor=$3; shift 3
  /usr/bin/time -o "$DATA/time.out" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
  local secs user sys kib cpu
  read -r secs user sys kib < <(tail -1 "$DATA/time.out")  # after "Command exited with non-zero status 1"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  if [ "$is_floor" = floor ]; then floor=$secs; floor_cpu=$cpu; fi
  awk -v l="$label" -v n="$n" -v s="$secs" -v c="$cpu" -v k="$kib" -v f="$floor" -v fc="$floor_cpu" 'BEGIN {
    r = s > 0 ? n / s : n / 0.005; x = (f > 0) ? sprintf("%.2f", s / f) : "-"; xc = (fc > 0) ? sprintf("%.2f", c / fc) : "-";
    printf "%-34s %9d %8.2f %8.2f %12.0f %9.1f %7s %7s\n", l, n, s, c, r, k / 1024, x, xc }'
}

for rows in $((ROWS / 10)) "$ROWS"; do
  csv=$DATA/tedsa-$rows.csv
  gen "$csv" --rows "$rows"
  floor=""; floor_cpu=""
  echo "--- TEDS-A-shaped CSV, $rows rows, $(du -m "$csv" | cut -f1) MB"
  measure "wc -l" "$rows" - wc -l "$csv"
  measure "python3 csv module" "$rows" - python3 -c 'import csv,sys
n=0
for row in csv.reader(open(sys.argv[1], newline="")): n+=len(row)' "$csv"
  measure "carepath parse-only -j1 (floor)" "$rows" floor "$BIN" score --parse-only -j1 --map "$MAP" "$csv"
  measure "carepath score -j1 -f csv" "$rows" - "$BIN" score -j1 -f csv --map "$MAP" "$csv"
  measure "carepath score -j2 -f csv" "$rows" - "$BIN" score -j2 -f csv --map "$MAP" "$csv"
  measure "carepath score -j2 -f summary" "$rows" - "$BIN" score -j2 -f summary --map "$MAP" "$csv"
  measure "carepath score -j2 -f jsonl" "$rows" - "$BIN" score -j2 -f jsonl --map "$MAP" "$csv"
done

rows=$((ROWS / 5))
jl=$DATA/records-$rows.jsonl
gen "$jl" --rows "$rows" --format jsonl
floor=""; floor_cpu=""
echo "--- JSON Lines records, $rows lines, $(du -m "$jl" | cut -f1) MB"
measure "wc -l" "$rows" - wc -l "$jl"
measure "carepath parse-only -j1 (simdjson)" "$rows" floor "$BIN" score --parse-only -j1 "$jl"
measure "carepath score -j1 -f csv" "$rows" - "$BIN" score -j1 -f csv "$jl"
measure "carepath score -j2 -f csv" "$rows" - "$BIN" score -j2 -f csv "$jl"

rows=$((ROWS / 100))
yd=$DATA/records-$rows-yaml
gen "$yd" --rows "$rows" --format yaml
floor=""; floor_cpu=""
echo "--- YAML record files, $rows files"
measure "carepath parse-only -j1 (yaml-cpp)" "$rows" floor "$BIN" score --parse-only -j1 "$yd"
measure "carepath score -j1 -f csv" "$rows" - "$BIN" score -j1 -f csv "$yd"
measure "carepath score -j2 -f csv" "$rows" - "$BIN" score -j2 -f csv "$yd"
rm -f "$DATA/time.out"
