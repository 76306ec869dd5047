#!/bin/bash
# nofile_rewrite_oracle.sh - sethandler-no-file-check with front-controller
# rewrites, against the real servers: apache2 in front of a php-fpm8.2
# pool a on a unix socket, a <FilesMatch \.php$> SetHandler with no -f
# check, $T/www/index.php and app.php printing their SCRIPT_NAME, and
# $T/ic (icingaweb2's public/) at /ic.  For each shape, what /nope.php
# gets, whether FPM logged a 404 for a missing script, and lint's verdict:
#   plain     no rewrite: FPM's "File not found." -> finding;
#   phab      Phabricator's vhost (RewriteRule ^(.*)$ /index.php?__path__=$1
#             [B,L,QSA]): index.php runs for /nope.php and
#             /uploads/x.jpg/y.php -> no finding;
#   xfp-eq    the same rule under RewriteCond %{HTTP:X-Forwarded-Proto}
#             =https: the client leaves the header out and FPM gets
#             /nope.php -> finding;
#   xfp-redir Phabricator's https redirect (RewriteCond X-Forwarded-Proto
#             !https, [R]) before the front controller: a 302, or with the
#             header index.php; FPM never sees a missing script -> none;
#   icinga    icingaweb2's <Directory> (-s [OR] -l [OR] -d, "-" [L], then
#             ^.*$ index.php) below Alias /ic: /ic/nope.php runs
#             /ic/index.php -> no finding (its <FilesMatch> handler is
#             in that <Directory>, as icingaweb2 ships it);
#   laravel   .htaccess with !-d/!-f and RewriteRule ^ index.php [L]
#   wordpress WordPress's block; symfony: !-f, ^(.*)$ app.php [QSA,L]:
#             the front controller runs -> no finding;
#   partial   RewriteRule ^/app/(.*)$ /index.php: /nope.php is not
#             covered, FPM's "File not found." -> finding.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www/uploads" "$T/logs" "$T/ic"
echo '<?php echo "front ", $_SERVER["SCRIPT_NAME"];' > "$T/www/index.php"
echo '<?php echo "app ", $_SERVER["SCRIPT_NAME"];' > "$T/www/app.php"
cp "$T/www/index.php" "$T/ic/index.php"
echo JPG > "$T/www/uploads/x.jpg"
chmod -R a+rX "$T/www" "$T/ic"
pf_fpm_pools "pm.max_children = 2
access.log = $T/logs/\$pool.access
access.format = \"%s %r\"" a
bad=0
new_server() {	# NAME < LINES: apache2 on a free $PORT with LINES (@PORT@
		# replaced); lint's findings in $out
	PORT=$(pf_free_port)
	name=$1
	d="$T/$1"
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" proxy proxy_fcgi alias rewrite mime dir
		echo "TypesConfig /etc/mime.types"
		sed "s/@PORT@/$PORT/g"
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($1)"
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1)
	: > "$T/logs/a.access"
}
want() {	# URL "STATUS BODY" [HEADER] (BODY: the body's first line, or
		# "apache" for Apache's own page)
	local got
	got=$(curl -s -o "$T/body" -w '%{http_code}' -H "Host: a.test" \
		${3:+-H "$3"} "http://127.0.0.1:$PORT$1")
	if grep -q '^<!DOCTYPE HTML' "$T/body"; then
		got="$got apache"
	else
		got="$got $(head -n 1 "$T/body")"
	fi
	[ "$got" = "$2" ] || { echo "FAIL: $name $1${3:+ ($3)}: expected '$2', got '$got'"; bad=1; }
}
fpm_404() {	# URL yes|no: FPM logged a 404 (a missing script) for URL
	local n
	n=$(grep -cxF "404 $1" "$T/logs/a.access" 2>/dev/null)
	case "$2:${n:-0}" in
	yes:0|no:[1-9]*) echo "FAIL: $name: FPM's 404 for $1: expected $2"; bad=1 ;;
	esac
}
finding() {	# URL yes|no: lint reports sethandler-no-file-check for URL
	local n
	n=$(grep -cE "\\($1[,)].*\\[sethandler-no-file-check\\]" <<<"$out")
	case "$2:$n" in
	yes:0|no:[1-9]*) echo "FAIL: lint: $name: finding for $1: expected $2"
		grep no-file-check <<<"$out"; bad=1 ;;
	esac
}
head_vh() {	# the vhost's start: DocumentRoot $T/www and the handler
	cat <<EOT
<VirtualHost *:@PORT@>
    ServerName a.test
    DocumentRoot "$T/www"
    <Directory "$T/www">
        Require all granted
        AllowOverride ${1:-None}
    </Directory>
    <FilesMatch "\\.php\$">
        SetHandler "proxy:unix:$T/a.sock|fcgi://localhost"
    </FilesMatch>
EOT
}

