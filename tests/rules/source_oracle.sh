#!/bin/bash
# source_oracle.sh - php-source-served against the real servers: apache2
# with a php-fpm8.2 pool a on a unix socket, one server per setup, and
# /index.php whose source holds a marker (SECRET) that running it does
# not print.  Each setup: what apache2 2.4.71 answers, and lint's verdict.
#   ok        SetHandler "proxy:unix:a.sock|fcgi://localhost": runs (200
#             "ran") -> no php-source-served;
#   typo      "proxy:unix<sock>|fcgi://localhost" (no ':' after unix):
#             mod_proxy knows no scheme, declines, the default handler
#             sends the source -> php-source-served (scheme);
#   noscheme  "proxy:unix:<sock>" (no "|fcgi://..."): the source;
#   nofcgi    the right handler, mod_proxy_fcgi not loaded: the source
#             -> php-source-served naming proxy_fcgi_module;
#   noproxy   the right handler, mod_proxy not loaded: the source;
#   debian    Debian's php8.2-fpm.conf (the handler inside <IfModule
#             proxy_fcgi_module>) without mod_proxy_fcgi: no handler, the
#             source -> php-source-served at its SetHandler;
#   modphp    AddHandler application/x-httpd-php .php (mod_php's, left
#             from before PHP-FPM), no mod_php: the source;
#   modphptype AddType application/x-httpd-php .php (the PHP manual's
#             old mod_php line), no mod_php: the type is the handler
#             (ap_invoke_handler), nothing takes it, the source;
#   badfcgi   "proxy:fcgi:/127.0.0.1:9" (one slash): 400, no source ->
#             no php-source-served;
#   curly     the handler in typographic quotes pasted from a web page
#             (U+201C...U+201D are not quotes to Apache but part of the
#             name): no module takes it, the source -> php-source-served;
#   noprefix  "unix:<sock>|fcgi://localhost" ("proxy:" left out): the
#             source -> php-source-served;
#   fastcgi   an old PHP-FPM vhost's mod_fastcgi block (AddType
#             application/x-httpd-fastphp5 .php, Action, Alias,
#             FastCgiExternalServer) inside <IfModule mod_fastcgi.c>,
#             which Debian 12 does not ship: no handler, the source ->
#             php-source-served at its AddType;
#   actions   AddHandler php-fpm .php with its Action inside <IfModule
#             mod_actions.c>, mod_actions not loaded: the source;
#   fastcgi+fpm the same mod_fastcgi block beside a PHP-FPM SetHandler
#             outside it: runs -> no php-source-served;
#   fcgid     AddHandler fcgid-script .php (a mod_fcgid vhost), no
#             mod_fcgid: no module takes the name, the default handler
#             sends the source -> php-source-served naming mod_fcgid;
#   cgi       AddHandler cgi-script .php, no mod_cgi: the source;
#   suphp     AddHandler x-httpd-php .php (suPHP's name), no suPHP: the
#             source -> "no loaded module takes the handler";
#   eaphp     AddHandler application/x-httpd-ea-php74 .php (cPanel's,
#             copied to another server): the source;
#   status    <Files index.php> SetHandler server-status with mod_status
#             loaded: the status page, not the source -> no
#             php-source-served (a name a loaded module takes);
#   eahtaccess cPanel's generated .htaccess block (AddHandler
#             application/x-httpd-ea-php74 .php in <IfModule mime_module>)
#             in a site moved to a server whose vhost routes .php with
#             AddHandler "proxy:...": the .htaccess's handler for .php
#             wins, nothing takes it, the source -> php-source-served at
#             the .htaccess line;
#   eahtfm    the same .htaccess under a vhost <FilesMatch> SetHandler:
#             SetHandler wins over AddHandler, runs -> no
#             php-source-served.
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
mkdir -p "$T/www"
printf '<?php echo "ran"; // SECRET\n' > "$T/www/index.php"
chmod -R a+rX "$T/www"
pf_fpm_pools "pm.max_children = 2" a
bad=0
setup() {	# NAME MODULE... < LINES: apache2 with LINES, lint's output
	local name=$1
	shift
	PORT=$(pf_free_port)
	d="$T/$name"
	mkdir -p "$d"
	{
		pf_apache_head "$d" "$PORT" mime "$@"
		cat <<EOT
TypesConfig /etc/mime.types
<VirtualHost *:$PORT>
    ServerName a.test
    DocumentRoot "$T/www"
    <Directory "$T/www">
        Require all granted
    </Directory>
EOT
		cat
		echo "</VirtualHost>"
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$PORT" || fail "apache2 did not start ($name)"
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1)
}
want() {	# NAME STATUS BODY-REGEX
	local got
	got=$(curl -s -o "$T/body" -w '%{http_code}' -H "Host: a.test" \
		"http://127.0.0.1:$PORT/index.php")
	[ "$got" = "$2" ] && grep -qE -- "$3" "$T/body" ||
		{ echo "FAIL: $1: expected $2 /$3/, got $got $(head -c 60 "$T/body")"; bad=1; }
}
chk() {	# NAME REGEX | !REGEX
	case "$2" in
	!*) ! grep -qE -- "${2#!}" <<<"$out" || { echo "FAIL: lint: $1"; echo "$out" | grep php-source; bad=1; } ;;
	*) grep -qE -- "$2" <<<"$out" || { echo "FAIL: lint: $1"; echo "$out" | tail -5; bad=1; } ;;
	esac
}
H="<FilesMatch \"\\.php\$\">
        SetHandler \"proxy:unix:$T/a.sock|fcgi://localhost\"
    </FilesMatch>"
