# diff: a threshold planted in a copy of the default rules; diff reports exactly the records
# that two separate score runs show as changed, the rule that changed, the transitions and
# examples, in text, JSON and CSV, with any number of jobs.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
old=rules/opioid-pathway.yaml
new=$TMP/new-rules.yaml
# Relapse risk from two prior episodes up to four.
sed 's/prior_treatment_episodes >= 2/prior_treatment_episodes >= 4/' $old >"$new"
cmp -s $old "$new" && fail "the planted change did not apply"
python3 bench/gen_tedsa.py --rows 3000 --seed 5 --format jsonl --out "$TMP/r.jsonl"

# Two separate score runs, compared field by field on the contract's fields.
"$CAREPATH" score "$TMP/r.jsonl" -f jsonl >"$TMP/a.jsonl" 2>/dev/null
"$CAREPATH" score -r "$new" "$TMP/r.jsonl" -f jsonl >"$TMP/b.jsonl" 2>/dev/null
python3 - "$TMP/a.jsonl" "$TMP/b.jsonl" >"$TMP/expected" <<'PY'
import json, sys
fields = ["primary_level", "withdrawal_management", "emergency", "alternative", "alternative_setting", "pathway", "flags",
          "medications", "dimensions", "placement.follows_recommendation"]
sets = {"flags", "medications"}
def get(r, f):
    if f == "placement.follows_recommendation":
        return r["placement"] and r["placement"]["follows_recommendation"]
    return set(r[f]) if f in sets else r[f]
counts = {f: 0 for f in fields}
changed = []
for a, b in zip(open(sys.argv[1]), open(sys.argv[2])):
    a, b = json.loads(a), json.loads(b)
    if a["status"] != "ok":
        continue
    diff = [f for f in fields if get(a, f) != get(b, f)]
    for f in diff:
        counts[f] += 1
    if diff:
        changed.append(a["source"])
print(len(changed))
print(json.dumps(counts, sort_keys=True))
print("\n".join(changed))
PY
n_changed=$(sed -n 1p "$TMP/expected")
[ "$n_changed" -gt 10 ] || fail "the planted change changed only $n_changed records"

for jobs in 1 2; do
  run diff $old "$new" "$TMP/r.jsonl" -f csv -j $jobs
  expect_status 1 "csv -j $jobs"  # the generated records without a primary substance or frequency are rejected
  expect_out '^case_id,source,changed,old_primary_level,new_primary_level,old_withdrawal_management,new_withdrawal_management,'
  sed 1d <<<"$out" | python3 -c 'import csv,sys; [print(r[1]) for r in csv.reader(sys.stdin)]' >"$TMP/got"
  sed '1,2d' "$TMP/expected" | diff - "$TMP/got" >/dev/null || fail "diff -f csv -j $jobs lists other records than two score runs"
done

run diff $old "$new" "$TMP/r.jsonl" --format json
expect_status 1
printf '%s\n' "$out" >"$TMP/diff.json"
python3 - "$TMP/expected" "$TMP/diff.json" <<'PY' || fail "diff JSON differs from two score runs"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
want = json.loads(lines[1])
d = json.load(open(sys.argv[2]))
assert d["records"] == 3000, d["records"]
assert d["changed_records"] == int(lines[0]), (d["changed_records"], lines[0])
assert {k: d["changed"][k] for k in want} == want, (d["changed"], want)
assert want["dimensions"] > 0, want  # relapse risk is rated too
# The threshold is in a fact: the fact changed, no rule did.
assert d["rule_changes"]["facts_changed"] and not d["rule_changes"]["changed"], d["rule_changes"]
moves = d["transitions"]["primary_level"]
assert sum(m["count"] for m in moves) == 3000 - d["rejected"]
assert any(m["old"] != m["new"] and m["examples"] for m in moves)
assert d["rules"] and all(r["started"] + r["stopped"] > 0 for r in d["rules"])
PY

