#!/bin/bash
# userini_oracle.sh - .user.ini files in DocumentRoots, read by lint as
# php-fpm8.2 reads them, against the real apache2 + php-fpm8.2: one vhost
# and one pool per setup, a .user.ini (or user_ini.filename's file) in its
# DocumentRoot, a script there and one in a folder below that print
# ini_get() of every key the file sets.  From what PHP printed, for each
# vhost:
#   display_errors on             <-> lint's display-errors-on at the file
#   upload_max_filesize above
#     post_max_size               <-> lint's post-max-below-upload there
#   a key PHP left as it was      <-> lint's phpini-user-ignored warning
#     (not PERDIR, or the pool's      for that key
#     php_admin_value)
#   max_execution_time 0 (no      <-> lint's medium timeout-mismatch for
#     limit) or above the main      the pool (no pool sets
#     server's ProxyTimeout 300, in  request_terminate_timeout)
#     /s.php or /sub/s.php
# A .user.ini (or user_ini.filename's file) in the folder below (sub/)
# holds for the scripts there, over the DocumentRoot's: judged by what PHP printed in sub/, a finding there
# where it was not so in the DocumentRoot already.
# Then every row of rules/r_php.c's ini-access table against php8.2's own
# ini_get_all() access bits.
. "$PF_SRC/tests/lib/need.sh"
need php8.2
pf_fpm_oracle_start
KEYS="display_errors upload_max_filesize post_max_size expose_php allow_url_include allow_url_fopen memory_limit max_input_vars file_uploads max_execution_time"
S='<?php foreach (explode(" ", "'"$KEYS"'") as $k) echo $k, "=", ini_get($k), "\n";'
declare -A P U F SUB
# (values as PHP's INI scanner normalises them: On is 1)
P[a]="";					U[a]="display_errors = 1"
P[b]="php_admin_flag[display_errors] = off";	U[b]="display_errors = 1"
P[c]="php_value[display_errors] = off";		U[c]="display_errors = 1"
P[d]="";					U[d]="expose_php = 1
allow_url_include = 1
allow_url_fopen = 0"
P[e]="";					U[e]="upload_max_filesize = 64M"
P[f]="php_admin_value[user_ini.filename] = ";	U[f]="display_errors = 1"
P[g]="php_value[user_ini.filename] = site.ini";	U[g]="display_errors = 1"; F[g]=site.ini
SUB[g]="upload_max_filesize = 64M"
P[h]="php_admin_value[memory_limit] = 64M";	U[h]="memory_limit = 512M
upload_max_filesize = 32M"
P[i]="php_admin_value[post_max_size] = 16M";	U[i]="post_max_size = 100M
upload_max_filesize = 64M
max_input_vars = 5000"
# a panel's file (cPanel's MultiPHP INI Editor) whose PHP_INI_SYSTEM
# lines say what php.ini says anyway: nothing to warn of
P[j]="";					U[j]="allow_url_fopen = 1
file_uploads = 1
memory_limit = 256M
upload_max_filesize = 6M
post_max_size = 8M"
# sub/.user.ini files
P[k]="";					U[k]="display_errors = 0"
SUB[k]="display_errors = 1"
P[l]="";					U[l]="upload_max_filesize = 64M
post_max_size = 128M"
SUB[l]="post_max_size = 16M"
P[m]="";					U[m]="display_errors = 1"
SUB[m]="display_errors = 1
memory_limit = 256M"
P[n]="php_admin_value[max_input_vars] = 2000";	U[n]=""
SUB[n]="allow_url_fopen = 0
max_input_vars = 9000"
P[o]="";					U[o]=""
P[p]="";					U[p]=""
SUB[p]="upload_max_filesize = 64M"
# bad input: a syntax error (PHP keeps the lines before it; lint warns,
# as the file is the site's, and exits as for findings), and a file over
# the 4 MiB lint reads (a warning, the file left out; PHP reads it)
P[q]="";					U[q]="display_errors = 1
bad = (
upload_max_filesize = 64M"
P[r]="";					U[r]="display_errors = 1"
# max_execution_time: a site's longer one, one the pool locks, none in
# a folder below, none for the whole pool
P[s]="";					U[s]="max_execution_time = 600"
P[t]="php_admin_value[max_execution_time] = 60"; U[t]="max_execution_time = 600"
P[u]="";					U[u]="max_execution_time = 120"
SUB[u]="max_execution_time = 0"
P[v]="php_value[max_execution_time] = 0";	U[v]=""
names="a b c d e f g h i j k l m n o p q r s t u v"
mkdir -p "$T/logs"
{
	printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
	for p in $names; do
		mkdir -p "$T/d$p/sub"
		echo "$S" > "$T/d$p/s.php"
		echo "$S" > "$T/d$p/sub/s.php"
		[ -n "${U[$p]}" ] && printf '%s\n' "${U[$p]}" > "$T/d$p/${F[$p]:-.user.ini}"
		[ -n "${SUB[$p]:-}" ] && printf '%s\n' "${SUB[$p]}" > "$T/d$p/sub/${F[$p]:-.user.ini}"
		[ "$p" = r ] && head -c 5000000 /dev/zero | tr '\0' ';' >> "$T/dr/.user.ini"
		printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s/%s.sock\nlisten.mode = 0660\nlisten.owner = www-data\nlisten.group = www-data\npm = static\npm.max_children = 1\n%s\n' \
		    "$p" "$T" "$p" "${P[$p]}"
	done
} > "$T/fpm.conf"
chmod -R a+rX "$T"
pf_fpm_run "$T/r.sock"
PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT" mime dir proxy proxy_fcgi
	echo "TypesConfig /etc/mime.types"
	echo "ProxyTimeout 300"
	for p in $names; do
		printf '<VirtualHost *:%s>\n    ServerName %s.test\n    DocumentRoot %s/d%s\n    <Directory %s/d%s>\n        Require all granted\n    </Directory>\n    <FilesMatch "\\.php$">\n        SetHandler "proxy:unix:%s/%s.sock|fcgi://localhost"\n    </FilesMatch>\n</VirtualHost>\n' \
		    "$PORT" "$p" "$T" "$p" "$T" "$p" "$T" "$p"
	done
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
bad=0
# 22 DocumentRoots: the reader lists them on its threads and keeps the
# listings below them, where lint looks for the folders' .user.ini; with
# --no-htaccess nothing is listed ahead and lint lists them itself.  The
# two must say the same.
pf_lint_tree --no-htaccess
out2=$out
pf_lint_tree
rc=$?
[ $rc = 0 ] || { echo "FAIL: lint exited $rc (a site's broken .user.ini is no input error of the run)"; bad=1; }
ui() { grep -E 'user\.ini|site\.ini' | sort; }
[ "$(ui <<<"$out")" = "$(ui <<<"$out2")" ] || {
	echo "FAIL: the .user.ini verdicts differ with --no-htaccess (< kept listings, > listed by lint)"
	diff <(ui <<<"$out") <(ui <<<"$out2") | sed 's/^/    /'
	bad=1
}
bytes() {	# 64M -> bytes (PHP's quantities, as these tests write them)
	local v=$1
	case $v in
	*[kK]) echo $((${v%?} * 1024)) ;;
	*[mM]) echo $((${v%?} * 1048576)) ;;
	*[gG]) echo $((${v%?} * 1073741824)) ;;
	*) echo "$v" ;;
	esac
}
n=0
check() {	# WHAT WANT GOT
	n=$((n + 1))
	[ "$2" = "$3" ] || { echo "FAIL: $1: PHP says $2, lint says $3"; bad=1; }
}
val() { sed -n "s/^$1=//p" <<<"$2"; }	# KEY OUTPUT
on() { case $1 in "" | 0) echo 0 ;; *) echo 1 ;; esac; }
over() {	# OUTPUT: 1 when upload_max_filesize is above post_max_size
	local um pm
	um=$(bytes "$(val upload_max_filesize "$1")")
	pm=$(bytes "$(val post_max_size "$1")")
	if [ "$um" -gt "$pm" ] && [ "$pm" -gt 0 ]; then echo 1; else echo 0; fi
}
# judge FILE SETTINGS HERE ABOVE: lint's verdicts on FILE (its lines
# SETTINGS) against PHP's output for its scripts (HERE) and for those
# of the folder above (ABOVE; empty for the DocumentRoot's file)
judge() {
	local file=$1 lines=$2 here=$3 above=$4 want l k v
	grep -q '^display_errors=' <<<"$here" || fail "$p: PHP printed '$here'"
	want=$(on "$(val display_errors "$here")")
	[ -n "$above" ] && [ "$(on "$(val display_errors "$above")")" = 1 ] && want=0
	l=$(grep -c "^[^ ]*$file:[0-9:]*: medium: .*\[display-errors-on\]\$" <<<"$out")
	check "$file: display_errors ($(val display_errors "$here"))" "$want" "$l"
	want=$(over "$here")
	[ -n "$above" ] && [ "$(over "$above")" = 1 ] && want=0
	l=$(grep -c "^[^ ]*$file:[0-9:]*: low: .*\[post-max-below-upload\]\$" <<<"$out")
	check "$file: upload_max_filesize $(val upload_max_filesize "$here") and post_max_size $(val post_max_size "$here")" "$want" "$l"
	while IFS=' =' read -r k v; do
		[ -n "$k" ] || continue
		grep -qw -- "$k" <<<"$KEYS" || fail "$k is not printed"
		if [ "$(val "$k" "$here")" = "$v" ]; then want=0; else want=1; fi
		[ "$p" = f ] && want=0	# (user_ini.filename empty: no file read)
		l=$(grep -c "^[^ ]*$file:[0-9:]*: warning: php-fpm ignores $k here.*\[phpini-user-ignored\]\$" <<<"$out")
		check "$file: $k = $v, PHP runs $k = $(val "$k" "$here")" "$want" "$l"
	done <<<"$lines"
}
grep -q "dq/.user.ini:2:[0-9]*: warning: .*\[phpini-syntax\]\$" <<<"$out" ||
	{ echo "FAIL: no phpini-syntax warning for dq/.user.ini"; bad=1; }
