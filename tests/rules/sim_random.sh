#!/bin/bash
# sim_random.sh - the request simulator against the real apache2 +
# php-fpm8.2 on random routing setups (tests/rules/sim_random.py): COUNT
# batches of six vhosts, seed SEED (defaults 1 and 8; PF_SIM_RANDOM_SEED /
# PF_SIM_RANDOM_COUNT to explore others).  A disagreement names the setup's
# folder, which is kept.
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2 curl
need "$PYTHON"
exec "$PYTHON" "$PF_SRC/tests/rules/sim_random.py" "$PF_BUILD" \
    --seed "${PF_SIM_RANDOM_SEED:-1}" --count "${PF_SIM_RANDOM_COUNT:-8}" \
    --per 6
