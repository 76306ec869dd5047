#!/bin/bash
# forward_oracle.sh - rule open-forward-proxy against the real servers:
# apache2 with ProxyRequests On and mod_proxy_fcgi, php-fpm8.2 with a TCP
# pool and a unix-socket pool, and a PHP file outside every DocumentRoot.
#   open: "GET fcgi://127.0.0.1:PORT/<file>" runs the file through the
#     TCP pool, "GET fcgi://localhost/<file>" through the socket pool
#     whose worker <Proxy "unix:...|fcgi://localhost"> defines -> lint:
#     open-forward-proxy, critical; the socket pool has an empty
#     security.limit_extensions, so a text file comes back through it
#     (and is refused, 403, through the TCP pool's default .php .phar)
#     -> the finding says so and points at the pool's line;
#   closed: the same with <Proxy "*"> Require ip 192.0.2.1: both 403 ->
#     lint: silent;
#   compat: <Proxy "*"> Order deny,allow + Allow from all (Apache 2.2's
#     recipe, mod_access_compat): both 200 -> lint: critical;
#   fcgi-closed: <ProxyMatch "^fcgi:"> Require all denied: both 403, the
#     forward proxy stays open to http:// -> lint: high.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www" "$T/elsewhere" "$T/logs"
echo '<?php echo "RAN ", __FILE__;' > "$T/elsewhere/secret.php"
echo 'NOT A SCRIPT' > "$T/elsewhere/notes.txt"
chmod -R a+rX "$T/www" "$T/elsewhere"
FP=$(pf_free_port)
cat > "$T/fpm.conf" <<EOF
[global]
pid = $T/fpm.pid
error_log = $T/logs/fpm.log
daemonize = no
[tcp]
user = www-data
group = www-data
listen = 127.0.0.1:$FP
pm = static
pm.max_children = 1
[sock]
user = www-data
group = www-data
listen = $T/php.sock
listen.mode = 0666
pm = static
pm.max_children = 1
security.limit_extensions =
EOF
pf_fpm_run "$T/php.sock"

bad=0
start() {	# CASE EXTRA
	local d="$T/$1"
	PORT=$(pf_free_port)
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" authz_host access_compat proxy proxy_fcgi
		cat <<EOF
DocumentRoot "$T/www"
<Directory "$T/www">
    Require all granted
</Directory>
ProxyRequests On
<Proxy "unix:$T/php.sock|fcgi://localhost">
    ProxySet timeout=10
</Proxy>
ProxyPassMatch "^/(.*\\.php)$" "fcgi://127.0.0.1:$FP$T/www/\$1"
$2
EOF
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($1)"
}
# URL: the response's status line and body, from a raw request line
# (curl cannot send an fcgi:// URL to a proxy).
raw() {
	python3 - "$PORT" "$1" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % sys.argv[2]).encode())
d = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    d += b
print(d.decode(errors="replace").replace("\r", ""))
EOF
}
want() {	# what URL CODE [TEXT]
	local out
	out=$(raw "$2")
	head -1 <<<"$out" | grep -q " $3 " ||
		{ echo "FAIL: $1: expected $3, got '$(head -1 <<<"$out")'"; bad=1; }
	[ -z "${4:-}" ] || grep -qF -- "$4" <<<"$out" ||
		{ echo "FAIL: $1: the answer does not show '$4'"; bad=1; }
}
lint_sev() {
	local s
	s=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$T/$1/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
		sed -n 's/^[^ ]*: \([a-z]*\): .*\[open-forward-proxy\]$/\1/p')
	echo "${s:-none}"
}

start open ""
want "open: through the TCP pool" "fcgi://127.0.0.1:$FP$T/elsewhere/secret.php" 200 \
	"RAN $T/elsewhere/secret.php"
want "open: through the socket pool" "fcgi://localhost$T/elsewhere/secret.php" 200 \
	"RAN $T/elsewhere/secret.php"
want "open: an ordinary request" "/" 404
want "open: a text file through the socket pool" "fcgi://localhost$T/elsewhere/notes.txt" 200 \
	"NOT A SCRIPT"
want "open: a text file through the TCP pool" "fcgi://127.0.0.1:$FP$T/elsewhere/notes.txt" 403
[ "$(lint_sev open)" = critical ] || { echo "FAIL: open: lint says $(lint_sev open), not critical"; bad=1; }
"$PROXYFPM" lint --no-config --format text --fail-on none --httpd "$T/open/httpd.conf" \
	--fpm "$T/fpm.conf" > "$T/open.txt" 2>&1
grep -q "through pool sock any file at all (its security.limit_extensions is empty" "$T/open.txt" &&
	grep -q "fpm.conf:18:.*security.limit_extensions of pool sock" "$T/open.txt" ||
	{ echo "FAIL: open: the finding does not name pool sock's limit_extensions:"; cat "$T/open.txt"; bad=1; }

start closed '<Proxy "*">
    Require ip 192.0.2.1
</Proxy>'
want "closed: through the TCP pool" "fcgi://127.0.0.1:$FP$T/elsewhere/secret.php" 403
want "closed: through the socket pool" "fcgi://localhost$T/elsewhere/secret.php" 403
[ "$(lint_sev closed)" = none ] || { echo "FAIL: closed: lint says $(lint_sev closed)"; bad=1; }

start compat '<Proxy "*">
    Order deny,allow
    Allow from all
</Proxy>'
want "compat: through the TCP pool" "fcgi://127.0.0.1:$FP$T/elsewhere/secret.php" 200 \
	"RAN $T/elsewhere/secret.php"
[ "$(lint_sev compat)" = critical ] || { echo "FAIL: compat: lint says $(lint_sev compat), not critical"; bad=1; }

start fcgi-closed '<ProxyMatch "^fcgi:">
    Require all denied
</ProxyMatch>'
want "fcgi-closed: through the TCP pool" "fcgi://127.0.0.1:$FP$T/elsewhere/secret.php" 403
want "fcgi-closed: through the socket pool" "fcgi://localhost$T/elsewhere/secret.php" 403
[ "$(lint_sev fcgi-closed)" = high ] || { echo "FAIL: fcgi-closed: lint says $(lint_sev fcgi-closed), not high"; bad=1; }

if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "4 setups: Apache's answers and lint's findings agree"
echo "1 passed, 0 failed"
