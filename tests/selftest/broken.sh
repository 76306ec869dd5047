#!/bin/bash
# broken.sh - a deliberately broken deployed site: a greedy ProxyPassMatch
# in front of a pool whose security.limit_extensions lets .jpg run.  An
# uploaded image with PHP in it runs through /uploads/evil.jpg/x.php:
# selftest must say so (a critical finding at the ProxyPassMatch line,
# the limit_extensions line related), exit 1, and leave nothing behind;
# with the real php-fpm, the probe file's own output proves PHP ran it.
set -u
. "$PF_SRC/tests/lib/need.sh"
. "$PF_SRC/tests/selftest/lib.sh"
need apache2
st_setup
fail() { echo "FAIL: $*"; exit 1; }
case_dir=$PF_TESTDATA/selftest/ppm-greedy-wide

check() {	# label args...
	local label=$1 rc
	shift
	"$PROXYFPM" selftest -v --httpd "$case_dir/vhost.conf" \
	    --fpm "$case_dir/pool.conf" --upload-dir uploads \
	    --format "text,json:$T/r.json" "$@" > "$T/out" 2> "$T/log"
	rc=$?
	cat "$T/out"
	[ $rc -eq 1 ] || { cat "$T/log"; fail "$label: exit $rc, not 1"; }
	grep -Eq '^  /uploads/evil.jpg/x.php +no PHP +PHP ran +/srv/www/uploads/evil.jpg +FAIL$' \
	    "$T/out" || fail "$label: the evil.jpg row"
	"$PYTHON" - "$T/r.json" "$case_dir" <<'PY' || fail "$label: findings"
import json, sys
r = json.load(open(sys.argv[1]))
f = [f for f in r["findings"] if f["id"] == "selftest-probe-failed" and
     f["message"].startswith("/uploads/evil.jpg/x.php ")]
assert len(f) == 1, r["findings"]
f = f[0]
assert f["severity"] == "critical", f
loc = f["location"]
assert loc["path"].endswith("ppm-greedy-wide/vhost.conf"), loc
assert loc["line"] == 8, loc		# the ProxyPassMatch
rel = [x["location"] for x in f.get("related", [])]
assert any(x["path"].endswith("pool.conf") and x["line"] == 10
           for x in rel), rel		# security.limit_extensions
PY
	no_leftovers "$T/log" || fail "$label left something behind"
}

check runtime
if command -v php-fpm8.2 >/dev/null 2>&1 || [ -x /usr/sbin/php-fpm8.2 ]; then
	check php-fpm --fpm
elif [ "${CI:-}" = true ]; then
	fail "php-fpm8.2 is required in CI"
fi

# Paths with '.' and '..' (the sandbox copies each file by its path and
# refuses a copy that climbs): the same verdict, no sandbox error.
(cd "$case_dir" && "$PROXYFPM" selftest -q --httpd ../ppm-greedy-wide/vhost.conf \
    --fpm ./../ppm-greedy-wide//pool.conf --upload-dir uploads \
    --format compact > "$T/out" 2>&1)
rc=$?
[ $rc -eq 1 ] && grep -q 'evil.jpg/x.php.*selftest-probe-failed' "$T/out" ||
    { cat "$T/out"; fail "relative paths with '..': exit $rc"; }

# --fail-on: the critical finding is over every threshold but 'none'.
"$PROXYFPM" selftest -q --httpd "$case_dir/vhost.conf" \
    --fpm "$case_dir/pool.conf" --upload-dir uploads --fail-on critical \
    --format compact > /dev/null 2>&1
[ $? -eq 1 ] || fail "--fail-on critical should still fail"
"$PROXYFPM" selftest -q --httpd "$case_dir/vhost.conf" \
    --fpm "$case_dir/pool.conf" --upload-dir uploads --fail-on none \
    --format compact > /dev/null 2>&1
[ $? -eq 0 ] || fail "--fail-on none should pass"
echo "broken site: reported and exit 1"
