#!/bin/bash
# sim_oracle.sh - the request simulator against the real servers
# (DESIGN.md 2.4): for each routing scenario, real apache2 + php-fpm8.2
# run on 127.0.0.1 with a private tree, every probe URL is fetched with
# curl, and the simulator (tests' sim-probe) must predict the same
# verdict: which file PHP executed, static bytes, Apache's 404/403, or
# FPM's "Access denied." / "File not found.".
# PF_ORACLE_SHOW=1 prints every probe: scenario, URL, real, simulated.
# PF_ORACLE_ONLY=NAME runs only the scenarios whose name matches the glob;
# PF_ORACLE_LOG=1 prints each scenario's Apache error log (LogLevel debug).
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2 curl
pf_tmpdir
chmod a+x "$T"	# the servers run as www-data
PROBE="$PF_BUILD/sim-probe"
[ -x "$PROBE" ] || { echo "FAIL: $PROBE missing"; exit 1; }
fail=0
pass=0
mods=/usr/lib/apache2/modules

URLS=(/index.php /a/b.php /index.php/foo /nope.php /uploads/evil.jpg/x.php
    /uploads/evil.php.jpg /uploads/x.jpg /uploads/shell.php /uploads/x.phar
    /vendor/x.php /index.php/t/y.php /index.php/uploads/shell.php /.php
    /app/x.jpg /app/index.php /fpm-status /fpm-status.php /media/shell.php
    /media/evil.jpg/x.php /uploads/ht/x.jpg /uploads/ht/shell.php / /app/ /a/
    /app /uploads/ /index.php/x.jpg/y.php /index.php/uploads/evil.jpg
    /uploads/ht/ /vendor/)

setup_tree() {	# dir
	local w=$1/www
	mkdir -p "$w/uploads/ht" "$w/a" "$w/vendor" "$w/t" "$w/app"
	# An .htaccess with a FileInfo directive: httpd reads it unless
	# AllowOverride None, and answers 500 when FileInfo is not allowed.
	printf 'SetHandler none\n' > "$w/uploads/ht/.htaccess"
	# The marker is built at run time so that served source never has it.
	# (Names that need percent-encoding: "a/s p.php", "a/p%41.php".)
	for f in index.php a/b.php uploads/shell.php uploads/x.phar vendor/x.php \
	    t/y.php .php app/index.php uploads/ht/shell.php "a/s p.php" \
	    "a/p%41.php" error.php; do
		printf '<?php echo "EX"."EC:".__FILE__;' > "$w/$f"
	done
	for f in uploads/evil.jpg uploads/evil.php.jpg uploads/x.jpg app/x.jpg \
	    uploads/ht/x.jpg; do
		printf 'GIF89a<?php echo "EX"."EC:".__FILE__;' > "$w/$f"
	done
	chmod -R a+rX "$1"
	chmod a+x "$1"
}

# real_verdict CODE BODY-FILE: the verdict in want (no subshell: a
# scenario reads hundreds).
real_verdict() {
	local code=$1 body=
	IFS= read -r -d '' -N 300 body < "$2"
	case "$code:$body" in
	200:*EXEC:*) want="exec:${body#*EXEC:}" ;;
	# No answer: Apache's child died (curl: empty reply).
	000:) want=noanswer ;;
	# An ErrorDocument: the error status with what served it (a
	# script, a static file, a message; "+": the document failed too
	# and Apache's page says so).
	*"Additionally, a "*) want="$code+" ;;
	*EXEC:*) want="exec/$code:${body#*EXEC:}" ;;
	[^2]*'"EX"."EC:"'*) want="static/$code" ;;
	*:ERRDOC*) want="text/$code" ;;
	*"Access denied."*) want=fpm403 ;;
	*"File not found."*|*"No input file specified."*) want=fpm404 ;;
	200:*"<title>Index of "*) want=200 ;;	# mod_autoindex
	200:*"pool:"*|200:pong*) want=status ;;
	200:*) want=static ;;
	404:*) want=404 ;;
	403:*) want=403 ;;
	400:*) want=400 ;;
	401:*) want=401 ;;
	410:*) want=410 ;;
	30[0-9]:*) want=$code ;;
	500:*) want=500 ;;
	503:*) want=503 ;;
	*) want="other($code)" ;;
	esac
}

