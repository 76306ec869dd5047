#!/bin/bash
# runtime.sh - the FastCGI runtime against its anchors, all in one run on
# this machine, as reference/perf-baselines.md section 2 measures:
#   * through the real Apache (event MPM, <Proxy> enablereuse=on max=4),
#     wrk -t1 at 16 and 64 connections: the runtime (`proxyfpm serve
#     --workers auto`: one event loop per CPU it may run on, so one on
#     the servers' CPU; RT_WORKERS=N to change),
#     a minimal libfcgi responder (bench/runtime_okfcgi.c, 8 processes)
#     and php-fpm8.2 (static 8, opcache as Debian ships it) with
#     <?php echo "ok";
#   * direct, 8 kept FastCGI connections (bench/runtime_fcgiload.c): the
#     runtime against php-fpm8.2.
# Servers (Apache included) run on CPU 0, the load on CPU 1.  ROUNDS
# interleaved rounds (default 5) with a rotating start; the summary gives
# medians, the median of per-round paired ratios and their min-max.
#
#   bench/runtime.sh [PROXYFPM]      (default build/proxyfpm)
#   ROUNDS=5 DUR=3 DIRECT_DUR=2 bench/runtime.sh
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
PROXYFPM=${1:-$SRC/build/proxyfpm}
ROUNDS=${ROUNDS:-5}
DUR=${DUR:-3}
DIRECT_DUR=${DIRECT_DUR:-2}
PY=/usr/bin/python3
export PATH="$PATH:/usr/sbin"
for p in apache2 php-fpm8.2 wrk taskset gcc "$PROXYFPM"; do
	command -v "$p" >/dev/null || { echo "missing: $p" >&2; exit 1; }
done
[ -f /usr/include/fcgiapp.h ] || { echo "missing: libfcgi-dev" >&2; exit 1; }

T=$(mktemp -d /tmp/pf-bench.XXXXXX)
chmod 755 "$T"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	sleep 0.3
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT
free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

mkdir -p "$T/bin" "$T/dr" "$T/apache/run"
gcc -O2 -o "$T/bin/okfcgi" "$SRC/bench/runtime_okfcgi.c" -lfcgi
gcc -O2 -o "$T/bin/fcgiload" "$SRC/bench/runtime_fcgiload.c"
echo '<?php echo "ok";' > "$T/dr/ok.php"

# Backends, all on CPU 0.
# The runtime as it is meant to run: one event loop per CPU (the anchors
# need a process per kept connection, 8; an event loop serves all 8, and
# one loop on the one CPU batches wake-ups: measured through Apache at
# c64, about 15 us of runtime CPU per request with one process against
# 25 us with 8, and the paired ratio to libfcgi went from 0.98 to 1.15).
taskset -c 0 "$PROXYFPM" serve --listen "unix:$T/rt.sock" --socket-mode 0666 \
	--workers "${RT_WORKERS:-auto}" -q 2>"$T/rt.log" &
PIDS+=($!)
taskset -c 0 "$T/bin/okfcgi" "$T/ok.sock" 8 &
PIDS+=($!)
cat > "$T/fpm.conf" <<EOF
[global]
pid = $T/fpm.pid
error_log = $T/fpm.log
daemonize = no
[bench]
user = www-data
group = www-data
listen = $T/fpm.sock
listen.mode = 0666
pm = static
pm.max_children = 8
; Apache's reuse pool pins all 8 workers of [bench] (perf-baselines.md
; section 8), so the direct client gets a pool of its own.
[direct]
user = www-data
group = www-data
listen = $T/fpm-direct.sock
listen.mode = 0666
pm = static
pm.max_children = 8
EOF
taskset -c 0 php-fpm8.2 -F -y "$T/fpm.conf" &
PIDS+=($!)

P_RT=$(free_port); P_OK=$(free_port); P_FPM=$(free_port)
MODS=/usr/lib/apache2/modules
{
cat <<EOF
ServerRoot "$T/apache"
ServerName 127.0.0.1
PidFile "$T/apache/run/httpd.pid"
DefaultRuntimeDir "$T/apache/run"
Mutex file:$T/apache/run default
ErrorLog "$T/apache/error.log"
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module $MODS/mod_mpm_event.so
LoadModule authz_core_module $MODS/mod_authz_core.so
LoadModule proxy_module $MODS/mod_proxy.so
LoadModule proxy_fcgi_module $MODS/mod_proxy_fcgi.so
# 2 children x 64 threads: c64 never saturates the MPM; 2 x max=4 = 8
# pooled backend connections (php-fpm has 8 children).
StartServers 2
ServerLimit 2
ThreadLimit 64
ThreadsPerChild 64
MaxRequestWorkers 128
MinSpareThreads 32
MaxSpareThreads 128
KeepAlive On
MaxKeepAliveRequests 0
DocumentRoot "$T/dr"
<Directory "$T/dr">
    Require all granted
</Directory>
EOF
for v in "rt $P_RT" "ok $P_OK" "fpm $P_FPM"; do
	set -- $v
	cat <<EOF
Listen 127.0.0.1:$2
<Proxy "unix:$T/$1.sock|fcgi://$1">
    ProxySet enablereuse=on max=4
</Proxy>
<VirtualHost 127.0.0.1:$2>
    <FilesMatch "\.php$">
        SetHandler "proxy:unix:$T/$1.sock|fcgi://$1"
    </FilesMatch>
</VirtualHost>
EOF
done
} > "$T/apache/httpd.conf"
taskset -c 0 apache2 -f "$T/apache/httpd.conf" -DFOREGROUND &
PIDS+=($!)
for s in rt ok fpm fpm-direct; do
	for _ in $(seq 300); do [ -S "$T/$s.sock" ] && break; sleep 0.01; done
