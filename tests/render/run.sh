#!/usr/bin/env bash
# Renders `carepath pathway` as browsers and Graphviz do, and checks the drawn text: Mermaid
# with the `mermaid` npm package (pinned) in headless Chromium, as GitHub and most Markdown
# viewers show it; DOT with Graphviz. Installs what it needs (Debian: nodejs, npm, chromium,
# graphviz; npm packages into BUILD_DIR/render-test). Not part of ctest: it needs a browser.
#
#   tests/render/run.sh [BUILD_DIR]     # default: build; prints "N passed, N failed"
set -uo pipefail
case "${1:-}" in
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
BIN=$BUILD/carepath
MERMAID_VERSION=11.4.1
WORK=$BUILD/render-test
[ -x "$BIN" ] || { echo "no carepath binary at $BIN" >&2; exit 2; }
mkdir -p "$WORK"
export NO_COLOR=1

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v chromium >/dev/null || missing+=(chromium)
command -v dot >/dev/null || missing+=(graphviz)
if [ ${#missing[@]} -gt 0 ]; then
  "$SRC/setup" --install "${missing[@]}" || { echo "cannot install ${missing[*]}" >&2; exit 2; }
fi
if [ ! -f "$WORK/node_modules/mermaid/dist/mermaid.min.js" ]; then
  (cd "$WORK" && npm install --no-audit --no-fund --silent "mermaid@$MERMAID_VERSION" >&2) || { echo "npm install mermaid failed" >&2; exit 2; }
fi

passed=0 failed=0
check() {  # check NAME COMMAND...: one expectation
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name" >&2; fi
}

# Default rules, and a copy whose reasons carry comparison signs (the default's reasons are
# all words), so that every sign is drawn at least once.
rules=$SRC/rules/opioid-pathway.yaml
signs=$WORK/signs.yaml
python3 - "$rules" "$signs" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
# A reason drawn in the picture (the hospital setting's) gets every sign the condition language has.
old = "Hospital withdrawal management (24-hour, medically managed), because"
assert old in text, "the hospital setting's reason changed: pick another"
text = text.replace(old, "Hospital withdrawal management (COWS total >= 13 and <= 24, hours > 12 or < 6, severity != none), because", 1)
open(sys.argv[2], "w").write(text)
PY
labels=$(python3 -c '
import sys, yaml
for l in yaml.safe_load(open(sys.argv[1]))["levels"]:  # a text is a string or a map from language to text
    print(l["label"]["en"] if isinstance(l["label"], dict) else l["label"])' "$rules")

# svg_text FILE: the text a reader sees in an SVG (tags stripped, entities decoded).
svg_text() {
  python3 - "$1" <<'PY'
import html, re, sys
svg = open(sys.argv[1], encoding="utf-8").read()
svg = re.sub(r"<style.*?</style>", " ", svg, flags=re.S)
print(re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", svg))))
PY
}

render_mermaid() {  # render_mermaid DIAGRAM_FILE SVG_OUT
  python3 - "$1" "$WORK/page.html" "$WORK/node_modules/mermaid/dist/mermaid.min.js" <<'PY'
import json, sys
src = open(sys.argv[1]).read()
page = """<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
<script src="file://%s"></script>
<script>
mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
mermaid.render("g", %s).then(r => { document.getElementById("out").textContent = r.svg; })
  .catch(e => { document.getElementById("out").textContent = "RENDER ERROR " + e; });
</script></body></html>""" % (sys.argv[3], json.dumps(src))
open(sys.argv[2], "w").write(page)
PY
  timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --virtual-time-budget=15000 \
    --dump-dom "file://$WORK/page.html" 2>/dev/null | python3 -c '
import html, re, sys
dom = sys.stdin.read()
m = re.search(r"<pre id=\"out\">(.*?)</pre>", dom, re.S)
sys.stdout.write(html.unescape(m.group(1)) if m else "NO OUTPUT")' >"$2"
}

for variant in default signs; do
  r=$rules; [ $variant = signs ] && r=$signs
  "$BIN" pathway -r "$r" --format mermaid >"$WORK/$variant.mmd"
  render_mermaid "$WORK/$variant.mmd" "$WORK/$variant-mermaid.svg"
  check "mermaid ($variant) renders an SVG" grep -q "<svg" "$WORK/$variant-mermaid.svg"
  check "mermaid ($variant) has no render error" bash -c "! grep -q 'RENDER ERROR\|Syntax error' '$WORK/$variant-mermaid.svg'"
  svg_text "$WORK/$variant-mermaid.svg" >"$WORK/$variant-mermaid.txt"
  "$BIN" pathway -r "$r" --format dot >"$WORK/$variant.dot"
  check "dot ($variant) renders" dot -Tsvg "$WORK/$variant.dot" -o "$WORK/$variant-dot.svg"
  svg_text "$WORK/$variant-dot.svg" >"$WORK/$variant-dot.txt"
  for kind in mermaid dot; do
    txt=$WORK/$variant-$kind.txt
    while IFS= read -r label; do
      # A long label may be wrapped: each of its words must be drawn.
      for word in $label; do check "$kind ($variant): level label word '$word'" grep -qF -- "$word" "$txt"; done
    done <<<"$labels"
    check "$kind ($variant): no entity code or placeholder drawn" bash -c "! grep -qE '#(gt|lt|quot);|¶|ß' '$txt'"
    check "$kind ($variant): no dead-end 'primary level' node" bash -c "! grep -q 'then the primary level' '$txt'"
  done
done
for kind in mermaid dot; do
  txt=$WORK/signs-$kind.txt
  for sign in '≥ 13' '≤ 24' '＞ 12' '＜ 6' '≠ none'; do check "$kind: comparison sign '$sign' drawn" grep -qF -- "$sign" "$txt"; done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