grep -q ": warning: .*/dr/.user.ini is not read: 5000019 bytes, over the 4 MiB .*\[phpini-user-big\]\$" <<<"$out" ||
	{ echo "FAIL: no phpini-user-big warning for dr/.user.ini"; bad=1; }
for p in $names; do
	top=$(curl -s -H "Host: $p.test" "http://127.0.0.1:$PORT/s.php")
	sub=$(curl -s -H "Host: $p.test" "http://127.0.0.1:$PORT/sub/s.php")
	# (dr's file is left out: PHP reads it, lint says so instead; of
	# dq's, the keys before the syntax error are asked about, and those
	# after it only through upload_max_filesize's verdict)
	lines=${U[$p]}
	[ "$p" = q ] && lines=$(head -1 <<<"$lines")
	[ "$p" = r ] || judge "d$p/${F[$p]:-.user.ini}" "$lines" "$top" ""
	if [ -n "${SUB[$p]:-}" ]; then
		judge "d$p/sub/${F[$p]:-.user.ini}" "${SUB[$p]}" "$sub" "$top"
	elif [ "$sub" != "$top" ]; then
		echo "FAIL: $p: /sub/s.php runs with other settings than /s.php"
		bad=1
	fi
	want=0
	for o in "$top" "$sub"; do
		m=$(val max_execution_time "$o")
		[ -n "$m" ] || fail "$p: PHP printed no max_execution_time"
		{ [ "$m" -le 0 ] || [ "$m" -gt 300 ]; } && want=1
	done
	l=$(grep -c ": medium: Apache stops waiting for pool $p after 300 s .*\[timeout-mismatch\]\$" <<<"$out")
	check "pool $p: max_execution_time $(val max_execution_time "$top") (sub/: $(val max_execution_time "$sub")) under ProxyTimeout 300" "$want" "$l"
done
# The ini-access table, row by row, against PHP's.
rows=$(sed -n '/(ini-access table: one row/,/(end of the ini-access table)/p' \
    "$PF_SRC/rules/r_php.c" | sed -n 's/^[[:space:]]*{ "\([^"]*\)", \([0-9]\) },$/\1 \2/p')
[ "$(wc -l <<<"$rows")" -ge 20 ] || fail "the ini-access table was not found"
php_access=$(php8.2 -n -r '$a = ini_get_all(null, true); while (($l = fgets(STDIN)) !== false) { $k = trim($l); echo $k, " ", isset($a[$k]) ? $a[$k]["access"] : "-", "\n"; }' <<<"$(cut -d' ' -f1 <<<"$rows")")
[ "$php_access" = "$rows" ] || {
	echo "FAIL: the ini-access table differs from php8.2's (left: ours)"
	diff <(echo "$rows") <(echo "$php_access") | sed 's/^/    /'
	bad=1
}
if [ $bad -ne 0 ]; then
	echo "$out" | grep -E 'user|site.ini|display|post-max' | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$n verdicts of 22 sites' .user.ini files agree with php-fpm8.2; $(wc -l <<<"$rows") rows of the ini-access table agree with php8.2"
echo "1 passed, 0 failed"
