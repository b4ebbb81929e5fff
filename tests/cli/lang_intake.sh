# An intake in Spanish, through standard input and through a real terminal (tmux): the prompts
# are Spanish, yes-or-no answers are typed as sí/no, the saved record says language: es and
# scores exactly as the English persona, and a resumed intake keeps its language.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/interactive/intake_lib.sh"

persona="$SRC/examples/personas/p04-hospital-cows.yaml"
# Every yes of the persona is typed as "sí" (or "Si", "s"), so the answers are the Spanish words.
spanish=(sí Si s SÍ)
typed=0
intake_reply() {
  [ "$1" = :review ] && return 1
  reply=$(persona_answer "$persona" "$1")
  if [ "$reply" = yes ]; then
    reply=${spanish[typed % ${#spanish[@]}]}
    typed=$((typed + 1))
  fi
  return 0
}
same_as_persona() {
  run report --format json "$1"
  local saved
  saved=$(grep -v '"source"' <<<"$out")
  run report --format json "$persona"
  [ "$saved" = "$(grep -v '"source"' <<<"$out")" ] || fail "$2: the saved record does not score like the persona"
}

# 1. Standard input, --lang es.
rec="$TMP/stdin.yaml"
drive_stdin "$persona" --lang es --save "$rec" --case-id "$(persona_case_id "$persona")"
expect_status 0 "Spanish intake on standard input"
[ "$typed" -gt 0 ] || fail "the persona has no yes answer to type in Spanish"
grep -q "Escriba sí o no (s/n)." <<<"$err" || fail "the yes-or-no hint is not in Spanish"
grep -q "pregunta 1 de unas" <<<"$err" || fail "the progress line is not in Spanish"
grep -q "Revisión: todas las respuestas" <<<"$err" || fail "the review is not in Spanish"
grep -q "Type yes or no\|Review: all" <<<"$err" && fail "English text in a Spanish intake"
grep -q "^language: es$" "$rec" || fail "the record does not say language: es"
same_as_persona "$rec" "stdin"
run report "$rec"
expect_status 0 "the Spanish record is a valid record"

# 2. The language from the environment; stopped early, then resumed without --lang: Spanish
# still, whatever the environment says now; --lang en switches and is recorded.
rec="$TMP/resume.yaml"
out=$(printf '%s\n' "$(persona_answer "$persona" suicidal_ideation)" |
  LANGUAGE=es "$CAREPATH" intake --save "$rec" 2>"$TMP/stderr")
status=$?
err=$(cat "$TMP/stderr")
expect_status 1 "end of input"
expect_err "continúe con: carepath intake --resume"
grep -q "^language: es$" "$rec" || fail "LANGUAGE=es was not recorded"
printf 'no\n' | LANG=en_US.UTF-8 "$CAREPATH" intake --resume "$rec" >/dev/null 2>"$TMP/stderr"
grep -q "^Se reanuda " "$TMP/stderr" || fail "a resumed intake did not keep Spanish: $(head -3 "$TMP/stderr")"
grep -q "^  medical_emergency: no$" "$rec" || fail "'no' typed in Spanish was not saved"
printf '' | "$CAREPATH" intake --resume "$rec" --lang en >/dev/null 2>"$TMP/stderr"
grep -q "^Resuming " "$TMP/stderr" || fail "--lang en did not win over the record's language"
grep -q "^language: en$" "$rec" || fail "the language the intake went on in was not recorded"

# 3. A real terminal.
command -v tmux >/dev/null || { echo "tmux is not installed (./setup installs it)" >&2; exit 1; }
rec="$TMP/tty.yaml"
tty_start --lang es --save "$rec" --case-id "$(persona_case_id "$persona")"
n=1
while id=$(tty_wait_prompt "$n"); do
  if [ "$id" = :review ]; then tty_send ""
  elif intake_reply "$id"; then tty_send "$reply"
  fi
  n=$((n + 1))
done
tty_wait_exit
expect_status 0 "Spanish intake in a terminal"
grep -q "Escriba sí o no (s/n)." <<<"$err" || fail "the terminal's hint is not in Spanish"
grep -q "La decisión del consejero" <<<"$err" || fail "the decision step is not in Spanish"
grep -q "^language: es$" "$rec" || fail "the terminal's record does not say language: es"
same_as_persona "$rec" "tty"

finish
