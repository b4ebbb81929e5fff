# Line editing at the intake prompt in a real terminal (tmux, so libedit is in use): cursor
# keys, Home/End, word deletion and Up through the answers typed in this intake; an escape
# sequence is never taken for an answer; the review is paged to the terminal's height; after
# the review comes the counselor's decision. (intake_tty.sh: a change that clears answers.)
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/interactive/intake_lib.sh"
command -v tmux >/dev/null || { echo "tmux is not installed (./setup installs it)" >&2; exit 1; }

persona="$SRC/examples/personas/heroin-daily-severe.yaml"
item=use_frequency
[ "$(persona_answer "$persona" "$item")" = daily ] || fail "the persona does not answer '$item' with daily"
saved() { sed -n "s/^  $1: //p" "$rec"; }
out="" err=""

# 1. Editing: "daly", Left, Left, "i" gives daily; a refused answer comes back with Up and is mended
# with Left and Backspace; Home and End; Ctrl-W deletes a word; F5 types nothing.
rec="$TMP/edit.yaml"
TTY_ROWS=16  # a short terminal, so that the review takes pages
tty_start --save "$rec"
n=1
tty_answer_until "$persona" "$item" || fail "never asked '$item' (got '$id')"
tty_keys -l daly \; send-keys -t intake Left Left \; send-keys -t intake -l i \; send-keys -t intake Enter
n=$((n + 1))
next=$(tty_wait_prompt $n)
[ "$(saved "$item")" = daily ] || fail "'daly', Left, Left, 'i' did not give daily (saved: '$(saved "$item")')"
tty_send "<"
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$item" ] || fail "'<' did not go back to '$item'"
tty_send dayly
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$item" ] || fail "a refused answer was not asked again"
tty_keys Up \; send-keys -t intake Left Left BSpace \; send-keys -t intake -l i \; send-keys -t intake Enter
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$next" ] || fail "Up, Left, Backspace did not mend the refused answer"
tty_screen | grep -q "$item> daily" || fail "the mended line is not on the screen"
tty_send "<"
n=$((n + 1))
tty_wait_prompt $n >/dev/null
tty_keys -l aily \; send-keys -t intake Home \; send-keys -t intake -l d \; send-keys -t intake End \; \
  send-keys -t intake -l " wrong" \; send-keys -t intake C-w \; send-keys -t intake F5 \; send-keys -t intake Enter
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = "$next" ] || fail "Home, End, Ctrl-W and F5 did not give an accepted answer"
[ "$(saved "$item")" = daily ] || fail "Home/End/Ctrl-W editing did not give daily"
# The one refusal on screen is the one of 'dayly' above.
[ "$(tty_screen | grep -c "is not allowed")" -eq 1 ] || fail "an edited answer or an escape sequence was refused"
# A unique prefix is taken and echoed in full.
tty_send "<"
n=$((n + 1))
tty_wait_prompt $n >/dev/null
tty_send Dai
n=$((n + 1))
tty_wait_prompt $n >/dev/null
tty_screen | grep -q "= daily (" || fail "a prefix was not echoed back in full"
[ "$(saved "$item")" = daily ] || fail "the prefix 'Dai' was not taken as daily"

# 2. To the review, in a 16-line terminal: paged, Enter shows the next page, '<' the one before.
tty_answer_until "$persona" :review || fail "never reached the review"
grep -q '^unfinished: true$' "$rec" || fail "the record does not say unfinished before the review is done"
tty_screen | grep -qE "Review: all answers +\\(page 1 of [0-9]+\\)" || fail "the review is not paged"
pages=$(tty_screen | sed -n 's/.*(page 1 of \([0-9]*\)).*/\1/p' | tail -1)
tty_send ""
n=$((n + 1))
tty_wait_prompt $n >/dev/null
tty_screen | grep -q "(page 2 of $pages)" || fail "Enter did not show the second page"
tty_send "<"
n=$((n + 1))
tty_wait_prompt $n >/dev/null
[ "$(tty_screen | grep -c "(page 1 of $pages)")" -ge 2 ] || fail "'<' did not show the first page again"

tty_send :q
tty_wait_exit
expect_status 1 ":q at the review"
run report "$rec"
expect_status 0 "report of a complete record saved at the review"
[ "$(head -1 <<<"$out")" = "INTAKE NOT FINISHED" ] || fail "a record saved at the review is not marked unfinished"

# 3. Resume (in a tall terminal), finish the review, and record a decision: another level, a reason, a note.
TTY_ROWS=60
tty_start --resume "$rec"
n=1
[ "$(tty_wait_prompt $n)" = :review ] || fail "--resume of a complete record did not open the review"
while id=$(tty_wait_prompt $n) && [ "$id" = :review ]; do tty_send ""; n=$((n + 1)); done
[ "$id" = decision ] || fail "after the review came '$id', not the decision"
tty_screen | grep -q "Recommended primary level:" || fail "the decision does not show the recommendation"
grep -q '^unfinished' "$rec" && fail "the record still says unfinished after the review"
tty_send outpatient
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = reason ] || fail "a level other than the recommended one did not ask for a reason"
tty_send wait
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = note ] || fail "no note asked"
tty_send "call 555-123-4567"
n=$((n + 1))
[ "$(tty_wait_prompt $n)" = note ] || fail "a note that looks like an identifier was taken"
tty_send "no program nearby"
tty_wait_exit
expect_status 0 "intake with a decision"
grep -q '^  level: outpatient$' "$rec" || fail "the decision's level is not saved"
grep -q '^  reason: waiting_list$' "$rec" || fail "the reason typed as 'wait' is not saved as waiting_list"
grep -q '^  note: "no program nearby"$' "$rec" || fail "the note is not saved"
grep -q "Decided by the counselor" <<<"$out" || fail "the intake's report lacks the decision"

finish
