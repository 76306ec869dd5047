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
#
# Below the tops, where lint's upload walk lists (a PHP pool whose user
# cannot write the DocumentRoot; three levels): deep.test holds a
# vendored plugin's .git, a project's .env one level down and a theme's
# functions.php.bak (200, reported); deepdenied.test the same behind
# DirectoryMatch/Files/FilesMatch (403), deepdot.test behind
# <DirectoryMatch "/\."> and <FilesMatch "^\."> (403; a vim swap copy),
# deepredirect.test behind RedirectMatch 404 (404; its backup copy 200,
# reported).  AliasMatch targets: am.test's ^/app/(.*) and ^/lib(/.*)?$
# (200, reported), amdenied.test's target denied (403).
# ScriptAliasMatch without mod_cgi sends the files as they are (200,
# reported); a second server with mod_cgi loaded runs them (500, lint
# quiet).
#
# Where no upload walk lists: panel.test's DocumentRoot is owned by the
# pool's user (www-data: a panel's site account) and holds the same
# three deep files (200, reported); and lint run without --fpm (no pool
# known for any vhost) must report the same files as with it.
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
for s in deep deepdenied deepredirect deepdot panel; do
	mkdir -p "$T/$s/wp-content/plugins/gallery/.git" "$T/$s/api/public" \
	    "$T/$s/wp-content/themes/twenty"
	echo "[core] $s-vendored" > "$T/$s/wp-content/plugins/gallery/.git/config"
	echo "DB_PASSWORD=$s-api" > "$T/$s/api/.env"
	echo "<?php \$db_password = '$s-theme';" \
	    > "$T/$s/wp-content/themes/twenty/functions.php.bak"
done
mv "$T/deepdot/wp-content/themes/twenty/functions.php.bak" \
    "$T/deepdot/wp-content/themes/twenty/.functions.php.swp"
for s in amsrc amslash amdenied sam; do
	mkdir -p "$T/$s/.git"
	echo "[core] $s" > "$T/$s/.git/config"
	echo "DB_PASSWORD=$s-secret" > "$T/$s/.env"
	echo "<?php \$db_password = '$s-old';" > "$T/$s/config.php.old"
done
chmod -R a+rX,go-w "$T"	# the pool's user (www-data) writes none of it
chown -R www-data:www-data "$T/panel"	# but all of panel.test's
pf_fpm_conf "$T"	# the pool lint links the PHP handler to (not started)
PORT=$(pf_free_port)
# What the denied vhosts add: .git, .env and PHP backups refused.
DENY='    <DirectoryMatch "/\.git(/|$)">
        Require all denied
    </DirectoryMatch>
    <Files ".env">
        Require all denied
    </Files>
    <FilesMatch "\.php(~|\.(bak|old|orig|save|swp))$">
        Require all denied
    </FilesMatch>'
{
	pf_apache_head "$T" "$PORT" alias proxy proxy_fcgi
	cat <<EOF
DocumentRoot "$T/app/public"
<Directory "$T">
    Require all granted
</Directory>
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
<FilesMatch "\\.php\$">
    SetHandler "proxy:unix:$T/php.sock|fcgi://localhost"
</FilesMatch>
<VirtualHost *:$PORT>
    ServerName deep.test
    DocumentRoot "$T/deep"
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName panel.test
    DocumentRoot "$T/panel"
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName deepdenied.test
    DocumentRoot "$T/deepdenied"
$DENY
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName deepdot.test
    DocumentRoot "$T/deepdot"
    <DirectoryMatch "/\\.">
        Require all denied
    </DirectoryMatch>
    <FilesMatch "^\\.">
        Require all denied
    </FilesMatch>
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName deepredirect.test
    DocumentRoot "$T/deepredirect"
    RedirectMatch 404 "/\\.(git|env)"
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName am.test
    DocumentRoot "$T/app/public"
    AliasMatch "^/app/(.*)\$" "$T/amsrc/\$1"
    AliasMatch ^/lib(/.*)?\$ $T/amslash\$1
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName amdenied.test
    DocumentRoot "$T/app/public"
    AliasMatch "^/app/(.*)\$" "$T/amdenied/\$1"
    <Directory "$T/amdenied">
        Require all denied
    </Directory>
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName sam.test
    DocumentRoot "$T/app/public"
    ScriptAliasMatch ^/bin/(.*) $T/sam/\$1
</VirtualHost>
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
$DENY
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName redirect.test
    DocumentRoot "$T/redirect"
    RedirectMatch 404 "/\\.(git|env)"
</VirtualHost>
EOF
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
# The same ScriptAliasMatch on a server with mod_cgi, which runs the files.
PORT2=$(pf_free_port)
{
	pf_apache_head "$T/cgi" "$PORT2" alias cgi
	cat <<EOF
DocumentRoot "$T/app/public"
<Directory "$T">
    Require all granted
</Directory>
ScriptAliasMatch ^/bin/(.*) $T/sam/\$1
EOF
} > "$T/cgi.conf"
pf_apache_run "$T/cgi.conf" "$PORT2" || fail "apache2 (mod_cgi) did not start"
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
for s in deep deepdenied deepredirect deepdot panel; do
	case $s in
	deep|panel) g=200 b=200 ;;
	deepdenied|deepdot) g=403 b=403 ;;
	deepredirect) g=404 b=200 ;;
	esac
	bk=/wp-content/themes/twenty/functions.php.bak
	[ $s = deepdot ] && bk=/wp-content/themes/twenty/.functions.php.swp
	check $s.test /wp-content/plugins/gallery/.git/config $g \
	    "$([ $g = 200 ] && echo "[core] $s-vendored")"
	check $s.test /api/.env $g "$([ $g = 200 ] && echo "DB_PASSWORD=$s-api")"
	check $s.test $bk $b "$([ $b = 200 ] && echo "$s-theme")"
