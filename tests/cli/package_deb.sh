# cpack builds the Debian package from the build directory and lintian finds nothing in it: a
# copyright file, compressed manual pages and changelog, a real maintainer, Debian's permissions.
# Without cpack, dpkg-deb or lintian the test is skipped (exit 77), except in CI (CI=true), where
# .ci/run installs them and a skip would hide the check.
source "$(dirname "$0")/lib.sh"
out="" err=""  # no carepath run here: fail() shows these
build=$(dirname "$CAREPATH")
for tool in cpack dpkg-deb lintian; do
  if ! command -v "$tool" >/dev/null; then
    [ "${CI:-}" = "true" ] && { echo "FAIL: $tool is not installed (CI needs it: apt-get install lintian)" >&2; exit 1; }
    echo "skipped: $tool is not installed (apt-get install lintian)"
    exit 77
  fi
done
[ -f "$build/CPackConfig.cmake" ] || { echo "no CPackConfig.cmake beside $CAREPATH" >&2; exit 1; }
(cd "$TMP" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$TMP/pkg") >"$TMP/cpack.log" 2>&1 ||
  fail "cpack failed: $(tail -5 "$TMP/cpack.log")"
debs=("$TMP"/pkg/carepath_*.deb)
[ -f "${debs[0]}" ] || { fail "cpack made no carepath_*.deb: $(tail -5 "$TMP/cpack.log")"; finish; }
deb=${debs[0]}

maintainer=$(dpkg-deb -f "$deb" Maintainer)
grep -qE '^[^<>]+ <[^@<>]+@[^@<>]+\.[a-z]+>$' <<<"$maintainer" || fail "Maintainer is not Name <address>: $maintainer"
grep -q localhost <<<"$maintainer" && fail "Maintainer is at localhost: $maintainer"

# Contents: mode, owner and path of every entry.
dpkg-deb -c "$deb" >"$TMP/contents" || fail "dpkg-deb -c failed"
for f in usr/share/doc/carepath/copyright usr/share/doc/carepath/changelog.gz usr/share/man/man1/carepath.1.gz \
  usr/share/locale/es/LC_MESSAGES/carepath.mo; do
  grep -qE " \./$f$" "$TMP/contents" || fail "not in the package: $f"
done
grep -E '/usr/share/man/.*[^z]$' "$TMP/contents" | grep -v '/$' && fail "uncompressed manual pages (above)"
grep -vE '^[-d][rwx-]{9} root/root ' "$TMP/contents" && fail "entries not owned by root/root (above)"
grep -E '^d' "$TMP/contents" | grep -v '^drwxr-xr-x ' && fail "directories not 0755 (above)"
grep -E '^-' "$TMP/contents" | grep -vE '^-rw-r--r-- |^-rwxr-xr-x .* \./usr/bin/carepath$' && fail "files not 0644 (or 0755 for the program) (above)"
# Lintian, as root too (a container's CI): an error or a warning fails the test. Info tags are
# shown, not failed: hardening-no-bindnow and hardening-no-fortify-functions ask for Debian's
# build flags (dpkg-buildflags), which a CMake build does not set.
lintian --allow-root --fail-on error,warning --display-info "$deb" >"$TMP/lintian.log" 2>&1 ||
  fail "lintian: $(cat "$TMP/lintian.log")"
cat "$TMP/lintian.log"
finish
