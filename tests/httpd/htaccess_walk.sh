#!/bin/bash
# htaccess_walk.sh - the .htaccess walk below each DocumentRoot
# (parsers/httpd_htaccess.c visit(), the reader thread's listing of the
# folders below in parsers/prefetch.c).
#
#  1. Every vhost's files are read.  The walk once stopped after 20,000
#     folders for the whole run and said nothing: on a tree of 2,000
#     WordPress sites the files of the first 450 were read.  Here the
#     first DocumentRoot holds 20,050 folders; the .htaccess of every
#     later vhost must still be read, and the first gets a note that
#     its walk was cut.
#  2. Findings are the same whether the reader thread lists the folders
#     below each DocumentRoot (the default), or the walk stats and lists
#     each itself (PF_HTACCESS_DEEP=off), or the document roots are
#     probed (PF_HTACCESS_LIST=off), on folders of every kind: files
#     three and five levels down, an .htaccess that is a folder (403),
#     .git (not entered), .well-known (entered), a symlinked folder
#     (entered at the link's path, as httpd's walk does: a deploy
#     tool's shared uploads folder with its .htaccess), a link back up
#     to a folder above (not entered: the same files, deeper each time),
#     folders past the depth bound (a note).
#     The rules' walk three levels below each DocumentRoot (.git, .env
#     and PHP backups below the top, writable folders) takes the
#     listings the thread made (rules/writable.c read_slot), and finds
#     the same as when it lists the folders itself.
#     Vhosts whose <Directory> says AllowOverride None (the main server's
#     too) have no file read, and the thread does not list below their
#     DocumentRoots beyond what the rules look at.
#  3. With two CPUs, the system calls say the walk took the thread's
#     listing: no .htaccess path in a folder below a DocumentRoot is
#     opened by path (strace; the thread opens each folder from its
#     parent's descriptor, and a file only when the listing holds it);
#     with PF_HTACCESS_DEEP=off the walk probes each folder's path.  And
#     the rules list no folder again: fewer getdents64 calls in all.
#  5. With AllowOverride All at <Directory />, every vhost's walk reads
#     the folders above its DocumentRoot: a folder they all share with no
#     .htaccess is probed once for the run, not once per vhost.
#  4. dump (which probes each DocumentRoot and lists below those with
#     folders) prints the same with and without the thread's listing, and
#     probes no .htaccess path below a DocumentRoot either.
set -u
. "$PF_SRC/tests/lib/need.sh"
need_gen
pf_tmpdir
fail=0

