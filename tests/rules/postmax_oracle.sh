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
pf_pool_dirs "$T" "$S" a b c d e
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