done
sleep 0.5
for p in $P_RT $P_OK $P_FPM; do
	curl -sf "http://127.0.0.1:$p/ok.php" >/dev/null ||
		{ echo "backend on $p does not answer" >&2; exit 1; }
done

echo "round target conc rps errors p50ms p99ms" > "$T/res.txt"
targets=(rt ok fpm)
declare -A PORT=([rt]=$P_RT [ok]=$P_OK [fpm]=$P_FPM)
for r in $(seq "$ROUNDS"); do
	for c in 16 64; do
		for k in 0 1 2; do
			t=${targets[$(( (k + r) % 3 ))]}
			out=$(taskset -c 1 wrk -t1 -c$c -d${DUR}s --latency \
				"http://127.0.0.1:${PORT[$t]}/ok.php" 2>&1)
			rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
			e1=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
			e2=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}')
			p50=$(echo "$out" | awk '$1=="50%" {print $2}')
			p99=$(echo "$out" | awk '$1=="99%" {print $2}')
			echo "$r $t $c $rps $(( ${e1:-0} + ${e2:-0} )) $p50 $p99" >> "$T/res.txt"
			sleep 0.5
		done
	done
	for k in 0 1; do
		t=$([ $(( (k + r) % 2 )) = 0 ] && echo rt || echo fpm)
		sock=$([ $t = rt ] && echo rt || echo fpm-direct)
		read -r n e rps < <(taskset -c 1 "$T/bin/fcgiload" \
			"unix:$T/$sock.sock" 8 "$DIRECT_DUR" keep "$T/dr/ok.php")
		echo "$r direct-$t 8 $rps $e - -" >> "$T/res.txt"
		sleep 0.5
	done
	echo "round $r done" >&2
done
proxy_errors=$(grep -cE "AH010(6[0-9]|7[02-9])|AH00957|AH01079" \
	"$T/apache/error.log" || true)

$PY - "$T/res.txt" "$proxy_errors" <<'EOF'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1]).read().splitlines()[1:]]
data = {}
for r, t, c, rps, err, p50, p99 in rows:
    data.setdefault((t, c), {})[int(r)] = (float(rps), int(err), p50, p99)
def med(t, c):
    v = [x[0] for x in data[(t, c)].values()]
    return st.median(v), min(v), max(v)
def ratio(a, b, c):
    v = [data[(a, c)][r][0] / max(data[(b, c)][r][0], 1e-9)
         for r in data[(a, c)]]
    return st.median(v), min(v), max(v)
names = {"rt": "proxyfpm runtime", "ok": "libfcgi responder (anchor)",
         "fpm": "php-fpm8.2, echo \"ok\""}
print("| through Apache (enablereuse) | c16 req/s [min-max] | c16 p50/p99 | c64 req/s [min-max] | c64 p50/p99 | errors |")
print("|---|---:|---|---:|---|---:|")
for t in ("rt", "ok", "fpm"):
    cells = []
    errs = 0
    for c in ("16", "64"):
        m, lo, hi = med(t, c)
        p = sorted(data[(t, c)].values())[len(data[(t, c)]) // 2]
        cells += ["%.0f [%.0f-%.0f]" % (m, lo, hi), "%s / %s" % (p[2], p[3])]
        errs += sum(x[1] for x in data[(t, c)].values())
    print("| %s | %s | %s | %s | %s | %d |" % (names[t], *cells, errs))
print()
print("| paired ratio (median [min-max] of %d rounds) | c16 | c64 |" % len(data[("rt", "16")]))
print("|---|---:|---:|")
for b in ("ok", "fpm"):
    cells = ["%.2f [%.2f-%.2f]" % ratio("rt", b, c) for c in ("16", "64")]
    print("| runtime / %s | %s | %s |" % (names[b], *cells))
m1 = med("direct-rt", "8"); m2 = med("direct-fpm", "8")
rr = ratio("direct-rt", "direct-fpm", "8")
print()
print("| direct, 8 kept connections | req/s [min-max] |")
print("|---|---:|")
print("| proxyfpm runtime | %.0f [%.0f-%.0f] |" % m1)
print("| php-fpm8.2 static 8 | %.0f [%.0f-%.0f] |" % m2)
print("| paired ratio runtime / php-fpm | %.2f [%.2f-%.2f] |" % rr)
derr = sum(x[1] for k in (("direct-rt", "8"), ("direct-fpm", "8")) for x in data[k].values())
print()
print("errors: wrk non-2xx + socket errors above; direct client errors: %d; "
      "proxy errors in Apache's log: %s" % (derr, sys.argv[2]))
EOF
