#!/bin/bash
# remoteip_oracle.sh - rule remoteip-spoofable against the real servers.
# apache2 with mod_remoteip (RemoteIPHeader X-Forwarded-For) in front of
# php-fpm8.2, reached from 127.0.0.1:
#   no proxy list: /office (Require ip 203.0.113.5) answers 403, and 200
#     with "X-Forwarded-For: 203.0.113.5"; a forged private address is
#     ignored (/lan, Require ip 10.1.2.3: 403); PHP's REMOTE_ADDR is the
#     forged public address -> lint: remoteip-spoofable, high;
#   the same without the Require ip 203.0.113.5 -> lint: medium;
#   with RemoteIPInternalProxy 10.9.9.9: the forged header gets 403 and
#     PHP sees 127.0.0.1 -> lint: silent;
#   with a RemoteIPTrustedProxyList file of comments only (no proxy):
#     as with no list, 200 -> lint: high.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www/office" "$T/www/lan"
echo office > "$T/www/office/index.html"
echo lan > "$T/www/lan/index.html"
echo '<?php echo $_SERVER["REMOTE_ADDR"];' > "$T/www/ip.php"
chmod -R a+rX "$T/www"
pf_fpm_conf "$T" 'listen.mode = 0666'
pf_fpm_run "$T/php.sock"

bad=0
# CASE EXTRA OFFICE_ACL: writes $T/CASE/httpd.conf and starts apache2.
start() {
	local d="$T/$1" port
	port=$(pf_free_port)
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$port" authz_host remoteip dir proxy proxy_fcgi
		cat <<EOF
DocumentRoot "$T/www"
DirectoryIndex index.html
<Directory "$T/www">
    Require all granted
</Directory>
ProxyPassMatch "^/(.*\\.php)$" "unix:$T/php.sock|fcgi://localhost$T/www/\$1"
RemoteIPHeader X-Forwarded-For
$2
<Location /lan>
    Require ip 10.1.2.3
</Location>
EOF
		[ "$3" = yes ] && printf '<Location /office>\n    Require ip 203.0.113.5\n</Location>\n'
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$port" || fail "apache2 did not start ($1)"
	PORT=$port
}
# URL [XFF]: the status code
code() {
	curl -s -o /dev/null -w '%{http_code}' ${2:+-H "X-Forwarded-For: $2"} \
		"http://127.0.0.1:$PORT$1"
}
want() {	# what expected got
	[ "$2" = "$3" ] || { echo "FAIL: $1: expected $2, got $3"; bad=1; }
}
lint_sev() {	# CASE: the severity of remoteip-spoofable, or "none"
	local s
	s=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$T/$1/httpd.conf" 2>&1 | sed -n 's/^[^ ]*: \([a-z]*\): .*\[remoteip-spoofable\]$/\1/p')
	echo "${s:-none}"
}

start open "" yes
want "open: /office from 127.0.0.1" 403 "$(code /office/)"
want "open: /office with a forged X-Forwarded-For" 200 "$(code /office/ 203.0.113.5)"
want "open: /lan with a forged private address" 403 "$(code /lan/ 10.1.2.3)"
want "open: PHP's REMOTE_ADDR" 198.51.100.77 \
	"$(curl -s -H 'X-Forwarded-For: 198.51.100.77' "http://127.0.0.1:$PORT/ip.php")"
want "open: lint" high "$(lint_sev open)"

start noacl "" no
want "noacl: PHP's REMOTE_ADDR" 198.51.100.77 \
	"$(curl -s -H 'X-Forwarded-For: 198.51.100.77' "http://127.0.0.1:$PORT/ip.php")"
want "noacl: lint" medium "$(lint_sev noacl)"

start listed "RemoteIPInternalProxy 10.9.9.9" yes
want "listed: /office with a forged X-Forwarded-For" 403 "$(code /office/ 203.0.113.5)"
want "listed: PHP's REMOTE_ADDR" 127.0.0.1 \
	"$(curl -s -H 'X-Forwarded-For: 198.51.100.77' "http://127.0.0.1:$PORT/ip.php")"
want "listed: lint" none "$(lint_sev listed)"

printf '# our load balancers (none yet)\n\n' > "$T/proxies.txt"
start emptylist "RemoteIPTrustedProxyList $T/proxies.txt" yes
want "emptylist: /office with a forged X-Forwarded-For" 200 "$(code /office/ 203.0.113.5)"
want "emptylist: lint" high "$(lint_sev emptylist)"

if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "4 setups: Apache's and PHP's answers and lint's findings agree"
echo "1 passed, 0 failed"
