#!/bin/bash
# cli.sh - 'proxyfpm rules', 'proxyfpm explain' (from the build tree and
# after installation), and the suppression options of lint: inline
# comments, --no-inline-suppress, baselines that survive line shifts,
# --severity, --enable/--disable, and .proxyfpm.ini found from the
# working directory up.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2
pf_tmpdir
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# ---- rules and explain
n=$("$PROXYFPM" rules | wc -l)
[ "$n" -ge 45 ] && ok || bad "rules lists $n rules"
"$PROXYFPM" rules --format json > "$T/rules.json" || bad "rules --format json"
"$PYTHON" - "$T/rules.json" <<'PY' && ok || bad "rules JSON"
import json, sys
d = json.load(open(sys.argv[1]))
ids = [r["id"] for r in d["rules"]]
assert len(ids) == len(set(ids)) and len(ids) >= 45, ids
assert all(r["help"] and r["severity"] in ("critical","high","medium","low","info") for r in d["rules"])
PY
"$PROXYFPM" rules --category routing | grep -q '^greedy-proxypassmatch ' && ok || bad "--category"
"$PROXYFPM" rules --category nosuch >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "bad --category"
"$PROXYFPM" explain fpm-listen-public | grep -q '^## Fix' && ok || bad "explain"
"$PROXYFPM" explain no-such-rule >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "explain unknown id"
# The findings only selftest makes are explained too (they reach SARIF).
"$PROXYFPM" explain selftest-probe-failed selftest-simulator-disagrees > "$T/st.txt" &&
	grep -q '^selftest-probe-failed  \[medium, selftest\]$' "$T/st.txt" &&
	grep -q '^selftest-simulator-disagrees  \[medium, selftest\]$' "$T/st.txt" &&
	ok || bad "explain selftest ids"
# Installed: the docs travel inside the binary.
if cmake --install "$PF_BUILD" --prefix "$T/inst" >/dev/null 2>&1; then
	(cd / && "$T/inst/bin/proxyfpm" explain pathinfo-exposure) | grep -q 'fix_pathinfo' &&
	    ok || bad "explain after install"
	[ -f "$T/inst/share/doc/proxyfpm/rules/pathinfo-exposure.md" ] && ok ||
	    bad "rule docs not installed"
else
	bad "cmake --install"
fi

# The README's catalog lists every rule.
missing=$("$PROXYFPM" rules | awk '{print $1}' | while read -r id; do
	grep -q "\[\`$id\`\]" "$PF_SRC/README.md" || echo "$id"; done)
[ -z "$missing" ] && ok || bad "README lacks rules: $missing"

# ---- a small tree with known findings
mods=/usr/lib/apache2/modules
mk() {	# dir
	mkdir -p "$1/logs"
	cat > "$1/httpd.conf" <<EOF
ServerRoot $1
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule proxy_module $mods/mod_proxy.so
LoadModule proxy_fcgi_module $mods/mod_proxy_fcgi.so
Listen 80
<VirtualHost *:80>
    ServerName s.example
    DocumentRoot /srv/s
    # proxyfpm-ignore: greedy-proxypassmatch -- internal app, removed in Q3
    ProxyPassMatch "^/(.*\.php(/.*)?)$" "unix:/run/php/s.sock|fcgi://localhost/srv/s/\$1"
</VirtualHost>
EOF
	cat > "$1/fpm.conf" <<EOF
[global]
pid = $1/fpm.pid
error_log = $1/fpm.log
[s]
user = www-data
group = www-data
listen = /run/php/s.sock
listen.mode = 0660
pm = static
pm.max_children = 8
pm.max_requests = 500
security.limit_extensions = .php .inc ; proxyfpm-ignore: fpm-limit-extensions-weak -- .inc templates are ours
EOF
}
lint() {	# dir args...
	local d=$1
	shift
	(cd "$d" && "$PROXYFPM" lint --no-config --format compact \
	    --httpd "$d/httpd.conf" --fpm "$d/fpm.conf" "$@" 2>&1)
}
D="$T/tree"
mk "$D"
out=$(lint "$D")
grep -q '\[greedy-proxypassmatch\]$' <<<"$out" && bad "inline # suppression ignored" || ok
grep -q '\[fpm-limit-extensions-weak\]$' <<<"$out" && bad "inline ; suppression ignored" || ok
grep -q '\[pathinfo-exposure\]$' <<<"$out" && ok || bad "other rules on the same line must still fire"
out=$(lint "$D" --no-inline-suppress)
grep -q '\[greedy-proxypassmatch\]$' <<<"$out" && ok || bad "--no-inline-suppress"
out=$(lint "$D" --show-suppressed)
grep -q 'greedy-proxypassmatch' <<<"$out" && ok || bad "--show-suppressed does not show it"

