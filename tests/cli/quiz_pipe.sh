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
out=$(printf '%s\n' "$answers" | "$CAREPATH" quiz --cases "$one" 2>"$TMP/err"); status=$?; err=$(cat "$TMP/err")
expect_status 0
expect_out "^Case 1 of 1 \(V-02\)"
expect_out "^right: "
expect_out "^score: 2 of 2 \(100%\)$"
expect_out "^Why:"
expect_out "^RULES, IN ORDER"
expect_err "your answer \(number or id\)"

wrong=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print("residential" if d["withdrawal_management"] != "residential" else "none"); print("outpatient" if d["primary_level"] != "outpatient" else "php")' <<<"$("$CAREPATH" report "$one" --format json)")
out=$(printf 'nonsense\n%s\n' "$wrong" | "$CAREPATH" quiz --cases "$one" 2>"$TMP/err"); status=$?; err=$(cat "$TMP/err")
expect_status 0
expect_err "'nonsense' is not one of the choices"
expect_out "^not quite: .* the answer is "
expect_out "^score: 0 of 2 \(0%\)$"

a=$(printf '1\n1\n1\n1\n1\n1\n' | "$CAREPATH" quiz --seed 7 --count 3 2>/dev/null | grep '^Case ')
b=$(printf '1\n1\n1\n1\n1\n1\n' | "$CAREPATH" quiz --seed 7 --count 3 2>/dev/null | grep '^Case ')
[ "$a" = "$b" ] || fail "same seed, different order"
[ "$(wc -l <<<"$a")" -eq 3 ] || fail "--count 3 did not ask 3 cases: $a"

run quiz --seed 1
expect_status 0
expect_out "^score: 0 of 0$"

run quiz --cases "$TMP"
expect_status 65
finish
