#!/bin/bash
# expr_handler_oracle.sh - a handler that is an expression (httpd 2.4.19
# and later evaluate SetHandler per request, core.c set_sethandler):
# SetHandler "proxy:unix:DIR/%{SERVER_NAME}.sock|fcgi://localhost" in the
# main server, as mass hosting writes it, connects each vhost to the pool
# named after it.  Against the real apache2 + php-fpm8.2, two vhosts:
#   a.test  pool a.test, an upload folder its user may write: the
#           scripts run (lint: upload-under-docroot)
#   b.test  pool b.test chrooted to its DocumentRoot: every script is
#           "File not found." (lint: fpm-chroot-paths)
#   c.test  no pool c.test: 503 (lint: route-no-pool naming c.test.sock)
# and two aliases: www.a.test (UseCanonicalName Off, the default) whose
# requests connect to www.a.test.sock, no pool's: 503 (lint:
# route-no-pool naming the alias); www.b.test with UseCanonicalName On
# in b.test: SERVER_NAME is b.test, b's pool answers (nothing said).
# Each URL goes to the servers (curl) and to the simulator (sim-probe);
# lint must link a and b to their pools and name c's socket: one
# route-no-pool and no pool-unused (before, the socket was taken
# literally: ".../%{SERVER_NAME}.sock", no pool).
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
S='<?php echo "EXEC:", __FILE__;'
for v in a b c; do
	mkdir -p "$T/$v/up"
	echo "$S" > "$T/$v/index.php"
	echo "$S" > "$T/$v/up/x.php"
	chown www-data "$T/$v/up"
done
mkdir -p "$T/logs"
{
	printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
	for v in a b; do
		printf '[%s.test]\nuser = www-data\ngroup = www-data\nlisten = %s/%s.test.sock\nlisten.mode = 0666\npm = static\npm.max_children = 1\n' \
		    "$v" "$T" "$v"
		[ $v = b ] && printf 'chroot = %s/b\nchdir = /\n' "$T"
	done
} > "$T/fpm.conf"
chmod -R a+rX "$T"
pf_fpm_run "$T/b.test.sock"
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" mime dir proxy proxy_fcgi
	echo "TypesConfig /etc/mime.types"
	printf '<FilesMatch "\\.php$">\n    SetHandler "proxy:unix:%s/%%{SERVER_NAME}.sock|fcgi://localhost"\n</FilesMatch>\n' "$T"
	for v in a b c; do
		printf '<VirtualHost *:%s>\n    ServerName %s.test\n    DocumentRoot %s/%s\n    <Directory %s/%s>\n        Require all granted\n    </Directory>\n' \
		    "$PORT" "$v" "$T" "$v" "$T" "$v"
		case $v in
		a) echo '    ServerAlias www.a.test' ;;
		b) printf '    ServerAlias www.b.test\n    UseCanonicalName On\n' ;;
		esac
		echo '</VirtualHost>'
	done
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
URLS="/index.php /up/x.php /nope.php"
bad=0 n=0 vi=0
for v in a b c; do
	root=
	[ $v = b ] && root="$T/b"
	pf_sim_agree "$vi" "$v" "$root"
	vi=$((vi + 1))
done
# The aliases, through the servers: www.a.test has no pool, www.b.test is
# b.test's (its chroot: "File not found.").
body=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: www.a.test" "http://127.0.0.1:$PORT/index.php")
[ "$body" = 503 ] || { echo "FAIL: www.a.test/index.php: want 503, the servers say $body"; bad=1; }
curl -s -H "Host: www.b.test" "http://127.0.0.1:$PORT/index.php" | grep -q "File not found." ||
    { echo "FAIL: www.b.test/index.php: not b.test's pool"; bad=1; }
pf_lint_tree
cnt() { grep -c "$1" <<<"$out"; }
pf_check "route-no-pool" 2 "$(cnt '\[route-no-pool\]')"
pf_check "route-no-pool for www.a.test" 1 "$(grep '\[route-no-pool\]' <<<"$out" | grep -c "ServerAlias name www\.a\.test fail.*unix:$T/www\.a\.test\.sock, where no FPM pool")"
pf_check "nothing for www.b.test" 0 "$(grep '\[route-no-pool\]' <<<"$out" | grep -c "www\.b\.test")"
pf_check "route-no-pool for c.test" 1 "$(grep '\[route-no-pool\]' <<<"$out" | grep -c "c\.test.*unix:$T/c\.test\.sock, but no FPM pool")"
pf_check "pool-unused" 0 "$(cnt '\[pool-unused\]')"
pf_check "a.test upload-under-docroot" 1 "$(grep '\[upload-under-docroot\]' <<<"$out" | grep -c "$T/a/up is writable")"
pf_check "b.test fpm-chroot-paths" 1 "$(grep '\[fpm-chroot-paths\]' <<<"$out" | grep -c "b\.test")"
pf_lint_end 'route-no-pool|pool-unused|upload-under|chroot' "$n verdicts agree with apache2 + php-fpm8.2 for a handler expression"
