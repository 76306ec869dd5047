#!/bin/bash
# inherit_pool_oracle.sh - what a main-server PHP route does in each vhost
# that inherits it, and what lint says of it, against the real servers:
# apache2 in front of php-fpm8.2 pools (a, b, m) that print their name;
# no pool listens on x.sock, y.sock or the TCP port $DEAD.
#
#   deadsock  SetHandler "proxy:unix:m.sock|fcgi://localhost" in the main
#             server; a.test, b.test and c.test have <Proxy
#             "unix:x.sock|fcgi://localhost">, e.test one for y.sock,
#             d.test none -> a, b, c and e get 503, d pool m -> lint: one
#             route-no-pool for x.sock (a.test and 2 others), one for
#             y.sock (e.test); before: none (the route reaches pool m in
#             the main server's context).
#   deadport  SetHandler "proxy:fcgi://localhost:$DEAD" in the main
#             server; a.test has <Proxy "unix:a.sock|fcgi://localhost:
#             $DEAD">, b.test and c.test none -> a.test pool a, b and c
#             503 -> lint: route-no-pool for localhost:$DEAD naming b.test
#             and 1 other; before: none (a vhost reaches a pool).
#   path      SetHandler "proxy:fcgi://localhost" in the main server (no
#             DocumentRoot of its own: the compiled one) and main-server
#             workers fcgi://localhost$T/srv/a/ (a.sock) and .../srv/b/
#             (b.sock); one.test below srv/a, three.test below srv/b ->
#             pools a and b answer -> lint: no route-no-pool (before:
#             fired, the vhosts' lookup left their DocumentRoots out).
#   ignored   SetHandler "proxy:unix:m.sock|fcgi://localhost" in the main
#             server; a.test and b.test have <Proxy "unix:a.sock|fcgi://
#             localhost">, c.test none -> a and b are answered by pool a,
#             c by m -> lint: one route-socket-ignored at the handler
#             (a.test and 1 other, pool a runs them, not pool m); before:
#             none.
#   alias     phpMyAdmin's shape in the main server: Alias /phpmyadmin
#             $T/pma, <Directory $T/pma> with SetHandler "proxy:fcgi://
#             localhost", a main-server <Proxy "unix:b.sock|fcgi://
#             localhost$T/pma/">; a.test's own <FilesMatch> to a.sock ->
#             /p.php pool a, /phpmyadmin/p.php pool b -> lint: no
#             route-no-pool, pool b is used (before: both wrong, the link
#             looked the handler up with the DocumentRoot's files).
#   urlpath   ProxyPass /a/ "fcgi://localhost:$DEAD$T/srv/a/" and /b/
#             "fcgi://localhost:$DEAD$T/srv/b/" with a <Proxy "unix:b.sock|
#             fcgi://localhost:$DEAD$T/srv/b/"> -> /a/p.php 503, /b/p.php
#             pool b -> the simulator (sim-probe, both orders) says the
#             same; before: the second URL got the first one's pool (the
#             simulator remembered pools by socket and authority, not by
#             the URL's path).
# Every setup's lint runs with the memo on, off and =verify (no
# mismatch).
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
PROBE="$PF_BUILD/sim-probe"
[ -x "$PROBE" ] || fail "$PROBE missing"
mkdir -p "$T/www" "$T/pma" "$T/srv/a/one" "$T/srv/b/three"
for f in www pma srv/a srv/b srv/a/one srv/b/three; do
	echo '<?php echo getenv("POOL");' > "$T/$f/p.php"
