#!/bin/bash
# Pools whose sockets meet at startup though php-fpm8.2 -t passes
# (tests/fpm/bind_oracle.py): lint's fpm-listen warnings against the real
# php-fpm8.2 started as root.
. "$PF_SRC/tests/lib/need.sh"
need php-fpm8.2 ss
exec "${PYTHON:-/usr/bin/python3}" "$PF_SRC/tests/fpm/bind_oracle.py" "$PROXYFPM"
