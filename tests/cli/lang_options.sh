# --lang and the environment choose the language of what people read; machine formats (JSON,
# CSV, FHIR) are byte for byte the same in every language.
source "$(dirname "$0")/lib.sh"
persona="$SRC/examples/personas/p03-pregnant.yaml"

# --lang is checked: an unknown language is a usage error that names the languages.
run report "$persona" --lang fr
expect_status 2 "--lang fr"
expect_err "unknown language 'fr'"
expect_err "languages: en, es"
run report "$persona" --lang=ess
expect_status 2 "--lang=ess"
expect_err "did you mean 'es'"
# A locale name is taken as its language.
run report "$persona" --lang es_MX.UTF-8
expect_status 0 "--lang es_MX.UTF-8"

# Every command that prints for people takes it.
for cmd in "report $persona" "explain $persona" "whatif $persona" pathway "quiz --count 1" intake \
  "export questionnaire --to markdown"; do
  run $cmd --help --lang es
  expect_status 0 "$cmd --help --lang es"
  expect_out "--lang"
done

# The help and the errors in Spanish, from --lang or the environment; --lang wins.
run help report --lang es
expect_out "^Uso:"
expect_out "Opciones:"
expect_text "Recomienda una vía de atención"
LANG=es_MX.UTF-8 run help report
expect_out "^Uso:"
LANGUAGE=es run help report
expect_out "^Uso:"
LANGUAGE=es run help report --lang en
expect_out "^Usage:"
expect_no_out "^Uso:"
# LANGUAGE is honoured even under the C locale.
LANGUAGE=es LC_ALL=C run help report
expect_out "^Uso:"
LC_MESSAGES=es_ES.UTF-8 LANG=en_US.UTF-8 run intake -
expect_status 2 "intake - in Spanish"
expect_err "^carepath: error: intake necesita un archivo"
run intake - --lang en
expect_err "^carepath: error: intake needs a file"
# A language with no catalogue is English.
LANG=fr_FR.UTF-8 run help report
expect_out "^Usage:"

# Machine formats never change with the language.
same_in_spanish() {
  local english
  run "$@"
  english=$out
  expect_status 0 "$*"
  run "$@" --lang es
  expect_status 0 "$* --lang es"
  [ "$english" = "$out" ] || fail "'$*' differs with --lang es"
  LANGUAGE=es run "$@"
  [ "$english" = "$out" ] || fail "'$*' differs with LANGUAGE=es"
}
same_in_spanish report "$persona" --format json
same_in_spanish explain "$persona" --format json
same_in_spanish whatif "$persona" --format json --set pregnant=no
same_in_spanish export questionnaire --to fhir
same_in_spanish export questionnaire --to redcap
run score "$persona" --format csv
english=$out
LANGUAGE=es run score "$persona" --format csv
[ "$english" = "$out" ] || fail "score --format csv differs with LANGUAGE=es"

# Completion offers the languages, and reads the help in English whatever the locale.
source "$SRC/completion/carepath.bash"
carepath() { "$CAREPATH" "$@"; }
COMP_WORDS=(carepath report --lang "")
COMP_CWORD=3
_carepath
[ "${COMPREPLY[*]}" = "en es" ] || fail "report --lang -> '${COMPREPLY[*]}'"
COMP_WORDS=(carepath intake --l)
COMP_CWORD=2
LANGUAGE=es _carepath
[ "${COMPREPLY[*]}" = "--lang" ] || fail "intake --l in Spanish -> '${COMPREPLY[*]}'"

finish
