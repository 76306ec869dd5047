/*
 * httpd.c - pf_httpd_read: finds the tree (option or default layout),
 * sets up what httpd would have at start (compiled ServerRoot, built-in
 * modules, -D defines, envvars, target version), reads, checks, extracts
 * the model and reads the .htaccess files.
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "parsers/httpd_int.h"
#include "parsers/httpd_so.h"

#define DEFAULT_VERSION "2.4.71"

/* The reader's malloc'd scratch and maps: nothing after the read uses
 * them (the tree, model and sources live in the run's arena). */
static void
reader_free(struct hrd *r)
{
	free(r->lbuf);
	free(r->ebuf);
	free(r->wbuf);
	free(r->abuf);
	free(r->aoff);
	free(r->acache);
	free(r->vmemo);
	free(r->rmemo);
	free(r->lcache);
	free(r->mbuf);
	r->lcache = NULL;
	r->lbuf = r->ebuf = r->wbuf = r->abuf = r->mbuf = NULL;
	r->aoff = NULL;
	r->acache = NULL;
	r->vmemo = NULL;
	r->rmemo = NULL;
	pf_hmap_free(&r->defs);
	pf_hmap_free(&r->env);
	pf_hmap_free(&r->mods);
	pf_hmap_free(&r->macros);
	pf_hmap_free(&r->dyn_authz);
	pf_hmap_free(&r->dyn_authn);
	r->dyn_ready = 0;
	pf_hmap_free(&r->files);
	pf_hmap_free(&r->workers);
	pf_hmap_free(&r->balancers);
	pf_hmap_free(&r->cfg_names);
	pf_hmap_free(&r->ht_map);
	pf_hmap_free(&r->unknown_noted);
}

/*
 * httpd's main() after reading: "AH00534: Configuration error: More than
 * one MPM loaded." (ap_check_mpm: more than one module hooks mpm; mpm-itk
 * 2.4, mpm_itk_module, is a module layered on prefork that hooks no mpm,
 * and Debian's libapache2-mpm-itk loads it beside mpm_prefork).  (Its
 * "No MPM loaded." is left alone: a tree without
 * an MPM is a fragment linted alone far more often than a server that
 * never started.)
 */
static void
check_mpm(struct hrd *r)
{
	const struct pf_apache *ap = r->ap;
	const struct pf_sval *first = NULL;
	size_t i, n = 0;

	for (i = 0; i < ap->modules.n; i++) {
		const struct pf_sval *m = &ap->modules.v[i];
		size_t l = strlen(m->s);

		if (m->loc.file == 0)
			continue;	/* built in */
		if (strncmp(m->s, "mpm_", 4) != 0 || l < 11 ||
		    strcmp(m->s + l - 7, "_module") != 0 ||
		    strcmp(m->s, "mpm_itk_module") == 0)
			continue;	/* mpm-itk is a module over prefork */
		if (++n == 2)
			pf_diag_related(r->run, pf_diag_add(r->run,
			    PF_SEV_ERROR, "httpd-module", m->loc,
			    "Configuration error: More than one MPM loaded "
			    "(%s after %s)", m->s, first->s), first->loc,
			    "%s is loaded here", first->s);
		first = first != NULL ? first : m;
	}
}

/*
 * mod_php's pre_config (sapi/apache2handler php_pre_config): a build
 * without thread safety refuses a threaded MPM, "Apache is running a
 * threaded MPM, but your PHP Module is not compiled to be threadsafe.
 * You need to recompile PHP." and httpd's "AH00013: Pre-configuration
 * failed" (2.4.71 with Debian's libphp8.2.so and mpm_event: apache2 -t
 * exits 1; a2enmod keeps them apart, a hand-made tree may not).  A
 * thread-safe build exports TSRM's tsrm_startup; a file that cannot be
 * read is not judged.
 */
static void
check_php_threaded(struct hrd *r)
{
	const struct pf_apache *ap = r->ap;
	const struct pf_sval *php = NULL, *mpm = NULL;
	struct pf_diag *d;
	const char *why;
	size_t i;

	for (i = 0; i < ap->modules.n; i++) {
		const char *s = ap->modules.v[i].s;

		if (strcmp(s, "php_module") == 0 ||
		    strcmp(s, "php7_module") == 0 ||
		    strcmp(s, "php5_module") == 0)
			php = &ap->modules.v[i];
		else if (strcmp(s, "mpm_event_module") == 0 ||
		    strcmp(s, "mpm_worker_module") == 0)
			mpm = &ap->modules.v[i];
	}
	if (php == NULL || mpm == NULL || php->loc.file == 0)
		return;
	for (i = 0; i < r->tpmods.n; i++)
		if (strcmp(r->tpmods.v[i]->id, php->s) == 0)
			break;
	if (i == r->tpmods.n || pf_so_judge_file(r->tpmods.v[i]->path,
	    "tsrm_startup", &why) != PF_SO_NO_SYMBOL)
		return;
	d = pf_diag_add(r->run, PF_SEV_ERROR, "httpd-module", php->loc,
	    "Apache is running a threaded MPM, but your PHP Module is not "
	    "compiled to be threadsafe.  You need to recompile PHP. (AH00013: "
	    "Pre-configuration failed: %s is a build without thread safety, "
	    "and %s is threaded)", r->tpmods.v[i]->path, mpm->s);
	pf_diag_related(r->run, d, mpm->loc, "%s is loaded here", mpm->s);
	pf_diag_fix(r->run, d, "serve PHP through PHP-FPM and stop loading "
	    "%s (Debian: a2dismod php8.2), or load mpm_prefork instead of %s",
	    php->s, mpm->s);
}

