#!/bin/bash
# fpm_bench.sh - php-fpm.conf reader speed on a gen-bigconf tree of N pools,
# side by side in one run: php-fpm8.2 -t (the anchor), just reading the
# files (bench/fpm_bench.c "read": the main file plus every file its
# include= globs name), the reader (pf_fpm_read: read, parse, includes,
# every php-fpm -t check), and the CLI end to end (proxyfpm dump --fpm).
# ROUNDS interleaved rounds; medians of the paired ratios, with their
# spread.  Everything is pinned to one CPU (CPU=1, the default), so that
# other work moves the figures less; CPU=all runs unpinned, as a user
# runs it (the reader then reads ahead on a second CPU: parsers/prefetch.c).
#
# usage: bench/fpm_bench.sh [BUILD_DIR] [N] [ROUNDS]   (default build 10000 5)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
N=${2:-10000}
ROUNDS=${3:-5}
SHARED=${PF_SHARED:-$SRC/../shared}
PY=/usr/bin/python3
FPM=$(command -v php-fpm8.2 || echo /usr/sbin/php-fpm8.2)
T=$(mktemp -d /tmp/pf-fpm-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
PIN=""
CPU=${CPU:-1}
[ "$CPU" != all ] && command -v taskset >/dev/null && PIN="taskset -c $CPU"

"$PY" "$SHARED/tools/gen-bigconf" "$N" "$T/tree" >/dev/null
CONF=$T/tree/etc/php/8.2/fpm/php-fpm.conf
cc -O2 -std=c11 -D_GNU_SOURCE -I"$SRC" -o "$T/fpm_bench" "$SRC/bench/fpm_bench.c" \
    "$BUILD/libpf_parsers.a" "$BUILD/libpf_model.a" -lpcre2-8

now() { date +%s.%N; }
timeit() { local t0 t1; t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now); echo "$t1 - $t0" | bc -l; }
# warm the page cache (and let php-fpm -t create its slowlogs once)
$PIN "$FPM" -n -t -y "$CONF" >/dev/null 2>&1 || true
$PIN "$T/fpm_bench" read "$CONF" >/dev/null
$PIN "$T/fpm_bench" fpm "$CONF" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
	f=$(timeit $PIN "$FPM" -n -t -y "$CONF")
	rd=$($PIN "$T/fpm_bench" read "$CONF" | cut -d' ' -f1)
	pf=$($PIN "$T/fpm_bench" fpm "$CONF" | cut -d' ' -f1)
	cli=$(timeit $PIN "$BUILD/proxyfpm" dump --fpm "$CONF")
	echo "$f $rd $pf $cli"
done > "$T/rounds"
"$PY" - "$T/rounds" "$N" "${PIN:-unpinned}" <<'PYEOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
n = sys.argv[2]
med = lambda xs: statistics.median(xs)
f, rd, pf, cli = (list(c) for c in zip(*rows))
print('%s pools, %d rounds (medians), %s' % (n, len(rows), sys.argv[3]))
print('  php-fpm8.2 -t            %8.3f s' % med(f))
print('  read the files only      %8.3f s' % med(rd))
print('  pf_fpm_read (read+check) %8.3f s' % med(pf))
print('  proxyfpm dump --fpm      %8.3f s' % med(cli))
r1 = [a / b for a, b in zip(f, pf)]
r2 = [a / b for a, b in zip(pf, rd)]
r3 = [a / b for a, b in zip(f, cli)]
print('  php-fpm -t / reader      %6.1fx  [%.1f-%.1f]' % (med(r1), min(r1), max(r1)))
print('  php-fpm -t / CLI         %6.1fx  [%.1f-%.1f]' % (med(r3), min(r3), max(r3)))
print('  reader / reading only    %6.2fx  [%.2f-%.2f]' % (med(r2), min(r2), max(r2)))
PYEOF
