/*
 * fpm_listen.c - php-fpm's listen address forms (fpm_sockets.c,
 * reference/semantics.md 3.4): ':' anywhere makes it TCP host:port, split
 * at the last ':' with [v6] brackets stripped; all digits is a bare port,
 * bound to [::] (dual stack) or 0.0.0.0, i.e. every interface; anything
 * else is a unix socket path.  The port is atoi()'d and must be 1..65535,
 * which php-fpm checks only when it starts, not with -t.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/fpm.h"
#include "parsers/fpm_int.h"

int
fpm_listen_is_tcp(const char *a)
{
	return strchr(a, ':') != NULL || strlen(a) == strspn(a, "0123456789");
}

void
fpm_parse_listen(struct pf_run *run, const char *addr, struct pf_loc loc,
    struct pf_listen *l)
{
	struct in_addr a4;
	struct in6_addr a6;
	const char *colon;
	char *host;
	size_t n;

	memset(l, 0, sizeof(*l));
	l->loc = loc;
	if (!fpm_listen_is_tcp(addr)) {
		l->kind = PF_LISTEN_UNIX;
		l->path = addr;
		l->loopback = 1;
		return;
	}
	l->kind = PF_LISTEN_TCP;
	colon = strrchr(addr, ':');
	if (colon == NULL) {
		l->port = fpm_atoi(addr);
		l->any = 1;
	} else {
		l->port = fpm_atoi(colon + 1);
		n = (size_t)(colon - addr);
		if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']')
			host = pf_strndup(run->arena, addr + 1, n - 2);
		else
			host = pf_strndup(run->arena, addr, n);
		l->host = host;
		if (inet_pton(AF_INET, host, &a4) == 1) {
			uint32_t h = ntohl(a4.s_addr);

			l->loopback = (h >> 24) == 127;
			l->any = h == 0;
		} else if (inet_pton(AF_INET6, host, &a6) == 1) {
			static const struct in6_addr any6 = IN6ADDR_ANY_INIT;

			l->v6 = 1;
			l->loopback = IN6_IS_ADDR_LOOPBACK(&a6) ||
			    (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
			l->any = memcmp(&a6, &any6, sizeof(a6)) == 0;
		} else if (strcmp(host, "*") == 0) {
			/*
			 * Observed: getaddrinfo("*") gives ::1 then 127.0.0.1
			 * and php-fpm binds only the first ([::1]).
			 */
			l->loopback = 1;
		} else if (strcasecmp(host, "localhost") == 0 ||
		    (strncasecmp(host, "localhost.", 10) == 0)) {
			l->hostname = 1;
			l->loopback = 1;
		} else
			l->hostname = 1;
	}
	if (l->port < 1 || l->port > 65535 ||
	    (colon != NULL && fpm_listen_gai_error(addr) != NULL)) {
		l->port_invalid = 1;
		l->port = 0;
	}
}

/*
 * php-fpm 8.2 (fpm_sockets.c, fpm_socket_af_inet_listening_socket) checks
 * atoi() of the text after the last ':' and then hands that text, and the
 * host with one pair of [] stripped, to getaddrinfo(AF_UNSPEC,
 * SOCK_STREAM).  glibc reads the service as a number only when strtoul()
 * takes all of it ("9000x", "9000 " from a quoted value, "1]" of
 * "[::1]": "Servname not supported for ai_socktype"), and no host name
 * has a ':' ("::1" splits into ":" and "1", "[::1]" into "[:" and "1]":
 * "Name or service not known").  Startup fails; -t passes.  NULL when
 * getaddrinfo() gets that far, else its message.  Observed with
 * php-fpm8.2 (fpm.startup_oracle).
 */
const char *
fpm_listen_gai_error(const char *addr)
{
	const char *colon = strrchr(addr, ':'), *h;
	struct in6_addr a6;
	char *end;
	char buf[INET6_ADDRSTRLEN + 8];
	size_t n;

	if (colon == NULL)
		return NULL;
	(void)strtoul(colon + 1, &end, 10);
	if (*end != '\0')
		return "Servname not supported for ai_socktype";
	h = addr;
	n = (size_t)(colon - addr);
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		h++;
		n -= 2;
	}
	if (memchr(h, ':', n) == NULL || memchr(h, '%', n) != NULL)
		return NULL;	/* a name, or a scoped address: not judged */
	if (n < sizeof(buf)) {
		memcpy(buf, h, n);
		buf[n] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) == 1)
			return NULL;
	}
	return "Name or service not known";
}

size_t
pf_fpm_allowed_clients(struct pf_arena *a, const char *ac, size_t *lo,
    const char **bad, size_t *nbad)
{
	static const unsigned char v4map[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff };
	const char *q = ac;
	size_t n = 0, nl = 0, nb = 0;

	if (bad != NULL)
		*bad = NULL;
	while (q != NULL) {
		size_t l = strcspn(q, ",");
		const char *e = pf_strndup(a, q, l);
		unsigned char b[16];

		if (inet_pton(AF_INET, e, b) == 1) {
			n++;
			nl += b[0] == 127;
		} else if (inet_pton(AF_INET6, e, b) == 1) {
			n++;
			nl += (memcmp(b, in6addr_loopback.s6_addr, 16) == 0) ||
			    (memcmp(b, v4map, 12) == 0 && b[12] == 127);
		} else if (nb++ == 0 && bad != NULL)
			*bad = e;
		q = q[l] == ',' ? q + l + 1 : NULL;
	}
	if (lo != NULL)
		*lo = nl;
	if (nbad != NULL)
		*nbad = nb;
	return n;
}
