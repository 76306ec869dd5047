/*
 * r_symlinks.c - rewrite-symlinks-off: per-directory RewriteRules where
 * neither Options FollowSymLinks nor SymLinksIfOwnerMatch is in effect.
 * mod_rewrite's fixup (hook_fixup) then answers 403 for every request
 * that gets that mod_rewrite config, whether a rule matches or not
 * ("AH00670: Options FollowSymLinks and SymLinksIfOwnerMatch are both
 * off, so the RewriteRule directive is also forbidden"): a WordPress or
 * Laravel site behind hardening guides' "Options -FollowSymLinks", an
 * absolute "Options Indexes" (which drops the server's FollowSymLinks)
 * or "Options None" is down, its images too.  apache2 -t says Syntax OK.
 *
 * The request simulator decides (sim.c perdir_rewrite: the merged
 * Options, and the per-directory mod_rewrite config as core merges it):
 * the routing pass hands over the probes it refused this way, and this
 * file probes each served <Directory> section or .htaccess file of the
 * vhost once more when some Options line of the configuration can take
 * both symlink options away and some section has mod_rewrite lines.
 * Verified on apache2 2.4 with php-fpm8.2 (tests/rules/sim_oracle.sh
 * scenario symlinks-rewrite, tests/rules/sim_random.py's m_options).
 */
#include <string.h>
#include <strings.h>

#include "rules/rule.h"
#include "rules/sim.h"

static int
active(const struct pf_node *n)
{
	return !(n->flags & (PF_NODE_INACTIVE | PF_NODE_READ |
	    PF_NODE_IGNORED | PF_NODE_FORBIDDEN));
}

static int
is_rewrite_dir_line(const struct pf_node *n)
{
	/* (the first letter first: every line of every vhost comes here) */
	return ((n->name[0] | 0x20) == 'r' &&
	    (n->name[1] | 0x20) == 'e' && (n->name[2] | 0x20) == 'w') && (
	    strcasecmp(n->name, "RewriteEngine") == 0 ||
	    strcasecmp(n->name, "RewriteRule") == 0 ||
	    strcasecmp(n->name, "RewriteOptions") == 0 ||
	    strcasecmp(n->name, "RewriteBase") == 0 ||
	    strcasecmp(n->name, "RewriteCond") == 0);
}

/* An Options line after which neither symlink option may be left: an
 * absolute one without FollowSymLinks, SymLinksIfOwnerMatch or All, or
 * one that takes one of them away and adds none. */
static int
clears_symlinks(const struct pf_node *n)
{
	int i, rel = 0, keeps = 0, takes = 0;

	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];
		char act = w[0] == '+' || w[0] == '-' ? w[0] : 0;

		if (act)
			rel = 1, w++;
		if (strcasecmp(w, "FollowSymLinks") == 0 ||
		    strcasecmp(w, "SymLinksIfOwnerMatch") == 0 ||
		    strcasecmp(w, "All") == 0) {
			if (act == '-')
				takes = 1;
			else
				keeps = 1;
		}
	}
	/* ("-FollowSymLinks +SymLinksIfOwnerMatch" keeps one) */
	return rel ? takes && !keeps : !keeps;
}

/* What the sections below n (a server's or a <Directory>'s children)
 * hold: *rw per-directory mod_rewrite lines, *opt an Options line that
 * clears_symlinks(). */
static void
scan(const struct pf_node *n, int depth, int *rw, int *opt)
{
	for (; n != NULL; n = n->next) {
		if (!active(n))
			continue;
		if (n->flags & PF_NODE_SECTION) {
			if (((n->name[0] | 0x20) != 'v' ||
			    strcasecmp(n->name, "VirtualHost") != 0) &&
			    n->child != NULL && depth < 8)
				scan(n->child, depth + 1, rw, opt);
			continue;
		}
		if ((n->name[0] | 0x20) == 'o' &&
		    strcasecmp(n->name, "Options") == 0 && clears_symlinks(n))
			*opt = 1;
		else if (depth > 0 && is_rewrite_dir_line(n))
			*rw = 1;
	}
}

/* The refusals found, one per Options line. */
struct seen {
	PF_VEC(struct pf_symref) v;
};

