# The counselor's decision: 'carepath decide' records it in a saved record (checked like any
# answer, written atomically with mode 0600), the report shows it beside the recommendation
# with what bridges the gap to a higher level, and every score format carries it. An intake
# saved before its review was finished is marked in the report and in every score format.
source "$(dirname "$0")/lib.sh"

rec="$TMP/case.yaml"
cp "$SRC/examples/personas/heroin-daily-severe.yaml" "$rec"
chmod 0644 "$rec"
run report --format json "$rec"
expect_status 0 "report of the persona"
# The recommended primary level, and the level after it in the pathway: a lower one.
read -r recommended lower < <(python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
p = r["pathway"]
print(r["primary_level"], p[p.index(r["primary_level"]) + 1])' <<<"$out")
[ -n "$lower" ] || fail "no level below the recommended one in the pathway"
grep -q '"placement": null' <<<"$out" || fail "a record without a decision does not give placement null"

# 1. Following the recommendation: no reason needed, none allowed.
run decide "$rec" --level "$recommended" --reason other
expect_status 65 "a reason for following the recommendation"
expect_err "placement.reason: the level decided, '$recommended', is the recommended primary level"
run decide "$rec" --level "$recommended"
expect_status 0 "decide as recommended"
expect_err "decided $recommended \\(follows the recommendation"
grep -q "^  level: $recommended\$" "$rec" || fail "the decision is not in the record"
[ "$(stat -c %a "$rec")" = 600 ] || fail "the record is not mode 0600 after decide"
run report "$rec"
expect_out "RECOMMENDATION AND DECISION"
expect_text "Decided by the counselor: [A-Z][^(]*, as recommended"
run report --format json "$rec"
python3 -c '
import json, sys
p = json.loads(sys.stdin.read())["placement"]
assert p["level"] == sys.argv[1] and p["reason"] is None and p["note"] is None and p["follows_recommendation"] is True, p' \
  "$recommended" <<<"$out" || fail "JSON placement of a decision that follows the recommendation"

# 2. A lower level: a reason is required; bad input is refused, naming the field, and the
# record is left as it was.
cp "$rec" "$TMP/before.yaml"
run decide "$rec" --level "$lower"
expect_status 65 "a departure without a reason"
expect_err "placement: missing 'reason'.*differs from the recommended primary level '$recommended'"
run decide "$rec" --level "$lower" --reason waitinglist
expect_status 65 "an unknown reason"
expect_err "placement.reason: 'waitinglist' is not allowed \\(did you mean 'waiting_list'\\?\\)"
run decide "$rec" --level rehab
expect_status 65 "an unknown level"
expect_err "--level: placement.level: 'rehab' is not a level"
run decide "$rec" --level "$lower" --reason other --note "call 555-123-4567"
expect_status 65 "a note that looks like an identifier"
expect_err "placement.note"
cmp -s "$rec" "$TMP/before.yaml" || fail "a refused decision changed the record"
run decide - --level "$lower"
expect_status 2 "decide on standard input"

run decide "$rec" --level "$lower" --reason waiting_list --note "nearest program has a 6-week wait"
expect_status 0 "decide a lower level"
expect_err "a departure: waiting_list"
run report "$rec"
expect_text "Recommended primary level: [A-Z]"
expect_text "Decided by the counselor: [A-Z].*, a departure: Waiting list for the recommended level"
expect_text "Note: nearest program has a 6-week wait"
# What bridges the gap: medication, naloxone, a review date; this person injects.
expect_text "Bridging the gap to the recommended level"
expect_text "Naloxone in hand"
expect_text "A date to review this decision"
expect_text "interim services are offered within 48 hours"
run report --format markdown "$rec"
expect_out "^## Recommendation and decision"

run score --format jsonl "$rec"
python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
p = r["placement"]
assert p == {"level": sys.argv[1], "reason": "waiting_list", "note": "nearest program has a 6-week wait",
             "follows_recommendation": False}, p
assert r["unfinished"] is False' "$lower" <<<"$out" || fail "JSON Lines placement of a departure"
run score --format csv "$rec"
head -1 <<<"$out" | grep -qE ',placement_level,placement_reason,unfinished$' || fail "CSV header lacks the placement and unfinished columns"
tail -1 <<<"$out" | grep -qE ",$lower,waiting_list,false\$" || fail "CSV row lacks the decision"
cp "$rec" "$TMP/second.yaml"
run decide "$TMP/second.yaml" --level "$recommended"
run score --format summary "$rec" "$TMP/second.yaml"
expect_out "counselor's decision recorded: 2 of 2 scored records; follows the recommended primary level: 1 \\(50.0%\\)"
expect_out "^  waiting_list +1 +100.0%"
expect_out "^decisions: recommended primary level \\(rows\\) against the level decided"
expect_out "^$recommended +.*1 .*1"

# 3. --clear removes the decision.
run decide "$rec" --clear
expect_status 0 "decide --clear"
grep -q '^placement:' "$rec" && fail "--clear left the decision in the record"
run report "$rec"
expect_no_out "RECOMMENDATION AND DECISION"

# 4. An intake saved before its review was finished: marked first in the report, and in every
# score format; an incomplete one is refused as before.
sed 's/^answers:/unfinished: true\nanswers:/' "$rec" >"$TMP/unfinished.yaml"
run report "$TMP/unfinished.yaml"
expect_status 0 "report of a complete, unfinished intake"
[ "$(head -1 <<<"$out")" = "INTAKE NOT FINISHED" ] || fail "the report does not start with INTAKE NOT FINISHED"
run score --format jsonl "$TMP/unfinished.yaml"
grep -q '"unfinished":true' <<<"$out" || fail "JSON Lines lacks unfinished: true"
run score --format csv "$TMP/unfinished.yaml"
tail -1 <<<"$out" | grep -qE ',true$' || fail "CSV lacks unfinished true"
run score --format table "$TMP/unfinished.yaml"
expect_out "ok \\(intake not finished\\)"
run score --format summary "$TMP/unfinished.yaml" "$rec"
expect_out "^intake not finished \\(saved before its review ended\\): 1 records"
grep -v '^  use_frequency:' "$TMP/unfinished.yaml" >"$TMP/incomplete.yaml"
run report "$TMP/incomplete.yaml"
expect_status 65 "an incomplete record"
run score --format csv "$TMP/incomplete.yaml"
tail -1 <<<"$out" | grep -qE ',error,.*,true$' || fail "CSV of a rejected unfinished record lacks unfinished true"

finish
