#!/bin/bash
# alias_route_oracle.sh - PHP routes reached through an Alias, against the
# real servers: apache2 in front of two php-fpm8.2 pools a and b on unix
# sockets, each printing its pool's name; phpMyAdmin's shape, a directory
# $T/pma served at /phpmyadmin.
#   nofile   HestiaCP's phpMyAdmin (install/deb/pma/apache.conf, in the
#            main server): Alias /phpmyadmin and, in its <Directory>, a
#            <FilesMatch \.php$> SetHandler to a.sock with no -f check:
#            /phpmyadmin/nope.php reaches pool a (FPM logs a 404 for it,
#            the client gets FPM's "File not found."), while
#            /phpmyadmin/img.png/x.php gets Apache's own 404 -> lint:
#            sethandler-no-file-check for /phpmyadmin/nope.php;
#   guarded  the same with <If "-f %{REQUEST_FILENAME}">: Apache's 404,
#            FPM sees nothing -> lint: no sethandler-no-file-check;
#   worker   a main-server <Proxy "unix:b.sock|fcgi://localhost$T/pma/">
#            and a vhost whose <FilesMatch> sends PHP to a.sock and which
#            serves $T/pma through an Alias: /p.php is answered by pool a,
#            /phpmyadmin/p.php by pool b (the handler's URL is
#            fcgi://localhost$T/pma/p.php, that worker's) -> lint:
#            route-socket-ignored naming the Alias target, and pool b is
#            used;
#   dir      the worker with nofile's handler (in the Alias target's
#            <Directory>): pool b answers /phpmyadmin/p.php -> the same;
#   other    the worker named fcgi://pma$T/pma/: it covers no handler
#            URL, pool a answers -> lint: no route-socket-ignored.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www" "$T/pma" "$T/logs"
echo '<?php echo getenv("POOL");' > "$T/www/p.php"
cp "$T/www/p.php" "$T/pma/p.php"
echo PNG > "$T/pma/img.png"
chmod -R a+rX "$T/www" "$T/pma"
pf_fpm_pools "pm.max_children = 2
access.log = $T/logs/\$pool.access
access.format = \"%s %r\"" a b
bad=0
new_server() {	# NAME < LINES: apache2 on a free $PORT with LINES (@PORT@
		# replaced), its config in $d/httpd.conf; lint's findings in $out
	PORT=$(pf_free_port)
	d="$T/$1"
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" proxy proxy_fcgi alias
		sed "s/@PORT@/$PORT/g"
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($1)"
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1)
}
want() {	# SETUP URL "STATUS BODY" (BODY: the body's first line, or
		# "apache" for Apache's own error page)
	local got
	got=$(curl -s -o "$T/body" -w '%{http_code}' -H "Host: a.test" \
		"http://127.0.0.1:$PORT$2")
	if grep -q '^<!DOCTYPE HTML' "$T/body"; then
		got="$got apache"
	else
		got="$got $(head -n 1 "$T/body")"
	fi
	[ "$got" = "$3" ] || { echo "FAIL: $1 $2: expected '$3', got '$got'"; bad=1; }
}
fpm_saw() {	# SETUP URL yes|no: pool a's access log has a 404 for URL
	local n
	n=$(grep -cxF "404 $2" "$T/logs/a.access" 2>/dev/null)
	case "$3:${n:-0}" in
	yes:0|no:[1-9]*) echo "FAIL: $1: FPM's 404 for $2: expected $3"; bad=1 ;;
	esac
}
chk() {	# DESCRIPTION REGEX (must match) | !REGEX (must not)
	case "$2" in
	!*) ! grep -qE -- "${2#!}" <<<"$out" || { echo "FAIL: lint: $1"; bad=1; } ;;
	*) grep -qE -- "$2" <<<"$out" || { echo "FAIL: lint: $1"; bad=1; } ;;
	esac
}
VHOST="<VirtualHost *:@PORT@>
    ServerName a.test
    DocumentRoot \"$T/www\"
    <Directory \"$T/www\">
        Require all granted
    </Directory>
