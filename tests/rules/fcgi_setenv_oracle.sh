#!/bin/bash
# fcgi_setenv_oracle.sh - ProxyFCGISetEnvIf (mod_proxy_fcgi 2.4.26+)
# against the real servers: apache2 + php-fpm8.2 on 127.0.0.1 with a
# private tree, one server per scenario, every URL fetched with curl and
# asked of the simulator (sim-probe): which file PHP ran, FPM's status or
# ping page, FPM's 404 / 403, Apache's own answers.  The lines sit in the
# main server, the vhost, <Location>, <LocationMatch>, <Directory>, <If>
# and .htaccess; they set SCRIPT_NAME, SCRIPT_FILENAME, PATH_INFO and
# PATH_TRANSLATED from %{REQUEST_URI}, %{DOCUMENT_ROOT}, reqenv() and a
# condition's $1, or unset them with '!', under cgi.fix_pathinfo 1 and 0.
# PF_ORACLE_SHOW=1 prints every probe.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
PROBE="$PF_BUILD/sim-probe"
[ -x "$PROBE" ] || fail "$PROBE missing"
mods=/usr/lib/apache2/modules
pass=0
bad=0

mkdir -p "$T/www/a" "$T/www/sub" "$T/www/ht"
for f in index.php a/b.php sub/x.php ht/h.php; do
	# The marker is built at run time: served source never has it.
	printf '<?php echo "EX"."EC:".__FILE__;' > "$T/www/$f"
done
printf 'GIF89a<?php echo "EX"."EC:".__FILE__;' > "$T/www/a/img.jpg"
cat > "$T/www/ht/.htaccess" <<'EOT'
ProxyFCGISetEnvIf "%{REQUEST_URI} =~ m#^/ht/(\w+)\.php#" SCRIPT_FILENAME "%{DOCUMENT_ROOT}/sub/$1.php"
EOT
chmod -R a+rX "$T/www"

verdict() {	# CODE BODY-FILE -> $want (sim-probe's words)
	local code=$1 body=
	IFS= read -r -d '' -N 300 body < "$2"
	case "$code:$body" in
	200:*EXEC:*) want="exec:${body#*EXEC:}" ;;
	*'"EX"."EC:"'*) want=static ;;
	*"Access denied."*) want=fpm403 ;;
	*"File not found."*|*"No input file specified."*) want=fpm404 ;;
	200:*"pool:"*|200:pong*) want=status ;;
	200:*) want=static ;;
	*) want=$code ;;
	esac
}