# ---- --severity, --disable, --enable
out=$(lint "$D" --severity pathinfo-exposure=low)
grep -q ': low: .*\[pathinfo-exposure\]$' <<<"$out" && ok || bad "--severity"
out=$(lint "$D" --disable routing)
grep -qE '\[(pathinfo-exposure|greedy-proxypassmatch)\]$' <<<"$out" && bad "--disable routing" || ok
out=$(lint "$D" --enable max-requests-unset --enable open-basedir-missing)
grep -vE '\[(max-requests-unset|open-basedir-missing)\]$' <<<"$out" |
    grep -qE ': (critical|high|medium|low|info): ' && bad "--enable runs other rules" || ok
lint "$D" --disable no-such-rule >/dev/null; [ $? -eq 2 ] && ok || bad "unknown --disable id"
lint "$D" --severity x=high >/dev/null; [ $? -eq 2 ] && ok || bad "bad --severity"

# ---- baseline: accepted findings stay accepted after lines move
lint "$D" --write-baseline "$T/base.txt" >/dev/null
[ -s "$T/base.txt" ] && grep -q 'pathinfo-exposure' "$T/base.txt" && ok || bad "--write-baseline"
sed -i '1i # a comment that shifts every line\n# and another' "$D/httpd.conf"
sed -i 's/^\[s\]/; moved\n[s]/' "$D/fpm.conf"
out=$(lint "$D" --baseline "$T/base.txt" --fail-on info)
rc=$?
[ $rc -eq 0 ] && ok || { bad "baseline did not accept the shifted findings (exit $rc)"; echo "$out"; }
echo "clear_env = no" >> "$D/fpm.conf"
out=$(lint "$D" --baseline "$T/base.txt")
rc=$?
[ $rc -eq 1 ] && grep -q '\[clear-env-no\]$' <<<"$out" &&
    ! grep -q '\[pathinfo-exposure\]$' <<<"$out" && ok || bad "new finding after baseline"
# A missing baseline, or a directory, is unreadable input (exit 3), not
# an I/O error and not an empty baseline.
lint "$D" --baseline "$T/nonexistent" >/dev/null 2>&1; [ $? -eq 3 ] && ok || bad "missing baseline file: not exit 3"
out=$(lint "$D" --baseline "$T" 2>&1); rc=$?
[ $rc -eq 3 ] && grep -q "cannot read baseline $T: Is a directory" <<<"$out" && ok ||
    bad "a directory as the baseline (exit $rc)"

# ---- .proxyfpm.ini from the working directory up
P="$T/proj"
mk "$P"
mkdir -p "$P/sub/dir"
printf '[proxyfpm]\nfail-on = none\ndisable = open-basedir-missing\n[severity]\nmax-requests-unset = high\n' > "$P/.proxyfpm.ini"
out=$(cd "$P/sub/dir" && "$PROXYFPM" lint --format compact --httpd "$P/httpd.conf" \
    --fpm "$P/fpm.conf" --no-inline-suppress 2>&1)
rc=$?
[ $rc -eq 0 ] && ok || bad ".proxyfpm.ini fail-on (exit $rc)"
grep -q '\[open-basedir-missing\]$' <<<"$out" && bad ".proxyfpm.ini disable" || ok
out=$(cd "$P/sub/dir" && "$PROXYFPM" lint --format compact --httpd "$P/httpd.conf" \
    --fpm "$P/fpm.conf" --fail-on high --no-inline-suppress 2>&1)
[ $? -eq 1 ] && ok || bad "--fail-on on the command line must win over the file"
printf '[proxyfpm]\ndisable = bogus-rule\n' > "$P/.proxyfpm.ini"
(cd "$P/sub" && "$PROXYFPM" lint --httpd "$P/httpd.conf" >/dev/null 2>&1)
[ $? -eq 2 ] && ok || bad "a bad .proxyfpm.ini is a usage error"
(cd "$P/sub" && "$PROXYFPM" lint --no-config --httpd "$P/httpd.conf" >/dev/null 2>&1)
[ $? -ne 2 ] && ok || bad "--no-config"

