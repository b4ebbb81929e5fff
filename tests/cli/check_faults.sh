# carepath check reports every planted fault at its file:line:col, in one run, with exit 65.
. "$(dirname "$0")/lib.sh"
cd "$SRC"

run check --rules tests/faults/rules-planted.yaml
expect_status 65
expect_err "carepath: 15 problems found"
f=tests/faults/rules-planted.yaml
expect_out "^$f:7:10: level 'orphan' is never reached"
expect_out "^$f:12:10: flag 'unused' is never raised by any rule"
expect_out "^$f:14:9: fact 'daily' is never used"
expect_out "^$f:28:9: rule 'r4': its rationale names no answer"
expect_out "^$f:15:29: fact 'daily': 'dayly' is not a code of item 'use_frequency' \(did you mean 'daily'\?\)"
expect_out "^$f:18:11: rule 'r1': unknown name 'primary_substanse' \(did you mean 'primary_substance'\?\)"
expect_out "^$f:21:9: duplicate rule id 'r1'"
expect_out "^$f:23:20: unknown flag 'risk' \(did you mean 'risky'\?\)"
expect_out "^$f:25:9: rule 'r3' has no rationale"
expect_out "^$f:26:11: rule 'r3': this is a number, but a yes/no condition is needed here"
expect_out "^$f:29:5: rule: unknown key 'wehn'"
expect_out "^$f:34:17: rule 'r5': count\(\) counts the codes of a multiple-choice item"
expect_out "^$f:34:40: rule 'r5': 'beer' is not a code of 'co_use'"
expect_out "^$f:37:5: rule: duplicate key 'because'"

# Rationales by reasons: a sub-condition no reason names, a {reasons} hole without reasons or
# reasons without one, a reason about something the rule does not read; a rating off its scale.
run check --rules tests/faults/rules-reasons.yaml
expect_status 65
f=tests/faults/rules-reasons.yaml
expect_err "carepath: 5 problems found"
expect_out "^$f:9:9: rule 'r1': the sub-condition 'chronic_pain == yes' can decide it, but no reason names it"
expect_out "^$f:15:9: rule 'r2': its rationale has \{reasons\} but the rule has no 'reasons:'"
expect_out "^$f:19:9: rule 'r3': it has 'reasons:' but its rationale has no \{reasons\} to show them"
expect_out "^$f:23:14: rule 'r3': a reason reads 'transportation', which the rule's condition does not"
expect_out "^$f:33:19: rating 'need': value 2 is not on the scale \(0 to 1\)"

run check --questionnaire tests/faults/questionnaire-planted.yaml
expect_status 65
q=tests/faults/questionnaire-planted.yaml
expect_out "^$q:8:13: item 'a' of type choice needs 'codes'"
expect_out "^$q:9:15: item 'a': unknown type 'choise' \(did you mean 'choice'\?\)"
expect_out "^$q:14:15: condition uses 'c', which is not asked before 'b'"
expect_out "^$q:20:13: duplicate item id 'a'"
expect_out "^$q:28:25: score 'total': band 'high' starts at 5"
# The default rules are for another questionnaire: said once, clearly.
expect_out "these rules are for questionnaire 'opioid-intake', but the questionnaire loaded is 'planted-q'"

run check --rules tests/faults/syntax-error.yaml
expect_status 65
expect_out "^tests/faults/syntax-error.yaml:4:6: YAML syntax error"

run check --rules tests/faults/no-such-file.yaml
expect_status 66
expect_err "carepath: error: cannot open 'tests/faults/no-such-file.yaml'"
finish
