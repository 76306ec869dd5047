#!/bin/bash
# verdict_oracle.sh - the runtime's verdicts against the real php-fpm8.2
# (see verdict_oracle.py).  Needs php-fpm8.2; runs as root with pools as
# www-data, everything under a private temp dir.
. "$PF_SRC/tests/lib/need.sh"
need php-fpm8.2 "$PYTHON"
pf_tmpdir
"$PYTHON" "$PF_SRC/tests/runtime/verdict_oracle.py" "$T" "$PROXYFPM"
rc=$?
[ $rc -ne 0 ] && { echo "--- servers.log"; cat "$T/servers.log"; cat "$T/fpm.log"; } >&2
exit $rc
