#!/bin/bash
# property.sh - the randomized property test of compile (property.py:
# generated valid descriptions must compile, check clean, pass apache2 -t
# and php-fpm8.2 -t/-tt, lint without high findings, and compile the same
# twice), then the descriptions property.py's failures showed must be
# refused: each was accepted and gave a setup that Apache or php-fpm
# refuses, or that runs PHP as root or as another file.
#
# PF_PROP_COUNT (default 200), PF_PROP_SEED, PF_PROP_ONLY, PF_PROP_KEEP:
# see property.py.  Under ASan (PF_BUILD names a sanitizer build) the
# default count is 100.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2 openssl
PY=${PYTHON:-/usr/bin/python3}
pf_tmpdir
cd "$T" || exit 1
rc=0

if [ -z "${PF_PROP_COUNT:-}" ] && [ -f "${PF_BUILD:-}/CMakeCache.txt" ] &&
    grep -q '^PF_SANITIZE:BOOL=ON' "$PF_BUILD/CMakeCache.txt"; then
	export PF_PROP_COUNT=100
fi
"$PY" "$PF_SRC/tests/site/property.py" || rc=1

# refused NAME ID TEXT: check of NAME exits 3 with diagnostic ID.
refused() {
	NO_COLOR=1 "$PROXYFPM" check "$1" > out.txt 2>&1
	got=$?
	if [ "$got" != 3 ] || ! grep -q "error: .*\[$2\]" out.txt; then
		echo "FAIL: $1 ($3): exit $got, expected 3 with [$2]" >&2
		cat out.txt >&2
		rc=1
	fi
}
HOST=$'[host]\ncores = 2\nmemory = 2G\n'
SITE=$'[site a]\nserver_name = a.example\ndocument_root = /srv/a\n'

# A document root of / served (and ran PHP in) the whole file system.
printf '%s[site a]\nserver_name = a.example\ndocument_root = //\n' \
    "$HOST" > fsroot.ini
refused fsroot.ini site-value "document_root = //"

# A pool named 0 ran as root: php-fpm reads a user of digits as a uid.
printf '%s[site 0]\nserver_name = a.example\ndocument_root = /srv/a\n' \
    "$HOST" > zero.ini
refused zero.ini site-pool-root "pool 0 runs as uid 0"
printf '%s%s[pool a]\nuser = 000\n' "$HOST" "$SITE" > zeros.ini
refused zeros.ini site-pool-root "user 000 is uid 0"

# pathinfo = on on a pool that a proxypassmatch site makes run with
# cgi.fix_pathinfo = 0: /x.php/y.php would run y.php.
printf '%s%spathinfo = on\n[site b]\nserver_name = b.example\n' \
    "$HOST" "$SITE" > mixed.ini
printf 'document_root = /srv/b\nhandler = proxypassmatch\npool = a\n' \
    >> mixed.ini
printf '[pool a]\nshared = yes\n' >> mixed.ini
refused mixed.ini site-pathinfo "pathinfo = on behind cgi.fix_pathinfo = 0"

# upload_dirs naming the document root (".") or a folder above it ("/").
printf '%s%supload_dirs = ./.\n' "$HOST" "$SITE" > dot.ini
refused dot.ini site-value "upload_dirs = ./. is the document root"
printf '%s%supload_dirs = /\n' "$HOST" "$SITE" > slash.ini
refused slash.ini site-value "upload_dirs = / holds the document root"

# Two pools on one TCP address written two ways: php-fpm -t passes, the
# second bind fails at start (EADDRINUSE).
for pair in 'localhost:9001 127.0.0.1:9001' '[::1]:9002 ::1:9002' \
    '[::1]:9003 [0:0::1]:9003'; do
	set -- $pair
	printf '%s%s[pool a]\nlisten = %s\n' "$HOST" "$SITE" "$1" > dup.ini
	printf '[site b]\nserver_name = b.example\ndocument_root = /srv/b\n' \
	    >> dup.ini
	printf '[pool b]\nlisten = %s\n' "$2" >> dup.ini
	refused dup.ini site-listen-twice "listen = $1 and $2"
done

# A relative value of a setting php-fpm puts its prefix before
# (FPM_PHP_INI_TO_EXPAND): seed 786's sendmail_path = ~~E_ALL ran as
# /usr/32767; a flag there is /usr/1, an empty value /usr/.
for v in 'sendmail_path = ~~E_ALL' 'sendmail_path = 32767' \
    'error_log = relative/x' 'session.cookie_path = on' 'extension_dir ='; do
	printf '%s%s[php a]\n%s\n' "$HOST" "$SITE" "$v" > prefixed.ini
	refused prefixed.ini site-php-relative-path "$v"
done

# A socket path of 96 to 107 bytes: php-fpm binds it, apache2 -t refuses
# it ("ProxySet worker uds path (...) too long").
long=/run/php/$(printf 'x%.0s' $(seq 1 82)).sock
printf '%s%s[pool a]\nlisten = %s\n' "$HOST" "$SITE" "$long" > sock.ini
NO_COLOR=1 "$PROXYFPM" compile sock.ini -o out > out.txt 2>&1
got=$?
if [ "$got" != 3 ] || ! grep -q "\[compile-socket-path\]" out.txt; then
	echo "FAIL: a ${#long}-byte socket path: exit $got" >&2
	cat out.txt >&2
	rc=1
fi
exit $rc
