# The bash completion offers subcommands, options and option values read from --help.
source "$(dirname "$0")/lib.sh"
source "$SRC/completion/carepath.bash"
carepath() { "$CAREPATH" "$@"; }
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  _carepath
  out="${COMPREPLY[*]}"
}
complete_words carepath ""
for c in report check intake score; do expect_out "(^| )$c( |$)"; done
complete_words carepath sc
[ "$out" = "score" ] || fail "sc -> '$out'"
complete_words carepath score --form
[ "$out" = "--format" ] || fail "score --form -> '$out'"
complete_words carepath score -f ""
expect_out "jsonl csv table summary"
complete_words carepath report --
expect_out "--questionnaire"
expect_out "--rules"
complete_words carepath --ver
[ "$out" = "--version" ] || fail "--ver -> '$out'"
complete_words carepath report "$SRC/examples/personas/heroin-daily-sev"
expect_out "heroin-daily-severe.yaml"
finish