# The counselor's decision is the record's: records placed at their old primary level follow
# the old recommendation, and no longer follow it exactly where the primary level changed.
python3 - "$TMP/r.jsonl" "$TMP/a.jsonl" "$TMP/b.jsonl" >"$TMP/placed.jsonl" 2>"$TMP/moved" <<'PY'
import json, sys
moved = 0
for line, a, b in zip(open(sys.argv[1]), open(sys.argv[2]), open(sys.argv[3])):
    r, a, b = json.loads(line), json.loads(a), json.loads(b)
    if a["status"] != "ok" or a["primary_level"] is None:
        continue
    r["placement"] = {"level": a["primary_level"]}
    moved += a["primary_level"] != b["primary_level"]
    print(json.dumps(r))
print(moved, file=sys.stderr)
PY
run diff $old "$new" "$TMP/placed.jsonl" -f json
expect_status 0 "records with a placement"
python3 -c 'import json,sys; d=json.load(sys.stdin); n=int(open(sys.argv[1]).read()); c=d["changed"]
assert n > 0 and c["placement.follows_recommendation"] == c["primary_level"] == n, (n, c)' "$TMP/moved" <<<"$out" ||
  fail "placement.follows_recommendation is not counted where the primary level moved"

run diff $old "$new" "$TMP/r.jsonl"
expect_status 1
expect_err "^carepath: [0-9,]+ of 3,000 records rejected \(by both rule sets\); score them to see why$"
expect_out "^Records: 3,000 "
expect_out "^Changed: [0-9,]+ records"
expect_out "^  primary_level +[0-9,]+$"
expect_out "^Primary level, old \(rows\) -> new \(columns\):"
expect_out "^  primary_level [a-z_]+ -> [a-z_]+ \([0-9,]+\): "
expect_out "^Rules whose firing changed:"
expect_out "^  (facts changed|rule changed): "

# The same rules: nothing changes.
run diff $old $old "$TMP/r.jsonl"
expect_status 1
expect_out "^Changed: 0 records"
expect_out "nothing that decides a result"
expect_out "^No rule's firing changed\.$"

# Rules for another questionnaire are refused, naming both.
run diff $old examples/alcohol/rules.yaml "$TMP/r.jsonl"
expect_status 65
expect_err "these rules are for questionnaire '[a-z-]+', but the questionnaire loaded is 'opioid-intake'"

# A mapped table, as score reads it (score remembers outcomes, diff scores every row): the
# same records again as two score runs.
python3 bench/gen_tedsa.py --rows 3000 --seed 3 --out "$TMP/t.csv"
map=mappings/tedsa-2021.yaml
"$CAREPATH" score --map $map "$TMP/t.csv" -f csv >"$TMP/a.csv"
"$CAREPATH" score -r "$new" --map $map "$TMP/t.csv" -f csv >"$TMP/b.csv"
run diff $old "$new" --map $map "$TMP/t.csv" -f csv
expect_status 0
printf '%s\n' "$out" >"$TMP/d.csv"
python3 - "$TMP/a.csv" "$TMP/b.csv" "$TMP/d.csv" <<'PY' || fail "diff of a mapped table lists other records than two score runs"
import csv, sys
a, b = (list(csv.DictReader(open(f))) for f in sys.argv[1:3])
fields = ["emergency", "withdrawal_management", "primary_level", "pathway", "alternative", "medications", "flags",
          "alternative_setting"] + [f for f in a[0] if f.startswith("dim_")]
want = [x["source"] for x, y in zip(a, b) if x["status"] == "ok" and any(x[f] != y[f] for f in fields)]
got = [r["source"] for r in csv.DictReader(open(sys.argv[3]))]
assert want and want == got, (len(want), len(got))
PY
run diff $old "$new" --map $map "$TMP/t.csv" -f json
expect_status 0
expect_out '"records": 3000'
finish
