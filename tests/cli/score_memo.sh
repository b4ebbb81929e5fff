# score: the batch shortcut held to the plain path. CSV output goes through the outcome memo (rows
# read ahead, keys from the cells, the table's slots fetched before they are looked up); JSON
# Lines output never does (every record built and scored afresh). On a TEDS-A-shaped table with
# odd rows mixed in (doubled quotes, quoted codes, bad codes, short rows, blank lines, CRLF), both
# must give every row the same result, with one job and with two.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
python3 bench/gen_tedsa.py --rows 9000 --seed 11 --out "$TMP/plain.csv"
python3 - "$TMP/plain.csv" "$TMP/t.csv" <<'PY'
import random, sys
rng = random.Random(5)
lines = open(sys.argv[1]).read().split("\n")
out = [lines[0]]
for line in (l for l in lines[1:] if l):
    c = line.split(",")
    r = rng.random()
    if r < 0.03: c[1] = '"%s""x"' % c[1]                          # a case label the guard refuses
    elif r < 0.06: k = rng.randrange(2, len(c)); c[k] = '"%s"' % c[k]  # a quoted code: the same code
    elif r < 0.08: c = c[:-2]                                       # a short row
    elif r < 0.10: out.append("")                                   # a blank line before it
    elif r < 0.12: k = rng.randrange(2, len(c)); c[k] = '"a""b"'    # text where a code belongs
    elif r < 0.14: k = rng.randrange(2, len(c)); c[k] = "77"        # a code the mapping lacks
    line = ",".join(c)
    if rng.random() < 0.03: line += "\r"
    out.append(line)
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
# --summary: the counts, which the rows the memo knows add from their outcome's shape (the
# same for every row given it) and the rows scored afresh (JSON Lines) from their results.
for j in 1 2; do
  "$CAREPATH" score --map mappings/tedsa-2021.yaml -f csv -j$j --summary "$TMP/t.csv" >"$TMP/memo-$j.csv" 2>"$TMP/sum-memo-$j"
  [ $? -eq 1 ] || fail "-f csv -j$j: expected exit 1 (some rows are errors): $(head -3 "$TMP/sum-memo-$j")"
  "$CAREPATH" score --map mappings/tedsa-2021.yaml -f jsonl -j$j --summary "$TMP/t.csv" >"$TMP/plain-$j.jsonl" 2>"$TMP/sum-plain-$j"
  [ $? -eq 1 ] || fail "-f jsonl -j$j: expected exit 1: $(head -3 "$TMP/sum-plain-$j")"
  # (but for the last line, which names where each format puts the errors)
  diff <(grep -v '^carepath: ' "$TMP/sum-memo-$j") <(grep -v '^carepath: ' "$TMP/sum-plain-$j") >/dev/null ||
    fail "-j$j: the summary of -f csv differs from that of -f jsonl"
done
grep -q "^  use_frequency " "$TMP/sum-memo-1" || fail "the summary counts no missing required item: $(head -40 "$TMP/sum-memo-1")"
cmp -s "$TMP/memo-1.csv" "$TMP/memo-2.csv" || fail "-f csv: -j2 differs from -j1"
# A file whose name CSV must quote: the rows the memo knows are then written the general way
# (append_result_csv), the same rows as those written from the memo's parts above.
cp "$TMP/t.csv" "$TMP/t,q.csv"
"$CAREPATH" score --map mappings/tedsa-2021.yaml -f csv -j1 "$TMP/t,q.csv" >"$TMP/quoted.csv" 2>"$TMP/err"
[ $? -eq 1 ] || fail "-f csv on t,q.csv: expected exit 1: $(head -3 "$TMP/err")"
python3 - "$TMP/memo-1.csv" "$TMP/quoted.csv" <<'PY' || fail "rows written from the memo's parts differ from rows written the general way"
import csv, io, sys
for path in sys.argv[1:]:
    # Byte for byte what a CSV writer quoting only where it must writes for the same fields.
    for n, line in enumerate(open(path, newline="").read().split("\n")[:-1]):
        fields = next(csv.reader([line]))
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(fields)
        assert out.getvalue() == line, (path, n, line, out.getvalue())
plain, quoted = (list(csv.DictReader(open(p, newline=""))) for p in sys.argv[1:])
assert len(plain) == len(quoted) > 8000
for a, b in zip(plain, quoted):  # the same but for the file's name (in sources and messages)
    assert {k: v.replace("t.csv:", "t,q.csv:") for k, v in a.items()} == b, (a, b)
PY
python3 - "$TMP/memo-1.csv" "$TMP/plain-1.jsonl" "$TMP/plain-2.jsonl" <<'PY' || fail "the memo's rows differ from rows scored afresh"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
plain = [json.loads(l) for l in open(sys.argv[2])]
assert plain == [json.loads(l) for l in open(sys.argv[3])], "-f jsonl: -j2 differs from -j1"
assert len(rows) == len(plain) > 8000, (len(rows), len(plain))
def text(v):
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    return str(v)
ok = errors = 0
for r, p in zip(rows, plain):
    placement = p.get("placement") or {}
    want = {
        "case_id": text(p["case_id"]), "source": p["source"], "status": p["status"],
        "unfinished": text(p["unfinished"]), "actual_level": text(p.get("actual_level")),
    }
    if p["status"] == "ok":
        ok += 1
        want.update({
            "emergency": text(p["emergency"]), "withdrawal_management": text(p["withdrawal_management"]),
            "primary_level": text(p["primary_level"]), "pathway": ">".join(p["pathway"]),
            "alternative": text(p["alternative"]), "alternative_setting": text(p["alternative_setting"]),
            "medications": "|".join(p["medications"]), "flags": "|".join(p["flags"]),
            "severity": text(p["scores"]["severity"]), "cows_total": text(p["scores"]["cows_total"]),
            "placement_level": text(placement.get("level")), "placement_reason": text(placement.get("reason")),
            "constants": "|".join(p.get("constants", [])), "missing_required": "|".join(p.get("missing_required", [])),
        })
        want.update({"dim_" + k: text(v) for k, v in p["dimensions"].items()})
    else:
        errors += 1
        first = p["errors"][0]
        message = first["message"] if isinstance(first, dict) else first
        assert message.split(":")[-1].strip()[:40] in r["error"], (r["source"], message, r["error"])
    if p["status"] == "ok":
        assert r["error"] == "", (r["source"], r["error"])
    got = {k: r[k] for k in want}
    assert got == want, (r["source"], {k: (got[k], want[k]) for k in want if got[k] != want[k]})
assert ok > 5000 and errors > 300, (ok, errors)
print(f"{ok} scored rows and {errors} error rows agree")
PY
finish
