#!/usr/bin/env bash
# FHIR checks with real tools: every exported Questionnaire, QuestionnaireResponse and Bundle
# must pass the npm `fhir` package's validator (FHIR.js, R4) with no error; the exported default
# Questionnaire is rendered by LHC-Forms (npm `lforms`) in headless Chromium, each persona's
# answers are entered through LHC-Forms, and LHC-Forms' own export of the response must give
# the same `carepath report` as the persona's YAML record, with the same calculated scores;
# conditional items must be shown exactly when carepath's conditions hold.
# Usage: tests/fhir/run.sh [BUILD_DIR]   (default: build). Installs what it needs: Debian's
# nodejs, npm and chromium when missing, and the npm packages at pinned versions (puppeteer-core
# drives Debian's chromium and downloads no browser) into BUILD_DIR/fhir-node.
# Prints "N passed, N failed" last; exit status 1 when anything failed.
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
CAREPATH=$BUILD/carepath
NODE_DIR=$BUILD/fhir-node
PACKAGES="fhir@4.12.0 lforms@40.1.3 puppeteer-core@24.22.0"

# Only what is missing: a machine's own Node.js may come with its npm, and Debian's npm
# package then conflicts with it.
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  "$SRC/setup" --install "${missing[@]}" || { echo "cannot install ${missing[*]}"; exit 1; }
fi
installed() {  # installed NAME@VERSION: true when that exact version is in NODE_DIR
  local f="$NODE_DIR/node_modules/${1%@*}/package.json"
  [ -f "$f" ] && [ "$(node -p "require('$f').version")" == "${1##*@}" ]
}
for p in $PACKAGES; do
  if ! installed "$p"; then
    mkdir -p "$NODE_DIR"
    # shellcheck disable=SC2086
    (cd "$NODE_DIR" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --save-exact $PACKAGES) || { echo "npm install failed"; exit 1; }
    break
  fi
done

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...: the command must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
}

check "export questionnaire" sh -c "'$CAREPATH' export questionnaire --to fhir > '$OUT/questionnaire.json'"
check "export alcohol questionnaire" sh -c "'$CAREPATH' export questionnaire --to fhir -q '$SRC/examples/alcohol/questionnaire.yaml' -r '$SRC/examples/alcohol/rules.yaml' > '$OUT/alcohol-questionnaire.json'"
for rec in "$SRC"/examples/personas/*.yaml; do
  name=$(basename "$rec" .yaml)
  check "export $name" sh -c "'$CAREPATH' export record '$rec' --to fhir > '$OUT/$name.response.json'"
  check "bundle $name" sh -c "'$CAREPATH' export record '$rec' --to fhir-bundle > '$OUT/$name.bundle.json'"
done
for f in "$OUT"/*.json; do
  check "validate $(basename "$f")" env NODE_PATH="$NODE_DIR/node_modules" node "$SRC/tests/fhir/validate.js" "$f"
done
# LHC-Forms: the personas' answers entered through it, its export scored by carepath.
cp "$SRC/tests/fhir/lforms.html" "$NODE_DIR/lforms.html"
responses=()
for f in "$OUT"/*.response.json; do responses+=("$f"); done
check "LHC-Forms renders and exports" env NODE_PATH="$NODE_DIR/node_modules" node "$SRC/tests/fhir/lforms.js" \
  "$NODE_DIR/lforms.html" "$OUT/questionnaire.json" "${responses[@]}"
check "export conditions questionnaire" sh -c "'$CAREPATH' export questionnaire --to fhir -q '$SRC/tests/fhir/conditions/questionnaire.yaml' -r '$SRC/examples/alcohol/rules.yaml' > '$OUT/conditions.json'"
check "validate conditions questionnaire" env NODE_PATH="$NODE_DIR/node_modules" node "$SRC/tests/fhir/validate.js" "$OUT/conditions.json"
check "LHC-Forms renders the conditions questionnaire" env NODE_PATH="$NODE_DIR/node_modules" node "$SRC/tests/fhir/lforms.js" \
  "$NODE_DIR/lforms.html" "$OUT/conditions.json"
# At least three conditions in all: COWS (a yes/no question), a coded one and a section's.
check "LHC-Forms shows and hides conditional items as carepath's conditions say" python3 -c '
import json, sys
results = [r for f in sys.argv[1:] for r in json.load(open(f))]
for r in results: print("  condition on", r["item"], "by", r["question"], "ok" if r["ok"] else "WRONG", r)
sys.exit(0 if len(results) >= 3 and all(r["ok"] for r in results) else 1)' "$OUT/questionnaire.conditions.json" "$OUT/conditions.conditions.json"
# Known limitation, kept visible rather than passed over: LHC-Forms 40.1.3 does not show an item
# whose condition is that a check-box list was left unanswered (`oud_severity`, asked when the
# criteria were not), neither through enableWhen `exists = false` nor through the FHIRPath
# enableWhenExpression carepath exports for it. A persona that answers such an item cannot be
# entered through LHC-Forms; it is listed as a known failure, and a change in it fails the suite.
known_lforms_failures=" p05-diagnosis-elsewhere "
for rec in "$SRC"/examples/personas/*.yaml; do
  name=$(basename "$rec" .yaml)
  compare=(python3 "$SRC/tests/fhir/compare.py" "$CAREPATH" "$rec" "$OUT/$name.response.lforms.json"
    "$OUT/$name.response.shown.json" "$OUT/questionnaire.json")
  if [[ $known_lforms_failures == *" $name "* ]]; then
    check "LHC-Forms still cannot enter $name (known limitation; remove it from the list once it can)" \
      bash -c '! "$@" >/dev/null 2>&1' _ "${compare[@]}"
  else
    check "LHC-Forms response of $name scores as the record" "${compare[@]}"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
