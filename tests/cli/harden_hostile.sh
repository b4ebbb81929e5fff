# Hostile input, second round (issue 19): each reproducer, scaled to run in a second or two,
# must end in a clear error, echo nothing the privacy policy forbids, report every write
# failure, and leave no temporary file behind.
source "$(dirname "$0")/lib.sh"
persona="$SRC/examples/personas/heroin-daily-severe.yaml"
x_bytes() { head -c "$1" /dev/zero | tr '\0' x; }

# 1. A long line after the first, JSON Lines and CSV: refused at its line, not read whole.
{ echo '{"carepath":1}'; x_bytes 3000000; echo; } >"$TMP/long.jsonl"
run score "$TMP/long.jsonl" -j2
expect_status 65 "a 3 MB second line"
expect_err "long.jsonl:2: a line is longer than 1024 KiB"
{ echo 'suicidal_ideation,medical_emergency'; echo 'none,no'; x_bytes 3000000; echo; } >"$TMP/long.csv"
run score "$TMP/long.csv" -f csv
expect_status 65 "a 3 MB third CSV row"
expect_err "long.csv:3: a row is longer than 1024 KiB"
# A sparse file: NUL bytes after the first line are binary data, refused at once.
printf '{"carepath":1}\n' >"$TMP/sparse.jsonl"
truncate -s 64M "$TMP/sparse.jsonl"
run score "$TMP/sparse.jsonl"
expect_status 65 "a sparse 64 MB file"
expect_err "sparse.jsonl:2: a NUL byte: this is binary data"

# 2. An over-long answer is refused by its length, before any did-you-mean.
answer=$(x_bytes 900000)
printf '{"carepath":1,"questionnaire":"opioid-intake","answers":{"use_frequency":"%s"}}\n' "$answer" >"$TMP/answer.jsonl"
run score "$TMP/answer.jsonl" -f csv
expect_status 1 "a 900 KB answer"
expect_out "the value is longer than 4096 bytes"
{ printf 'none\n'; x_bytes 5000000; printf '\n'; } >"$TMP/answers.txt"
out=$("$CAREPATH" intake --save "$TMP/long-answer.yaml" <"$TMP/answers.txt" 2>"$TMP/stderr"); status=$?; err=$(cat "$TMP/stderr")
expect_status 1 "intake with a 5 MB answer line ends at end of input"
expect_err "longer than 4096 bytes"
[ "$(wc -c <"$TMP/stderr")" -lt 100000 ] || fail "intake echoed the long answer"

# 3. A header of 100,000 empty names: a linear check, and a capped list of problems.
{ printf 'case_id'; head -c 100000 /dev/zero | tr '\0' ','; echo; } >"$TMP/wide.csv"
run score "$TMP/wide.csv" -f csv
expect_status 65 "a header of 100,000 empty names"
expect_err "the header row is not valid \(100000 problems\)"
expect_err "\.\.\. and 99950 more"
[ "$(wc -l <<<"$err")" -lt 60 ] || fail "the header's problems are not capped"

# 4. Standard error closed: the error still ends in the right status, not an abort.
"$CAREPATH" report "$TMP/nonexistent" 2>&-
status=$?
expect_status 66 "report with standard error closed"

# 5. Every command's output is checked: a full disk is exit 74.
for cmd in "report $persona -f json" "explain $persona" "pathway" "check" "--help" "--version" "score $persona"; do
  # shellcheck disable=SC2086
  "$CAREPATH" $cmd >/dev/full 2>"$TMP/stderr"
  status=$?
  err=$(cat "$TMP/stderr")
  expect_status 74 "$cmd > /dev/full"
  expect_err "cannot write to standard output|cannot write to"
done

# 6. Identifiers are never echoed, whatever their spelling.
run whatif "$persona" --set primary_substance=123-45-6789
expect_status 65 "an SSN in --set"
grep -q "123-45-6789" <<<"$err" && fail "--set echoed the SSN"
run whatif "$persona" --set "Jane Roe=1"
expect_status 65 "a name as a --set item"
grep -q "Jane" <<<"$err" && fail "--set echoed the item name"
expect_err "unknown item a value of 8 characters \(not shown\)"
for value in "123.45.6789" "１２３-４５-６７８９" "١٢٣-٤٥-٦٧٨٩" "jane＠example.org" "14.03.1985" "Jane Roe"; do
  sed "s/^  use_frequency: .*/  use_frequency: \"$value\"/" "$persona" >"$TMP/v.yaml"
  run report "$TMP/v.yaml"
  expect_status 65 "use_frequency: $value"
  grep -qF -- "$value" <<<"$err" && fail "the value $value was echoed"
