# FHIR export and input: every persona goes record -> QuestionnaireResponse -> record with the
# same result (file and JSON Lines), and bad responses are refused naming the linkId.
source "$(dirname "$0")/lib.sh"

run export questionnaire --to fhir
expect_status 0 "export questionnaire"
expect_out '"resourceType": "Questionnaire"'
expect_out '"url": "https://carepath.example.org/fhir/Questionnaire/opioid-intake"'
expect_out '"linkId": "cows_pulse"'
expect_out '"enableWhen"'
expect_out 'sdc-questionnaire-calculatedExpression'
expect_out 'sdc-questionnaire-entryMode'
python3 -c 'import json,sys; json.load(sys.stdin)' <<<"$out" || fail "the Questionnaire is not JSON"

strip() { grep -v '"source"'; }
n=0
for rec in "$SRC"/examples/personas/*.yaml; do
  name=$(basename "$rec" .yaml)
  run export record "$rec" --to fhir
  expect_status 0 "export record $name"
  printf '%s\n' "$out" >"$TMP/$name.json"
  grep -q '"42CFRPart2"' "$TMP/$name.json" || fail "$name: no 42 CFR Part 2 label"
  run report "$rec" -f json; want=$(strip <<<"$out")
  run report "$TMP/$name.json" -f json; got=$(strip <<<"$out")
  expect_status 0 "report of the response of $name"
  [ "$want" == "$got" ] || fail "$name: the response's report differs: $(diff <(echo "$want") <(echo "$got") | head -5)"
  # The response read back and exported again is the same response (authored aside).
  run export record "$TMP/$name.json" --to fhir
  diff <(grep -v authored "$TMP/$name.json") <(grep -v authored <<<"$out") >/dev/null || fail "$name: second export differs"
  tr -d '\n' <"$TMP/$name.json" >>"$TMP/all.jsonl"; echo >>"$TMP/all.jsonl"
  n=$((n + 1))
done
[ "$n" -gt 10 ] || fail "too few personas ($n)"

# One response a line: the same results as the YAML records, in order.
run score "$TMP/all.jsonl" -f csv
expect_status 0 "score JSON Lines of responses"
got=$(cut -d, -f1,3- <<<"$out")
run score "$SRC"/examples/personas/*.yaml -f csv
want=$(cut -d, -f1,3- <<<"$out")
[ "$want" == "$got" ] || fail "scored responses differ from scored YAML: $(diff <(echo "$want") <(echo "$got") | head -5)"

# The bundle: the response, an Observation per score, the CarePlan, all labelled.
run export record "$SRC/examples/personas/p04-residential-cows.yaml" --to fhir-bundle
expect_status 0 "bundle"
python3 - "$out" <<'PY' || fail "bundle content"
import json, sys
b = json.loads(sys.argv[1])
assert b["resourceType"] == "Bundle" and b["type"] == "collection"
kinds = [e["resource"]["resourceType"] for e in b["entry"]]
assert kinds[0] == "QuestionnaireResponse" and kinds[-1] == "CarePlan", kinds
assert kinds.count("Observation") >= 4, kinds
for e in b["entry"]:
    codes = [s["code"] for s in e["resource"]["meta"]["security"]]
    assert "R" in codes and "42CFRPart2" in codes, codes
plan = b["entry"][-1]["resource"]
assert plan["activity"] and plan["note"]
PY

# An intake in progress (a required answer missing) is a response in progress; a bad answer
# or an answer to an item that does not apply is not exported at all.
grep -v "use_frequency:" "$SRC/examples/personas/p04-residential-cows.yaml" >"$TMP/partial.yaml"
run export record "$TMP/partial.yaml" --to fhir
expect_status 0 "export in progress"; expect_out '"status": "in-progress"'
printf '%s\n' "$out" >"$TMP/partial.json"
run report "$TMP/partial.json"
expect_status 65 "report of a response in progress"; expect_err "use_frequency"
run export record "$TMP/partial.yaml" --to fhir-bundle
expect_status 65 "bundle of a record in progress"
sed 's/^  route: smoking/  route: needle/' "$TMP/partial.yaml" >"$TMP/partial-bad.yaml"
run export record "$TMP/partial-bad.yaml" --to fhir
expect_status 65 "bad answer in progress"; expect_err "route"
sed 's/^  cows_assessed: yes/  cows_assessed: no/' "$TMP/partial.yaml" >"$TMP/partial-na.yaml"
run export record "$TMP/partial-na.yaml" --to fhir
expect_status 65 "answers to items that do not apply"; expect_err "cows_"

# Refusals name the linkId.
qr=$TMP/p04-residential-cows.json
sed 's/"linkId": "route"/"linkId": "rout"/' "$qr" >"$TMP/bad1.json"
run report "$TMP/bad1.json"
expect_status 65 "unknown linkId"; expect_err "rout"
sed 's/"code": "smoking"/"code": "needle"/' "$qr" >"$TMP/bad2.json"
run report "$TMP/bad2.json"
expect_status 65 "coding outside the options"; expect_err "needle"; expect_err "route"
python3 - "$qr" >"$TMP/bad3.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for s in r["item"]:
    for i in s.get("item", []):
        if i["linkId"] == "route": i["answer"] = [{"valueString": "jane.doe@example.com"}]
print(json.dumps(r))
PY
run report "$TMP/bad3.json"
expect_status 65 "identifier in a string answer"; expect_err "route"
grep -q "jane.doe" <<<"$err" && fail "the identifier was repeated"
sed 's|Questionnaire/opioid-intake|Questionnaire/alcohol-intake|' "$qr" >"$TMP/bad4.json"
run report "$TMP/bad4.json"
expect_status 65 "another questionnaire"; expect_err "questionnaire"
sed 's/"resourceType": "QuestionnaireResponse"/"resourceType": "Patient"/' "$qr" >"$TMP/bad5.json"
run report "$TMP/bad5.json"
expect_status 65 "not a response"; expect_err "Patient"

python3 - "$qr" >"$TMP/bad6.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for s in r["item"]:
    for i in s.get("item", []):
        if i["linkId"] == "dsm5_criteria":
            none = r["questionnaire"].split("|")[0] + "/none-of-these"
            i["answer"].append({"valueCoding": {"system": none, "code": "none"}})
print(json.dumps(r))
PY
run report "$TMP/bad6.json"
expect_status 65 "none of these with codes"; expect_err "dsm5_criteria"
# A response read from JSON Lines is refused there too, naming the linkId, and the batch goes on.
{ tr -d '\n' <"$TMP/bad1.json"; echo; tr -d '\n' <"$qr"; echo; } >"$TMP/mixed.jsonl"
run score "$TMP/mixed.jsonl" -f csv
expect_status 1 "one bad response of two"; expect_out "rout"; expect_out "^P04-RESIDENTIAL-COWS,.*,ok,"

# REDCap and the codebook.
run export questionnaire --to redcap
expect_status 0 "redcap"
expect_out '^"?Variable / Field Name"?,'
expect_out "cows_pulse,opioid_intake,.*radio"
expect_out "\[cows_assessed\] = '1'"
python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert len(rows) > 40 and all(len(r) == 18 for r in rows), [len(r) for r in rows]
assert rows[1][0] == "case_id" and {r[1] for r in rows[1:]} == {"opioid_intake"}' <<<"$out" || fail "REDCap rows"
run export questionnaire --to markdown
expect_status 0 "codebook"
expect_out '^## '
expect_out 'Asked only when'
finish
