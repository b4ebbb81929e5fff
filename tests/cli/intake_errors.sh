# carepath intake: refusals, resuming edge cases, :q, and the early emergency message.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/interactive/intake_lib.sh"
persona="$SRC/examples/personas/heroin-daily-severe.yaml"

# An existing record is never overwritten without --resume.
echo "keep me" >"$TMP/exists.yaml"
run intake --save "$TMP/exists.yaml"
expect_status 2 "existing record"
expect_err "already exists; continue it with 'carepath intake --resume"
[ "$(cat "$TMP/exists.yaml")" = "keep me" ] || fail "an existing file was changed"

run intake --save -
expect_status 2 "standard output is no place for a record"

run intake --resume "$TMP/missing.yaml"
expect_status 66 "resume of a missing file"

run intake --save "$TMP/no-such-dir/rec.yaml"
expect_status 66 "unwritable record"
expect_err "no-such-dir/rec.yaml"

# A case id that batch input would refuse is refused before the first question.
run intake --save "$TMP/case.yaml" --case-id someone@example.com
expect_status 65 "identifier as case id"
expect_no_out "someone@example.com"
grep -q "someone@example.com" <<<"$err" && fail "the refused case id was repeated in a message"
[ -e "$TMP/case.yaml" ] && fail "a record was saved with a refused case id"

# A resumed record with errors is refused with every problem, naming the item.
printf 'carepath: 1\nquestionnaire: opioid-intake\nanswers:\n  use_frequency: dayly\n  name: someone\n' >"$TMP/broken.yaml"
run intake --resume "$TMP/broken.yaml"
expect_status 65 "broken record"
expect_err "broken.yaml:4:18: item 'use_frequency': 'dayly' is not allowed"
expect_err "unknown field|unknown item 'name'"
expect_err "broken.yaml: cannot resume: the record is not valid \(2 problems\)"

# A file to resume holds exactly one record, as for every command that takes one.
: >"$TMP/empty.yaml"
run intake --resume "$TMP/empty.yaml"
expect_status 65 "resume of an empty file"
expect_err "empty.yaml: holds no record"
printf 'carepath: 1\nquestionnaire: opioid-intake\n---\ncarepath: 1\nquestionnaire: opioid-intake\n' >"$TMP/two.yaml"
run intake --resume "$TMP/two.yaml"
expect_status 65 "resume of a file with two records"
expect_err "two.yaml: holds more than one record"

# Answers that no longer apply are cleared and listed; a changed questionnaire is noted.
printf 'carepath: 1\nquestionnaire: opioid-intake\nquestionnaire_digest: 0000\nanswers:\n  cows_assessed: no\n  cows_pulse: 2\n' >"$TMP/stale.yaml"
run intake --resume "$TMP/stale.yaml"
expect_status 1 "stale record, end of input"
expect_err "Cleared answers that no longer apply: cows_pulse"
expect_err "has changed since this record was saved"
grep -q "cows_pulse" "$TMP/stale.yaml" && fail "the stale answer was saved again"

# :q saves and stops with status 1 and the command that resumes.
rec="$TMP/quit.yaml"
out=$(printf '%s\n:q\n' "$(persona_answer "$persona" suicidal_ideation)" | "$CAREPATH" intake --save "$rec" 2>"$TMP/stderr")
status=$?
err=$(cat "$TMP/stderr")
expect_status 1 ":q"
expect_err "continue with: carepath intake --resume"
grep -q "^  suicidal_ideation: " "$rec" || fail ":q lost the answer"

# A complete record resumes straight to the report, identical to 'carepath report'.
drive_stdin "$persona" --save "$TMP/done.yaml"
expect_status 0 "first intake"
run intake --resume "$TMP/done.yaml"
expect_status 0 "resume of a complete record"
expect_err "nothing left to ask"
intake_report=$out
run report "$TMP/done.yaml"
[ "$intake_report" = "$out" ] || fail "resume of a complete record does not print the report"

# An emergency is said as soon as the answers make it one, before the next question, in the
# rule set's own words (the title of the report's banner).
emergency="$SRC/examples/personas/p01-suicide-plan.yaml"
run report "$emergency"
title=$(awk 'seen && NF {print; exit} !NF {seen=1}' <<<"$out")  # the first line after the report's title
grep -q EMERGENCY <<<"$title" || title=""
[ -n "$title" ] || fail "the emergency persona's report has no banner"
drive_stdin "$emergency" --save "$TMP/emergency.yaml"
expect_status 0 "emergency intake"
before_second=$(sed -n '/^suicidal_ideation> $/,/^[a-z0-9_]*> $/p' <<<"$err" | sed '1d')
grep -qF "$title" <<<"$before_second" || fail "the emergency was not said right after the answer that made it one"

finish
