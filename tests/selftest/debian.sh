#!/bin/bash
# debian.sh - selftest on a real-world tree: a copy of this machine's stock
# Debian /etc/apache2 (read through every Include, as apache2 reads it)
# with Debian's own php8.2-fpm.conf enabled, in front of the stock
# php-fpm.conf and its www pool.  The stock handler is FilesMatch +
# SetHandler without a file check and no upload protection: PHP runs in an
# upload folder (a high finding at the SetHandler of php8.2-fpm.conf), the
# stock tree serves .user.ini (medium), and everything else holds.
set -u
. "$PF_SRC/tests/lib/need.sh"
. "$PF_SRC/tests/selftest/lib.sh"
need apache2
for f in /etc/apache2/apache2.conf /etc/apache2/conf-available/php8.2-fpm.conf \
    /etc/php/8.2/fpm/php-fpm.conf; do
	if [ ! -f "$f" ]; then
		if [ "${CI:-}" = true ]; then
			echo "FAIL: $f is required in CI but missing"
			exit 1
		fi
		echo "SKIP: $f is not here (not a stock Debian apache2 + php8.2-fpm)"
		exit 77
	fi
done
st_setup
fail() { echo "FAIL: $*"; exit 1; }
cp -a /etc/apache2 "$T/apache2"
cd "$T/apache2" || exit 1
ln -sf ../conf-available/php8.2-fpm.conf conf-enabled/php8.2-fpm.conf
for m in proxy proxy_fcgi setenvif; do
	[ -e mods-enabled/$m.load ] || ln -s ../mods-available/$m.load mods-enabled/
done
cd "$T" || exit 1
"$PROXYFPM" selftest -v --httpd "$T/apache2/apache2.conf" -d "$T/apache2" \
    --fpm /etc/php/8.2/fpm/php-fpm.conf --upload-dir uploads \
    --compare-simulator --format compact > "$T/out" 2> "$T/log"
rc=$?
cat "$T/out"
[ $rc -eq 1 ] || { cat "$T/log"; fail "exit $rc, not 1"; }
grep -Eq "^apache2/conf-enabled/php8.2-fpm.conf:[0-9]+:[0-9]+: high: /uploads/x.php on localhost: expected no PHP, got PHP ran /var/www/html/uploads/x.php" \
    "$T/out" || fail "the upload finding at php8.2-fpm.conf's SetHandler"
grep -Eq "^  /index.php +PHP runs +PHP ran +/var/www/html/index.php +OK" \
    "$T/out" || fail "index.php should run"
grep -Eq "^  /uploads/evil.jpg/x.php +no PHP +404 " "$T/out" ||
    fail "evil.jpg/x.php"
# (and its twin with a query string: the client picks it)
grep -Eq "^  /uploads/x.php\?x=1 +no PHP +PHP ran +/var/www/html/uploads/x.php +FAIL" \
    "$T/out" || fail "uploads/x.php?x=1"
n=$(grep -c 'selftest-probe-failed\]$' "$T/out")
[ "$n" -eq 3 ] || fail "$n failed probes, expected 3"
grep -q 'selftest-simulator-disagrees' "$T/out" &&
    fail "the simulator disagrees on Debian's stock tree"
no_leftovers "$T/log" || fail "something was left behind"
# Nothing under the real /etc or /var/www was touched.
[ ! -e /var/www/html/evil.jpg ] && [ ! -e /var/www/html/uploads/evil.jpg ] ||
    fail "a probe file landed in the real /var/www/html"
echo "debian: the stock tree behaves as expected"
