#!/bin/bash
# member_worker_oracle.sh - a balancer's FastCGI members are workers of
# their own, against the real servers: apache2 proxies PHP through
# balancer://php to one php-fpm8.2 pool (no request_terminate_timeout)
# whose script sleeps 4 s.  mod_proxy keeps a balancer's members apart
# from the server's workers, so the member's parameters decide and those
# of a <Proxy> worker with the same URL do not:
#   member-timeout   BalancerMember ... timeout=2      -> 504 after ~2 s;
#                    lint: medium timeout-mismatch (Apache stops waiting
#                    after 2 s, the pool has no request_terminate_timeout)
#   global-timeout   <Proxy same URL> ProxySet timeout=2, the member has
#                    none (Timeout 10)                  -> 200 after 4 s;
#                    (or up to 6 s: the pool's one worker may still be
#                    sleeping for the 504'd request before)
#                    lint: only the info one (10 s, the server's Timeout)
#   member-reuse     BalancerMember ... enablereuse=on max=20 with
#                    pm.max_children = 1: lint reports
#                    reuse-pool-starvation (the member's enablereuse)
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www" "$T/logs"
echo '<?php sleep(4); echo "slept";' > "$T/www/s.php"
chmod -R a+rX "$T/www"
pf_fpm_pools 'pm.max_children = 1' a

bad=0
start() {	# CASE MEMBER_PARAMS PROXY_SECTION: apache2 on $PORT
	local d="$T/$1"
	PORT=$(pf_free_port)
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" proxy proxy_fcgi proxy_balancer \
			slotmem_shm lbmethod_byrequests
		cat <<EOT
Timeout 10
DocumentRoot "$T/www"
<Directory "$T/www">
    Require all granted
</Directory>
$3
<Proxy balancer://php>
    BalancerMember "unix:$T/a.sock|fcgi://pool-a" $2
</Proxy>
<FilesMatch "\\.php\$">
    SetHandler "proxy:balancer://php"
</FilesMatch>
EOT
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($1)"
}
get() {	# S: "STATUS SECONDS" of /s.php (pf_secs_near S)
	curl -s -o /dev/null -w '%{http_code} %{time_total}' \
		"http://127.0.0.1:$PORT/s.php" | pf_secs_near "$1"
}
lint() {	# CASE: the compact findings of RULE
	"$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$T/$1/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
		grep "\[$2\]\$"
}
start member-timeout "timeout=2" ""
got=$(get 2)
[ "$got" = "504 2" ] || { echo "FAIL: member-timeout: expected '504 2', got '$got'"; bad=1; }
l=$(lint member-timeout timeout-mismatch)
echo "$l" | grep -q "medium.*after 2 s" ||
	{ echo "FAIL: member-timeout: lint says '$l'"; bad=1; }
start global-timeout "" "<Proxy \"unix:$T/a.sock|fcgi://pool-a\">
    ProxySet timeout=2
</Proxy>"
got=$(get 5)	# (up to 2 s more: the one worker may still run the first sleep)
case "$got" in "200 5" | "200 "[4-6].*) ;;	# (4-6 s; the window says 5 from 4.7 to 5.8)
*) echo "FAIL: global-timeout: expected '200 4-6', got '$got'"; bad=1 ;; esac
l=$(lint global-timeout timeout-mismatch)
echo "$l" | grep -q "info.*10 s timeout" && ! echo "$l" | grep -q medium ||
	{ echo "FAIL: global-timeout: lint says '$l'"; bad=1; }
start member-reuse "enablereuse=on max=20" ""
l=$(lint member-reuse reuse-pool-starvation)
echo "$l" | grep -q "high" ||
	{ echo "FAIL: member-reuse: lint says '$l'"; bad=1; }
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "3 setups: the requests' status and time and lint's findings agree"
echo "1 passed, 0 failed"
