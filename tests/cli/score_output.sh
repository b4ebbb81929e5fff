# score -o FILE: written whole or not at all; a failed run leaves no half file and no temp file.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
p=examples/personas
mkdir "$TMP/out"

run score $p -f csv -o "$TMP/out/results.csv"
expect_status 0
[ -z "$out" ] || fail "nothing should go to standard output with -o"
[ "$(wc -l <"$TMP/out/results.csv")" -eq $(( $(ls $p/*.yaml | wc -l) + 1 )) ] || fail "the file lacks rows"

# A run that fails after writing its first input: the old file stays, no new file, no temp file.
printf 'case_id,primary_substanse\nA,heroin\n' >"$TMP/bad.csv"
before=$(cksum <"$TMP/out/results.csv")
run score $p "$TMP/bad.csv" -f csv -o "$TMP/out/results.csv" --force
expect_status 65
[ "$(cksum <"$TMP/out/results.csv")" = "$before" ] || fail "the old results were changed by a failed run"
run score $p "$TMP/bad.csv" -f csv -o "$TMP/out/new.csv"
expect_status 65
[ ! -e "$TMP/out/new.csv" ] || fail "a failed run left a file"
[ "$(ls -A "$TMP/out")" = "results.csv" ] || fail "a failed run left a temporary file: $(ls -A "$TMP/out")"
finish
