#!/bin/bash
# What PHP does at startup with a php.ini (refuses to start, refuses a
# value) against the php.ini reader (tests/phpini/startup_oracle.py).
. "$PF_SRC/tests/lib/need.sh"
need php8.2
exec "${PYTHON:-/usr/bin/python3}" "$PF_SRC/tests/phpini/startup_oracle.py" "$PROXYFPM" "$1"