/*
 * mod_mime's post_config opens the main server's TypesConfig file (else
 * mime.types below the ServerRoot, AP_TYPES_CONFIG_FILE) with
 * ap_pcfg_openfile, which takes a regular file or /dev/null: anything
 * else is "AH01597: could not open mime types config file" and the server
 * does not start (AH00016 Configuration Failed), while apache2 -t, which
 * stops before post_config, says Syntax OK (verified on 2.4.71).  So a
 * warning, not an error: the -t verdict stands.  Under --root a note (a
 * copied tree may leave the file out).  A second precision audit found
 * an Alpine tree pointing at a mime.types it does not have.
 */
static void
check_types_config(struct hrd *r)
{
	const struct pf_node *n, *line = NULL;
	const char *f = "mime.types", *abs;
	struct stat st;

	if (!pf_hrd_module_loaded(r, "mime_module"))
		return;
	for (n = r->ap->root->child; n != NULL; n = n->next)
		if (!(n->flags & (PF_NODE_INACTIVE | PF_NODE_SECTION)) &&
		    n->argc > 0 && n->name != NULL &&
		    strcasecmp(n->name, "TypesConfig") == 0)
			line = n;
	if (line != NULL)
		f = line->argv[0];
	abs = f[0] == '/' ? f : pf_hrd_join(r->a, r->server_root, "/", f);
	if (strcmp(abs, "/dev/null") == 0 || (stat(pf_host_path(r->run,
	    abs), &st) == 0 && S_ISREG(st.st_mode) && access(pf_host_path(
	    r->run, abs), R_OK) == 0))
		return;
	pf_diag_add(r->run, r->run->root != NULL ? PF_SEV_NOTE :
	    PF_SEV_WARNING, "httpd-value", line != NULL ? line->loc : PF_NOLOC,
	    "mod_mime cannot open its types file %s%s: apache2 -t says Syntax "
	    "OK, but the server does not start (AH01597: could not open mime "
	    "types config file; AH00016: Configuration Failed)%s", abs,
	    line == NULL ? " (no TypesConfig: the compiled-in mime.types "
	    "below the ServerRoot)" : "", r->run->root != NULL ? "; the tree "
	    "under --root may have left it out" : "");
}

