#!/bin/bash
# fcgi_ceiling.sh - the ratio to the static-file ceiling that a FastCGI
# backend doing no work at all reaches behind the Apache setup 'proxyfpm
# compile' writes, beside php-fpm's trivial script behind the same config
# (bench/fcgi_ceiling.py says how).  Needs apache2, php-fpm8.2, wrk,
# taskset, ss, gcc and libfcgi-dev; run as root (Apache and the pool
# switch to www-data); everything lives in a private temp dir.
#
#   bench/fcgi_ceiling.sh [--proxyfpm PATH] [--rounds N] [--duration S]
#       [--conns 16,64] [--host auto|FILE] [--server-cpu 0] [--client-cpu 1]
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$PATH:/usr/sbin:/sbin"
PROXYFPM=${PROXYFPM:-$SRC/build/proxyfpm}
for p in apache2 php-fpm8.2 wrk taskset ss gcc; do
	command -v "$p" >/dev/null || { echo "missing: $p" >&2; exit 1; }
done
[ -f /usr/include/fcgiapp.h ] || { echo "missing: libfcgi-dev" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
exec /usr/bin/python3 "$SRC/bench/fcgi_ceiling.py" --proxyfpm "$PROXYFPM" "$@"
