#!/bin/bash
# rlimit_oracle.sh - ulimit-nofile's rlimit_files check against the real
# php-fpm8.2: [global] rlimit_files above fs.nr_open passes php-fpm -t,
# but the master's setrlimit() fails (EPERM, root or not) and php-fpm
# exits at start ("FPM initialization failed", 78).  At this process's
# hard limit (which a root on a host may raise up to nr_open; a container
# may not let it: this sandbox kept 20,000) it starts.  lint --host auto
# (which reads /proc/sys/fs/nr_open) reports the first at high, at its
# line, and not the second.
set -u
. "$PF_SRC/tests/lib/need.sh"
need php-fpm8.2
pf_tmpdir
chmod a+x "$T"
[ "$(id -u)" = 0 ] || { echo "SKIP: raising the hard RLIMIT_NOFILE needs root"; exit 77; }
nr=$(cat /proc/sys/fs/nr_open)
fail=0
conf() {	# RLIMIT_FILES
	pf_fpm_conf "$T"
	sed -i "s|^daemonize = no|daemonize = no\nrlimit_files = $1|" "$T/fpm.conf"
}
lint() {
	"$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --fpm "$T/fpm.conf" --host auto 2>&1 | grep '\[ulimit-nofile\]$'
}

conf $((nr + 1))
line=$(grep -n '^rlimit_files' "$T/fpm.conf" | cut -d: -f1)
php-fpm8.2 -t -y "$T/fpm.conf" >/dev/null 2>&1 ||
	{ echo "FAIL: php-fpm -t refuses rlimit_files = $((nr + 1))"; fail=1; }
timeout 10 php-fpm8.2 -F -y "$T/fpm.conf" >/dev/null 2>&1 &
pid=$!
echo $pid >> "$T/pids"
wait $pid
rc=$?
if [ $rc != 78 ] || ! grep -q 'FPM initialization failed' "$T/logs/fpm.log"; then
	echo "FAIL: php-fpm with rlimit_files = $((nr + 1)) > nr_open $nr: exit $rc, not 78"
	cat "$T/logs/fpm.log"; fail=1
fi
out=$(lint)
grep -q "fpm.conf:$line:[0-9]*: high: rlimit_files = $((nr + 1)) is above the host's fs.nr_open ($nr)" <<<"$out" ||
	{ echo "FAIL: lint does not report rlimit_files above nr_open at line $line:"; echo "$out"; fail=1; }

hard=$(ulimit -Hn)
[ "$hard" = unlimited ] || [ "$hard" -gt "$nr" ] && hard=$nr
conf "$hard"
rm -f "$T/logs/fpm.log"
php-fpm8.2 -F -y "$T/fpm.conf" >/dev/null 2>&1 &
pid=$!
echo $pid >> "$T/pids"
for _ in $(seq 100); do [ -S "$T/php.sock" ] && break; sleep 0.05; done
[ -S "$T/php.sock" ] || { echo "FAIL: php-fpm with rlimit_files = $hard (hard limit) did not start"; cat "$T/logs/fpm.log"; fail=1; }
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
out=$(lint)
if grep -q "fs.nr_open" <<<"$out"; then
	echo "FAIL: lint reports rlimit_files = $hard: $out"; fail=1
fi
[ $fail -eq 0 ] && echo "rlimit_files $((nr + 1)): php-fpm -t fine, start fails (78), lint high; $hard: starts, lint quiet"
exit $fail
