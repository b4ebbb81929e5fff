# explain refuses an invalid record naming the item, and a missing file with 66.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
cat > "$TMP/bad.yaml" <<'Y'
carepath: 1
questionnaire: opioid-intake
answers:
  suicidal_ideation: none
  medical_emergency: no
  primary_substance: heroin
  use_frequency: dayly
Y
run explain "$TMP/bad.yaml"
expect_status 65
expect_err "bad.yaml:7:[0-9]+: item 'use_frequency': 'dayly' is not allowed"
expect_err "did you mean 'daily'"

run explain "$TMP/missing.yaml"
expect_status 66

run explain - --format json
expect_status 65
expect_err "holds no record"
finish
