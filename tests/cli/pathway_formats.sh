# pathway: every level in text, DOT and Mermaid; DOT renders with Graphviz when installed,
# and is checked structurally always.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
run report examples/personas/heroin-daily-severe.yaml --format json
levels=$(python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["pathway"]))' <<<"$out")

run pathway
expect_status 0
expect_out "^LEVELS, IN ORDER"
expect_out "^STEP-DOWN"
expect_out "^WHAT LEADS INTO EACH LEVEL"
expect_out "primary level: level\.[a-z_]+"
expect_out "alternative: "
for l in $levels; do expect_out "^  [0-9]+\. $l "; done

run pathway --format dot
expect_status 0
expect_out "^digraph "
[ "$(grep -o '{' <<<"$out" | wc -l)" -eq "$(grep -o '}' <<<"$out" | wc -l)" ] || fail "unbalanced braces in DOT"
bad=$(grep -E -- '->' <<<"$out" | grep -vE '^  [a-z_0-9]+ -> [a-z_0-9]+ \[.*\];$' || true)
[ -z "$bad" ] || fail "malformed DOT edges: $bad"
for l in $levels; do expect_out "level_$l "; done
if command -v dot >/dev/null; then
  "$CAREPATH" pathway --format dot | dot -Tpng -o "$TMP/p.png" || fail "dot could not render"
  [ "$(head -c 4 "$TMP/p.png" | tail -c 3)" = "PNG" ] || fail "dot gave no PNG"
else
  echo "note: graphviz 'dot' not installed; checked the DOT structure only"
fi

run pathway --format mermaid
expect_status 0
expect_out "^flowchart TB"
expect_out "==>\|step down\|"
for l in $levels; do expect_out "level_$l\["; done

run pathway --format svg
expect_status 2
finish
