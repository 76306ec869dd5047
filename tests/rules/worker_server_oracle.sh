#!/bin/bash
# worker_server_oracle.sh - mod_proxy's workers belong to the server
# (vhost) that defines them, against the real servers: apache2 with three
# name-based vhosts in front of three php-fpm8.2 pools on unix sockets,
# each printing its pool's name (and sleeping when asked):
#   a.test, b.test  each <Proxy "unix:<own socket>|fcgi://localhost"> and
#                   SetHandler "proxy:fcgi://localhost": each reaches its
#                   own pool (mod_proxy looks the worker up among the
#                   vhost's and the main server's workers only) -> lint
#                   links each vhost to its pool: no pool-unused, no
#                   pool-shared-across-vhosts;
#   c.test          SetHandler "proxy:unix:c.sock|fcgi://localhost/" and
#                   <Proxy "fcgi://localhost/"> enablereuse=on max=10
#                   timeout=2: that worker serves c.test's handler (its
#                   socket from the handler): a 4 s script gets 504
#                   after 2 s -> lint: reuse-pool-starvation and
#                   timeout-mismatch (2 s) on pool c;
#   d.test          the same handler to pool d without a <Proxy> of its
#                   own: c.test's worker is not d.test's (200 after 4 s)
#                   -> lint says nothing of reuse or a 2 s timeout for d.
# Then SetHandler "proxy:fcgi://localhost" in the main server and each of
# a.test and b.test with its own <Proxy "unix:<socket>|fcgi://localhost">:
# each vhost reaches its own pool -> lint: no pool-unused, no
# route-no-pool.  Last, the main server and a vhost each with a worker of
# that name: the main server's wins in the vhost.  And in one server two
# ProxyPass lines to two sockets with one URL: the first worker's socket
# serves both.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www" "$T/logs"
echo '<?php if (isset($_GET["s"])) sleep(4); echo getenv("POOL");' > "$T/www/p.php"
chmod -R a+rX "$T/www"
pf_fpm_pools "pm.max_children = 2
request_terminate_timeout = 300
php_admin_value[open_basedir] = $T/www" a b c d
new_server() {	# NAME: a free $PORT and the server's directory $d = $T/NAME
	PORT=$(pf_free_port)
	d="$T/$1"
	mkdir -p "$d"
}
vhost() {	# NAME HANDLER [LINES]: NAME.test on $PORT, DocumentRoot $T/www,
		# its PHP to HANDLER, LINES inside
	cat <<EOT
<VirtualHost *:$PORT>
    ServerName $1.test
    DocumentRoot "$T/www"
    <Directory "$T/www">
        Require all granted
    </Directory>
${3:-}
    <FilesMatch "\\.php\$">
        SetHandler "$2"
    </FilesMatch>
</VirtualHost>
EOT
}
lint_now() {	# $out: lint's compact findings for $d/httpd.conf and the pools
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1)
}

new_server h
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	for v in a b; do
		vhost $v "proxy:fcgi://localhost" \
		    "    <Proxy \"unix:$T/$v.sock|fcgi://localhost\">
        ProxySet timeout=300
    </Proxy>"
	done
	vhost c "proxy:unix:$T/c.sock|fcgi://localhost/" \
	    '    <Proxy "fcgi://localhost/" enablereuse=on max=10 timeout=2>
    </Proxy>'
	vhost d "proxy:unix:$T/d.sock|fcgi://localhost/"
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start"

bad=0
want() {	# HOST QUERY "STATUS BODY SECONDS" (BODY - unless 200)
	local got st
	st=$(curl -s -o "$T/body" -H "Host: $1" -w '%{http_code} %{time_total}' \
		"http://127.0.0.1:$PORT/p.php$2")
	got=$(pf_secs_near "${3##* }" <<<"$st" | awk -v b="$(head -c 20 \
	    "$T/body")" '{printf "%s %s %s", $1, $1 == 200 ? b : "-", $2}')
	[ "$got" = "$3" ] || { echo "FAIL: $1$2: expected '$3', got '$got'"; bad=1; }
}
want a.test "" "200 a 0"
want b.test "" "200 b 0"
want c.test "" "200 c 0"
want d.test "" "200 d 0"
want c.test "?s=1" "504 - 2"
want d.test "?s=1" "200 d 4"

