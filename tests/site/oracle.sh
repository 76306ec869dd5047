#!/bin/bash
# oracle.sh CASE - compile testdata/site/CASE with --remap-root into a temp
# dir and have the real servers judge the output: every emitted vhost (with
# the MPM snippet, when there is one) must pass apache2 -t in a private
# wrapper config, and every emitted pool must pass php-fpm8.2 -t, alone and
# together with the other pools of its service.
set -u
. "$PF_SRC/tests/lib/need.sh"
. "$PF_SRC/tests/site/lib.sh"
need apache2 "$FPM" openssl
CASE=$1
DIR=$PF_TESTDATA/site/$CASE
pf_tmpdir
chmod 755 "$T"
ROOT=$T/root
inputs=site.ini
[ -f "$DIR/inputs" ] && inputs=$(cat "$DIR/inputs")
args=""
[ -f "$DIR/args" ] && args=$(cat "$DIR/args")

# shellcheck disable=SC2086
(cd "$DIR" && site_compile "$ROOT" $args $inputs) >"$T/compile.out" 2>&1 ||
	{ cat "$T/compile.out" >&2; echo "FAIL: compile $CASE" >&2; exit 1; }
site_prepare "$ROOT"

vhosts=$(find "$ROOT/etc/apache2/sites-available" "$ROOT/etc/httpd/conf.d" \
    -name '*.conf' ! -name 'proxyfpm-mpm.conf' 2>/dev/null | sort)
mpm=$(find "$ROOT/etc" -name proxyfpm-mpm.conf 2>/dev/null)
pools=$(find "$ROOT/etc/php" "$ROOT/etc/php-fpm.d" -name '*.conf' \
    2>/dev/null | sort)
[ -n "$vhosts" ] || { echo "FAIL: no vhost emitted" >&2; exit 1; }
[ -n "$pools" ] || { echo "FAIL: no pool emitted" >&2; exit 1; }
rc=0

# shellcheck disable=SC2086
apache_wrapper "$ROOT" "$(pf_free_port)" "$T/httpd.conf" $mpm $vhosts
if ! apache2 -t -f "$T/httpd.conf" >"$T/apache.out" 2>&1; then
	echo "FAIL: apache2 -t for $CASE:" >&2
	cat "$T/apache.out" >&2
	rc=1
fi
# AH00526-style errors can also come with exit 0 on some builds: insist
# on the verdict.
grep -q "Syntax OK" "$T/apache.out" || rc=1

for p in $pools; do
	fpm_wrapper "$ROOT" "$T/fpm-one.conf" "$p"
	if ! "$FPM" -t -y "$T/fpm-one.conf" >"$T/fpm.out" 2>&1; then
		echo "FAIL: $FPM -t for $p:" >&2
		cat "$T/fpm.out" >&2
		rc=1
	fi
done
# Pools of one service together (two pools on one address would fail).
for d in $(for p in $pools; do dirname "$p"; done | sort -u); do
	# shellcheck disable=SC2046
	fpm_wrapper "$ROOT" "$T/fpm-all.conf" $(ls "$d"/*.conf)
	if ! "$FPM" -t -y "$T/fpm-all.conf" >"$T/fpm.out" 2>&1; then
		echo "FAIL: $FPM -t for the pools of $d:" >&2
		cat "$T/fpm.out" >&2
		rc=1
	fi
done
# What php-fpm makes of the values (php-fpm8.2 -tt), where the case says
# what the description meant (fpm-tt.expected; @ROOT@ is the remap root).
if [ -f "$DIR/fpm-tt.expected" ]; then
	# shellcheck disable=SC2086
	fpm_wrapper "$ROOT" "$T/fpm-all.conf" $pools
	"$FPM" -tt -y "$T/fpm-all.conf" 2>&1 |
	    sed -n 's/^.*NOTICE: \t\(\(php_admin_value\|env\)\[.*\)$/\1/p' |
	    sort > "$T/tt.got"
	sed "s|@ROOT@|$ROOT|g" "$DIR/fpm-tt.expected" | sort > "$T/tt.want"
	if ! diff -u "$T/tt.want" "$T/tt.got" >&2; then
		echo "FAIL: php-fpm -tt shows other values than meant" >&2
		rc=1
	fi
fi
[ $rc = 0 ] && echo "oracle $CASE: apache2 -t and $FPM -t accept" \
    "$(echo $vhosts | wc -w) vhost file(s) and $(echo $pools | wc -w) pool(s)"
exit $rc
