#!/bin/bash
# Bad input to the php-fpm.conf and php.ini readers through the CLI:
# include cycles, missing files, binary data, NUL bytes, huge lines, CRLF,
# directories, deep and wide trees.  Each must give a diagnostic with a
# place and exit 3 (or 0/1 when php-fpm accepts the file), never a crash,
# a hang or a runaway.
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fail=0
run() {	# run NAME EXPECT ARGS...: EXPECT is "3" or "ok" (0 or 1)
	name=$1 expect=$2; shift 2
	timeout 60 "$PROXYFPM" lint --no-config --fail-on critical "$@" \
	    >"$T/out" 2>&1
	rc=$?
	if [ "$expect" = ok ] && { [ $rc = 0 ] || [ $rc = 1 ]; }; then
		echo "ok   $name (exit $rc)"; return
	fi
	if [ "$expect" = 3 ] && [ $rc = 3 ] && grep -q ': error: ' "$T/out"; then
		echo "ok   $name (exit 3: $(grep -m1 ': error: ' "$T/out" | cut -c1-110))"
		return
	fi
	echo "FAIL $name: exit $rc, expected $expect"; sed 's/^/    /' "$T/out" | head -20
	fail=1
}
G="[global]
error_log = syslog"
P="[p]
user = www-data
listen = 127.0.0.1:9
pm = static
pm.max_children = 1"

printf '%s\n%s\ninclude = %s\n' "$G" "$P" "$T/cyc.conf" > "$T/cyc.conf"
run "include cycle" 3 --fpm "$T/cyc.conf"
printf '%s\ninclude = %s/b.conf\n' "$G" "$T" > "$T/a.conf"
printf 'include = %s/a.conf\n' "$T" > "$T/b.conf"
run "two-file cycle" 3 --fpm "$T/a.conf"
run "missing file" 3 --fpm "$T/nonexistent.conf"
run "directory as file" 3 --fpm "$T"
head -c 200000 /dev/urandom > "$T/bin.conf"
run "binary data" 3 --fpm "$T/bin.conf"
run "binary php.ini" 3 --php-ini "$T/bin.conf"
printf '%s\n%s\nphp_value[x] = \0\0\0\n' "$G" "$P" > "$T/nul.conf"
run "NUL bytes (php-fpm ignores the rest of the line)" ok --fpm "$T/nul.conf"
printf 'memory_limit = 1M\n\0\nx = 1\n' > "$T/nul.ini"
run "NUL in php.ini" 3 --php-ini "$T/nul.ini"
{ printf '%s\n%s\nphp_value[x] = ' "$G" "$P"; head -c 3000000 /dev/zero | tr '\0' a; printf '\n'; } > "$T/long.conf"
run "3 MB line" ok --fpm "$T/long.conf"
{ printf 'x = "'; head -c 3000000 /dev/zero | tr '\0' b; } > "$T/long.ini"
run "3 MB unterminated string in php.ini" 3 --php-ini "$T/long.ini"
printf '%s\n%s\n' "$G" "$P" | sed 's/$/\r/' > "$T/crlf.conf"
run "CRLF" ok --fpm "$T/crlf.conf"
printf '%s\n%s\n# hash\n' "$G" "$P" | sed 's/$/\r/' > "$T/crlfbad.conf"
run "CRLF with an error" 3 --fpm "$T/crlfbad.conf"
printf 'a = (\n' > "$T/syn.ini"
run "php.ini syntax error" 3 --php-ini "$T/syn.ini"
# 6 levels of nesting: php-fpm allows 5
for i in 1 2 3 4 5 6; do printf 'include = %s/d%d.conf\n' "$T" $((i + 1)) > "$T/d$i.conf"; done
printf '%s\n%s\ninclude = %s/d1.conf\n' "$G" "$P" "$T" > "$T/deep.conf"
run "too deep" 3 --fpm "$T/deep.conf"
# a wide cycle: each of 40 files includes all 40 (php-fpm stops at depth 5)
mkdir "$T/w"
for i in $(seq 1 40); do printf 'include = %s/w/*.conf\n' "$T" > "$T/w/$i.conf"; done
printf '%s\n%s\ninclude = %s/w/*.conf\n' "$G" "$P" "$T" > "$T/wide.conf"
run "wide include cycle" 3 --fpm "$T/wide.conf"
# 20000 sections in one file
{ printf '%s\n' "$G"; for i in $(seq 1 20000); do printf '[p%d]\nuser = www-data\nlisten = /run/p%d.sock\npm = static\npm.max_children = 1\n' $i $i; done; } > "$T/many.conf"
run "20000 pools" ok --fpm "$T/many.conf"
# nesting deeper than PHP's parser stack: an error, not a stack overflow
{ printf 'x = '; head -c 300000 /dev/zero | tr '\0' '('; printf '1\n'; } > "$T/deep.ini"
run "300000 nested parentheses in php.ini" 3 --php-ini "$T/deep.ini"
{ printf '%s\n%s\nphp_value[x] = ' "$G" "$P"; head -c 300000 /dev/zero | tr '\0' '~'; printf '1\n'; } > "$T/deepop.conf"
run "300000 nested operators in php-fpm.conf" 3 --fpm "$T/deepop.conf"
printf '' > "$T/empty.conf"
run "empty file (no pool)" 3 --fpm "$T/empty.conf"
exit $fail
