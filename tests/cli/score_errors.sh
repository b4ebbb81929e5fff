# score: bad records become error rows naming source and item, and never stop the batch;
# exit status 0 all scored, 1 some rejected, 65 nothing readable, 66 no such input.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
p=examples/personas

# A bad record in the middle of a stream: the records around it are scored.
{ cat $p/heroin-daily-severe.yaml; echo '---'; sed 's/use_frequency: daily/use_frequency: dayly/' $p/heroin-daily-severe.yaml
  echo '---'; cat $p/p03-pregnant.yaml; } >"$TMP/stream.yaml"
bad_line=$(grep -n 'dayly' "$TMP/stream.yaml" | cut -d: -f1)
run score "$TMP/stream.yaml"
expect_status 1
[ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] || fail "expected 3 results"
grep -q '"status":"ok"' <<<"$(sed -n 1p <<<"$out")" || fail "record 1 not scored"
grep -q '"status":"ok"' <<<"$(sed -n 3p <<<"$out")" || fail "record 3 not scored"
grep -q '"status":"error"' <<<"$(sed -n 2p <<<"$out")" || fail "record 2 not rejected"
# Exit 1 says why on standard error, in one line.
[ "$err" = "carepath: 1 of 3 records rejected; see the errors field" ] || fail "no rejected-records line on stderr"
expect_out "\"source\":\"$TMP/stream.yaml:[0-9]+\",\"status\":\"error\""
expect_out "stream.yaml:$bad_line:[0-9]+: item 'use_frequency': 'dayly' is not allowed; expected one of: none_past_month, less_than_daily, daily \(did you mean 'daily'\?\)"

# JSON Lines: a syntax error and a missing required item, each on its line.
{ echo '{"carepath":1,"questionnaire":"opioid-intake","case_id":"J1","answers":{"suicidal_ideation":"none","medical_emergency":"no","primary_substance":"heroin","use_frequency":"daily"}}'
  echo '{"carepath":1,"questionnaire":"opioid-intake", oops}'
  echo '{"carepath":1,"questionnaire":"opioid-intake","case_id":"J3","answers":{"suicidal_ideation":"none","primary_substance":"heroin","use_frequency":"daily"}}'
  echo '{"carepath":1,"questionnaire":"opioid-intake","case_id":"J4","answers":{"suicidal_ideation":"none","medical_emergency":"no","primary_substance":"heroin","use_frequency":"daily","co_use":["alcohol"]}}'
} >"$TMP/r.jsonl"
run score "$TMP/r.jsonl" -f csv
expect_status 1
expect_out '^J1,.*r.jsonl:1,ok,'
expect_out '^,.*r.jsonl:2,error,.*r.jsonl:2:1: JSON syntax error'
expect_out "^J3,.*r.jsonl:3,error,.*r.jsonl:3:1: required item 'medical_emergency' is missing"
expect_out '^J4,.*r.jsonl:4,ok,'
expect_err '^carepath: 2 of 4 records rejected; see the error column$'

# The reader reuses each line's fields for the next: nothing of a full record may carry over
# into a following line without answers, with null answers, or with fewer of them.
{ sed -n 4p "$TMP/r.jsonl"
  echo '{"carepath":1,"questionnaire":"opioid-intake","case_id":"K2"}'
  sed -n 4p "$TMP/r.jsonl"
  echo '{"carepath":1,"questionnaire":"opioid-intake","case_id":"K4","answers":null}'
  sed -n 4p "$TMP/r.jsonl"
  echo '{"carepath":1,"questionnaire":"opioid-intake","case_id":"K6","answers":{"suicidal_ideation":"none"}}'
} >"$TMP/reuse.jsonl"
run score "$TMP/reuse.jsonl" -f csv
expect_status 1
expect_out "^K2,.*reuse.jsonl:2,error,.*missing 'answers'"
expect_out "^K4,.*reuse.jsonl:4,error,.*required item 'medical_emergency' is missing"
expect_out "^K6,.*reuse.jsonl:6,error,.*required item 'medical_emergency' is missing"
[ "$(grep -c ',ok,' <<<"$out")" -eq 3 ] || fail "the three full records should be scored"

# CSV: a short row is an error row with its line.
printf 'case_id,suicidal_ideation,medical_emergency,primary_substance,use_frequency\nA,none,no,heroin,daily\nB,none,no\nC,none,no,heroin,sometimes\nD,none,no,alcohol,daily\n' >"$TMP/t.csv"
run score "$TMP/t.csv" -f csv --summary
expect_status 1
expect_out '^A,.*t.csv:2,ok,'
expect_out '^B,.*t.csv:3,error,.*the row has 3 fields; the header has 5'
expect_out "^C,.*t.csv:4,error,.*t.csv:4:18: item 'use_frequency': 'sometimes' is not allowed"
expect_out '^D,.*t.csv:5,ok,'
expect_err '^records 4, scored 2, rejected 2'
expect_err "item 'use_frequency': '…' is not allowed +1"

# A CSV header that is not ours: nothing can be read from it.
printf 'case_id,primary_substanse\nA,heroin\n' >"$TMP/h.csv"
run score "$TMP/h.csv"
expect_status 65
expect_err "h.csv:1:9: unknown column 'primary_substanse' \(did you mean 'primary_substance'\?\)"

# Every record good: 0. Nothing at all: 65. No such input: 66. No format: 2.
run score $p/p03-pregnant.yaml
expect_status 0
: >"$TMP/empty.jsonl"
run score "$TMP/empty.jsonl"
expect_status 65
expect_err "no records found"
run score "$TMP/nonexistent.yaml"
expect_status 66
expect_err "cannot open"
printf 'x' >"$TMP/records.txt"
run score "$TMP/records.txt"
expect_status 2
expect_err "--input-format"
finish
