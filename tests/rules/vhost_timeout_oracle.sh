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
		"http://127.0.0.1:$PORT/s.php" | awk '{printf "%s %d", $1, $2 + 0.5}')
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
if [ $bad -ne 0 ]; then
	echo "$out"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "3 vhosts: the answers' status and time and lint's findings agree"
echo "1 passed, 0 failed"