SRC='Apache sends /index.php as a plain file, its PHP source'

setup ok proxy proxy_fcgi <<<"    $H"
want ok 200 '^ran$'
chk "ok: runs" '!\[php-source-served\]'

setup typo proxy proxy_fcgi <<<"    ${H/unix:/unix}"
want typo 200 SECRET
chk "typo" "high: mod_proxy knows no scheme 'unix.*a\\.sock\\|fcgi' in the handler .*$SRC.*\\[php-source-served\\]"

setup noscheme proxy proxy_fcgi <<<"    ${H/|fcgi:\/\/localhost/}"
want noscheme 200 SECRET
chk "noscheme" "no scheme 'unix'.*\\[php-source-served\\]"

setup nofcgi proxy <<<"    $H"
want nofcgi 200 SECRET
chk "nofcgi" "needs proxy_fcgi_module \\(its scheme 'fcgi'\\), which is not loaded.*\\[php-source-served\\]"

setup noproxy <<<"    $H"
want noproxy 200 SECRET
chk "noproxy" "is mod_proxy's, which is not loaded.*\\[php-source-served\\]"

setup debian proxy setenvif <<EOT
    <IfModule !mod_php8.c>
    <IfModule proxy_fcgi_module>
        <FilesMatch ".+\\.ph(?:ar|p|tml)\$">
            SetHandler "proxy:unix:$T/a.sock|fcgi://localhost"
        </FilesMatch>
    </IfModule>
    </IfModule>
EOT
want debian 200 SECRET
chk "debian" "httpd.conf:[0-9]+:[0-9]+: high: PHP files get no handler: the PHP-FPM handler .* is inside <IfModule proxy_fcgi_module>.*\\[php-source-served\\]"

setup modphp proxy proxy_fcgi <<<"    AddHandler application/x-httpd-php .php"
want modphp 200 SECRET
chk "modphp: mod_php's handler left behind" "the handler \"application/x-httpd-php\" is mod_php's, which is not loaded.*\\[php-source-served\\]"

setup modphptype proxy proxy_fcgi <<<"    AddType application/x-httpd-php .php"
want modphptype 200 SECRET
chk "modphptype: mod_php's type left behind" "the handler \"application/x-httpd-php\" is mod_php's, which is not loaded.*\[php-source-served\]"

setup badfcgi proxy proxy_fcgi <<<"    ${H/unix:$T\/a.sock|fcgi:\/\/localhost/fcgi:\/127.0.0.1:9}"
want badfcgi 400 .
chk "badfcgi: a 400, no source" '!\[php-source-served\]'

Q1=$'\xe2\x80\x9c' Q2=$'\xe2\x80\x9d'	# U+201C, U+201D
setup curly proxy proxy_fcgi <<EOT
    <FilesMatch "\.php\$">
        SetHandler ${Q1}proxy:unix:$T/a.sock|fcgi://localhost$Q2
    </FilesMatch>
EOT
want curly 200 SECRET
chk "curly quotes" "does not start with \"proxy:\" \(Apache's quotes are ASCII.*$SRC.*\[php-source-served\]"

setup noprefix proxy proxy_fcgi <<<"    ${H/proxy:unix:/unix:}"
want noprefix 200 SECRET
chk "noprefix" "does not start with \"proxy:\" \(it is left out\).*$SRC.*\[php-source-served\]"

