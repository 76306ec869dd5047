#!/bin/bash
# html_chromium.sh - renders the HTML reports of the fixtures with
# headless Chromium: a screenshot (the page paints, is not blank, and
# loads nothing from elsewhere) and the DOM after load, on which
# html_check.py asserts (verdict, counts by severity, each vhost's
# routing rows, findings with snippets, no secrets, no external
# resources).  Argument: the test_reports binary.
. "$PF_SRC/tests/lib/need.sh"
need /usr/bin/chromium "${PYTHON:-/usr/bin/python3}"
pf_tmpdir
"$1" --write "$T/out" || { echo "FAIL: test_reports --write"; exit 1; }

chrome() {
	# A fresh profile per run; no network: every host resolves to
	# nothing, so a page that needed the network would show it.
	timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--host-resolver-rules="MAP * ~NOTFOUND" \
		--user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" \
		2>>"$T/chromium.log"
}

rc=0
for f in lint check clean; do
	page="file://$T/out/$f.html"
	if ! chrome --window-size=1280,2000 --screenshot="$T/$f.png" "$page" \
		>/dev/null; then
		echo "FAIL: chromium could not screenshot $f.html"
		tail -5 "$T/chromium.log"
		exit 1
	fi
	if ! chrome --dump-dom "$page" >"$T/$f.dom.html"; then
		echo "FAIL: chromium could not dump the DOM of $f.html"
		exit 1
	fi
	"$PYTHON" "$PF_SRC/tests/reports/html_check.py" "$f" \
		"$T/$f.dom.html" "$T/$f.png" "$T/out/$f.html" || rc=1
done
exit $rc
