/*
 * r_badhost.c - route-bad-host: a route to FastCGI whose URL has digits
 * alone for a host (SetHandler "proxy:fcgi://9", ProxyPass / fcgi://42/,
 * "unix:/run/php.sock|fcgi://7").  mod_proxy_fcgi parses the host with
 * apr_parse_addr_port(), which reads the digits as a port: apache2 answers
 * 400 for every script ("AH01059: error parsing URL //9: Invalid
 * host/port"), while apache2 -t says Syntax OK (the simulator's
 * proxy_canon(), pf_sim_fcgi_digits_host(); tests/rules/
 * digit_host_oracle.sh).  Reported from the routing pass when the
 * simulator answers /index.php with that 400.
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"

/* The fcgi:// part of a route's target: after "proxy:" and any
 * "unix:PATH|". */
static const char *
fcgi_part(const char *h)
{
	const char *bar;

	if (h == NULL)
		return NULL;
	if (strncasecmp(h, "proxy:", 6) == 0)
		h += 6;
	if (strncasecmp(h, "unix:", 5) == 0 && (bar = strchr(h, '|')) != NULL)
		h = bar + 1;
	return h;
}

/* A route target (a handler or a URL) mod_proxy_fcgi answers 400 for:
 * it never connects (route-no-pool leaves it to this rule). */
int
pf_route_target_bad_host(const char *target)
{
	const char *u = fcgi_part(target);

	return u != NULL && pf_sim_fcgi_digits_host(u);
}

/* route answered /index.php (url) with 400 through handler or URL h. */
void
pf_route_bad_host(struct pf_rctx *c, const char *label,
    const struct pf_node *route, const char *h, const char *url)
{
	const char *u = fcgi_part(h), *host;
	size_t n;
	struct pf_diag *d;

	if (route == NULL || u == NULL || !pf_sim_fcgi_digits_host(u))
		return;
	host = u + 7;
	n = strspn(host, "0123456789");
	d = pf_finding(c, "route-bad-host", PF_SEV_MEDIUM, route->loc, label,
	    "the FastCGI URL's host is %.*s, digits alone, which "
	    "mod_proxy_fcgi reads as a port without a host: Apache answers "
	    "400 for %s and every other PHP request (AH01059 error parsing "
	    "URL //%.*s: Invalid host/port), though apache2 -t says Syntax OK",
	    (int)n, host, url, (int)n, host);
	pf_ffix(c, d, "name the worker with letters (fcgi://php-%.*s, or "
	    "fcgi://localhost with a unix: socket) or give a port "
	    "(fcgi://127.0.0.1:9000)", (int)n, host);
}
