#!/bin/bash
# php_version_root.sh - under --root the PHP version the version rules
# judge is the copy's own php-fpm binary's, read from its bytes (the
# "X-Powered-By: PHP/X.Y.Z" PHP compiles in) and never run: Debian's
# php-fpmX.Y for /etc/php/X.Y/fpm, FreeBSD's /usr/local/sbin/php-fpm;
# none in the copy: unknown (no PHP version rule judged).
set -u
. "$PF_SRC/tests/lib/need.sh"
need /usr/bin/python3
pf_tmpdir
fail() { echo "FAIL: $*" >&2; [ -f "$T/out" ] && cat "$T/out" >&2; exit 1; }
ver() {	# ROOT: the php_version lint reports
	"$PROXYFPM" lint --no-config --root "$1" --fail-on none --format json \
		> "$T/out" 2>/dev/null
	/usr/bin/python3 -c 'import json,sys
print(json.load(open(sys.argv[1]))["inputs"]["php_version"])' "$T/out"
}
fake() {	# PATH VERSION: a binary-like file with PHP's header in it
	mkdir -p "$(dirname "$1")"
	printf '\177ELF\0\0PHP/9 X-Powered-By: PHP\0X-Powered-By: PHP/%s\0tail' \
		"$2" > "$1"
}
pool='[global]
include=/usr/local/etc/php-fpm.d/*.conf'
F=$T/freebsd
mkdir -p "$F/usr/local/etc/php-fpm.d"
printf '%s\n' "$pool" > "$F/usr/local/etc/php-fpm.conf"
printf '[www]\nuser = www\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 2\n' \
	> "$F/usr/local/etc/php-fpm.d/www.conf"
[ "$(ver "$F")" = None ] || fail "freebsd without binary: $(ver "$F")"
fake "$F/usr/local/sbin/php-fpm" 8.2.29
[ "$(ver "$F")" = 8.2.29 ] || fail "freebsd: $(ver "$F")"
D=$T/debian
mkdir -p "$D/etc/php/8.1/fpm/pool.d"
printf '[global]\ninclude=/etc/php/8.1/fpm/pool.d/*.conf\n' \
	> "$D/etc/php/8.1/fpm/php-fpm.conf"
printf '[www]\nuser = www-data\nlisten = /run/php/php8.1-fpm.sock\npm = static\npm.max_children = 2\n' \
	> "$D/etc/php/8.1/fpm/pool.d/www.conf"
fake "$D/usr/sbin/php-fpm" 7.4.33
fake "$D/usr/sbin/php-fpm8.1" 8.1.2
[ "$(ver "$D")" = 8.1.2 ] || fail "debian: $(ver "$D")"
echo "1 passed, 0 failed"
