/*
 * r_uploads.c - per-directory overrides on directories users write: an
 * uploaded .htaccess can add handlers (AddHandler, SetHandler), set
 * PHP_VALUE with SetEnv, or turn on ExecCGI/Includes.  (Whether PHP runs
 * in an upload dir is decided by the simulator in r_routing.c.)
 */
#include <string.h>

#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/writable.h"

/*
 * Where no pool runs v's scripts but mod_php does (inside Apache, as its
 * User), the stand-in pool the routing pass gave pf_wdirs_for() for v
 * (r_routing.c): the same folders, taken as writable by Apache's user.
 */
static const struct pf_pool *
modphp_runner(struct pf_rctx *c, const struct pf_vhost *v, const char *dr,
    struct pf_arena *a)
{
	size_t n = dr != NULL ? strlen(dr) : 0;
	const char *f;
	struct pf_sim_fs fs = { &f, 1, 0 };
	struct pf_sim_verdict lv;

	if (n == 0 || !pf_sim_modphp_loaded(c->sim))
		return NULL;
	while (n > 1 && dr[n - 1] == '/')
		n--;
	f = n == 1 ? "/index.php" : pf_printf(a, "%.*s/index.php", (int)n,
	    dr);
	if (pf_sim_request(c->sim, v, "/index.php", &fs, &lv) != 0 ||
	    lv.outcome != PF_SIM_OTHER || !lv.php_exec)
		return NULL;
	return pf_wdirs_modphp(c->wdirs, pf_vhost_run_user(c, v));
}

void
pf_pass_uploads(struct pf_rctx *c)
{
	const struct pf_vhost **vs;
	struct pf_arena *a;
	size_t n, i, j, k, nwd;
	PF_VEC(struct pf_folders) hits;	/* the vhost's findings */

	if (c->m->apache == NULL)
		return;
	n = pf_sim_vhosts(c->sim, &vs);
	a = pf_arena_new();	/* the simulator's strings, per vhost */
	for (i = 0; i < n; i++) {
		const struct pf_vhost *v = vs[i];
		const char *dr;
		const struct pf_vpool *vp = pf_vpool_of(c, v);
		struct pf_pool *pool = vp != NULL ? vp->pool : NULL;
		const struct pf_wdir *wd;
		const struct pf_pool *mp;	/* mod_php's stand-in */

		pf_arena_reset(a);
		memset(&hits, 0, sizeof(hits));
		pf_sim_scratch(c->sim, a);
		dr = pf_sim_docroot(c->sim, v);
		mp = pool == NULL ? modphp_runner(c, v, dr, a) : NULL;
		nwd = pf_wdirs_for(c->wdirs, v, dr, pool != NULL ? pool : mp,
		    &wd);
		for (j = 0; j < nwd; j++) {
			const struct pf_node *at;
			unsigned o;
			struct pf_diag *d;

			if (pf_sim_url_of(c->sim, v, wd[j].path) == NULL)
				continue;
			/* httpd never walks into it (its .htaccess unread) */
			if (pf_sim_link_refused(c->sim, v, wd[j].path, &at,
			    NULL) !=
			    NULL)
				continue;
			o = pf_sim_allow_override(c->sim, v, wd[j].path, &at);
			if ((o & (PF_OVR_FILEINFO | PF_OVR_OPTIONS |
			    PF_OVR_LIST)) == 0 || at == NULL)
				continue;
			for (k = 0; k < hits.n; k++)
				if (pf_folders_at(&hits.v[k], at->loc))
					break;
			if (k < hits.n) {	/* its line's finding names it */
				pf_folders_add(a, &hits.v[k], wd[j].path,
				    wd[j].why);
				continue;
			}
			d = pf_finding(c, "htaccess-override-upload",
			    PF_SEV_HIGH, at->loc, pf_vhost_label(c, v),
			    "%s is %s (%s) and AllowOverride lets an "
			    "uploaded .htaccess there %s", wd[j].path,
			    wd[j].guessed ? "an upload folder by its name" :
			    "writable", wd[j].why, (o & PF_OVR_FILEINFO) ?
			    "add handlers "
			    "and set PHP_VALUE/PHP_ADMIN_VALUE (FileInfo)" :
			    (o & PF_OVR_OPTIONS) ? (mp != NULL ? "turn "
			    "mod_php's engine back on (php_flag engine on), or "
			    "enable ExecCGI or Includes (Options)" : "enable "
			    "ExecCGI or Includes (Options)") : "use the directives of "
			    "AllowOverrideList");
			if (wd[j].loc.file != 0)
				pf_frel(c, d, wd[j].loc, "declared writable here");
			pf_ffix(c, d, "<Directory %s> AllowOverride None "
			    "</Directory>", wd[j].path);
			if (pool != NULL)
				pf_mark_exposed(c, pool, at);
			if (d != NULL) {
				PF_PUSH(a, hits, ((struct pf_folders){ 0 }));
				pf_folders_init(&hits.v[hits.n - 1], d, at->loc,
				    wd[j].path);
			}
		}
		for (k = 0; k < hits.n; k++)
			if (pf_folders_flush(c, &hits.v[k]))
				pf_ffix(c, hits.v[k].d, "<Directory %s> "
				    "AllowOverride None </Directory>, and the same "
				    "for each folder named (a <Directory> holds "
				    "below it too)", hits.v[k].first);
	}
	pf_sim_scratch(c->sim, NULL);
	pf_arena_free(a);
}
