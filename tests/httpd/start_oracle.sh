#!/bin/bash
# start_oracle.sh - modules whose post_config refuses to start httpd when
# another module is missing (mod_proxy_balancer without mod_slotmem_shm:
# AH01177, as Alpine's apache2-proxy leaves it).  apache2 -t says Syntax
# OK to all of them; the real start decides: lint must warn exactly for
# the configurations apache2 -k start gives up on ('Configuration
# Failed').  mod_watchdog is built into this apache2, so mod_proxy_hcheck
# must start and stay quiet here.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2
pf_tmpdir
M=/usr/lib/apache2/modules
fail=0 n=0

run_case() {	# NAME EXTRA-LOADMODULE-LINES...
	local name=$1 d=$T/$1 port started=0 i l
	shift
	mkdir -p "$d"
	port=$(pf_free_port)
	{
		echo "ServerRoot $d"
		echo "ServerName s.test"
		echo "PidFile $d/pid"
		echo "DefaultRuntimeDir $d"
		echo "ErrorLog $d/error.log"
		echo "Listen 127.0.0.1:$port"
		echo "LoadModule mpm_event_module $M/mod_mpm_event.so"
		echo "LoadModule authz_core_module $M/mod_authz_core.so"
		echo "LoadModule proxy_module $M/mod_proxy.so"
		for l in "$@"; do
			echo "LoadModule ${l}_module $M/mod_$l.so"
		done
		echo "DocumentRoot $d"
	} > "$d/h.conf"
	if ! apache2 -t -f "$d/h.conf" 2>&1 | grep -q 'Syntax OK'; then
		echo "FAIL: $name: apache2 -t refuses the case"
		fail=$((fail + 1))
		return
	fi
	apache2 -f "$d/h.conf" -k start >/dev/null 2>&1
	for i in $(seq 1 40); do
		if [ -s "$d/pid" ]; then
			started=1
			cat "$d/pid" >> "$T/pids"
			break
		fi
		grep -q 'Configuration Failed' "$d/error.log" 2>/dev/null &&
			break
		sleep 0.1
	done
	if [ $started = 1 ]; then
		kill "$(cat "$d/pid")" 2>/dev/null
	elif ! grep -q 'Configuration Failed' "$d/error.log" 2>/dev/null; then
		echo "FAIL: $name: apache2 neither started nor failed"
		cat "$d/error.log" 2>/dev/null
		fail=$((fail + 1))
		return
	fi
	l=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
		--httpd "$d/h.conf" --fpm /dev/null 2>&1 |
		grep 'httpd exits at start')
	n=$((n + 1))
	if [ $started = 1 ] && [ -n "$l" ]; then
		echo "FAIL: $name: apache2 starts, lint says: $l"
		fail=$((fail + 1))
	elif [ $started = 0 ] && [ -z "$l" ]; then
		echo "FAIL: $name: apache2 exits at start, lint says nothing:"
		sed 's/^/    /' "$d/error.log"
		fail=$((fail + 1))
	elif [ $started = 0 ] && ! grep -q "$(grep -o 'AH0[0-9]*' \
	    "$d/error.log" | head -1)" <<<"$l"; then
		echo "FAIL: $name: lint names another message: $l"
		sed 's/^/    /' "$d/error.log"
		fail=$((fail + 1))
	fi
}

run_case balancer-alone proxy_balancer
run_case balancer-slotmem-shm slotmem_shm proxy_balancer
run_case balancer-slotmem-plain slotmem_plain proxy_balancer
run_case hcheck-builtin-watchdog proxy_hcheck
echo "$((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