static void
note(struct pf_arena *a, struct seen *s, const struct pf_symref *r)
{
	size_t i;

	for (i = 0; i < s->v.n; i++)
		if (s->v.v[i].off == r->off)
			return;
	PF_PUSH(a, s->v, *r);
}

/* Probes a served directory's files (a static one, a script): the first
 * refused for want of symlink options is noted. */
static void
probe_dir(struct pf_rctx *c, const struct pf_vhost *v, struct pf_arena *a,
    const char *dir, struct seen *s)
{
	static const char *const names[] = { "favicon.ico", "index.php" };
	const char *url = pf_sim_url_of(c->sim, v, dir);
	size_t k, ul;

	if (url == NULL)
		return;
	ul = strlen(url);
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		const char *file = pf_printf(a, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", names[k]);
		const char *u = pf_printf(a, "%s%s%s", url, ul > 0 &&
		    url[ul - 1] == '/' ? "" : "/", names[k]);
		struct pf_sim_fs fs = { &file, 1, 0 };
		struct pf_sim_verdict vd;
		struct pf_symref r;

		if (pf_sim_request(c->sim, v, u, &fs, &vd) != 0)
			return;
		if (vd.outcome == PF_SIM_DENIED && vd.symlinks_off != NULL) {
			r.url = u;
			r.off = vd.symlinks_off;
			r.rules = vd.symlinks_rules;
			note(a, s, &r);
			return;
		}
	}
}

/* The Options line n with SymLinksIfOwnerMatch kept: the words that
 * take symlink options away (or None) dropped, the option added in the
 * line's own form. */
static const char *
fixed_line(struct pf_arena *a, const struct pf_node *n)
{
	const char *out = "Options";
	int i, rel = 0;

	for (i = 0; i < n->argc; i++)
		if (n->argv[i][0] == '+' || n->argv[i][0] == '-')
			rel = 1;
	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];
		const char *b = w[0] == '+' || w[0] == '-' ? w + 1 : w;

		if (strcasecmp(b, "None") == 0 || (w[0] == '-' &&
		    (strcasecmp(b, "FollowSymLinks") == 0 ||
		    strcasecmp(b, "SymLinksIfOwnerMatch") == 0)))
			continue;
		out = pf_printf(a, "%s %s", out, w);
	}
	return pf_printf(a, "%s %sSymLinksIfOwnerMatch", out, rel ? "+" : "");
}

static void
report(struct pf_rctx *c, const char *label, struct pf_arena *a,
    const struct pf_symref *r)
{
	const struct pf_node *off = r->off, *rules = r->rules;
	const char *where = rules != NULL && rules->argc > 0 ?
	    rules->argv[0] : NULL;
	struct pf_diag *d;

	d = pf_finding(c, "rewrite-symlinks-off", pf_rule_sev(
	    "rewrite-symlinks-off"), off->loc, label, "mod_rewrite answers "
	    "403 for every request that its per-directory rules%s%s%s apply "
	    "to, matching or not, since this line leaves neither "
	    "FollowSymLinks nor SymLinksIfOwnerMatch (AH00670): %s is "
	    "refused", where ? " (" : "", where ? where : "", where ? ")" :
	    "", r->url);
	if (rules != NULL)
		pf_frel(c, d, rules->loc, "%s's mod_rewrite lines, which need "
		    "one of the two", rules->flags & PF_NODE_HTACCESS ?
		    "the .htaccess file" : "this section");
	pf_ffix(c, d, "keep SymLinksIfOwnerMatch (or FollowSymLinks) where "
	    "the rules apply: %s", fixed_line(a, off));
}

