#!/bin/bash
# ifmodule_order_oracle.sh - an <IfModule X> read before the LoadModule of
# X is false where it stands and its block is skipped, though X ends up
# loaded (a conf.d file sorting before the one that loads the module).
# Each case puts an unknown directive in the block: apache2 -t accepting
# the file proves the block was skipped.  lint must warn exactly when the
# block is skipped and X is loaded later.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2
pf_tmpdir
M=/usr/lib/apache2/modules
fail=0 n=0

run_case() {	# NAME LOADED-LATER(0/1) IFMODULE-ARG PLACE(before/after)
	local name=$1 later=$2 arg=$3 place=$4 f=$T/$1.conf skipped=0 l
	{
		echo "ServerRoot $T"
		echo "ServerName s.test"
		echo "ErrorLog /dev/null"
		echo "PidFile $T/pid"
		echo "Listen 127.0.0.1:8997"
		echo "LoadModule mpm_event_module $M/mod_mpm_event.so"
		echo "LoadModule authz_core_module $M/mod_authz_core.so"
		[ "$place" = after ] &&
			echo "LoadModule proxy_module $M/mod_proxy.so"
		echo "<IfModule $arg>"
		echo "    NoSuchDirective x"
		echo "</IfModule>"
		[ "$place" = before ] && [ "$later" = 1 ] &&
			echo "LoadModule proxy_module $M/mod_proxy.so"
		echo "DocumentRoot $T"
	} > "$f"
	apache2 -t -f "$f" 2>&1 | grep -q 'Syntax OK' && skipped=1
	l=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$f" --fpm /dev/null 2>&1 | grep 'is read before the module')
	n=$((n + 1))
	if [ $skipped = 1 ] && [ "$later" = 1 ] && [ "$place" = before ]; then
		if ! grep -q "^$f:8:1: warning: <IfModule $arg> is read" <<<"$l"
		then
			echo "FAIL: $name: httpd skips the block, lint: '$l'"
			fail=$((fail + 1))
		fi
	elif [ -n "$l" ]; then
		echo "FAIL: $name: apache2 -t skipped=$skipped, lint: $l"
		fail=$((fail + 1))
	fi
}

run_case id-before 1 proxy_module before
run_case src-before 1 mod_proxy.c before
run_case id-after 1 proxy_module after
run_case never-loaded 0 proxy_module before
run_case negated-before 1 '!proxy_module' before
run_case builtin 1 unixd_module before
echo "$((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
