#!/bin/bash
# The PHP INI dialect reader against PHP's own parse_ini_string() on
# random snippets (tests/fpm/zini_diff.py); needs the php CLI.
. "$PF_SRC/tests/lib/need.sh"
need php
exec "${PYTHON:-/usr/bin/python3}" "$PF_SRC/tests/fpm/zini_diff.py" "$1" 3000 7
