#!/bin/bash
# source_area_oracle.sh - php-source-served for PHP files below the
# DocumentRoot's /index.php, against the real servers: apache2 with a
# php-fpm8.2 pool a on a unix socket, the vhost's own <FilesMatch> handler
# right, and index.php files (holding a marker, SECRET, that running them
# does not print) in www/, www/admin/, www/app/ and pma/ (Alias /pma).
# One server per setup; what apache2 2.4.71 answers and lint's verdict:
#   dirtypo   <Directory www/admin><FilesMatch> with a typo'd handler (no
#             ':' after unix): /admin/index.php's source -> finding naming
#             /admin/index.php;
#   aliastypo the same in the Alias target's <Directory>: /pma/index.php's
#             source -> finding;
#   dirmodphp <Directory www/admin><FilesMatch> SetHandler
#             application/x-httpd-php (mod_php's, not loaded): the source
#             -> finding;
#   overridden AddHandler application/x-httpd-php in <Directory www/admin>:
#             the vhost's <FilesMatch> SetHandler wins, it runs -> none;
#   loctypo   <Location /app> SetHandler "proxy:fgci://...": the source;
#   lochttp   <Location /app> SetHandler "proxy:http://..." without
#             mod_proxy_http: the source, but lint leaves web backends'
#             areas out (no PHP files there as a rule) -> none;
#   locmatch  <LocationMatch ^/app/.*\.php$> with the typo: the source;
#   locok     <Location /app> with the right handler: runs -> none;
#   locpath   <Location /app> SetHandler "...|fcgi://localhost/srv/other/":
#             mod_proxy appends r->filename (not the URL path), FPM gets
#             /srv/other//...www/app/index.php and answers 404 -> no
#             php-source-served (and the simulator says fpm404).
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www/admin" "$T/www/app" "$T/pma" "$T/logs"
for f in www/index.php www/admin/index.php www/app/index.php pma/index.php \
    www/admin/admin.php www/setup.php; do
	printf '<?php echo "ran"; // SECRET\n' > "$T/$f"
done
chmod -R a+rX "$T/www" "$T/pma"
pf_fpm_pools "pm.max_children = 2" a
OK="proxy:unix:$T/a.sock|fcgi://localhost"
TYPO="proxy:unix$T/a.sock|fcgi://localhost"
bad=0
new_server() {	# NAME < LINES: apache2 with the vhost and LINES; lint's
		# output in $out
	PORT=$(pf_free_port)
	name=$1
	d="$T/$1"
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" ${MODS:-proxy proxy_fcgi} alias mime
		echo "TypesConfig /etc/mime.types"
		cat <<EOT
<VirtualHost *:$PORT>
    ServerName 127.0.0.1
    DocumentRoot "$T/www"
    Alias /pma "$T/pma"
    <Directory "$T/www">
        Require all granted
    </Directory>
    <Directory "$T/pma">
        Require all granted
    </Directory>
EOT
		[ -n "${NOVH:-}" ] || printf '    <FilesMatch "\\.php$">\n        SetHandler "%s"\n    </FilesMatch>\n' "$OK"
		cat
		echo "</VirtualHost>"
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($1)"
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1)
}
want() {	# URL source|ran|"STATUS BODY"
	local got
	got=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$PORT$1")
	if grep -q SECRET "$T/body"; then
		got=source
	elif [ "$got $(head -n 1 "$T/body")" = "200 ran" ]; then
		got=ran
	else
		got="$got $(head -n 1 "$T/body")"
	fi
	[ "$got" = "$2" ] || { echo "FAIL: $name $1: expected '$2', got '$got'"; bad=1; }
}
finding() {	# URL yes|no: lint's php-source-served names URL
	local n
	n=$(grep -cE "sends $1 as a plain file.*\[php-source-served\]" <<<"$out")
	case "$2:$n" in
	yes:0|no:[1-9]*) echo "FAIL: lint: $name: php-source-served for $1: expected $2"
		grep source-served <<<"$out"; bad=1 ;;
	esac
}
none() {	# no php-source-served at all
	! grep -q '\[php-source-served\]' <<<"$out" || {
		echo "FAIL: lint: $name: php-source-served"; grep source-served <<<"$out"; bad=1; }
}

