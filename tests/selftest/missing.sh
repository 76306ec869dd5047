#!/bin/bash
# missing.sh - without apache2 (or php-fpm for --fpm) selftest says so and
# exits 6 before doing anything; usage errors exit 2.  Needs no server.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fail() { echo "FAIL: $*"; exit 1; }
ex=$PF_SRC/examples/shop.ini
export TMPDIR=$T

"$PROXYFPM" selftest --apache2 /nonexistent/apache2 "$ex" > "$T/out" 2>&1
rc=$?
[ $rc -eq 6 ] || { cat "$T/out"; fail "missing apache2: exit $rc, not 6"; }
grep -q '/nonexistent/apache2 is not installed' "$T/out" ||
    fail "missing apache2: message"
# Nothing on PATH and nothing in sbin either: the name is looked up.
"$PROXYFPM" selftest --apache2 no-such-apache2-binary "$ex" > "$T/out" 2>&1
[ $? -eq 6 ] || fail "unknown apache2 name: not 6"
"$PROXYFPM" selftest --fpm --apache2 /bin/true --modules-dir "$T" "$ex" \
    > "$T/out" 2>&1
[ $? -eq 6 ] || { cat "$T/out"; fail "no modules: not 6"; }
grep -q 'mod_proxy_fcgi.so' "$T/out" || fail "no modules: message"
mkdir -p "$T/mods" && : > "$T/mods/mod_proxy_fcgi.so"
"$PROXYFPM" selftest --fpm --php-fpm /nonexistent/php-fpm --apache2 /bin/true \
    --modules-dir "$T/mods" "$ex" > "$T/out" 2>&1
rc=$?
[ $rc -eq 6 ] || { cat "$T/out"; fail "missing php-fpm: exit $rc, not 6"; }
grep -q 'php-fpm is not installed' "$T/out" || fail "missing php-fpm: message"
[ -z "$(ls -A "$T" | grep proxyfpm-selftest)" ] || fail "a sandbox was made"

# Usage errors.
for args in "" "--timeout 5 $ex" "--hold -1 $ex" "--layout bsd $ex" \
    "--httpd x.conf $ex" "--upload-dir u $ex" "--user-map x $ex" \
    "--no-such-option $ex"; do
	"$PROXYFPM" selftest $args > "$T/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] || { cat "$T/out"; fail "'selftest $args': exit $rc, not 2"; }
done
"$PROXYFPM" selftest --help | grep -q -- '--compare-simulator' ||
    fail "--help"
echo "missing programs: exit 6; usage: exit 2"
