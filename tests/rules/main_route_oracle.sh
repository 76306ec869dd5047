#!/bin/bash
# main_route_oracle.sh - a main-server PHP route that the vhosts inherit
# reaches, in each vhost, the pool that vhost's context gives it (not the
# pool it reaches in the main server's), against the real servers:
# apache2 in front of php-fpm8.2 pools that print their name.
#
#   socket  SetHandler "proxy:unix:m.sock|fcgi://localhost" in the main
#           server; a.test has <Proxy "unix:a.sock|fcgi://localhost">
#           (its worker's socket wins over the handler's), b.test has no
#           worker -> a.test is answered by pool a, b.test by pool m;
#           a <Proxy "unix:o.sock|fcgi://other"> in b.test is no worker of
#           the handler's URL -> lint: pool a is used (before: pool-unused),
#           pool o is not (pool-unused).
#   path    SetHandler "proxy:fcgi://localhost" in the main server and two
#           main-server workers named with a path and a socket,
#           fcgi://localhost$T/srv/a/ (a.sock, timeout=600) and
#           fcgi://localhost$T/srv/b/ (b.sock, timeout=60); one.test and
#           two.test with DocumentRoots below srv/a, three.test below srv/b
#           (one template: the simulator's memo serves three.test from
#           two.test's answers; the main server's DocumentRoot below
#           srv/a, so the handler reaches pool a in the main server's
#           context) -> one.test and two.test are answered by
#           pool a, three.test by pool b -> lint: pool b is used, and its
#           request_terminate_timeout = 300 outlasts three.test's 60 s
#           (medium timeout-mismatch, which needs the simulator to send
#           three.test to pool b: before, it sent no handler through a
#           worker named with a path, and the memo kept pool a for it);
#           the same findings with PF_RULES_MEMO=off and no memo mismatch
#           with =verify.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www" "$T/srv/a/main" "$T/srv/a/one" "$T/srv/a/two" "$T/srv/b/three"
for f in www srv/a/one srv/a/two srv/b/three; do
	echo '<?php echo getenv("POOL");' > "$T/$f/p.php"
done
chmod -R a+rX "$T/www" "$T/srv"
pf_fpm_pools "pm.max_children = 2
request_terminate_timeout = 300" m o a b
new_server() {	# NAME: a free $PORT and the server's directory $d = $T/NAME
	PORT=$(pf_free_port)
	d="$T/$1"
	mkdir -p "$d"
}
lint_now() {	# $out: lint's compact findings for $d/httpd.conf and the pools
	out=$(PF_RULES_MEMO=${1:-on} "$PROXYFPM" lint --no-config --format compact \
		--fail-on none --httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1)
}
bad=0
answer() {	# HOST POOL
	local got
	got=$(curl -s -H "Host: $1" "http://127.0.0.1:$PORT/p.php")
	[ "$got" = "$2" ] || { echo "FAIL: $1 answered by '$got', not pool $2"; bad=1; }
}
chk() {	# DESCRIPTION REGEX (must match) | !REGEX (must not)
	case "$2" in
	!*) ! grep -qE -- "${2#!}" <<<"$out" || { echo "FAIL: lint: $1"; bad=1; } ;;
	*) grep -qE -- "$2" <<<"$out" || { echo "FAIL: lint: $1"; bad=1; } ;;
	esac
}
vhost() {	# NAME DOCROOT [LINES]
	cat <<EOT
<VirtualHost *:$PORT>
    ServerName $1.test
    DocumentRoot "$2"
${3:-}
</VirtualHost>
EOT
}

new_server socket
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	cat <<EOT
<Directory "$T/www">
    Require all granted
</Directory>
<FilesMatch "\\.php\$">
    SetHandler "proxy:unix:$T/m.sock|fcgi://localhost"
</FilesMatch>
EOT
	vhost a "$T/www" "    <Proxy \"unix:$T/a.sock|fcgi://localhost\">
        ProxySet timeout=300
    </Proxy>"
	vhost b "$T/www" "    <Proxy \"unix:$T/o.sock|fcgi://other\">
        ProxySet timeout=300
    </Proxy>"
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start (socket)"
answer a.test a
answer b.test m
lint_now
chk "socket: pool a is reached by a.test" '!no route .* reaches pool a '
chk "socket: pool m is reached by b.test" '!no route .* reaches pool m '
chk "socket: pool o is reached by nothing" 'no route .* reaches pool o '
sock_out=$out

new_server path
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	cat <<EOT
DocumentRoot "$T/srv/a/main"
<Directory "$T/srv">
    Require all granted
</Directory>
<Proxy "unix:$T/a.sock|fcgi://localhost$T/srv/a/">
    ProxySet timeout=600
</Proxy>
<Proxy "unix:$T/b.sock|fcgi://localhost$T/srv/b/">
    ProxySet timeout=60
</Proxy>
<FilesMatch "\\.php\$">
    SetHandler "proxy:fcgi://localhost"
</FilesMatch>
EOT
	vhost one "$T/srv/a/one"
	vhost two "$T/srv/a/two"
	vhost three "$T/srv/b/three"
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start (path)"
answer one.test a
answer two.test a
answer three.test b
bline=$(grep -n '^\[b\]' "$T/fpm.conf" | cut -d: -f1)
for memo in on off; do
	lint_now $memo
	chk "path ($memo): pool b is reached by three.test" '!no route .* reaches pool b '
	chk "path ($memo): pool b's 300 s outlast three.test's 60 s" \
	    "fpm.conf:$((bline + 8)):[0-9]+: medium: request_terminate_timeout = 300 s is longer than Apache's proxy timeout of 60 s"
	chk "path ($memo): pool a's routes wait 600 s" '!timeout of 600 s|wait 600 s.*pool a'
	chk "path ($memo): pool a is not reached by three.test" '!pool a serves 3 sites'
done
lint_now verify
chk "path: the memo answers as the simulator" '!rules-memo-mismatch'

if [ $bad -ne 0 ]; then
	echo "$sock_out" | grep -E "pool-unused|timeout-mismatch|memo" | head
	echo "$out" | grep -E "pool-unused|timeout-mismatch|shared-across|memo" | head
	echo "0 passed, 1 failed"
	exit 1
fi
echo "2 setups (2 servers, 5 vhosts): the pools that answer and lint's links agree"
echo "1 passed, 0 failed"
