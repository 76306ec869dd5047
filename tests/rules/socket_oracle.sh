#!/bin/bash
# socket_oracle.sh - rule fpm-socket-denied against the real servers: a
# php-fpm8.2 master running as root (as systemd starts it) makes seven
# pools' sockets (two in directories of their own), Apache runs as www-data in front of them, and a request
# to each says whether Apache may connect (200) or not (503, AH02454
# Permission denied).  lint of the same two files must report exactly the
# pools Apache could not reach.  Users: nobody/nogroup (the site's
# account) and www-data, which Debian always has.
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2 curl
pf_tmpdir
fail() { echo "FAIL: $*"; cat "$T"/logs/*.log 2>/dev/null | tail -20; exit 1; }
[ "$(id -u)" = 0 ] || { echo "SKIP: php-fpm must start as root"; exit 77; }
getent passwd nobody >/dev/null && getent group nogroup >/dev/null &&
	getent passwd www-data >/dev/null || fail "users nobody/nogroup/www-data"
chmod 755 "$T"
mkdir -p "$T/dr" "$T/run" "$T/logs" "$T/priv" "$T/grp"
chmod 755 "$T/dr" "$T/run"
# f: the socket's directory is root's 0700: www-data cannot reach it;
# g: root:www-data 0710: it can, through its group.
chmod 700 "$T/priv"
chgrp www-data "$T/grp" && chmod 710 "$T/grp"
echo '<?php echo "ok";' > "$T/dr/i.php"
PORT=$(pf_free_port)

# pool: expected status, then the listen lines.
declare -A WANT=([a]=503 [b]=200 [c]=503 [d]=503 [e]=200 [f]=503 [g]=200)
declare -A DIR=([f]=priv [g]=grp)
{
	printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
	for p in a b c d e f g; do
		printf '[%s]\nuser = nobody\ngroup = nogroup\nlisten = %s/%s/%s.sock\npm = static\npm.max_children = 1\n' "$p" "$T" "${DIR[$p]:-run}" "$p"
		case $p in
		a) printf 'listen.owner = nobody\nlisten.group = nogroup\nlisten.mode = 0660\n' ;;
		b) printf 'listen.owner = nobody\nlisten.group = www-data\nlisten.mode = 0660\n' ;;
		c) printf '; no listen.owner/group: root:root 0660\n' ;;
		d) printf 'listen.acl_users = nobody\n' ;;
		e) printf 'listen.acl_users = www-data\n' ;;
		f|g) printf 'listen.owner = www-data\nlisten.group = www-data\n' ;;
		esac
	done
} > "$T/fpm.conf"
{
	pf_apache_head "$T" "$PORT" proxy proxy_fcgi
	cat <<EOF
DocumentRoot "$T/dr"
<Directory "$T/dr">
    Require all granted
</Directory>
EOF
	for p in a b c d e f g; do
		printf 'ProxyPassMatch "^/%s/(.*\\.php)$" "unix:%s/%s/%s.sock|fcgi://%s%s/dr/$1"\n' \
			"$p" "$T" "${DIR[$p]:-run}" "$p" "$p" "$T"
	done
} > "$T/httpd.conf"

pf_fpm_run "$T/grp/g.sock"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"

bad=0
for p in a b c d e f g; do
	got=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/$p/i.php")
	if [ "$got" != "${WANT[$p]}" ]; then
		echo "FAIL: pool $p: Apache answered $got, the test expects ${WANT[$p]}"
		bad=1
	fi
	# lint's verdict for the pool must match Apache's.
	hit=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$T/httpd.conf" --fpm "$T/fpm.conf" --php-ini /dev/null 2>&1 |
		grep -c "socket of pool $p .*\[fpm-socket-denied\]")
	if [ "$got" = 503 ] && [ "$hit" != 1 ]; then
		echo "FAIL: pool $p: 503 from Apache, lint says nothing"
		bad=1
	elif [ "$got" = 200 ] && [ "$hit" != 0 ]; then
		echo "FAIL: pool $p: 200 from Apache, lint reports fpm-socket-denied"
		bad=1
	fi
done
grep -q "AH02454" "$T/logs/error.log" || { echo "FAIL: no AH02454 in Apache's log"; bad=1; }
if [ $bad -ne 0 ]; then
	"$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$T/httpd.conf" --fpm "$T/fpm.conf" --php-ini /dev/null 2>&1 | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "7 pools: Apache's answers and lint's findings agree"
echo "1 passed, 0 failed"
