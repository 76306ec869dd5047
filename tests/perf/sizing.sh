#!/bin/bash
# sizing.sh - what bench/stock_vs_generated.sh found wrong in the sizing of
# compile, so that it stays fixed (docs/sizing.md, issue 8):
#   * compile --remap-root writes what compile without it writes (the
#     remapped build runs sizing a second time on the same model; it took
#     the first run's numbers as given: other comments, other MPM sizes);
#   * a pool behind enablereuse gets pm.max_requests = 0 (a recycled worker
#     closes a kept connection: 503 AH01075); max_requests given turns
#     reuse off, and reuse = on with it is an error;
#   * the MPM runs as few processes as 128 threads each allow (connections
#     are not spread evenly over processes; each has its own pool);
#   * Apache has at most 10 requests per PHP worker at PHP-FPM (max= per
#     site's worker, a floor on the pools compile sizes, a warning for a
#     max_children given below it).
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
cd "$T" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Remapped output = plain output, for every compile case of testdata.
n=0
for DIR in "$PF_TESTDATA"/site/*/; do
	c=$(basename "$DIR")
	[ -f "$DIR/site.ini" ] || [ -f "$DIR/inputs" ] || continue
	inputs=site.ini
	[ -f "$DIR/inputs" ] && inputs=$(cat "$DIR/inputs")
	args=""
	[ -f "$DIR/args" ] && args=$(cat "$DIR/args")
	# shellcheck disable=SC2086
	(cd "$DIR" && "$PROXYFPM" compile -o "$T/$c/plain" $args $inputs \
	    --fail-on none >/dev/null 2>&1 &&
	    "$PROXYFPM" compile --remap-root "$T/$c/remap" $args $inputs \
	    --fail-on none >/dev/null 2>&1) || continue
	for f in $(cd "$T/$c/plain" && find . -type f | sort); do
		sed "s|$T/$c/remap||g" "$T/$c/remap/$f" > "$T/cmp" 2>/dev/null ||
			fail "$c: --remap-root wrote no $f"
		diff -u "$T/$c/plain/$f" "$T/cmp" >&2 ||
			fail "$c: $f differs under --remap-root"
	done
	n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n cases compiled"

site() {
	cat > "$1" <<INI
[host]
cores = $2
memory = 16G
emit_mpm = yes

[site bench]
server_name = bench.test
document_root = /srv/bench/public

[pool bench]
$3
INI
}
V=out/etc/apache2/sites-available/bench.conf
P=out/etc/php/8.2/fpm/pool.d/bench.conf
M=out/etc/apache2/conf-available/proxyfpm-mpm.conf

# 2. Reuse: no recycling behind kept connections.
site a.ini 2 ""
"$PROXYFPM" compile a.ini -o out --fail-on none >/dev/null 2>&1 || fail "compile a.ini"
grep -q "ProxySet timeout=65 enablereuse=on max=16$" "$V" || fail "no reuse: $(grep ProxySet "$V")"
grep -q "^pm.max_requests = 0$" "$P" || fail "reuse with recycling: $(grep max_requests "$P")"
grep -q "AH01075" "$P" || fail "pm.max_requests = 0 is not explained"
grep -q "^pm.max_children = 34$" "$P" || fail "pool: $(grep max_children "$P")"

site b.ini 2 "max_requests = 500"
"$PROXYFPM" compile b.ini -o outb --fail-on none >/dev/null 2>&1 || fail "compile b.ini"
grep -q "ProxySet timeout=65 max=16$" "outb/${V#out/}" || fail "reuse with max_requests given"
grep -q "^pm.max_requests = 500$" "outb/${P#out/}" || fail "max_requests not kept"
grep -q "no connection reuse: max_requests 500" "outb/${V#out/}" || fail "no reason given"

site c.ini 2 "max_requests = 500
reuse = on"
"$PROXYFPM" check c.ini > c.out 2>&1
[ $? = 3 ] || fail "reuse = on with max_requests: not an input error"
grep -q "reuse = on cannot be sized safely: max_requests 500" c.out || fail "$(cat c.out)"

# 3. MPM: one process on 2 cores, two of 96 threads on 4, 128 at most.
grep -Eq "^	ServerLimit 2$" "$M" && grep -Eq "^	ThreadsPerChild 96$" "$M" &&
	grep -Eq "^	ThreadLimit 96$" "$M" && grep -Eq "^	StartServers 1$" "$M" ||
	fail "2 cores: $(grep -v '^#' "$M")"
site d.ini 4 ""
"$PROXYFPM" compile d.ini -o outd --fail-on none >/dev/null 2>&1 || fail "compile d.ini"
grep -Eq "^	ServerLimit 3$" "outd/${M#out/}" &&
	grep -Eq "^	MaxRequestWorkers 192$" "outd/${M#out/}" ||
	fail "4 cores: $(grep -v '^#' "outd/${M#out/}")"
site e.ini 64 ""
"$PROXYFPM" compile e.ini -o oute --fail-on none >/dev/null 2>&1 || fail "compile e.ini"
grep -Eq "^	ThreadsPerChild 128$" "oute/${M#out/}" ||
	fail "64 cores: $(grep -v '^#' "oute/${M#out/}")"

# 4. Requests in flight (capacity-mismatch): without reuse each site's
# worker gets max= so that the Apache processes x sites send the pool at
# most 10 requests per worker; a max_children given too small for that is
# a sizing-capacity warning at its line, and lint agrees (medium).
site f.ini 64 "max_children = 2
pm = static"
sed -i 's|^emit_mpm = yes$|&\n\n[site two]\nserver_name = two.test\ndocument_root = /srv/two/public\npool = bench\nfront_controller = /index.php|; s|^\[pool bench\]$|&\nshared = yes|' f.ini
"$PROXYFPM" check f.ini > f.out 2>&1
grep -q "^f.ini:[0-9]*:16: warning: pool bench has 2 workers, but each of 17 Apache processes can send it a request of each of its 2 sites at once.*\[sizing-capacity\]" f.out ||
	fail "no sizing-capacity warning: $(cat f.out)"
grep -q "fix: max_children = 4 workers or more, or fewer sites on the pool" f.out || fail "fix: $(cat f.out)"
grep -q "medium: Apache admits 34 concurrent requests (max= of the workers x 17 processes" f.out ||
	fail "no capacity-mismatch for 17 x 2 x max=1 against 2 workers: $(cat f.out)"
sed -i 's|^max_children = 2$|max_children = 4|' f.ini
"$PROXYFPM" check f.ini > f4.out 2>&1 || fail "max_children = 4: $(cat f4.out)"
grep -q "sizing-capacity\|capacity-mismatch" f4.out && fail "max_children = 4: $(cat f4.out)"
# The same pool sized by compile (rps 1 x 100 ms: 1 worker) gets the 4.
sed -i 's|^max_children = 4$|rps = 1\nrequest_time = 100ms|; s|^pm = static$||' f.ini
"$PROXYFPM" compile f.ini -o outf > f5.out 2>&1 || fail "sized pool: $(cat f5.out)"
grep -q "^pm.max_children = 4$" "outf/${P#out/}" || fail "floor: $(grep -B3 max_children "outf/${P#out/}")"
grep -q "ProxySet timeout=65 max=1$" "outf/${V#out/}" || fail "max: $(grep ProxySet "outf/${V#out/}")"
echo "perf sizing: $n remapped cases identical, reuse, MPM and in-flight rules hold"
