#!/bin/bash
# fpm_prefix_oracle.sh - rule fpm-ini-relative-path against the real
# php-fpm8.2 (-tt and a worker's ini_get); see fpm_prefix_oracle.py.
. "$PF_SRC/tests/lib/need.sh"
need php-fpm8.2
pf_tmpdir
"${PYTHON:-/usr/bin/python3}" "$PF_SRC/tests/rules/fpm_prefix_oracle.py" "$T"
