# A mistyped command gets a did-you-mean; `carepath help [COMMAND]` prints what --help prints.
. "$(dirname "$0")/lib.sh"
run reprot examples/personas/heroin-daily-severe.yaml
expect_status 2
expect_err "^carepath: error: 'reprot' is not a carepath command \(did you mean 'report'\?\); commands: report, "
run help
expect_status 0
expect_out "^Subcommands:|^SUBCOMMANDS:"
expect_out "diff"
help_score=$("$CAREPATH" score --help 2>&1)
run help score
expect_status 0
[ "$out" = "$help_score" ] || fail "'help score' differs from 'score --help'"
run help scroe
expect_status 2
expect_err "'scroe' is not a carepath command \(did you mean 'score'\?\)"
run help score report
expect_status 2
finish