done
check am.test /app/.env 200 "DB_PASSWORD=amsrc-secret"
check am.test /app/.git/config 200 "[core] amsrc"
check am.test /app/config.php.old 200 "amsrc-old"
check am.test /lib/.env 200 "DB_PASSWORD=amslash-secret"
check am.test /lib/.git/config 200 "[core] amslash"
check am.test /lib/config.php.old 200 "amslash-old"
check amdenied.test /app/.env 403
check amdenied.test /app/.git/config 403
check amdenied.test /app/config.php.old 403
check sam.test /bin/.env 200 "DB_PASSWORD=sam-secret"
check sam.test /bin/.git/config 200 "[core] sam"
check sam.test /bin/config.php.old 200 "sam-old"
PORT=$PORT2 check cgi.test /bin/.env 500
PORT=$PORT2 check cgi.test /bin/config.php.old 500

reported() {	# the files lint's secrets-served findings name
	sed -n -e 's/.*GET \([^ ]*\) answers with \([^ ]*\) .*/\2/p' \
	    -e 's/.*: high: \([^ ]*\), a backup copy .*/\1/p' <<<"$1" |
	    sort | tr '\n' ' '
}
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
	grep '\[secrets-served\]$')
got=$(reported "$out")
want=$(printf '%s\n' "$T/open/.env" "$T/open/.git/config" "$T/open/wp-config.php~" \
	"$T/redirect/wp-config.php~" "$T/aliased/.env" "$T/aliased/.git/config" \
	"$T/aliased/wp-config.php~" \
	"$T/deep/wp-content/plugins/gallery/.git/config" "$T/deep/api/.env" \
	"$T/deep/wp-content/themes/twenty/functions.php.bak" \
	"$T/deepredirect/wp-content/themes/twenty/functions.php.bak" \
	"$T/panel/wp-content/plugins/gallery/.git/config" "$T/panel/api/.env" \
	"$T/panel/wp-content/themes/twenty/functions.php.bak" \
	"$T/amsrc/.env" "$T/amsrc/.git/config" "$T/amsrc/config.php.old" \
	"$T/amslash/.env" "$T/amslash/.git/config" "$T/amslash/config.php.old" \
	"$T/sam/.env" "$T/sam/.git/config" "$T/sam/config.php.old" |
	sort | tr '\n' ' ')
if [ "$got" != "$want" ]; then
	echo "FAIL: lint reports '$got', Apache serves '$want'"
	echo "$out" | sed 's/^/    /'
	bad=1
fi
# Without --fpm no vhost has a pool lint knows: the same files.
out2=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" 2>&1 | grep '\[secrets-served\]$')
got2=$(reported "$out2")
if [ "$got2" != "$want" ]; then
	echo "FAIL: without --fpm lint reports '$got2', Apache serves '$want'"
	echo "$out2" | sed 's/^/    /'
	bad=1
fi
# The URLs lint names are the ones Apache served above.
for u in /wp-content/plugins/gallery/.git/config /api/.env \
    /wp-content/themes/twenty/functions.php.bak /app/.env /lib/.env /bin/.env; do
	grep -qF -- "GET $u " <<<"$out" ||
		{ echo "FAIL: lint names no GET $u"; bad=1; }
done
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/cgi.conf" 2>&1 | grep '\[secrets-served\]$')
if [ -n "$out" ]; then
	echo "FAIL: with mod_cgi Apache runs the files (500), lint says:"
	echo "$out" | sed 's/^/    /'
	bad=1
fi
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "14 vhosts on two servers: Apache's answers and lint's findings (with and without --fpm) agree"
echo "1 passed, 0 failed"
