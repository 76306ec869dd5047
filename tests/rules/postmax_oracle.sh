#!/bin/bash
# postmax_oracle.sh - rule post-max-below-upload against apache2 and
# php-fpm8.2: a 10 MB multipart upload to one pool per setup, each behind
# its own folder, to a script that prints how many files PHP got and the
# error of each.  lint must report exactly the pools where
# upload_max_filesize allows the file and post_max_size drops the body:
#   a  upload_max_filesize = 20M, post_max_size = 8M   nothing arrives
#   b  upload_max_filesize = 20M, post_max_size = 30M  arrives
#   c  upload_max_filesize = 20M, post_max_size = 0    arrives (no limit)
#   d  upload_max_filesize = 4M, post_max_size = 30M   refused by
#                                                      upload_max_filesize
#                                                      (error 1): as set
#   e  post_max_size = 1M (upload_max_filesize 2M)     nothing arrives
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
S='<?php echo count($_FILES); foreach ($_FILES as $f) echo " error=", $f["error"]; echo "\n";'
declare -A X
X[a]="php_admin_value[upload_max_filesize] = 20M
php_admin_value[post_max_size] = 8M"
X[b]="php_admin_value[upload_max_filesize] = 20M
php_admin_value[post_max_size] = 30M"
X[c]="php_admin_value[upload_max_filesize] = 20M
php_admin_value[post_max_size] = 0"
X[d]="php_admin_value[upload_max_filesize] = 4M
php_admin_value[post_max_size] = 30M"
X[e]="php_admin_value[post_max_size] = 1M"
mkdir -p "$T/logs"
{
	printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
	for p in a b c d e; do
		mkdir -p "$T/w$p"
		echo "$S" > "$T/w$p/s.php"
		printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s/%s.sock\nlisten.mode = 0666\npm = static\npm.max_children = 1\n%s\n' \
		    "$p" "$T" "$p" "${X[$p]}"
	done
} > "$T/fpm.conf"
chmod -R a+rX "$T"
pf_fpm_run "$T/e.sock"
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" mime dir proxy proxy_fcgi
	echo "TypesConfig /etc/mime.types"
	echo "DocumentRoot $T"
	printf '<Directory %s>\n    Require all granted\n</Directory>\n' "$T"
	for p in a b c d e; do
		printf '<Directory %s/w%s>\n    <FilesMatch "\\.php$">\n        SetHandler "proxy:unix:%s/%s.sock|fcgi://localhost"\n    </FilesMatch>\n</Directory>\n' \
		    "$T" "$p" "$T" "$p"
	done
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
head -c 10000000 /dev/zero > "$T/big.bin"
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
    --httpd "$T/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
    grep '\[post-max-below-upload\]$')
bad=0
for p in a b c d e; do
	got=$(curl -s -F "f=@$T/big.bin" "http://127.0.0.1:$PORT/w$p/s.php")
	case $p in b | c) want="1 error=0" ;; d) want="1 error=1" ;; *) want="0" ;; esac
	[ "$got" = "$want" ] ||
		{ echo "FAIL: $p: PHP printed '$got', the test expects '$want'"; bad=1; }
	if grep -q "for pool $p, but" <<<"$out"; then l=1; else l=0; fi
	case $p in a | e) w=1 ;; *) w=0 ;; esac
	[ "$l" = "$w" ] ||
		{ echo "FAIL: $p: lint reports $l, expected $w (PHP printed '$got')"; bad=1; }
done
if [ $bad -ne 0 ]; then
	echo "$out" | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "5 pools: lint reports exactly those where post_max_size drops uploads upload_max_filesize allows"
echo "1 passed, 0 failed"
