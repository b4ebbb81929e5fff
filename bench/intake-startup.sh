#!/usr/bin/env bash
# Time from starting 'carepath intake' to its first prompt (content loaded, record file created
# and saved, first question shown), with answers on a pipe. Prints measurements; not a test.
# Usage: bench/intake-startup.sh [CAREPATH_BINARY] [RUNS]
set -euo pipefail
case "${1:-}" in
  -h|--help)
    cat <<'EOF'
usage: bench/intake-startup.sh [CAREPATH_BINARY] [RUNS]
  CAREPATH_BINARY  the binary to measure (default: build/carepath)
  RUNS             how many starts to time (default: 50)
Prints the median and 90th percentile time from starting 'carepath intake' to its first prompt.
EOF
    exit 0 ;;
esac
bin=${1:-build/carepath}
runs=${2:-50}
[ -x "$bin" ] || { echo "no carepath binary at '$bin' (give its path)" >&2; exit 2; }
python3 - "$bin" "$runs" <<'PY'
import os, statistics, subprocess, sys, tempfile, time

binary, runs = sys.argv[1], int(sys.argv[2])

def first_prompt(args):
    """Seconds from spawn until a line ending in '> ' appears on stderr."""
    with tempfile.TemporaryDirectory() as d:
        start = time.perf_counter()
        p = subprocess.Popen([binary, *args, os.path.join(d, "r.yaml")], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        buf = b""
        while not buf.endswith(b"> \n"):
            chunk = os.read(p.stderr.fileno(), 65536)
            if not chunk:
                raise SystemExit("carepath exited before its first prompt")
            buf += chunk
        elapsed = time.perf_counter() - start
        p.stdin.close()
        p.wait()
        return elapsed

def whole_run(args):
    start = time.perf_counter()
    subprocess.run([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start

def show(name, xs):
    xs = sorted(x * 1000 for x in xs)
    print(f"{name:<42} median {statistics.median(xs):7.2f} ms   min {xs[0]:7.2f}   p90 {xs[int(len(xs) * 0.9) - 1]:7.2f}   ({len(xs)} runs)")

first_prompt(["intake"])  # warm the page cache
show("carepath --version (process start)", [whole_run(["--version"]) for _ in range(runs)])
show("carepath check (load and lint content)", [whole_run(["check", "--quiet"]) for _ in range(runs)])
show("carepath intake: time to first prompt", [first_prompt(["intake"]) for _ in range(runs)])
PY
