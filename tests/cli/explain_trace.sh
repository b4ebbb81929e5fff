# explain: the full trace in text and JSON; its result is report's; its sensitivity is honest
# (each listed answer really changes the result when set with whatif).
. "$(dirname "$0")/lib.sh"
cd "$SRC"
P=examples/personas/heroin-daily-severe.yaml

run explain "$P"
expect_status 0
expect_out "^RESULT"
expect_out "^SCORES"
expect_out "^FACTS"
expect_out "^RULES, IN ORDER"
expect_out "FIRED: "
expect_out "not reached: '[a-z_.]+' matched first"
expect_out "-> unknown \(so false\)"
expect_out "why: "
expect_out "^WHAT AN ANSWER WOULD HAVE CHANGED"

run explain "$P" --no-sensitivity
expect_status 0
expect_no_out "WHAT AN ANSWER"

run explain "$P" --format json
expect_status 0
echo "$out" > "$TMP/explain.json"
run report "$P" --format json
echo "$out" > "$TMP/report.json"
python3 - "$TMP/explain.json" "$TMP/report.json" "$CAREPATH" "$P" <<'PY' || fail "explain JSON checks"
import json, subprocess, sys
ex = json.load(open(sys.argv[1])); rep = json.load(open(sys.argv[2]))
assert ex["result"] == rep, "explain's result differs from report's"
statuses = {r["status"] for r in ex["rules"]}
assert {"fired", "not_matched", "earlier_matched"} <= statuses, statuses
for r in ex["rules"]:
    assert "text" in r["when"], r
    if r["status"] == "earlier_matched": assert r["matched_by"], r
    if r["status"] == "fired": assert r["rationale"], r
fired = [r["id"] for r in ex["rules"] if r["status"] == "fired"]
assert fired == [x["rule"] for x in rep["rationale"] if x["rule"] in fired], "fired rules out of order"
assert ex["sensitivity"], "nothing sensitive in a record with unanswered items"
def flat(result):
    return {k: result[k] for k in ("emergency", "withdrawal_management", "primary_level", "pathway", "alternative", "medications", "flags")}
for s in ex["sensitivity"]:
    for e in s["effects"]:
        value = e["values"][0]
        if " " in value or value.startswith("["): continue  # filled scales and lists are checked in unit tests
        after = json.loads(subprocess.run([sys.argv[3], "whatif", sys.argv[4], "--set", f"{s['item']}={value}", "--format", "json"],
                                          capture_output=True, text=True, check=True).stdout)
        assert flat(after["before"]) != flat(after["after"]), (s["item"], value, "changes nothing")
        for ch in e["changes"]:
            field = ch["field"]
            if field in flat(after["after"]):
                assert flat(after["before"])[field] != flat(after["after"])[field], (s["item"], value, field)
print("ok")
PY
finish
