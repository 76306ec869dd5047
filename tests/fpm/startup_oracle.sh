#!/bin/bash
# What php-fpm8.2 -t passes but startup refuses (tests/fpm/startup_oracle.py):
# lint's reader warnings against the real php-fpm8.2 started as root.
. "$PF_SRC/tests/lib/need.sh"
need php-fpm8.2 ss
exec "${PYTHON:-/usr/bin/python3}" "$PF_SRC/tests/fpm/startup_oracle.py" "$PROXYFPM"
