#!/bin/bash
# balancer_oracle.sh - rule balancer-members-merged against the real
# servers: apache2 balancing PHP over two php-fpm8.2 pools on unix
# sockets, each printing its name.  With both members written
# "unix:...|fcgi://localhost" mod_proxy makes them one worker and every
# request reaches the first pool; named fcgi://pool-a and fcgi://pool-b,
# both get requests.  lint must report the first setup only.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www" "$T/logs"
echo '<?php echo getenv("POOL");' > "$T/www/p.php"
chmod -R a+rX "$T/www"
pf_fpm_pools 'pm.max_children = 1' a b

bad=0
start() {	# CASE NAME_A NAME_B: apache2 on $PORT with the two members
	local d="$T/$1"
	PORT=$(pf_free_port)
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" proxy proxy_fcgi proxy_balancer \
			slotmem_shm lbmethod_byrequests
		cat <<EOF
DocumentRoot "$T/www"
<Directory "$T/www">
    Require all granted
</Directory>
<Proxy balancer://php>
    BalancerMember "unix:$T/a.sock|fcgi://$2"
    BalancerMember "unix:$T/b.sock|fcgi://$3"
</Proxy>
<FilesMatch "\\.php\$">
    SetHandler "proxy:balancer://php"
</FilesMatch>
EOF
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($1)"
}
hits() {	# "a=N b=M " over 10 requests
	for _ in $(seq 10); do
		curl -s "http://127.0.0.1:$PORT/p.php"
		echo
	done | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}'
}
lint_hits() {
	"$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$T/$1/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
		grep -c '\[balancer-members-merged\]$'
}
start merged localhost localhost
got=$(hits)
[ "$got" = "a=10 " ] || { echo "FAIL: merged: expected a=10, got '$got'"; bad=1; }
[ "$(lint_hits merged)" = 1 ] || { echo "FAIL: merged: lint does not report it"; bad=1; }
start named pool-a pool-b
got=$(hits)
[ "$got" = "a=5 b=5 " ] || { echo "FAIL: named: expected a=5 b=5, got '$got'"; bad=1; }
[ "$(lint_hits named)" = 0 ] || { echo "FAIL: named: lint reports it"; bad=1; }
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "2 setups: the pools' requests and lint's findings agree"
echo "1 passed, 0 failed"