FCGI="<IfModule mod_fastcgi.c>
        AddType application/x-httpd-fastphp5 .php
        Action application/x-httpd-fastphp5 /php5-fcgi
        Alias /php5-fcgi /usr/lib/cgi-bin/php5-fcgi
        FastCgiExternalServer /usr/lib/cgi-bin/php5-fcgi -socket /run/php5-fpm.sock -pass-header Authorization
    </IfModule>"
setup fastcgi proxy proxy_fcgi alias <<<"    $FCGI"
want fastcgi 200 SECRET
chk "fastcgi: mod_fastcgi's block, no mod_fastcgi" "high: PHP files get no handler: AddType application/x-httpd-fastphp5 for them is inside <IfModule mod_fastcgi.c>, and fastcgi_module is not loaded: $SRC.*\[php-source-served\]"

setup actions proxy proxy_fcgi <<EOT
    <IfModule mod_actions.c>
        AddHandler php-fpm .php
        Action php-fpm /php-fpm virtual
    </IfModule>
    <Location /php-fpm>
        SetHandler "proxy:unix:$T/a.sock|fcgi://localhost"
    </Location>
EOT
want actions 200 SECRET
chk "actions: the Action's block, no mod_actions" "high: PHP files get no handler: AddHandler php-fpm for them is inside <IfModule mod_actions.c>, and actions_module is not loaded.*\[php-source-served\]"

setup fastcgi-fpm proxy proxy_fcgi alias <<<"    $FCGI
    $H"
want fastcgi-fpm 200 '^ran$'
chk "fastcgi+fpm: runs" '!\[php-source-served\]'

NT='no loaded module takes the handler'
setup fcgid proxy proxy_fcgi <<<"    AddHandler fcgid-script .php"
want fcgid 200 SECRET
chk "fcgid: mod_fcgid's name, no mod_fcgid" "high: the handler \"fcgid-script\" is mod_fcgid's, which is not loaded: no module takes it: $SRC.*\[php-source-served\]"

setup cgi proxy proxy_fcgi <<<"    AddHandler cgi-script .php"
want cgi 200 SECRET
chk "cgi: mod_cgi's name, no mod_cgi" "the handler \"cgi-script\" is mod_cgi's, which is not loaded.*\[php-source-served\]"

setup suphp proxy proxy_fcgi <<<"    AddHandler x-httpd-php .php"
want suphp 200 SECRET
chk "suphp: suPHP's name, no suPHP" "high: $NT \"x-httpd-php\": $SRC.*\[php-source-served\]"

setup eaphp proxy proxy_fcgi <<<"    AddHandler application/x-httpd-ea-php74 .php"
want eaphp 200 SECRET
chk "eaphp: cPanel's name elsewhere" "$NT \"application/x-httpd-ea-php74\".*\[php-source-served\]"

setup status proxy proxy_fcgi status <<<"    <Files index.php>
        SetHandler server-status
    </Files>"
want status 200 'Apache Server Status'
chk "status: mod_status takes its name" '!\[php-source-served\]'

# (last: the setups before do not let Apache read it)
cat > "$T/www/.htaccess" <<'EOT'
# php -- BEGIN cPanel-generated handler, do not edit
# Set the “ea-php74” package as the default “PHP” programming language.
<IfModule mime_module>
  AddHandler application/x-httpd-ea-php74 .php .php7 .phtml
</IfModule>
# php -- END cPanel-generated handler, do not edit
EOT
setup eahtaccess proxy proxy_fcgi <<EOT
    <Directory "$T/www">
        AllowOverride FileInfo
        AddHandler "proxy:unix:$T/a.sock|fcgi://localhost" .php
    </Directory>
EOT
want eahtaccess 200 SECRET
chk "eahtaccess: cPanel's .htaccess handler" "www/\.htaccess:4:3: high: $NT \"application/x-httpd-ea-php74\": $SRC.*\[php-source-served\]"

setup eahtfm proxy proxy_fcgi <<EOT
    <Directory "$T/www">
        AllowOverride FileInfo
    </Directory>
    $H
EOT
want eahtfm 200 '^ran$'
chk "eahtfm: the vhost's SetHandler wins" '!\[php-source-served\]'

if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "21 servers: where apache2 sends PHP source, lint says so"
echo "1 passed, 0 failed"
