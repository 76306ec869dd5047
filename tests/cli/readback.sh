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

# The read-back tree runs the MPM of [host] mpm: compile's worker MPM
# snippet is <IfModule mpm_worker_module>; read inside an event main file
# it was inactive, the rules took httpd's defaults (16 processes) and
# reported compile's own enablereuse at medium.
cat > worker.ini <<'INI'
[host]
cores = 2
memory = 4G
mpm = worker
emit_mpm = yes

[site a]
server_name = a.example.com
document_root = /srv/a/public

[pool a]
worker_memory = 32M
INI
"$PROXYFPM" compile worker.ini -o wout --format compact > w.txt 2>&1 ||
	fail "worker MPM output judged at medium: $(cat w.txt)"
grep -q 'enablereuse=on' wout/etc/apache2/sites-available/a.conf ||
	fail "the case no longer reuses connections (adjust it)"
grep -q reuse-pool-starvation w.txt && fail "reuse finding: $(cat w.txt)"

# The stock main file of the layout: Debian's apache2.conf sets Timeout
# 300, RHEL's httpd.conf sets no Timeout (httpd's 60 s).  PF_READBACK_KEEP
# leaves the tree for a look.
for layout in debian rhel; do
	rm -rf "$TMPDIR"/*
	PF_READBACK_KEEP=1 "$PROXYFPM" check --layout $layout worker.ini \
		> k.txt 2>&1 || fail "check --layout $layout: $(cat k.txt)"
	kept=$(sed -n 's/^proxyfpm: read-back tree kept in //p' k.txt)
	[ -d "$kept" ] || fail "PF_READBACK_KEEP: no tree: $(cat k.txt)"
	if [ $layout = rhel ]; then
		main="$kept/etc/httpd/conf/proxyfpm-check.conf"
		grep -qi '^Timeout' "$main" && fail "RHEL main file sets a Timeout"
		grep -q '^<Files ".ht\*">' "$main" || fail "not RHEL's .ht* rule"
	else
		main="$kept/etc/apache2/proxyfpm-check.conf"
		grep -q '^Timeout 300$' "$main" || fail "Debian main file: no Timeout 300"
	fi
	grep -q '^LoadModule mpm_worker_module ' "$main" || fail "$layout: not the worker MPM"
	grep -q '^LoadModule mpm_event_module ' "$main" && fail "$layout: event MPM loaded too"
	rm -rf "$kept"
done
echo "ok (check exit $rc)"
