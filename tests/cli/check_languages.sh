# Content in several languages: check lists every text without a declared language's
# translation at its file:line:col, as a warning for one's own files and as an error for the
# language asked for with --lang; a misspelt language key is an error with a did-you-mean.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
q=tests/faults/questionnaire-languages.yaml
f=tests/faults/rules-languages.yaml

run check -q $q --rules $f
expect_status 0
expect_out "^$f:18:18: warning: no 'es' text for the description of level 'care'$"
expect_out "^$f:24:7: warning: no 'es' text for the rationale of rule 'r1'$"
expect_out "^$q:10:12: warning: no 'es' text for the title of section 's'$"
expect_err "carepath: 3 texts have no translation"
expect_out "^ok: questionnaire planted-languages"

# --lang es also speaks Spanish.
run check -q $q --rules $f --lang es
expect_status 65
expect_out "^$f:18:18: falta el texto en 'es' para la descripción del nivel 'care'$"
expect_out "^$f:24:7: falta el texto en 'es' para la justificación de la regla 'r1'$"
expect_out "^$q:10:12: falta el texto en 'es' para el título de la sección 's'$"
expect_err "carepath: se encontraron 3 problemas"

# English is the default language: nothing is missing in it. A language the file does not
# declare is an error when asked for.
run check -q $q --rules $f --lang en
expect_status 0
run check -q $q --rules $f --lang fr
expect_status 65
expect_out "^$f: the rules have no 'fr' texts \(their languages: en, es\)$"
expect_out "^$q: the questionnaire has no 'fr' texts \(its languages: en, es\)$"

# A key that is not a declared language.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/es: Atención/se: Atención/' $f >"$tmp/typo.yaml"
run check -q $q --rules "$tmp/typo.yaml"
expect_status 65
expect_out "^$tmp/typo.yaml:17:23: the label of level 'care': 'se' is not a language of this file \(did you mean 'es'\?\)"

# The default content is complete in Spanish: check --lang es passes with no text missing.
run check --lang es
expect_status 0 "check --lang es on the default content"
expect_out "^ok: "
[ -z "$err" ] || fail "check --lang es on the default content printed: $err"

finish
