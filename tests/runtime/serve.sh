#!/bin/bash
# serve.sh - `proxyfpm serve` as a process: usage and bind errors and
# their exit codes, a unix socket and a TCP listener answering, SIGTERM
# and SIGINT stopping it cleanly (exit 0, socket file removed), --pool.
. "$PF_SRC/tests/lib/need.sh"
need "$PYTHON"
pf_tmpdir
fail() { echo "FAIL: $*" >&2; cat "$T"/*.log >&2 2>/dev/null; exit 1; }

mkdir -p "$T/dr" && echo '<?php echo 1;' > "$T/dr/index.php"

# Usage errors: 2, before any work.
"$PROXYFPM" serve >/dev/null 2>&1; [ $? -eq 2 ] || fail "no --listen: want 2"
"$PROXYFPM" serve --listen unix:$T/x.sock --fix-pathinfo 2 2>/dev/null
[ $? -eq 2 ] || fail "--fix-pathinfo 2: want 2"
"$PROXYFPM" serve --listen unix:$T/x.sock extra 2>/dev/null
[ $? -eq 2 ] || fail "extra argument: want 2"
"$PROXYFPM" serve --help | grep -q -- '--limit-extensions' || fail "--help"
# Cannot bind: 4.
"$PROXYFPM" serve --listen unix:$T/nodir/x.sock 2>"$T/err.log"
[ $? -eq 4 ] || fail "bind in a missing dir: want 4"
grep -q "nodir" "$T/err.log" || fail "bind error names the path"

ask() {	# ask ADDR SCRIPT_FILENAME [SCRIPT_NAME] -> "status verdict"
	"$PYTHON" - "$@" <<'EOF'
import json, sys, os
sys.path.insert(0, os.environ["PF_SRC"] + "/tests/runtime")
import fcgi_client
p = {"REQUEST_METHOD": "GET", "SCRIPT_FILENAME": sys.argv[2]}
if len(sys.argv) > 3:
    p["SCRIPT_NAME"] = sys.argv[3]
st, h, body, err = fcgi_client.request(sys.argv[1], p)
v = json.loads(body)["verdict"] if body.startswith(b"{") else body.decode()
print(st, v)
EOF
}

wait_for() { # wait_for PID FILE
	for _ in $(seq 200); do
		[ -S "$2" ] && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}

# Unix socket, SIGTERM.
"$PROXYFPM" serve --listen "unix:$T/rt.sock" --socket-mode 0666 \
	--ping-path /ping --limit-extensions ".php" 2>"$T/serve.log" &
pid=$!
echo $pid >> "$T/pids"
wait_for $pid "$T/rt.sock" || fail "socket did not appear"
[ "$(stat -c %a "$T/rt.sock")" = 666 ] || fail "socket mode"
r=$(ask "unix:$T/rt.sock" "proxy:fcgi://localhost$T/dr/index.php")
[ "$r" = "200 execute" ] || fail "index.php: $r"
r=$(ask "unix:$T/rt.sock" "proxy:fcgi://localhost$T/dr/index.php/x.jpg")
[ "$r" = "200 execute" ] || fail "path info walk: $r"
r=$(ask "unix:$T/rt.sock" "$T/dr/missing.php")
[ "$r" = "404 not-found" ] || fail "missing: $r"
r=$(ask "unix:$T/rt.sock" "$T/x" /ping)
[ "$r" = "200 pong" ] || fail "ping: $r"
grep -q "listening on unix:$T/rt.sock" "$T/serve.log" || fail "banner"
kill -TERM $pid
wait $pid; rc=$?
[ $rc -eq 0 ] || fail "SIGTERM: exit $rc"
[ ! -e "$T/rt.sock" ] || fail "socket left behind"

# --workers: more processes on one listener; each answers; SIGTERM to
# the parent stops them all and removes the socket; a parent killed
# outright takes its workers with it (PDEATHSIG).
"$PROXYFPM" serve --listen "unix:$T/wk.sock" --workers 3 -q 2>>"$T/serve.log" &
pid=$!
echo $pid >> "$T/pids"
wait_for $pid "$T/wk.sock" || fail "workers socket"
for _ in $(seq 50); do [ "$(pgrep -c -P $pid)" = 2 ] && break; sleep 0.01; done
kids=$(pgrep -P $pid | tr '\n' ' ')
[ "$(echo $kids | wc -w)" = 2 ] || fail "--workers 3: $(echo $kids | wc -w) children"
for k in $kids; do echo $k >> "$T/pids"; done
for i in $(seq 12); do
	r=$(ask "unix:$T/wk.sock" "proxy:fcgi://localhost$T/dr/index.php") &&
		[ "$r" = "200 execute" ] || fail "--workers request $i: $r"
done
# Kept connections go round the processes (as Apache's reuse pool keeps
# them): three, opened one after the other, land on three processes.
r=$("$PYTHON" - "unix:$T/wk.sock" "$T/dr/index.php" $pid $kids <<'EOF'
import os, sys
sys.path.insert(0, os.environ["PF_SRC"] + "/tests/runtime")
import fcgi_client as fc
conns = []
for i in range(3):
    s = fc.connect(sys.argv[1])
    s.sendall(fc.encode_request({"REQUEST_METHOD": "GET",
                                 "SCRIPT_FILENAME": sys.argv[2]}, keep=True))
    st, h, body, err = fc.parse_response(fc.read_records(s))
    assert st == 200, st
    conns.append(s)
def sockets(pid):
    d = "/proc/%s/fd" % pid
    return sum(os.readlink(d + "/" + f).startswith("socket:")
               for f in os.listdir(d))
# each process: its listener and one connection
print(" ".join(str(sockets(p) - 1) for p in sys.argv[3:]))
EOF
)
[ "$r" = "1 1 1" ] || fail "--workers: kept connections per process: $r (want 1 1 1)"
kill -TERM $pid
wait $pid; rc=$?
[ $rc -eq 0 ] || fail "--workers SIGTERM: exit $rc"
for k in $kids; do kill -0 $k 2>/dev/null && fail "worker $k outlived SIGTERM"; done
[ ! -e "$T/wk.sock" ] || fail "--workers: socket left behind"
"$PROXYFPM" serve --listen "unix:$T/wk.sock" --workers 2 -q 2>>"$T/serve.log" &
pid=$!
echo $pid >> "$T/pids"
wait_for $pid "$T/wk.sock" || fail "workers socket (2)"
for _ in $(seq 50); do [ "$(pgrep -c -P $pid)" = 1 ] && break; sleep 0.01; done
kid=$(pgrep -P $pid)
[ -n "$kid" ] || fail "--workers 2: no child"
echo $kid >> "$T/pids"
kill -KILL $pid
wait $pid 2>/dev/null
# (an orphan that exited stays a zombie until its new parent reaps it)
running() { [ -r "/proc/$1/stat" ] && ! grep -q ') Z ' "/proc/$1/stat"; }
for _ in $(seq 100); do running $kid || break; sleep 0.01; done
running $kid && fail "worker $kid outlived its killed parent"
"$PROXYFPM" serve --workers 0 --listen "unix:$T/x.sock" 2>/dev/null
[ $? -eq 2 ] || fail "--workers 0: want 2"
# --workers auto: one process per CPU of the affinity mask (nproc counts
# the same mask), and one alone under a single-CPU taskset.
auto_kids() {
	"$@" serve --listen "unix:$T/auto.sock" --workers auto -q 2>>"$T/serve.log" &
	local p=$! want=$1 n
	echo $p >> "$T/pids"
	wait_for $p "$T/auto.sock" || fail "--workers auto socket"
	sleep 0.2
	n=$(pgrep -c -P $p)
	kill -TERM $p
	wait $p
	echo "$n"
}
r=$(auto_kids "$PROXYFPM")
[ "$r" = $(( $(nproc) - 1 )) ] || fail "--workers auto: $r children with $(nproc) CPUs"
if command -v taskset >/dev/null; then
	r=$(auto_kids taskset -c 0 "$PROXYFPM")
	[ "$r" = 0 ] || fail "--workers auto under taskset -c 0: $r children"
fi
"$PROXYFPM" serve --workers autox --listen "unix:$T/x.sock" 2>/dev/null
[ $? -eq 2 ] || fail "--workers autox: want 2"

# A second server may not take over a live socket.
"$PROXYFPM" serve --listen "unix:$T/rt2.sock" -q 2>>"$T/serve.log" &
pid=$!
echo $pid >> "$T/pids"
wait_for $pid "$T/rt2.sock" || fail "rt2 socket"
"$PROXYFPM" serve --listen "unix:$T/rt2.sock" -q 2>"$T/err.log"
[ $? -eq 4 ] || fail "second server on a live socket: want 4"
kill -INT $pid
wait $pid; rc=$?
[ $rc -eq 0 ] || fail "SIGINT: exit $rc"

# TCP on a free port, fix_pathinfo=0 semantics.
port=$(pf_free_port)
"$PROXYFPM" serve --listen "127.0.0.1:$port" --fix-pathinfo 0 -q \
	2>>"$T/serve.log" &
pid=$!
echo $pid >> "$T/pids"
for _ in $(seq 200); do
	"$PYTHON" -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break
	sleep 0.01
done
r=$(ask "127.0.0.1:$port" "proxy:fcgi://h$T/dr/index.php/x.php")
[ "$r" = "404 no-input" ] || fail "fix_pathinfo=0: $r"
kill -TERM $pid
wait $pid || fail "TCP SIGTERM"

# --pool FILE: the pool's listen, limit_extensions and ping.path.
cat > "$T/pool.conf" <<EOF
[site]
user = www-data
listen = $T/pool.sock
listen.mode = 0666
pm = static
pm.max_children = 1
ping.path = /alive
ping.response = alive-ok
security.limit_extensions = .php .jpg
EOF
echo '<?php' > "$T/dr/evil.jpg"
"$PROXYFPM" serve --pool "$T/pool.conf" -q 2>"$T/pool.log" &
pid=$!
echo $pid >> "$T/pids"
if wait_for $pid "$T/pool.sock"; then
	r=$(ask "unix:$T/pool.sock" "proxy:fcgi://h$T/dr/evil.jpg/x.php")
	[ "$r" = "200 execute" ] || fail "pool limit_extensions: $r"
	r=$(ask "unix:$T/pool.sock" "$T/x" /alive)
	[ "$r" = "200 alive-ok" ] || fail "pool ping: $r"
	kill -TERM $pid
	wait $pid || fail "pool SIGTERM"
	# cgi.fix_pathinfo from php_admin_value; --pool-name picks the pool
	cat > "$T/pool2.conf" <<EOF
[first]
user = www-data
listen = $T/first.sock
pm = static
pm.max_children = 1
[second]
user = www-data
listen = $T/second.sock
listen.mode = 0666
pm = static
pm.max_children = 1
php_admin_value[cgi.fix_pathinfo] = 0
EOF
	"$PROXYFPM" serve --pool "$T/pool2.conf" --pool-name second -q \
		2>>"$T/pool.log" &
	pid=$!
	echo $pid >> "$T/pids"
	wait_for $pid "$T/second.sock" || fail "--pool-name second"
	r=$(ask "unix:$T/second.sock" "proxy:fcgi://h$T/dr/index.php/x.php")
	[ "$r" = "404 no-input" ] || fail "pool cgi.fix_pathinfo=0: $r"
	kill -TERM $pid
	wait $pid || fail "pool2 SIGTERM"
	"$PROXYFPM" serve --pool "$T/pool2.conf" --pool-name nosuch -q \
		2>/dev/null
	[ $? -eq 3 ] || fail "--pool-name nosuch: want 3"
else
	wait $pid; rc=$?
	# Until parsers/fpm lands, pf_fpm_read is a stub that says so.
	if grep -q "not built yet" "$T/pool.log"; then
		[ $rc -eq 3 ] || fail "--pool with the stub reader: exit $rc"
		echo "NOTE: --pool not checked: the php-fpm reader is a stub"
	else
		fail "--pool: exit $rc"
	fi
fi
echo "serve: ok"
