# The shipped content passes check; --quiet prints nothing.
. "$(dirname "$0")/lib.sh"
cd "$SRC"

run check
expect_status 0
expect_out "^ok: questionnaire opioid-intake .* and rules opioid-pathway .*digest [0-9a-f]{64}$"

run check --quiet
expect_status 0
[ -z "$out" ] || fail "--quiet printed something"

# The files on disk are what is embedded.
run check --questionnaire questionnaires/opioid-intake.yaml --rules rules/opioid-pathway.yaml
expect_status 0

for dir in examples/*/; do
  [ -f "$dir/questionnaire.yaml" ] && [ -f "$dir/rules.yaml" ] || continue
  run check --questionnaire "$dir/questionnaire.yaml" --rules "$dir/rules.yaml"
  expect_status 0 "$dir"
done
finish
