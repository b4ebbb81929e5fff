# Helpers for the intake tests (sourced after tests/cli/lib.sh): answers taken from a persona
# record, a driver for the no-terminal mode, and a tmux-driven real terminal.

# persona_answer FILE ITEM: the persona's answer to ITEM as one would type it; '-' (skip) when
# the persona leaves it unanswered.
persona_answer() {
  local v
  v=$(sed -n "s/^  $2: *\\([^#]*\\).*\$/\\1/p" "$1" | head -1)
  v=${v%"${v##*[![:space:]]}"}
  if [ -z "$v" ]; then echo "-"; return; fi
  v=${v//\"/}
  if [[ $v == \[*\] ]]; then
    v=${v#[}; v=${v%]}; v=${v//,/ }
    [ -z "${v// /}" ] && v=0
  fi
  echo "$v"
}

# persona_case_id FILE
persona_case_id() { sed -n 's/^case_id: *\([^#]*\).*$/\1/p' "$1" | head -1 | tr -d '" '; }

# drive_stdin PERSONA RECORD [ARGS...]: runs 'carepath intake RECORD ARGS' with pipes, answering
# each prompt from PERSONA. Sets $status, $out (the report), $err (everything said), $asked
# (item ids in the order asked). Gives up on an item asked more than three times.
drive_stdin() {
  local persona=$1 record=$2 line id in from pid last="" repeats=0
  shift 2
  asked=""
  err=""
  rm -f "$TMP/to" "$TMP/from" "$TMP/intake.status"
  mkfifo "$TMP/to" "$TMP/from"
  { "$CAREPATH" intake "$record" "$@" <"$TMP/to" 2>"$TMP/from" >"$TMP/intake.out"; echo $? >"$TMP/intake.status"; } &
  pid=$!
  exec {in}>"$TMP/to" {from}<"$TMP/from"
  while IFS= read -r -t 20 line <&"$from"; do
    err+="$line"$'\n'
    [[ $line =~ ^([a-z0-9_]+)\>\ $ ]] || continue
    id=${BASH_REMATCH[1]}
    if [ "$id" = "$last" ]; then repeats=$((repeats + 1)); else repeats=0; fi
    last=$id
    if [ "$repeats" -gt 3 ]; then break; fi
    asked+="$id "
    persona_answer "$persona" "$id" >&"$in"
  done
  exec {in}>&- {from}<&-
  wait "$pid"
  out=$(cat "$TMP/intake.out")
  status=$(cat "$TMP/intake.status" 2>/dev/null || echo 999)
}
