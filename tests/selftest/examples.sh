#!/bin/bash
# examples.sh - 'proxyfpm selftest' on the bundled example and on every
# site description in testdata/site: each site means what its generated
# Apache vhost and pool do (exit 0, every probe OK), with proxyfpm's
# runtime and with the real php-fpm8.2 (--fpm), in the report formats, and
# nothing is left behind.
set -u
. "$PF_SRC/tests/lib/need.sh"
. "$PF_SRC/tests/selftest/lib.sh"
need apache2
st_setup
fail() { echo "FAIL: $*"; exit 1; }

ex=$PF_SRC/examples/shop.ini
"$PROXYFPM" selftest -v "$ex" --format "text,json:$T/r.json,sarif:$T/r.sarif" \
    > "$T/table" 2> "$T/log"
rc=$?
cat "$T/table"
[ $rc -eq 0 ] || { cat "$T/log"; fail "examples/shop.ini: exit $rc"; }
no_leftovers "$T/log" || fail "examples/shop.ini left something behind"
grep -q 'process group' "$T/log" || fail "-v did not name the process groups"
# The rows that prove the site: PHP runs where it should, never in the
# upload folders, hidden files and status pages are refused.
row() {	# URL EXPECTED OBSERVED [FILE]
	grep -Eq "^  $1 +$2 +$3 +${4:--} +OK\$" "$T/table" ||
	    fail "row '$1 $2 $3 ${4:--} OK' missing"
}
row /static.txt static static
row /index.php 'PHP runs' 'PHP ran' /srv/shop/public/index.php
row /sub/x.php 'PHP runs' 'PHP ran' /srv/shop/public/sub/x.php
row /index.php/extra refused 404
row /.user.ini refused 403
row /no/such/page 'front controller' 'PHP ran' /srv/shop/public/index.php
row /media/uploads/evil.jpg static static
row '/media/uploads/evil.jpg/x.php' 'no PHP' 404
row /media/uploads/x.php 'no PHP' 403
row '/media/uploads/x.php\?x=1' 'no PHP' 403
row '/var/cache/images/a.php.jpg' 'static or 403' 403
row /fpm-status 'status page' 'status page'
row '/fpm-status \(outside\)' refused 403
row /fpm-ping 'ping answer' ping
grep -q '^selftest: 25 probes, 0 failed' "$T/table" || fail "summary line"
"$PYTHON" - "$T/r.json" "$T/r.sarif" <<'PY' || fail "reports"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["command"] == "selftest", r["command"]
assert r["summary"]["exit_code"] == 0, r["summary"]
assert not [f for f in r["findings"] if f["severity"] != "note"], r["findings"]
s = json.load(open(sys.argv[2]))
assert s["runs"][0]["results"] == [], s["runs"][0]["results"]
PY

# The same with the real php-fpm: the probe files print their path when
# PHP runs them.
if command -v php-fpm8.2 >/dev/null 2>&1 || [ -x /usr/sbin/php-fpm8.2 ]; then
	"$PROXYFPM" selftest -v --fpm "$ex" > "$T/table" 2> "$T/log"
	rc=$?
	[ $rc -eq 0 ] || { cat "$T/table" "$T/log"; fail "--fpm: exit $rc"; }
	grep -q "php-fpm\$" "$T/table" || fail "--fpm did not run php-fpm"
	row /index.php 'PHP runs' 'PHP ran' /srv/shop/public/index.php
	row /media/uploads/evil.jpg static static
	no_leftovers "$T/log" || fail "--fpm left something behind"
	# open_basedir of a shared pool: php-fpm opens every site's scripts
	f=$PF_TESTDATA/site/basedir-shared/site.ini
	"$PROXYFPM" selftest -q --fpm --format compact "$f" > "$T/out" 2> "$T/log" ||
	    { cat "$T/out" "$T/log"; fail "--fpm $f"; }
elif [ "${CI:-}" = true ]; then
	fail "php-fpm8.2 is required in CI"
fi

# Every site description of the site tests means what it compiles to.
for f in "$PF_TESTDATA"/site/*/site.ini "$PF_TESTDATA"/site/hostfile/host.ini; do
	"$PROXYFPM" selftest -v -q --format compact "$f" > "$T/out" 2> "$T/log"
	rc=$?
	[ $rc -eq 0 ] || { cat "$T/out" "$T/log"; fail "$f: exit $rc"; }
	no_leftovers "$T/log" || fail "$f left something behind"
done
echo "selftest examples: all sites pass, nothing left behind"
