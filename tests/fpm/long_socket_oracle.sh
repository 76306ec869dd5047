#!/bin/bash
# long_socket_oracle.sh - a listen path longer than sun_path (107 bytes and
# its NUL) against the real servers.  php-fpm8.2 binds the path's first
# 107 bytes without a word (fpm_sockets.c: strlcpy into sun_path); Apache
# (SetHandler "proxy:unix:PATH|fcgi://", no worker, so no 95-byte limit)
# connects to the whole path and answers 503, or to the cut path and
# reaches the pool.  lint must say the long path's route reaches no pool
# (route-no-pool), the cut path's does, and the reader must say why.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/a" "$T/b"
echo '<?php echo "ok";' > "$T/a/i.php"
cp "$T/a/i.php" "$T/b/i.php"
D="$T/$(printf 'd%.0s' $(seq $((99 - ${#T}))))"
mkdir -p "$D"
chmod 755 "$D"
S="$D/socket-of-the-pool.sock"	# over 107 bytes
CUT=${S:0:107}
[ ${#S} -ge 108 ] || fail "path of ${#S} bytes"
pf_fpm_conf "$T" 'listen.mode = 0666'
sed -i "s|^listen = .*|listen = $S|" "$T/fpm.conf"
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" proxy proxy_fcgi
	cat <<EOF
DocumentRoot "$T"
<Directory "$T">
    Require all granted
</Directory>
<Directory "$T/a">
    <FilesMatch "\.php\$">
        SetHandler "proxy:unix:$S|fcgi://localhost"
    </FilesMatch>
</Directory>
<Directory "$T/b">
    <FilesMatch "\.php\$">
        SetHandler "proxy:unix:$CUT|fcgi://localhost"
    </FilesMatch>
</Directory>
EOF
} > "$T/httpd.conf"
php-fpm8.2 -F -y "$T/fpm.conf" 2>>"$T/logs/fpm.out" &
echo $! >> "$T/pids"
for _ in $(seq 300); do [ -S "$CUT" ] && break; sleep 0.01; done
[ -S "$CUT" ] || fail "php-fpm did not bind $CUT"
[ -e "$S" ] && fail "php-fpm bound the whole path"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
a=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/a/i.php")
b=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/b/i.php")
[ "$a" = 503 ] || fail "the whole path: Apache answered $a, not 503"
[ "$b" = 200 ] || fail "the cut path: Apache answered $b, not 200"
"$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" --fpm "$T/fpm.conf" --php-ini /dev/null \
	> "$T/lint.out" 2>&1
bad=0
grep -q "route-no-pool" "$T/lint.out" || { echo "FAIL: lint: no route-no-pool"; bad=1; }
[ "$(grep -c 'route-no-pool' "$T/lint.out")" = 1 ] ||
	{ echo "FAIL: lint: route-no-pool not once"; bad=1; }
grep "route-no-pool" "$T/lint.out" | grep -qF "$CUT|" &&
	{ echo "FAIL: lint: the cut path's route reaches no pool"; bad=1; }
grep -q "silently binds its first 107" "$T/lint.out" ||
	{ echo "FAIL: lint: no reader warning on the long path"; bad=1; }
if [ $bad -ne 0 ]; then
	cat "$T/lint.out"
	exit 1
fi
echo "ok: whole path 503, cut path 200; lint agrees"
