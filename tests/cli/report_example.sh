# The engine is not tied to the default content: the alcohol example runs on the same binary.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
ex=examples/alcohol
run report -q $ex/questionnaire.yaml -r $ex/rules.yaml $ex/record.yaml --format json
expect_status 0
printf '%s' "$out" > "$TMP/r.json"
python3 - "$TMP/r.json" <<'PY' || fail "unexpected result for the alcohol example"
import json, sys
r = json.load(open(sys.argv[1]))
# 12 drinks every day with morning drinking is heavy daily drinking; 4 problems is 'many'.
assert r["withdrawal_setting"] == "home", r
assert r["primary_level"] == "day_program", r
assert r["pathway"] == ["supervised_withdrawal", "day_program", "counselling", "mutual_aid"], r
assert r["medications"] == ["thiamine"] and r["flags"] == [], r
assert r["scores"] == {"problems": 4, "problem_band": "many"}, r
assert r["ruleset"]["id"] == "alcohol-example"
PY
# A record of the default questionnaire does not fit these rules.
run report -q $ex/questionnaire.yaml -r $ex/rules.yaml examples/personas/p12-alcohol.yaml
expect_status 65
expect_err "this record is for 'opioid-intake', but the questionnaire loaded is 'alcohol-brief'"
finish
