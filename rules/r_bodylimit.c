/*
 * r_bodylimit.c - body-limit-ignored: a LimitRequestBody in effect for a
 * site's PHP scripts does nothing for them.  core's HTTP input filter
 * takes the limit only for requests that are not proxy requests
 * (modules/http/http_filters.c: "if (!f->r->proxyreq) ctx->limit =
 * ap_get_limit_req_body(f->r); else ctx->limit = 0;"), and mod_proxy
 * makes every request it handles one (PROXYREQ_REVERSE: a SetHandler
 * "proxy:..." at its handler, ProxyPass at translate_name), so
 * mod_proxy_fcgi sends PHP-FPM bodies of any size.  A limit written for
 * the site (the CIS Apache Benchmark's "LimitRequestBody 102400", a cap
 * on uploads) holds for static files and not for PHP, where only the
 * pool's post_max_size caps what PHP reads.  Verified on apache2 2.4.71
 * with php-fpm8.2 (tests/rules/bodylimit_oracle.sh: a 2 MB upload under
 * LimitRequestBody 1000000 reaches PHP whole, while a POST of it to a
 * static file of the same folder gets 413).
 *
 * Per vhost whose /index.php reaches FPM: the simulator's merged
 * LimitRequestBody for that request (sections and .htaccess as httpd
 * merges them) when a line sets it, against the pool's post_max_size:
 * reported when PHP reads larger bodies than the line allows.
 */
#include "rules/rule.h"
#include "rules/sim.h"

void
pf_body_limit(struct pf_rctx *c, const char *label,
    const struct pf_sim_verdict *v)
{
	const struct pf_node *n = v->body_limit_node;
	const char *pm;
	long long lim = v->body_limit, p;
	struct pf_diag *d;

	if (v->outcome != PF_SIM_FPM || n == NULL || lim <= 0 ||
	    v->pool == NULL)
		return;
	pm = pf_php_get(c, v->pool, "post_max_size", NULL);
	p = pf_ini_bytes(pm != NULL ? pm : "8M");
	if (p == -2 || (p > 0 && p <= lim))
		return;
	d = pf_finding(c, "body-limit-ignored", PF_SEV_INFO, n->loc, label,
	    "LimitRequestBody %lld does not limit the PHP requests of %s: "
	    "mod_proxy makes them proxy requests, for which Apache's input "
	    "filter lifts the limit, so PHP-FPM (pool %s) reads bodies up to "
	    "%s (post_max_size)", lim, label, v->pool->name, p > 0 ?
	    (pm != NULL ? pm : "8M") : "any size");
	pf_ffix(c, d, "cap PHP's bodies in the pool: php_admin_value"
	    "[post_max_size] (and upload_max_filesize) at the limit wanted");
}
