#!/bin/bash
# modules.sh - tests/httpd/modules.py: LoadModule of every module file
# apache2 ships gives apache2 -t's verdict (module dependencies).
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2
need "$PYTHON"
exec "$PYTHON" "$PF_SRC/tests/httpd/modules.py" "$PF_BUILD/httpd-probe"
