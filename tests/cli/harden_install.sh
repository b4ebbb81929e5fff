# cmake --install into a DESTDIR puts the binary, man pages (compressed), default content, the
# bash completion and the copyright file where a Debian system looks for them, and the installed
# binary runs.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$CAREPATH")
[ -f "$build/cmake_install.cmake" ] || { echo "no cmake_install.cmake beside $CAREPATH" >&2; exit 1; }
DESTDIR="$TMP/root" cmake --install "$build" --prefix /usr >"$TMP/install.log" 2>&1 || fail "cmake --install failed: $(tail -5 "$TMP/install.log")"
root=$TMP/root/usr
for f in bin/carepath share/man/man1/carepath.1.gz share/carepath/questionnaires/opioid-intake.yaml \
         share/carepath/rules/opioid-pathway.yaml share/bash-completion/completions/carepath share/doc/carepath/README.md \
         share/doc/carepath/copyright share/doc/carepath/changelog.gz; do
  [ -f "$root/$f" ] || fail "not installed: $f"
done
[ -x "$root/bin/carepath" ] || fail "bin/carepath is not executable"
# Every manual page is installed compressed (Debian policy), and reads back as its source.
for m in "$SRC"/man/*.[1-8]; do
  page=$root/share/man/man${m##*.}/$(basename "$m").gz
  [ -f "$page" ] && gzip -dc "$page" | cmp -s - "$m" || fail "$(basename "$m").gz is not $m compressed"
done
[ -z "$(find "$root/share/man" -type f ! -name '*.gz')" ] || fail "uncompressed manual pages installed"
CAREPATH=$root/bin/carepath
run --version
expect_status 0 "installed carepath --version"
expect_out "^carepath 0|[0-9]+\.[0-9]+\.[0-9]+"
run check --questionnaire "$root/share/carepath/questionnaires/opioid-intake.yaml" --rules "$root/share/carepath/rules/opioid-pathway.yaml"
expect_status 0 "the installed content checks clean"
finish
