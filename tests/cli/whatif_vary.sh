# whatif --vary: one result per allowed answer (and unanswered), each the result of that answer.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
P=examples/personas/heroin-daily-severe.yaml

run whatif "$P" --vary use_frequency --format json
expect_status 0
echo "$out" > "$TMP/vary.json"
python3 - "$TMP/vary.json" "$CAREPATH" "$P" <<'PY' || fail "vary results"
import json, subprocess, sys
v = json.load(open(sys.argv[1]))
values = [x["value"] for x in v["values"]]
assert values[0] == "unanswered" and len(values) >= 4, values
for x in v["values"][1:]:
    one = json.loads(subprocess.run([sys.argv[2], "whatif", sys.argv[3], "--set", "use_frequency=" + x["value"], "--format", "json"],
                                    capture_output=True, text=True, check=True).stdout)["after"]
    assert one["pathway"] == x["result"]["pathway"], x["value"]
    assert one["withdrawal_management"] == x["result"]["withdrawal_management"], x["value"]
assert v["values"][0]["result"]["status"] == "error"
PY

run whatif "$P" --vary prior_treatment_episodes
expect_status 0
expect_out "^prior_treatment_episodes = 1$"
expect_out "^prior_treatment_episodes = 2$"

run whatif "$P" --vary cows_assessed
expect_status 0
expect_out "cows_assessed = yes \(cows [0-9]+\)"

run whatif "$P" --vary nosuchitem
expect_status 65
expect_err "unknown item 'nosuchitem'"
finish
