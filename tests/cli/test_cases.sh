# test: the shipped cases pass with full rule coverage; a failing case file gives exit 1 and
# a readable diff; coverage under the minimum gives exit 1; a bad case file gives 65.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
run test tests/cases --min-coverage 100
expect_status 0 "shipped cases"
expect_out "^[0-9]+ cases: [0-9]+ passed, 0 failed$"
expect_out "^rule coverage: ([0-9]+) of \1 rules fired \(100\.0%\)$"
expect_out "^condition coverage: "

run test tests/cli/data/failing-cases.yaml
expect_status 1
expect_out "^FAIL tests/cli/data/failing-cases.yaml:[0-9]+:[0-9]+ wrong-level-on-purpose"
expect_out "^       primary_level: expected outpatient$"
expect_out "^ +got iop$"
expect_out "missing: low_readiness; unexpected: cost_barrier"
expect_out "^ok   .* right-on-purpose"
expect_out "^2 cases: 1 passed, 1 failed$"

run test tests/cases/p09-p12-other.yaml tests/cases/p01-safety.yaml --min-coverage 90 --quiet
expect_status 1
expect_out "under the minimum of 90.0%"
expect_out "never fired: "
expect_no_out "^ok "

run test tests/cli/data/bad-cases.yaml
expect_status 65
expect_err "bad-cases.yaml:5:5: expect: unknown field 'primary_levle' \(did you mean 'primary_level'\?\)"
expect_err "pathway: 'rehab' is not a known value"

run test "$TMP/none"
expect_status 66
finish
