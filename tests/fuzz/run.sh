#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS seconds,
# starting from the seed corpora here and keeping what it learns in build-fuzz/corpus/.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]   (default 60 seconds, every tests/fuzz/fuzz_*.cpp)
# The inputs in tests/fuzz/regressions/TARGET/ join the corpus, so that each run starts from them.
# A crash stops that target and leaves crash-*/leak-*/timeout-* files in build-fuzz/findings/;
# add each one to tests/fuzz/regressions/ once it is fixed (the unit tests replay them).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
build=${CAREPATH_FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCAREPATH_FUZZ=ON -DCAREPATH_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in tests/fuzz/fuzz_*.cpp; do
    name=$(basename "$source" .cpp)
    targets+=("${name#fuzz_}")
  done
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}"
mkdir -p "$build/findings"
status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  if [ -d "tests/fuzz/regressions/$t" ]; then cp -n "tests/fuzz/regressions/$t"/* "$corpus"/; fi
  echo "== fuzz_$t for ${seconds}s" >&2
  log="$build/findings/fuzz_$t.log"
  if ! "$build/tests/fuzz/fuzz_$t" "$corpus" "tests/fuzz/seeds/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=1200000 -dict=tests/fuzz/yaml.dict -artifact_prefix="$build/findings/$t-" -print_final_stats=1 >"$log" 2>&1; then
    echo "fuzz_$t: FOUND A PROBLEM, see $log; its end:" >&2
    tail -n 40 "$log" >&2
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^Done [0-9]+ runs" "$log" | sed "s/^/fuzz_$t: /" >&2 || true
done
exit $status