done
sed 's/^  use_frequency: .*/  use_frequency: dayly/' "$persona" >"$TMP/v.yaml"
run report "$TMP/v.yaml"
expect_err "'dayly' is not allowed; expected one of: none_past_month, less_than_daily, daily \(did you mean 'daily'\?\)"
for label in "Jane Roe" "JaneRoe" "123.45.6789" "Ｃ-００４２" "1985-03-14"; do
  sed "s/^case_id: .*/case_id: \"$label\"/" "$persona" >"$TMP/c.yaml"
  run report "$TMP/c.yaml"
  expect_status 65 "case_id $label"
  grep -qF -- "$label" <<<"$err" && fail "case_id $label was echoed"
  expect_err "case_id: "
done
printf 'case_id,suicidal_ideation\nJane Roe,none\n' >"$TMP/id.csv"
run score "$TMP/id.csv" -f csv
grep -q "Jane" <<<"$out$err" && fail "a CSV case_id name was echoed"
printf 'case_id,123-45-6789\n' >"$TMP/col.csv"
run score "$TMP/col.csv" -f csv
expect_status 65 "an SSN as a column name"
grep -q "123-45-6789" <<<"$err" && fail "a column name was echoed"
printf 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n' >"$TMP/shadow"
run report "$TMP/shadow"
expect_status 65 "a shadow file"
grep -qE "root|daemon|hash" <<<"$err" && fail "report echoed a line of a file that is not a record"
run intake --save "$TMP/named.yaml" --case-id "Jane Roe"
expect_status 65 "--case-id with a name"
grep -q "Jane" <<<"$err" && fail "--case-id echoed the name"

# 7. A YAML record with a line over 1 MiB is one error, not a phantom record plus an error.
{ head -3 "$persona"; printf 'note: '; x_bytes 1100000; echo; tail -n +4 "$persona"; } >"$TMP/split.yaml"
run report "$TMP/split.yaml"
expect_status 65 "a record with a 1.1 MB line"
expect_err "is larger than 1024 KiB"
grep -q "more than one record\|required item" <<<"$err" && fail "the record was split in two"
run score "$TMP/split.yaml" -f csv
expect_status 1 "a stream with a 1.1 MB line"
[ "$(wc -l <<<"$out")" -eq 2 ] || fail "the record was split in two rows"
expect_out "split.yaml:[0-9]+: line 4 is longer than 1024 KiB"

# 8. Temporary files: every catchable signal removes them; stale ones are removed.
mkfifo "$TMP/fifo"
# (SIGQUIT and SIGINT are ignored in a background job of a script, so they are not sent here.)
for sig in ALRM USR1 USR2 PIPE TERM; do
  "$CAREPATH" score - -f csv -o "$TMP/sig-$sig.csv" <"$TMP/fifo" 2>/dev/null &
  pid=$!
  exec 3>"$TMP/fifo"  # the reader now runs; keep the pipe open while it waits
  for _ in $(seq 200); do compgen -G "$TMP/sig-$sig.csv.tmp.*" >/dev/null && break; sleep 0.05; done
  compgen -G "$TMP/sig-$sig.csv.tmp.*" >/dev/null || fail "no temporary file while score -o ran ($sig)"
  kill -s "$sig" "$pid"
  wait "$pid"
  exec 3>&-
  compgen -G "$TMP/sig-$sig.csv.tmp.*" >/dev/null && fail "SIG$sig left a temporary file"
done
(ulimit -f 1; "$CAREPATH" score "$SRC/examples/personas" -f jsonl -o "$TMP/xfsz.jsonl" 2>/dev/null)
compgen -G "$TMP/xfsz.jsonl.tmp.*" >/dev/null && fail "SIGXFSZ (ulimit -f) left a temporary file"
touch "$TMP/out.csv.tmp.AbC123" "$TMP/out.csv.tmp.keep-me"
run score "$persona" -f csv -o "$TMP/out.csv"
expect_status 0 "score -o with a stale temporary file"
expect_err "removed .*out.csv.tmp.AbC123"
[ -e "$TMP/out.csv.tmp.AbC123" ] && fail "score -o left the stale temporary file"
[ -e "$TMP/out.csv.tmp.keep-me" ] || fail "score -o removed a file not of its naming"
printf 'none\n' >"$TMP/one.txt"
"$CAREPATH" intake --save "$TMP/rec.yaml" <"$TMP/one.txt" >/dev/null 2>&1
cp "$TMP/rec.yaml" "$TMP/rec.yaml.tmp.Zz9Yy8"
out=$("$CAREPATH" intake --resume "$TMP/rec.yaml" </dev/null 2>"$TMP/stderr"); status=$?; err=$(cat "$TMP/stderr")
expect_err "Removed .*rec.yaml.tmp.Zz9Yy8"
[ -e "$TMP/rec.yaml.tmp.Zz9Yy8" ] && fail "intake --resume left the stale temporary file"

