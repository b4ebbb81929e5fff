# quiz with answers piped on standard input: right answers (taken from report) score, wrong
# ones do not; the order is reproducible with --seed; the end of input ends the quiz.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
V=examples/vignettes
[ "$(ls $V/*.yaml | wc -l)" -ge 12 ] || fail "fewer than 12 vignettes"
for f in $V/*.yaml; do run report "$f"; expect_status 0 "$f"; done

one=$V/v02-fentanyl-cows-high.yaml
run report "$one" --format json
answers=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["withdrawal_management"]); print(d["primary_level"])' <<<"$out")
# A short verdict, then the full trace only after Enter (an empty line).
out=$(printf '%s\n\n' "$answers" | "$CAREPATH" quiz --cases "$one" 2>"$TMP/err"); status=$?; err=$(cat "$TMP/err")
expect_status 0
expect_out "^Case 1 of 1 \(V-02\)"
expect_out "^right: "
expect_out "^score: 2 of 2 \(100%\)$"
expect_out "^Why, in short:"
expect_out "^  - "
expect_out "^Why, in full:"
expect_out "^RULES, IN ORDER"
expect_err "your answer \(number or id\)"
expect_err "Press Enter for the full trace"
# 'n' skips the trace: the verdict stays on screen.
out=$(printf '%s\nn\n' "$answers" | "$CAREPATH" quiz --cases "$one" 2>"$TMP/err"); status=$?; err=$(cat "$TMP/err")
expect_status 0
expect_out "^Why, in short:"
expect_no_out "RULES, IN ORDER"
[ "$(sed -n '/^right: \|^not quite: /,$p' <<<"$out" | wc -l)" -lt 15 ] || fail "the verdict is longer than 15 lines"

wrong=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print("residential" if d["withdrawal_management"] != "residential" else "none"); print("outpatient" if d["primary_level"] != "outpatient" else "php")' <<<"$("$CAREPATH" report "$one" --format json)")
out=$(printf 'nonsense\n%s\n' "$wrong" | "$CAREPATH" quiz --cases "$one" 2>"$TMP/err"); status=$?; err=$(cat "$TMP/err")
expect_status 0
expect_err "'nonsense' is not one of the choices"
expect_out "^not quite: .* the answer is "
expect_out "^score: 0 of 2 \(0%\)$"

a=$(printf '1\n1\nn\n1\n1\nn\n1\n1\nn\n' | "$CAREPATH" quiz --seed 7 --count 3 2>/dev/null | grep '^Case ')
b=$(printf '1\n1\nn\n1\n1\nn\n1\n1\nn\n' | "$CAREPATH" quiz --seed 7 --count 3 2>/dev/null | grep '^Case ')
[ "$a" = "$b" ] || fail "same seed, different order"
[ "$(wc -l <<<"$a")" -eq 3 ] || fail "--count 3 did not ask 3 cases: $a"

run quiz --seed 1
expect_status 0
expect_out "^score: 0 of 0$"

run quiz --cases "$TMP"
expect_status 65

# Numeric options refuse what is out of range, plainly.
for bad in 0 -1 99999999999999999999; do
  run quiz --count "$bad"
  expect_status 2 "--count $bad"
  expect_err "count"
  [ "${#err}" -lt 300 ] || fail "a long message for --count $bad"
done
run quiz --seed -5
expect_status 2 "--seed -5"

# Elsewhere than the source tree, quiz finds the vignettes next to the program (a build
# directory's ../examples; installed, PREFIX/share/doc/carepath/examples).
out=$(cd "$TMP" && printf '' | "$CAREPATH" quiz --count 1 2>"$TMP/err"); status=$?; err=$(cat "$TMP/err")
expect_status 0 "quiz outside the source tree"
expect_out "^Case 1 of 1"
finish
