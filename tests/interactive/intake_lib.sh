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

# drive_stdin PERSONA ARGS...: runs 'carepath intake ARGS' with pipes, answering each prompt from
# PERSONA and finishing at the review screen with an empty line; a test may define
# 'intake_reply ID', which sets $reply and succeeds to answer in its stead. Sets $status, $out (the report), $err (everything said), $asked
# (item ids in the order asked). Gives up on an item asked more than three times.
drive_stdin() {
  local persona=$1 line id in from pid last="" repeats=0
  shift
  asked=""
  err=""
  rm -f "$TMP/to" "$TMP/from" "$TMP/intake.status"
  mkfifo "$TMP/to" "$TMP/from"
  { "$CAREPATH" intake "$@" <"$TMP/to" 2>"$TMP/from" >"$TMP/intake.out"; echo $? >"$TMP/intake.status"; } &
  pid=$!
  exec {in}>"$TMP/to" {from}<"$TMP/from"
  while IFS= read -r -t 20 line <&"$from"; do
    err+="$line"$'\n'
    [[ $line =~ ^(:?[a-z0-9_]+)\>\ $ ]] || continue
    id=${BASH_REMATCH[1]}
    if [ "$id" = "$last" ]; then repeats=$((repeats + 1)); else repeats=0; fi
    last=$id
    if [ "$repeats" -gt 3 ]; then break; fi
    asked+="$id "
    if declare -F intake_reply >/dev/null && intake_reply "$id"; then printf '%s\n' "$reply" >&"$in"
    elif [ "$id" = :review ]; then echo >&"$in"
    else persona_answer "$persona" "$id" >&"$in"; fi
  done
  exec {in}>&- {from}<&-
  wait "$pid"
  out=$(cat "$TMP/intake.out")
  status=$(cat "$TMP/intake.status" 2>/dev/null || echo 999)
}

# A real terminal: one tmux session on a private server, killed when the test ends; each start
# takes a new server, as a new session on one just killed may meet it still exiting. A runner
# records carepath's pid (sh execs it) and its exit status; remain-on-exit keeps the pane, and
# its last words, after it exits.
TMUX_SOCKET="carepath-test-$$-0"
unset TMUX  # the tests may themselves run inside tmux
tm() { tmux -L "$TMUX_SOCKET" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT

# tty_start ARGS...: starts 'carepath intake ARGS' in a 120x40 terminal (TTY_ROWS lines when
# set), stdout to $TMP/tty.out.
tty_start() {
  rm -f "$TMP/tty.pid" "$TMP/tty.status" "$TMP/tty.out"
  cat >"$TMP/tty-run.sh" <<RUN
sh -c 'echo \$\$ >"\$0"; exec "\$@"' $(printf '%q ' "$TMP/tty.pid" "$CAREPATH" intake "$@")>$(printf '%q' "$TMP/tty.out")
echo \$? >$(printf '%q' "$TMP/tty.status")
RUN
  tm kill-server >/dev/null 2>&1
  TMUX_SOCKET="carepath-test-$$-$((${TMUX_SOCKET##*-} + 1))"
  tm new-session -d -s intake -x 120 -y "${TTY_ROWS:-40}" "bash $(printf '%q' "$TMP/tty-run.sh")" \; set-option -g remain-on-exit on
}
tty_pid() { cat "$TMP/tty.pid"; }
tty_screen() { tm capture-pane -p -J -S - -t intake 2>/dev/null; }

# tty_wait_prompt N: waits (up to 20 s) until the N-th prompt is on screen, waiting for input;
# prints its item id, or 'exited' (status 2) once carepath has exited. One capture gives both, so that a stale prompt is never taken for new.
tty_wait_prompt() {
  local deadline=$((SECONDS + 20)) screen id
  while [ $SECONDS -lt $deadline ]; do
    screen=$(tty_screen)
    id=$(grep -v '^[[:space:]]*$' <<<"$screen" | tail -1 | sed -n 's/^\(:\{0,1\}[a-z0-9_]*\)> *$/\1/p')
    if [ -n "$id" ] && [ "$(grep -cE '^:?[a-z0-9_]+>( |$)' <<<"$screen")" -ge "$1" ]; then
      echo "$id"
      return 0
    fi
    if [ -e "$TMP/tty.status" ]; then
      echo "exited"
      return 2
    fi
    sleep 0.05
  done
  echo "timeout"
  return 1
}

# tty_keys KEY...: presses keys by tmux name (Left, Home, C-w, Up...), or types text with -l TEXT.
tty_keys() { tm send-keys -t intake "$@"; }

# tty_send TEXT: types TEXT and Enter.
tty_send() { tm send-keys -t intake -l -- "$1" \; send-keys -t intake Enter; }

# tty_wait_exit: waits (up to 20 s) for carepath to exit; sets $status, $err (the screen), $out.
tty_wait_exit() {
  local deadline=$((SECONDS + 20))
  while [ $SECONDS -lt $deadline ] && [ ! -s "$TMP/tty.status" ]; do sleep 0.05; done
  status=$(cat "$TMP/tty.status" 2>/dev/null || echo 999)
  err=$(tty_screen)
  out=$(cat "$TMP/tty.out" 2>/dev/null)
}

# tty_answer_until PERSONA STOP: answers prompts from PERSONA, and the review screen with Enter,
# until item STOP is asked (or the intake ends); sets $n to the number of prompts seen and $id to the waiting item.
tty_answer_until() {
  while id=$(tty_wait_prompt "$n"); do
    [ "$id" = "$2" ] && return 0
    if [ "$id" = :review ]; then tty_send ""; else tty_send "$(persona_answer "$1" "$id")"; fi
    n=$((n + 1))
  done
  return 1
}