# scenario NAME FPM-EXTRA MAIN-LINES URL... : the vhost's lines on stdin
# (@T@ the tree, @H@ the handler).
scenario() {
	local name=$1 fx=$2 main=$3 d="$T/$1" port i u got
	local -a sim codes args=()
	shift 3
	mkdir -p "$d"
	port=$(pf_free_port)
	pf_fpm_conf "$d" "pm.status_path = /fpm/st/at
ping.path = /p/i/ng
$(printf '%b' "$fx")"
	{
		pf_apache_head "$d" "$port" mime alias proxy proxy_fcgi dir
		cat <<EOT
TypesConfig /etc/mime.types
DirectoryIndex index.php
$main
<VirtualHost 127.0.0.1:$port>
    DocumentRoot $T/www
    <Directory $T/www>
        Require all granted
        AllowOverride FileInfo
    </Directory>
EOT
		cat
		echo "</VirtualHost>"
	} | sed "s#@T@#$T#g; s#@H@#proxy:unix:$d/php.sock|fcgi://localhost#g" \
	    > "$d/httpd.conf"
	php-fpm8.2 -F -y "$d/fpm.conf" 2>"$d/fpm.err" &
	echo $! >> "$T/pids"
	for _ in $(seq 100); do [ -S "$d/php.sock" ] && break; sleep 0.05; done
	pf_apache_run "$d/httpd.conf" "$port" ||
		{ echo "FAIL $name: apache2 did not start"; cat "$d/logs/error.log"; bad=1; return; }
	mapfile -t sim < <("$PROBE" --httpd "$d/httpd.conf" --fpm "$d/fpm.conf" \
	    --vhost 0 "$@")
	[ ${#sim[@]} -eq $# ] || { echo "FAIL $name: sim-probe failed"; bad=1; return; }
	i=0
	for u in "$@"; do
		args+=(-o "$d/body.$i" "http://127.0.0.1:$port$u")
		i=$((i + 1))
	done
	mapfile -t codes < <(curl -s -w '%{http_code}\n' "${args[@]}")
	i=0
	for u in "$@"; do
		[ -f "$d/body.$i" ] || : > "$d/body.$i"
		verdict "${codes[$i]:-000}" "$d/body.$i"
		want=${want//$T/@T@}
		got=${sim[$i]#* }
		got=${got//$T/@T@}
		i=$((i + 1))
		[ -n "${PF_ORACLE_SHOW:-}" ] && echo "$name $u real=$want sim=$got"
		if [ "$want" = "$got" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL $name $u: apache2+php-fpm8.2: $want, simulator: $got"
			bad=1
		fi
	done
}

FM='<FilesMatch "\.php$">
    SetHandler "@H@"
</FilesMatch>'

# Status and ping pages below folders that do not exist (what compile
# writes): SCRIPT_NAME the whole URL, PATH_INFO and PATH_TRANSLATED unset;
# without the lines /p + /i/ng is FPM's 404 (a fix_pathinfo=0 pool: 403,
# it runs PATH_TRANSLATED).
for fix in 1 0; do
	fx="php_admin_value[cgi.fix_pathinfo] = $fix"
	scenario "plain-$fix" "$fx" '' /p/i/ng /fpm/st/at /index.php <<EOT
$FM
<LocationMatch "^/(p|fpm)/">
    SetHandler "@H@"
</LocationMatch>
EOT
	scenario "status-$fix" "$fx" '' /p/i/ng /fpm/st/at /index.php /a/b.php/x <<EOT
$FM
<LocationMatch "^/(p|fpm)/">
    SetHandler "@H@"
    ProxyFCGISetEnvIf "true" SCRIPT_NAME "%{REQUEST_URI}"
    ProxyFCGISetEnvIf "true" !PATH_INFO
    ProxyFCGISetEnvIf "true" !PATH_TRANSLATED
</LocationMatch>
EOT
	# SCRIPT_FILENAME unset: PATH_TRANSLATED names the script; both
	# unset: nothing (not even the ping page).  PATH_INFO set to the
	# ping path: a fix_pathinfo=0 pool matches its pages by PATH_INFO.
	# Names have no case for a variable Apache made (script_name sets
	# SCRIPT_NAME), a new one keeps its own (path_translated is not
	# PATH_TRANSLATED for FPM).
	scenario "unset-$fix" "$fx" '' /a/b.php/sub/x.php /p/i/ng/sf /p/i/ng/both \
	    /a/b.php/pi /a/b.php/pt /index.php <<EOT
$FM
<LocationMatch "^/p/">
    SetHandler "@H@"
    ProxyFCGISetEnvIf "true" SCRIPT_NAME "/p/i/ng"
    ProxyFCGISetEnvIf "true" !SCRIPT_FILENAME
</LocationMatch>
<Location /p/i/ng/both>
    ProxyFCGISetEnvIf "true" !PATH_TRANSLATED
</Location>
<Location /a/b.php/sub>
    ProxyFCGISetEnvIf "true" !SCRIPT_FILENAME
</Location>
<Location /a/b.php/pi>
    ProxyFCGISetEnvIf "true" PATH_INFO "/p/i/ng"
</Location>
<Location /a/b.php/pt>
    ProxyFCGISetEnvIf "true" PATH_TRANSLATED "@T@/www/sub/x.php"
</Location>
<Location /index.php>
    ProxyFCGISetEnvIf "true" script_name "/p/i/ng"
    ProxyFCGISetEnvIf "true" path_translated "@T@/www/sub/x.php"
</Location>
EOT
done

# Merge order: main server, vhost, <Directory>, <Location>, <If>, each
# line after the ones before (the last SCRIPT_FILENAME wins); a false
# condition; $1 of the condition; reqenv() of the CGI variables and of
# an earlier line; .htaccess (AllowOverride FileInfo).
scenario order '' 'ProxyFCGISetEnvIf "true" SCRIPT_FILENAME "/nowhere/x.php"' \
    /index.php /a/b.php /sub/x.php /sub/b.php /sub/index.php /a/img.jpg \
    /ht/h.php /ht/b.php /ht/x.php / <<EOT
$FM
<Files img.jpg>
    SetHandler "@H@"
</Files>
ProxyFCGISetEnvIf "%{REQUEST_URI} =~ m#^/(a|ht)/#" SCRIPT_FILENAME "%{DOCUMENT_ROOT}%{REQUEST_URI}"
<Directory @T@/www/a>
    ProxyFCGISetEnvIf "true" SCRIPT_FILENAME "@T@/www/sub/x.php"
</Directory>
<Location /a/b.php>
    ProxyFCGISetEnvIf "reqenv('SCRIPT_NAME') == '/a/b.php'" SCRIPT_FILENAME "%{DOCUMENT_ROOT}/index.php"
</Location>
<LocationMatch "^/sub/(\w+)\.php">
    ProxyFCGISetEnvIf "%{REQUEST_URI} =~ m#^/sub/(\w+)\.php#" X_NAME "\$1"
    ProxyFCGISetEnvIf "reqenv('X_NAME') != 'index'" SCRIPT_FILENAME "%{DOCUMENT_ROOT}/a/%{reqenv:X_NAME}.php"
    ProxyFCGISetEnvIf "%{REQUEST_URI} =~ m#^/nomatch#" SCRIPT_FILENAME "/nowhere/y.php"
</LocationMatch>
<If "%{REQUEST_URI} =~ m#^/sub/x#">
    ProxyFCGISetEnvIf "true" SCRIPT_FILENAME "%{DOCUMENT_ROOT}/index.php"
</If>
EOT

# ProxyPassMatch: no <Directory> for a proxied URL; <Location> applies,
# %{SCRIPT_FILENAME} is r->filename (proxy:fcgi://...).
scenario ppm '' '' /index.php /a/b.php /sub/x.php /a/b.php/p/i/ng <<EOT
ProxyPassMatch "^/(.*\.php(/.*)?)$" "unix:@T@/ppm/php.sock|fcgi://localhost@T@/www/\$1"
<Directory @T@/www/a>
    ProxyFCGISetEnvIf "true" SCRIPT_FILENAME "@T@/www/index.php"
</Directory>
<Location /sub>
    ProxyFCGISetEnvIf "%{SCRIPT_FILENAME} =~ m#^proxy:fcgi://localhost(.*)/sub/x\.php#" SCRIPT_FILENAME "\$1/a/b.php"
</Location>
<Location /a/b.php/p>
    ProxyFCGISetEnvIf "true" SCRIPT_NAME "%{REQUEST_URI}"
</Location>
EOT

echo "$pass passed"
[ $bad -eq 0 ]