done
chmod -R a+rX "$T/www" "$T/pma" "$T/srv"
pf_fpm_pools "pm.max_children = 2
request_terminate_timeout = 300" m a b
DEAD=$(pf_free_port)
bad=0
new_server() {	# NAME < LINES: apache2 on a free $PORT with LINES (@PORT@
		# replaced), its config in $d/httpd.conf
	PORT=$(pf_free_port)
	d="$T/$1"
	setup=$1
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" proxy proxy_fcgi alias
		sed "s/@PORT@/$PORT/g"
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($1)"
	HL=$(grep -n SetHandler "$d/httpd.conf" | head -n 1 | cut -d: -f1)
}
lint_now() {	# [MEMO]: $out, lint's compact findings for $d/httpd.conf
	out=$(PF_RULES_MEMO=${1:-on} "$PROXYFPM" lint --no-config --format compact \
		--fail-on none --httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1)
}
answer() {	# HOST URL WANT (a pool's name, or 503)
	local got code
	got=$(curl -s -o "$T/body" -w '%{http_code}' -H "Host: $1" \
		"http://127.0.0.1:$PORT$2")
	code=$got
	[ "$code" = 200 ] && got=$(cat "$T/body")
	[ "$got" = "$3" ] || { echo "FAIL: $setup: $1$2 answered '$got', not '$3'"; bad=1; }
}
chk() {	# DESCRIPTION REGEX (must match) | !REGEX (must not) | =N REGEX (N lines)
	local n
	case "$2" in
	!*) ! grep -qE -- "${2#!}" <<<"$out" || { echo "FAIL: lint: $setup: $1"; bad=1; } ;;
	=*) n=$(grep -cE -- "$3" <<<"$out")
	    [ "$n" = "${2#=}" ] || { echo "FAIL: lint: $setup: $1 ($n findings, not ${2#=})"; bad=1; } ;;
	*) grep -qE -- "$2" <<<"$out" || { echo "FAIL: lint: $setup: $1"; bad=1; } ;;
	esac
}
lint_all() {	# CHECK-FUNCTION: lint with each memo mode, then the checks
	local memo
	for memo in on off; do
		lint_now $memo
		"$1"
	done
	lint_now verify
	chk "the memo answers as the simulator" '!rules-memo-mismatch'
}
vhost() {	# NAME DOCROOT [LINES]
	cat <<EOT
<VirtualHost *:@PORT@>
    ServerName $1.test
    DocumentRoot "$2"
${3:-}
</VirtualHost>
EOT
}
worker() {	# SOCKET-NAME [AUTHORITY+PATH]
	cat <<EOT
    <Proxy "unix:$T/$1.sock|fcgi://${2:-localhost}">
        ProxySet timeout=300
    </Proxy>
EOT
}
HEAD="<Directory \"$T\">
    Require all granted
</Directory>"
handler() {	# HANDLER: a <FilesMatch> for .php
	cat <<EOT
<FilesMatch "\\.php\$">
    SetHandler "$1"
</FilesMatch>
EOT
}

new_server deadsock <<EOT
$HEAD
$(handler "proxy:unix:$T/m.sock|fcgi://localhost")
$(vhost a "$T/www" "$(worker x)")
$(vhost b "$T/www" "$(worker x)")
$(vhost c "$T/www" "$(worker x)")
$(vhost d "$T/www")
$(vhost e "$T/www" "$(worker y)")
EOT
for h in a b c e; do answer $h.test /p.php 503; done
answer d.test /p.php m
check_deadsock() {
	chk "x.sock: one finding" =1 'unix:[^ ]*/x\.sock.*\[route-no-pool\]'
	chk "x.sock: a.test and 2 others" "httpd.conf:$HL:[0-9]+: medium: in a\\.test and 2 other vhosts, this route connects to unix:$T/x\\.sock .*\\[route-no-pool\\]"
	chk "y.sock: e.test" "httpd.conf:$HL:[0-9]+: medium: in e\\.test, this route connects to unix:$T/y\\.sock .*\\[route-no-pool\\]"
	chk "m.sock is not reported" '!/m\.sock.*\[route-no-pool\]'
}
lint_all check_deadsock

new_server deadport <<EOT
$HEAD
$(handler "proxy:fcgi://localhost:$DEAD")
$(vhost a "$T/www" "$(worker a "localhost:$DEAD")")
$(vhost b "$T/www")
$(vhost c "$T/www")
EOT
answer a.test /p.php a
answer b.test /p.php 503
answer c.test /p.php 503
check_deadport() {
	chk "one finding" =1 '\[route-no-pool\]'
	chk "b.test and 1 other" "httpd.conf:$HL:[0-9]+: medium: in b\\.test and 1 other vhost, this route connects to localhost:$DEAD, .*\\[route-no-pool\\]"
}
lint_all check_deadport

