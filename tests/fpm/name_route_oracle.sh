#!/bin/bash
# name_route_oracle.sh - a pool that listens on a host name, and routes to
# names, against the real servers, with a hosts file and addresses of our
# own: the script runs in private mount and network namespaces (unshare
# -m -n), where $T/hosts is bind-mounted on /etc/hosts (php-fpm8.2,
# apache2 and lint all read it; the machine's file is never touched) and
# lo carries 127.0.0.1, ::1 and one address of each family besides
# (192.0.2.63, fd00:63::1), as a dual-stack host has.  The hosts file
# names localhost with ::1 beside 127.0.0.1 (Debian's shape) and two names
# of our own, one per family.
#
# php-fpm binds the first address of a name (getaddrinfo order: ::1
# first): "listen = localhost:P" takes [::1]:P only, so Apache's
# fcgi://127.0.0.1:P gets 503 while fcgi://localhost:P works: mod_proxy
# (proxy_util.c, ap_proxy_connect_backend) tries every address the name
# resolves to until one connects.  lint must report route-no-pool exactly
# for the routes Apache answers with 503 (rules/link.c, tcp_reaches).
#
# Why the extra addresses: APR resolves with AI_ADDRCONFIG, which glibc
# answers by the families of the machine's addresses other than loopback.
# Observed in such namespaces (2.4.71): with an IPv6 one only, localhost
# gives Apache ::1 alone (a route to localhost misses a pool on 127.0.0.1:
# 503) and v4.h63.test does not resolve (500); with an IPv4 one only, the
# ::1 lines are read as 127.0.0.1 (glibc's files backend, for an AF_INET
# query): localhost misses a pool on [::1], v6.h63.test reaches one on
# 127.0.0.1.  lint assumes both families (docs/fpm-reader.md).
. "$PF_SRC/tests/lib/need.sh"
if [ "${PF_HOSTS_NS:-}" != 1 ]; then
	need unshare mount ip
	[ "$(id -u)" = 0 ] || { echo "SKIP: namespaces need root"; exit 77; }
	unshare -m -n true 2>/dev/null || { echo "SKIP: unshare -m -n refused"; exit 77; }
	PF_HOSTS_NS=1 exec unshare -m -n --propagation private /bin/bash "$0" "$@"
fi
{ ip link set lo up && ip addr add 192.0.2.63/32 dev lo &&
	ip addr add fd00:63::1/128 dev lo; } ||
	{ echo "SKIP: cannot set up lo in a network namespace"; exit 77; }
pf_fpm_oracle_start
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n127.0.0.1 v4.h63.test\n::1 v6.h63.test\n' > "$T/hosts"
mount --bind "$T/hosts" /etc/hosts || { echo "SKIP: cannot bind-mount a hosts file"; exit 77; }
[ "$(getent hosts v6.h63.test | cut -d' ' -f1)" = ::1 ] ||
	fail "the private hosts file is not read"
PORT=$(pf_free_port)
# pool: listen host (the port is the pool's own)
declare -A HOST=([a]=localhost [b]=127.0.0.1 [c]='[::1]' [d]=0.0.0.0 [e]=v4.h63.test [f]=v6.h63.test)
# route,pool,host Apache connects to,expected status
ROUTES="a1,a,127.0.0.1,503 a2,a,[::1],200 a3,a,localhost,200 a4,a,v4.h63.test,503
a5,a,v6.h63.test,200 b1,b,localhost,200 b2,b,v6.h63.test,503 c1,c,localhost,200
c2,c,v4.h63.test,503 d1,d,localhost,200 d2,d,v6.h63.test,503 e1,e,127.0.0.1,200
e2,e,[::1],503 e3,e,localhost,200 e4,e,v6.h63.test,503 f1,f,localhost,200
f2,f,127.0.0.1,503 f3,f,v4.h63.test,503"
. "$PF_SRC/tests/fpm/route_table.sh"
route_table
# the finding says why: the name's pool bound [::1] only
grep "httpd.conf:${LINE[a1]}:.*\[route-no-pool\]" "$T/lint.out" |
	grep -q "binds to \[::1\]:${PP[a]} only" ||
	{ echo "FAIL: a1's route-no-pool does not say pool a binds [::1]:${PP[a]} only"; bad=1; }
if [ $bad -ne 0 ]; then
	grep route-no-pool "$T/lint.out"
	ss -ltn 2>/dev/null | grep -E "$(IFS='|'; echo "${PP[*]}")"
	exit 1
fi
echo "ok: lint links exactly the routes Apache reaches (${#LINE[@]} routes)"
