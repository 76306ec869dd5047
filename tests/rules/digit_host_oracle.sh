#!/bin/bash
# digit_host_oracle.sh - FastCGI URLs mod_proxy refuses at every request,
# against the real servers (route-bad-host): mod_proxy_fcgi's canon parses
# the host with apr_parse_addr_port(), which reads "9" as a port without a
# host, and apache2 answers 400 for every script (AH01059 error parsing
# URL //9: Invalid host/port), while apache2 -t says Syntax OK.  A unix:
# socket in front does not help; a port after the digits (fcgi://9:9000)
# or a name (fcgi://pool-a) is fine.  The same 400 for an empty host, a
# port 0 or above 65535, an unclosed "[", a handler without "//"
# (AH01059 Malformed URL) and a handler's or RewriteRule [P]'s bad unix:
# part (AH10292 Invalid proxy UDS filename).  Each case: the status of
# /i.php (through one php-fpm8.2 pool on $T/a.sock), the AH code apache2
# logs, and lint's route-bad-host finding (a medium one exactly when
# apache2 answers 400, and then no route-no-pool: the URL connects
# nowhere, so no 503).
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www"
echo '<?php echo "ran";' > "$T/www/i.php"
chmod -R a+rX "$T/www"
pf_fpm_pools 'pm.max_children = 2' a
S="unix:$T/a.sock"

bad=0
n=0
one() {	# CASE STATUS[/AHnnnnn] ROUTE...: apache2 with the route lines,
	# then probe (and the error log's AH code)
	local c=$1 want=${2%%/*} ah= d="$T/$1" got l
	case $2 in */*) ah=${2#*/} ;; esac
	shift 2
	PORT=$(pf_free_port)
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" proxy proxy_fcgi rewrite
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
	if [ -n "$ah" ] && ! grep -q "$ah: " "$d/logs/error.log"; then
		echo "FAIL: $c: no $ah in apache2's error log"
		grep AH "$d/logs/error.log" | tail -3
		bad=$((bad + 1))
	fi
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
# empty host, ports out of range, IPv6 without "]", no "//" (AH01059)
one sethandler-empty-host 400/AH01059 '<FilesMatch "\.php$">' '    SetHandler "proxy:fcgi://"' '</FilesMatch>'
one sethandler-no-host-port 400/AH01059 '<FilesMatch "\.php$">' '    SetHandler "proxy:fcgi://:9000"' '</FilesMatch>'
one sethandler-port0 400/AH01059 '<FilesMatch "\.php$">' '    SetHandler "proxy:fcgi://127.0.0.1:0"' '</FilesMatch>'
one sethandler-unix-port70000 400/AH01059 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi://localhost:70000\"" '</FilesMatch>'
one sethandler-v6-open 400/AH01059 '<FilesMatch "\.php$">' '    SetHandler "proxy:fcgi://[::1"' '</FilesMatch>'
one sethandler-one-slash 400/AH01059 '<FilesMatch "\.php$">' '    SetHandler "proxy:fcgi:/localhost"' '</FilesMatch>'
one sethandler-no-slash 400/AH01059 '<FilesMatch "\.php$">' '    SetHandler "proxy:fcgi:localhost"' '</FilesMatch>'
one sethandler-unix-empty-host 200 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi://\"" '</FilesMatch>'
one sethandler-unix-scheme-only 200 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi:\"" '</FilesMatch>'
one proxypass-port0 400/AH01059 "ProxyPass / fcgi://127.0.0.1:0$T/www/"
one proxypass-unix-empty-host 400/AH01059 "ProxyPass / \"$S|fcgi://$T/www/\""
one proxypassmatch-port70000 400/AH01059 "ProxyPassMatch \"^/(.*\\.php)\$\" \"fcgi://127.0.0.1:70000$T/www/\$1\""
one rewrite-empty-host 400/AH01059 'RewriteEngine on' "RewriteRule \"^/(.*\\.php)\$\" \"fcgi://$T/www/\$1\" [P]"
one rewrite-digits 400/AH01059 'RewriteEngine on' "RewriteRule \"^/(.*\\.php)\$\" \"$S|fcgi://9$T/www/\$1\" [P]"
one rewrite-unix-empty-host 200 'RewriteEngine on' "RewriteRule \"^/(.*\\.php)\$\" \"$S|fcgi://$T/www/\$1\" [P]"
# a bad unix: part of a handler or RewriteRule [P] (AH10292)
one sethandler-unix-no-scheme 400/AH10292 '<FilesMatch "\.php$">' "    SetHandler \"proxy:$S|fcgi\"" '</FilesMatch>'
one sethandler-unix-no-path 400/AH10292 '<FilesMatch "\.php$">' '    SetHandler "proxy:unix:|fcgi://localhost"' '</FilesMatch>'
one sethandler-unix-host 400/AH10292 '<FilesMatch "\.php$">' "    SetHandler \"proxy:unix://h$T/a.sock|fcgi://localhost\"" '</FilesMatch>'
one rewrite-unix-no-scheme 400/AH10292 'RewriteEngine on' "RewriteRule \"^/(.*\\.php)\$\" \"$S|fcgi$T/www/\$1\" [P]"
if [ $bad -ne 0 ]; then
	echo "$((n - bad)) passed, $bad failed"
	exit 1
fi
echo "$n passed, 0 failed"
