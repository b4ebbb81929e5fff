# score: every input format gives the same results as 'report' on the same records.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
p=examples/personas
gen=bench/gen_tedsa.py
n_personas=$(ls $p/*.yaml | wc -l)

# A directory of YAML files: one JSON object a line, in file-name order, all ok.
run score $p
expect_status 0
[ "$(printf '%s\n' "$out" | grep -c '"status":"ok"')" -eq "$n_personas" ] || fail "expected $n_personas ok results"
first=$(ls $p/*.yaml | head -1)
grep -q "\"source\":\"$first\"" <<<"$(sed -n 1p <<<"$out")" || fail "results are not in file-name order (first: $first)"

# Agreement with 'report': every contract field of every persona is the same.
for f in $p/*.yaml; do
  "$CAREPATH" report "$f" --format json >"$TMP/$(basename "$f").json" </dev/null
done
printf '%s\n' "$out" >"$TMP/score.jsonl"
python3 - "$TMP" <<'PY' || fail "score and report disagree"
import json, os, sys
tmp = sys.argv[1]
for line in open(os.path.join(tmp, "score.jsonl")):
    s = json.loads(line)
    r = json.load(open(os.path.join(tmp, os.path.basename(s["source"]) + ".json")))
    for k in r:
        if s[k] != r[k]:
            sys.exit(f"{s['source']}: field {k}: score {s[k]!r} != report {r[k]!r}")
PY

# The same records as a '---' stream on standard input, as JSON Lines and as YAML files.
python3 $gen --rows 300 --seed 7 --format yaml-stream --out "$TMP/stream.yaml"
python3 $gen --rows 300 --seed 7 --format jsonl --out "$TMP/records.jsonl"
python3 $gen --rows 300 --seed 7 --format yaml --out "$TMP/dir"
out=$("$CAREPATH" score - -f csv <"$TMP/stream.yaml" 2>"$TMP/err"); status=$?; err=$(cat "$TMP/err")
expect_status 1 "the generated sample holds records without a primary substance"
cut -d, -f1,3-12 <<<"$out" >"$TMP/a.csv"
expect_out '^case_id,source,status,emergency,withdrawal_management,primary_level,pathway'
expect_out '<stdin>:[0-9]+,'
run score "$TMP/records.jsonl" -f csv
expect_status 1
cut -d, -f1,3-12 <<<"$out" >"$TMP/b.csv"
expect_out "records.jsonl:300,"
run score "$TMP/dir" -f csv
cut -d, -f1,3-12 <<<"$out" >"$TMP/c.csv"
[ "$(wc -l <"$TMP/a.csv")" -eq 301 ] || fail "expected 300 rows and a header"
cmp -s "$TMP/a.csv" "$TMP/b.csv" || fail "YAML stream and JSON Lines disagree: $(diff "$TMP/a.csv" "$TMP/b.csv" | head -4)"
cmp -s "$TMP/a.csv" "$TMP/c.csv" || fail "YAML stream and YAML files disagree"
grep -q ',ok,' "$TMP/a.csv" || fail "no record was scored"

# A CSV of our own items: multi cells separated by '|', empty cells unanswered.
cat >"$TMP/own.csv" <<'CSV'
case_id,suicidal_ideation,medical_emergency,primary_substance,use_frequency,route,co_use,dsm5_criteria,substance_use_at_home
C1,none,no,heroin,daily,injection,benzodiazepines,craving|tolerance|withdrawal|cut_down|time_spent|larger_amounts,yes
C2,none,no,alcohol,less_than_daily,,,craving|tolerance,
CSV
run score "$TMP/own.csv" -f csv
expect_status 0
expect_out '^C1,.*own.csv:2,ok,false,hospital,inpatient,detox>inpatient'
expect_out '^C2,.*own.csv:3,ok,'

# The table for people and the summary alone.
run score $p --format table
expect_status 0
expect_out '^case_id +source +status +emergency +withdrawal_management +primary_level +alternative +pathway'
expect_out '^P-HEROIN-01 +examples/personas/heroin-daily-severe.yaml +ok +- +hospital +inpatient +iop +detox>'
expect_out '^P01-SUICIDE-PLAN +examples/personas/p01-suicide-plan.yaml +ok +EMERGENCY +hospital +inpatient +- +detox>'
run score $p --format summary
expect_status 0
expect_out "^records $n_personas, scored $n_personas, rejected 0"
expect_out '^primary_level +count'
expect_out '^withdrawal_management +count'
expect_out '^  seizure_risk +[0-9]+'
run score $p --summary -f csv
expect_out '^case_id,'
expect_err "^records $n_personas, scored"
finish
