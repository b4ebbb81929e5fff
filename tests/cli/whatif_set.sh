# whatif --set: before is the record's result, after is the result of the changed record;
# a change that makes the record invalid is refused naming the item.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
P=examples/personas/heroin-daily-severe.yaml

# Pregnant, with no alcohol or benzodiazepines (no seizure risk): the opioid is not withdrawn (P2).
run whatif "$P" --set pregnant=yes --set co_use=[] --format json
expect_status 0
echo "$out" > "$TMP/whatif.json"
run report "$P" --format json
echo "$out" > "$TMP/before.json"
{ sed 's/^  co_use:.*/  co_use: []/' "$P"; echo "  pregnant: yes"; } > "$TMP/changed.yaml"
run report "$TMP/changed.yaml" --format json
echo "$out" > "$TMP/after.json"
python3 - "$TMP/whatif.json" "$TMP/before.json" "$TMP/after.json" <<'PY' || fail "before/after differ from report"
import json, sys
w = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2])); a = json.load(open(sys.argv[3]))
assert set(w) == {"before", "after"}, w.keys()
assert w["before"] == b
for k in ("emergency", "withdrawal_management", "primary_level", "pathway", "alternative", "alternative_setting", "medications", "flags",
          "scores", "dimensions"):
    assert w["after"][k] == a[k], k
assert w["before"]["pathway"] != w["after"]["pathway"]
PY

run whatif "$P" --set pregnant=yes --set co_use=[]
expect_status 0
expect_out "^\* withdrawal_management"
expect_out "fields? changed"
expect_out "^rules: (now fires|no longer fires): [a-z_0-9]+"

run whatif "$P" --set co_use=alcohol,benzodiazepines --set route=
expect_status 0

run whatif "$P" --set pregnant=maybe
expect_status 65
expect_err "item 'pregnant': 'maybe' is not allowed; expected yes or no"

run whatif "$P" --set pregnent=yes
expect_status 65
expect_err "unknown item 'pregnent' \(did you mean 'pregnant'\?\)"

run whatif "$P" --set cows_pulse=2
expect_status 65
expect_err "item 'cows_pulse' was answered, but it is asked only when"

run whatif "$P" --set pregnant
expect_status 2
expect_err "expected ITEM=VALUE"
finish
