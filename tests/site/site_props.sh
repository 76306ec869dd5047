#!/bin/bash
# site_props.sh - the property campaign of helper-49 at a fixed seed
# (tests/site/site_props.py): 30 generated valid descriptions (check and
# compile clean at medium, apache2 -t, php-fpm8.2 -t/-tt, lint --root of
# the output without findings at or above medium, selftest for every
# fifth) and 3 invalid mutations of each (check exit 3 at the mutated
# line, compile writes nothing).  --strict: no finding at medium or above
# is excused, except the ones compile warned about (site_props.py WARNED).
# By hand: site_props.py --seed N --count N [--strict] (see its
# docstring).
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2 openssl
PY=${PYTHON:-/usr/bin/python3}
exec "$PY" "$PF_SRC/tests/site/site_props.py" --seed 1 --count 30 \
    --selftest-every 5 --invalid 3 --strict
