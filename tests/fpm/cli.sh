#!/bin/bash
# proxyfpm lint --fpm/--php-ini/-p/--root and dump --fpm [--json]: exit
# codes, defaults found below --root, JSON that parses and carries
# provenance.
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
TD=$PF_TESTDATA/fpm/trees
"$PROXYFPM" lint --no-config --root "$TD/debian" --fpm /etc/php/8.2/fpm/php-fpm.conf \
    --php-ini /etc/php/8.2/fpm/php.ini --fail-on critical >"$T/o" 2>&1
rc=$?
check "lint --root debian: no reader error (exit 0 or 1)" "[ $rc = 0 ] || [ $rc = 1 ]"
check "lint --root debian: no error diagnostic" "! grep -q ': error: ' '$T/o'"
check "lint mentions the computed start_servers" "grep -q 'sets it to 3' '$T/o'"
"$PROXYFPM" dump --root "$TD/debian" --fpm /etc/php/8.2/fpm/php-fpm.conf --json >"$T/d.json" 2>"$T/e"
check "dump --json: exit 0" "[ $? = 0 ]"
check "dump --json parses, has pools and provenance" "'$PYTHON' - '$T/d.json' <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))['fpm']
names = [p['name'] for p in d['pools']]
assert names == ['shop', 'www'], names
shop = d['pools'][0]
mc = [x for x in shop['directives'] if x['name'] == 'pm.max_children'][0]
assert mc['value'] == '10' and mc['line'] == 6 and not mc['default'], mc
assert mc['included_from'][0]['file'] == '/etc/php/8.2/fpm/php-fpm.conf', mc
assert shop['listen']['any'] is True and shop['listen']['port'] == 9000
ss = [x for x in shop['directives'] if x['name'] == 'pm.start_servers'][0]
assert ss['value'] == '3', ss
PY"
"$PROXYFPM" dump --root "$TD/rhel" >"$T/d.txt" 2>"$T/e"
check "dump with defaults finds RHEL's /etc/php-fpm.conf" "grep -q '^\[www\]' '$T/d.txt' && grep -q 'acl_users = apache,nginx' '$T/d.txt'"
printf '[global]\nerror_log = syslog\ninclude = pd/*.conf\n' > "$T/m.conf"
mkdir -p "$T/pd"
printf '[w]\nuser = www-data\nlisten = 127.0.0.1:9\npm = static\npm.max_children = 1\n' > "$T/pd/w.conf"
"$PROXYFPM" lint --no-config --fpm "$T/m.conf" --fail-on critical >"$T/o" 2>&1
check "relative include without -p: resolved against /usr, error" "[ $? = 3 ] && grep -q \"/usr/pd/\\*.conf\" '$T/o'"
"$PROXYFPM" lint --no-config --fpm "$T/m.conf" -p "$T" --fail-on critical >"$T/o" 2>&1
check "relative include with -p: exit 0" "[ $? = 0 ]"
printf 'memory_limit = 64M\n' > "$T/php.ini"
"$PROXYFPM" lint --no-config --php-ini "$T/php.ini" --fail-on critical >"$T/o" 2>&1
check "lint --php-ini alone: exit 0" "[ $? = 0 ]"
"$PROXYFPM" lint --no-config --root "$T" --fail-on critical >"$T/o" 2>&1
check "lint of an empty root: php-fpm not found is a note" "grep -q 'fpm-not-found' '$T/o' && ! grep -q 'error: .*\\[fpm' '$T/o'"
printf '[global]\nerror_log = syslog\n[p\377\303\251]\nuser = www-data\nlisten = 9\npm = static\npm.max_children = 1\nphp_value[x] = "a\376\tb"\n' > "$T/u8.conf"
"$PROXYFPM" dump --fpm "$T/u8.conf" --json >"$T/u8.json" 2>/dev/null
check "dump --json stays valid JSON for bytes that are not UTF-8" "'$PYTHON' -c 'import json,sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))' '$T/u8.json'"
exit $fail