D="$T/tree"
gen_allow_all 40 "$D"
roots=("$D"/srv/www/*/public)
n=${#roots[@]}
# 1. the first DocumentRoot (in the vhosts' order) past the bound
first=${roots[0]}
(cd "$first" && seq -f 'd%05g' 20050 | xargs mkdir)
# 2. every other one a small tree with files at several depths
i=0
for r in "${roots[@]:1}"; do
	i=$((i + 1))
	mkdir -p "$r/a/b/c/d/e" "$r/wp-content/uploads/2024" "$r/.git/x" \
	    "$r/.well-known/acme-challenge" "$r/f"
	printf 'php_value memory_limit 256M\n' > "$r/a/b/.htaccess"
	printf 'php_flag display_errors on\n' > "$r/a/b/c/d/e/.htaccess"
	printf 'php_value upload_max_filesize 9M\n' > "$r/.git/x/.htaccess"
	printf 'php_value max_input_vars 5000\n' \
	    > "$r/.well-known/acme-challenge/.htaccess"
	case $((i % 4)) in
	0) mkdir "$r/f/.htaccess" ;;
	1) ln -s "$r/a" "$r/link"
	   ln -s .. "$r/a/up"
	   printf 'php_value post_max_size 1M\n' > "$r/a/.htaccess" ;;
	3) mkdir -p "$r/app/config/x" "$r/lib/.git" "$r/app/deep/er/still"
	   echo 'DB_PASSWORD=x' > "$r/app/.env"
	   echo '<?php' > "$r/app/config/x/wp-config.php~"
	   echo '<?php' > "$r/app/deep/er/still/old.php.bak"
	   printf '[core]\n' > "$r/lib/.git/config"
	   echo x > "$r/a/.index.php.swp" ;;
	2) deep="$r/z"
	   for k in $(seq 18); do deep="$deep/z"; done
	   mkdir -p "$deep"
	   printf 'php_value precision 10\n' > "$deep/.htaccess" ;;
	esac
done
last=${roots[$((n - 1))]}
# the last vhost aliases a folder past the depth bound: its note names the
# Alias target, at the Alias line
lsite=$(basename "$(dirname "$last")")
deep="$T/deepalias"
for k in $(seq 18); do deep="$deep/z"; done
mkdir -p "$deep"
sed -i "s|^</VirtualHost>|\tAlias /deepalias $T/deepalias\n\t<Directory $T/deepalias>\n\t\tAllowOverride All\n\t</Directory>\n</VirtualHost>|" \
    "$D/etc/apache2/sites-available/$lsite.conf"
# every fifth vhost but the last: AllowOverride None, and a folder five
# levels down that nobody needs to list
for k in $(seq 5 5 $((n - 2))); do
	r=${roots[$k]}
	site=$(basename "$(dirname "$r")")
	sed -i 's/AllowOverride All/AllowOverride None/' \
	    "$D/etc/apache2/sites-available/$site.conf"
	mkdir -p "$r/n1/n2/n3/n4/nonedeep5"
	printf 'php_value none_read 1\n' > "$r/n1/.htaccess"
done
# the vhosts that read .htaccess files below their DocumentRoot
# (gen-bigconf gives some AllowOverride None of their own)
nall=0
for r in "${roots[@]:1}"; do
	site=$(basename "$(dirname "$r")")
	grep -q 'AllowOverride All' "$D/etc/apache2/sites-available/$site.conf" &&
	    nall=$((nall + 1))
done

lint_tree() {
	"$PROXYFPM" lint --no-config --format compact \
	    --httpd "$D/etc/apache2/apache2.conf" -d "$D/etc/apache2" \
	    --envvars "$D/etc/apache2/envvars" 2>&1
}

new=$(lint_tree)
for v in PF_HTACCESS_DEEP PF_HTACCESS_LIST; do
	old=$(export "$v=off"; lint_tree)
	if [ "$new" != "$old" ]; then
		echo "FAIL: findings differ with $v=off"
		diff <(echo "$old") <(echo "$new") | head -20
		fail=1
	fi
done

has() {	# PATTERN WHAT
	grep -qF -- "$1" <<<"$new" || { echo "FAIL: no $2"; fail=1; }
}
has "$last/a/b/.htaccess" "finding of the last vhost's a/b/.htaccess (the walk stopped early)"
has "$last/a/b/c/d/e/.htaccess" "finding of a file five levels down"
has ".well-known/acme-challenge/.htaccess" "finding of .well-known/acme-challenge/.htaccess"
has "below $first were read in its first 20000 folders" "note that the walk of $first was cut"
has "not a regular file" "403 for an .htaccess that is a folder"
has "GET /lib/.git/config" "finding of a .git one level down"
has "GET /app/.env" "finding of a .env one level down"
has "app/config/x/wp-config.php~" "finding of a PHP backup three levels down"
if grep -qF -- "none_read" <<<"$new" || grep -qF -- "n1/.htaccess" <<<"$new"; then
	echo "FAIL: an .htaccess under AllowOverride None was read"; fail=1
fi
if grep -qF -- "still/old.php.bak" <<<"$new"; then
	echo "FAIL: the rules' walk went past three levels"; fail=1
fi
if grep -qF -- "/.git/x/.htaccess" <<<"$new"; then
	echo "FAIL: the walk entered .git"; fail=1
fi
has "/link/.htaccess" "finding of an .htaccess read through a symlinked folder"
if grep -qF -- "/up/" <<<"$new"; then
	echo "FAIL: the walk followed a link back up"; fail=1
fi
if grep -qF -- "z/z/z/z/z/z/z/z/z/z/z/z/z/z/z/z/z/z/.htaccess" <<<"$new"; then
	echo "FAIL: the walk went past its depth bound"; fail=1
fi
has "levels only" "note that a walk met the depth bound"
grep -qE "sites-(available|enabled)/$lsite.conf:[0-9]+:[0-9]+: note: the .htaccess files below $T/deepalias were read" <<<"$new" ||
    { echo "FAIL: no note at the Alias line naming the Alias target cut short"; fail=1; }
nread=$(grep -o "site[0-9]*/public/a/b/.htaccess" <<<"$new" | sort -u | wc -l)
if [ "$nread" -ne "$nall" ] || [ "$nall" -lt 20 ]; then
	echo "FAIL: a/b/.htaccess read below $nread DocumentRoots, not $nall"
	fail=1
fi

# 3. The system calls (the thread needs two CPUs).
ncpu=$(nproc 2>/dev/null || echo 1)
if [ "$ncpu" -ge 2 ] && command -v strace >/dev/null; then
	trace() {
		strace -f -qq -e trace=openat,newfstatat,stat,getdents64 -o "$1" \
		    "$PROXYFPM" lint --no-config --format compact \
		    --httpd "$D/etc/apache2/apache2.conf" -d "$D/etc/apache2" \
		    --envvars "$D/etc/apache2/envvars" >/dev/null 2>&1
	}
	trace "$T/new.st"
	PF_HTACCESS_DEEP=off trace "$T/old.st"
	# .htaccess paths opened in folders below the small DocumentRoots
	# (but through a symbolic link, which the walk follows itself)
	below() {	# FILE
		grep -E "openat\(AT_FDCWD, \"$D/srv/www/site000(0[2-9]|[1-3][0-9]|40)/public/[^\"]+/\.htaccess\"" "$1" |
		    grep -v '/link/' | grep -c .
	}
	nn=$(below "$T/new.st") no=$(below "$T/old.st")
	echo ".htaccess paths probed below DocumentRoots: $nn (by the walk alone: $no)"
	if [ "$nn" -ne 0 ]; then
		echo "FAIL: the walk probed paths the thread listed"
		grep -E "openat\(AT_FDCWD, \"$D/srv/www/site000(0[2-9]|[1-3][0-9]|40)/public/[^\"]+/\.htaccess\"" \
		    "$T/new.st" | head -5
		fail=1
	fi
	[ "$no" -ge $((4 * (n - 1))) ] ||
	    { echo "FAIL: PF_HTACCESS_DEEP=off no longer walks by path"; fail=1; }
	# below AllowOverride None: nothing past the rules' three levels
	o=$(grep -c 'openat([0-9]*, "nonedeep5"' "$T/new.st")
	e=$(grep -c 'openat([0-9]*, "e"' "$T/new.st")
	echo "folders opened five levels down: $e under AllowOverride All, $o under None"
	if [ "$o" -ne 0 ] || [ "$e" -lt "$nall" ]; then
		echo "FAIL: the thread's listing below DocumentRoots does not follow AllowOverride"
		fail=1
	fi
	gn=$(grep -c 'getdents64(' "$T/new.st") go=$(grep -c 'getdents64(' "$T/old.st")
	echo "getdents64 calls: $gn (by the walk and the rules each: $go)"
	if [ "$gn" -ge "$go" ]; then
		echo "FAIL: the rules listed again the folders the thread listed"
		fail=1
	fi
	# 5. the folders above the DocumentRoots, probed once
	awk 'BEGIN { r = 0 } /^<Directory \/>/ { r = 1 } r && /AllowOverride None/ {
	    sub(/AllowOverride None/, "AllowOverride All"); r = 0 } { print }' \
	    "$D/etc/apache2/apache2.conf" > "$D/etc/apache2/all.conf"
	strace -f -qq -e trace=openat -o "$T/all.st" "$PROXYFPM" lint \
	    --no-config --httpd "$D/etc/apache2/all.conf" -d "$D/etc/apache2" \
	    --envvars "$D/etc/apache2/envvars" >/dev/null 2>&1
	np=$(grep -cF "openat(AT_FDCWD, \"$D/srv/.htaccess\"" "$T/all.st")
	echo "$D/srv/.htaccess probed $np times for $n vhosts"
	[ "$np" -eq 1 ] ||
	    { echo "FAIL: a shared folder above the DocumentRoots probed $np times"; fail=1; }
	# 4. dump
	dump() {
		"$PROXYFPM" dump --json --httpd "$D/etc/apache2/apache2.conf" \
		    -d "$D/etc/apache2" --envvars "$D/etc/apache2/envvars" 2>&1
	}
	if [ "$(dump)" != "$(PF_HTACCESS_DEEP=off dump)" ]; then
		echo "FAIL: dump differs with PF_HTACCESS_DEEP=off"; fail=1
	fi
	strace -f -qq -e trace=openat -o "$T/dump.st" "$PROXYFPM" dump \
	    --httpd "$D/etc/apache2/apache2.conf" -d "$D/etc/apache2" \
	    --envvars "$D/etc/apache2/envvars" >/dev/null 2>&1
	nd=$(below "$T/dump.st")
	echo "dump: .htaccess paths probed below DocumentRoots: $nd"
	[ "$nd" -eq 0 ] || { echo "FAIL: dump probed paths the thread listed"; fail=1; }
else
	echo "note: one CPU or no strace: the system calls are not checked"
fi
exit $fail
