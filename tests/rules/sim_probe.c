/*
 * sim_probe.c - asks the request simulator what happens to URLs, for the
 * oracle test that sends the same URLs to the real apache2 + php-fpm8.2.
 *
 *   sim-probe --httpd FILE --fpm FILE [--php-ini FILE] [--vhost N] URL...
 *
 * Files on disk are the simulator's files (pf_sim_fs.real), as for the
 * real servers.  A URL is given to the simulator as the client sends it
 * (pf_sim_request_raw: httpd's normalization and decoding, 400 for a bad
 * escape, 404 for an encoded '/' with the default AllowEncodedSlashes).  Prints one line per URL: "URL VERDICT" where VERDICT is
 * exec:FILE, fpm403, fpm404, status, static, 404, 403, 500 (a refused
 * .htaccess line), noanswer (Apache's child dies), 200 (mod_autoindex's
 * listing), 401 (credentials wanted: the client is 127.0.0.1 with none)
 * or other.  With PF_SIM_PROBE_PARAMS set, each URL's file name and
 * FastCGI params go to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/httpd.h"
#include "parsers/phpini.h"
#include "rules/link.h"
#include "rules/sim.h"
#include "rules/writable.h"

/* The script as PHP's __FILE__ names it: its real path (the simulator
 * names it as FPM is asked for it, through any symbolic link). */
static const char *
script(const char *f)
{
	static char *real;	/* (the last one's, reachable) */

	free(real);
	real = f != NULL ? realpath(f, NULL) : NULL;
	return real != NULL ? real : f;
}

static const char *
verdict(const struct pf_sim_verdict *v, char *buf, size_t n)
{
	switch (v->outcome) {
	case PF_SIM_STATIC:
		return "static";
	case PF_SIM_NOT_FOUND:
		return "404";
	case PF_SIM_DENIED:
		if (v->client_status != 0) {
			snprintf(buf, n, "%d", v->client_status);
			return buf;
		}
		return "403";
	case PF_SIM_OTHER:
		if (v->php_exec) {	/* mod_php runs it */
			snprintf(buf, n, "exec:%s", script(v->filename));
			return buf;
		}
		if (v->status != 0) {
			snprintf(buf, n, "%d", v->status);
			return buf;
		}
		return "other";
	case PF_SIM_NO_ANSWER:
		return "noanswer";
	case PF_SIM_FPM:
		break;
	}
	switch (v->fpm) {
	case PF_FPM_EXEC:
		snprintf(buf, n, "exec:%s", script(v->executed));
		return buf;
	case PF_FPM_DENIED:
		return "fpm403";
	case PF_FPM_NOT_FOUND:
		return "fpm404";
	case PF_FPM_STATUS:
		return "status";
	case PF_FPM_NO_BACKEND:
		return "503";
	case PF_FPM_NONE:
		break;
	}
	return "other";
}

/*
 * With an ErrorDocument, what the client gets: the document's verdict
 * with the status ("exec/404:FILE", "static/403"), "text/404" for a
 * message, "404+" for Apache's page with its note when the document
 * failed too, 302 for a full URL; FPM's own answer to a document as is;
 * the status alone for FPM's error ProxyErrorOverride replaces.
 */
static const char *
final(const struct pf_sim_verdict *v, char *buf, size_t n)
{
	const struct pf_sim_verdict *e = v->errdoc_v;
	char in[4096];

	switch (v->errdoc) {
	case PF_ERRDOC_NONE:
		/* ProxyErrorOverride: Apache's page instead of FPM's. */
		if (v->intercepted != NULL) {
			snprintf(buf, n, "%d", v->errdoc_status);
			return buf;
		}
		return verdict(v, buf, n);
	case PF_ERRDOC_TEXT:
		snprintf(buf, n, "text/%d", v->errdoc_status);
		return buf;
	case PF_ERRDOC_EXTERNAL:
		snprintf(buf, n, "%d", v->errdoc_status);
		return buf;
	case PF_ERRDOC_FAILED:
		snprintf(buf, n, "%d+", v->errdoc_status);
		return buf;
	case PF_ERRDOC_EXPR:
		return "other";
	case PF_ERRDOC_LOCAL:
		break;
	}
	if (e->outcome == PF_SIM_FPM && e->fpm == PF_FPM_EXEC) {
		snprintf(buf, n, "exec/%d:%s", v->errdoc_status,
		    script(e->executed));
		return buf;
	}
	if (e->outcome == PF_SIM_STATIC) {
		snprintf(buf, n, "static/%d", v->errdoc_status);
		return buf;
	}
	snprintf(buf, n, "%s", verdict(e, in, sizeof(in)));
	return buf;
}

