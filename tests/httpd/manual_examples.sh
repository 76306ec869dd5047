#!/bin/bash
# manual_examples.sh - tests/httpd/manual_examples.py: every configuration
# example of the Apache manual (apache2-doc) gets apache2 -t's verdict from
# proxyfpm lint --httpd (no false error, no missed one but the documented
# known differences).
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2
need "$PYTHON"
if [ ! -f /usr/share/doc/apache2-doc/manual/en/mod/core.html ] &&
    [ ! -f /usr/share/apache2-doc/manual/en/mod/core.html ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: apache2-doc is required in CI but missing" >&2
		exit 1
	fi
	echo "SKIP: apache2-doc (the manual) not installed" >&2
	exit 77
fi
exec "$PYTHON" "$PF_SRC/tests/httpd/manual_examples.py" "$PROXYFPM" \
    --jobs 3
