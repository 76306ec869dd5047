#!/bin/bash
# modphp_random.sh - the request simulator against apache2 with Debian's
# mod_php on random setups (tests/rules/modphp_random.py): COUNT batches of
# eight vhosts, seed SEED (defaults 1 and 4; PF_MODPHP_RANDOM_SEED /
# PF_MODPHP_RANDOM_COUNT to explore others).  A disagreement names its
# tree, which is kept (in /tmp).
. "$PF_SRC/tests/lib/need.sh"
need "$PYTHON"
pf_modphp_start
[ "$(id -u)" = 0 ] || { echo "SKIP: apache2 must start as root (User www-data)"; exit 77; }
# (each apache2's PID goes to $T/pids: pf_cleanup stops one left running)
PF_PIDS_FILE=$T/pids "$PYTHON" "$PF_SRC/tests/rules/modphp_random.py" \
    "$PF_BUILD" "$SO" "${PF_MODPHP_RANDOM_SEED:-1}" \
    "${PF_MODPHP_RANDOM_COUNT:-4}"
