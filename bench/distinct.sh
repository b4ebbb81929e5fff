#!/usr/bin/env bash
# Engine speed on distinct records (a benchmark, not a test): clinic records that answer every
# item and are never alike (bench/gen_clinic.py), so that nothing can be remembered from one
# record for another. Prints the floor (simdjson On-Demand parsing the same file, touching
# every field: bench/jsonl_floor.cpp), carepath score -j1 writing CSV and JSON Lines against
# it, -j2 against -j1, and instructions per record (valgrind callgrind) on a smaller sample.
#
#   bench/distinct.sh [BUILD_DIR] [ROWS]     # defaults: build-batch, 100000
#
# Each run is repeated REPS times (default 7) and its median taken. "x floor" compares wall
# time, "x cpu" user+system CPU time (steadier on a shared machine); the "-j2 speed-up" lines
# divide the -j1 wall time by the -j2 one (2.0 at best), and the "two processes" line what the
# machine gives at that time to two independent -j1 runs started together (the most -j2 can
# reach there: on a shared or virtual machine, often well under 2.0).
set -euo pipefail
case "${1:-}" in
  -h|--help)
    cat <<'EOF'
usage: bench/distinct.sh [BUILD_DIR] [ROWS]
  BUILD_DIR  build directory holding the carepath binary to measure (default: build-batch, a
             Release build: cmake -S . -B build-batch -G Ninja -DCMAKE_BUILD_TYPE=Release)
  ROWS       distinct clinic records to generate with bench/gen_clinic.py (default: 100000)
Needs g++ and libsimdjson-dev (the floor is built into BUILD_DIR/bench-data), valgrind for the
instruction counts (skipped without it). Data is generated into BUILD_DIR/bench-data and
reused. Each timing is the median of REPS runs (environment, default 7).
EOF
    exit 0 ;;
esac
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-batch}
ROWS=${2:-100000}
BIN=$BUILD/carepath
[ -x "$BIN" ] || { echo "${0##*/}: no carepath binary at $BIN (build it, or give BUILD_DIR; see --help)" >&2; exit 2; }
DATA=$BUILD/bench-data
mkdir -p "$DATA"
export NO_COLOR=1
FLOOR=$DATA/jsonl-floor
[ "$FLOOR" -nt "$SRC/bench/jsonl_floor.cpp" ] || g++ -O2 -std=c++20 "$SRC/bench/jsonl_floor.cpp" -lsimdjson -o "$FLOOR"
gen() {  # gen FILE ROWS: generates FILE unless it exists
  [ -e "$1" ] || python3 "$SRC/bench/gen_clinic.py" --rows "$2" --out "$1"
}

jl=$DATA/clinic-$ROWS.jsonl
gen "$jl" "$ROWS"
printf '%-30s %8s %8s %11s %8s %7s %7s\n' "run" "wall s" "cpu s" "records/s" "peak MiB" "x floor" "x cpu"
declare -A wall cpu
REPS=${REPS:-7}
measure() {  # measure NAME COMMAND...: REPS runs with stdout discarded; keeps the median wall and cpu seconds by NAME
  local name=$1; shift
  local times=$DATA/times.out kib
  : > "$times"
  for ((r = 0; r < REPS; r++)); do
    { TIMEFORMAT='%3R %3U %3S'; time "$@" >/dev/null 2>&1; } 2>> "$times" || true
  done
  /usr/bin/time -o "$DATA/time.out" -f '%M' "$@" >/dev/null 2>&1 || true
  kib=$(tail -1 "$DATA/time.out")
  local m=$(((REPS + 1) / 2))
  wall[$name]=$(awk '{ print $1 }' "$times" | sort -n | sed -n "${m}p")
  cpu[$name]=$(awk '{ print $2 + $3 }' "$times" | sort -n | sed -n "${m}p")
  awk -v l="$name" -v n="$ROWS" -v s="${wall[$name]}" -v c="${cpu[$name]}" -v k="$kib" -v f="${wall[floor]:-0}" \
      -v fc="${cpu[floor]:-0}" 'BEGIN {
    r = s > 0 ? n / s : n / 0.0005; x = f > 0 ? sprintf("%.2f", s / f) : "-"; xc = fc > 0 ? sprintf("%.2f", c / fc) : "-"
    printf "%-30s %8.3f %8.3f %11.0f %9.1f %7s %7s\n", l, s, c, r, k / 1024, x, xc }'
}
echo "--- distinct clinic records, $ROWS lines, $(du -mL "$jl" | cut -f1) MB"
cat "$jl" >/dev/null  # in the page cache for everyone
measure floor "$FLOOR" "$jl"
for f in csv jsonl; do
  measure "score -j1 -f $f" "$BIN" score -j1 -f "$f" "$jl"
  measure "score -j2 -f $f" "$BIN" score -j2 -f "$f" "$jl"
done
pair() {  # pair COMMAND...: two copies started together, waited for both
  "$@" >/dev/null 2>&1 &
  "$@" >/dev/null 2>&1 || true
  wait || true
}
measure "two score -j1 -f csv at once" pair "$BIN" score -j1 -f csv "$jl"
for f in csv jsonl; do
  awk -v f="$f" -v a="${wall[score -j1 -f $f]}" -v b="${wall[score -j2 -f $f]}" \
    'BEGIN { printf "-j2 speed-up, %-5s %.2f\n", f, (b > 0 ? a / b : 0) }'
done
awk -v a="${wall[score -j1 -f csv]}" -v b="${wall[two score -j1 -f csv at once]}" \
  'BEGIN { printf "two processes, csv %.2f (twice the work of one -j1 run, in this wall time)\n", (b > 0 ? 2 * a / b : 0) }'

command -v valgrind >/dev/null || { echo "(no valgrind: instructions per record skipped)"; exit 0; }
# Start-up is taken out by counting two sizes and dividing the difference by the records between.
# Both sizes are past the outcome memo's first window of lookups (1024 records), after which it
# rests on records that never repeat: the difference is what each further record costs.
small=6000 large=20000
gen "$DATA/clinic-$small.jsonl" "$small"
gen "$DATA/clinic-$large.jsonl" "$large"
ir() {  # ir ARGS...: instructions a command executes
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ { gsub(",", "", $NF); print $NF }'
}
per_record() {  # per_record ARGS...: the input file is appended
  echo $(( ($(ir "$@" "$DATA/clinic-$large.jsonl") - $(ir "$@" "$DATA/clinic-$small.jsonl")) / (large - small) ))
}
echo "--- instructions per record (callgrind, $small and $large records)"
fl=$(per_record "$FLOOR")
printf '%-30s %10d\n' "floor (simdjson On-Demand)" "$fl"
for f in csv jsonl; do
  for j in 1 2; do  # valgrind runs threads one at a time: -j2 counts what threading adds
    n=$(per_record "$BIN" score -j$j -f "$f")
    awk -v l="score -j$j -f $f" -v n="$n" -v fl="$fl" 'BEGIN { printf "%-30s %10d %7.2f x floor\n", l, n, n / fl }'
  done
done
rm -f "$DATA/time.out" "$DATA/times.out"