new_server path <<EOT
$HEAD
<Proxy "unix:$T/a.sock|fcgi://localhost$T/srv/a/">
    ProxySet timeout=300
</Proxy>
<Proxy "unix:$T/b.sock|fcgi://localhost$T/srv/b/">
    ProxySet timeout=300
</Proxy>
$(handler "proxy:fcgi://localhost")
$(vhost one "$T/srv/a/one")
$(vhost three "$T/srv/b/three")
EOT
answer one.test /p.php a
answer three.test /p.php b
check_path() {
	chk "the vhosts reach pools a and b" '!\[route-no-pool\]'
	chk "pool b is used" '!reaches pool b '
}
lint_all check_path

new_server ignored <<EOT
$HEAD
$(handler "proxy:unix:$T/m.sock|fcgi://localhost")
$(vhost a "$T/www" "$(worker a)")
$(vhost b "$T/www" "$(worker a)")
$(vhost c "$T/www")
EOT
answer a.test /p.php a
answer b.test /p.php a
answer c.test /p.php m
check_ignored() {
	chk "one finding" =1 '\[route-socket-ignored\]'
	chk "a.test and 1 other, pool a" "httpd.conf:$HL:[0-9]+: medium: in a\\.test and 1 other vhost, this route names unix:$T/m\\.sock, but mod_proxy finds worker fcgi://localhost for its URL and connects to that worker.s socket $T/a\\.sock instead: pool a runs them, not pool m \\[route-socket-ignored\\]"
}
lint_all check_ignored

new_server alias <<EOT
$HEAD
Alias /phpmyadmin "$T/pma"
<Directory "$T/pma">
    <FilesMatch "\\.php\$">
        SetHandler "proxy:fcgi://localhost"
    </FilesMatch>
</Directory>
<Proxy "unix:$T/b.sock|fcgi://localhost$T/pma/">
    ProxySet timeout=300
</Proxy>
$(vhost a "$T/www" "$(handler "proxy:unix:$T/a.sock|fcgi://localhost")")
EOT
answer a.test /p.php a
answer a.test /phpmyadmin/p.php b
check_alias() {
	chk "the Alias target's handler reaches pool b" '!\[route-no-pool\]'
	chk "pool b is used" '!reaches pool b '
}
lint_all check_alias

new_server urlpath <<EOT
$HEAD
<Proxy "unix:$T/b.sock|fcgi://localhost:$DEAD$T/srv/b/">
    ProxySet timeout=300
</Proxy>
ProxyPass /a/ "fcgi://localhost:$DEAD$T/srv/a/"
ProxyPass /b/ "fcgi://localhost:$DEAD$T/srv/b/"
$(vhost a "$T/www")
EOT
answer a.test /a/p.php 503
answer a.test /b/p.php b
probe() {	# URL...: sim-probe's verdicts for a.test, one line
	"$PROBE" --httpd "$d/httpd.conf" --fpm "$T/fpm.conf" --vhost 0 "$@" |
		awk '{ print $2 }' | paste -sd " "
}
got=$(probe /a/p.php /b/p.php)
[ "$got" = "503 exec:$T/srv/b/p.php" ] || { echo "FAIL: urlpath: sim-probe /a/ then /b/: $got"; bad=1; }
got=$(probe /b/p.php /a/p.php)
[ "$got" = "exec:$T/srv/b/p.php 503" ] || { echo "FAIL: urlpath: sim-probe /b/ then /a/: $got"; bad=1; }
check_urlpath() {
	chk "pool b is used" '!reaches pool b '
}
lint_all check_urlpath

if [ $bad -ne 0 ]; then
	echo "$out" | grep -E "route-no-pool|socket-ignored|pool-unused|memo" | head
	echo "0 passed, 1 failed"
	exit 1
fi
echo "6 setups (6 servers, 15 vhosts): the pools that answer and lint's links agree"
echo "1 passed, 0 failed"
