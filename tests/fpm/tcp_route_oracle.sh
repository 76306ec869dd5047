#!/bin/bash
# tcp_route_oracle.sh - which TCP pool a FastCGI route reaches, against the
# real servers.  A socket bound to an address takes only connections to
# that address: php-fpm8.2 on [::1]:P is not reached by Apache's
# fcgi://127.0.0.1:P, nor 127.0.0.2:P by 127.0.0.1:P, nor 0.0.0.0:P by
# [::1]:P (503); 127.0.0.1:P by [::ffff:127.0.0.1]:P is (Linux hands the
# IPv4 connection over).  lint must report route-no-pool exactly for the
# routes Apache answers with 503 (rules/link.c, tcp_reaches).
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
PORT=$(pf_free_port)
# pool: listen host (the port is the pool's own)
declare -A HOST=([a]='[::1]' [b]=127.0.0.2 [c]=0.0.0.0 [d]=127.0.0.1)
declare -A PP
# route,pool,host Apache connects to,expected status
ROUTES="a1,a,127.0.0.1,503 a2,a,[::1],200 b1,b,127.0.0.1,503 b2,b,127.0.0.2,200
c1,c,[::1],503 c2,c,127.0.0.1,200 d1,d,127.0.0.1,200 d2,d,[::1],503
d3,d,[::ffff:127.0.0.1],200"
{
	printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
	for p in a b c d; do
		PP[$p]=$(pf_free_port)
		printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s:%s\npm = static\npm.max_children = 1\n' \
			"$p" "${HOST[$p]}" "${PP[$p]}"
	done
} > "$T/fpm.conf"
mkdir -p "$T/logs"
declare -A LINE
{
	pf_apache_head "$T" "$PORT" proxy proxy_fcgi
	printf 'DocumentRoot "%s"\n<Directory "%s">\n    Require all granted\n</Directory>\n' "$T" "$T"
} > "$T/httpd.conf"
for r in $ROUTES; do
	IFS=, read -r name pool host want <<< "$r"
	mkdir -p "$T/$name"
	echo '<?php echo "ok";' > "$T/$name/index.php"
	# a name-based vhost each, its PHP handler for the whole DocumentRoot
	printf '<VirtualHost 127.0.0.1:%s>\n    ServerName %s.test\n    DocumentRoot "%s/%s"\n    <FilesMatch "\\.php$">\n' \
		"$PORT" "$name" "$T" "$name" >> "$T/httpd.conf"
	LINE[$name]=$(($(wc -l < "$T/httpd.conf") + 1))
	printf '        SetHandler "proxy:fcgi://%s:%s"\n    </FilesMatch>\n</VirtualHost>\n' "$host" "${PP[$pool]}" >> "$T/httpd.conf"
done
php-fpm8.2 -F -y "$T/fpm.conf" 2>>"$T/logs/fpm.out" &
echo $! >> "$T/pids"
for _ in $(seq 300); do [ -f "$T/fpm.pid" ] && break; sleep 0.01; done
sleep 0.3
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
"$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" --fpm "$T/fpm.conf" --php-ini /dev/null \
	> "$T/lint.out" 2>&1
bad=0
for r in $ROUTES; do
	IFS=, read -r name pool host want <<< "$r"
	got=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $name.test" "http://127.0.0.1:$PORT/index.php")
	[ "$got" = "$want" ] || { echo "FAIL: $name ($host to pool $pool on ${HOST[$pool]}): Apache answered $got, the test expects $want"; bad=1; }
	says=$(grep -c "httpd.conf:${LINE[$name]}:.*\[route-no-pool\]" "$T/lint.out")
	if [ "$got" = 503 ] && [ "$says" = 0 ]; then
		echo "FAIL: $name ($host to ${HOST[$pool]}): 503 from Apache, lint links the route to pool $pool"
		bad=1
	elif [ "$got" != 503 ] && [ "$says" != 0 ]; then
		echo "FAIL: $name ($host to ${HOST[$pool]}): $got from Apache, lint says route-no-pool"
		bad=1
	fi
done
if [ $bad -ne 0 ]; then
	grep route-no-pool "$T/lint.out"
	exit 1
fi
echo "ok: lint links exactly the routes Apache reaches"