# probe_vhost NAME PORT INDEX URL...: each URL through the real servers
# (the vhost on PORT) and through the simulator (vhost INDEX).
probe_vhost() {
	local name=$1 port=$2 vi=$3 d="$T/$1" i u want got
	shift 3
	mapfile -t sim < <("$PROBE" --httpd "$d/httpd.conf" --fpm "$d/fpm.conf" \
	    --vhost "$vi" "$@")
	if [ ${#sim[@]} -ne $# ]; then
		echo "FAIL $name: sim-probe failed"
		"$PROBE" --httpd "$d/httpd.conf" --fpm "$d/fpm.conf" --vhost "$vi" /
		fail=$((fail + 1))
		return
	fi
	# One curl for all (one connection): a status per URL, bodies in
	# $T/body.N.
	local -a args=() codes=()
	i=0
	for u in "$@"; do
		args+=(-o "$T/body.$i" "http://127.0.0.1:$port$u")
		i=$((i + 1))
	done
	rm -f "$T"/body.*
	mapfile -t codes < <(curl -s -w '%{http_code}\n' "${args[@]}")
	i=0
	for u in "$@"; do
		[ -f "$T/body.$i" ] || : > "$T/body.$i"
		real_verdict "${codes[$i]:-000}" "$T/body.$i"
		got=${sim[$i]#* }
		i=$((i + 1))
		[ -n "${PF_ORACLE_SHOW:-}" ] && echo "$name#$vi $u $want $got"
		if [ "$want" = "$got" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL $name#$vi $u: apache+php-fpm: $want, simulator: $got"
			fail=$((fail + 1))
		fi
	done
}

# scenario NAME FPM-EXTRA: the vhost body on stdin (@T@ = the tree).  A
# line "@@VHOST@@" starts another vhost of the same server (its own
# port, the same tree and pool): cases that need no server of their own
# share one.  XURLS (a variable, @T@ = the tree) adds probes to URLS,
# MAINCONF lines to the main server (before the vhosts).
scenario() {
	local name=$1 fx=$2 d="$T/$1" nv=0 i u line body
	local -a bodies=() ports=() urls=("${URLS[@]}")
	# shellcheck disable=SC2053
	if [ -n "${PF_ORACLE_ONLY:-}" ] && [[ $name != $PF_ORACLE_ONLY ]]; then
		cat > /dev/null; return
	fi
	mkdir -p "$d/logs"
	setup_tree "$d"
	# SETUP (a variable): commands run in the DocumentRoot.
	[ -n "${SETUP:-}" ] && (cd "$d/www" && eval "$SETUP")
	body=
	while IFS= read -r line; do
		if [ "$line" = "@@VHOST@@" ]; then
			bodies+=("$body"); body=
		else
			body+="$line"$'\n'
		fi
	done
	bodies+=("$body")
	nv=${#bodies[@]}
	for ((i = 0; i < nv; i++)); do
		ports+=("$(pf_free_port)")
	done
	for u in ${XURLS:-}; do
		urls+=("${u//@T@/$d}")
	done
	pf_fpm_conf "$d" "pm.status_path = /fpm-status
$(printf '%b' "$fx")"
	{
		cat <<EOT
ServerRoot $d
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule mime_module $mods/mod_mime.so
LoadModule alias_module $mods/mod_alias.so
LoadModule rewrite_module $mods/mod_rewrite.so
LoadModule authz_host_module $mods/mod_authz_host.so
LoadModule proxy_module $mods/mod_proxy.so
LoadModule proxy_fcgi_module $mods/mod_proxy_fcgi.so
$([[ $name == nodir-* ]] || printf 'LoadModule dir_module %s\nDirectoryIndex index.php index.html\n' "$mods/mod_dir.so")
LoadModule setenvif_module $mods/mod_setenvif.so
LoadModule env_module $mods/mod_env.so
TypesConfig /etc/mime.types
ServerName localhost
PidFile $d/httpd.pid
ErrorLog $d/logs/error.log
LogLevel $([ -n "${PF_ORACLE_LOG:-}" ] && echo "debug proxy_fcgi:trace8 rewrite:trace3" || echo warn)
Mutex file:$d default
DefaultRuntimeDir $d
User www-data
Group www-data
EOT
		printf '%s\n' "${MAINCONF:-}" | sed "s|@T@|$d|g"
		for ((i = 0; i < nv; i++)); do
			cat <<EOT
Listen 127.0.0.1:${ports[$i]}
<VirtualHost 127.0.0.1:${ports[$i]}>
    DocumentRoot $d/www
    <Directory $d/www>
        Require all granted
    </Directory>
EOT
			printf '%s' "${bodies[$i]}" | sed "s|@T@|$d|g"
			echo "</VirtualHost>"
		done
	} > "$d/httpd.conf"
	php-fpm8.2 -F -y "$d/fpm.conf" 2>"$d/logs/fpm.err" &
	fpid=$!
	echo "$fpid" >> "$T/pids"
	for _ in $(seq 50); do [ -S "$d/php.sock" ] && break; sleep 0.05; done
	if ! apache2 -f "$d/httpd.conf" -k start 2>"$d/logs/start.err"; then
		echo "FAIL $name: apache2 did not start"; cat "$d/logs/start.err"
		fail=$((fail + 1)); return
	fi
	for _ in $(seq 50); do [ -s "$d/httpd.pid" ] && break; sleep 0.05; done
	cat "$d/httpd.pid" >> "$T/pids"
	for ((i = 0; i < nv; i++)); do
		probe_vhost "$name" "${ports[$i]}" "$i" "${urls[@]}"
	done
	kill "$(cat "$d/httpd.pid")" 2>/dev/null
	kill "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
	[ -n "${PF_ORACLE_LOG:-}" ] && cat "$d/logs/error.log"
}

H='"proxy:unix:@T@/php.sock|fcgi://localhost"'

scenario debian-stock '' <<VH
    <FilesMatch ".+\.ph(?:ar|p|tml)$">
        SetHandler $H
    </FilesMatch>
VH
scenario debian-guarded 'security.limit_extensions = .php .jpg' <<VH
    <FilesMatch ".+\.ph(?:ar|p|tml)$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
    </FilesMatch>
VH
scenario greedy-ppm '' <<VH
    ProxyPassMatch "^/(.*\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario greedy-ppm-wide 'security.limit_extensions = .php .jpg' <<VH
    ProxyPassMatch "^/(.*\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario greedy-ppm-nofix 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
    ProxyPassMatch "^/(.*\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
    <Directory @T@/www/vendor>
        Require all denied
    </Directory>
VH
scenario ppm-literal '' <<VH
    ProxyPassMatch "^/(index\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
# mod_alias's redirects end the request before any handler: in the
# server context at translate_name (before Alias), per directory in the
# fixups (the 2.4 one-argument form of a section included), with a
# status keyword, a number or none; an error status serves nothing.
scenario redirects '' <<VH
    <FilesMatch ".+\.ph(?:ar|p|tml)$">
        SetHandler $H
    </FilesMatch>
    Redirect permanent /uploads/ht http://example.com/ht
    RedirectMatch 410 ^/vendor/.*\.php$
    RedirectTemp /media http://example.com/media
    Redirect /nope.php /index.php
    Alias /app @T@/www/a
    Redirect seeother /app/x.jpg http://example.com/x.jpg
    <Location /t>
        Redirect http://example.com/t
    </Location>
    <Directory @T@/www/uploads>
        Redirect 404 /uploads/evil.jpg
        RedirectMatch permanent "\.phar$" http://example.com/phar
    </Directory>
    <Directory @T@/www/a>
        Redirect gone
    </Directory>
VH
scenario locationmatch 'security.limit_extensions = .php .jpg' <<VH
    <LocationMatch "\.php$">
        SetHandler $H
    </LocationMatch>
VH
scenario unanchored 'security.limit_extensions = .php .jpg' <<VH
    <FilesMatch "\.php">
        SetHandler $H
    </FilesMatch>
VH
scenario addhandler 'security.limit_extensions = .php .jpg' <<VH
    AddHandler $H .php
VH
scenario uploads-denied '' <<VH
    <FilesMatch ".+\.ph(?:ar|p|tml)$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/uploads>
        <FilesMatch "\.(?i:ph(ar|p[0-9]?|ps|tml?))$">
            Require all denied
        </FilesMatch>
    </Directory>
VH
scenario server-filesmatch-vs-dir-none '' <<VH
    <Directory @T@/www/uploads>
        SetHandler none
    </Directory>
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
VH
scenario guarded-beats-nested-none '' <<VH
    <FilesMatch ".+\.php$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
    </FilesMatch>
    <Directory @T@/www/uploads>
        <FilesMatch "\.ph">
            SetHandler none
        </FilesMatch>
    </Directory>
VH
scenario sethandler-fix-pathinfo-0 'php_admin_value[cgi.fix_pathinfo] = 0' <<VH
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
VH
scenario rewrite-proxy-guarded '' <<VH
    RewriteEngine On
    RewriteCond "%{DOCUMENT_ROOT}/\$1" -f
    RewriteRule "^/(.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" [P]
VH
scenario proxypass-prefix '' <<VH
    ProxyPass "/app/" "unix:@T@/php.sock|fcgi://localhost@T@/www/app/"
VH
# Routes through mod_proxy_balancer: the balancer's member is the
# backend (its first FastCGI one), SCRIPT_FILENAME keeps
# "proxy:balancer://NAME", which php-fpm strips as it strips
# "proxy:fcgi://HOST".  0: a greedy ProxyPassMatch to a balancer of one
# TCP member (a second pool of its own, FPM's default
# security.limit_extensions); 1: SetHandler "proxy:balancer://NAME" in a
# FilesMatch, the member the unix socket; 2: BalancerMember
# balancer://NAME URL outside <Proxy>, a ProxyPass prefix route to it.
BALANCER_MODS="LoadModule slotmem_shm_module $mods/mod_slotmem_shm.so
LoadModule proxy_balancer_module $mods/mod_proxy_balancer.so
LoadModule lbmethod_byrequests_module $mods/mod_lbmethod_byrequests.so"
bport=$(pf_free_port)
MAINCONF=$BALANCER_MODS \
scenario balancer "\n[tcp]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:$bport\npm = static\npm.max_children = 2" <<VH
    <Proxy balancer://php>
        BalancerMember fcgi://127.0.0.1:$bport
    </Proxy>
    ProxyPassMatch "^/(.*\.php(/.*)?)$" "balancer://php@T@/www/\$1"
@@VHOST@@
    <Proxy "balancer://sock">
        BalancerMember "unix:@T@/php.sock|fcgi://localhost" timeout=30
    </Proxy>
    <FilesMatch ".+\.ph(?:ar|p|tml)$">
        SetHandler "proxy:balancer://sock"
    </FilesMatch>
@@VHOST@@
    BalancerMember balancer://app "unix:@T@/php.sock|fcgi://localhost" retry=0
    ProxyPass "/app/" "balancer://app@T@/www/app/"
VH
scenario status-location '' <<VH
    <FilesMatch ".+\.php$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
    </FilesMatch>
    <Location "/fpm-status">
        SetHandler $H
    </Location>
VH
scenario locationmatch-ppm '' <<VH
    <LocationMatch "^/app/(.*\\.php)$">
        ProxyPassMatch "unix:@T@/php.sock|fcgi://localhost@T@/www/app/\$1"
    </LocationMatch>
VH
scenario alias-uploads 'security.limit_extensions = .php .jpg' <<VH
    Alias "/media" "@T@/www/uploads"
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/uploads>
        Require all granted
    </Directory>
VH
scenario pathinfo-off-construct 'php_admin_value[cgi.fix_pathinfo] = 0' <<VH
    <FilesMatch ".+\\.php$">
        AcceptPathInfo Off
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
        <If "-n %{PATH_INFO}">
            SetHandler none
        </If>
    </FilesMatch>
VH
scenario rewrite-handler '' <<VH
    RewriteEngine On
    RewriteRule "\\.php$" - [H=proxy:unix:@T@/php.sock|fcgi://localhost]
VH
scenario directory-rewrite-front-controller '' <<VH
    <Directory @T@/www>
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteRule ^ index.php [L]
    </Directory>
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
VH
scenario proxypass-exclusion 'security.limit_extensions = .php .jpg' <<VH
    ProxyPass "/uploads" "!"
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
    <Files "shell.php">
        Require all denied
    </Files>
VH
scenario location-none-and-directorymatch '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Location "/uploads">
        SetHandler none
    </Location>
    <DirectoryMatch "/vendor/">
        Require all denied
    </DirectoryMatch>
    <If "%{REQUEST_URI} =~ m#^/a/#">
        Require all denied
    </If>
VH
scenario tilde-sections 'security.limit_extensions = .php .jpg' <<VH
    <Files ~ "\\.php$">
        SetHandler $H
    </Files>
    <Directory ~ "/uploads">
        <Files ~ "^shell">
            Require all denied
        </Files>
    </Directory>
    AcceptPathInfo On
VH
scenario ppm-pathinfo-full 'security.limit_extensions = .php .jpg' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=full
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario ppm-pathinfo-full-nofix 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=full
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario ppm-pathinfo-full-strict '' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=full
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario ppm-pathinfo-setenv-late 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
    SetEnv proxy-fcgi-pathinfo full
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
# proxy-fcgi-pathinfo's other values: where PATH_INFO is cut decides
# PATH_TRANSLATED, which FPM runs with cgi.fix_pathinfo=0 (the tree's
# path holds a dot: /tmp/pf-test.XXXXXX, as /var/www/example.com does).
scenario ppm-pathinfo-first-dot-nofix 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=first-dot
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario ppm-pathinfo-last-dot-nofix 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=last-dot
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario ppm-pathinfo-unescape-nofix 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=unescape
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario ppm-pathinfo-uploads-only 'security.limit_extensions = .php .jpg' <<VH
    SetEnvIfNoCase Request_URI ^/UPLOADS/ proxy-fcgi-pathinfo=full
    SetEnvIf Request_URI ^/uploads/ht/ !proxy-fcgi-pathinfo
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario ppm-pathinfo-rewrite-env 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
    RewriteEngine On
    RewriteRule "^/index\\.php/(u)" - [E=proxy-fcgi-pathinfo:f\$1ll]
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH
scenario sethandler-pathinfo-full-nofix 'php_admin_value[cgi.fix_pathinfo] = 0' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=full
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
VH
scenario sethandler-pathinfo-other-nofix 'php_admin_value[cgi.fix_pathinfo] = 0' <<VH
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=1
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
VH
# mod_dir: DirectoryIndex per directory ("disabled", a non-PHP name, an
# absolute URL), DirectorySlash Off, DirectoryIndexRedirect, an index
# name refused by Require, DirectoryCheckHandler, FallbackResource.
scenario dir-index-per-directory '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    DirectorySlash Off
    <Directory @T@/www/app>
        DirectoryIndex x.jpg
    </Directory>
    <Directory @T@/www/a>
        DirectoryIndex disabled
    </Directory>
    <Directory @T@/www/uploads>
        DirectoryIndex nope.html shell.php
    </Directory>
VH
scenario dir-index-absolute-redirect-denied '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    DirectoryIndex /index.php
    <Directory @T@/www/uploads>
        DirectoryIndex index.php index.html
        <Files index.php>
            Require all denied
        </Files>
    </Directory>
    <Directory @T@/www/app>
        DirectoryIndexRedirect on
        DirectoryIndex index.php
    </Directory>
VH
scenario dir-location-handler '' <<VH
    <Location /app/>
        SetHandler $H
    </Location>
VH
scenario dir-location-handler-checked '' <<VH
    DirectoryCheckHandler On
    <Location /app/>
        SetHandler $H
    </Location>
VH
scenario dir-fallback '' <<VH
    FallbackResource /index.php
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
VH
# Without mod_dir: no index, no slash redirect (404 for directories).
scenario nodir-debian-stock '' <<VH
    <FilesMatch ".+\\.ph(?:ar|p|tml)$">
        SetHandler $H
    </FilesMatch>
VH
# timeout= on a ProxyPassMatch line: mod_proxy matches the line's worker
# ("fcgi://localhost/...$1", $N matching any text) against the request's
# URL, so its timeout is the proxy timeout.  Apache answers 504 after it,
# and timeout-mismatch counts with it.
scenario htaccess-fileinfo-allowed '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/uploads/ht>
        AllowOverride FileInfo
    </Directory>
VH
scenario htaccess-authconfig-only '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/uploads>
        AllowOverride AuthConfig
    </Directory>
VH
scenario htaccess-not-read '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www>
        AllowOverride None
    </Directory>
VH

# Per-directory rewriting of real applications' .htaccess files (found
# by the big projects' corpus):
# - app/, t/, a/: a front controller below the DocumentRoot that names
#   its own base with [E=BASE:...] and routes to %{ENV:BASE}/index.php
#   (symfony/apache-pack, Shopware, Sylius, Pimcore, Bolt; TYPO3's
#   E=CWD): mod_rewrite's lookup_variable reads the variable an earlier
#   rule of the same pass set in r->subprocess_env; the simulator had it
#   unknown and ran the DocumentRoot's /index.php.  t/ takes BASE from a
#   condition's capture, as apache-pack does; a/ unsets it ([E=!BASE]).
# - vendor/: a rule is matched against r->filename with the path info
#   after it (apply_rewrite_rule), so for a path that does not exist it
#   sees the missing part and everything below (Nextcloud's
#   .well-known/carddav redirect, Bolt's theme/*.php [F], a pretty URL
#   to the directory's script); the simulator matched the first missing
#   component only.
# shellcheck disable=SC2016
XURLS="/app/nope /app/x/y /app/x.jpg /t/nope /a/nope /vendor/wk/carddav
    /vendor/wk/x /vendor/theme/a/x.php /vendor/theme/x.jpg
    /vendor/pretty/one/two /vendor/pretty" \
SETUP='printf "RewriteEngine On\nRewriteRule ^ - [E=BASE:/app]\nRewriteCond %%{REQUEST_FILENAME} -f\nRewriteRule ^ - [L]\nRewriteRule ^ %%{ENV:BASE}/index.php [L]\n" > app/.htaccess
printf "RewriteEngine On\nRewriteCond %%{REQUEST_URI}::\$0 ^(/.+)/(.*)::\\\\2\$\nRewriteRule .* - [E=BASE:%%1]\nRewriteCond %%{REQUEST_FILENAME} -f\nRewriteRule ^ - [L]\nRewriteRule ^ %%{ENV:BASE}/y.php [L]\n" > t/.htaccess
printf "RewriteEngine On\nRewriteRule ^ - [E=BASE:/app]\nRewriteRule ^ - [E=!BASE]\nRewriteCond %%{REQUEST_FILENAME} !-f\nRewriteRule ^ /a%%{ENV:BASE}/b.php [L]\n" > a/.htaccess
printf "RewriteEngine On\nRewriteRule ^wk/carddav /a/b.php [R=301,L]\nRewriteRule theme/.+\\\\.php\$ - [F]\nRewriteRule ^pretty/one/(.*)\$ x.php [L]\n" > vendor/.htaccess' \
scenario htaccess-app-rewrites '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www>
        AllowOverride FileInfo
    </Directory>
VH

# One server, six vhosts (cgi.fix_pathinfo=0: proxy-fcgi-pathinfo=1
# makes FPM answer 404 for a script without path info, so each probe
# says whether the variable was set when mod_proxy_fcgi read it).
# 0: a server-context RewriteRule to a local path without [PT] ends
# translate_name (mod_rewrite's hook runs first and returns OK): no
# ProxyPass, Redirect or Alias applies after it, r->uri stays the URL
# (mod_dir's slash and index lookups use it).  The result is a URL-path
# below DocumentRoot unless its first component exists and the rule's
# output starts with it or the result with DocumentRoot (prefix_stat);
# a relative one gets a '/'.  With [PT] the others run on the new URL.
# 1: mod_dir's index and FallbackResource lookups are sub-requests: no
# SetEnvIf runs in them (post_read_request and header_parser are the
# main request's), they start from a copy of the parent's env.  The
# server context's SetEnvIf sees the URL before [PT], sections' after.
# PATH_TRANSLATED's lookup runs FallbackResource too.
# 2: the order of the steps that set the variable: server-context
# SetEnvIf, server-context RewriteRule [E=], sections' SetEnvIf,
# per-directory RewriteRule [E=]; the last one wins.
# 3: mod_rewrite in sub-requests (mod_dir's index lookups): [NS] and [R]
# rules are skipped; [END] ends rewriting for the request, internal
# redirects included (server-context rules and per-directory ones).
# [G] is a 410, [R=4xx] that status.  RewriteOptions Inherit: the main
# server's rules after the vhost's, one list ([L] ends both).
# 4: mod_env's SetEnv (fixups) counts for a handler route (canonicalised
# in the handler) where nothing else set the variable, not for a URL
# route (proxy_fixup runs first); UnsetEnv undoes only SetEnv.
# 5: 1's index lookups through a ProxyPassMatch (canonicalised in the
# lookup's own fixups).
# shellcheck disable=SC2016  # MAINCONF's $1 is Apache's
XURLS="/r/b.php /p/x.php /q/x.jpg /q/ /q /d/a/b.php /e/fpm.conf /s@T@/fpm.conf
    /pt/y.php /bad /i/x.jpg /n/x.php /uploads/nope /index.php/uploads/nope
    /pt/a/b.php /pt/t/y.php /t/y.php /w /pq/a/b.php /app/z.jpg
    /gone /r404 /r301 /pt/vendor/x.php /fc/some/page /fc/x.jpg /u@T@/fpm.conf /inh/b.php
    /inh/y.php" \
MAINCONF='RewriteEngine On
RewriteRule "^/t/(.*)$" "/vendor/x.php"
RewriteRule "^/inh/(.*)$" "/app/$1"' \
scenario translate-env 'php_admin_value[cgi.fix_pathinfo] = 0' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    RewriteEngine On
    RewriteRule "^/r/(.*)$" "/a/\$1"
    RewriteRule "^/p/(.*)$" "/vendor/\$1"
    RewriteRule "^/q(.*)$" "/app\$1"
    RewriteRule "^/d/(.*)$" "@T@/www/\$1"
    RewriteRule "^/e/(.*)$" "@T@/\$1"
    RewriteRule "^/s/(.*)$" "/\$1"
    RewriteRule "^/u/(.*)$" "/\$1" [UnsafePrefixStat]
    RewriteRule "^/pt/(.*)$" "/a/\$1" [PT]
    RewriteRule "^/bad$" "index.php"
    RewriteRule "^/w$" "/index.php?a=1"
    RewriteRule "^/pq/(.*)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1?b=2" [P]
    RewriteRule "^/i/(.*)$" "/uploads/\$1" [L]
    RewriteRule "^/uploads/(.*)$" "/app/\$1"
    RewriteRule "^/n/(.*)$" "/t/\$1" [C]
    RewriteRule "^/t/(.*)$" "/vendor/\$1" [PT]
    RewriteCond "%{DOCUMENT_ROOT}%{REQUEST_URI}" !-f
    RewriteCond "%{DOCUMENT_ROOT}%{REQUEST_URI}" !-d
    RewriteRule "^/fc/" "/index.php" [L]
    Alias /a @T@/www/t
    ProxyPassMatch "^/vendor/(.*\\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/t/\$1"
    Redirect /app http://example.com/app
@@VHOST@@
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/uploads>
        FallbackResource /index.php
    </Directory>
    SetEnvIf Request_URI "^/app/$" proxy-fcgi-pathinfo=1
    SetEnvIf Request_URI "^/a/b\\.php$" proxy-fcgi-pathinfo=1
    SetEnvIfExpr "%{REQUEST_URI} =~ m#^/vendor/#" proxy-fcgi-pathinfo=1
    <Files "index.php">
        SetEnvIf Request_URI "^/index\\.php$" proxy-fcgi-pathinfo=1
    </Files>
    <Directory @T@/www/a>
        DirectoryIndex b.php
    </Directory>
    <Directory @T@/www/t>
        SetEnvIf Request_URI "^/t/" proxy-fcgi-pathinfo=1
    </Directory>
    RewriteEngine On
    RewriteRule "^/pt/(.*)$" "/\$1" [PT]
@@VHOST@@
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    RewriteEngine On
    RewriteRule "^/(index|a/b)\\.php$" - [E=proxy-fcgi-pathinfo:1]
    RewriteRule "^/app/index\\.php$" - [E=!proxy-fcgi-pathinfo]
    SetEnvIf Request_URI "^/app/" proxy-fcgi-pathinfo=1
    <Directory @T@/www/a>
        SetEnvIf Request_URI . !proxy-fcgi-pathinfo
    </Directory>
    <Directory @T@/www/t>
        RewriteEngine On
        RewriteRule "^" - [E=proxy-fcgi-pathinfo:1]
        SetEnvIf Request_URI . !proxy-fcgi-pathinfo
    </Directory>
@@VHOST@@
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
    RewriteEngine On
    RewriteRule "^/app/index\.php$" "/a/b.php" [NS]
    RewriteRule "^/index\.php$" "http://example.com/" [R]
    RewriteRule "^/app/z\.jpg$" - [END]
    RewriteRule "^/gone$" - [G]
    RewriteRule "^/r404$" "/index.php" [R=404]
    RewriteRule "^/r301$" "/index.php" [R=permanent]
    RewriteOptions Inherit
    RewriteRule "^/inh/b\\.php$" "/t/y.php" [L]
    <Directory @T@/www/app>
        RewriteEngine On
        RewriteRule "^x\.jpg$" "z.jpg" [END]
        RewriteRule "^z\.jpg$" "index.php" [L]
    </Directory>
@@VHOST@@
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
    SetEnv proxy-fcgi-pathinfo 1
    ProxyPassMatch "^/(vendor/.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
    <Directory @T@/www/a>
        UnsetEnv proxy-fcgi-pathinfo
    </Directory>
    <Directory @T@/www/t>
        SetEnvIf Request_URI . !proxy-fcgi-pathinfo
    </Directory>
@@VHOST@@
    SetEnvIf Request_URI "^/$" proxy-fcgi-pathinfo=1
    SetEnvIf Request_URI "^/app/index\\.php$" proxy-fcgi-pathinfo=1
    ProxyPassMatch "^/(.*\\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH

# Percent-encoding (one server, a vhost per route): httpd decodes the
# path (%2f: 404, a bad escape: 400); a URL route's canon handler
# encodes the substituted path again (a space as %20, a '%' as %25) and
# FPM looks for that name (404), while a SetHandler route sends the file
# name as it is; "full" decodes before its walk, first-dot sends the
# encoded path as SCRIPT_FILENAME, "1" an encoded PATH_INFO, "unescape"
# a decoded one.  ProxyPass* nocanon (mod_proxy's ap_proxy_trans_match):
# the target is built from the path as the client sent it (not
# normalized: %2e stays) when the pattern matches that too, else from
# the decoded one as without nocanon; it is not encoded again.
# mapping=encoded: matched before translate_name on the path normalized
# (unreserved escapes decoded, dot segments gone) but not decoded, which
# it never is then: %20 and even %2f reach FPM as they are.
XURLS="/a/s%20p.php /a/s%20p.php/x%20y /a/p%2541.php /a/p%41.php /a/b%2ephp
    /index.php/a%20b /index.php/a%2520b /index.php/x%2fy /a%zz /%61/b.php
    /a//b.php /t/../a/b.php /a/%2e%2e/index.php /uploads/evil.jpg%2fx.php
    /a/%62.php /a/b%2Ephp/x" \
scenario encoded '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
@@VHOST@@
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
@@VHOST@@
    RewriteEngine On
    RewriteRule "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" [P]
@@VHOST@@
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=first-dot
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
@@VHOST@@
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=full
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
@@VHOST@@
    SetEnvIf Request_URI . proxy-fcgi-pathinfo=unescape
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
@@VHOST@@
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" nocanon
@@VHOST@@
    ProxyPass "/a/" "unix:@T@/php.sock|fcgi://localhost@T@/www/a/" nocanon
    <Location /index.php>
        ProxyPass "unix:@T@/php.sock|fcgi://localhost@T@/www/index.php" nocanon
    </Location>
@@VHOST@@
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" mapping=encoded
@@VHOST@@
    ProxyPass "/a/" "unix:@T@/php.sock|fcgi://localhost@T@/www/a/" mapping=encoded
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
VH
# Symfony's .htaccess front controller (corpus: abaldeweg desk core
# httpd.conf): RewriteCond %{ENV:REDIRECT_STATUS} ="" holds on the
# initial request (only ap_internal_redirect sets it), so /index.php/foo
# is redirected (301), and not after the rewrite to index.php.
XURLS="/zzz /a/zzz /index.php/a/b.php" \
scenario symfony-redirect-status '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www>
        RewriteEngine On
        RewriteCond %{REQUEST_URI}::\$0 ^(/.+)/(.*)::\\2\$
        RewriteRule .* - [E=BASE:%1]
        RewriteCond %{ENV:REDIRECT_STATUS} =""
        RewriteRule ^index\\.php(?:/(.*)|\$) %{ENV:BASE}/\$1 [R=301,L]
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteRule ^ %{ENV:BASE}/index.php [L]
    </Directory>
VH
# A '?' that a RewriteRule's expansion brings in (a %3f of the URL,
# decoded, in $1) answers 403 unless [UnsafeAllow3F] (mod_rewrite 2.4.60,
# CVE-2024-38474): the first '?' of the substitution decides, so a literal
# one before it is safe (corpus: wikimedia doc, phabricator, semacode).
XURLS="/w/b.php%3fx /w/b.php /q/y%3fz /u/b.php%3fx /t/zz%3fy /t/y.php
    /s/b.php%3fx" \
scenario rewrite-3f '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    RewriteEngine On
    RewriteRule ^/w/(.*)$ /a/\$1 [L]
    RewriteRule ^/q/(.*)$ /a/b.php?x=\$1 [L]
    RewriteRule ^/u/(.*)$ /a/\$1 [L,UnsafeAllow3F]
    RewriteRule ^/s/(.*)$ /a/\$1?k [QSL,L]
    <Directory @T@/www/t>
        RewriteEngine On
        RewriteRule ^(zz.*)$ /a/b.php/\$1 [L]
    </Directory>
VH
# mod_proxy_fcgi refuses a handler route whose file name holds a control
# character or a '?' (a %09 or %3f of the URL, decoded): 403, AH10414
# "To be forwarded path contains control characters or '?'" (corpus:
# aaPanel's <FilesMatch \.php>).  ProxyFCGIBackendType GENERIC lets the
# '?' through, and strips "proxy:fcgi://HOST" from SCRIPT_FILENAME
# itself: FPM runs "q?x.php".  A URL route canonicalises (encodes) the
# path instead: FPM looks for "q%3Fx.php".
SETUP='cp a/b.php "a/q?x.php"; cp a/b.php "$(printf "a/c\td.php")"
    cp a/b.php "$(printf "a/c\177d.php")"' \
XURLS="/a/q%3fx.php /a/c%09d.php /a/c%7fd.php /x%3f.php /index.php%3fa
    /a/b.php%3fx /a/q%3fx.php/y" \
scenario fcgi-forwarded-path '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
@@VHOST@@
    ProxyFCGIBackendType GENERIC
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
@@VHOST@@
    ProxyFCGIBackendType GENERIC
    ProxyPassMatch ^/(.+\\.php(/.*)?)$ unix:@T@/php.sock|fcgi://localhost@T@/www/\$1
VH
# route-any-script: a ProxyPass whose target has no path takes the rest
# of the URL as a path from the root (serversideup/docker-php's
# "ProxyPass /healthcheck fcgi://localhost:9000"): /hc<DocumentRoot>/
# index.php runs the site's index.php, /hc<tree>/outside.php a script
# outside the DocumentRoot.
SETUP='cp a/b.php ../outside.php' \
XURLS="/hc@T@/www/index.php /hc@T@/outside.php /hc/index.php /hc@T@/www/a/b.php/x" \
scenario route-any-script '' <<VH
    ProxyPass "/hc" "unix:@T@/php.sock|fcgi://localhost"
VH
# Magento's pub/media .htaccess hands a missing file to "../get.php": the
# internal redirect's URL is /get.php once its dot segments are out, and
# the folder's own <FilesMatch> no longer applies (corpus run D: the
# simulator kept uploads/'s settings and sent get.php's source).
SETUP='cp a/b.php get.php
    printf "%s\n" "<FilesMatch \"\\.php\$\">" "SetHandler default-handler" \
    "</FilesMatch>" "RewriteEngine on" "RewriteCond %{REQUEST_FILENAME} !-f" \
    "RewriteRule .* ../get.php [L]" > uploads/.htaccess' \
XURLS="/uploads/nope.jpg /uploads/deep/none.png /get.php" \
scenario rewrite-dotdot '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/uploads>
        AllowOverride All
    </Directory>
VH
# The query string: the client's is QUERY_STRING (security plugins'
# "RewriteCond %{QUERY_STRING} GLOBALS" ... [F]), a rule's "?..." replaces
# it and [QSA] puts the rule's in front of the client's, which the
# per-directory rules then read (corpus run D: the simulator read "").
XURLS="/x.txt?GLOBALS=1 /index.php?GLOBALS=1 /index.php?a=b /q/deny /q/ok?keep
    /qa/ok?keep /qa/ok /qd/ok?keep" \
scenario query-string '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    RewriteEngine On
    RewriteCond %{QUERY_STRING} GLOBALS
    RewriteRule .* - [F]
    RewriteRule ^/q/(.*)$ /index.php?mark=\$1 [PT]
    RewriteRule ^/qa/(.*)$ /index.php?mark=\$1 [PT,QSA]
    RewriteRule ^/qd/(.*)$ /index.php [PT,QSD]
    <Directory @T@/www>
        RewriteEngine On
        RewriteCond %{QUERY_STRING} ^mark=deny
        RewriteRule ^ - [F]
        RewriteCond %{QUERY_STRING} keep$
        RewriteRule ^ - [F]
    </Directory>
VH
# mod_rewrite splits its lines itself (parseargline) and unescapes
# nothing: "\\.env$" is a backslash and any character, so /.env is served
# (a precision audit of the corpora: the simulator had read it as \.env
# and said 403, so secrets-served stayed silent); "\ " keeps its
# backslash, a regex escape of the space.  RedirectMatch's words go
# through ap_getword_conf, which does turn "\\" into "\".
SETUP='for f in .env backup.sql "a b.txt" c.log x.txt; do
    printf "A=1\n" > "$f"; done' \
XURLS="/.env /backup.sql /a%20b.txt /c.log /x.txt" \
scenario rewrite-backslash '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    RewriteEngine On
    RewriteRule "\\\\.env$" - [F]
    RewriteCond %{REQUEST_URI} "^/backup\\\\.sql$"
    RewriteRule ^ - [F]
    RewriteRule ^/a\\ b - [F]
    RewriteRule \\\\.log$ - [F]
    RedirectMatch 404 "\\\\.txt$"
VH
# nocanon keeps the client's query in the URL mod_proxy_fcgi forwards
# (ap_proxy_trans_match builds it from r->unparsed_uri; [P,NE] puts
# r->args back), and since 2.4.63 (PR 69203) its canon refuses a '?' for
# FPM: AH10414, 403, for every request with a query string.  A pattern
# that fails on the whole unparsed URI drops nocanon (AH01136), and plain
# [P] is canonicalised: both run the script.
XURLS="/index.php?x=1 /a/b.php?q /index.php? /uploads/x.txt?x=1" \
scenario nocanon-query '' <<VH
    ProxyPass "/" "unix:@T@/php.sock|fcgi://localhost@T@/www/" nocanon
@@VHOST@@
    ProxyPassMatch "^/(.*)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" nocanon
@@VHOST@@
    ProxyPassMatch "^/(.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" nocanon
@@VHOST@@
    RewriteEngine On
    RewriteRule "^/(.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" [P,NE]
@@VHOST@@
    RewriteEngine On
    RewriteRule "^/(.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" [P]
@@VHOST@@
    <Location "/a/">
        ProxyPass "unix:@T@/php.sock|fcgi://localhost@T@/www/a/" nocanon
    </Location>
@@VHOST@@
    ProxyFCGIBackendType GENERIC
    ProxyPass "/" "unix:@T@/php.sock|fcgi://localhost@T@/www/" nocanon
VH
# ISPConfig's vhost template guards the handler with <If "-f
# '%{REQUEST_FILENAME}'">: ap_expr interpolates the variable in the quoted
# string, so a missing script is Apache's 404, not FPM's.
XURLS="/a/nope.php /uploads/nope.php" \
scenario if-quoted-var '' <<VH
    <FilesMatch ".+\\.php$">
        <If "-f '%{REQUEST_FILENAME}'">
            SetHandler $H
        </If>
    </FilesMatch>
    <Directory @T@/www/uploads>
        <FilesMatch ".+\\.php$">
            <If "-f '%{DOCUMENT_ROOT}/index.php' && -f \"%{REQUEST_FILENAME}\"">
                SetHandler $H
            </If>
        </FilesMatch>
    </Directory>
VH
# FallbackResource to a script that does not exist (corpus: a Docker
# vhost's FallbackResource /index_test.php): fixup_dflt redirects only when
# its lookup is a regular file or proxied at translate_name (handler
# proxy-server); a FilesMatch SetHandler proxy: on the missing name is
# not enough, and the request ends in the default handler's 404.  A
# fallback that exists, or is a ProxyPassMatch target, is taken.
XURLS="/zzz /a/zzz /t/zzz /t/zzz.txt /media/x" \
scenario fallback-missing '' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    FallbackResource /index_test.php
    <Directory @T@/www/a>
        FallbackResource /index.php
    </Directory>
    <Directory @T@/www/t>
        FallbackResource /pp/front.php
    </Directory>
    ProxyPassMatch "^/pp/(.*\\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
VH

# ErrorDocument (ap_die): an error status Apache answers itself is
# served by the document of the per-directory configuration in effect
# where the error arose; a local URL is an internal redirect (a GET with
# REDIRECT_STATUS, routed like any request: FPM runs that script, the
# client still gets the error status), a full URL a 302, a quoted text
# the message, "default" Apache's page.  A document that fails itself
# gives Apache's page of the first error with a note ("Additionally").
# FPM's own 404/403 are responses, not errors: no ErrorDocument.
# 0: front controller and error page with a guarded handler: the 403 of
# an upload script is error.php running, not the upload; [F] and
# Redirect errors of translate_name; a 404 with path info.
# 1: the main server's documents merged under the vhost's (410: a static
# page; 404: the main server's /a/b.php); a message.
# 2: a full URL (302), a document that is itself a 404 (recursive),
# "default" undoing the main server's 410.
# 3: per-directory documents (<Directory>, <Location>, "default" in a
# deeper <Directory>); translate_name's errors see <Location>'s, not
# <Directory>'s; a 301 (DirectorySlash) has its document too.
# 4: ProxyPassMatch: FPM's "File not found." passes; Apache's own 404
# goes through the document, proxied to FPM; a backend that is not
# there (503) with its document.
# 5: .htaccess refused (500); a document that FPM itself does not find
# (FPM's 404 is what the client gets); a document given with a query.
# 6-8: ProxyErrorOverride (mod_proxy_fcgi): FPM's error to an initial
# request becomes Apache's (its page or the document); not after an
# internal redirect (a per-directory rewrite), not for codes left out,
# not where a section turns it Off.
# shellcheck disable=SC2016
XURLS="/gone /forbid /uploads/nope /a/nope /vendor/nope /t/nope /app/nope.php
    /forbid/x /a/forbid /nf/x.php /nf/x /uploads/ht/x.php /a%zz /x%2fy" \
SETUP='printf "ErrorDocument 404 /error.php\n" > t/.htaccess' \
MAINCONF='ErrorDocument 410 /app/x.jpg
ErrorDocument 404 /a/b.php' \
scenario errordoc '' <<VH
    <FilesMatch ".+\\.php$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
    </FilesMatch>
    ErrorDocument 404 /index.php
    ErrorDocument 403 /error.php
    <Directory @T@/www/uploads>
        <FilesMatch "\\.ph(p|ar)$">
            Require all denied
        </FilesMatch>
    </Directory>
    <Directory @T@/www/vendor>
        Require all denied
    </Directory>
    RewriteEngine On
    RewriteRule "^/forbid" - [F]
    Redirect gone /gone
@@VHOST@@
    <FilesMatch ".+\\.php$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
    </FilesMatch>
    ErrorDocument 403 "ERRDOC denied here"
    ErrorDocument 400 /error.php
    <If "%{REQUEST_URI} =~ m#^/app/#">
        ErrorDocument 404 /app/index.php
    </If>
    <Directory @T@/www/vendor>
        Require all denied
    </Directory>
    Redirect gone /gone
@@VHOST@@
    <FilesMatch ".+\\.php$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
    </FilesMatch>
    ErrorDocument 404 http://example.com/nf
    ErrorDocument 403 /nope.php
    ErrorDocument 410 default
    <Directory @T@/www/vendor>
        Require all denied
    </Directory>
    Redirect gone /gone
@@VHOST@@
    <FilesMatch ".+\\.php$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler $H
        </If>
    </FilesMatch>
    ErrorDocument 404 /index.php
    ErrorDocument 301 /t/y.php
    <Directory @T@/www/uploads>
        ErrorDocument 404 /error.php
        ErrorDocument 403 /error.php
        <FilesMatch "\\.php$">
            Require all denied
        </FilesMatch>
    </Directory>
    <Directory @T@/www/vendor>
        ErrorDocument 404 default
    </Directory>
    <Directory @T@/www/t>
        AllowOverride FileInfo
    </Directory>
    <Location /a>
        ErrorDocument 404 /t/y.php
        ErrorDocument 403 /app/index.php
    </Location>
    <Directory @T@/www>
        ErrorDocument 403 /index.php
    </Directory>
    RewriteEngine On
    RewriteRule "^/(a/)?forbid" - [F]
@@VHOST@@
    ProxyPassMatch "^/(.*\\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
    ProxyPass "/nf/" "unix:@T@/none.sock|fcgi://localhost@T@/www/"
    ErrorDocument 404 /index.php
    ErrorDocument 503 /error.php
    ErrorDocument 403 /app/
    <Directory @T@/www/vendor>
        Require all denied
    </Directory>
@@VHOST@@
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/uploads>
        AllowOverride AuthConfig
        ErrorDocument 500 /index.php
    </Directory>
    ErrorDocument 500 /error.php
    ErrorDocument 404 /nope.php
    ErrorDocument 403 /error.php?from=403
    <Directory @T@/www/vendor>
        Require all denied
    </Directory>
@@VHOST@@
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    ProxyErrorOverride On
    ErrorDocument 404 /index.php
    <Directory @T@/www/a>
        RewriteEngine On
        RewriteRule "^nope$" missing.php
    </Directory>
@@VHOST@@
    ProxyPassMatch "^/(.*\\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
    ProxyErrorOverride On 403
    ErrorDocument 403 /error.php
    ErrorDocument 404 /app/x.jpg
@@VHOST@@
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    ProxyErrorOverride On
    ErrorDocument 403 /error.php
    <Location /app>
        ProxyErrorOverride Off
    </Location>
    <Location /uploads>
        ErrorDocument 404 default
    </Location>
VH

# mod_autoindex (Debian loads it) and Require lines that need a user,
# for curl from 127.0.0.1 with no credentials: a directory no
# DirectoryIndex name fits is refused (403) without Options Indexes and
# listed (200) with it (in <Directory> or at vhost level); 401 under
# AuthType Basic (alone, or in a RequireAll with Require local), 500 with
# no AuthType, 403 in a RequireAll whose address refuses 127.0.0.1.  3: a
# ProxyFCGISetEnvIf with $1 and no capturing group kills Apache's child
# on the requests sent to FPM below /vendor (no answer).
AUTH_MODS="LoadModule autoindex_module $mods/mod_autoindex.so
LoadModule authn_core_module $mods/mod_authn_core.so
LoadModule auth_basic_module $mods/mod_auth_basic.so
LoadModule authz_user_module $mods/mod_authz_user.so"
XURLS="/t/y.php /t/" \
MAINCONF=$AUTH_MODS \
scenario autoindex-auth '' <<VH
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/vendor>
        Options +Indexes
    </Directory>
    <Directory @T@/www/a>
        AuthType Basic
        AuthName "a"
        Require valid-user
    </Directory>
@@VHOST@@
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
    Options Indexes
    <Directory @T@/www/uploads>
        Options -Indexes
        Require valid-user
    </Directory>
    <Directory @T@/www/a>
        AuthType Basic
        AuthName "a"
        <RequireAll>
            Require local
            Require valid-user
        </RequireAll>
    </Directory>
    <Directory @T@/www/t>
        AuthType Basic
        AuthName "t"
        <RequireAll>
            Require ip 10.0.0.0/8
            Require valid-user
        </RequireAll>
    </Directory>
@@VHOST@@
    <FilesMatch ".+\.php$">
        SetHandler $H
    </FilesMatch>
    <Location /vendor>
        ProxyFCGISetEnvIf "true" X_CRASH "\$1"
    </Location>
VH

# The lines the scenarios below share: a front controller's rules (in a
# <Directory>) and the PHP handler.
FRONT='        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule ^ index.php [L]'
PHPFM="    <FilesMatch \"\\.php\$\">
        SetHandler $H
    </FilesMatch>"
# mod_mime's merge (merge_mime_dir_configs over request.c's walks): the
# sections of one walk are merged among themselves first, and a removal is
# kept only as long as no other section with mod_mime lines is merged onto
# it.  Vhost 0: the DocumentRoot's RemoveHandler is lost below uploads/,
# whose <Directory> has an AddType (uploads/shell.php runs; index.php is
# static).  Vhost 1: an .htaccess RemoveHandler .php under a <Directory>
# that has its own AddHandler empties the field, and an empty field does
# not hide the vhost's AddHandler (rm/x.php runs).  Vhost 2: the same
# .htaccess alone removes it (rm/x.php static).  Vhost 3: any mod_mime
# line below does it, an AddCharset or a DefaultLanguage (uploads/ and
# app/ run PHP).  Found by
# tests/rules/sim_random.py.  (mod_mime lower-cases a handler: the pool
# listens on TCP, the tree's name has capitals.)
mport=$(pf_free_port)
MH="proxy:fcgi://127.0.0.1:$mport"
XURLS="/rm/x.php" \
SETUP='mkdir rm && printf "RemoveHandler .php\n" > rm/.htaccess && printf "<?php echo \"EX\".\"EC:\".__FILE__;" > rm/x.php' \
scenario mime-merge "\n[tcp]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:$mport\npm = static\npm.max_children = 2" <<VH
    AddHandler $MH .php
    <Directory @T@/www>
        RemoveHandler .php
    </Directory>
    <Directory @T@/www/uploads>
        AddType text/plain .txt
    </Directory>
@@VHOST@@
    AddHandler $MH .php
    <Directory @T@/www>
        AllowOverride FileInfo
        AddHandler $MH .php
    </Directory>
@@VHOST@@
    AddHandler $MH .php
    <Directory @T@/www>
        AllowOverride FileInfo
    </Directory>
@@VHOST@@
    AddHandler $MH .php
    <Directory @T@/www>
        RemoveHandler .php
    </Directory>
    <Directory @T@/www/uploads>
        AddCharset UTF-8 .txt
    </Directory>
    <Directory @T@/www/app>
        DefaultLanguage en
    </Directory>
VH
# What FPM runs with cgi.fix_pathinfo=0 is PATH_TRANSLATED, the lookup of
# the path info, which runs its fixups: a front controller's rules leave
# "redirect:/index.php" (no file: FPM's 404, not the 403 the path itself
# would get), a directory with its slash becomes its DirectoryIndex file
# (/a/b.php/ runs /index.php).
XURLS="/a/b.php/ /a/b.php/app/ /a/b.php/app/nope /a/b.php/nope" \
scenario lookup-fixups 'php_admin_value[cgi.fix_pathinfo] = 0' <<VH
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
    <Directory @T@/www/app>
$FRONT
    </Directory>
VH
# A "!" entry of mod_proxy declines (ap_proxy_trans_match): mod_alias's
# RedirectMatch still answers.  A [P] index under a <LocationMatch> with a
# SetHandler is no index for mod_dir (its handler is no longer
# proxy-server): / is a 404.  A ProxyPass to a folder: FPM keeps a path
# realpath() finds whole (cgi.fix_pathinfo=1 takes apart only one it does
# not), and security.limit_extensions refuses it.
XURLS="/uploads/.x.php /uploads/.hidden/ /vendor" \
scenario proxy-decline-and-index '' <<VH
    ProxyPass /vendor "unix:@T@/php.sock|fcgi://localhost@T@/www/t"
    ProxyPassMatch "^/uploads/.*\\.php$" !
    RedirectMatch 404 /\\.
    <FilesMatch ".+\\.php$">
        SetHandler $H
    </FilesMatch>
@@VHOST@@
    <LocationMatch "\\.php$">
        SetHandler $H
    </LocationMatch>
    RewriteEngine On
    RewriteRule "^/(.*\\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1" [P,L]
VH

# A RewriteRule's [H=] is set last of all fixups (hook_mimetype is a
# fixup at APR_HOOK_LAST): under a front controller's per-directory
# rules it replaces their redirect-handler, so nothing is redirected and
# mod_proxy gets "HANDLER" + "redirect:/index.php": over TCP a host
# "ADDR:PORTredirect:" no resolver knows (500).
# mod_dir's lookup of an index the [H=] renames is not taken (404).  A
# relative FallbackResource below a missing folder falls back to itself
# until the sub-request nesting limit: 500.  A handler no module takes
# (mod_php's name without mod_php) still keeps FallbackResource away: the
# missing .php is a 404.  With cgi.fix_pathinfo=0 the
# path info a lookup's rules rewrite stays after "redirect:/index.php",
# and security.limit_extensions refuses the .jpg it ends with.
hport=$(pf_free_port)
XURLS="/nope.php /uploads/nope.php /media/x.php /nope/x.jpg" \
SETUP='mkdir -p media' \
scenario forced-handler-fixups "\n[tcp]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:$hport\npm = static\npm.max_children = 2" <<VH
    RewriteEngine On
    RewriteRule "\\.php$" - [H=proxy:fcgi://127.0.0.1:$hport]
    <Directory @T@/www>
$FRONT
    </Directory>
@@VHOST@@
    <Directory @T@/www>
        FallbackResource index.php
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        FallbackResource /index.php
    </Directory>
    <FilesMatch "\\.php$">
        SetHandler application/x-httpd-php
    </FilesMatch>
VH
# Vhost 1: a lookup its access checks refuse stops before the fixups, so
# Debian's "^\.ph..." deny keeps the FallbackResource out of the
# PATH_TRANSLATED of /uploads/evil.jpg/.phtml (FPM refuses .phtml; not the
# fallback).
XURLS="/a/b.php/nope/x.jpg /a/b.php/nope/x.php /uploads/evil.jpg/.phtml" \
scenario lookup-rewrite-pathinfo 'php_admin_value[cgi.fix_pathinfo] = 0' <<VH
$PHPFM
    <Directory @T@/www>
$FRONT
    </Directory>
@@VHOST@@
    <FilesMatch "^\\.ph(?:ar|p|ps|tml)$">
        Require all denied
    </FilesMatch>
    <Directory @T@/www/uploads>
        SetHandler $H
    </Directory>
    <Directory @T@/www>
        FallbackResource /app/index.php
    </Directory>
VH

# Per-directory rewriting needs FollowSymLinks or SymLinksIfOwnerMatch:
# without them mod_rewrite refuses every request there, the rules matching
# or not (AH00670, 403).  Hardening guides' "Options -FollowSymLinks" and
# an absolute "Options Indexes" (it drops the server's FollowSymLinks)
# take a WordPress-style site down; SymLinksIfOwnerMatch keeps it up.
XURLS="/nope" \
scenario symlinks-rewrite '' <<VH
    <Directory @T@/www>
        Options -Indexes -FollowSymLinks
$FRONT
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Options Indexes
$FRONT
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Options -FollowSymLinks +SymLinksIfOwnerMatch
$FRONT
    </Directory>
$PHPFM
VH

# httpd's directory walk and symbolic links (request.c, rules/
# sim_symlink.c): each component is looked at with the Options of the
# directories above it; without FollowSymLinks a link is 403, under
# SymLinksIfOwnerMatch a link whose target has another owner is.  media is
# a link to uploads (both root's), sh one to a folder of www-data's outside
# the DocumentRoot, a/link.php one to index.php.  Vhost 0 follows them;
# 1 follows none; 2 and 3 only media and a/link.php (owners); in 4 the
# folder's own FollowSymLinks comes too late for the link itself; in 5
# the DocumentRoot is reached through a link (cur -> www), refused by the
# Options of the folder above it; 6 is 5 with links allowed there.
SETUP='ln -s uploads media && mkdir -p ../shared && printf "<?php echo \"EX\".\"EC:\".__FILE__;" > ../shared/shell.php && chown -R www-data ../shared && chmod -R a+rX ../shared && ln -s ../shared sh && ln -s ../index.php a/link.php && ln -s www ../cur' \
XURLS='/media/shell.php /media/evil.jpg/x.php /media/ /sh/shell.php /sh/ /sh/nope.php /a/link.php /a/link.php/x /media' \
scenario symlinks-walk '' <<VH
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Options -FollowSymLinks
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Options SymLinksIfOwnerMatch
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Options FollowSymLinks SymLinksIfOwnerMatch
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Options None
    </Directory>
    <Directory @T@/www/sh>
        Options FollowSymLinks
    </Directory>
$PHPFM
@@VHOST@@
    DocumentRoot @T@/cur
    <Directory @T@>
        Options None
    </Directory>
    <Directory @T@/cur>
        Require all granted
    </Directory>
$PHPFM
@@VHOST@@
    DocumentRoot @T@/cur
    <Directory @T@>
        Options SymLinksIfOwnerMatch
    </Directory>
    <Directory @T@/cur>
        Options None
        Require all granted
    </Directory>
$PHPFM
VH

# mod_rewrite's per-directory config (config_perdir_merge): a folder with
# any mod_rewrite line of its own has a config that replaces the rules of
# the folders above, unless its RewriteOptions (Inherit, InheritBefore)
# or the parent's (InheritDown) bring them in.  Vhost 0 reads the
# folders' .htaccess files: uploads/ says only "RewriteEngine On" and a/
# only a RewriteBase, so a missing file there is not the front
# controller's; app/ inherits the rules, which run against app/ (its own
# index.php); vendor/ runs the inherited rules before its own.  Vhost 1
# says the same in <Directory> sections under an InheritDown parent
# (whose rules run against each folder: its own index.php, missing in a
# loop of internal redirects), where a/ opts out with IgnoreInherit.
# Vhost 2: InheritDownBefore runs the DocumentRoot's rules before a/'s
# (/a/nope is a/b.php), and a/'s MergeBase keeps the DocumentRoot's
# RewriteBase for its own relative result (/a/nope2 is /app/index.php).
XURLS="/app/nope /a/nope /uploads/nope.php /vendor/nope /vendor/x.php /t
    /t/nope /a/nope2" \
SETUP='printf "RewriteEngine On\n" > uploads/.htaccess
printf "RewriteBase /a/\n" > a/.htaccess
printf "RewriteOptions Inherit\n" > app/.htaccess
printf "RewriteOptions InheritBefore\nRewriteRule ^x\\\\.php\$ - [F]\n" > vendor/.htaccess
printf "RewriteOptions AllowNoSlash\n" > t/.htaccess' \
scenario rewrite-nested-config '' <<VH
    <Directory @T@/www>
        AllowOverride FileInfo
$FRONT
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        AllowOverride None
        RewriteOptions InheritDown
$FRONT
    </Directory>
    <Directory @T@/www/a>
        RewriteOptions IgnoreInherit
    </Directory>
    <Directory @T@/www/uploads>
        RewriteEngine On
    </Directory>
    <Directory @T@/www/vendor>
        RewriteRule ^x\.php$ - [F]
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        AllowOverride None
        RewriteEngine On
        RewriteBase /app/
        RewriteOptions InheritDownBefore
        RewriteRule ^nope$ /a/b.php [L]
    </Directory>
    <Directory @T@/www/a>
        RewriteOptions MergeBase
        RewriteRule ^nope2$ index.php [L]
    </Directory>
$PHPFM
VH

# RewriteBase through MergeBase and the walks (config_perdir_merge;
# request.c merges a walk's sections among themselves, then onto the
# request's config): the DocumentRoot's .htaccess says "RewriteBase /",
# <Directory www/app> has MergeBase and a relative rule.  Vhost 0: a
# <Directory www> with mod_rewrite lines comes first, the .htaccess's
# baseurl_set is lost in that merge, and the final merge onto the lookup
# defaults leaves no base: /app/nope runs app/index.php.  Vhost 1: no
# such section, the .htaccess's config is the walk's first and keeps its
# base: /index.php runs.  (apache2 2.4.71: the simulator ran /index.php
# for both; found by sim_random.py seed 51.)
APPMB='    <Directory @T@/www/app>
        RewriteOptions MergeBase
        RewriteRule ^nope(\.php)?$ index.php [L]
    </Directory>'
XURLS="/app/nope /app/nope.php" \
SETUP='printf "RewriteEngine On\nRewriteBase /\n" > .htaccess' \
scenario rewrite-mergebase-walks '' <<VH
    <Directory @T@/www>
        AllowOverride FileInfo
        RewriteEngine On
    </Directory>
$APPMB
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        AllowOverride FileInfo
    </Directory>
$APPMB
$PHPFM
VH

# PATH_TRANSLATED's lookup (ap_add_cgi_vars) and FallbackResource:
# mod_dir takes the fallback's lookup only when it is a regular file or
# its handler is still "proxy-server" after its fixups.  Here
# <LocationMatch "\.php"> SetHandler replaces the handler ProxyPassMatch
# set for /index.php, so the lookup of /foo keeps DOCROOT/foo, which FPM
# runs with cgi.fix_pathinfo=0 and refuses (security.limit_extensions):
# /index.php/foo is "Access denied." (the simulator sent the proxied
# fallback: File not found; sim_random.py seed 51).  Vhost 1: the
# fallback a plain file (no ProxyPassMatch): /index.php/foo runs it.
FBLM="    <Directory @T@/www>
        FallbackResource index.php
    </Directory>
    <LocationMatch \"\\.php\">
        SetHandler $H
    </LocationMatch>"
scenario fallback-pathinfo-lookup 'security.limit_extensions = .php .jpg\nphp_admin_value[cgi.fix_pathinfo] = 0' <<VH
$FBLM
    ProxyPassMatch "^(.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www\$1"
@@VHOST@@
$FBLM
VH

# mod_rewrite lines in <If> and <Files> sections: their per-directory
# config's directory is "*If" or the section's pattern, which no file
# name starts with, so the rules see the whole file name; they replace
# the directory's rules while the section applies.  /nope runs
# /index.php; /t/rel's second <If> replaces the first, and its relative
# "index.php" becomes "*If/index.php": 400; /a/b.php takes <Files>'s
# rule instead of the <Directory>'s: app/index.php; /a/nope takes the
# <Directory>'s: a static file.  (apache2 2.4.71: the simulator ignored
# both kinds of section: 404, static, fpm404.)
XURLS="/nope /t/rel /a/nope" \
scenario rewrite-if-files '' <<VH
    <Directory @T@/www>
        RewriteEngine On
        RewriteRule ^a/ /uploads/x.jpg [L]
    </Directory>
    <If "%{REQUEST_URI} =~ m#^/(nope|t/rel)#">
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteRule ^ /index.php [L]
    </If>
    <If "%{REQUEST_URI} =~ m#^/t/rel#">
        RewriteEngine On
        RewriteRule ^ index.php [L]
    </If>
    <Files "b.php">
        RewriteEngine On
        RewriteRule ^/.*/www/ /app/index.php [L]
    </Files>
$PHPFM
VH

# A RewriteRule's [H=] on a proxied request that a <LocationMatch>
# front controller sends elsewhere: the [H=] replaces the
# redirect-handler, the handler gets "redirect:/index.php" with
# r->proxyreq still set, mod_proxy declines it and the default handler
# answers 404 (the simulator ran /index.php; sim_random.py seed 57).
# /app/nope is no .php: ProxyPassMatch and [H=] leave it, and the front
# controller's redirect runs /index.php.
XURLS="/app/nope /app/x.php" \
scenario proxied-front-forced-handler '' <<VH
    ProxyPassMatch "^/(.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
    RewriteEngine On
    RewriteRule "\.php$" - [H=proxy:unix:@T@/php.sock|fcgi://localhost]
    <LocationMatch "^/(app|a)">
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule ^ /index.php [L]
    </LocationMatch>
VH

# Whether the server-context rules run (hook_uri2file) is the
# per-directory config's RewriteEngine at translate_name: the main
# server's "RewriteEngine On" is every vhost's default, and the
# <Location>s of the URL and the <If>s that hold (request.c walks them
# before translate_name) turn it on or off.  Vhost 0 has no RewriteEngine
# of its own: the main server's runs its rule for /x, a <Location /t>
# Off stops it for /t/y.  Vhost 1 says Off, and an <If> turns it on for
# /x only; vhost 2 says On, and an <If> turns it off for /x.  (The
# simulator ran a vhost's rules by its own RewriteEngine line alone;
# sim_random.py seed 59 found the <If>.)
XURLS="/x /t/y" \
MAINCONF='RewriteEngine On' \
scenario rewrite-engine-scope '' <<VH
    RewriteRule "^/(x|t/y)$" /index.php [PT]
    <Location /t>
        RewriteEngine Off
    </Location>
$PHPFM
@@VHOST@@
    RewriteEngine Off
    RewriteRule "^/(x|t/y)$" /index.php [PT]
    <If "%{REQUEST_URI} =~ m#^/x#">
        RewriteEngine On
    </If>
$PHPFM
@@VHOST@@
    RewriteEngine On
    RewriteRule "^/(x|t/y)$" /index.php [PT]
    <If "%{REQUEST_URI} =~ m#^/x#">
        RewriteEngine Off
    </If>
$PHPFM
VH

# Three orders of the fixups and the handler (sim_random.py seeds 61
# and 62).  Vhost 0: an <If>'s relative front controller on a folder
# without its slash: hook_fixup's 400 ends the fixups before mod_dir's
# slash redirect (the simulator said 301).  Vhost 1: ErrorDocument 404
# /index.php, which a <Files> [F] refuses: mod_rewrite resets r->status
# before it answers, so the client gets 403, not 404 with the note (a
# Require that refuses the document keeps 404: vhost 2).  Vhost 3: mod_dir
# takes the lookup of index.php that a <FilesMatch> rule rewrote, as its
# r->finfo is still the file's, and the server's [H=proxy:fcgi://HOST:PORT]
# then gets "redirect:URL": 500 (the simulator let FPM answer).
XURLS="/app /sub /nope" \
scenario fixup-order '' <<VH
    ProxyPassMatch "^/(.*\.php(/.*)?)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
    <If "%{REQUEST_URI} !~ m#\.php\$#">
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteRule ^ index.php [L]
    </If>
@@VHOST@@
    <Directory @T@/www>
        <Files "index.php">
            RewriteEngine On
            RewriteRule \.php$ - [F]
        </Files>
    </Directory>
    ErrorDocument 404 /index.php
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        <Files "index.php">
            Require all denied
        </Files>
    </Directory>
    ErrorDocument 404 /index.php
$PHPFM
@@VHOST@@
    RewriteEngine On
    RewriteRule "\.ph(p|ar)$" - [H=proxy:fcgi://127.0.0.1:9]
    <Directory @T@/www>
        <FilesMatch "\.php$">
            RewriteEngine On
            RewriteRule ^/.*/www/(.*)$ /app/\$1 [L]
        </FilesMatch>
    </Directory>
VH

# The server-context rules answer an ErrorDocument's request too, and
# also reset r->status first: ErrorDocument 404 /go under a [R] for /go
# sends the 302, ErrorDocument 403 /gone under [G] the 410 (the
# simulator said 404 and 403 with Apache's note).  Vhost 1: without
# FollowSymLinks mod_rewrite refuses every request there (AH00670), the
# error document's too, and that refusal leaves r->status alone: 403
# with the note (sim_random.py seed 66).  Vhost 2: the document of the
# rule's answer is the same refused document: ten requests, then 403
# with the note (seed 71; the simulator said 403).  Vhost 3: the 403's
# own document is a picture: sent with 403.
XURLS="/nope /deny" \
scenario errdoc-rewrite-answer '' <<VH
    RewriteEngine On
    RewriteRule ^/go$ /elsewhere [R]
    RewriteRule ^/gone$ - [G]
    ErrorDocument 404 /go
    ErrorDocument 403 /gone
    <Location /deny>
        Require all denied
    </Location>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Options Indexes
        RewriteEngine On
        RewriteRule ^nope$ /index.php [L]
    </Directory>
    ErrorDocument 403 /error.php
$PHPFM
@@VHOST@@
    ProxyPassMatch "^(.*\.php)\$" "unix:@T@/php.sock|fcgi://localhost@T@/www\$1"
    <If "true">
        RewriteEngine On
        RewriteRule \.php$ - [F]
    </If>
    ErrorDocument 403 /error.php
@@VHOST@@
    RewriteEngine On
    RewriteRule ^/gone$ - [F]
    ErrorDocument 404 /gone
    ErrorDocument 403 /uploads/x.jpg
$PHPFM
VH

# A server [H=proxy:unix:...] over a per-directory rule's internal
# redirect: the handler gets "redirect:URL", and r->path_info stays, so
# FPM gets PATH_INFO and the PATH_TRANSLATED of its lookup.  With
# cgi.fix_pathinfo=0 FPM runs that: /a/b.php/ is DOCROOT/ and mod_dir's
# index.php runs, /a/b.php/t/y.php runs t/y.php (the simulator dropped the
# path info: FPM's 403; sim_random.py seed 75).  mod_mime lower-cases an
# [H=] handler, its socket path too, so the pool listens in a folder
# without capitals ($T has some), which the tree's php.sock points to.
LC=/tmp/pf-lc.$$.$RANDOM
mkdir -p "$LC" && chmod 755 "$LC"
trap '[ "${BASHPID:-$$}" = "$$" ] && rm -rf "$LC"; pf_cleanup' EXIT
XURLS="/a/b.php/ /a/b.php/t/y.php /a/b.php/nope" \
SETUP="ln -s $LC/php.sock ../php.sock" \
scenario forced-handler-pathinfo "php_admin_value[cgi.fix_pathinfo] = 0\nlisten = $LC/php.sock" <<VH
    RewriteEngine On
    RewriteRule "^/.*\.php" - [H=proxy:unix:$LC/php.sock|fcgi://localhost]
    <Directory @T@/www>
        <FilesMatch "\.php$">
            RewriteEngine On
            RewriteRule ^/.*/www/a/(.*)$ /app/\$1 [L]
        </FilesMatch>
    </Directory>
VH

# The access checks come before the fixups: a request that a <Location>
# refuses never meets a per-directory rule's [G], [R] or [R=4xx], even
# for a file that does not exist (403, where the simulator answered the
# rule's 410 and 302; sim_random.py seeds 79 and 81).  Outside the
# refused folder the same rules answer.
XURLS="/uploads/nope.php /uploads/gone.jpg /gone.jpg /sub/nope.php" \
scenario fixup-after-access '' <<VH
    <FilesMatch "\.php$">
        RewriteEngine On
        RewriteRule ^/.*/nope\.php$ - [G]
    </FilesMatch>
    <Directory @T@/www>
        RewriteEngine On
        RewriteRule ^(.*/)?gone\.jpg$ /elsewhere [R]
    </Directory>
    <Location "/uploads/">
        Require all denied
    </Location>
$PHPFM
VH

# The access checks for one client: sim-probe asks as curl does, from
# 127.0.0.1 with no credentials (pf_sim_set_client).  Vhost 0: Basic
# without an AuthName is mod_auth_basic's 500 ("need AuthName"), not a
# 401.  Vhost 1: mod_dir's lookup of index.php under a <FilesMatch> that
# wants a user answers 401 for /uploads/, which has no index.php (the
# simulator said 404).  Vhost 2: a RequireAll that refuses 127.0.0.1
# (a block list lets any other client in).  Vhost 3: Require lines only
# for other methods than GET grant a GET.  Vhost 4: an ErrorDocument's
# request that matches the same sections as the refused one is not
# checked again (the same per-directory config): error.php runs, with
# the 403, for a script; for a picture the sections differ (the
# <FilesMatch>) and the document is refused too: Apache's 403 with its
# note (sim_random.py seeds 93 and 94 found these).  Vhost 5: an AuthType
# and no Require line in effect (a proxied request walks no <Directory>)
# is mod_authz_core's 500 (AH01627); a file request below it meets the
# DocumentRoot's Require all granted and runs.
MAINCONF="LoadModule authn_core_module $mods/mod_authn_core.so
LoadModule auth_basic_module $mods/mod_auth_basic.so
LoadModule authz_user_module $mods/mod_authz_user.so" \
XURLS="/uploads/x.jpg /error.php /uploads/ht/x.jpg" \
scenario client-access '' <<VH
    <Location /uploads>
        AuthType Basic
        Require valid-user
    </Location>
$PHPFM
@@VHOST@@
    <FilesMatch "\.php\$">
        AuthType Basic
        AuthName "admin"
        Require valid-user
    </FilesMatch>
$PHPFM
@@VHOST@@
    <Location /app>
        <RequireAll>
            Require all granted
            Require not ip 127.0.0.1
        </RequireAll>
    </Location>
$PHPFM
@@VHOST@@
    <Location /app>
        <LimitExcept GET>
            Require all denied
        </LimitExcept>
    </Location>
$PHPFM
@@VHOST@@
    <Directory @T@/www>
        Require ip 10.0.0.0/8
    </Directory>
    ErrorDocument 403 /error.php
$PHPFM
@@VHOST@@
    <Location /app/>
        AuthType Basic
        AuthName "admin"
        ProxyPass "unix:@T@/php.sock|fcgi://localhost@T@/www/app/"
    </Location>
    <Location /a/>
        AuthType Basic
        AuthName "admin"
    </Location>
$PHPFM
VH

# ProxyErrorOverride as mod_proxy merges it: the last section with a line
# has the flag, and within it the words count in order over
# its lines, and the codes of every section add up.  Vhost 0: "On" and
# then a line "404" intercept FPM's 404 only (the simulator read the 404
# as no code and took every error).  Vhost 1: "On 404 Off" intercepts
# nothing (the simulator took the 404).  Vhost 2: a <Location />'s bare
# "On" keeps the vhost's "On 403" code: FPM's 404 is sent as it is.
scenario error-override-lines 'security.limit_extensions = .php' <<VH
    ProxyErrorOverride On
    ProxyErrorOverride 404
$PHPFM
@@VHOST@@
    ProxyErrorOverride On 404 Off
$PHPFM
@@VHOST@@
    ProxyErrorOverride On 403
    <Location />
        ProxyErrorOverride On
    </Location>
$PHPFM
VH

# Per-directory rules in <Location> sections (hook_fixup with the
# section's path as the directory) and RewriteBase.  Vhost 0: a front
# controller in <Location />, whose relative "index.php" becomes
# /index.php.  Vhost 1: <Location /app>'s relative substitution is
# below /app/; a <LocationMatch>'s is below its regex, no absolute path:
# 400 for every request there.  Vhost 2: the same front controller over
# ProxyPassMatch: a proxied request's r->filename is "proxy:URL", which
# -f never finds, so /index.php redirects to itself until the limit
# (500), and mod_dir's lookups are not taken.  Vhost 3: RewriteBase
# replaces the directory in a relative result (/uploads/nope.php runs
# a/b.php, /t/nope app/index.php).
XURLS="/app/nope /t/nope /vendor/nope /vendor/x.php /uploads/nope.php
    /a/nope" \
scenario location-rewrite '' <<VH
    <Location />
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule ^ index.php [L]
    </Location>
$PHPFM
@@VHOST@@
    <Location /app>
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteRule ^ index.php [L]
    </Location>
    <LocationMatch "^/vendor">
        RewriteEngine On
        RewriteRule ^ index.php [L]
    </LocationMatch>
$PHPFM
@@VHOST@@
    <Location />
        RewriteEngine On
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule ^ /index.php [L]
    </Location>
    ProxyPassMatch "^/(.*\.php)$" "unix:@T@/php.sock|fcgi://localhost@T@/www/\$1"
@@VHOST@@
    <Directory @T@/www/uploads>
        RewriteEngine On
        RewriteBase /a/
        RewriteRule ^nope\.php$ b.php [L]
    </Directory>
    <Directory @T@/www/t>
        RewriteEngine On
        RewriteBase /app
        RewriteRule ^nope$ index.php [L]
    </Directory>
$PHPFM
VH

# Per-directory rules match the file name with the path info after it,
# and a substitution keeps the path info for the next rule unless [DPI]
# (apply_rewrite_rule): /index.php/abc becomes t/abc, and the next rule
# sees t/abc/abc, not t/abc (no match: the redirect to /t/abc, whose
# folder turns the engine off, is a 404); under app/ the first rule has
# [DPI], so the second sees ../t/abc and runs a/b.php.  Vhost 1: a
# condition on %{REQUEST_FILENAME} after a substitution reads the new
# r->filename (vendor/nope.php, missing), not the requested x.php.
XURLS="/index.php/abc /app/index.php/abc /vendor/x.php" \
scenario rewrite-pathinfo-chain '' <<VH
    <Directory @T@/www>
        AcceptPathInfo On
        RewriteEngine On
        RewriteRule ^index\.php/(.*)$ t/\$1
        RewriteRule ^t/([a-z]+)$ a/b.php [L]
    </Directory>
    <Directory @T@/www/t>
        RewriteEngine Off
    </Directory>
    <Directory @T@/www/app>
        RewriteEngine On
        RewriteRule ^index\.php/(.*)$ ../t/\$1 [DPI]
        RewriteRule ^\.\./t/([a-z]+)$ /a/b.php [L]
    </Directory>
$PHPFM
@@VHOST@@
    <Directory @T@/www/vendor>
        RewriteEngine On
        RewriteRule ^x\.php$ nope.php
        RewriteCond %{REQUEST_FILENAME} -f
        RewriteRule ^ /a/b.php [L]
    </Directory>
$PHPFM
VH

# An Alias whose target is a file in a folder that does not exist
# (Wikimedia's "Alias /wiki .../w/index.php"): with the files on disk
# known, the folder is not taken to exist, and "/" rewritten to
# /w/index.php is Apache's 404.
scenario alias-file-target '' <<VH
    Alias /wiki @T@/www/w/index.php
    RewriteEngine On
    RewriteRule ^/$ /w/index.php
$PHPFM
VH

# A panel's tree: a <Directory> per site at the top level, so many that
# the simulator and the .htaccess walk look them up by path (sim.c
# dindex_of, httpd_htaccess.c mindex_build: 32 or more) instead of testing
# each.  The ones that decide: a trailing '/', runs of '/', the same
# folder twice at one depth (the later wins), a wildcard, a regex form,
# the root, and AllowOverride granted only below a folder that has None
# (the walk must go on down to uploads/ht and read its Require there).
# With 70 fillers the main server has more than 64 lines and sections, so
# the simulator's loops read its views by kind (sim.c EACH_V): a top-level
# RedirectMatch (KV_PLAIN), <Files> (KV_NESTED) and <LocationMatch>
# (KV_LOC) decide three more URLs.
MANYDIRS=$(for i in $(seq 70); do
	printf '<Directory @T@/www/filler%d>\n    Require all denied\n</Directory>\n' "$i"
done)
MAINCONF="<Directory />
    AllowOverride None
</Directory>
$MANYDIRS
<Directory @T@/www/a/>
    Require all denied
</Directory>
<Directory @T@//www//vendor//>
    Require all denied
</Directory>
<Directory @T@/www/uploads>
    Require all denied
</Directory>
<Directory @T@/www/uploads/>
    Require all granted
</Directory>
<Directory @T@/www/ap*>
    Require all denied
</Directory>
<DirectoryMatch \"^@T@/www/t(/|\$)\">
    Require all denied
</DirectoryMatch>
<Directory @T@/www>
    AllowOverride None
</Directory>
<Directory @T@/www/uploads/ht/>
    AllowOverride AuthConfig
</Directory>
RedirectMatch 410 ^/index\\.php/uploads/
<Files \"evil.php.jpg\">
    Require all denied
</Files>
<LocationMatch \"\\.phar\$\">
    Require all denied
</LocationMatch>" XURLS="/t/y.php /a/nope.php" \
SETUP="printf 'Require all denied\\n' > uploads/ht/.htaccess" \
scenario many-directories '' <<VH
$PHPFM
VH

# Handlers that open the file first (mod_negotiation's type map, mod_asis,
# mod_imagemap) answer 404 for one that is not there, and so does an
# ErrorDocument that is one (Debian's httpd-multilang-errordoc.conf sends
# every error to a .var type map: a missing one is Apache's page with
# "Additionally, a 404 Not Found error was encountered").  Before, the
# simulator called each an answer of its own ("other").  (A 403: the
# 410 page is longer than the 300 bytes real_verdict reads.)
MAINCONF="LoadModule negotiation_module $mods/mod_negotiation.so
LoadModule asis_module $mods/mod_asis.so
LoadModule imagemap_module $mods/mod_imagemap.so" \
XURLS="/nothere.var /a/nothere.var /nope.asis /nope.map /old /old.php" \
scenario handler-opens-file '' <<VH
AddHandler type-map .var
AddHandler send-as-is .asis
AddHandler imap-file .map
ErrorDocument 403 /gone.var
<Location /old>
    Require all denied
</Location>
$PHPFM
VH

timeout_oracle() {
	local d="$T/timeout" port t code
	mkdir -p "$d/www" "$d/logs"
	printf '<?php sleep(4); echo "done";' > "$d/www/slow.php"
	chmod -R a+rX "$d"
	port=$(pf_free_port)
	pf_fpm_conf "$d" "request_terminate_timeout = 30s"
	cat > "$d/httpd.conf" <<EOT
ServerRoot $d
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule proxy_module $mods/mod_proxy.so
LoadModule proxy_fcgi_module $mods/mod_proxy_fcgi.so
ServerName localhost
PidFile $d/httpd.pid
ErrorLog $d/logs/error.log
Mutex file:$d default
DefaultRuntimeDir $d
User www-data
Group www-data
Timeout 300
Listen 127.0.0.1:$port
<VirtualHost 127.0.0.1:$port>
    DocumentRoot $d/www
    <Directory $d/www>
        Require all granted
    </Directory>
    ProxyPassMatch "^/(.*\.php)$" "unix:$d/php.sock|fcgi://localhost$d/www/\$1" timeout=2
</VirtualHost>
EOT
	php-fpm8.2 -F -y "$d/fpm.conf" 2>"$d/logs/fpm.err" &
	fpid=$!
	echo "$fpid" >> "$T/pids"
	for _ in $(seq 50); do [ -S "$d/php.sock" ] && break; sleep 0.05; done
	if ! apache2 -f "$d/httpd.conf" -k start 2>"$d/logs/start.err"; then
		echo "FAIL timeout: apache2 did not start"; cat "$d/logs/start.err"
		fail=$((fail + 1)); return
	fi
	for _ in $(seq 50); do [ -s "$d/httpd.pid" ] && break; sleep 0.05; done
	cat "$d/httpd.pid" >> "$T/pids"
	read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
	    "http://127.0.0.1:$port/slow.php")
	if [ "$code" = 504 ] && awk -v t="$t" 'BEGIN { exit !(t >= 1.5 && t < 3.5) }'; then
		pass=$((pass + 1))
	else
		echo "FAIL timeout: apache2 answered $code after $t s, expected 504 after 2 s"
		fail=$((fail + 1))
	fi
	if "$PROXYFPM" lint --no-config --format compact --httpd "$d/httpd.conf" \
	    --fpm "$d/fpm.conf" 2>&1 | grep -q "longer than Apache's proxy timeout of 2 s.*\[timeout-mismatch\]$"; then
		pass=$((pass + 1))
	else
		echo "FAIL timeout: lint does not count timeout=2 of the ProxyPassMatch line"
		fail=$((fail + 1))
	fi
	kill "$(cat "$d/httpd.pid")" 2>/dev/null
	kill "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
}
[ -z "${PF_ORACLE_ONLY:-}" ] && timeout_oracle

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
