#!/bin/bash
# Effective php.ini values against php-fpm8.2 -i (tests/fpm/ini_oracle.py).
. "$PF_SRC/tests/lib/need.sh"
need php-fpm8.2
exec "${PYTHON:-/usr/bin/python3}" "$PF_SRC/tests/fpm/ini_oracle.py" "$1"
