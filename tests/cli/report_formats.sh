# report: text, markdown and the contract's JSON for the same record; emergency banner; stdin.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
p=examples/personas

run report $p/heroin-daily-severe.yaml
expect_status 0
expect_out "^RECOMMENDED PATHWAY"
expect_out "1\. Withdrawal management$"
expect_out "Withdrawal management setting: Hospital"
expect_out "Inpatient / residential rehabilitation - primary level of care"
expect_text "Why: \[P5\] Inpatient or residential rehabilitation, because the use disorder is severe \(6 of 11 criteria\)"
expect_text "Why: \[P4\] Hospital withdrawal management \(24-hour, medically managed\), because benzodiazepines are also used"
expect_no_out "COWS total unknown"
expect_out "^SIX-DIMENSION PROFILE"
expect_text "1 Acute intoxication and withdrawal potential: at least 3, significant"
expect_text "5 Relapse, continued use or continued problem potential: 4, severe"
expect_text "Highest: 5 Relapse, continued use or continued problem potential \(4, severe\)"
expect_text "the cost or leave barrier has to be solved"
expect_out "^ALTERNATIVE"
expect_text "relapse risk is higher when triggers at home remain"
expect_text "Suboxone is buprenorphine \+ naloxone"
expect_out "^DISCLAIMER"
expect_out "supports, and never replaces"
expect_text "digest sha256:[0-9a-f]{64}"
expect_text "Are you pregnant\? If yes: Extended-release naltrexone is dropped"
expect_no_out "was not answered"
expect_no_out "EMERGENCY"
expect_no_out $'\x1b\['   # no colour when not a terminal

run report $p/p01-suicide-plan.yaml
expect_status 0
first=$(printf '%s\n' "$out" | sed -n '3,4p')
grep -q "EMERGENCY: get help now" <<<"$first" || fail "the emergency banner is not first"
expect_out "988 Suicide & Crisis Lifeline"

run report $p/heroin-daily-severe.yaml --format markdown
expect_status 0
expect_out "^# carepath report: case P-HEROIN-01"
expect_out "^## Recommended pathway"
expect_out "^1\. \*\*Withdrawal management\*\*"

run report $p/heroin-daily-severe.yaml --format json
expect_status 0
printf '%s' "$out" > "$TMP/r.json"
python3 - "$TMP/r.json" <<'PY' || fail "JSON result does not match the contract"
import json, sys
r = json.load(open(sys.argv[1]))
fields = ["case_id", "source", "status", "errors", "emergency", "withdrawal_management", "primary_level", "pathway",
          "alternative", "medications", "flags", "scores", "rationale", "ruleset"]
missing = [f for f in fields if f not in r]
assert not missing, missing
assert r["status"] == "ok" and r["errors"] == []
assert r["pathway"] == ["detox", "inpatient", "php", "iop", "outpatient", "support_group"], r["pathway"]
assert r["withdrawal_management"] == "hospital" and r["alternative"] == "iop"
assert r["alternative_setting"] is None  # hospital: the barrier is solved, not worked around (P6)
assert r["dimensions"] == {"withdrawal": 3, "biomedical": 1, "emotional": None, "readiness": None, "relapse": 4,
                           "environment": 2}, r["dimensions"]
assert set(r["scores"]) >= {"dsm5_count", "severity", "cows_total", "cows_band"}
assert r["scores"]["dsm5_count"] == 6 and r["scores"]["cows_total"] is None
assert all(set(x) >= {"rule", "text"} for x in r["rationale"])
assert len(r["ruleset"]["digest"]) == 64 and r["ruleset"]["id"] == "opioid-pathway"
PY

# '-' reads standard input; the source then says so.
out=$("$CAREPATH" report - --format json < $p/p12-alcohol.yaml 2>"$TMP/stderr"); status=$?; err=$(cat "$TMP/stderr")
expect_status 0
expect_out '"source": "<stdin>"'
expect_out '"outside_rule_scope"'
finish
