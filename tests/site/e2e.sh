#!/bin/bash
# e2e.sh [sethandler|proxypassmatch] - compile testdata/site/e2e with that
# handler style into a temp dir (--remap-root,
# --user-map '*=www-data'), start the real php-fpm8.2 and apache2 on
# 127.0.0.1 with exactly those files, and probe: PHP runs, static files
# are served by Apache, nothing in the upload folder ever executes, and
# hidden files are refused.  Every process is stopped by its PID.
set -u
. "$PF_SRC/tests/lib/need.sh"
. "$PF_SRC/tests/site/lib.sh"
need apache2 "$FPM" curl openssl
pf_tmpdir
chmod 755 "$T"
ROOT=$T/root
PORT=$(pf_free_port)
HANDLER=${1:-sethandler}
sed "s/@PORT@/$PORT/; s/@HANDLER@/$HANDLER/" \
    "$PF_TESTDATA/site/e2e/site.ini.in" > "$T/site.ini"

fail() {
	echo "FAIL: $*" >&2
	for f in "$ROOT/apache-run/logs/error.log" "$ROOT/fpm-run/php-fpm.log"; do
		[ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; } >&2
	done
	exit 1
}

site_compile "$ROOT" "$T/site.ini" >"$T/compile.out" 2>&1 ||
	{ cat "$T/compile.out" >&2; fail "compile"; }
site_prepare "$ROOT"
DR=$ROOT/srv/e2e/public
mkdir -p "$DR/uploads" "$DR/sub"
cat > "$DR/index.php" <<'EOF'
<?php echo "PHP-OK ", $_SERVER["SCRIPT_NAME"], " ", $_SERVER["REQUEST_URI"], "\n";
EOF
cat > "$DR/auth.php" <<'EOF'
<?php echo "AUTH=", $_SERVER["HTTP_AUTHORIZATION"] ?? "none", "\n";
EOF
printf 'static-bytes\n' > "$DR/static.txt"
printf '<?php echo "EXECUTED-EVIL"; ?>\nGIF89a\n' > "$DR/uploads/evil.jpg"
printf '<?php echo "EXECUTED-UPLOAD";\n' > "$DR/uploads/x.php"
printf '<?php echo "EXECUTED-PHTML";\n' > "$DR/uploads/y.phtml"
printf 'auto_prepend_file=%s/uploads/evil.jpg\n' "$DR" > "$DR/.user.ini"
printf '<?php echo "SOURCE-LEAK";\n' > "$DR/old.PHP"
PI=$ROOT/srv/pi/public
mkdir -p "$PI"
cat > "$PI/index.php" <<'EOF'
<?php echo "PI-SITE ", $_SERVER["SCRIPT_NAME"], " PATH_INFO=", $_SERVER["PATH_INFO"] ?? "none", "\n";
EOF
chmod -R a+rX "$ROOT"

VHOST=$ROOT/etc/apache2/sites-available/e2e.conf
POOL=$ROOT/etc/php/8.2/fpm/pool.d/e2e.conf
POOL2=$ROOT/etc/php/8.2/fpm/pool.d/pi.conf
VHOST2=$ROOT/etc/apache2/sites-available/pi.conf
MPM=$ROOT/etc/apache2/conf-available/proxyfpm-mpm.conf
apache_wrapper "$ROOT" "$PORT" "$T/httpd.conf" "$MPM" "$VHOST" "$VHOST2"
fpm_wrapper "$ROOT" "$T/php-fpm.conf" "$POOL" "$POOL2"
grep -q 'enablereuse=on' "$VHOST" || fail "the e2e site should use connection reuse"

"$FPM" -F -y "$T/php-fpm.conf" >"$T/fpm.out" 2>&1 &
echo $! >> "$T/pids"
SOCK=$(sed -n 's/^listen = //p' "$POOL")
for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
[ -S "$SOCK" ] || fail "php-fpm did not create $SOCK"
apache2 -f "$T/httpd.conf" -DFOREGROUND >"$T/apache.out" 2>&1 &
echo $! >> "$T/pids"
for _ in $(seq 100); do
	curl -s -o /dev/null "http://127.0.0.1:$PORT/static.txt" && break
	sleep 0.05
