#!/bin/bash
# stock_vs_generated.sh - the Apache + PHP-FPM setup 'proxyfpm compile'
# writes for this host against Debian's stock setup (a2enconf php8.2-fpm
# + the stock www pool), with real apache2 and php-fpm8.2 on 127.0.0.1
# and wrk as the load; issue 8 points 3 and 4.  Prints a markdown table
# (medians, paired ratios, errors, TIME_WAIT, pm.max_children warnings,
# load) and PASS/MISS for each target; exit 0 when every target passes,
# 3 when one is missed.  Everything runs in a private temp dir; /etc is
# only read.  The method and the figures: bench/README.md.
#
#   bench/stock_vs_generated.sh [--quick] [--proxyfpm PATH] [options]
#       PATH defaults to $PROXYFPM, else build/proxyfpm, else the first
#       build-*/proxyfpm.  --quick: 3 rounds x 2 s per run (about 2.5
#       minutes); the default is 5 rounds x 5 s (about 10 minutes).  More
#       options are passed on to bench/stock_vs_generated.py: --rounds N --duration S --conns 16,64
#       --host auto|FILE --server-cpu 0 --client-cpu 1 --json FILE --keep
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$PATH:/usr/sbin:/sbin"
PROXYFPM=${PROXYFPM:-}
if [ -z "$PROXYFPM" ]; then
	for b in "$SRC"/build/proxyfpm "$SRC"/build-*/proxyfpm; do
		[ -x "$b" ] && { PROXYFPM=$b; break; }
	done
fi
[ -n "$PROXYFPM" ] || { echo "no proxyfpm binary: build it first" >&2; exit 1; }
for p in apache2 php-fpm8.2 wrk taskset ss; do
	command -v "$p" >/dev/null || { echo "missing: $p" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "run as root: Apache and the pools switch to www-data" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || echo "warning: one CPU: server and load share it" >&2
exec /usr/bin/python3 "$SRC/bench/stock_vs_generated.py" \
	--proxyfpm "$PROXYFPM" "$@"
