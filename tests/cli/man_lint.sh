# Every man page formats without a groff warning.
. "$(dirname "$0")/lib.sh"
cd "$SRC"
command -v groff >/dev/null || { echo "groff is missing: ./setup installs groff-base" >&2; exit 1; }
for page in man/*.[1-8]; do
  warnings=$(groff -man -ww -z "$page" 2>&1)
  [ -z "$warnings" ] || { out=""; err="$warnings"; fail "groff warnings in $page"; }
done
finish