lint_now
chk() {	# DESCRIPTION REGEX (must match) | !REGEX (must not)
	case "$2" in
	!*) ! grep -qE -- "${2#!}" <<<"$out" || { echo "FAIL: lint: $1"; bad=1; } ;;
	*) grep -qE -- "$2" <<<"$out" || { echo "FAIL: lint: $1"; bad=1; } ;;
	esac
}
chk "pool b is reached by b.test" '!no route .* reaches pool b'
chk "a.test and b.test do not share a pool" '!pool-shared-across-vhosts'
chk "c.test's worker pins pool c" 'to pool c, which has pm.max_children = 2.*\[reuse-pool-starvation\]'
chk "c.test's worker is not d.test's" '!to pool d, .*\[reuse-pool-starvation\]'
chk "c.test's 2 s timeout" 'pool c after 2 s|after 2 s.*pool c|proxy timeout of 2 s.*|request_terminate_timeout = 300 s is longer than Apache.s proxy timeout of 2 s'

# The handler in the main server, each vhost's worker giving its socket.
new_server inherit
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	cat <<EOT
<Directory "$T/www">
    Require all granted
</Directory>
<FilesMatch "\.php\$">
    SetHandler "proxy:fcgi://localhost"
</FilesMatch>
EOT
	for v in a b; do
		cat <<EOT
<VirtualHost *:$PORT>
    ServerName $v.test
    DocumentRoot "$T/www"
    <Proxy "unix:$T/$v.sock|fcgi://localhost">
        ProxySet timeout=300
    </Proxy>
</VirtualHost>
EOT
	done
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start (inherit)"
want a.test "" "200 a 0"
want b.test "" "200 b 0"
lint_now
chk "inherit: pool a is reached by a.test" '!no route .* reaches pool a'
chk "inherit: pool b is reached by b.test" '!no route .* reaches pool b'
chk "inherit: the main server's handler reaches the vhosts' pools" '!\[route-no-pool\]'

# The main server and a vhost both define a worker "fcgi://localhost"
# (sockets a and b): the vhost's requests go to the main server's, whose
# list comes first when mod_proxy merges a vhost's workers -> lint: pool b
# is unused, pool a is not.
new_server tie
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	cat <<EOT
<Directory "$T/www">
    Require all granted
</Directory>
<Proxy "unix:$T/a.sock|fcgi://localhost">
    ProxySet timeout=300
</Proxy>
EOT
	vhost a "proxy:fcgi://localhost" \
	    "    <Proxy \"unix:$T/b.sock|fcgi://localhost\">
        ProxySet timeout=300
    </Proxy>"
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start (tie)"
want a.test "" "200 a 0"
lint_now
chk "tie: pool a is reached" '!no route .* reaches pool a '
chk "tie: pool b is not" 'no route .* reaches pool b '

# One server, ProxyPass /a/ to a.sock and /b/ to b.sock with the same
# URL after the socket: the second shares the first's worker (apache2
# warns), whose socket wins: /b/ is answered by pool a; so is a
# SetHandler "proxy:unix:b.sock|fcgi://localhost" for the DocumentRoot's
# scripts (the handler's URL, fcgi://localhost/<file>, is that worker's)
# -> lint: pool b is unused, and route-socket-ignored says so of both.
new_server shared
{
	pf_apache_head "$d" "$PORT" proxy proxy_fcgi
	cat <<EOT
DocumentRoot "$T/www"
<Directory "$T/www">
    Require all granted
</Directory>
ProxyPass "/a/" "unix:$T/a.sock|fcgi://localhost$T/www/"
ProxyPass "/b/" "unix:$T/b.sock|fcgi://localhost$T/www/"
<FilesMatch "\\.php\$">
    SetHandler "proxy:unix:$T/b.sock|fcgi://localhost"
</FilesMatch>
EOT
} > "$d/httpd.conf"
pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start (shared)"
for u in b/p.php p.php; do
	got=$(curl -s "http://127.0.0.1:$PORT/$u")
	[ "$got" = a ] || { echo "FAIL: shared: /$u answered by '$got', not a"; bad=1; }
done
lint_now
chk "shared: pool b is not reached" 'no route .* reaches pool b '
chk "shared: pool a is" '!no route .* reaches pool a '
chk "shared: /b/'s socket is reported ignored" 'httpd.conf:[0-9]+:1: medium: this route names unix:.*/b.sock, but mod_proxy finds worker .*/a.sock instead: pool a runs them, not pool b \[route-socket-ignored\]'
chk "shared: the handler's socket is reported ignored" 'httpd.conf:[0-9]+:5: medium: this route names unix:.*/b.sock.*\[route-socket-ignored\]'

if [ $bad -ne 0 ]; then
	echo "$out" | grep -E "reuse|timeout-mismatch|pool-unused|shared-across" | head
	echo "0 passed, 1 failed"
	exit 1
fi
echo "4 setups (8 servers): the pools that answer and lint's links agree"
echo "1 passed, 0 failed"
