#!/bin/bash
# digit_host_oracle.sh - a FastCGI URL whose host is digits alone, against
# the real servers: mod_proxy_fcgi's canon parses the host with
# apr_parse_addr_port(), which reads "9" as a port without a host, and
# apache2 answers 400 for every script (AH01059 error parsing URL //9:
# Invalid host/port), while apache2 -t says Syntax OK.  A unix: socket in
# front does not help; a port after the digits (fcgi://9:9000) or a name
# (fcgi://pool-a) is fine.  Each case: the status of /i.php (through one
# php-fpm8.2 pool on $T/a.sock) and lint's route-bad-host finding (a
# medium one exactly when apache2 answers 400, and then no route-no-pool:
# fcgi://9 connects nowhere, so no 503).
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www"
echo '<?php echo "ran";' > "$T/www/i.php"
chmod -R a+rX "$T/www"
pf_fpm_pools 'pm.max_children = 2' a
S="unix:$T/a.sock"

bad=0
n=0
one() {	# CASE STATUS ROUTE...: apache2 with the route lines, then probe
	local c=$1 want=$2 d="$T/$1" got l
	shift 2
	PORT=$(pf_free_port)
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" proxy proxy_fcgi
		cat <<EOT
DocumentRoot "$T/www"
<Directory "$T/www">
    Require all granted
</Directory>
EOT
		printf '%s\n' "$@"
	} > "$d/httpd.conf"
	apache2 -t -f "$d/httpd.conf" 2>&1 | grep -q "Syntax OK" ||
	    fail "$c: apache2 -t"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($c)"
	got=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/i.php")
	kill "$(cat "$d/run/httpd.pid")" 2>/dev/null
	"$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --httpd "$d/httpd.conf" --fpm "$T/fpm.conf" > "$d/lint" 2>&1
	l=$(grep "\[route-bad-host\]\$" "$d/lint")
	n=$((n + 1))
	if [ "$got" != "$want" ]; then
		echo "FAIL: $c: apache2 answered $got, expected $want"
		bad=$((bad + 1))
	elif [ "$want" = 400 ] && ! echo "$l" | grep -q "medium"; then
		echo "FAIL: $c: 400 on apache2, lint: '$l'"
		bad=$((bad + 1))
	elif [ "$want" = 400 ] && grep -q "\[route-no-pool\]\$" "$d/lint"; then
		echo "FAIL: $c: 400 on apache2, but lint says 503 (route-no-pool)"
		bad=$((bad + 1))
	elif [ "$want" != 400 ] && [ -n "$l" ]; then
		echo "FAIL: $c: $want on apache2, lint: '$l'"
		bad=$((bad + 1))
	else
		echo "ok: $c: $got${l:+, lint: ${l##*: }}"
	fi
}
one sethandler-tcp 400 '<FilesMatch "\.php$">' '    SetHandler "proxy:fcgi://9"' '</FilesMatch>'
one sethandler-unix 400 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi://7\"" '</FilesMatch>'
one sethandler-unix-port 200 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi://9:9000\"" '</FilesMatch>'
one sethandler-unix-name 200 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi://pool-a\"" '</FilesMatch>'
one sethandler-unix-dotted 200 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi://1.2\"" '</FilesMatch>'
one proxypass-tcp 400 "ProxyPass / fcgi://42$T/www/"
one proxypass-unix 400 "ProxyPass / \"$S|fcgi://42$T/www/\""
one proxypass-unix-port 200 "ProxyPass / \"$S|fcgi://42:9000$T/www/\""
one proxypassmatch-unix 400 "ProxyPassMatch \"^/(.*\\.php)\$\" \"$S|fcgi://8$T/www/\$1\""
one proxypassmatch-unix-name 200 "ProxyPassMatch \"^/(.*\\.php)\$\" \"$S|fcgi://localhost$T/www/\$1\""
if [ $bad -ne 0 ]; then
	echo "$((n - bad)) passed, $bad failed"
	exit 1
fi
echo "$n passed, 0 failed"
