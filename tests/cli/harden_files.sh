# Files: score -o is private (0600) and replaces an existing file only with --force; a device
# or a pipe is written to, never replaced; a run ended by a signal leaves no temporary file.
source "$(dirname "$0")/lib.sh"
persona=$SRC/examples/personas/heroin-daily-severe.yaml
mkdir "$TMP/out"
run score "$persona" -f csv -o "$TMP/out/r.csv"
expect_status 0 "first -o"
[ "$(stat -c %a "$TMP/out/r.csv")" = 600 ] || fail "-o output is not private: mode $(stat -c %a "$TMP/out/r.csv")"
echo "keep" >"$TMP/out/r.csv"
run score "$persona" -f csv -o "$TMP/out/r.csv"
expect_status 2 "an existing -o file without --force"
expect_err "already exists; give --force to replace it"
[ "$(cat "$TMP/out/r.csv")" = keep ] || fail "the existing file was replaced without --force"
run score "$persona" -f csv -o "$TMP/out/r.csv" --force
expect_status 0 "--force"
grep -q "P-HEROIN-01" "$TMP/out/r.csv" || fail "--force did not replace the file"

# -o a FIFO (as /dev/null would be): written through, still a FIFO afterwards, no --force asked.
mkfifo "$TMP/out/pipe"
cat "$TMP/out/pipe" >"$TMP/piped.csv" &
reader=$!
run score "$persona" -f csv -o "$TMP/out/pipe"
wait "$reader"
expect_status 0 "-o a FIFO"
[ -p "$TMP/out/pipe" ] || fail "-o replaced the FIFO with a file"
grep -q "P-HEROIN-01" "$TMP/piped.csv" || fail "nothing came through the FIFO"
rm "$TMP/out/pipe"
run score "$persona" -f csv -o "$TMP/out"
expect_status 2 "-o a directory"
expect_err "is a directory"

# SIGTERM while score waits for input: the temporary file goes, and so does the process.
mkfifo "$TMP/fifo"
exec 3<>"$TMP/fifo"
"$CAREPATH" score - -o "$TMP/out/s.csv" <&3 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do
  compgen -G "$TMP/out/s.csv.tmp.*" >/dev/null && break
  sleep 0.05
done
compgen -G "$TMP/out/s.csv.tmp.*" >/dev/null || fail "no temporary file appeared while score was running"
kill -TERM "$pid"
wait "$pid"
status=$?
exec 3>&-
[ "$status" -eq 143 ] || fail "score did not die of SIGTERM (status $status)"
[ "$(ls -A "$TMP/out")" = "r.csv" ] || fail "a signal left files behind: $(ls -A "$TMP/out")"
finish
