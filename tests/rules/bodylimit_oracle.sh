#!/bin/bash
# bodylimit_oracle.sh - rule body-limit-ignored against apache2 and
# php-fpm8.2: one vhost per setup in front of one pool with post_max_size
# 30M, a 2 MB multipart upload to its index.php (through mod_proxy_fcgi),
# and the same 2 MB POSTed to a static file of the same folder.  Where a
# LimitRequestBody below 2 MB is in effect, Apache answers 413 for the
# static file and still hands PHP the whole upload: mod_proxy makes the
# request a proxy request, for which core's input filter lifts the limit.
# lint must report exactly the vhosts whose limit PHP does not get:
#   a  <Directory> LimitRequestBody 1000000       static 413, PHP 2 MB
#   b  <Directory> LimitRequestBody 50000000      above post_max_size
#   c  <Directory> LimitRequestBody 0             no limit
#   d  no LimitRequestBody                        (httpd's default)
#   e  .htaccess LimitRequestBody 1000000         static 413, PHP 2 MB
#   f  vhost-level LimitRequestBody 1000000       static 413, PHP 2 MB
#   g  LimitRequestBody 1000000 in <Location /admin> (not there)
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
pf_fpm_pools "pm.max_children = 2
php_admin_value[upload_max_filesize] = 20M
php_admin_value[post_max_size] = 30M" p
S='<?php echo isset($_FILES["f"]) ? $_FILES["f"]["size"] : "none", "\n";'
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" mime dir proxy proxy_fcgi
	echo "TypesConfig /etc/mime.types"
	echo "DirectoryIndex index.php"
	for s in a b c d e f g; do
		mkdir -p "$T/$s"
		echo "$S" > "$T/$s/index.php"
		echo static > "$T/$s/a.txt"
		echo "<VirtualHost *:$PORT>"
		echo "    ServerName $s.test"
		echo "    DocumentRoot \"$T/$s\""
		[ $s = f ] && echo "    LimitRequestBody 1000000"
		echo "    <Directory \"$T/$s\">"
		echo "        Require all granted"
		echo "        AllowOverride All"
		case $s in
		a | g) ;;
		b) echo "        LimitRequestBody 50000000" ;;
		c) echo "        LimitRequestBody 0" ;;
		esac
		[ $s = a ] && echo "        LimitRequestBody 1000000"
		echo "    </Directory>"
		[ $s = g ] && printf '    <Location /admin>\n        LimitRequestBody 1000000\n    </Location>\n'
		printf '    <FilesMatch "\\.php$">\n        SetHandler "proxy:unix:%s/p.sock|fcgi://localhost"\n    </FilesMatch>\n' "$T"
		echo "</VirtualHost>"
	done
	echo "LimitRequestBody 1000000" > "$T/e/.htaccess"
} > "$T/httpd.conf"
chmod -R a+rX "$T"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
head -c 2000000 /dev/zero > "$T/big.bin"
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
    --httpd "$T/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
    grep '\[body-limit-ignored\]$')
bad=0
for s in a b c d e f g; do
	php=$(curl -s -H "Host: $s.test" -F "f=@$T/big.bin" \
	    "http://127.0.0.1:$PORT/index.php")
	st=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $s.test" \
	    --data-binary "@$T/big.bin" "http://127.0.0.1:$PORT/a.txt")
	[ "$php" = 2000000 ] ||
		{ echo "FAIL: $s: PHP got '$php', the test expects the whole 2000000 bytes"; bad=1; }
	case $s in a | e | f) want=413 ;; *) want=200 ;; esac
	[ "$st" = "$want" ] ||
		{ echo "FAIL: $s: the static POST got $st, the test expects $want"; bad=1; }
	if grep -q " of $s.test:" <<<"$out"; then l=1; else l=0; fi
	# the limit Apache applies to the folder, and PHP got more
	if [ "$st" = 413 ] && [ "$php" = 2000000 ]; then w=1; else w=0; fi
	[ "$l" = "$w" ] ||
		{ echo "FAIL: $s: lint reports $l, static POST $st, PHP got '$php'"; bad=1; }
done
if [ $bad -ne 0 ]; then
	echo "$out" | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "7 vhosts: lint reports exactly those whose LimitRequestBody PHP does not get"
echo "1 passed, 0 failed"
