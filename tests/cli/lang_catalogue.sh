# The Spanish catalogue covers the interface: every message marked in src/ (extracted here with
# the same xgettext keywords as the carepath-pot target) has a Spanish translation in po/es.po,
# and msgfmt accepts the catalogue with its format checks ({} holes kept in every translation).
source "$(dirname "$0")/lib.sh"
out="" err=""  # no carepath run here: fail() shows these
for tool in xgettext msgcmp msgfmt; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed (apt-get install gettext)"; exit 77; }
done
cd "$SRC"
find src -name '*.cpp' -o -name '*.hpp' | sort >"$TMP/sources"
xgettext --language=C++ --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=tr --keyword=trf \
  --keyword=trn:1,2 --keyword=trnf:1,2 --flag=trf:1:python-brace-format -o "$TMP/carepath.pot" \
  -f "$TMP/sources" 2>"$TMP/xgettext.log" || fail "xgettext failed: $(cat "$TMP/xgettext.log")"
grep -q '^msgid "[^"]' "$TMP/carepath.pot" || fail "xgettext found no messages in src/"
msgcmp po/es.po "$TMP/carepath.pot" >"$TMP/msgcmp.log" 2>&1 ||
  fail "messages of src/ with no Spanish in po/es.po: $(grep -v 'not used' "$TMP/msgcmp.log" | head -20)"
msgfmt --check -o /dev/null po/es.po 2>"$TMP/msgfmt.log" || fail "msgfmt --check: $(cat "$TMP/msgfmt.log")"
untranslated=$(msgattrib --untranslated --no-obsolete po/es.po | grep -c '^msgid "[^"]')
[ "$untranslated" -eq 0 ] || fail "$untranslated messages in po/es.po have an empty translation"
finish
