#!/bin/bash
# stock.sh - stock layouts produce nothing at medium or above.
#
#   stock.sh debian   Debian's /etc/apache2 + php8.2-fpm as installed here,
#                     copied into a private root with proxy_fcgi and the
#                     php8.2-fpm conf enabled (never touching /etc)
#   stock.sh rhel     the hand-written RHEL layout of testdata/rules/_stock
#
# Both are linted with --root; the run must exit 0 at --fail-on medium,
# read every file without errors, and link the PHP route to the pool (so
# the quiet result is not from skipped analysis).
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2
pf_tmpdir
R="$T/root"
mkdir -p "$R/etc" "$R/usr/lib" "$R/var/log" "$R/run/php" "$R/var/www/html"
cp /etc/mime.types "$R/etc/" 2>/dev/null || : > "$R/etc/mime.types"

case "$1" in
debian)
	need php-fpm8.2
	for d in /etc/apache2 /etc/php/8.2/fpm; do
		[ -d "$d" ] || { echo "SKIP: $d missing"; exit 77; }
	done
	cp /etc/passwd /etc/group "$R/etc/"
	cp -a /etc/apache2 "$R/etc/"
	mkdir -p "$R/etc/php/8.2"
	cp -a /etc/php/8.2/fpm "$R/etc/php/8.2/"
	ln -s /usr/lib/apache2 "$R/usr/lib/apache2"
	mkdir -p "$R/var/run/apache2" "$R/var/lock/apache2" "$R/var/log/apache2"
	# a2enmod proxy_fcgi setenvif; a2enconf php8.2-fpm (in the copy).
	for m in proxy proxy_fcgi setenvif; do
		for ext in load conf; do
			f="$R/etc/apache2/mods-available/$m.$ext"
			[ -f "$f" ] && ln -sf "../mods-available/$m.$ext" \
			    "$R/etc/apache2/mods-enabled/$m.$ext"
		done
	done
	ln -sf ../conf-available/php8.2-fpm.conf \
	    "$R/etc/apache2/conf-enabled/php8.2-fpm.conf"
	args=(--root "$R")
	;;
rhel)
	cp -a "$PF_TESTDATA/rules/_stock/rhel/etc/." "$R/etc/"
	cp /etc/passwd /etc/group "$R/etc/"
	echo 'apache:x:48:48:Apache:/usr/share/httpd:/sbin/nologin' >> "$R/etc/passwd"
	echo 'nginx:x:994:994:Nginx:/var/lib/nginx:/sbin/nologin' >> "$R/etc/passwd"
	echo 'apache:x:48:' >> "$R/etc/group"
	echo 'nginx:x:994:' >> "$R/etc/group"
	mkdir -p "$R/usr/lib64/httpd" "$R/var/log/httpd" "$R/var/log/php-fpm" \
	    "$R/run/php-fpm" "$R/run/httpd" "$R/var/www/cgi-bin"
	ln -s /usr/lib/apache2/modules "$R/usr/lib64/httpd/modules"
	ln -s ../../usr/lib64/httpd/modules "$R/etc/httpd/modules"
	ln -s ../../var/log/httpd "$R/etc/httpd/logs"
	ln -s /run/httpd "$R/etc/httpd/run"
	args=(--root "$R" --httpd /etc/httpd/conf/httpd.conf
	    --fpm /etc/php-fpm.conf --php-ini /etc/php.ini)
	;;
*)
	echo "usage: stock.sh debian|rhel" >&2
	exit 2
	;;
esac

out=$(cd "$T" && "$PROXYFPM" lint --no-config --format compact --fail-on medium "${args[@]}" 2>&1)
rc=$?
echo "$out" > "$T/out"
fail=0
if [ $rc -ne 0 ]; then
	echo "FAIL: lint exited $rc (want 0: nothing at medium or above, no errors)"
	fail=1
fi
if grep -E ': (medium|high|critical): ' "$T/out"; then
	echo "FAIL: findings at medium or above on a stock layout"
	fail=1
fi
if grep -E ': error: ' "$T/out"; then
	echo "FAIL: the stock layout did not read cleanly"
	fail=1
fi
# The analysis ran: the PHP route was linked to the stock pool.
if grep -E '\[(route-no-pool|pool-unused)\]$' "$T/out"; then
	echo "FAIL: the stock route and pool were not linked"
	fail=1
fi
if ! grep -qE '\[(sethandler-no-file-check|max-requests-unset)\]$' "$T/out"; then
	echo "FAIL: expected the stock layout's low/info findings (analysis skipped?)"
	fail=1
fi
if [ $fail -ne 0 ]; then
	sed 's/^/    /' "$T/out"
	echo "0 passed, 1 failed"
	exit 1
fi
grep -E ': (low|info): ' "$T/out" | sed 's/^/    /'
echo "1 passed, 0 failed"
