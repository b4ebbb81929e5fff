# score --map: the TEDS-A mapping on a small generated sample, constants, the agreement
# matrix, bad codes as error rows, and mapping files checked with file:line:col.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
map=mappings/tedsa-2021.yaml
python3 bench/gen_tedsa.py --rows 400 --seed 11 --out "$TMP/t.csv"

run score --map $map "$TMP/t.csv" -f jsonl
expect_status 1   # TEDS-A rows without a primary substance or frequency are rejected
[ "$(printf '%s\n' "$out" | wc -l)" -eq 400 ] || fail "expected one result per row"
expect_out '"case_id":"[0-9]+","source":"[^"]*t.csv:2","status":"(ok|error)"'
expect_out '"status":"ok".*"constants":\["suicidal_ideation","medical_emergency"\],"actual_level":"(detox|inpatient|iop|outpatient)"'
expect_out "\"status\":\"error\",\"errors\":\[\"[^\"]*t.csv:[0-9]+: required item 'use_frequency' is missing"

# A code the mapping does not know is an error row naming column, item and value.
head -3 "$TMP/t.csv" >"$TMP/bad.csv"
awk -F, -v OFS=, 'NR == 2 { for (i = 1; i <= NF; i++) if (h[i] == "SUB1") $i = 77 } NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i } { print }' "$TMP/t.csv" | head -3 >"$TMP/bad.csv"
run score --map $map "$TMP/bad.csv" -f csv
expect_status 1
expect_out "bad.csv:2,error,.*bad.csv:2:[0-9]+: column 'SUB1' \(item 'primary_substance'\): '77' is not a code the mapping knows; expected one of: 2, 3"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "expected a header and two rows"

# The summary's agreement matrix: counts, percentages, and both agreement rates.
run score --map $map "$TMP/t.csv" --format summary
expect_out '^records 400, scored [0-9]+, rejected [0-9]+'
expect_out '^agreement: recommended primary level \(rows\) against the actual level \(columns\), [0-9]+ scored records'
expect_out '^recommended +detox +inpatient +php +iop +outpatient'
expect_out '^outpatient +[0-9]+ +[0-9]+'
expect_out '^outpatient +[0-9.]+% +[0-9.]+%'
expect_out '^actual level = recommended primary level: [0-9.]+%; actual level = first step of the recommended pathway: [0-9.]+%'
expect_out "^  required item 'primary_substance' is missing +[0-9]+"

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
YAML
run score --map "$TMP/m.yaml" "$TMP/t.csv"
expect_status 65
expect_err "m.yaml:5:11: unknown item 'primary_substanse' \(did you mean 'primary_substance'\?\)"
expect_err "m.yaml:9:12: item 'use_frequency': 'dayly' is not allowed; expected one of: none_past_month, less_than_daily, daily \(did you mean 'daily'\?\)"
expect_err "m.yaml:11:22: item 'medical_emergency': 'maybe' is not allowed; expected yes or no"
expect_err "m.yaml:15:10: unknown level 'outpatinet' \(did you mean 'outpatient'\?\)"
expect_err "m.yaml:16:1: mapping file: unknown key 'colums' \(did you mean 'columns'\?\)"
run score --map $map examples/personas
expect_status 2
expect_err "applies to CSV input only"
finish
