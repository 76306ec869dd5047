#!/bin/bash
# httpd_bench.sh - issue 3 point 8: reading a gen-bigconf tree of N vhosts.
#
#   bench/httpd_bench.sh [BUILD_DIR] [N...]      (default build-httpd, 100 1000 10000)
#
# For each N, 5 interleaved rounds of: `apache2 -t` (envvars sourced),
# `proxyfpm lint --httpd` (reader + every rule; falls back to the reader
# alone, httpd-probe, when the proxyfpm binary is absent), the reader alone
# (httpd-probe --json > /dev/null, i.e. what `dump` does), and the anchor:
# a plain C program reading every file of the tree (bench/httpd_readall.c).
# Prints medians of wall time and peak RSS (GNU time) and the ratios.
set -u
B=${1:-build-httpd}; shift || true
NS=${*:-100 1000 10000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
GEN=${PF_SHARED:-$SRC/../shared}/tools/gen-bigconf
W=$(mktemp -d /tmp/pf-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
cc -O2 -o "$W/readall" "$SRC/bench/httpd_readall.c" || exit 1
PF="$SRC/$B/proxyfpm"; PROBE="$SRC/$B/httpd-probe"
measure() {	# prints "seconds maxrss_kb"
	/usr/bin/time -f '%e %M' -o "$W/t" "$@" >/dev/null 2>&1
	cat "$W/t"
}
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%7s %22s %22s %22s %12s %10s %10s\n' N "apache2 -t s/MB" "lint s/MB" "dump s/MB" "readall s" "t/lint" "dump/read"
for n in $NS; do
	T="$W/t$n"
	"$GEN" --per-file 1 "$n" "$T" >/dev/null
	set -a; . "$T/etc/apache2/envvars"; set +a
	C="$T/etc/apache2/apache2.conf"; R="$T/etc/apache2"
	: > "$W/a"; : > "$W/l"; : > "$W/d"; : > "$W/r"
	for round in 1 2 3 4 5; do
		measure /usr/sbin/apache2 -d "$R" -f "$C" -t >> "$W/a"
		if [ -x "$PF" ]; then
			measure "$PF" lint --httpd "$C" -d "$R" --no-htaccess >> "$W/l"
		else
			measure "$PROBE" -d "$R" "$C" >> "$W/l"
		fi
		measure "$PROBE" --json -d "$R" "$C" >> "$W/d"
		measure "$W/readall" "$T" >> "$W/r"
	done
	at=$(cut -d' ' -f1 "$W/a" | med); am=$(cut -d' ' -f2 "$W/a" | med)
	lt=$(cut -d' ' -f1 "$W/l" | med); lm=$(cut -d' ' -f2 "$W/l" | med)
	dt=$(cut -d' ' -f1 "$W/d" | med); dm=$(cut -d' ' -f2 "$W/d" | med)
	rt=$(cut -d' ' -f1 "$W/r" | med)
	printf '%7s %12s/%-9s %12s/%-9s %12s/%-9s %12s %10s %10s\n' "$n" \
	    "$at" "$((am / 1024))" "$lt" "$((lm / 1024))" "$dt" "$((dm / 1024))" "$rt" \
	    "$(awk -v a="$at" -v b="$lt" 'BEGIN{printf "%.1fx", (b > 0 ? a / b : 0)}')" \
	    "$(awk -v a="$dt" -v b="$rt" 'BEGIN{printf "%.2f", (b > 0 ? a / b : 0)}')"
	rm -rf "$T"
done
