#!/bin/bash
# vhost_timeout_oracle.sh - Timeout and ProxyTimeout are per server, against
# the real servers: apache2 with three vhosts, each to its own php-fpm8.2
# pool (request_terminate_timeout = 30), and a script that sleeps 4 s:
#   p.test  ProxyTimeout 2 in the vhost  -> 504 after 2 s; lint: medium
#           timeout-mismatch, 30 s against the proxy timeout of 2 s
#   t.test  Timeout 3 in the vhost        -> 504 after 3 s; lint: medium,
#           30 s against 3 s
#   n.test  neither (the main server's Timeout 60) -> 200 after 4 s; lint:
#           no medium timeout-mismatch for its pool
# Then two vhosts to one pool s (request_terminate_timeout = 4) and a
# script that sleeps 6 s, with Timeout 2 in the main server:
#   a.test  ProxyTimeout 8 -> FPM kills the script first: 503 after 4-5 s
#   b.test  the main server's Timeout 2 -> 504 after 2 s, and FPM kills
#           the script it left running about 3 s later; lint: a medium
#           timeout-mismatch for b.test's route (before, only the pool's
#           first vhost, a.test, was judged, and lint said nothing)
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www"
echo '<?php sleep(4); echo getenv("POOL");' > "$T/www/s.php"
chmod -R a+rX "$T/www"
pf_fpm_pools "pm.max_children = 2
request_terminate_timeout = 30" p t n
PORT=$(pf_free_port)
d="$T/h"
mkdir -p "$d"
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	echo "Timeout 60"
	for v in p t n; do
		cat <<EOT
<VirtualHost *:$PORT>
    ServerName $v.test
    DocumentRoot "$T/www"
    $([ $v = p ] && echo "ProxyTimeout 2")$([ $v = t ] && echo "Timeout 3")
    <Directory "$T/www">
        Require all granted
    </Directory>
    <FilesMatch "\\.php\$">
        SetHandler "proxy:unix:$T/$v.sock|fcgi://localhost"
    </FilesMatch>
</VirtualHost>
EOT
	done
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start"

bad=0
want() {	# HOST "STATUS SECONDS"
	local got
	got=$(curl -s -o /dev/null -H "Host: $1" -w '%{http_code} %{time_total}' \
		"http://127.0.0.1:$PORT/s.php" | pf_secs_near "${2#* }")
	[ "$got" = "$2" ] || { echo "FAIL: $1: expected '$2', got '$got'"; bad=1; }
}
want p.test "504 2"
want t.test "504 3"
want n.test "200 4"
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1 | grep '\[timeout-mismatch\]$')
grep -q "medium: request_terminate_timeout = 30 s is longer than Apache's proxy timeout of 2 s" <<<"$out" ||
	{ echo "FAIL: lint does not see p.test's ProxyTimeout 2"; bad=1; }
grep -q "medium: request_terminate_timeout = 30 s is longer than Apache's proxy timeout of 3 s" <<<"$out" ||
	{ echo "FAIL: lint does not see t.test's Timeout 3"; bad=1; }
[ "$(grep -c medium <<<"$out")" = 2 ] ||
	{ echo "FAIL: lint's medium timeout-mismatch findings are not p's and t's only"; bad=1; }

# One pool, two vhosts that wait differently.
echo '<?php sleep(6); echo getenv("POOL");' > "$T/www/l.php"
chmod a+r "$T/www/l.php"
mkdir -p "$T/s"
cat > "$T/s/fpm.conf" <<EOT
[global]
pid = $T/s/fpm.pid
error_log = $T/s/fpm.log
daemonize = no
[s]
user = www-data
group = www-data
listen = $T/s/s.sock
listen.mode = 0666
pm = static
pm.max_children = 2
request_terminate_timeout = 4
EOT
php-fpm8.2 -F -y "$T/s/fpm.conf" 2>>"$T/logs/fpm.out" &
echo $! >> "$T/pids"
for _ in $(seq 300); do [ -S "$T/s/s.sock" ] && break; sleep 0.01; done
[ -S "$T/s/s.sock" ] || fail "php-fpm (pool s) did not start"
PORT=$(pf_free_port)
d="$T/shared"
mkdir -p "$d"
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	echo "Timeout 2"
	for v in a b; do
		cat <<EOT
<VirtualHost *:$PORT>
    ServerName $v.test
    DocumentRoot "$T/www"
    $([ $v = a ] && echo "ProxyTimeout 8")
    <Directory "$T/www">
        Require all granted
    </Directory>
    <FilesMatch "\\.php\$">
        SetHandler "proxy:unix:$T/s/s.sock|fcgi://localhost"
    </FilesMatch>
</VirtualHost>
EOT
	done
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start (shared)"
kills() { grep -c "\[pool s\] .*execution timed out" "$T/s/fpm.log"; }
got=$(curl -s -o /dev/null -H "Host: a.test" -w '%{http_code} %{time_total}' \
	"http://127.0.0.1:$PORT/l.php" | awk '{print $1, ($2 >= 3.5 && $2 < 7.5) ? "4-5" : $2}')
[ "$got" = "503 4-5" ] || { echo "FAIL: a.test: expected FPM's kill (503 after 4-5 s), got '$got'"; bad=1; }
[ "$(kills)" = 1 ] || { echo "FAIL: a.test: FPM did not log the kill"; bad=1; }
got=$(curl -s -o /dev/null -H "Host: b.test" -w '%{http_code} %{time_total}' \
	"http://127.0.0.1:$PORT/l.php" | pf_secs_near 2)
[ "$got" = "504 2" ] || { echo "FAIL: b.test: expected '504 2', got '$got'"; bad=1; }
[ "$(kills)" = 1 ] || { echo "FAIL: b.test: the worker was gone at the 504"; bad=1; }
for _ in $(seq 50); do [ "$(kills)" = 2 ] && break; sleep 0.1; done
[ "$(kills)" = 2 ] || { echo "FAIL: b.test: FPM did not kill the script Apache gave up on"; bad=1; }
sout=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$d/httpd.conf" --fpm "$T/s/fpm.conf" 2>&1 | grep '\[timeout-mismatch\]$')
grep -qE "httpd.conf:[0-9]+:9: medium: the PHP requests of b.test wait 2 s for pool s \(the main server's Timeout\), but the pool lets a script run 4 s" <<<"$sout" ||
	{ echo "FAIL: lint does not report b.test's 2 s against pool s's 4 s"; bad=1; }
grep -q "a.test" <<<"$sout" &&
	{ echo "FAIL: lint reports a.test, whose 8 s outlast the pool's 4 s"; bad=1; }

if [ $bad -ne 0 ]; then
	echo "$out"
	echo "$sout"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "3 vhosts, then 2 to one pool: the answers' status and time, FPM's kills and lint's findings agree"
echo "1 passed, 0 failed"
