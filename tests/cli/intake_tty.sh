# carepath intake in a real terminal (tmux): a full intake reaching the report, an invalid answer
# asked again, going back and changing an answer that turns other items off, kill -9 then
# --resume with every answer intact, and Ctrl-C / hang-up saving with status 130.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/interactive/intake_lib.sh"
command -v tmux >/dev/null || { echo "tmux is not installed (./setup installs it)" >&2; exit 1; }

# The persona must answer the gate of a conditional group with yes, so that going back and
# answering no turns the group off; the gate and group are found in the questionnaire, by data.
persona="$SRC/examples/personas/p04-hospital-cows.yaml"
gate=cows_assessed
first_in_group=cows_pulse
second_in_group=cows_sweating
[ "$(persona_answer "$persona" "$gate")" = yes ] || fail "the persona does not open the group"

# 1. Full intake; invalid input; back navigation clearing dependent answers.
rec="$TMP/full.yaml"
tty_start --save "$rec"
n=1
tty_answer_until "$persona" "$gate" || fail "never asked '$gate' (got '$id')"
tty_send maybe
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$gate" ] || fail "an invalid answer was not asked again"
tty_screen | grep -q "item '$gate': 'maybe' is not allowed; expected yes or no" || fail "no message for an invalid answer"
tty_send yes
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$first_in_group" ] || fail "'yes' did not open the group"
tty_send "$(persona_answer "$persona" "$first_in_group")"
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$second_in_group" ] || fail "the group's second item was not asked next"
grep -q "^  $first_in_group: " "$rec" || fail "the answer to '$first_in_group' was not saved at once"
tty_send "<"
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$first_in_group" ] || fail "'<' did not go back"
tty_screen | grep -q "Current answer: $(persona_answer "$persona" "$first_in_group")" || fail "going back does not show the current answer"
tty_send "<"
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$gate" ] || fail "'<' did not go back to the gate"
tty_send no
n=$((n + 1))
# It would clear the group's answers: they are named, and nothing changes without a yes.
[ "$(tty_wait_prompt $n)" = clear ] || fail "answering no to '$gate' did not ask before clearing"
tty_screen | grep -q "($first_in_group)" || fail "the answers to be cleared are not named"
tty_send ""
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$gate" ] || fail "declining to clear did not ask '$gate' again"
tty_screen | grep -q "Nothing changed" || fail "declining to clear does not say that nothing changed"
grep -q "^  $first_in_group:" "$rec" || fail "declining to clear lost an answer"
tty_send no
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = clear ] || fail "answering no again did not ask before clearing"
tty_send y
n=$((n + 1))
after=$(tty_wait_prompt $n)
tty_screen | grep -q "Cleared $first_in_group (no longer asked" || fail "changing '$gate' did not say which answers were cleared"
grep -q "^  $first_in_group:" "$rec" && fail "the cleared answer is still in the saved record"
grep -q "^  $gate: no" "$rec" || fail "the changed answer was not saved"
[[ $after != cows_* ]] || fail "a cleared group item was asked after all: $after"
# Back again, answer yes: the group is asked again from its start, then the rest to the end.
tty_send "<"
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$gate" ] || fail "'<' from '$after' did not reach '$gate'"
tty_send yes
n=$((n + 1))
tty_answer_until "$persona" "" >/dev/null
tty_wait_exit
expect_status 0 "full intake in a terminal"
intake_report=$out
run report "$rec"
[ "$intake_report" = "$out" ] || fail "the intake's report differs from 'carepath report' of the saved record"
run report --format json "$rec"
saved=$(grep -vE '"(source|case_id)"' <<<"$out")
run report --format json "$persona"
[ "$saved" = "$(grep -vE '"(source|case_id)"' <<<"$out")" ] || fail "the saved record does not score like the persona"

# 2. kill -9 in the middle: every answer given so far is in the record; --resume continues.
persona="$SRC/examples/personas/heroin-daily-severe.yaml"
rec="$TMP/killed.yaml"
tty_start --save "$rec"
n=1
for _ in 1 2 3 4 5 6; do
  id=$(tty_wait_prompt $n)
  tty_send "$(persona_answer "$persona" "$id")"
  n=$((n + 1))
done
waiting=$(tty_wait_prompt $n)
kill -9 "$(tty_pid)"
tty_wait_exit
expect_status 137 "kill -9"
saved_answers=$(sed -n 's/^  \([a-z0-9_]*\): .*$/\1/p' "$rec" | wc -l)
[ "$saved_answers" -eq 6 ] || fail "expected the 6 answers in the record after kill -9, found $saved_answers"
run report "$rec" --format json
ls "$TMP"/killed.yaml.tmp.* >/dev/null 2>&1 && fail "a temporary file was left behind"
tty_start --resume "$rec" --case-id "$(persona_case_id "$persona")"
n=1
[ "$(tty_wait_prompt $n)" = "$waiting" ] || fail "--resume did not continue at '$waiting'"
tty_screen | grep -q "Resuming .*: 6 answers so far; continuing at '$waiting'" || fail "--resume does not say where it continues"
tty_answer_until "$persona" "" >/dev/null
tty_wait_exit
expect_status 0 "resumed intake"
run report --format json "$rec"
saved=$(grep -v '"source"' <<<"$out")
run report --format json "$persona"
[ "$saved" = "$(grep -v '"source"' <<<"$out")" ] || fail "the resumed record does not score like the persona"

# 3. Ctrl-C saves and exits 130, saying how to resume; so does a hang-up.
for how in ctrl-c hangup; do
  rec="$TMP/$how.yaml"
  tty_start --save "$rec"
  n=1
  for _ in 1 2; do
    id=$(tty_wait_prompt $n)
    tty_send "$(persona_answer "$persona" "$id")"
    n=$((n + 1))
  done
  tty_wait_prompt $n >/dev/null
  if [ $how = ctrl-c ]; then tm send-keys -t intake C-c; else kill -HUP "$(tty_pid)"; fi
  tty_wait_exit
  expect_status 130 "$how"
  [ $how = hangup ] || expect_err "continue with: carepath intake --resume"
  [ "$(sed -n 's/^  \([a-z0-9_]*\): .*$/\1/p' "$rec" | wc -l)" -eq 2 ] || fail "$how: the answers were not saved"
done

finish
