#!/bin/bash
# missing.sh - a php.ini named with --php-ini that does not exist (or is
# a directory) is unreadable input, as a missing --httpd, --fpm, --envvars
# or --baseline is: the message names the file and the reason, the exit
# is 3, and nothing is judged in its place (no finding about PHP's
# built-in values, which the server would not be running with).  For
# lint, serve (with and without --pool; a readable --php-ini alone sets
# serve's cgi.fix_pathinfo) and selftest --httpd.
set -u
. "$PF_SRC/tests/lib/need.sh"
need "$PYTHON" timeout
pf_tmpdir
fails=0
fail() { echo "FAIL: $*"; cat "$T/out"; fails=$((fails + 1)); }
run() {	# EXIT PATTERN ARGS...
	local code=$1 pat=$2 rc
	shift 2
	# (serve would listen until stopped if it went on without the file)
	timeout 20 "$PROXYFPM" "$@" > "$T/out" 2>&1
	rc=$?
	[ $rc = "$code" ] || fail "$*: exit $rc, want $code"
	grep -qF -- "$pat" "$T/out" || fail "$*: no \"$pat\""
}
# judged_nothing ARGS: no finding of the php.ini rules in $T/out
judged_nothing() {
	if grep -E '\[(expose-php|display-errors-on|open-basedir-missing|allow-url-include)\]' "$T/out"; then
		fail "$*: PHP's built-in values judged for a php.ini never read"
	fi
}
cd "$T" || exit 1
printf '[global]\n[www]\nuser = www-data\nlisten = /run/x.sock\npm = static\npm.max_children = 1\n' > fpm.conf
mkdir -p conf.d
printf 'expose_php = On\n' > conf.d/10-x.ini

# The reference: the other inputs named on the command line.
run 3 "Could not open configuration file $T/none.conf: No such file or directory" \
	lint --no-config --format compact --httpd "$T/none.conf"
run 3 "failed to open configuration file '$T/none.conf': No such file or directory" \
	lint --no-config --format compact --fpm "$T/none.conf"

M="cannot read php.ini '$T/none.ini': No such file or directory"
run 3 "$M" lint --no-config --format compact --php-ini "$T/none.ini"
judged_nothing "lint --php-ini none.ini"
run 3 "$M" lint --no-config --format compact --fpm fpm.conf --php-ini "$T/none.ini"
judged_nothing "lint --fpm --php-ini none.ini"
# Nor a scan directory beside (or named with) a php.ini that is not there.
run 3 "$M" lint --no-config --format compact --php-ini "$T/none.ini" \
	--php-ini-scan-dir "$T/conf.d"
judged_nothing "lint --php-ini none.ini --php-ini-scan-dir"
run 3 "cannot read php.ini '$T/conf.d': Is a directory" \
	lint --no-config --format compact --php-ini "$T/conf.d"
judged_nothing "lint --php-ini DIR"
# The JSON report says the same: one error, no finding.
"$PROXYFPM" lint --no-config --format json --php-ini "$T/none.ini" > "$T/out" 2>&1
"$PYTHON" - "$T/out" <<'EOF' || fail "lint --format json --php-ini none.ini"
import json, sys
d = json.load(open(sys.argv[1]))
ds = d["findings"]
assert [x["id"] for x in ds] == ["phpini-open"], [x["id"] for x in ds]
assert d["summary"]["exit_code"] == 3
EOF

# serve: before anything listens, with or without --pool.
run 3 "$M" serve --php-ini "$T/none.ini" --listen "unix:$T/s.sock"
[ -e "$T/s.sock" ] && fail "serve --php-ini none.ini: listened"
run 3 "$M" serve --php-ini "$T/none.ini" --pool fpm.conf --listen "unix:$T/s.sock"
[ -e "$T/s.sock" ] && fail "serve --pool --php-ini none.ini: listened"

# serve --php-ini alone: its cgi.fix_pathinfo = 0 is applied (no
# PATH_INFO walk: the script is index.php/x.jpg, which
# security.limit_extensions refuses, where 1 would run index.php).
mkdir -p dr && echo '<?php' > dr/index.php
printf '[PHP]\ncgi.fix_pathinfo = 0\n' > php.ini
"$PROXYFPM" serve --php-ini php.ini --listen "unix:$T/rt.sock" -q 2>"$T/out" &
pid=$!
echo $pid >> "$T/pids"
for _ in $(seq 300); do [ -S "$T/rt.sock" ] && break; sleep 0.01; done
r=$("$PYTHON" - "unix:$T/rt.sock" "proxy:fcgi://localhost$T/dr/index.php/x.jpg" <<'EOF'
import json, os, sys
sys.path.insert(0, os.environ["PF_SRC"] + "/tests/runtime")
import fcgi_client
st, h, body, err = fcgi_client.request(sys.argv[1],
    {"REQUEST_METHOD": "GET", "SCRIPT_FILENAME": sys.argv[2]})
print(st, json.loads(body)["verdict"])
EOF
)
[ "$r" = "403 denied" ] ||
	fail "serve --php-ini (cgi.fix_pathinfo = 0) alone: $r, want 403 denied"
kill -TERM $pid
wait $pid

# selftest --httpd: the same error, before apache2 starts.
if command -v apache2 >/dev/null 2>&1; then
	printf 'ServerRoot %s\nListen 127.0.0.1:1\n' "$T" > h.conf
	run 3 "$M" selftest --format compact --httpd h.conf --php-ini "$T/none.ini"
fi

[ $fails = 0 ] || exit 1
echo ok
