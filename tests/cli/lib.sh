# Helpers for CLI tests. Each test script is run by CTest as: bash SCRIPT CAREPATH_BINARY SOURCE_DIR
# and fails on the first failed expectation.
set -uo pipefail
CAREPATH=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1
# English unless a test asks for another language: the tester's own locale must not change the output.
unset LANGUAGE LC_ALL LC_MESSAGES LANG
failures=0

# run ARGS...: runs carepath, keeping stdout in $out, stderr in $err and the status in $status.
run() {
  out=$("$CAREPATH" "$@" 2>"$TMP/stderr" </dev/null)
  status=$?
  err=$(cat "$TMP/stderr")
}

fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout:" >&2; printf '%s\n' "$out" | head -40 >&2
  echo "--- stderr:" >&2; printf '%s\n' "$err" | head -40 >&2
  failures=$((failures + 1))
}

expect_status() { [ "$status" -eq "$1" ] || fail "expected exit $1, got $status (${2:-})"; }
expect_out() { grep -qE -- "$1" <<<"$out" || fail "stdout lacks /$1/"; }
expect_err() { grep -qE -- "$1" <<<"$err" || fail "stderr lacks /$1/"; }
# Like expect_out, on the output with line breaks folded into spaces (for wrapped text).
expect_text() { tr -s ' \n' '  ' <<<"$out" | grep -qE -- "$1" || fail "stdout text lacks /$1/"; }
expect_no_out() { ! grep -qE -- "$1" <<<"$out" || fail "stdout has /$1/"; }

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures expectation(s) failed" >&2
    exit 1
  fi
  echo "all expectations met"
}
