# report: invalid records exit 65 naming the item; unreadable input 66; usage errors 2.
. "$(dirname "$0")/lib.sh"

cat > "$TMP/bad.yaml" <<'YAML'
carepath: 1
questionnaire: opioid-intake
answers:
  suicidal_ideation: none
  medical_emergency: no
  primary_substance: heroin
  use_frequency: dayly
  cows_pulse: 3
YAML
run report "$TMP/bad.yaml"
expect_status 65
expect_err "carepath: error: .*bad.yaml: the record is not valid \(2 problems\)"
expect_err "bad.yaml:8:15: item 'cows_pulse': '3' is not allowed; expected one of the points: 0, 1, 2, 4"
expect_err "bad.yaml:7:18: item 'use_frequency': 'dayly' is not allowed; expected one of: none_past_month, less_than_daily, daily \(did you mean 'daily'\?\)"
[ -z "$out" ] || fail "an invalid record printed a report"

run report "$TMP/bad.yaml" --format json
expect_status 65
expect_out '"status": "error"'
expect_out "item 'use_frequency'"

run report "$TMP/missing.yaml"
expect_status 66
expect_err "carepath: error: cannot open '.*missing.yaml'"

run report "$TMP"
expect_status 66
expect_err "is a directory"

printf 'carepath: 1\nquestionnaire: opioid-intake\nanswers: {}\n---\ncarepath: 1\n' > "$TMP/two.yaml"
run report "$TMP/two.yaml"
expect_status 65
expect_err "holds more than one record"

: > "$TMP/empty.yaml"
run report "$TMP/empty.yaml"
expect_status 65
expect_err "holds no record"

run report
expect_status 2
expect_err "carepath: error: RECORD is required"

run report x.yaml --format pdf
expect_status 2

run frobnicate
expect_status 2

run --help
expect_status 0
expect_out "report"

run --version
expect_status 0
expect_out "^carepath [0-9]"
finish
