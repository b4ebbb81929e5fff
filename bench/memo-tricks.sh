#!/usr/bin/env bash
# Whether the outcome memo's two memory tricks pay (a benchmark, not a test): the early fetch of
# the slots of rows read ahead (OutcomeMemo::prefetch) and 2 MiB pages for its table
# (madvise(MADV_HUGEPAGE)). Builds carepath three more times from this tree, each with one trick
# left out (CAREPATH_MEMO_DEFINES: CAREPATH_MEMO_NO_PREFETCH, CAREPATH_MEMO_NO_HUGE_PAGES) and
# with both, then runs them in turn with the full build on a TEDS-A-shaped year (score -j1 -f
# csv through the mapping) and prints each one's median user+system CPU time, against the
# parse-only floor and against the full build. Outputs are checked to be byte for byte the same.
#
#   bench/memo-tricks.sh [BUILD_DIR] [ROUNDS] [ROWS]
set -euo pipefail
case "${1:-}" in
  -h|--help)
    cat <<'USAGE'
usage: bench/memo-tricks.sh [BUILD_DIR] [ROUNDS] [ROWS]
  BUILD_DIR  a Release build of this tree to measure (default: build); the variants are built
             next to it, in BUILD_DIR-memo-tricks/
  ROUNDS     runs of each binary, in turn (default: 11); the median is printed
  ROWS       TEDS-A-shaped rows (default: 1482543, a year), generated with bench/gen_tedsa.py
             into $TMPDIR/carepath-teds-memo and reused
USAGE
    exit 0 ;;
esac
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
ROUNDS=${2:-11}
ROWS=${3:-1482543}
[ -x "$BUILD/carepath" ] || { echo "${0##*/}: no carepath binary in $BUILD (see --help)" >&2; exit 2; }
MAP=$SRC/mappings/tedsa-2021.yaml
DATA=${TMPDIR:-/tmp}/carepath-teds-memo
mkdir -p "$DATA"
csv=$DATA/tedsa-$ROWS.csv
[ -e "$csv" ] || python3 "$SRC/bench/gen_tedsa.py" --rows "$ROWS" --out "$csv"
export NO_COLOR=1

declare -A bin=([all]=$BUILD/carepath)
declare -A defines=([no_prefetch]=CAREPATH_MEMO_NO_PREFETCH [no_huge_pages]=CAREPATH_MEMO_NO_HUGE_PAGES
                    [neither]="CAREPATH_MEMO_NO_PREFETCH;CAREPATH_MEMO_NO_HUGE_PAGES")
variants=(all no_prefetch no_huge_pages neither)
for v in no_prefetch no_huge_pages neither; do
  dir=$BUILD-memo-tricks/$v
  echo "building $v ($dir)" >&2
  # Only the batch library is built with the define (src/CMakeLists.txt): with ccache
  # (CMAKE_CXX_COMPILER_LAUNCHER=ccache) the rest is the build's own objects again.
  cmake -S "$SRC" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAREPATH_TESTS=OFF \
    "-DCAREPATH_MEMO_DEFINES=${defines[$v]}" >/dev/null
  cmake --build "$dir" --target carepath >/dev/null
  bin[$v]=$dir/carepath
done

want=$("${bin[all]}" score -j1 -f csv --map "$MAP" "$csv" | sha256sum)
for v in "${variants[@]}"; do
  got=$("${bin[$v]}" score -j1 -f csv --map "$MAP" "$csv" | sha256sum)
  [ "$got" = "$want" ] || { echo "${0##*/}: $v writes other rows than the full build" >&2; exit 1; }
done

cpu() {  # cpu ARGS...: user+system seconds of one run
  /usr/bin/time -o "$DATA/time.out" -f '%U %S' "$@" >/dev/null 2>&1
  awk '{ print $1 + $2 }' "$DATA/time.out"
}
declare -A times=([floor]="")
for ((r = 0; r < ROUNDS; ++r)); do
  times[floor]+=" $(cpu "${bin[all]}" score --parse-only -j1 --map "$MAP" "$csv")"
  for v in "${variants[@]}"; do times[$v]+=" $(cpu "${bin[$v]}" score -j1 -f csv --map "$MAP" "$csv")"; done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
floor=$(median "${times[floor]}")
full=$(median "${times[all]}")
echo "TEDS-A-shaped rows: $ROWS; median of $ROUNDS runs each, in turn; CPU seconds (user+system)"
printf '%-36s %8s %9s %12s\n' "score -j1 -f csv" "cpu s" "x floor" "x both tricks"
printf '%-36s %8s %9s %12s\n' "parse-only (floor)" "$floor" "1.00" "-"
for v in "${variants[@]}"; do
  m=$(median "${times[$v]}")
  label=$v; [ "$v" = all ] && label="both tricks (the build)"
  awk -v l="$label" -v m="$m" -v f="$floor" -v a="$full" 'BEGIN { printf "%-36s %8.2f %9.2f %12.2f\n", l, m, m / f, m / a }'
done