int
main(int argc, char **argv)
{
	struct pf_httpd_opts ho;
	struct pf_fpm_opts fo;
	struct pf_phpini_opts po;
	struct pf_run *run = pf_run_new();
	struct pf_model *m;
	struct pf_sim *sim;
	const struct pf_vhost **vs;
	struct pf_sim_fs fs = { NULL, 0, 1 };
	size_t nv, vi = 0;
	int i, rc = 0;
	char buf[4096];

	memset(&ho, 0, sizeof(ho));
	memset(&fo, 0, sizeof(fo));
	memset(&po, 0, sizeof(po));
	for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			return 2;
		if (strcmp(argv[i], "--httpd") == 0)
			ho.config = argv[i + 1];
		else if (strcmp(argv[i], "--fpm") == 0)
			fo.config = argv[i + 1];
		else if (strcmp(argv[i], "--php-ini") == 0)
			po.path = argv[i + 1];
		else if (strcmp(argv[i], "--vhost") == 0)
			vi = (size_t)atoi(argv[i + 1]);
		else
			return 2;
	}
	if (po.path != NULL)
		pf_phpini_read(run, &po);
	if (pf_fpm_read(run, &fo) < 0 || pf_httpd_read(run, &ho) < 0) {
		fprintf(stderr, "sim-probe: cannot read the configuration\n");
		return 3;
	}
	if (pf_run_errors(run) > 0) {
		size_t k;

		for (k = 0; k < run->diags.n; k++)
			if (run->diags.v[k]->sev == PF_SEV_ERROR)
				fprintf(stderr, "sim-probe: %s\n",
				    run->diags.v[k]->message);
		return 3;
	}
	m = pf_model_get(run);
	pf_link(run);
	sim = pf_sim_new(run, pf_wdirs_build(run, NULL));
	/* curl asks from 127.0.0.1 with no credentials */
	pf_sim_set_client(sim, "127.0.0.1");
	nv = pf_sim_vhosts(sim, &vs);
	if (vi >= nv) {
		fprintf(stderr, "sim-probe: no vhost %zu\n", vi);
		return 3;
	}
	(void)m;
	for (; i < argc; i++) {
		struct pf_sim_verdict v;

		int g;

		if (pf_sim_request_raw(sim, vs[vi], argv[i], &fs, &v) < 0)
			rc = 3;
		/* curl asks from 127.0.0.1 with no credentials */
		if (v.authz == PF_AUTHZ_RESTRICTED &&
		    (g = pf_sim_authz_client(sim, &v, "127.0.0.1")) > 0)
			printf("%s %d\n", argv[i], g);
		else
			printf("%s %s\n", argv[i], final(&v, buf, sizeof(buf)));
		if (getenv("PF_SIM_PROBE_PARAMS") != NULL)
			fprintf(stderr, "%s: filename %s path_info %s "
			    "SCRIPT_FILENAME %s SCRIPT_NAME %s PATH_INFO %s "
			    "PATH_TRANSLATED %s executed %s redirects %d\n",
			    argv[i], v.filename ? v.filename : "-",
			    v.path_info ? v.path_info : "-",
			    v.script_filename ? v.script_filename : "-",
			    v.script_name ? v.script_name : "-",
			    v.fpm_path_info ? v.fpm_path_info : "-",
			    v.path_translated ? v.path_translated : "-",
			    v.executed ? v.executed : "-", v.redirects);
	}
	pf_run_free(run);
	return rc;
}
