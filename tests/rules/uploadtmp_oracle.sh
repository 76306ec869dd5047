#!/bin/bash
# uploadtmp_oracle.sh - rule open-basedir-blocks-uploads against apache2
# and php-fpm8.2: one pool per setup, each behind its own folder, a
# multipart upload to a script that prints $_FILES[f][error].  The test
# tree lives under /srv-like $B (not below /tmp, which some setups name).
# lint must report exactly the pools whose uploads fail (error 6):
#   a  open_basedir = WWW                              fails (/tmp)
#   b  open_basedir = WWW:/tmp                         works
#   c  open_basedir = WWW:/tmp/                        works
#   d  open_basedir = WWW:/tm                          fails (a folder)
#   e  open_basedir = WWW, upload_tmp_dir = B/up       works (used as set)
#   f  open_basedir = WWW:/tmp, sys_temp_dir = B/sys   fails
#   g  open_basedir = WWW, env[TMPDIR] = WWW/up        works
#   h  open_basedir = WWW, file_uploads = 0            no upload (error
#                                                      absent): quiet
#   i  no open_basedir                                 works
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
B=$(mktemp -d /var/tmp/pf-uptmp.XXXXXX) || fail "mktemp"
trap 'rm -rf "$B"; pf_cleanup' EXIT
chmod 755 "$B"
mkdir -p "$B/up" "$B/sys"
chmod 1777 "$B/up" "$B/sys"
S='<?php foreach ($_FILES as $f) echo "error=", $f["error"], "\n"; if (!$_FILES) echo "nofiles\n";'
declare -A X
X[a]="php_admin_value[open_basedir] = WWW"
X[b]="php_admin_value[open_basedir] = WWW:/tmp"
X[c]="php_admin_value[open_basedir] = WWW:/tmp/"
X[d]="php_admin_value[open_basedir] = WWW:/tm"
X[e]="php_admin_value[open_basedir] = WWW
php_admin_value[upload_tmp_dir] = $B/up"
X[f]="php_admin_value[open_basedir] = WWW:/tmp
php_admin_value[sys_temp_dir] = $B/sys"
X[g]="php_admin_value[open_basedir] = WWW
env[TMPDIR] = WWW/up"
X[h]="php_admin_value[open_basedir] = WWW
php_admin_flag[file_uploads] = off"
X[i]=""
for p in a b c d e f g h i; do
	mkdir -p "$B/w$p/up"
	chmod 1777 "$B/w$p/up"
done
pf_pool_dirs "$B" "$S" a b c d e f g h i
echo hello > "$T/f.txt"
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
    --httpd "$T/httpd.conf" --fpm "$T/fpm.conf" 2>&1 |
    grep '\[open-basedir-blocks-uploads\]$')
bad=0
for p in a b c d e f g h i; do
	got=$(curl -s -F "f=@$T/f.txt" "http://127.0.0.1:$PORT/w$p/s.php")
	case $p in a | d | f) want="error=6" ;; h) want="nofiles" ;; *) want="error=0" ;; esac
	[ "$got" = "$want" ] ||
		{ echo "FAIL: $p: PHP printed '$got', the test expects '$want'"; bad=1; }
	if grep -q "upload to pool $p fails" <<<"$out"; then l=1; else l=0; fi
	if [ "$got" = "error=6" ]; then w=1; else w=0; fi
	[ "$l" = "$w" ] ||
		{ echo "FAIL: $p: lint reports $l, PHP printed '$got'"; bad=1; }
done
if [ $bad -ne 0 ]; then
	echo "$out" | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "9 pools: lint reports exactly those whose uploads fail"
echo "1 passed, 0 failed"