# ---- memory-overcommit: measured pools that fill the budget exactly are
# what compile's sizing writes; one worker more is over it.
S="$T/mem.ini"
printf '[host]\ncores = 2\nmemory = 2G\napache_memory = 0\n[site a]\nserver_name = a.example.com\ndocument_root = /srv/a/public\n[pool a]\nuser = www-data\npm = static\nmax_children = 8\nworker_memory = 256M\n' > "$S"
out=$("$PROXYFPM" check --format compact "$S" 2>&1)
grep -q '\[memory-overcommit\]$' <<<"$out" && bad "memory-overcommit at exactly the budget" || ok
sed -i 's/max_children = 8/max_children = 7/' "$S"
out=$("$PROXYFPM" check --format compact "$S" 2>&1)
grep -q '\[memory-overcommit\]$' <<<"$out" && bad "memory-overcommit below the budget" || ok
sed -i 's/max_children = 7/max_children = 9/' "$S"
out=$("$PROXYFPM" check --format compact "$S" 2>&1)
grep -q 'medium: the pools may use 2304 MiB.*\[memory-overcommit\]$' <<<"$out" && ok ||
    { bad "memory-overcommit over the budget"; echo "$out"; }

# ---- route-dead: a DocumentRoot Apache refuses says so (and where)
# when docroot-denied, which says it of the whole site, is disabled; with
# it, only docroot-denied speaks.
D="$T/refused"
cp -r "$PF_TESTDATA/rules/route-dead/fire/docroot-refused" "$D"
sed -i "s|@DIR@|$D|g" "$D"/*
out=$("$PROXYFPM" lint --no-config --format compact --httpd "$D/httpd.conf" --fpm "$D/fpm.conf" --php-ini "$D/php.ini" 2>&1)
grep -q 'httpd.conf:32:5: high: every file of site.example answers 403: .*\[docroot-denied\]$' <<<"$out" &&
    ! grep -q 'route-dead' <<<"$out" && ok ||
    { bad "docroot-denied alone for a DocumentRoot nothing grants"; echo "$out"; }
# ... and names a grant written for the target of a symbolic link
D2="$T/linkgrant"
cp -r "$PF_TESTDATA/rules/docroot-denied/fire/grant-on-link-target" "$D2"
sed -i "s|@DIR@|$D2|g" "$D2"/*
(cd "$D2" && bash ./setup)
out2=$("$PROXYFPM" lint --no-config --format text --httpd "$D2/httpd.conf" --fpm "$D2/fpm.conf" 2>&1)
grep -q 'httpd.conf:[0-9]*:5: note: this section names where the DocumentRoot is past a symbolic link; httpd matches <Directory> against the path it walks' <<<"$out2" && ok ||
    { bad "docroot-denied names the grant for the link's target"; echo "$out2"; }
# ---- docroot-link-refused on a tree copied under --root: the link is
# looked at in its copy (lstat of the link, its target resolved in the root)
R="$T/rootcopy"
W=/srv/linkcase
mkdir -p "$R$W"
cp -r "$PF_TESTDATA/rules/docroot-link-refused/fire/options-none/." "$R$W/"
sed -i "s|@DIR@|$W|g" "$R$W"/*
(cd "$R$W" && bash ./setup)
out2=$("$PROXYFPM" lint --no-config --format compact --root "$R" --httpd "$W/httpd.conf" --fpm "$W/fpm.conf" 2>&1)
grep -q "high: every file of site.example answers 403: the way to its DocumentRoot $W/app/current/public goes through the symbolic link $W/app/current, which Options None does not let httpd follow (AH00037) \[docroot-link-refused\]" <<<"$out2" && ok ||
    { bad "docroot-link-refused under --root"; echo "$out2"; }
out=$("$PROXYFPM" lint --no-config --format text --disable docroot-denied --httpd "$D/httpd.conf" --fpm "$D/fpm.conf" --php-ini "$D/php.ini" 2>&1)
grep -q 'info: this route to FPM is never reached: Apache refuses /index.php and every other script of /home/site/public_html (Require all denied) \[route-dead\]$' <<<"$out" &&
    grep -q 'httpd.conf:24:5: note: refuses the requests' <<<"$out" &&
    grep -q 'fix: grant the DocumentRoot: <Directory /home/site/public_html> Require all granted </Directory>' <<<"$out" && ok ||
    { bad "route-dead names the Require that refuses the DocumentRoot"; echo "$out"; }

# ---- an unguarded php_value in .htaccess is a 500, not only a lost setting
d="$T/modphp-ht"
cp -r "$PF_TESTDATA/rules/modphp-directive-under-fpm/fire/htaccess-unguarded-500" "$d"
sed -i "s|@DIR@|$d|g" "$d"/*
(cd "$d" && bash ./setup)
out=$("$PROXYFPM" lint --no-config --format compact --httpd "$d/httpd.conf" \
    --fpm "$d/fpm.conf" --php-ini "$d/php.ini" 2>&1)
grep -q '\.htaccess:1:1: medium: .*answers 500 (Invalid command) for every request this \.htaccess covers \[modphp-directive-under-fpm\]$' <<<"$out" && ok ||
    { bad "modphp-directive-under-fpm says the .htaccess is a 500"; echo "$out"; }

# ---- one finding for the vhosts a main-server line applies to, and a
# baseline that keeps accepting it when a vhost is added
d="$T/many"
cp -r "$PF_TESTDATA/rules/sethandler-no-file-check/fire/main-server-many-vhosts" "$d"
sed -i "s|@DIR@|$d|g" "$d"/*
out=$(lint "$d" --php-ini "$d/php.ini")
[ "$(grep -c '\[sethandler-no-file-check\]$' <<<"$out")" = 1 ] &&
    grep -q '(for a\.example, b\.example, c\.example and 1 more) \[sethandler-no-file-check\]$' <<<"$out" &&
    ok || { bad "four vhosts of one main-server handler: not one finding"; echo "$out"; }
lint "$d" --php-ini "$d/php.ini" --write-baseline "$T/many.txt" >/dev/null
printf '<VirtualHost *:80>\n    ServerName e.example\n    DocumentRoot /srv/e\n</VirtualHost>\n' >> "$d/httpd.conf"
out=$(lint "$d" --php-ini "$d/php.ini" --baseline "$T/many.txt")
grep -q 'and 2 more' <<<"$(lint "$d" --php-ini "$d/php.ini")" &&
    ! grep -q '\[sethandler-no-file-check\]$' <<<"$out" && ok ||
    { bad "the merged finding is new once a vhost is added"; echo "$out"; }

# ---- the HTML report lists, in each vhost, the main-server routes it
# inherits, with the pool each reaches there: b.example's own worker
# (<Proxy "unix:b.sock|fcgi://localhost">) takes the main server's
# handler to pool b (2.4.71 answers so: rules.main-route-oracle)
d="$T/html-inherit"
cp -r "$PF_TESTDATA/rules/sethandler-no-file-check/fire/main-server-many-vhosts" "$d"
sed -i "s|@DIR@|$d|g" "$d"/*
sed -i 's|^    ServerName b.example$|&\n    <Proxy "unix:/run/php/b.sock\|fcgi://localhost">\n        ProxySet timeout=30\n    </Proxy>|' "$d/httpd.conf"
sed -n '/^\[site\]/,$p' "$d/fpm.conf" | sed 's/^\[site\]/[b]/; s|site.sock|b.sock|; s|site.slow|b.slow|' >> "$d/fpm.conf"
lint "$d" --php-ini "$d/php.ini" --format html:"$T/inherit.html" >/dev/null
"$PYTHON" - "$T/inherit.html" <<'PY' && ok || bad "HTML report: inherited main-server routes and their pools"
import re, sys
s = open(sys.argv[1]).read()
def pools(name):
    art = re.search(r'<article class="vhost"[^>]*data-server-name="%s">.*?</article>' % re.escape(name), s, re.S)
    assert art, name
    rows = re.findall(r'<tr class="route" data-kind="php">.*?</tr>', art.group(0), re.S)
    assert rows and all("from the main server" in r for r in rows), (name, rows)
    return [re.search(r'data-pool="([^"]*)"', r).group(1) for r in rows]
assert pools("a.example") == ["site"], pools("a.example")
assert pools("b.example") == ["b"], pools("b.example")
PY

# ---- fixes name the configuration's own values: fpm-status-exposed's
# <LocationMatch> is built from the pool's pm.status_path and ping.path
# (one written for /fpm-status left a pool's /status open)
mkdir -p "$T/st"
sed "s|@DIR@|$T/st|g" "$PF_TESTDATA/rules/fpm-status-exposed/fire/location-without-acl/httpd.conf" > "$T/st/httpd.conf"
sed "s|@DIR@|$T/st|g; s|^pm.status_path = .*|pm.status_path = /php.status\nping.path = /pong|" \
    "$PF_TESTDATA/rules/fpm-status-exposed/fire/location-without-acl/fpm.conf" > "$T/st/fpm.conf"
sed -i 's|<Location "/status">|<Location "/php.status">|' "$T/st/httpd.conf"
"$PROXYFPM" lint --no-config --httpd "$T/st/httpd.conf" --fpm "$T/st/fpm.conf" \
    --format json > "$T/st/r.json" 2>/dev/null
"$PYTHON" - "$T/st/r.json" <<'PY' && ok || bad "fpm-status-exposed fix names the pool's paths"
import json, sys
r = json.load(open(sys.argv[1]))
fs = [f for f in r["findings"] if f["id"] == "fpm-status-exposed"]
assert fs, [f["id"] for f in r["findings"]]
fix = " ".join(x for f in fs for x in (f.get("fixes") or [f.get("fix") or ""]))
assert '"^(/php\\.status|/pong)$"' in fix, fix
PY

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
