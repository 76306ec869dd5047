#!/bin/bash
# listings.sh - lint lists each DocumentRoot once: the reader's .htaccess
# probe lists it (parsers/prefetch.c, list_probe) and the rules take that
# listing (pf_dirlist_get, rules/writable.c) instead of listing again.
#
#  1. Findings equal those of the old way (PF_HTACCESS_LIST=off: the probe
#     opens DOCROOT/.htaccess and stats DOCROOT, the rules list it), on a
#     tree whose DocumentRoots hold what each path of the code meets: an
#     .htaccess file (read from the listing), one with a line Apache
#     refuses, an .htaccess that is a folder (403), secrets and a PHP
#     backup at the top, upload folders (the rules open those DocumentRoots
#     themselves to read below), one with more names than a kept listing
#     holds, a DocumentRoot that is missing, one that is a symlink, one
#     that is a file.
#  2. With two CPUs, the system calls say each DocumentRoot was opened
#     once and never stat'ed or probed by path (strace); the old way
#     stats each and opens each .htaccess path.
set -u
. "$PF_SRC/tests/lib/need.sh"
need_gen
pf_tmpdir
fail=0

D="$T/big"
gen_allow_all 80 "$D"
i=0
for r in "$D"/srv/www/*/public; do
	i=$((i + 1))
	case $((i % 10)) in
	1) printf '%s\n' 'RewriteEngine On' 'RewriteRule ^x$ /index.php [L]' \
	    > "$r/.htaccess" ;;
	2) printf '%s\n' 'php_value upload_max_filesize 64M' > "$r/.htaccess" ;;
	3) mkdir "$r/.htaccess" ;;
	4) echo 'DB_PASSWORD=x' > "$r/.env"; echo '<?php' > "$r/wp-config.php~" ;;
	5) mkdir -p "$r/uploads" "$r/wp-content/uploads"; echo '<?php' > "$r/index.php"
	   chown www-data "$r/uploads" "$r/wp-content/uploads" ;;
	6) mkdir -p "$r/a/b/c/d" ;;
	esac
done
# one past the names a kept listing holds (16,384: the rules list it)
(cd "$D/srv/www/site00010/public" && seq -f 'f%05g.html' 16400 | xargs touch &&
    echo '<?php' > wp-config.php.bak)
# a DocumentRoot that is missing, one that is a symlink, one a file
rm -rf "$D/srv/www/site00007/public"
rm -rf "$D/srv/www/site00008/public"
ln -s "$D/srv/www/site00005/public" "$D/srv/www/site00008/public"
rm -rf "$D/srv/www/site00009/public"
echo x > "$D/srv/www/site00009/public"

lint_tree() {
	"$PROXYFPM" lint --no-config --format compact \
	    --httpd "$D/etc/apache2/apache2.conf" -d "$D/etc/apache2" \
	    --envvars "$D/etc/apache2/envvars" \
	    --fpm "$D/etc/php/8.2/fpm/php-fpm.conf" 2>&1
}

new=$(lint_tree)
old=$(PF_HTACCESS_LIST=off lint_tree)
if [ "$new" != "$old" ]; then
	echo "FAIL: findings differ from the probe's"
	diff <(echo "$old") <(echo "$new") | head -20
	fail=1
fi
grep -q 'site00010/public/wp-config.php.bak' <<<"$new" ||
    { echo "FAIL: the backup in the DocumentRoot of 16,401 names went unseen"; fail=1; }
for want in 'modphp-directive-under-fpm' 'not a regular file' \
    'secrets-served' 'upload-under-docroot'; do
	grep -q -- "$want" <<<"$new" ||
	    { echo "FAIL: no '$want' in the findings (the tree lost a case)"; fail=1; }
done

# 2. The system calls (the listing needs the reader's thread: 2 CPUs).
ncpu=$(nproc 2>/dev/null || echo 1)
if [ "$ncpu" -ge 2 ] && command -v strace >/dev/null; then
	ndr=$(ls -d "$D"/srv/www/*/public | wc -l)
	PF_RULES_PREFETCH=on strace -f -qq -e trace=openat,newfstatat,stat \
	    -o "$T/new.st" "$PROXYFPM" lint --no-config --format compact \
	    --httpd "$D/etc/apache2/apache2.conf" -d "$D/etc/apache2" \
	    --envvars "$D/etc/apache2/envvars" >/dev/null 2>&1
	PF_HTACCESS_LIST=off PF_RULES_PREFETCH=on strace -f -qq \
	    -e trace=openat,newfstatat,stat -o "$T/old.st" "$PROXYFPM" lint \
	    --no-config --format compact \
	    --httpd "$D/etc/apache2/apache2.conf" -d "$D/etc/apache2" \
	    --envvars "$D/etc/apache2/envvars" >/dev/null 2>&1
	count() {	# FILE CALL PATH: calls naming PATH
		grep -cF "$2(AT_FDCWD, \"$3\"" "$1"
	}
	# Each DocumentRoot that is a folder without folders below (the
	# .htaccess walk and the rules' walk list those with folders again):
	# opened once, no stat, no .htaccess path; the old way stats it and
	# opens the .htaccess path.
	nleaf=0 bad=0 oldbad=0
	big="$D/srv/www/site00010/public"
	for r in "$D"/srv/www/*/public; do
		[ -d "$r" ] && [ ! -L "$r" ] && [ "$r" != "$big" ] || continue
		[ -z "$(find "$r" -mindepth 1 -maxdepth 1 -type d)" ] || continue
		nleaf=$((nleaf + 1))
		o=$(count "$T/new.st" openat "$r")
		s=$(count "$T/new.st" newfstatat "$r")
		p=$(count "$T/new.st" openat "$r/.htaccess")
		if [ "$o" -ne 1 ] || [ "$s" -ne 0 ] || [ "$p" -ne 0 ]; then
			[ $bad -lt 3 ] && echo "FAIL: $r: $o opens, $s stats," \
			    "$p opens of its .htaccess path (want 1, 0, 0)"
			bad=$((bad + 1))
		fi
		s=$(count "$T/old.st" newfstatat "$r")
		p=$(count "$T/old.st" openat "$r/.htaccess")
		[ "$s" -ge 1 ] && [ "$p" -ge 1 ] || oldbad=$((oldbad + 1))
	done
	echo "DocumentRoots: $ndr, $nleaf folders without folders below;" \
	    "listed once: $((nleaf - bad)); the old way probed: $((nleaf - oldbad))"
	[ $bad -eq 0 ] && [ $nleaf -ge 50 ] || fail=1
	# the one too big to keep: listed by the reader, then by the rules
	o=$(count "$T/new.st" openat "$big")
	if [ "$o" -ne 2 ]; then
		echo "FAIL: $big (16,401 names) opened $o times (want 2)"
		fail=1
	fi
	if [ $oldbad -ne 0 ]; then
		echo "FAIL: the old way (PF_HTACCESS_LIST=off) no longer probes"
		fail=1
	fi
else
	echo "note: one CPU or no strace: the system calls are not checked"
fi
exit $fail
