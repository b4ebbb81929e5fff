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

# One compact row per value: the value, the decision, and what changed with which rules.
run whatif "$P" --vary prior_treatment_episodes
expect_status 0
expect_out "^[ *] 1 +[a-z_]+ / [a-z_]+ "
expect_out "^[ *] 2 +[a-z_]+ / [a-z_]+ "
rows=$(grep -cE '^[ *] ' <<<"$out")
[ "$rows" -le 12 ] || fail "more than one line per value ($rows)"

run whatif "$P" --vary cows_assessed
expect_status 0
expect_out "^[ *] yes \(cows [0-9]+\) "
# A value that changes the result names the rules whose firing changed.
run whatif "$P" --vary living_situation
expect_status 0
expect_out "^\* homeless +[a-z_]+ / [a-z_]+ +flags[a-z_., ]*; now fires: [a-z_.]+housing_instability"

run whatif "$P" --vary nosuchitem
expect_status 65
expect_err "unknown item 'nosuchitem'"
finish