new_server dirtypo <<EOT
    <Directory "$T/www/admin">
        <FilesMatch "\\.php\$">
            SetHandler "$TYPO"
        </FilesMatch>
    </Directory>
EOT
want /index.php ran
want /admin/index.php source
finding /admin/index.php yes

new_server aliastypo <<EOT
    <Directory "$T/pma">
        <FilesMatch "\\.php\$">
            SetHandler "$TYPO"
        </FilesMatch>
    </Directory>
EOT
want /pma/index.php source
finding /pma/index.php yes

new_server dirmodphp <<EOT
    <Directory "$T/www/admin">
        <FilesMatch "\\.php\$">
            SetHandler application/x-httpd-php
        </FilesMatch>
    </Directory>
EOT
want /admin/index.php source
finding /admin/index.php yes

new_server overridden <<EOT
    <Directory "$T/www/admin">
        AddHandler application/x-httpd-php .php
    </Directory>
EOT
want /admin/index.php ran
none

new_server loctypo <<EOT
    <Location /app>
        SetHandler "proxy:fgci://127.0.0.1:9000"
    </Location>
EOT
want /app/index.php source
finding /app/index.php yes

new_server lochttp <<EOT
    <Location /app>
        SetHandler "proxy:http://127.0.0.1:1/"
    </Location>
EOT
want /app/index.php source
finding /app/index.php no

new_server locmatch <<EOT
    <LocationMatch "^/app/.*\\.php\$">
        SetHandler "$TYPO"
    </LocationMatch>
EOT
want /app/index.php source
finding /app/index.php yes

new_server locok <<EOT
    <Location /app>
        SetHandler "$OK"
    </Location>
EOT
want /app/index.php ran
none

new_server locpath <<EOT
    <Location /app>
        SetHandler "$OK/srv/other/"
    </Location>
EOT
want /app/index.php "404 File not found."
none
got=$("$PF_BUILD/sim-probe" --httpd "$d/httpd.conf" --fpm "$T/fpm.conf" /app/index.php)
[ "$got" = "/app/index.php fpm404" ] || { echo "FAIL: simulator: locpath: $got"; bad=1; }

# A <DirectoryMatch>'s handler serves its area like a <Directory>'s.
new_server dirmatch <<EOT
    <DirectoryMatch "^$T/www/admin">
        <FilesMatch "\\.php\$">
            SetHandler "$TYPO"
        </FilesMatch>
    </DirectoryMatch>
EOT
want /index.php ran
want /admin/index.php source
finding /admin/index.php yes

# A <FilesMatch> for some names only: the names it matches are served,
# index.php runs (in a <Directory> and at vhost level).
new_server filessome <<EOT
    <Directory "$T/www/admin">
        <FilesMatch "^(admin|login)\\.php\$">
            SetHandler "$TYPO"
        </FilesMatch>
    </Directory>
    <FilesMatch "^(setup|install)\\.php\$">
        SetHandler "$TYPO"
    </FilesMatch>
EOT
want /admin/index.php ran
want /admin/admin.php source
want /setup.php source
want /index.php ran
finding /admin/admin.php yes
finding /setup.php yes

# <Location> under an Alias: the file is the Alias target's.
new_server localias <<EOT
    <Location /pma>
        SetHandler "$TYPO"
    </Location>
EOT
want /pma/index.php source
finding /pma/index.php yes

# Debian's handler inside a false <IfModule proxy_fcgi_module> in an area
# (mod_proxy_fcgi not loaded, no vhost handler).
MODS=proxy NOVH=1 new_server ifmodarea <<EOT
    <Directory "$T/pma">
        <IfModule proxy_fcgi_module>
            <FilesMatch ".+\\.php\$">
                SetHandler "$OK"
            </FilesMatch>
        </IfModule>
    </Directory>
EOT
want /pma/index.php source
finding /pma/index.php yes

if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "13 servers: source served below /index.php and lint agree"
echo "1 passed, 0 failed"
