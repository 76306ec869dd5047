#!/bin/bash
# Same accept/reject verdict as php-fpm8.2 -t on the testdata pools, this
# machine's /etc/php/8.2/fpm and 500+ generated variants
# (tests/fpm/fpm_oracle.py).
. "$PF_SRC/tests/lib/need.sh"
need php-fpm8.2
exec "${PYTHON:-/usr/bin/python3}" "$PF_SRC/tests/fpm/fpm_oracle.py" \
    "$PROXYFPM" "$PF_TESTDATA" -j 3