int
pf_httpd_read(struct pf_run *run, const struct pf_httpd_opts *o)
{
	struct hrd *r;
	struct pf_apache *ap;
	const char *config = o->config, *root = NULL, *v, *given;
	size_t i;

	r = pf_alloc(run->arena, sizeof(*r));
	r->run = run;
	r->a = run->arena;
	r->o = o;
	ap = pf_alloc(r->a, sizeof(*ap));
	r->ap = ap;
	pf_model_get(run)->apache = ap;
	ap->root = pf_hrd_node_new(r);
	ap->root->name = "";
	ap->root->flags = PF_NODE_SECTION;

	if (config == NULL && o->instance != NULL) {
		config = pf_hrd_instance_config(run, o->instance, &root);
		if (config == NULL)
			return -1;
	}
	if (config == NULL) {
		config = pf_hrd_default_config(run, &root);
		if (config == NULL) {
			pf_diag_add(run, PF_SEV_ERROR, "httpd-include", PF_NOLOC,
			    "no httpd configuration found (looked for "
			    "%s/etc/apache2/apache2.conf, "
			    "%s/etc/httpd/conf/httpd.conf, "
			    "%s/usr/local/etc/apache24/httpd.conf, "
			    "%s/usr/local/apache2/conf/httpd.conf and "
			    "%s/etc/apache2/httpd.conf); use --httpd FILE",
			    run->root ? run->root : "", run->root ?
			    run->root : "", run->root ? run->root : "",
			    run->root ? run->root : "", run->root ?
			    run->root : "");
			return -1;
		}
	}
	if (o->server_root != NULL)
		root = o->server_root;
	if (root == NULL) {
		/* Debian's compiled-in HTTPD_ROOT, unless the file lives
		 * in a RHEL-style conf/ directory. */
		const char *c = strstr(config, "/conf/httpd.conf");

		root = c != NULL && c[16] == '\0' ? pf_strndup(r->a, config,
		    (size_t)(c - config)) : "/etc/apache2";
		if (c == NULL && config[0] == '/') {
			const char *b = strrchr(config, '/');
			size_t k = (size_t)(b - config);

			/* /tmp/copy/apache2.conf read with the machine's
			 * /etc/apache2 as its ServerRoot, as apache2 -f does:
			 * worth a note at the first relative Include. */
			if (k > 0 && (k != 12 ||
			    strncmp(config, "/etc/apache2", 12) != 0))
				r->root_note_dir = pf_strndup(r->a, config, k);
		}
	}
	r->server_root = root;
	given = config;
	if (config[0] != '/')
		config = pf_printf(r->a, "%s/%s", root, config);
	ap->config = config;

	v = o->version;
	if (v == NULL && run->root != NULL)
		v = pf_hrd_tree_version(run);	/* the copy's own binary */
	if (v == NULL)
		v = pf_hrd_installed_version(r->a);
	if (v == NULL || v[0] == '\0')
		v = DEFAULT_VERSION;
	r->version_str = v;
	ap->version = v;
	{
		char *e;
		const char *p = v;

		for (i = 0; i < 3; i++) {
			r->version[i] = (int)strtol(p, &e, 10);
			p = *e == '.' ? e + 1 : e;
		}
	}
	/*
	 * Debian's apache2 has mod_watchdog, mod_log_config, mod_logio,
	 * mod_version and mod_unixd compiled in; other builds under --root
	 * (RHEL's 00-base.conf, the httpd image's --enable-mods-shared=
	 * reallyall, FreeBSD, Alpine: only core, mod_so and http_core in)
	 * load them, and 'LoadModule log_config_module' is right there.
	 * They stay taken as present either way (trees written for this
	 * machine's apache2 leave them out).
	 */
	{
		const char *b = strrchr(config, '/');

		r->all_shared = run->root != NULL &&
		    strcmp(b != NULL ? b + 1 : config, "apache2.conf") != 0;
	}
	r->mod_on = pf_alloc(r->a, pf_httpd_nmodules);
	for (i = 0; i < pf_httpd_nmodules; i++)
		if (pf_httpd_modules[i].builtin) {
			r->mod_on[i] = 1;
			pf_hmap_put(r->a, &r->mods, pf_httpd_modules[i].id,
			    (void *)"1");
			pf_hmap_put(r->a, &r->mods, pf_httpd_modules[i].src,
			    (void *)"1");
			PF_PUSH(r->a, ap->modules, pf_sval_make(
			    pf_httpd_modules[i].id, PF_NOLOC));
		}
	pf_hrd_envvars(r, config);
	pf_hrd_service(r, config);

	if (pf_hrd_read_main(r, config) < 0) {
		/* httpd's -f takes a relative file from the ServerRoot
		 * (ap_server_root_relative), and so does --httpd; a user
		 * may have meant the current directory. */
		if (given[0] != '/' && access(given, R_OK) == 0)
			pf_diag_add(run, PF_SEV_NOTE, "httpd-include",
			    PF_NOLOC, "a relative --httpd FILE is read from "
			    "the ServerRoot (%s), as httpd's -f reads it; "
			    "%s exists in the current directory: give it as "
			    "an absolute path, or set the ServerRoot with -d",
			    root, given);
		/* Nothing was read: no Apache for the rules to judge
		 * (no "no <Directory /> denies", no "no route reaches
		 * pool X" of a configuration never seen) */
		pf_model_get(run)->apache = NULL;
		reader_free(r);
		return -1;
	}
	{
		struct stat a, b;

		/* Read, but from the ServerRoot, while the current directory
		 * holds another file of that name: the user meant that one
		 * (`cd copy/etc/apache2; proxyfpm lint --httpd apache2.conf`
		 * reads this machine's /etc/apache2/apache2.conf, as
		 * apache2 -f does). */
		if (given[0] != '/' && run->root == NULL &&
		    stat(given, &a) == 0 && S_ISREG(a.st_mode) &&
		    stat(config, &b) == 0 && (a.st_dev != b.st_dev ||
		    a.st_ino != b.st_ino))
			pf_diag_add(run, PF_SEV_WARNING, "httpd-include",
			    PF_NOLOC, "--httpd %s was read from the ServerRoot, "
			    "as %s (httpd's -f takes a relative file from "
			    "there), not the %s in the current directory: "
			    "give that one as an absolute path%s", given,
			    config, given, o->server_root == NULL ?
			    ", and its ServerRoot with -d" : "");
	}
	ap->server_root = r->server_root;
	for (i = 0; i < r->included.n; i++)
		PF_PUSH(r->a, ap->files, r->included.v[i]);
	check_mpm(r);
	check_php_threaded(r);
	check_types_config(r);
	if (!o->no_htaccess)
		pf_hrd_htaccess_start(r);
	pf_hrd_check(r, ap->root);
	pf_hrd_model(r);
	if (!o->no_htaccess)
		pf_hrd_htaccess(r);
	reader_free(r);
	return 0;
}