# 9. Endless input ends with an error.
run report /dev/urandom
expect_status 65 "report /dev/urandom"
expect_err "larger than 1024 KiB"
out=$(head -c 5000000 /dev/urandom | "$CAREPATH" score - --input-format yaml -f csv 2>"$TMP/stderr"); status=$?
expect_status 1 "a YAML stream of random bytes"
grep -q "NUL byte\|longer than\|larger than" <<<"$out" || fail "the random YAML stream did not stop with an error row"

# 10. Smaller ones.
printf '{"carepath":1,\n' >"$TMP/bad.jsonl"
run score "$TMP/bad.jsonl" -f csv
expect_out "JSON syntax error: "
grep -q "missing 'carepath\|missing 'questionnaire\|missing 'answers\|TAPE_ERROR\|tape" <<<"$out" && fail "spurious lines or simdjson wording"
run report /proc/self/mem
expect_status 66 "report /proc/self/mem"
mkdir "$TMP/dir"
cp "$persona" "$TMP/dir/a.yaml"
mkfifo "$TMP/dir/b.yaml"
ln -s "$TMP/nowhere.yaml" "$TMP/dir/c.yaml"
run score "$TMP/dir"
expect_status 66 "score DIR with a FIFO"
expect_err "b.yaml': not a regular file"
rm "$TMP/dir/b.yaml"
run score "$TMP/dir"
expect_err "c.yaml': a dangling symbolic link"
ln -s "$TMP/nowhere.csv" "$TMP/dangling.csv"
run score "$persona" -f csv -o "$TMP/dangling.csv"
expect_status 2 "-o over a dangling symbolic link"
for i in $(seq 10000); do printf '  k%d: 1\n' "$i"; done >"$TMP/keys.txt"
{ head -4 "$persona"; printf 'answers:\n'; cat "$TMP/keys.txt"; } >"$TMP/keys.yaml"
run report "$TMP/keys.yaml"
expect_status 65 "10,000 unknown keys"
[ "$(wc -c <<<"$err")" -lt 20000 ] || fail "the error list is not capped"
expect_err "\.\.\. and [0-9]+ more problems"
# A mapping with 100,000 flag columns (5 MB) is refused by its size before it is parsed, and a
# table that lacks many of a mapping's columns gets a capped list.
# The TEDS-A mapping with $2 more flag columns (of the form $3) first in its flags' columns.
wide_map() {
  awk -v n="$2" -v col="$3" '{ print } /^flags:/ { f = 1 } f && /^    columns:/ { for (i = 1; i <= n; i++) printf col "\n", i; f = 0 }' \
    "$SRC/mappings/tedsa-2021.yaml" >"$1"
}
wide_map "$TMP/wide-map.yaml" 100000 '      X%dFLG: {code: other, unless: {SUB1: ["8"]}}'
python3 "$SRC/bench/gen_tedsa.py" --rows 3 --seed 1 --out "$TMP/three.csv"
run score --map "$TMP/wide-map.yaml" "$TMP/three.csv" -f csv
expect_status 65 "a mapping with 100,000 flag columns"
expect_err "wide-map.yaml' is larger than 64 KiB"
wide_map "$TMP/many-map.yaml" 1000 '      X%dFLG: {code: other}'
run score --map "$TMP/many-map.yaml" "$TMP/three.csv" -f csv
expect_status 65 "a table that lacks 1,000 of the mapping's columns"
expect_err "the header lacks 1000 columns that mapping .* needs: X1FLG, .*, X50FLG, \.\.\. and 950 more$"
# An empty multi answer is "[]" in CSV, so every persona round-trips through CSV.
printf 'case_id,suicidal_ideation,medical_emergency,overdose_past_year,primary_substance,use_frequency,route,co_use,dsm5_criteria,withdrawal_history,pregnant,prior_treatment_episodes,current_moud,living_situation,substance_use_at_home,supportive_person\n' >"$TMP/empty.csv"
printf 'P05-NO-DIAGNOSIS,none,no,no,rx_opioid,less_than_daily,oral,[],craving,mild,no,0,none,independent,no,yes\n' >>"$TMP/empty.csv"
run score "$SRC/examples/personas/p05-no-diagnosis.yaml" -f csv
yaml_row=$(tail -1 <<<"$out" | cut -d, -f1,3-)
run score "$TMP/empty.csv" -f csv
csv_row=$(tail -1 <<<"$out" | cut -d, -f1,3-)
[ "$yaml_row" = "$csv_row" ] || fail "the persona with co_use: [] does not round-trip through CSV: $yaml_row / $csv_row"
finish
