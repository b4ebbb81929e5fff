# bash completion for carepath(1): subcommands, options and option values.
# The lists come from the program's own --help at completion time, so they never fall behind
# the program. Install as /usr/share/bash-completion/completions/carepath, or source it.

# The first column of the lines of a --help section ("Options:", "Subcommands:").
_carepath_section() {
  sed -n "/^$1/,/^\$/{/^  [^ ]/{s/^  //;s/  .*//;p}}"
}

# The program's help in English whatever the locale: the sections are found by their names.
_carepath_help() { LANGUAGE= LC_ALL=C "$@" --help 2>/dev/null; }

_carepath_files() {
  if declare -F _filedir >/dev/null; then
    _filedir
  else
    local IFS=$'\n'
    COMPREPLY=($(compgen -f -- "$1"))
  fi
}

_carepath() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} prog=${COMP_WORDS[0]}
  local sub="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) sub=${COMP_WORDS[i]}; break ;;
    esac
  done
  COMPREPLY=()
  if [[ -z $sub ]]; then
    local top
    top=$(_carepath_help "$prog") || return 0
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$(_carepath_section Options: <<<"$top" | sed 's/ .*//; s/,/ /g')" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$(_carepath_section Subcommands: <<<"$top" | sed 's/ .*//') help" -- "$cur"))
    fi
    return 0
  fi
  if [[ $sub == help ]]; then  # carepath help COMMAND
    COMPREPLY=($(compgen -W "$(_carepath_help "$prog" | _carepath_section Subcommands: | sed 's/ .*//')" -- "$cur"))
    return 0
  fi
  # A command with commands of its own (export questionnaire, export record): the next word.
  local cmd=("$sub") help nested
  help=$(_carepath_help "$prog" "$sub") || return 0
  nested=$(_carepath_section Subcommands: <<<"$help" | sed 's/ .*//')
  if [[ -n $nested ]]; then
    for ((i = i + 1; i < COMP_CWORD; i++)); do
      [[ ${COMP_WORDS[i]} == -* ]] || { cmd+=("${COMP_WORDS[i]}"); break; }
    done
    if [[ ${#cmd[@]} -eq 1 ]]; then
      COMPREPLY=($(compgen -W "$nested" -- "$cur"))
      return 0
    fi
  fi
  local options
  options=$(_carepath_help "$prog" "${cmd[@]}" | _carepath_section Options:) || return 0
  if [[ $prev == -* ]]; then
    # The option's line: its names, then what value it takes, e.g. "-f,--format a|b:{a,b}".
    local line names spec
    while IFS= read -r line; do
      names=${line%% *}
      [[ ",$names," == *",$prev,"* ]] || continue
      spec=${line#"$names"}
      spec=${spec# }
      if [[ -z $spec ]]; then
        break  # a flag: complete what follows as usual
      elif [[ $spec =~ \{([^}]*)\} ]]; then
        COMPREPLY=($(compgen -W "${BASH_REMATCH[1]//,/ }" -- "$cur"))
      elif [[ $spec == *FILE* || $spec == *DIR* || $spec == *PATH* ]]; then
        _carepath_files "$cur"
      fi
      return 0
    done <<<"$options"
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(sed 's/ .*//; s/,/ /g' <<<"$options")" -- "$cur"))
  else
    _carepath_files "$cur"
  fi
  return 0
}

complete -F _carepath carepath
