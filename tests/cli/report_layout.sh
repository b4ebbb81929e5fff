# report: fits the terminal's width, says the unknowns explain finds (in words), reads as text.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
p=examples/personas

# No line wider than the columns asked for, less the two-column margin; 78 with nothing known.
for cols in 60 100 ""; do
  for f in $p/*.yaml; do
    for fmt in text markdown; do
      [ "$fmt" = markdown ] && [ -n "$cols" ] && continue   # markdown is not wrapped: its reader wraps it
      out=$(COLUMNS=$cols "$CAREPATH" report "$f" -f $fmt 2>/dev/null); status=$?
      expect_status 0 "$f"
      [ "$fmt" = text ] || continue
      limit=$(( ${cols:-80} - 2 ))
      long=$(python3 -c 'import sys; w=int(sys.argv[1]); [print(len(l), l) for l in sys.stdin.read().split("\n") if len(l) > w]' "$limit" <<<"$out")
      [ -z "$long" ] || fail "COLUMNS=$cols $f: lines wider than $limit: $long"
    done
  done
done

# On a terminal: its own width (TIOCGWINSZ), colour, and none with NO_COLOR.
python3 - "$CAREPATH" $p/p01-suicide-plan.yaml <<'PY' || fail "the report on a terminal"
import fcntl, os, pty, re, struct, subprocess, sys, termios
def on_tty(cols, no_color):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    env["TERM"] = "xterm"
    if no_color: env["NO_COLOR"] = "1"
    proc = subprocess.Popen([sys.argv[1], "report", sys.argv[2]], stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try: chunk = os.read(master, 65536)
        except OSError: break
        if not chunk: break
        out += chunk
    assert proc.wait() == 0
    return out.decode().replace("\r\n", "\n")
for cols in (64, 90, 150):
    text = on_tty(cols, False)
    assert "\x1b[" in text, "no colour on a terminal"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    limit = min(cols, 100) - 2
    wide = [l for l in plain.split("\n") if len(l) > limit]
    assert not wide, (cols, wide)
    # The terminal's width is used, not 80: some line comes near it.
    assert max(len(l) for l in plain.split("\n")) > limit - 12, (cols, "the width was not used")
    assert "\x1b[" not in on_tty(cols, True), "colour with NO_COLOR"
PY

# The emergency: a heading and sentences, no row of marks; its paragraph filled evenly.
for cols in 60 100; do
  out=$(COLUMNS=$cols "$CAREPATH" report $p/p01-suicide-plan.yaml)
  expect_no_out '!!!'
  printf '%s\n' "$out" > "$TMP/emergency.txt"
  python3 - "$cols" "$TMP/emergency.txt" <<'PY' || fail "COLUMNS=$cols: the emergency text is ragged"
import sys
width = int(sys.argv[1]) - 2
lines = open(sys.argv[2]).read().split("\n")
start = lines.index("EMERGENCY: get help now") + 1
body = []
for l in lines[start:]:
    if not l.strip(): break
    body.append(l)
assert len(body) >= 2, body
words = " ".join(body).split()
# Every line but the last is full: the next line's first word would not have fitted on it.
for a, b in zip(body, body[1:]):
    assert len(a) + 1 + len(b.split()[0]) > width, (a, b)
PY
done

# 'report' says in words exactly what 'explain' finds an answer would change: every item
# explain lists (or its score, for items of one score with the same effect), and nothing else.
for f in $p/*.yaml; do
  COLUMNS=100 "$CAREPATH" report "$f" > "$TMP/report.txt" 2>/dev/null
  "$CAREPATH" explain "$f" -f json > "$TMP/explain.json" 2>/dev/null
  python3 - "$TMP/report.txt" "$TMP/explain.json" questionnaires/opioid-intake.yaml <<'PY' || fail "$f: report and explain disagree"
import json, sys, yaml
report, explain, qfile = open(sys.argv[1]).read().split("\n"), json.load(open(sys.argv[2])), yaml.safe_load(open(sys.argv[3]))
items, scores = {}, {}
def en(text):  # a text is a string or a map from language to string; the report is in English
    return text["en"] if isinstance(text, dict) else text
def walk(node):
    if isinstance(node, dict):
        if "id" in node and "label" in node and "type" in node: items[node["id"]] = " ".join(en(node["label"]).split())
        for v in node.values(): walk(v)
    elif isinstance(node, list):
        for v in node: walk(v)
walk(qfile["sections"])
for s in qfile.get("scores", []):
    for key in ("sum", "count"):
        v = s.get(key) or []
        for i in [v] if isinstance(v, str) else v: scores.setdefault(i, en(s.get("label", s["id"])))
start = report.index("WHAT WAS UNKNOWN") + 1
entries = []
for l in report[start:]:
    if not l.strip(): break
    if l.startswith("  - "): entries.append(l[4:])
    elif entries: entries[-1] += " " + l.strip()
sensitive = [s["item"] for s in explain["sensitivity"]]
used = set()
for item in sensitive:
    heads = [e for e in entries if e.startswith(items[item]) or (item in scores and e.startswith(scores[item]))]
    assert len(heads) == 1, (item, entries)
    used.add(heads[0])
assert used == set(entries), ("entries explain does not list", set(entries) - used)
for item in explain["no_effect"]:
    assert not any(e.startswith(items[item]) for e in entries), ("no effect, yet listed", item)
if not sensitive:
    assert report[start].strip() == "No unanswered question could change this result.", report[start]
PY
done

# intake: its questions and its final report at the same width.
source "$SRC/tests/interactive/intake_lib.sh"
export COLUMNS=60
drive_stdin "$SRC/$p/p04-hospital-cows.yaml" --save "$TMP/intake.yaml"
expect_status 0 "intake"
unset COLUMNS
long=$(awk 'length > 58' <<<"$err"; awk 'length > 58' "$TMP/intake.out")
[ -z "$long" ] || fail "intake at COLUMNS=60: lines wider than 58: $long"
grep -q "^RECOMMENDED PATHWAY" "$TMP/intake.out" || fail "intake did not print the report"

finish
