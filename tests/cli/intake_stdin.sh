# carepath intake with no terminal: answers line by line on standard input, prompts on stderr.
# Every persona is answered through the intake; the saved record must score exactly like the
# persona, and the intake must print exactly what 'carepath report' prints for the saved record.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/interactive/intake_lib.sh"

for persona in "$SRC"/examples/personas/*.yaml; do
  name=$(basename "$persona" .yaml)
  rec="$TMP/$name.yaml"
  drive_stdin "$persona" --save "$rec" --case-id "$(persona_case_id "$persona")"
  expect_status 0 "$name: full intake"
  intake_report=$out
  run report "$rec"
  expect_status 0 "$name: the saved record is valid"
  [ "$intake_report" = "$out" ] || fail "$name: the intake's report differs from 'carepath report' of the saved record"
  run report --format json "$rec"
  saved_json=$(grep -v '"source"' <<<"$out")
  run report --format json "$persona"
  [ "$saved_json" = "$(grep -v '"source"' <<<"$out")" ] || fail "$name: the saved record does not score like the persona"
  [ "$(stat -c %a "$rec")" = 600 ] || fail "$name: the record is not private (mode $(stat -c %a "$rec"))"
  ls "$TMP"/"$name".yaml.tmp.* >/dev/null 2>&1 && fail "$name: a temporary file was left behind"
done

# End of input before the end: saved, exit 1, says how to resume; the record so far is valid
# apart from the missing answers, and --resume continues where it stopped.
persona="$SRC/examples/personas/heroin-daily-severe.yaml"
rec="$TMP/partial.yaml"
first=$(persona_answer "$persona" suicidal_ideation)
out=$(printf '%s\n' "$first" | "$CAREPATH" intake --save "$rec" 2>"$TMP/stderr")
status=$?
err=$(cat "$TMP/stderr")
expect_status 1 "end of input"
expect_err "continue with: carepath intake --resume"
grep -q "^  suicidal_ideation: $first\$" "$rec" || fail "the first answer was not saved"
drive_stdin "$persona" --resume "$rec"
expect_status 0 "resumed intake"
[[ $asked != *suicidal_ideation* ]] || fail "resume asked an answered item again: $asked"
[[ $asked == medical_emergency* ]] || fail "resume did not continue at the next item: $asked"
expect_err "Resuming"

# Invalid answers are refused with the batch parser's message and asked again.
rec="$TMP/invalid.yaml"
out=$(printf 'sometimes\n' | "$CAREPATH" intake --save "$rec" 2>"$TMP/stderr")
status=$?
err=$(cat "$TMP/stderr")
# (messages are wrapped for the terminal: fold the lines before matching)
tr -s ' \n' '  ' <<<"$err" | grep -q "item 'suicidal_ideation': 'sometimes' is not allowed; expected one of:" ||
  fail "no message for an invalid answer"
[ "$(grep -c '^suicidal_ideation> ' <<<"$err")" -eq 2 ] || fail "an invalid answer was not asked again"

finish
