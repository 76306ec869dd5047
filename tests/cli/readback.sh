#!/bin/bash
# readback.sh - check and compile judge their output with the lint rules:
# the generated files are read back through the httpd and php-fpm readers,
# findings point at the description line (and the generated line), and
# the sandbox they were read from is gone afterwards.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fail() { echo "FAIL: $*" >&2; exit 1; }
export TMPDIR="$T/tmp"
mkdir -p "$TMPDIR"
cd "$T"

# A greedy route: the classic ProxyPassMatch recipe the description asks
# for, with an upload dir the description does not exclude from it.
cat > greedy.ini <<'INI'
[host]
cores = 2
memory = 2G
nofile = 65536
somaxconn = 4096

[site legacy]
server_name = legacy.example.org
document_root = /srv/legacy/htdocs
handler = proxypassmatch

[pool legacy]
listen = 127.0.0.1:9101
max_requests = 500
request_timeout = 60s

[php legacy]
memory_limit = 128M
INI
"$PROXYFPM" check greedy.ini --format compact > out.txt 2>&1
rc=$?
grep -q '^greedy.ini:[0-9]*:[0-9]*: [a-z]*: ProxyPassMatch forwards' out.txt ||
	fail "no routing finding from the read-back vhost: $(cat out.txt)"
grep -q 'greedy-proxypassmatch' out.txt || fail "finding has no rule id"
# The text form names the generated line the finding is about.
"$PROXYFPM" check greedy.ini > full.txt 2>&1
grep -q 'in generated /etc/apache2/sites-available/legacy.conf:[0-9]*' full.txt ||
	fail "no generated location: $(cat full.txt)"
# Rule options work on check: disabling the rule removes the finding.
"$PROXYFPM" check greedy.ini --format compact --disable greedy-proxypassmatch > dis.txt 2>&1
grep -q greedy-proxypassmatch dis.txt && fail "--disable ignored by check"
# Nothing left in TMPDIR.
[ -z "$(ls -A "$TMPDIR")" ] || fail "sandbox left behind: $(ls -A "$TMPDIR")"

# compile reports the same findings and still writes the files.
"$PROXYFPM" compile greedy.ini -o out --format compact > c.txt 2>&1
grep -q greedy-proxypassmatch c.txt || fail "compile does not run the rules"
[ -f out/etc/apache2/sites-available/legacy.conf ] || fail "compile wrote nothing"
# With --remap-root the rules still judge the target paths, not the remap.
"$PROXYFPM" compile greedy.ini --remap-root "$T/rr" --user-map '*=www-data' \
	--format compact > r.txt 2>&1
grep -v "^wrote " r.txt | grep -q "$T/rr" && fail "findings about remapped paths: $(cat r.txt)"
grep -q greedy-proxypassmatch r.txt || fail "remapped compile lost the rules"
[ -z "$(ls -A "$TMPDIR")" ] || fail "sandbox left behind by compile"
echo "ok (check exit $rc)"
