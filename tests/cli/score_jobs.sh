# score --jobs: results come out in input order whatever the number of workers.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
python3 bench/gen_tedsa.py --rows 12000 --seed 3 --out "$TMP/t.csv"   # several input chunks
run score --map mappings/tedsa-2021.yaml "$TMP/t.csv" -f csv --jobs 1
expect_status 0   # missing required answers are scored as unknown (research scoring)
printf '%s\n' "$out" >"$TMP/one.csv"
run score --map mappings/tedsa-2021.yaml "$TMP/t.csv" -f csv --jobs 4
printf '%s\n' "$out" >"$TMP/four.csv"
[ "$(wc -l <"$TMP/one.csv")" -eq 12001 ] || fail "expected 12000 rows and a header"
cmp -s "$TMP/one.csv" "$TMP/four.csv" || fail "--jobs 4 differs from --jobs 1"
# Input order: sources count up line by line.
cut -d, -f2 "$TMP/four.csv" | tail -n +2 | sed 's/.*://' >"$TMP/lines"
seq 2 12001 | cmp -s - "$TMP/lines" || fail "results are not in input order"
run score --map mappings/tedsa-2021.yaml "$TMP/t.csv" -f jsonl --jobs 3
[ "$(printf '%s\n' "$out" | wc -l)" -eq 12000 ] || fail "expected 12000 JSON lines"
finish