void
pf_rewrite_symlinks(struct pf_rctx *c, const struct pf_vhost *v,
    const char *label, struct pf_arena *a, const struct pf_symref *found,
    size_t nfound)
{
	const struct pf_node *root = c->m->apache != NULL ?
	    c->m->apache->root : NULL;
	struct seen s = { { 0 } };
	size_t i;
	/* (looked up once per thread: called for every vhost) */
	static _Thread_local int id = -2;
	int rw = 0, opt = 0;

	if (id == -2)
		id = pf_rule_index("rewrite-symlinks-off");
	if (id < 0 || !c->enabled[id])
		return;
	for (i = 0; i < nfound; i++)
		note(a, &s, &found[i]);
	/* Anything to look for?  (The main server's part is the same for
	 * every vhost: scanned once.) */
	if (c->symlinks_main == 0) {
		int mrw = 0, mopt = 0;

		if (root != NULL)
			scan(root->child, 0, &mrw, &mopt);
		c->symlinks_main = 4 | (mrw ? 1 : 0) | (mopt ? 2 : 0);
	}
	rw = c->symlinks_main & 1;
	opt = (c->symlinks_main & 2) != 0;
	if (v->node != NULL)
		scan(v->node->child, 0, &rw, &opt);
	if (rw && opt) {
		const struct pf_node *lists[2] = { root != NULL ?
		    root->child : NULL, v->node != NULL ? v->node->child :
		    NULL };
		const struct pf_node *n;
		int k;

		for (k = 0; k < 2; k++)
			for (n = lists[k]; n != NULL; n = n->next)
				if (active(n) && (n->flags & PF_NODE_SECTION) &&
				    strcasecmp(n->name, "Directory") == 0 &&
				    n->argc == 1 && n->argv[0][0] == '/' &&
				    strpbrk(n->argv[0], "*?[") == NULL)
					probe_dir(c, v, a, n->argv[0], &s);
	}
	for (i = 0; i < s.v.n; i++)
		report(c, label, a, &s.v.v[i]);
}

/*
 * docroot-link-refused: the DocumentRoot of a vhost (or the main server)
 * is reached through a symbolic link that httpd's directory walk refuses
 * (the Options of the folder above it: without FollowSymLinks, or with
 * SymLinksIfOwnerMatch and another owner): every request for a file of
 * the site answers 403 (AH00037).  A deploy tool's "current -> releases/N"
 * under a hardening guide's "Options None" is the usual way there.  The
 * simulator's walk decides (pf_sim_link_refused, rules/sim_symlink.c).
 */
void
pf_pass_docroot_links(struct pf_rctx *c)
{
	const struct pf_vhost **vs;
	struct pf_arena *a;
	size_t n, i;
	int id = pf_rule_index("docroot-link-refused");

	if (c->m->apache == NULL || id < 0 || !c->enabled[id] ||
	    !pf_sim_links_may_refuse(c->sim))
		return;
	n = pf_sim_vhosts(c->sim, &vs);
	a = pf_arena_new();	/* the walks' strings, emptied per vhost */
	for (i = 0; i < n; i++) {
		const struct pf_vhost *v = vs[i];
		const char *dr, *link;
		const struct pf_node *opt;
		struct pf_diag *d;
		struct pf_loc at;
		int owner;

		pf_arena_reset(a);
		pf_sim_scratch(c->sim, a);
		dr = pf_sim_docroot(c->sim, v);
		if (dr == NULL || (link = pf_sim_link_refused(c->sim, v, dr,
		    &opt, &owner)) == NULL)
			continue;
		at = opt != NULL ? opt->loc : v->document_root.loc;
		d = pf_finding(c, "docroot-link-refused",
		    pf_rule_sev("docroot-link-refused"), at, pf_vhost_label(c, v),
		    "every file of %s answers 403: the way to its DocumentRoot %s "
		    "goes through the symbolic link %s, which %s (AH00037)",
		    pf_vhost_label(c, v), dr, link, opt == NULL ? "Options do "
		    "not let httpd follow" : pf_printf(c->run->arena, "Options "
		    "%s does not let httpd follow%s", opt->raw, owner ?
		    " (its owner is not its target's)" : ""));
		if (v->document_root.loc.file != 0)
			pf_frel(c, d, v->document_root.loc, "the DocumentRoot");
		pf_ffix(c, d, "point DocumentRoot at the link's target, or allow "
		    "the link where it is: Options +FollowSymLinks (or "
		    "+SymLinksIfOwnerMatch with the link owned by its target's "
		    "owner) in the <Directory> of the folder that holds %s",
		    link);
	}
	pf_sim_scratch(c->sim, NULL);
	pf_arena_free(a);
}
