# carepath intake commands with no terminal (answers on a pipe): ?why, ?, back, :skip, :review
# (going on, and changing an answer by number), :quit, --save and --resume FILE, the default path.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/interactive/intake_lib.sh"

# The persona opens a conditional group with its gate; the group's condition names the gate.
persona="$SRC/examples/personas/p04-hospital-cows.yaml"
gate=cows_assessed
first_in_group=cows_pulse
second_in_group=cows_sweating
third_in_group=cows_restlessness
[ "$(persona_answer "$persona" "$gate")" = yes ] || fail "the persona does not open the group"
first=$(sed -n 's/^      - id: \([a-z0-9_]*\)$/\1/p' "$SRC/questionnaires/opioid-intake.yaml" | head -1)
second=$(sed -n 's/^      - id: \([a-z0-9_]*\)$/\1/p' "$SRC/questionnaires/opioid-intake.yaml" | sed -n 2p)

# 1. --save FILE; ?why of an item always asked and of a conditional one; ? lists the commands;
# :review in the middle goes on where it was; back keeps an answer with Enter; :quit.
rec="$TMP/commands.yaml"
steps=""
once() { [[ $steps != *"<$1>"* ]] && steps+="<$1>"; }
intake_reply() {
  case $1 in
    "$first") once why-first && reply="?why" ;;
    "$second") once review && reply=":review" ;;
    :review) once go-on && reply="" ;;
    "$gate") once help && reply="?" ;;
    "$first_in_group") { once why-group && reply="?why"; } || { [[ $steps == *"<back>"* ]] && once keep && reply=""; } ;;
    "$second_in_group") once back && reply="back" ;;
    "$third_in_group") reply=":quit" ;;
    *) return 1 ;;
  esac
}
drive_stdin "$persona" --save "$rec" --case-id "$(persona_case_id "$persona")"
expect_status 1 ":quit"
expect_err "Saving to $rec after every answer"
expect_err "continue with: carepath intake --resume"
folded=$(tr -s ' \n' '  ' <<<"$err")
grep -q "'$first' is always asked" <<<"$folded" || fail "?why of an item always asked"
grep -q "'$first_in_group' is asked because: $gate == yes" <<<"$folded" || fail "?why does not give the group's condition"
for command in '?why' '< or back' ':review' ':skip' ':quit'; do
  grep -qF "$command" <<<"$folded" || fail "? does not list '$command'"
done
expect_err "question 1 of about [0-9]+"
expect_err "Review: all answers"
expect_err "Going on at '$second'"
expect_err "^ +1  $first: "
[[ $asked == *" $second :review $second "* ]] || fail ":review did not go back to '$second': $asked"
[[ $asked == *"$first_in_group $second_in_group $first_in_group $second_in_group $third_in_group"* ]] ||
  fail "back did not return to '$first_in_group' and Enter did not keep its answer: $asked"
grep -q "^  $first_in_group: $(persona_answer "$persona" "$first_in_group")\$" "$rec" || fail "the kept answer was lost"
grep -q "^  $third_in_group:" "$rec" && fail ":quit saved an answer not given"

# 2. --resume FILE continues it: :skip an optional item, then at the review change the gate by
# its number, which clears the group and says so; Enter finishes with the report.
steps=""
skipped=""
intake_reply() {
  case $1 in
    :review)
      [[ $steps == *"<edit>"* ]] && return 1
      once edit
      reply=$(grep -E "^ +[0-9]+  $gate: " <<<"$err" | tail -1 | awk '{print $1}')
      ;;
    "$gate") [[ $steps == *"<edit>"* ]] && reply="no" ;;
    clear) reply=y ;;  # yes, clear the answers named
    *)
      [ -z "$skipped" ] && [ "$(persona_answer "$persona" "$1")" = "-" ] || return 1
      skipped=$1
      reply=":skip"
      ;;
  esac
}
drive_stdin "$persona" --resume "$rec"
expect_status 0 "resumed intake with review"
expect_err "Resuming $rec: [0-9]+ answers so far; continuing at '$third_in_group'"
[ -n "$skipped" ] || fail "no optional item was asked"
grep -q "^  $skipped: null\$" "$rec" || fail ":skip did not save '$skipped' as unknown"
expect_err "Cleared $first_in_group, $second_in_group"
grep -q "^  $gate: no\$" "$rec" || fail "the answer changed at the review was not saved"
grep -q "^  $first_in_group:" "$rec" && fail "a cleared answer is still saved"
[ "$(grep -c '^ *[0-9]*  '"$gate"': ' <<<"$err")" -ge 2 ] || fail "the review was not shown again after the change"
intake_report=$out
run report "$rec"
[ "$intake_report" = "$out" ] || fail "the intake's report differs from 'carepath report' of the saved record"

# 3. Without --save: a new file in the current directory, named at the start, never overwritten.
mkdir "$TMP/here"
for _ in 1 2; do
  (cd "$TMP/here" && "$CAREPATH" intake </dev/null 2>"$TMP/stderr" >/dev/null)
  status=$?
  err=$(cat "$TMP/stderr")
  expect_status 1 "end of input at the first question"
  expect_err "Saving to \./intake-[0-9]{8}-[0-9]{6}(-[0-9]+)?\.yaml after every answer"
done
[ "$(ls "$TMP/here" | grep -cE '^intake-[0-9]{8}-[0-9]{6}(-[0-9]+)?\.yaml$')" -eq 2 ] || fail "expected two default records: $(ls "$TMP/here")"

run intake --save "$TMP/a.yaml" --resume "$rec"
expect_status 2 "--save with --resume"

finish
