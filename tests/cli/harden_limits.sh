# Hostile input ends in a clear error, quickly, never a crash, hang or memory blow-up; a BOM
# and CRLF line ends are fine; identifiers are refused without being repeated.
source "$(dirname "$0")/lib.sh"
persona=$SRC/examples/personas/heroin-daily-severe.yaml
# Memory is capped at 2 GB of address space, except for a sanitizer build: AddressSanitizer
# reserves terabytes of virtual space for its shadow memory (and reports blow-ups itself).
vm_limit=2000000
grep -qa __asan_init "$CAREPATH" && vm_limit=unlimited
limited() { out=$(ulimit -v $vm_limit; timeout 20 "$CAREPATH" "$@" 2>"$TMP/stderr" </dev/null); status=$?; err=$(cat "$TMP/stderr"); }

# A billion laughs in a record: refused before anything is expanded.
{ sed -n '/^carepath/,/^answers/p' "$persona"; echo '  a0: &a0 [x, x, x, x, x, x, x, x, x]'
  for i in 1 2 3 4 5 6 7 8 9 10; do p=$((i - 1)); echo "  a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"; done
} >"$TMP/laughs.yaml"
limited report "$TMP/laughs.yaml"
expect_status 65 "billion laughs"
expect_err "laughs.yaml:[0-9]+:[0-9]+: anchors \(&name\) are not allowed in a record"

# The same bomb in a rule set is bounded by its expanded size.
{ cat "$SRC/rules/opioid-pathway.yaml"; echo 'x0: &x0 [x, x, x, x, x, x, x, x, x]'
  for i in 1 2 3 4 5 6 7 8 9 10; do p=$((i - 1)); echo "x$i: &x$i [*x$p, *x$p, *x$p, *x$p, *x$p, *x$p, *x$p, *x$p, *x$p]"; done
} >"$TMP/rules.yaml"
limited check --rules "$TMP/rules.yaml"
expect_status 65 "alias bomb in rules"
expect_out "rules.yaml:[0-9]+:[0-9]+: the document expands to more than 1000000 nodes"

# Deep nesting: our message, not yaml-cpp's.
printf 'carepath: 1\nanswers: %s\n' "$(head -c 3000 /dev/zero | tr '\0' '[')" >"$TMP/deep.yaml"
limited report "$TMP/deep.yaml"
expect_status 65 "deep nesting"
expect_err "deep.yaml:2:[0-9]+: nesting is deeper than 64 levels"

# Binary input, endless input, invalid UTF-8 and tags.
limited report "$CAREPATH"
expect_status 65 "the binary itself"
limited report /dev/zero
expect_status 65 "/dev/zero"
expect_err "/dev/zero: is larger than 1024 KiB"  # one record is read with a bounded read
printf 'carepath: 1\nquestionnaire: opioid-intake\ncase_id: \xff\xfe\nanswers: {}\n' >"$TMP/utf8.yaml"
limited report "$TMP/utf8.yaml"
expect_status 65 "invalid UTF-8"
expect_err "utf8.yaml:3:10: invalid UTF-8 \(byte 0xFF\)"
sed 's/^case_id: .*/case_id: !!binary aGVsbG8=/' "$persona" >"$TMP/tag.yaml"
limited report "$TMP/tag.yaml"
expect_status 65 "a YAML tag"
expect_err "YAML tags"

# A byte-order mark and CRLF line ends are accepted, with the same result.
run report "$persona" -f json
plain=$(grep -v '"source"' <<<"$out")
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$persona"; } >"$TMP/bom.yaml"
run report "$TMP/bom.yaml" -f json
expect_status 0 "BOM and CRLF"
[ "$(grep -v '"source"' <<<"$out")" = "$plain" ] || fail "BOM/CRLF record gives another result"

# A stream goes on past a bad record.
{ cat "$persona"; echo '---'; echo 'carepath: 1'; echo 'a: &x [*x]'; echo '---'; cat "$persona"; } >"$TMP/stream.yaml"
run score "$TMP/stream.yaml" -f csv
expect_status 1 "one bad record in a stream"
[ "$(grep -c ',ok,' <<<"$out")" -eq 2 ] || fail "the good records around the bad one are not both scored"

# Identifiers: named, never echoed, in YAML, JSON Lines and CSV cells.
sed 's/^case_id: .*/case_id: jane.doe@example.org/' "$persona" >"$TMP/email.yaml"
run report "$TMP/email.yaml"
expect_status 65 "an e-mail address as case_id"
expect_err "case_id: the value looks like an e-mail address"
grep -q "jane" <<<"$out$err" && fail "the e-mail address is echoed"
printf '{"carepath": 1, "questionnaire": "opioid-intake", "answers": {"use_frequency": "555-867-5309"}}\n' >"$TMP/phone.jsonl"
run score "$TMP/phone.jsonl"
expect_status 1 "a phone number as an answer"
expect_out "item 'use_frequency': the value looks like a phone number"
grep -q "867" <<<"$out$err" && fail "the phone number is echoed"
printf 'case_id,suicidal_ideation\n123-45-6789,none\nC-2,03/14/1985\n' >"$TMP/cells.csv"
run score "$TMP/cells.csv" -f csv
expect_status 1 "identifiers in CSV cells"
expect_out "social security number"
expect_out "a date \(such as a date of birth\)"
grep -qE "6789|1985" <<<"$out$err" && fail "a CSV cell is echoed"
# A mapped table: every cell is checked, mapped or not, and never echoed.
python3 "$SRC/bench/gen_tedsa.py" --rows 3 --seed 5 --format csv --out "$TMP/tedsa.csv"
awk -F, -v OFS=, 'NR == 3 { $2 = "jane.doe@example.org" } { print }' "$TMP/tedsa.csv" >"$TMP/tedsa-id.csv"
run score --map "$SRC/mappings/tedsa-2021.yaml" "$TMP/tedsa-id.csv" -f csv
expect_status 1 "an e-mail address in a mapped table"
expect_out "tedsa-id.csv:3,.*column 2: the value looks like an e-mail address"
grep -q "jane" <<<"$out$err" && fail "a mapped cell is echoed"
finish
