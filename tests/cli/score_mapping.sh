# score --map: the TEDS-A mapping on a small generated sample, research scoring of missing
# required items, constants, the agreement matrices, bad codes as error rows, and mapping files
# checked with file:line:col.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
map=mappings/tedsa-2021.yaml
python3 bench/gen_tedsa.py --rows 400 --seed 11 --out "$TMP/t.csv"

# Research scoring (missing_required: unknown): rows without a primary substance or frequency
# are scored with those answers unknown, and say so.
run score --map $map "$TMP/t.csv" -f jsonl
expect_status 0
[ "$(printf '%s\n' "$out" | wc -l)" -eq 400 ] || fail "expected one result per row"
expect_out '"case_id":"[0-9]+","source":"[^"]*t.csv:2","status":"ok"'
expect_out '"status":"ok".*"constants":\["suicidal_ideation","medical_emergency"\],"actual_level":"(detox|inpatient|iop|outpatient)","missing_required":\[\]\}$'
expect_out '"missing_required":\["use_frequency"\]\}$'
expect_out '"missing_required":\["primary_substance"(,"use_frequency")?\]\}$'
missing=$(grep -c '"missing_required":\["' <<<"$out")
[ "$missing" -gt 40 ] || fail "expected many rows with missing required items, got $missing"
# An unknown primary substance is not "not an opioid" (P12's flag needs a named substance).
grep '"missing_required":\["primary_substance"' <<<"$out" | grep -q outside_rule_scope &&
  fail "a row with no primary substance is flagged outside the rules' scope"

run score --map $map "$TMP/t.csv" -f csv
expect_status 0
expect_out '^case_id,source,status,.*,error,.*actual_level,constants,missing_required$'
expect_out ',ok,.*,(detox|inpatient|iop|outpatient),suicidal_ideation\|medical_emergency,use_frequency$'
expect_out ',ok,.*,(detox|inpatient|iop|outpatient),suicidal_ideation\|medical_emergency,$'

# Without the line, the same rows are rejected: a required item is required.
grep -v '^missing_required:' $map >"$TMP/strict.yaml"
run score --map "$TMP/strict.yaml" "$TMP/t.csv" -f jsonl
expect_status 1
expect_out "\"status\":\"error\",\"errors\":\[\"[^\"]*t.csv:[0-9]+: required item 'use_frequency' is missing"
expect_no_out '"missing_required"'
expect_err '^carepath: [0-9]+ of 400 records rejected; see the errors field$'

# A code the mapping does not know is an error row naming column, item and value.
head -3 "$TMP/t.csv" >"$TMP/bad.csv"
awk -F, -v OFS=, 'NR == 2 { for (i = 1; i <= NF; i++) if (h[i] == "SUB1") $i = 77 } NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i } { print }' "$TMP/t.csv" | head -3 >"$TMP/bad.csv"
run score --map $map "$TMP/bad.csv" -f csv
expect_status 1
expect_out "bad.csv:2,error,.*bad.csv:2:[0-9]+: column 'SUB1' \(item 'primary_substance'\): '77' is not a code the mapping knows; expected one of: 2, 3"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "expected a header and two rows"

# The summary: research scoring counted, and agreement like with like. Withdrawal-management
# admissions against the recommended setting; treatment admissions against the primary level,
# with only the levels that can occur on each side (no detox or support_group recommended as
# primary, no php recorded by TEDS-A), row percentages and totals; a dominant flag noted.
run score --map $map "$TMP/t.csv" --format summary
expect_out '^records 400, scored 400, rejected 0'
expect_out '^scored with required answers missing \(scored as unknown, research scoring\): [0-9]+'
expect_out '^  use_frequency +[0-9]+'
expect_out '^Withdrawal management admissions: recommended withdrawal_management \(rows\) against the actual setting \(columns\)'
expect_out '^recommended +hospital +residential +ambulatory +total$'
expect_out '^admissions to the other levels: recommended primary level \(rows\) against the actual level \(columns\)'
expect_out '^recommended +inpatient +iop +outpatient +total$'
expect_out '^outpatient +[0-9]+ \([0-9.]+%\) +[0-9]+ \([0-9.]+%\) +[0-9]+ \([0-9.]+%\) +[0-9]+$'
expect_out '^total +[0-9]+ \([0-9.]+%\) +[0-9]+ \([0-9.]+%\) +[0-9]+ \([0-9.]+%\) +[0-9]+$'
expect_no_out '^(detox|support_group) +[0-9]'
expect_out "^note: flag 'severity_unknown' \(.*\) is in [0-9.]+% of scored results"
# Each matrix's grand total is the number of its admissions; together, every scored row with a placement.
python3 - "$out" <<'PY' || fail "matrix totals do not add up"
import re, sys
text = sys.argv[1]
m = re.search(r"agreement, like with like \(([0-9,]+) scored records with an actual placement", text)
totals = [int(t.replace(",", "")) for t in re.findall(r"^total .* ([0-9,]+)$", text, re.M)]
assert m and len(totals) == 2 and sum(totals) == int(m.group(1).replace(",", "")), (m, totals)
PY

# A table that lacks a mapped column cannot be read at all.
cut -d, -f1-10 "$TMP/t.csv" >"$TMP/narrow.csv"
run score --map $map "$TMP/narrow.csv"
expect_status 65
expect_err "narrow.csv:1: the header lacks [0-9]+ columns that mapping 'tedsa-2021'"

# Mapping files are checked against the questionnaire and rules when loaded.
cat >"$TMP/m.yaml" <<'YAML'
mapping: broken
questionnaire: opioid-intake
columns:
  SUB1:
    item: primary_substanse
  FREQ1:
    item: use_frequency
    codes:
      "3": dayly
constants:
  medical_emergency: maybe
actual:
  column: SERVICES
  levels:
    "7": outpatinet
colums: {}
missing_required: unkown
YAML
run score --map "$TMP/m.yaml" "$TMP/t.csv"
expect_status 65
expect_err "m.yaml:5:11: unknown item 'primary_substanse' \(did you mean 'primary_substance'\?\)"
expect_err "m.yaml:9:12: item 'use_frequency': 'dayly' is not allowed; expected one of: none_past_month, less_than_daily, daily \(did you mean 'daily'\?\)"
expect_err "m.yaml:11:22: item 'medical_emergency': 'maybe' is not allowed; expected yes or no"
expect_err "m.yaml:15:10: unknown level 'outpatinet' \(did you mean 'outpatient'\?\)"
expect_err "m.yaml:16:1: mapping file: unknown key 'colums' \(did you mean 'columns'\?\)"
expect_err "m.yaml:17:19: missing_required: 'unkown' is not allowed; expected reject \(the default\) or unknown \(did you mean 'unknown'\?\)"
run score --map $map examples/personas
expect_status 2
expect_err "applies to CSV input only"
finish
