#!/bin/bash
# rules_bench.sh - what the rules cost on big trees.
#
#   bench/rules_bench.sh BUILD-DIR N... [ROUNDS]
#
# For each N, writes a gen-bigconf tree (N vhosts, N pools, one file each)
# and times, in interleaved rounds: `apache2 -t` on the tree (envvars
# sourced), `proxyfpm lint` reading it with every rule disabled (the
# readers alone), and `proxyfpm lint` with every rule (the simulator runs
# about 40 probe URLs per vhost).  Prints medians of wall time and peak
# RSS, the ratios, and the median CPU seconds (user + system, all
# threads) of apache2 -t and of lint with every rule.  Not a ctest test.
#
# SHAPE=shared: every vhost's handler and <Proxy> worker go to one socket
# and one pool (the first pool, renamed "shared"): a hosting box whose
# sites share a pool.  A check of a pool against each of its vhosts'
# workers once made that tree quadratic (10,000 vhosts: 15 s, now 0.7 s).
set -eu
B=${1:?build dir}; shift
ROUNDS=3
NS=()
for a in "$@"; do NS+=("$a"); done
GEN=${PF_SHARED:-$(dirname "$0")/../../shared}/tools/gen-bigconf
T=$(mktemp -d /tmp/pf-rules-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
P=$(readlink -f "$B/proxyfpm")

t() {	# label cmd... -> "seconds maxrss_kb cpu_seconds" appended to $T/label
	local lab=$1; shift
	/usr/bin/time -f '%e %M %U %S' -o "$T/time" "$@" >/dev/null 2>&1 || true
	# time adds a line for exit != 0
	tail -1 "$T/time" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' >> "$T/$lab"
}
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| N | apache2 -t s / MB | lint, rules off s / MB | lint, all rules s / MB | rules cost | lint / apache2 -t | CPU s apache2 -t / lint |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'
for n in "${NS[@]}"; do
	D="$T/tree$n"
	/usr/bin/python3 "$GEN" "$n" "$D" >/dev/null
	if [ "${SHAPE:-}" = shared ]; then
		sed -i 's|/run/php/[a-z0-9]*\.sock|/run/php/shared.sock|g' \
		    "$D"/etc/apache2/sites-available/*.conf
		P1=$(ls "$D"/etc/php/8.2/fpm/pool.d/*.conf | head -1)
		sed -e '0,/^\[.*\]/s//[shared]/' \
		    -e 's|^listen = .*|listen = /run/php/shared.sock|' "$P1" \
		    > "$D/shared.conf"
		rm -f "$D"/etc/php/8.2/fpm/pool.d/*.conf
		mv "$D/shared.conf" "$D/etc/php/8.2/fpm/pool.d/shared.conf"
	fi
	rm -f "$T"/a "$T"/off "$T"/on
	L=(lint --no-config --format compact --httpd "$D/etc/apache2/apache2.conf"
	    -d "$D/etc/apache2" --envvars "$D/etc/apache2/envvars"
	    --fpm "$D/etc/php/8.2/fpm/php-fpm.conf")
	for r in $(seq "$ROUNDS"); do
		t a bash -c ". '$D/etc/apache2/envvars' && apache2 -d '$D/etc/apache2' -f apache2.conf -t"
		t off "$P" "${L[@]}" --disable all
		t on "$P" "${L[@]}"
	done
	a=$(cut -d' ' -f1 "$T/a" | med); am=$(cut -d' ' -f2 "$T/a" | med)
	off=$(cut -d' ' -f1 "$T/off" | med); offm=$(cut -d' ' -f2 "$T/off" | med)
	on=$(cut -d' ' -f1 "$T/on" | med); onm=$(cut -d' ' -f2 "$T/on" | med)
	ac=$(cut -d' ' -f3 "$T/a" | med); onc=$(cut -d' ' -f3 "$T/on" | med)
	awk -v n="$n" -v a="$a" -v am="$am" -v off="$off" -v offm="$offm" \
	    -v on="$on" -v onm="$onm" -v ac="$ac" -v onc="$onc" 'BEGIN {
		printf "| %d | %.2f / %d | %.2f / %d | %.2f / %d | +%.2f s | %.1fx | %.2f / %.2f |\n",
		    n, a, am / 1024, off, offm / 1024, on, onm / 1024, on - off,
		    (a > 0 ? on / a : 0), ac, onc }'
	rm -rf "$D"
done
