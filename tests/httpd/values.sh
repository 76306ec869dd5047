#!/bin/bash
# values.sh - tests/httpd/values.py: the reader's value and arity checks give
# apache2 -t's verdict and message on each line of testdata/httpd-values.
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2
need "$PYTHON"
exec "$PYTHON" "$PF_SRC/tests/httpd/values.py" "$PF_BUILD/httpd-probe" \
    "$PF_SRC/testdata/httpd-values/values.txt"
