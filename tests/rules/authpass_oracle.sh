#!/bin/bash
# authpass_oracle.sh - rule authorization-not-passed against the real
# apache2 and php-fpm8.2: one server per setup, /index.php printing
# whether PHP got the header (HTTP_AUTHORIZATION, PHP_AUTH_USER), asked
# with `curl -u alice:pw`.  lint must report exactly the setups where PHP
# gets nothing:
#   none      a FilesMatch SetHandler alone: dropped
#   debian    + Debian's SetEnvIfNoCase ^Authorization$ "(.+)"
#             HTTP_AUTHORIZATION=$1: passed
#   cgipass   + CGIPassAuth On in the DocumentRoot's <Directory>: passed
#   htrewrite + WordPress's .htaccess RewriteRule .* -
#             [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}], AllowOverride
#             FileInfo: passed
#   htnone    the same .htaccess under AllowOverride None (never read):
#             dropped
#   ifmod     Debian's SetEnvIfNoCase inside <IfModule setenvif_module>
#             without mod_setenvif: dropped
#   proxypass ProxyPassMatch ^/(.*\.php)$ to the pool, nothing else:
#             dropped
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
pf_fpm_pools "pm.max_children = 2" a
bad=0
n=0
printf '<?php echo isset($_SERVER["HTTP_AUTHORIZATION"]) ? "auth:" . $_SERVER["HTTP_AUTHORIZATION"] : "none", " ", $_SERVER["PHP_AUTH_USER"] ?? "-", "\\n";\n' > "$T/index.php"
SETENV='SetEnvIfNoCase ^Authorization$ "(.+)" HTTP_AUTHORIZATION=$1'
REWRITE='RewriteEngine On
RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]'
for s in none debian cgipass htrewrite htnone ifmod proxypass; do
	d="$T/$s"
	mkdir -p "$d/www"
	cp "$T/index.php" "$d/www/index.php"
	case $s in htrewrite | htnone) printf '%s\n' "$REWRITE" > "$d/www/.htaccess" ;; esac
	chmod -R a+rX "$d"
	port=$(pf_free_port)
	mods="mime dir proxy proxy_fcgi rewrite"
	[ $s = ifmod ] || mods="$mods setenvif"
	{
		pf_apache_head "$d" "$port" $mods
		echo "TypesConfig /etc/mime.types"
		echo "DocumentRoot \"$d/www\""
		echo "<Directory \"$d/www\">"
		echo "    Require all granted"
		case $s in
		htrewrite) echo "    AllowOverride FileInfo" ;;
		*) echo "    AllowOverride None" ;;
		esac
		[ $s = cgipass ] && echo "    CGIPassAuth On"
		echo "</Directory>"
		[ $s = debian ] && echo "$SETENV"
		[ $s = ifmod ] && printf '<IfModule setenvif_module>\n    %s\n</IfModule>\n' "$SETENV"
		if [ $s = proxypass ]; then
			echo "ProxyPassMatch ^/(.*\\.php)\$ \"unix:$T/a.sock|fcgi://localhost$d/www/\$1\""
		else
			printf '<FilesMatch "\\.php$">\n    SetHandler "proxy:unix:%s/a.sock|fcgi://localhost"\n</FilesMatch>\n' "$T"
		fi
	} > "$d/httpd.conf"
	pf_apache_run "$d/httpd.conf" "$port" || fail "apache2 did not start ($s)"
	got=$(curl -s -u alice:pw "http://127.0.0.1:$port/index.php")
	case $s in debian | cgipass | htrewrite) want="auth:Basic YWxpY2U6cHc= alice" ;; *) want="none -" ;; esac
	[ "$got" = "$want" ] ||
		{ echo "FAIL: $s: PHP printed '$got', the test expects '$want'"; bad=1; }
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --min-severity info --httpd "$d/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
	    grep -c '\[authorization-not-passed\]$')
	case $got in none*) w=1 ;; *) w=0 ;; esac
	[ "$out" = "$w" ] ||
		{ echo "FAIL: $s: lint reports $out authorization-not-passed findings, PHP printed '$got'"; bad=1; }
	n=$((n + 1))
done
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$n servers: lint reports exactly those where PHP does not get the Authorization header"
echo "1 passed, 0 failed"