done

# probe URL -> "CODE BODY" on stdout
probe() {
	curl -s -o "$T/body" -w '%{http_code}' "$@" > "$T/code"
	echo "$(cat "$T/code") $(tr -d '\0' < "$T/body" | head -c 300)"
}
U=http://127.0.0.1:$PORT

r=$(probe "$U/index.php")
case "$r" in "200 PHP-OK /index.php"*) ;; *) fail "/index.php: $r" ;; esac
r=$(probe "$U/static.txt")
[ "$r" = "200 static-bytes" ] || fail "/static.txt: $r"
# The upload's PHP code comes back as the bytes on disk.
r=$(probe "$U/uploads/evil.jpg")
cmp -s "$T/body" "$DR/uploads/evil.jpg" || fail "/uploads/evil.jpg not static: $r"
case "$r" in 200*) ;; *) fail "/uploads/evil.jpg: $r" ;; esac
for u in /uploads/evil.jpg/x.php /uploads/x.php /uploads/y.phtml \
    /uploads/evil.jpg/x.php/y; do
	r=$(probe "$U$u")
	case "$r" in
	*EXECUTED*) fail "$u executed: $r" ;;
	200*) fail "$u answered 200: $r" ;;
	esac
done
r=$(probe "$U/uploads/x.php")
case "$r" in 403*) ;; *) fail "/uploads/x.php should be 403: $r" ;; esac
r=$(probe "$U/.user.ini")
case "$r" in 403*) ;; *) fail "/.user.ini should be 403: $r" ;; esac
r=$(probe "$U/old.PHP")
case "$r" in 403*) ;; *) fail "/old.PHP should be 403: $r" ;; esac
# pathinfo = off (the default)
r=$(probe "$U/index.php/extra")
case "$r" in 404*) ;; *) fail "/index.php/extra should be 404: $r" ;; esac
# The evil upload never ran as a prepend either.
r=$(probe "$U/index.php")
case "$r" in *EXECUTED*) fail ".user.ini prepend ran: $r" ;; esac
# front_controller: unknown URLs reach /index.php with their REQUEST_URI.
r=$(probe "$U/pretty/url?q=1")
case "$r" in "200 PHP-OK /index.php /pretty/url?q=1"*) ;;
*) fail "/pretty/url: $r" ;; esac
# Authorization reaches PHP.
r=$(probe -u user:pw "$U/auth.php")
case "$r" in "200 AUTH=Basic dXNlcjpwdw=="*) ;; *) fail "auth: $r" ;; esac
# ping from an allowed address (Require local)
r=$(probe "$U/fpm-ping")
case "$r" in "200 pong"*) ;; *) fail "/fpm-ping: $r" ;; esac
r=$(probe "$U/fpm-ping/x")
case "$r" in "200 pong"*) fail "/fpm-ping/x reached FPM: $r" ;; esac
# A burst through the reused connections.
for i in $(seq 40); do
	curl -s -o /dev/null -w '%{http_code}\n' "$U/index.php" &
done > "$T/burst"
wait_n=0
while [ "$(wc -l < "$T/burst")" -lt 40 ] && [ $wait_n -lt 100 ]; do
	sleep 0.1; wait_n=$((wait_n + 1))
done
[ "$(grep -c '^200$' "$T/burst")" = 40 ] ||
	fail "burst: $(sort "$T/burst" | uniq -c | tr '\n' ' ')"
# The second site: PATH_INFO reaches PHP (pathinfo = on), and its ping
# page refuses 127.0.0.1 (status_allow = 192.0.2.1).
r=$(probe -H 'Host: pi.test' "$U/index.php/a/b")
case "$r" in "200 PI-SITE /index.php PATH_INFO=/a/b"*) ;;
*) fail "pi.test /index.php/a/b: $r" ;; esac
r=$(probe -H 'Host: pi.test' "$U/fpm-ping")
case "$r" in 403*) ;; *) fail "pi.test /fpm-ping from 127.0.0.1: $r" ;; esac
echo "e2e ($HANDLER): all probes passed on 127.0.0.1:$PORT"
