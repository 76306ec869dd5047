/*
 * r_badhost.c - route-bad-host: a route to FastCGI whose URL mod_proxy
 * refuses at every request, while apache2 -t says Syntax OK: Apache
 * answers 400 for every PHP script.  The shapes (the simulator's
 * pf_sim_fcgi_url_400(); verified on apache2 2.4 with php-fpm8.2,
 * tests/rules/digit_host_oracle.sh):
 *  - a host digits alone (fcgi://9, "unix:S|fcgi://7"): apr_parse_addr_port()
 *    reads it as a port, "AH01059: error parsing URL //9: Invalid
 *    host/port"; so does an empty host (SetHandler "proxy:fcgi://" or
 *    "fcgi:///path", fcgi://:9000, and ProxyPass "unix:S|fcgi:///path",
 *    which gets no localhost), port 0 or above 65535, an unclosed "[" or
 *    an IPv6 scope id;
 *  - a handler without "//" after "fcgi:" ("proxy:fcgi:/host",
 *    "proxy:fcgi:host": AH01059 ... Malformed URL);
 *  - a handler's or RewriteRule [P]'s "unix:" part with an empty path, a
 *    host (unix://h/path) or no "scheme:" after the '|' ("AH10292:
 *    Invalid proxy UDS filename").
 * Reported from the routing pass when the simulator answers /index.php
 * with that 400.
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

/* The simulator's reason for a 400 on target (a handler or a URL) of a
 * route of kind via. */
static const char *
target_400(enum pf_route_kind via, const char *target)
{
	int handler = target != NULL && strncasecmp(target, "proxy:", 6) == 0;

	if (target == NULL)
		return NULL;
	if (handler)
		return pf_sim_fcgi_url_400(target + 6, 1, 1);
	return pf_sim_fcgi_url_400(target, via != PF_ROUTE_PROXYPASS &&
	    via != PF_ROUTE_PROXYPASSMATCH, 0);
}

/* A route (a handler or a URL) mod_proxy answers 400 for: it never
 * connects (route-no-pool leaves it to this rule). */
int
pf_route_target_bad_host(enum pf_route_kind via, const char *target)
{
	return target_400(via, target) != NULL;
}

/* route answered /index.php (url) with 400 through handler or URL h. */
void
pf_route_bad_host(struct pf_rctx *c, const char *label,
    const struct pf_node *route, enum pf_route_kind via, const char *h,
    const char *url)
{
	const char *u = fcgi_part(h), *why = target_400(via, h), *host;
	size_t n;
	struct pf_diag *d;

	if (route == NULL || u == NULL || why == NULL)
		return;
	if (pf_sim_fcgi_digits_host(u)) {
		host = u + 7;
		n = strspn(host, "0123456789");
		d = pf_finding(c, "route-bad-host", PF_SEV_MEDIUM, route->loc,
		    label, "the FastCGI URL's host is %.*s, digits alone, "
		    "which mod_proxy_fcgi reads as a port without a host: "
		    "Apache answers 400 for %s and every other PHP request "
		    "(AH01059 error parsing URL //%.*s: Invalid host/port), "
		    "though apache2 -t says Syntax OK", (int)n, host, url,
		    (int)n, host);
		pf_ffix(c, d, "name the worker with letters (fcgi://php-%.*s, "
		    "or fcgi://localhost with a unix: socket) or give a port "
		    "(fcgi://127.0.0.1:9000)", (int)n, host);
		return;
	}
	d = pf_finding(c, "route-bad-host", PF_SEV_MEDIUM, route->loc, label,
	    "mod_proxy cannot parse the FastCGI URL %s: Apache answers 400 "
	    "for %s and every other PHP request (%s), though apache2 -t says "
	    "Syntax OK", h, url, why);
	if (strncmp(why, "AH10292", 7) == 0)
		pf_ffix(c, d, "write the socket as unix:/absolute/path.sock "
		    "followed by |fcgi://localhost (\"proxy:unix:/run/php/"
		    "php-fpm.sock|fcgi://localhost\")");
	else if (strstr(why, "Malformed") != NULL)
		pf_ffix(c, d, "write two slashes and a host after fcgi: "
		    "(\"proxy:fcgi://127.0.0.1:9000\")");
	else
		pf_ffix(c, d, "give the URL a host name or address and a port "
		    "in 1-65535 (fcgi://127.0.0.1:9000; with a unix: socket, "
		    "fcgi://localhost)");
}
