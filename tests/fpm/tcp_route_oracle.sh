#!/bin/bash
# tcp_route_oracle.sh - which TCP pool a FastCGI route reaches, against the
# real servers.  A socket bound to an address takes only connections to
# that address: php-fpm8.2 on [::1]:P is not reached by Apache's
# fcgi://127.0.0.1:P, nor 127.0.0.2:P by 127.0.0.1:P, nor 0.0.0.0:P by
# [::1]:P (503); 127.0.0.1:P by [::ffff:127.0.0.1]:P is (Linux hands the
# IPv4 connection over).  lint must report route-no-pool exactly for the
# routes Apache answers with 503 (rules/link.c, tcp_reaches).
. "$PF_SRC/tests/lib/need.sh"
pf_fpm_oracle_start
PORT=$(pf_free_port)
# pool: listen host (the port is the pool's own)
declare -A HOST=([a]='[::1]' [b]=127.0.0.2 [c]=0.0.0.0 [d]=127.0.0.1)
# route,pool,host Apache connects to,expected status
ROUTES="a1,a,127.0.0.1,503 a2,a,[::1],200 b1,b,127.0.0.1,503 b2,b,127.0.0.2,200
c1,c,[::1],503 c2,c,127.0.0.1,200 d1,d,127.0.0.1,200 d2,d,[::1],503
d3,d,[::ffff:127.0.0.1],200"
. "$PF_SRC/tests/fpm/route_table.sh"
route_table
if [ $bad -ne 0 ]; then
	grep route-no-pool "$T/lint.out"
	exit 1
fi
echo "ok: lint links exactly the routes Apache reaches"