new_server plain <<EOT
$(head_vh)
</VirtualHost>
EOT
want /nope.php "404 File not found."
fpm_404 /nope.php yes
finding /nope.php yes

new_server phab <<EOT
$(head_vh)
    RewriteEngine on
    RewriteRule ^/rsrc/(.*)     -                       [L,QSA]
    RewriteRule ^/favicon.ico   -                       [L,QSA]
    RewriteRule ^(.*)\$          /index.php?__path__=\$1  [B,L,QSA]
</VirtualHost>
EOT
want /nope.php "200 front /nope.php"
want /uploads/x.jpg/y.php "200 front /uploads/x.jpg/y.php"
fpm_404 /nope.php no
finding /nope.php no

new_server xfp-eq <<EOT
$(head_vh)
    RewriteEngine on
    RewriteCond %{HTTP:X-Forwarded-Proto} =https
    RewriteRule ^(.*)\$ /index.php?__path__=\$1 [B,L,QSA]
</VirtualHost>
EOT
want /nope.php "200 front /nope.php" "X-Forwarded-Proto: https"
want /nope.php "404 File not found."
fpm_404 /nope.php yes
finding /nope.php yes

new_server xfp-redir <<EOT
$(head_vh)
    RewriteEngine on
    RewriteCond %{HTTP:X-Forwarded-Proto} !https
    RewriteRule ^(.*)\$ https://%{HTTP_HOST}\$1 [R,L]
    RewriteRule ^(.*)\$ /index.php?__path__=\$1 [B,L,QSA]
</VirtualHost>
EOT
want /nope.php "302 apache"
want /nope.php "200 front /nope.php" "X-Forwarded-Proto: https"
fpm_404 /nope.php no
finding /nope.php no

new_server icinga <<EOT
<VirtualHost *:@PORT@>
    ServerName a.test
    DocumentRoot "$T/www"
    Alias /ic "$T/ic"
    <Directory "$T/ic">
        Require all granted
        <FilesMatch "\\.php\$">
            SetHandler "proxy:unix:$T/a.sock|fcgi://localhost"
        </FilesMatch>
        RewriteEngine on
        RewriteBase /ic/
        RewriteCond %{REQUEST_FILENAME} -s [OR]
        RewriteCond %{REQUEST_FILENAME} -l [OR]
        RewriteCond %{REQUEST_FILENAME} -d
        RewriteRule ^.*\$ - [NC,L]
        RewriteRule ^.*\$ index.php [NC,L]
    </Directory>
</VirtualHost>
EOT
want /ic/nope.php "200 front /ic/index.php"
want /ic/x.jpg/y.php "200 front /ic/index.php"
fpm_404 /ic/nope.php no
finding /ic/nope.php no

printf 'RewriteEngine On\nRewriteCond %%{REQUEST_FILENAME} !-d\nRewriteCond %%{REQUEST_FILENAME} !-f\nRewriteRule ^ index.php [L]\n' > "$T/www/.htaccess"
chmod a+r "$T/www/.htaccess"
new_server laravel <<EOT
$(head_vh All)
</VirtualHost>
EOT
want /nope.php "200 front /index.php"
fpm_404 /nope.php no
finding /nope.php no
rm -f "$T/www/.htaccess"

new_server wordpress <<EOT
$(head_vh)
    <Directory "$T/www">
        RewriteEngine On
        RewriteBase /
        RewriteRule ^index\\.php\$ - [L]
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule . /index.php [L]
    </Directory>
</VirtualHost>
EOT
want /nope.php "200 front /index.php"
fpm_404 /nope.php no
finding /nope.php no

new_server symfony <<EOT
$(head_vh)
    <Directory "$T/www">
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteRule ^(.*)\$ app.php [QSA,L]
    </Directory>
</VirtualHost>
EOT
want /nope.php "200 app /app.php"
fpm_404 /nope.php no
finding /nope.php no

new_server partial <<EOT
$(head_vh)
    RewriteEngine on
    RewriteRule ^/app/(.*)\$ /index.php [L]
</VirtualHost>
EOT
want /app/x "200 front /app/x"
want /nope.php "404 File not found."
fpm_404 /nope.php yes
finding /nope.php yes

if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "9 servers: whether FPM sees a missing script and lint agree"
echo "1 passed, 0 failed"
