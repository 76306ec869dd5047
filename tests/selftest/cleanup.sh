#!/bin/bash
# cleanup.sh - selftest tears everything down by PID and removes its
# sandbox whatever happens: after Ctrl-C at any moment of a run (while the
# sandbox is written, the servers start, the probes run), during --hold,
# when apache2 refuses the configuration, and when php-fpm refuses the
# pool.  Checked through the process groups selftest reports (-v), the
# processes naming the sandbox, and the sandbox's parent folder.
set -u
. "$PF_SRC/tests/lib/need.sh"
. "$PF_SRC/tests/selftest/lib.sh"
need apache2
st_setup
fail() { echo "FAIL: $*"; exit 1; }
ex=$PF_SRC/examples/shop.ini

# Ctrl-C after growing delays: whatever phase it meets.  Exit 130 (killed
# by SIGINT, as the shell reports it) or 0 if the run was already over.
# Job control on: without it bash starts background jobs with SIGINT
# ignored, so a Ctrl-C that came before selftest set its own handler was
# lost and the run went on to exit 0 (a whole run takes about 0.1 s: under
# ASan and load, 1 of 10 runs counted as interrupted).
set -m
interrupted=0
for d in 0.002 0.005 0.01 0.015 0.02 0.03 0.04 0.06 0.08 0.12; do
	"$PROXYFPM" selftest -v -q "$ex" > "$T/out" 2> "$T/log" &
	pid=$!
	echo $pid >> "$T/pids"
	sleep $d
	kill -INT $pid 2>/dev/null
	wait $pid
	rc=$?
	case $rc in
	130) interrupted=$((interrupted + 1)) ;;
	0) ;;
	*) cat "$T/log"; fail "SIGINT after ${d}s: exit $rc" ;;
	esac
	no_leftovers "$T/log" || fail "SIGINT after ${d}s left something"
done
set +m
[ $interrupted -ge 3 ] || fail "only $interrupted runs were interrupted"

# Ctrl-C while --hold keeps the servers up: the verdict still counts.
"$PROXYFPM" selftest -v "$ex" --hold 30 > "$T/out" 2> "$T/log" &
pid=$!
echo $pid >> "$T/pids"
for _ in $(seq 200); do
	grep -q 'holding the servers' "$T/log" && break
	sleep 0.02
done
grep -q 'holding the servers' "$T/log" || fail "--hold did not hold"
port=$(sed -n 's|.*is http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/log" | head -1)
"$PYTHON" - "$port" <<'PY' || fail "the held server did not answer"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET /index.php HTTP/1.0\r\nHost: shop.example.com\r\n\r\n")
d = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    d += b
assert b"X-Proxyfpm-Verdict: execute" in d, d[:300]
PY
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 0 ] || { cat "$T/log"; fail "Ctrl-C during --hold: exit $rc"; }
grep -q '^selftest: 25 probes, 0 failed' "$T/out" || fail "--hold: no table"
no_leftovers "$T/log" || fail "--hold left something"

# apache2 refuses the configuration: exit 3 with what it said.
mkdir -p "$T/bad"
cat > "$T/bad/vhost.conf" <<'VH'
<VirtualHost *:80>
    DocumentRoot /srv/www
    NoSuchDirective on
</VirtualHost>
VH
cp "$PF_TESTDATA/selftest/ppm-greedy/pool.conf" "$T/bad/pool.conf"
"$PROXYFPM" selftest -v --httpd "$T/bad/vhost.conf" --fpm "$T/bad/pool.conf" \
    > "$T/out" 2> "$T/log"
rc=$?
[ $rc -eq 3 ] || { cat "$T/out" "$T/log"; fail "bad vhost: exit $rc, not 3"; }
grep -q "Invalid command 'NoSuchDirective'" "$T/out" ||
    fail "bad vhost: apache2's message is not in the report"
grep -q 'selftest-apache-failed' "$T/out" || fail "bad vhost: no finding id"
no_leftovers "$T/log" || fail "bad vhost left something"

# Unreadable and garbage input: exit 3, nothing left.
# The first line is fixed garbage, so apache2 always has an error to report.
# Which line it names depends on the random rest: httpd reports an unclosed
# "<..." section (found while the tree is built) before the invalid command on
# line 1 (found when the tree is walked).
{ printf '\377\376\001 junk\n'; head -c 4096 /dev/urandom; } > "$T/bad/garbage.conf"
for f in "$T/bad/nonexistent.conf" "$T/bad" "$T/bad/garbage.conf"; do
	"$PROXYFPM" selftest -v --httpd "$f" > "$T/out" 2> "$T/log"
	rc=$?
	[ $rc -eq 3 ] || { cat "$T/out" "$T/log"; fail "--httpd $f: exit $rc"; }
	no_leftovers "$T/log" || fail "--httpd $f left something"
done
grep -q 'Syntax error on line [0-9]* of '"$T"'/bad/garbage.conf' "$T/out" ||
    { cat "$T/out"; fail "apache2's message should name the original file"; }

# php-fpm refuses the pool (a pool running as root needs -R): exit 3,
# after apache2 was never started.
if command -v php-fpm8.2 >/dev/null 2>&1 || [ -x /usr/sbin/php-fpm8.2 ]; then
	sed 's/^user = .*/user = root/' "$PF_TESTDATA/selftest/ppm-greedy/pool.conf" \
	    > "$T/bad/root.conf"
	"$PROXYFPM" selftest -v --fpm --httpd "$PF_TESTDATA/selftest/ppm-greedy/vhost.conf" \
	    --pool "$T/bad/root.conf" > "$T/out" 2> "$T/log"
	rc=$?
	[ $rc -eq 3 ] || { cat "$T/out" "$T/log"; fail "root pool: exit $rc"; }
	grep -q 'selftest-backend-failed' "$T/out" || fail "root pool: no finding"
	grep -q 'started /usr/sbin/apache2\|started.*apache2' "$T/log" &&
	    fail "root pool: apache2 was started anyway"
	no_leftovers "$T/log" || fail "root pool left something"
fi
echo "cleanup: nothing left after SIGINT, --hold, and refused configurations"
