#!/bin/bash
# secrets_oracle.sh - rule secrets-served against the real apache2: five
# vhosts over project directories that hold .git/config, .env and an
# editor's backup wp-config.php~.  app.test's DocumentRoot is public/,
# the files one level up; alias.test's too, but an Alias reaches the
# project's top.  Requests from 127.0.0.1 say which vhost hands them out
# (200 with the contents), which denies them (403: DirectoryMatch, Files
# and FilesMatch with Require all denied) and which hides them (404:
# RedirectMatch 404 of .git and .env only; public/); lint must report
# exactly the files Apache serves.
. "$PF_SRC/tests/lib/need.sh"
need apache2 curl
pf_tmpdir
fail() { echo "FAIL: $*"; tail -20 "$T/logs/error.log" 2>/dev/null; exit 1; }
chmod 755 "$T"
for s in open denied redirect app aliased; do
	mkdir -p "$T/$s/.git" "$T/$s/public"
	echo "[core] $s" > "$T/$s/.git/config"
	echo "DB_PASSWORD=$s-secret" > "$T/$s/.env"
	echo "<?php \$db_password = '$s-backup';" > "$T/$s/wp-config.php~"
done
chmod -R a+rX "$T"
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" alias
	cat <<EOF
DocumentRoot "$T/app/public"
<Directory "$T">
    Require all granted
</Directory>
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
<VirtualHost *:$PORT>
    ServerName app.test
    DocumentRoot "$T/app/public"
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName alias.test
    DocumentRoot "$T/aliased/public"
    Alias /src "$T/aliased"
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName open.test
    DocumentRoot "$T/open"
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName denied.test
    DocumentRoot "$T/denied"
    <DirectoryMatch "/\\.git(/|\$)">
        Require all denied
    </DirectoryMatch>
    <Files ".env">
        Require all denied
    </Files>
    <FilesMatch "\\.php(~|\\.(bak|old|orig|save|swp))\$">
        Require all denied
    </FilesMatch>
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName redirect.test
    DocumentRoot "$T/redirect"
    RedirectMatch 404 "/\\.(git|env)"
</VirtualHost>
EOF
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
bad=0
check() {	# HOST URL CODE [TEXT]
	local out
	out=$(curl -s -w '\n%{http_code}' -H "Host: $1" "http://127.0.0.1:$PORT$2")
	[ "$(tail -1 <<<"$out")" = "$3" ] ||
		{ echo "FAIL: $1$2: expected $3, got $(tail -1 <<<"$out")"; bad=1; }
	[ -z "${4:-}" ] || grep -qF -- "$4" <<<"$out" ||
		{ echo "FAIL: $1$2: the answer does not show '$4'"; bad=1; }
}
check open.test /.env 200 "DB_PASSWORD=open-secret"
check open.test /.git/config 200 "[core] open"
check denied.test /.env 403
check denied.test /.git/config 403
check redirect.test /.env 404
check redirect.test /.git/config 404
check app.test /.env 404
check app.test /.git/config 404
check open.test /wp-config.php~ 200 "open-backup"
check denied.test /wp-config.php~ 403
check redirect.test /wp-config.php~ 200 "redirect-backup"
check app.test /wp-config.php~ 404
check alias.test /src/.env 200 "DB_PASSWORD=aliased-secret"
check alias.test /src/wp-config.php~ 200 "aliased-backup"
check alias.test /.env 404

out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" 2>&1 | grep '\[secrets-served\]$')
got=$(sed -n -e 's/.*GET \([^ ]*\) answers with \([^ ]*\) .*/\2/p' \
	-e 's/.*: high: \([^ ]*\), a backup copy .*/\1/p' <<<"$out" | sort | tr '\n' ' ')
want=$(printf '%s\n' "$T/open/.env" "$T/open/.git/config" "$T/open/wp-config.php~" \
	"$T/redirect/wp-config.php~" "$T/aliased/.env" "$T/aliased/.git/config" \
	"$T/aliased/wp-config.php~" | sort | tr '\n' ' ')
if [ "$got" != "$want" ]; then
	echo "FAIL: lint reports '$got', Apache serves '$want'"
	echo "$out" | sed 's/^/    /'
	bad=1
fi
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "5 vhosts: Apache's answers and lint's findings agree"
echo "1 passed, 0 failed"