</VirtualHost>"
pma() {		# [If-condition]: the Alias and its <Directory> with the handler
	local h="SetHandler \"proxy:unix:$T/a.sock|fcgi://localhost\""
	[ -n "${1:-}" ] && h="<If \"$1\">
            $h
        </If>"
	cat <<EOT
Alias /phpmyadmin "$T/pma"
<Directory "$T/pma">
    Require all granted
    <FilesMatch \\.php\$>
        $h
    </FilesMatch>
</Directory>
EOT
}

new_server nofile <<EOT
$VHOST
$(pma)
EOT
want nofile /phpmyadmin/p.php "200 a"
want nofile /phpmyadmin/nope.php "404 File not found."
fpm_saw nofile /phpmyadmin/nope.php yes
want nofile /phpmyadmin/img.png/x.php "404 apache"
fpm_saw nofile /phpmyadmin/img.png/x.php no
chk "nofile: /phpmyadmin/nope.php reaches FPM" 'httpd.conf:[0-9]+:[0-9]+: info: .*\(/phpmyadmin/nope\.php, below the Alias target .*/pma\).*\[sethandler-no-file-check\]'

new_server guarded <<EOT
$VHOST
$(pma "-f %{REQUEST_FILENAME}")
EOT
want guarded /phpmyadmin/p.php "200 a"
want guarded /phpmyadmin/nope2.php "404 apache"
fpm_saw guarded /phpmyadmin/nope2.php no
chk "guarded: Apache answers 404 itself" '!\[sethandler-no-file-check\]'

worker() {	# NAME: the main server's worker for b.sock, named NAME$T/pma/
	cat <<EOT
<Proxy "unix:$T/b.sock|fcgi://$1$T/pma/">
    ProxySet timeout=300
</Proxy>
EOT
}
fm_vhost() {	# the vhost with the Alias and a <FilesMatch> handler to a.sock
	cat <<EOT
<Directory "$T/pma">
    Require all granted
</Directory>
<VirtualHost *:@PORT@>
    ServerName a.test
    DocumentRoot "$T/www"
    Alias /phpmyadmin "$T/pma"
    <Directory "$T/www">
        Require all granted
    </Directory>
    <FilesMatch "\\.php\$">
        SetHandler "proxy:unix:$T/a.sock|fcgi://localhost"
    </FilesMatch>
</VirtualHost>
EOT
}
IGN='names unix:.*/a\.sock, but mod_proxy finds worker fcgi://localhost.*/pma/ for its URL \(the files below the Alias target .*/pma, at /phpmyadmin\) and connects to that worker.s socket .*/b\.sock instead: pool b runs them, not pool a \[route-socket-ignored\]'

new_server worker <<EOT
$(worker localhost)
$(fm_vhost)
EOT
want worker /p.php "200 a"
want worker /phpmyadmin/p.php "200 b"
chk "worker: the Alias target's scripts go to b.sock" "$IGN"
chk "worker: pool b is reached" '!reaches pool b '

new_server dir <<EOT
$(worker localhost)
$VHOST
$(pma)
EOT
want dir /phpmyadmin/p.php "200 b"
chk "dir: the Alias target's scripts go to b.sock" "$IGN"
chk "dir: pool b is reached" '!reaches pool b '

new_server other <<EOT
$(worker pma)
$(fm_vhost)
EOT
want other /p.php "200 a"
want other /phpmyadmin/p.php "200 a"
chk "other: the worker covers no handler URL" '!\[route-socket-ignored\]'

if [ $bad -ne 0 ]; then
	echo "$out" | grep -E "no-file-check|socket-ignored|pool-unused" | head
	echo "0 passed, 1 failed"
	exit 1
fi
echo "5 servers: what reaches FPM through the Alias and lint agree"
echo "1 passed, 0 failed"
