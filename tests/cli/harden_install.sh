# cmake --install into a DESTDIR puts the binary, man pages, default content and the bash
# completion where a Debian system looks for them, and the installed binary runs.
source "$(dirname "$0")/lib.sh"
build=$(dirname "$CAREPATH")
[ -f "$build/cmake_install.cmake" ] || { echo "no cmake_install.cmake beside $CAREPATH" >&2; exit 1; }
DESTDIR="$TMP/root" cmake --install "$build" --prefix /usr >"$TMP/install.log" 2>&1 || fail "cmake --install failed: $(tail -5 "$TMP/install.log")"
root=$TMP/root/usr
for f in bin/carepath share/man/man1/carepath.1 share/carepath/questionnaires/opioid-intake.yaml \
         share/carepath/rules/opioid-pathway.yaml share/bash-completion/completions/carepath share/doc/carepath/README.md; do
  [ -f "$root/$f" ] || fail "not installed: $f"
done
[ -x "$root/bin/carepath" ] || fail "bin/carepath is not executable"
for m in "$SRC"/man/*.5; do
  [ -e "$m" ] || continue
  [ -f "$root/share/man/man5/$(basename "$m")" ] || fail "man page not installed: $(basename "$m")"
done
CAREPATH=$root/bin/carepath
run --version
expect_status 0 "installed carepath --version"
expect_out "^carepath 0|[0-9]+\.[0-9]+\.[0-9]+"
run check --questionnaire "$root/share/carepath/questionnaires/opioid-intake.yaml" --rules "$root/share/carepath/rules/opioid-pathway.yaml"
expect_status 0 "the installed content checks clean"
finish
