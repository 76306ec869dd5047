/*
 * httpd_htaccess.c - reads the .htaccess files Apache would read: below
 * each document root that exists on this machine (or under --root), in
 * every directory where the AllowOverride in effect lets httpd read one
 * (the non-regex <Directory> sections of the main server and the vhost,
 * shortest path first, later ones winning, as ap_directory_walk merges
 * them).  With no AllowOverride at all httpd still reads the file and
 * allows nothing in it (the server default is OR_UNSET, not OR_NONE);
 * AllowOverride None with no AllowOverrideList is the only "not read".
 * Each file becomes a synthetic <Directory DIR> section flagged
 * PF_NODE_HTACCESS under the vhost (or the main server), so the request
 * simulator merges it where httpd does (reference/semantics.md 1.14); the
 * check then flags what the overrides refuse (PF_NODE_FORBIDDEN: a 500
 * for the directory) or skip (PF_NODE_IGNORED, Nonfatal=).
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/conf_read.h"
#include "parsers/httpd_int.h"
#include "parsers/prefetch.h"
#include "model/nss.h"

/*
 * Bounds on the walk: folders below one document root (per vhost that
 * walks it), its depth, and folders over the whole run.  A walk that
 * meets one says so (a note per document root, one for the run): what
 * lies past it is not read.  The bound was once 20,000 folders for the
 * whole run, which on a tree of 2,000 WordPress sites read the
 * .htaccess files of the first 450 and said nothing of the rest.
 */
#define MAX_DEPTH	PF_DEEP_DEPTH
#define MAX_DIRS	20000
#define MAX_DIRS_RUN	2000000

void	pf_hrd_model_sub(struct hrd *, struct pf_vhost *, struct pf_node *);

/* OPT_* of core.c, for AllowOverride Options=... and Options. */
#define OPT_INDEXES	1
#define OPT_INCLUDES	2
#define OPT_SYM_LINKS	4
#define OPT_EXECCGI	8
#define OPT_INC_WITH_EXEC 32
#define OPT_SYM_OWNER	64
#define OPT_MULTI	128
#define OPT_ALL		(OPT_INDEXES | OPT_INCLUDES | OPT_INC_WITH_EXEC | \
			    OPT_SYM_LINKS | OPT_EXECCGI)
/* a <Directory>'s override_opts before any AllowOverride Options */
#define OPT_DEFAULT	(OPT_ALL | OPT_SYM_OWNER | OPT_MULTI)

/* The OPT_* bits of an Options word (set_allow_opts and set_options
 * agree on these), -1 if it is none. */
int
pf_hrd_option_bits(const char *w)
{
	static const struct { const char *name; int bits; } opts[] = {
		{ "Indexes", OPT_INDEXES },
		{ "Includes", OPT_INCLUDES | OPT_INC_WITH_EXEC },
		{ "IncludesNOEXEC", OPT_INCLUDES },
		{ "FollowSymLinks", OPT_SYM_LINKS },
		{ "SymLinksIfOwnerMatch", OPT_SYM_OWNER },
		{ "ExecCGI", OPT_EXECCGI },
		{ "MultiViews", OPT_MULTI },
		{ "RunScripts", OPT_MULTI | OPT_EXECCGI },
		{ "None", 0 },
		{ "All", OPT_ALL },
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcasecmp(w, opts[i].name) == 0)
			return opts[i].bits;
	return -1;
}

/*
 * core.c set_override on one AllowOverride: classes into o->ovr,
 * Options=a,b (set_allow_opts: the list replaces the allowed options) or
 * bare Options (OPT_ALL) into *opts, Nonfatal= into o->nonfatal.  None
 * and All replace what came before in the line, Nonfatal too.
 */
static void
parse_override(const struct pf_node *n, struct pf_hovr *o, unsigned *opts)
{
	int i;

	o->ovr = 0;
	o->nonfatal = 0;
	for (i = 0; i < n->argc; i++) {
		const char *a = n->argv[i], *v = strchr(a, '=');
		size_t kl = v != NULL ? (size_t)(v - a) : strlen(a);

		if (v != NULL)
			v++;
#define IS(k) (kl == sizeof(k) - 1 && strncasecmp(a, k, kl) == 0)
		if (IS("Limit"))
			o->ovr |= PF_OVR_LIMIT;
		else if (IS("Options")) {
			o->ovr |= PF_OVR_OPTIONS;
			if (v != NULL) {
				/* apr_strtok on ',': empty fields skipped */
				const char *p = v;
				int first = 1;

				while (*p != '\0') {
					size_t l = strcspn(p, ",");
					char w[32];
					int b;

					if (l > 0 && l < sizeof(w)) {
						memcpy(w, p, l);
						w[l] = '\0';
						if (first)
							*opts = 0;
						first = 0;
						if ((b = pf_hrd_option_bits(w)) > 0)
							*opts |= (unsigned)b;
					}
					p += l;
					if (*p == ',')
						p++;
				}
			} else
				*opts = OPT_ALL;
		} else if (IS("FileInfo"))
			o->ovr |= PF_OVR_FILEINFO;
		else if (IS("AuthConfig"))
			o->ovr |= PF_OVR_AUTHCONFIG;
		else if (IS("Indexes"))
			o->ovr |= PF_OVR_INDEXES;
		else if (IS("Nonfatal") && v != NULL) {
			if (strcasecmp(v, "Override") == 0)
				o->nonfatal |= PF_HOVR_NF_OVERRIDE;
			else if (strcasecmp(v, "Unknown") == 0)
				o->nonfatal |= PF_HOVR_NF_UNKNOWN;
			else if (strcasecmp(v, "All") == 0)
				o->nonfatal |= PF_HOVR_NF_OVERRIDE |
				    PF_HOVR_NF_UNKNOWN;
		} else if (IS("None")) {
			o->ovr = 0;
			o->nonfatal = 0;
		} else if (IS("All")) {
			o->ovr = PF_OVR_ALL;
			o->nonfatal = 0;
		}
#undef IS
	}
}

/*
 * Does AllowOverrideList keep this name?  set_override_list discards (with
 * a warning, AH00114/AH02304) a name no loaded module defines and one
 * allowed neither in .htaccess nor in <Directory>.
 */
static int
list_keeps(struct hrd *r, const char *name)
{
	char l[128];
	uint32_t h = PF_HRD_HASH0;
	const struct pf_directive *d;
	size_t i, nd;

	for (i = 0; name[i] != '\0'; i++) {
		if (i + 1 >= sizeof(l))
			return 0;
		l[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 :
		    name[i]);
		h = PF_HRD_HASH(h, l[i]);
	}
	l[i] = '\0';
	for (d = pf_hrd_dfind(l, h, &nd), i = 0; d != NULL && i < nd; i++)
		if (r->mod_on[d[i].module] &&
		    (d[i].ctx & (PF_OVR_ALL | PF_CTX_DIR)) != 0)
			return 1;
	return 0;
}

/* Does httpd read the .htaccess file under these overrides?  With
 * AllowOverride None, only if AllowOverrideList kept a name. */
static int
reads(struct hrd *r, const struct pf_hovr *o)
{
	int i;

	if (o->unset || o->ovr != 0 || o->nonfatal != 0)
		return 1;
	for (i = 0; o->list != NULL && i < o->list->argc; i++)
		if (strcasecmp(o->list->argv[i], "None") != 0 &&
		    list_keeps(r, o->list->argv[i]))
			return 1;
	return 0;
}

/* Does <Directory pat> apply to dir (the directory or a parent)? */
static int
dir_applies(const char *pat, const char *dir)
{
	size_t pl = strlen(pat);
	char *tmp;
	int ok;

	while (pl > 1 && pat[pl - 1] == '/')
		pl--;
	if (strpbrk(pat, "*?[") == NULL)
		return strncmp(pat, dir, pl) == 0 &&
		    (dir[pl] == '\0' || dir[pl] == '/' || pl == 1);
	tmp = strndup(pat, pl);
	if (tmp == NULL)
		return 0;
	/* Match the pattern against the same number of components. */
	{
		size_t slashes = 0, i;
		const char *d = dir;

		for (i = 0; tmp[i] != '\0'; i++)
			if (tmp[i] == '/')
				slashes++;
		for (i = 0; *d != '\0'; d++)
			if (*d == '/' && ++i > slashes)
				break;
		{
			char *prefix = strndup(dir, (size_t)(d - dir));

			ok = prefix != NULL && fnmatch(tmp, prefix,
			    FNM_PATHNAME) == 0;
			free(prefix);
		}
	}
	free(tmp);
	return ok;
}

struct nodevec {
	const struct pf_node **v;
	size_t		 n, cap;
};

/*
 * The <Directory> sections (one argument) of a server's own, from the
 * model's list of its sections: the sections of p's children that are
 * active, which is what a walk of p's children finds, without reading
 * each child again.
 */
static void
collect_dirs(const struct pf_vhost *vh, struct nodevec *out,
    struct pf_arena *a)
{
	const struct pf_node *c;
	size_t i;

	for (i = 0; i < vh->sections.n; i++) {
		c = vh->sections.v[i];
		if (c->argc == 1 && !(c->flags & PF_NODE_HTACCESS) &&
		    pf_hrd_kind(c) == HK_DIRECTORY)
			PF_PUSH(a, *out, c);
	}
}

/* What one <Directory> section says of overrides (merge_upto), and of
 * its path (applicable): each known once per run, the vhost's own once
 * per vhost. */
struct secovr {
	struct pf_hovr	 so;
	unsigned	 sopts;
	const struct pf_node *list;	/* its last AllowOverrideList */
	int		 set, valid;
	size_t		 pl;		/* the path's length, less trailing
					 * '/'s (0: a pattern) */
	size_t		 comps;		/* pat_comps() */
	int		 pat_valid;
};

struct udmap;

struct walkst {
	struct hrd	*r;
	struct pf_vhost	*vh;
	int		 dirs;		/* folders of this walk */
	size_t		 total;		/* of every walk */
	int		 cut;		/* this walk met MAX_DIRS/MAX_DEPTH */
	const char	*root;		/* the walk's root: a document root or
					 * an Alias target */
	struct pf_loc	 root_loc;	/* its DocumentRoot or Alias line */
	const char	*cut_root;	/* the root being walked at the cut */
	struct pf_loc	 cut_loc;
	size_t		 run_cut;	/* walks MAX_DIRS_RUN cut or skipped */
	const char	*first_cut;	/* the first of them */
	size_t		 job;		/* the reader thread's job of the
					 * document root walked, + 1 */
	const char	*dr;		/* walking Alias targets: the vhost's
					 * document root, walked already */
	struct pf_hmap	 shared;	/* Alias targets walked as the main
					 * server's (for every vhost) */
	struct pf_hmap	 absent;	/* directories above a walk's root
					 * with no file of the main server's
					 * AccessFileName (every vhost asks) */
	const struct pf_svec *main_names; /* the main server's AccessFileName */
	struct pf_arena	*sa;		/* the paths of one vhost's walk (a
					 * string per folder: 12 MB for
					 * 90,000 folders), reset after it;
					 * what is kept is copied to r->a */
	size_t		 nmain;		/* secs: the main server's first */
	struct mindex	*mix;		/* their index (many: mindex_build) */
	struct nodevec	 secs;		/* then the vhost's <Directory> */
	const struct pf_svec *names;	/* the vhost's AccessFileName */
	struct pf_hmap	 warned;	/* unreadable files said once (vhosts
					 * sharing a DocumentRoot each walk it) */
	struct pf_hmap	 reads;		/* path -> struct htread: its first
					 * read's diagnostics */
	PF_VEC(struct secovr) sov;	/* per secs entry, once known (the
					 * vhost's own: per vhost) */
	const char	*app_dir;	/* what order and lens are of */
	PF_VEC(size_t)	 order;		/* scratch: applicable secs */
	PF_VEC(size_t)	 lens;
	PF_VEC(struct udmap *) ud;	/* the users of each UserDir line */
	struct pf_pwent	*pw;		/* the passwd accounts, once read */
	size_t		 npw;
	int		 pw_read;
	struct pf_hmap	 pw_by_name;	/* name -> its pf_pwent */
};

/* d_components of a <Directory> path: its '/'s once trailing ones are
 * cut and one is added back (dirsection's "path/"), the root 1. */
static size_t
pat_comps(const char *pat)
{
	size_t pl = strlen(pat), i, n = 0;

	while (pl > 1 && pat[pl - 1] == '/')
		pl--;
	for (i = 0; i < pl; i++)
		n += pat[i] == '/';
	return pl == 1 && pat[0] == '/' ? 1 : n + 1;
}

/* secs[i]'s path facts (sov), known once. */
static struct secovr *
sov_pat(struct walkst *w, size_t i)
{
	const char *pat = w->secs.v[i]->argv[0];
	struct secovr *sv = &w->sov.v[i];

	if (!sv->pat_valid) {
		size_t pl = strlen(pat);

		while (pl > 1 && pat[pl - 1] == '/')
			pl--;
		sv->pl = strpbrk(pat, "*?[") == NULL ? pl : 0;
		sv->comps = pat_comps(pat);
		sv->pat_valid = 1;
	}
	return sv;
}

/* Does secs[i] apply to dir?  Into w->order and w->lens when it does. */
static void
sec_applies(struct walkst *w, size_t i, const char *dir)
{
	const char *pat = w->secs.v[i]->argv[0];
	struct secovr *sv = sov_pat(w, i);

	/* (a plain path: dir_applies()'s test without its strlen and
	 * strpbrk per directory) */
	if (sv->pl > 0 ? strncmp(pat, dir, sv->pl) != 0 ||
	    (dir[sv->pl] != '\0' && dir[sv->pl] != '/' && sv->pl != 1) :
	    !dir_applies(pat, dir))
		return;
	PF_PUSH(w->r->a, w->order, i);
	PF_PUSH(w->r->a, w->lens, sv->comps);
}

/*
 * The main server's <Directory> sections by path, built once when there
 * are many: a panel's per-user <Directory /home/USER/public_html>, one
 * per site at the top level, made every folder of every vhost's walk
 * test each of them (applicable(), overrides_below()): sections x
 * vhosts.  A plain path of two or more characters (no wildcard) applies
 * to a directory exactly when it is one of the directory's leading
 * parts ending at a '/' or at its end (sec_applies()'s test), so those
 * are looked up by each such part; the others are tested one by one.
 * For overrides_below(), the plain paths of the sections that set
 * AllowOverride or AllowOverrideList, sorted: those below a directory
 * are the ones that begin with it and a '/'.
 */
#define MAIN_INDEX	32

struct mentry {
	size_t		 i;		/* in secs */
	struct mentry	*next;		/* the next of the same path */
};

struct mindex {
	struct pf_hmap	 plain;		/* path -> struct mentry * */
	size_t		*rest;		/* the others, in order */
	size_t		 nrest;
	const char	**below;	/* sorted */
	size_t		 nbelow;
	size_t		*brest;		/* the others that set them */
	size_t		 nbrest;
};

static int
sets_override(const struct pf_node *sec)
{
	const struct pf_node *c;

	for (c = sec->child; c != NULL; c = c->next)
		if (!(c->flags & (PF_NODE_INACTIVE | PF_NODE_UNKNOWN)) &&
		    (pf_hrd_kind(c) == HK_ALLOWOVERRIDE ||
		    pf_hrd_kind(c) == HK_ALLOWOVERRIDELIST))
			return 1;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
mindex_build(struct walkst *w)
{
	struct pf_arena *a = w->r->a;
	struct mindex *m;
	size_t i;

	if (w->nmain < MAIN_INDEX)
		return;
	while (w->sov.n < w->nmain)
		PF_PUSH(a, w->sov, (struct secovr){ 0 });
	m = pf_alloc(a, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->rest = pf_alloc(a, w->nmain * sizeof(*m->rest));
	m->below = pf_alloc(a, w->nmain * sizeof(*m->below));
	m->brest = pf_alloc(a, w->nmain * sizeof(*m->brest));
	for (i = 0; i < w->nmain; i++) {
		const struct secovr *sv = sov_pat(w, i);
		const char *pat = w->secs.v[i]->argv[0];
		int ovr = sets_override(w->secs.v[i]);
		struct mentry *e;
		char *key;

		if (sv->pl < 2) {
			m->rest[m->nrest++] = i;
			if (ovr)
				m->brest[m->nbrest++] = i;
			continue;
		}
		key = pf_strndup(a, pat, sv->pl);
		if (ovr)
			m->below[m->nbelow++] = key;
		/* (newest first: applicable() sorts by components and
		 * file order) */
		e = pf_alloc(a, sizeof(*e));
		e->i = i;
		e->next = pf_hmap_get(&m->plain, key);
		pf_hmap_put(a, &m->plain, key, e);
	}
	if (m->nbelow > 1)
		qsort(m->below, m->nbelow, sizeof(*m->below), cmp_str);
	w->mix = m;
}

/* The sections that apply to dir, into w->order (fewest components
 * first, then in file order, as httpd merges them) and w->lens. */
static void
applicable(struct walkst *w, const char *dir)
{
	struct hrd *r = w->r;
	size_t i, j, from = 0, dl = strlen(dir);
	char buf[4096];

	w->app_dir = dir;
	w->order.n = w->lens.n = 0;
	while (w->sov.n < w->secs.n)
		PF_PUSH(r->a, w->sov, (struct secovr){ 0 });
	if (w->mix != NULL && dl < sizeof(buf)) {
		const struct mindex *m = w->mix;
		size_t e;

		for (j = 0; j < m->nrest; j++)
			sec_applies(w, m->rest[j], dir);
		/* each leading part of dir, up to a '/' or its end */
		for (e = 2; e <= dl; e++) {
			const struct mentry *me;

			if (e < dl && dir[e] != '/')
				continue;
			memcpy(buf, dir, e);
			buf[e] = '\0';
			for (me = pf_hmap_get(&m->plain, buf); me != NULL;
			    me = me->next) {
				PF_PUSH(r->a, w->order, me->i);
				PF_PUSH(r->a, w->lens, w->sov.v[me->i].comps);
			}
		}
		from = w->nmain;
	}
	for (i = from; i < w->secs.n; i++)
		sec_applies(w, i, dir);
	/* insertion sort by components, then file order: the lists are
	 * short (stable, when they came in file order) */
	for (i = 1; i < w->order.n; i++)
		for (j = i; j > 0 && (w->lens.v[j - 1] > w->lens.v[j] ||
		    (w->lens.v[j - 1] == w->lens.v[j] &&
		    w->order.v[j - 1] > w->order.v[j])); j--) {
			size_t t = w->lens.v[j];

			w->lens.v[j] = w->lens.v[j - 1];
			w->lens.v[j - 1] = t;
			t = w->order.v[j];
			w->order.v[j] = w->order.v[j - 1];
			w->order.v[j - 1] = t;
		}
}

/* The overrides of the sections applicable() found, those of at most
 * comps components (a directory above the one it was asked of). */
static struct pf_hovr
merge_upto(struct walkst *w, size_t comps)
{
	struct pf_hovr o;
	size_t k;
	const struct pf_node *c;

	memset(&o, 0, sizeof(o));
	o.unset = 1;
	o.opts = OPT_DEFAULT;
	for (k = 0; k < w->order.n && w->lens.v[k] <= comps; k++) {
		size_t i = w->order.v[k];
		struct secovr *sv;

		sv = &w->sov.v[i];	/* (applicable() made it) */
		if (!sv->valid) {
			/* (once per section: the main server's are every
			 * vhost's, walked at each level above its root) */
			memset(&sv->so, 0, sizeof(sv->so));
			sv->sopts = OPT_DEFAULT;
			sv->list = NULL;
			sv->set = 0;
			for (c = w->secs.v[i]->child; c != NULL; c = c->next) {
				if (c->flags & (PF_NODE_INACTIVE |
				    PF_NODE_UNKNOWN))
					continue;
				switch (pf_hrd_kind(c)) {
				case HK_ALLOWOVERRIDE:
					parse_override(c, &sv->so, &sv->sopts);
					sv->set = 1;
					break;
				case HK_ALLOWOVERRIDELIST:
					sv->list = c;
					break;
				}
			}
			sv->valid = 1;
		}
		if (sv->list != NULL)
			o.list = sv->list;
		if (sv->set) {
			o.ovr = sv->so.ovr;
			o.nonfatal = sv->so.nonfatal;
			o.opts = sv->sopts;
			o.unset = 0;
		}
	}
	return o;
}

/*
 * The overrides in effect for dir: the sections
 * that apply, fewest path components first, ties in configuration order
 * (the main server's before the vhost's), as core.c reorder_sorter and
 * ap_directory_walk's core_opts_merge have it: the last section that
 * sets AllowOverride gives the classes and the Options its Options=
 * allow, the last AllowOverrideList the list.
 */
static struct pf_hovr
override_for(struct walkst *w, const char *dir)
{
	/* (read_parents() left the document root's) */
	if (w->app_dir != dir)
		applicable(w, dir);
	return merge_upto(w, (size_t)-1);
}

/* Could a <Directory pat> match a path below dir?  Literal patterns are
 * compared; for one with wildcards only its literal start is (the rest
 * is assumed to match). */
static int
pat_below(const char *pat, const char *dir)
{
	size_t dl = strlen(dir), pl = strlen(pat), lp;

	while (dl > 0 && dir[dl - 1] == '/')
		dl--;		/* the root: "" */
	while (pl > 1 && pat[pl - 1] == '/')
		pl--;
	lp = strcspn(pat, "*?[");
	if (lp >= pl)
		return pl > dl + 1 && strncmp(pat, dir, dl) == 0 &&
		    pat[dl] == '/';
	if (lp <= dl)
		return strncmp(pat, dir, lp) == 0;
	return strncmp(pat, dir, dl) == 0 && pat[dl] == '/';
}

/* Could a section below dir set AllowOverride or AllowOverrideList? */
static int
overrides_below(const struct walkst *w, const char *dir)
{
	size_t i, from = 0;

	if (w->mix != NULL) {
		const struct mindex *m = w->mix;
		size_t dl = strlen(dir), lo = 0, hi = m->nbelow;
		char *pre;

		while (dl > 0 && dir[dl - 1] == '/')
			dl--;
		/* the first plain path at or after dir + '/' */
		pre = pf_alloc(w->sa, dl + 2);
		memcpy(pre, dir, dl);
		pre[dl] = '/';
		pre[dl + 1] = '\0';
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(m->below[mid], pre) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < m->nbelow && strncmp(m->below[lo], pre, dl + 1) == 0)
			return 1;
		for (i = 0; i < m->nbrest; i++)
			if (pat_below(w->secs.v[m->brest[i]]->argv[0], dir))
				return 1;
		from = w->nmain;
	}
	for (i = from; i < w->secs.n; i++)
		if (pat_below(w->secs.v[i]->argv[0], dir) &&
		    sets_override(w->secs.v[i]))
			return 1;
	return 0;
}

/*
 * A read error in an .htaccess file (a false <IfModule> or a section left
 * open, "Expected </X> but saw </Y>", a stray </X>, a '>' missing, a line
 * too long) fails it in ap_build_config as the check's errors fail it in
 * ap_walk_config: 500 for every request under the directory while the
 * server runs on.  So it is a warning like those (not an input error),
 * and the file is refused for the request simulator: the synthetic
 * section, and a refused node at the error's line (named by the line's
 * first word, no arguments, "unknown" to everything else), since the
 * read may have left no node there (a false conditional keeps its body
 * inactive; a line that did not parse has none).
 */
static void
read_failed(struct hrd *r, struct pf_node *sec, size_t first, int nerr)
{
	struct pf_loc at = PF_NOLOC;
	const struct pf_source *src;
	struct pf_node *m;
	size_t i;

	for (i = first; i < r->run->diags.n; i++) {
		struct pf_diag *d = r->run->diags.v[i];

		if (d->sev == PF_SEV_ERROR) {
			if (at.line == 0)
				at = d->loc;
			d->sev = PF_SEV_WARNING;
			r->run->count[PF_SEV_ERROR]--;
			r->run->count[PF_SEV_WARNING]++;
		}
	}
	r->nerr_read = nerr;
	sec->flags |= PF_NODE_FORBIDDEN;
	m = pf_hrd_node_new(r);
	m->name = "?";
	m->loc = at.line != 0 ? at : sec->loc;
	if ((src = pf_source_get(r->run, m->loc.file)) != NULL &&
	    src->data != NULL && m->loc.line >= 1) {
		const char *p = src->data, *e = p + src->len;
		uint32_t ln = 1;
		size_t l;

		while (ln < m->loc.line && p < e)
			if (*p++ == '\n')
				ln++;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p < e && *p == '<')
			p++;
		if (p < e && *p == '/')
			p++;
		for (l = 0; p + l < e && l < 64 && strchr(" \t\r\n>",
		    p[l]) == NULL; l++)
			;
		if (l > 0)
			m->name = pf_strndup(r->a, p, l);
	}
	m->flags = PF_NODE_HTACCESS | PF_NODE_UNKNOWN | PF_NODE_FORBIDDEN;
	pf_hrd_append(r, sec, m);
}

/* The diagnostics [first, end) of an .htaccess file's first read. */
struct htread {
	size_t		 first, end;
};

/*
 * A file read again for another vhost sharing the DocumentRoot (the :80
 * and :443 vhosts of a site, www and bare names): its diagnostics from
 * first on that its first read already gave (same severity, id, place
 * and message) are dropped, so each is said once.  What differs (other
 * overrides in that vhost's sections) stays.
 */
static void
drop_repeats(struct hrd *r, size_t first, const struct htread *prev)
{
	struct pf_run *run = r->run;
	size_t i, j, k = first;

	for (i = first; i < run->diags.n; i++) {
		struct pf_diag *d = run->diags.v[i];
		int dup = 0;

		for (j = prev->first; j < prev->end && !dup; j++) {
			const struct pf_diag *e = run->diags.v[j];

			dup = e->sev == d->sev && e->loc.line == d->loc.line &&
			    e->loc.col == d->loc.col && e->id != NULL &&
			    d->id != NULL && strcmp(e->id, d->id) == 0 &&
			    strcmp(e->message, d->message) == 0;
		}
		if (dup)
			run->count[d->sev]--;
		else
			run->diags.v[k++] = d;
	}
	run->diags.n = k;
}

/* The synthetic <Directory DIR> of an .htaccess file, read and checked
 * under the overrides o. */
static void
read_one(struct walkst *w, const char *dir, const char *path, char *data,
    size_t len, const struct pf_hovr *o)
{
	struct hrd *r = w->r;
	struct pf_node *sec = pf_hrd_node_new(r);
	struct pf_node *parent = w->vh->node != NULL ?
	    (struct pf_node *)w->vh->node : r->ap->root;
	size_t first = r->run->diags.n;
	int nerr = r->nerr_read;
	const struct htread *prev;

	sec->name = "Directory";
	sec->argv = pf_alloc(r->a, 2 * sizeof(char *));
	sec->argv[0] = pf_strdup(r->a, dir);
	sec->argc = 1;
	sec->raw = sec->argv[0];
	sec->flags = PF_NODE_SECTION | PF_NODE_HTACCESS;
	pf_hrd_append(r, parent, sec);
	r->htovr = o;		/* the read judges the conditionals */
	pf_hrd_read_htaccess(r, path, data, len, sec);
	if (sec->child != NULL)
		sec->loc = sec->child->loc;
	pf_hrd_check(r, sec);
	r->htovr = NULL;
	if (r->nerr_read != nerr)
		read_failed(r, sec, first, nerr);
	pf_hrd_model_sub(r, w->vh, sec);
	if ((prev = pf_hmap_get(&w->reads, path)) != NULL)
		drop_repeats(r, first, prev);
	else {
		struct htread *h = pf_alloc(r->a, sizeof(*h));

		h->first = first;
		h->end = r->run->diags.n;
		pf_hmap_put(r->a, &w->reads, path, h);
	}
}

/* The last active directive of a kind among p's children (argc 1). */
static const struct pf_node *
last_of(const struct pf_node *p, int kind)
{
	const struct pf_node *c, *found = NULL;

	for (c = p->child; c != NULL; c = c->next)
		if (!(c->flags & (PF_NODE_INACTIVE | PF_NODE_READ)) &&
		    c->argc == 1 && pf_hrd_kind(c) == kind)
			found = c;
	return found;
}

/* dir/name, with one '/' between them whatever dir ends with ("/",
 * "/srv/www/" as a DocumentRoot is often written). */
static const char *
dir_join(struct hrd *r, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return pf_hrd_join(r->a, dir, n > 0 && dir[n - 1] == '/' ? "" : "/",
	    name);
}

static const char *
docroot_of(struct hrd *r, const struct pf_node *n)
{
	const char *d = n->argv[0];

	return d[0] == '/' ? d : pf_hrd_join(r->a, r->server_root, "/", d);
}

/*
 * Might the walk go below a document root?  Only where httpd would read an
 * .htaccess file there: an active AllowOverride (List) that is not None,
 * or none at all in a <Directory /> (the default reads the file).  A
 * guess from the raw tree, before the check and the model: a wrong one
 * costs time only (the walk lists what the reader thread did not).  Over
 * from's active descendants, <VirtualHost> sections too if vhosts: does
 * one allow something (and *root_none: is there <Directory /> None)?
 */
static int
any_override(const struct pf_node *from, int vhosts, int *root_none)
{
	const struct pf_node *c, *n;
	int k;

	for (c = from->child; c != NULL; ) {
		int sec = (c->flags & PF_NODE_SECTION) != 0;

		if (!(c->flags & PF_NODE_INACTIVE) && !sec &&
		    ((k = pf_hrd_kind(c)) == HK_ALLOWOVERRIDE ||
		    k == HK_ALLOWOVERRIDELIST)) {
			if (c->argc != 1 || strcasecmp(c->argv[0], "None") != 0)
				return 1;
			if (k == HK_ALLOWOVERRIDE && c->parent != NULL &&
			    c->parent->argc >= 1 &&
			    strcmp(c->parent->argv[0], "/") == 0 &&
			    pf_hrd_kind(c->parent) == HK_DIRECTORY)
				*root_none = 1;
		}
		/* depth first over active sections */
		if (c->child != NULL && !(c->flags & PF_NODE_INACTIVE) &&
		    (vhosts || !sec || pf_hrd_kind(c) != HK_VHOST)) {
			c = c->child;
			continue;
		}
		for (n = c; n != from && n->next == NULL; )
			n = n->parent;
		if (n == from)
			break;
		c = n->next;
	}
	return 0;
}

/* A document root the walk will start from: index + 1. */
static size_t
new_dir(struct hrd *r, void *dirsv, const char *d, uint32_t **refs,
    unsigned char **dp, size_t *cap)
{
	PF_VEC(const char *) *dirs = dirsv;

	PF_PUSH(r->a, *dirs, d);
	if (dirs->n > *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*refs = pf_xrealloc(*refs, *cap * sizeof(**refs));
		*dp = pf_xrealloc(*dp, *cap);
	}
	(*refs)[dirs->n - 1] = 0;
	(*dp)[dirs->n - 1] = 0;
	pf_hmap_put(r->a, &r->ht_map, d, (void *)dirs->n);
	return dirs->n;
}

/*
 * Before the check and the model: the document roots the walk will start
 * from, found as the model will find them (the last DocumentRoot of the
 * main server and of each <VirtualHost>), go to the reader thread, which
 * opens their .htaccess files and stats them meanwhile.  A guess that
 * turns out wrong (a relative root, another AccessFileName) only costs the
 * walk a probe of its own.
 */
void
pf_hrd_htaccess_start(struct hrd *r)
{
	const struct pf_node *c, *n;
	const char *afn = ".htaccess", *main_dr = "/var/www/html", *e;
	PF_VEC(const char *) dirs = { 0 };
	/* per dir: vhosts, walk below (malloc()ed: an arena vector's
	 * growth left 300 KB behind at 10,000 vhosts) */
	uint32_t *refs = NULL;
	unsigned char *dp = NULL;
	size_t cap = 0;
	size_t i, k;
	int list, deep, root_none = 0, all;

	if ((n = last_of(r->ap->root, HK_ACCESSFILENAME)) != NULL)
		afn = n->argv[0];
	if ((n = last_of(r->ap->root, HK_DOCUMENTROOT)) != NULL)
		main_dr = docroot_of(r, n);
	/* the main server's sections apply to every vhost; a vhost's own
	 * to itself */
	all = any_override(r->ap->root, 0, &root_none) || !root_none;
	for (c = r->ap->root->child; c != NULL; c = c->next) {
		const char *d = main_dr;

		if (!(c->flags & PF_NODE_SECTION) || (c->flags &
		    (PF_NODE_INACTIVE | PF_NODE_READ)) ||
		    pf_hrd_kind(c) != HK_VHOST)
			continue;
		if ((n = last_of(c, HK_DOCUMENTROOT)) != NULL)
			d = docroot_of(r, n);
		if ((k = (size_t)pf_hmap_get(&r->ht_map, d)) == 0)
			k = new_dir(r, &dirs, d, &refs, &dp, &cap);
		refs[k - 1]++;
		if (!dp[k - 1])
			dp[k - 1] = (unsigned char)(all ||
			    any_override(c, 1, &root_none));
	}
	if ((k = (size_t)pf_hmap_get(&r->ht_map, main_dr)) == 0)
		k = new_dir(r, &dirs, main_dr, &refs, &dp, &cap);
	refs[k - 1]++;
	dp[k - 1] |= (unsigned char)all;
	/* lint lists the DocumentRoots anyway: list them now, and look
	 * for the file in the listing (prefetch.c, list_probe) */
	list = r->o->keep_listings && strchr(afn, '/') == NULL &&
	    pf_prefetch_useful(dirs.n);
	if ((e = getenv("PF_HTACCESS_LIST")) != NULL && strcmp(e, "off") == 0)
		list = 0;	/* (tests compare) */
	/* (dump probes each DocumentRoot, and lists below those with
	 * folders: probe_deep) */
	deep = strchr(afn, '/') == NULL;
	if ((e = getenv("PF_HTACCESS_DEEP")) != NULL && strcmp(e, "off") == 0)
		deep = 0;	/* (tests compare) */
	r->ht_refs = refs;
	r->ht_jobs = pf_alloc(r->a, (dirs.n + 1) * sizeof(*r->ht_jobs));
	r->ht_paths = pf_alloc(r->a, (dirs.n + 1) * sizeof(char *));
	r->ht_n = dirs.n;
	for (i = 0; i < dirs.n; i++) {
		const char *d = dirs.v[i];

		r->ht_paths[i] = dir_join(r, d, afn);
		r->ht_jobs[i].kind = list ? PF_JOB_LIST : PF_JOB_PROBE;
		r->ht_jobs[i].deep = deep && dp[i];
		r->ht_jobs[i].name = afn;
		r->ht_jobs[i].path = pf_host_path(r->run, r->ht_paths[i]);
		r->ht_jobs[i].dir = pf_host_path(r->run, d);
	}
	free(dp);
	r->ht_pf = pf_prefetch_start(r->ht_jobs, dirs.n, 0, r->o->keep_name);
}

/* dir/name in the walk's arena (reset after each vhost). */
static const char *
wjoin(struct walkst *w, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return pf_hrd_join(w->sa, dir, n > 0 && dir[n - 1] == '/' ? "" : "/",
	    name);
}

/* The reader thread's probe of dir (a document root), or NULL. */
static const struct pf_job *
probe_of(struct walkst *w, const char *dir, const char *path)
{
	struct hrd *r = w->r;
	size_t k;
	const struct pf_job *j;

	if (r->ht_pf == NULL ||
	    (k = (size_t)pf_hmap_get(&r->ht_map, dir)) == 0 ||
	    strcmp(r->ht_paths[k - 1], path) != 0)
		return NULL;
	j = pf_prefetch_wait(r->ht_pf, k - 1);
	w->job = k;
	return j->fallback ? NULL : j;
}


/*
 * An .htaccess name httpd fails to open for another reason than ENOENT or
 * ENOTDIR (EACCES, ELOOP...), or finds no regular file (a directory, a
 * FIFO, a device but /dev/null: ap_pcfg_openfile's APR_EBADF, "Access to
 * file ... denied by server: not a regular file"): ap_parse_htaccess
 * answers 403 for every request under dir, AH00529, and tries no further
 * name.  A warning (the server runs on), and the directory is refused for
 * the request simulator as a file that does not parse is.
 */
static void
unreadable(struct walkst *w, const char *dir, const char *path, int err)
{
	struct hrd *r = w->r;
	struct pf_node *sec = pf_hrd_node_new(r), *m;
	struct pf_node *parent = w->vh->node != NULL ?
	    (struct pf_node *)w->vh->node : r->ap->root;
	struct pf_loc at = PF_NOLOC;

	at.file = pf_source_add(r->run, path, NULL, 0, PF_SRC_HTACCESS,
	    PF_NOLOC);
	at.line = 1;
	at.col = 1;
	sec->name = "Directory";
	sec->argv = pf_alloc(r->a, 2 * sizeof(char *));
	sec->argv[0] = pf_strdup(r->a, dir);
	sec->argc = 1;
	sec->raw = sec->argv[0];
	sec->loc = at;
	sec->flags = PF_NODE_SECTION | PF_NODE_HTACCESS;
	pf_hrd_append(r, parent, sec);
	m = pf_hrd_node_new(r);
	m->name = "?";
	m->loc = at;
	m->flags = PF_NODE_HTACCESS | PF_NODE_UNKNOWN | PF_NODE_FORBIDDEN;
	pf_hrd_append(r, sec, m);
	if (pf_hmap_get(&w->warned, path) != NULL)
		return;
	pf_hmap_put(r->a, &w->warned, path, (void *)path);
	if (err == EISDIR || err == EINVAL)
		pf_diag_add(r->run, PF_SEV_WARNING, "httpd-path", at,
		    "Access to file %s denied by server: not a regular file; "
		    "httpd answers 403 for every request under %s (AH00529)",
		    path, dir);
	else
		pf_diag_add(r->run, PF_SEV_WARNING, "httpd-path", at,
		    "%s pcfg_openfile: unable to check htaccess file, ensure "
		    "it is readable and that '%s' is executable (%s): httpd "
		    "answers 403 for every request under %s (AH00529)", path,
		    dir, strerror(err), dir);
}

/*
 * The per-directory file of dir, as ap_parse_htaccess looks for it: each
 * name of AccessFileName in turn (core's access_name, split as
 * ap_getword_conf splits it); the first that opens is the one read, one
 * that is not there (ENOENT, ENOTDIR) passes to the next name, and any
 * other failure ends the search with a 403.  j: the reader thread's probe
 * of the first name, or NULL.
 */
struct first {			/* what was read of the first name */
	int		 have;		/* 0: read it here */
	int		 err;
	char		*data;
	size_t		 len;
};

/* Returns 0 when dir holds none of the names (nothing read). */
static int
read_names(struct walkst *w, const char *dir, const struct first *j,
    const struct pf_hovr *o)
{
	struct hrd *r = w->r;
	size_t k;

	for (k = 0; k < w->names->n; k++) {
		const char *path = NULL;
		char *data = NULL;
		size_t len = 0;
		int err;

		if (k == 0 && j->have) {
			err = j->err;
			data = j->data;
			len = j->len;
		} else {
			path = wjoin(w, dir, w->names->v[k].s);
			err = pf_conf_read(r->run, path, &data, &len);
		}
		if (err != 0 && (err == ENOENT || err == ENOTDIR))
			continue;
		path = pf_strdup(r->a, path != NULL ? path : wjoin(w, dir,
		    w->names->v[k].s));
		if (err == 0) {
			struct pf_hovr *keep = pf_alloc(r->a, sizeof(*keep));

			*keep = *o;
			read_one(w, dir, path, data, len, keep);
		} else
			unreadable(w, dir, path, err);
		return 1;
	}
	return 0;
}

/*
 * A symbolic link c in dir that httpd's walk follows to a folder (where
 * Options let it: the simulator decides, rules/sim_symlink.c) and whose
 * .htaccess files it then reads at the link's path: a deploy tool's
 * "uploads -> ../../shared/uploads" with the upload folder's .htaccess.
 * One back to dir or above it is not walked (the same files again, one
 * level deeper each time).
 */
static int
link_to_folder(struct walkst *w, const char *dir, const char *c)
{
	struct pf_run *run = w->r->run;
	const char *hc = pf_host_path(run, c);
	struct stat st;
	char *t, *d;
	int ok;

	if (stat(hc, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	t = realpath(hc, NULL);
	d = realpath(pf_host_path(run, dir), NULL);
	ok = t != NULL && d != NULL && !pf_path_under(d, t);
	free(t);
	free(d);
	return ok;
}

/*
 * A directory: its .htaccess file if the overrides let httpd read one
 * (opened directly, as httpd does: no stat first), then its
 * subdirectories, unless nothing at or below it can make httpd read one.
 * nd: the reader thread's listing of it (its access file, its folders),
 * or NULL: it is stat'ed, probed and listed here.  At depth 0 the thread's
 * job for the document root gives the same.
 */
static void
visit(struct walkst *w, const char *dir, int depth, const struct pf_dnode *nd)
{
	struct hrd *r = w->r;
	struct pf_hovr o;
	struct stat st;
	struct first f = { 0, 0, NULL, 0 };
	const struct pf_dnode *sub = NULL;
	size_t nsub = 0, i;
	int rd, listed = 0;
	const struct pf_job *j = NULL;
	DIR *d;
	struct dirent *e;

	if (w->total >= MAX_DIRS_RUN || w->dirs >= MAX_DIRS ||
	    depth > MAX_DEPTH) {
		if (w->cut == 0) {
			w->cut_root = w->root;
			w->cut_loc = w->root_loc;
		}
		w->cut |= w->total >= MAX_DIRS_RUN ? 2 : 1;
		return;
	}
	/* (an Alias target above the document root: the document root's
	 * tree, and the folders above it, are read already) */
	if (w->dr != NULL && pf_path_under(dir, w->dr) &&
	    pf_path_under(w->dr, dir))
		return;
	w->dirs++;
	w->total++;
	o = override_for(w, dir);
	rd = reads(r, &o);
	if (depth == 0 && (j = probe_of(w, dir, wjoin(w, dir,
	    w->names->v[0].s))) != NULL) {
		f.have = 1;
		f.err = j->err;
		f.data = j->data;
		f.len = j->len;
		if (j->below != NULL) {
			listed = 1;
			sub = j->below->top.sub;
			nsub = j->below->top.nsub;
		}
	} else if (nd != NULL && nd->listed) {
		f.have = !nd->fallback;
		f.err = nd->err;
		f.data = nd->data;
		f.len = nd->len;
		listed = 1;
		sub = nd->sub;
		nsub = nd->nsub;
	}
	if (rd && !(w->dr != NULL && pf_path_under(w->dr, dir)))
		read_names(w, dir, &f, &o);
	else if (!rd && !overrides_below(w, dir))
		return;		/* no file is read at or below dir */
	if (listed) {
		for (i = 0; i < nsub; i++) {
			const char *c = wjoin(w, dir, sub[i].name);
			struct stat es;

			/* (not listed and of unknown type: ask, as below) */
			if (sub[i].unknown && (lstat(pf_host_path(r->run, c),
			    &es) != 0 || !S_ISDIR(es.st_mode)))
				continue;
			if (sub[i].link && !link_to_folder(w, dir, c))
				continue;
			visit(w, c, depth + 1, &sub[i]);
		}
		return;
	}
	if (j != NULL) {
		if (j->dir_err != 0 || !j->dir_isdir)
			return;
		st.st_nlink = (nlink_t)j->dir_nlink;
	} else if (stat(pf_host_path(r->run, dir), &st) != 0 ||
	    !S_ISDIR(st.st_mode))
		return;
	/* A directory with two links has no subdirectory (ext4, xfs,
	 * tmpfs: most document roots are such leaves); btrfs and others
	 * say 1 and are listed.  It may hold a symbolic link to one: lint
	 * (which lists each document root anyway) looks there, and every
	 * walk looks below a document root, as the reader threads' listings
	 * do (Drupal's sites/default holds settings.php and a link files ->
	 * the shared folder, whose .htaccess takes PHP's handler away). */
	if (st.st_nlink == 2 && depth == 0 && !r->o->keep_listings)
		return;
	if ((d = opendir(pf_host_path(r->run, dir))) == NULL)
		return;
	{
		PF_VEC(char *) subs = { 0 };

		while ((e = readdir(d)) != NULL) {
			if (pf_walk_skip(e->d_name))
				continue;
			/* a file system without d_type (DT_UNKNOWN) is asked */
			if (e->d_type == DT_UNKNOWN) {
				struct stat es;

				if (lstat(pf_host_path(r->run, wjoin(w, dir,
				    e->d_name)), &es) != 0 || (!S_ISDIR(es.st_mode) &&
				    !(S_ISLNK(es.st_mode) && link_to_folder(w, dir,
				    wjoin(w, dir, e->d_name)))))
					continue;
			} else if (e->d_type == DT_LNK) {
				if (!link_to_folder(w, dir, wjoin(w, dir,
				    e->d_name)))
					continue;
			} else if (e->d_type != DT_DIR)
				continue;
			PF_PUSH(w->sa, subs, pf_strdup(w->sa, e->d_name));
		}
		closedir(d);
		for (i = 0; i < subs.n; i++)
			visit(w, wjoin(w, dir, subs.v[i]), depth + 1, NULL);
	}
}

/*
 * The directories above a document root, from "/" down: ap_directory_walk
 * reads the .htaccess file of each where the overrides in effect there let
 * it (a <Directory /var/www/vhosts/example.com> with AllowOverride above
 * a DocumentRoot .../httpdocs: the site's owner can write that folder),
 * and what it holds applies to every request of the vhost.  Most trees
 * say AllowOverride None at "/" and their parents cost no system call.
 */
static void
read_parents(struct walkst *w, const char *dr)
{
	const struct first none = { 0, 0, NULL, 0 };
	struct pf_hovr o;
	size_t n = strlen(dr), i, comps = 0, same = (size_t)-1;
	int rd = 0;

	/* A section that applies to a directory above dr applies to dr:
	 * those of dr, each from its own depth on (one pass over the
	 * sections, not one per level: 65M instructions at 10,000 vhosts) */
	applicable(w, dr);
	for (i = 0; i < n; i++) {
		const char *p;
		size_t m;

		if (dr[i] != '/' || (i + 1 < n && dr[i + 1] == '/'))
			continue;
		if (i + 1 == n)
			break;		/* dr itself (a trailing '/') */
		comps++;	/* p's, as pat_comps() counts them */
		/* the same sections as the level above: the same answer */
		for (m = 0; m < w->order.n && w->lens.v[m] <= comps; m++)
			;
		if (m == same && !rd)
			continue;
		same = m;
		o = merge_upto(w, comps);
		if (!(rd = reads(w->r, &o)))
			continue;
		p = i == 0 ? "/" : pf_strndup(w->sa, dr, i);
		if (w->dr != NULL && pf_path_under(w->dr, p))
			continue;	/* read for the document root */
		/* (without <Directory /> every vhost would probe /.htaccess,
		 * /srv/.htaccess ... again: 40,000 opens at 10,000 vhosts) */
		if (w->names == w->main_names &&
		    pf_hmap_get(&w->absent, p) != NULL)
			continue;
		if (read_names(w, p, &none, &o) == 0) {
			if (w->names == w->main_names) {
				p = pf_strdup(w->r->a, p);
				pf_hmap_put(w->r->a, &w->absent, p, (void *)p);
			}
			continue;
		}
		applicable(w, dr);	/* (the read may have reused them) */
	}
}

/*
 * The targets of the vhost's Alias and ScriptAlias lines (not the regex
 * forms): httpd reads the .htaccess files there as below a document root
 * (Nextcloud's `Alias /nextcloud /var/www/nextcloud/` with AllowOverride
 * All, phpMyAdmin, Roundcube).  The main server's are walked once, as its
 * own: its sections apply to every vhost.  A target inside the document
 * root, or inside one walked before, is walked already.
 */
/*
 * Does what httpd reads at and below an Alias target t of this vhost
 * depend on the vhost alone as the main server's would?  Not when one of
 * its own <Directory> sections applies there (or above, or below), nor
 * with an AccessFileName of its own.
 */
static int
own_overrides(const struct walkst *w, const struct pf_vhost *vh,
    const char *t)
{
	size_t i;

	if (vh->access_names.n > 0)
		return 1;
	for (i = w->nmain; i < w->secs.n; i++)
		if (dir_applies(w->secs.v[i]->argv[0], t) ||
		    pat_below(w->secs.v[i]->argv[0], t))
			return 1;
	return 0;
}

/*
 * Walks root t (an Alias or UserDir target outside the document root dr)
 * for vh, or once as the main server's when none of vh's own sections or
 * its AccessFileName touch it (templated vhosts each with `Alias /webmail
 * /usr/share/roundcube`; the main server's UserDir every vhost inherits):
 * the main server's sections apply to all.  Inside the main server's
 * document root it is walked by that walk.
 */
static void
walk_target(struct walkst *w, const struct pf_vhost *vh, const char *t,
    struct pf_loc at, const char *main_dr, struct pf_vhost *main)
{
	const char *dr = w->dr;

	if (vh != main && !own_overrides(w, vh, t) &&
	    (dr == NULL || !pf_path_under(dr, t))) {
		struct pf_vhost *keep_vh = w->vh;
		const struct pf_svec *keep_names = w->names;
		size_t keep_n = w->secs.n;

		pf_hmap_put(w->r->a, &w->shared, t, (void *)t);
		if (main_dr != NULL && pf_path_under(t, main_dr))
			return;
		w->vh = main;
		w->names = w->main_names;
		w->secs.n = w->nmain;
		w->dr = NULL;
		w->app_dir = NULL;
		w->root = t;
		w->root_loc = at;
		read_parents(w, t);
		visit(w, t, 0, NULL);
		w->vh = keep_vh;
		w->names = keep_names;
		w->secs.n = keep_n;
		w->dr = dr;
		w->app_dir = NULL;
		return;
	}
	w->root = t;
	w->root_loc = at;
	read_parents(w, t);
	visit(w, t, 0, NULL);
}

static void
walk_aliases(struct walkst *w, const struct pf_vhost *vh, const char *dr,
    const char *main_dr, struct pf_vhost *main)
{
	size_t i, j;

	w->dr = dr;
	for (i = 0; i < vh->alias_map.n; i++) {
		const struct pf_alias *al = &vh->alias_map.v[i];
		const char *t = al->path;
		int done = 0;

		if (al->regex || t == NULL || t[0] != '/' ||
		    (dr != NULL && pf_path_under(t, dr)) ||
		    pf_hmap_get(&w->shared, t) != NULL)
			continue;
		for (j = 0; j < i && !done; j++)
			done = !vh->alias_map.v[j].regex &&
			    vh->alias_map.v[j].path != NULL &&
			    vh->alias_map.v[j].path[0] == '/' &&
			    pf_path_under(t, vh->alias_map.v[j].path);
		if (done)
			continue;
		walk_target(w, vh, t, al->node != NULL ? al->node->loc :
		    PF_NOLOC, main_dr, main);
	}
	w->dr = NULL;
}

/*
 * mod_userdir's targets (rules/sim_userdir.c says how translate_userdir()
 * maps /~user/): httpd reads the .htaccess files of the folder a user's
 * URLs map to as below a document root, under the AllowOverride of
 * sections like Debian userdir.conf's wildcard <Directory> (home, any
 * name, public_html).  The users: the accounts of the passwd database
 * for a target relative to the home directory ("public_html"); the
 * folders of the target's directory for an absolute one ("/srv/users",
 * or a '*' in it: any name maps there, account or not).  Each user's folder is the first
 * target that exists, or the last word, as translate_userdir() takes it;
 * the "UserDir disabled/enabled" lists apply.  Found once per UserDir
 * line (vhosts inherit the main server's), walked once per folder when
 * the vhost's own sections do not touch it (walk_target).
 */
#define MAX_USERS	100000	/* users per UserDir line */

enum ud_kind { UD_URL, UD_REL, UD_HOME, UD_PATTERN, UD_DIR };

struct strvec {
	const char	**v;
	size_t		 n, cap;
};

struct udmap {
	const struct pf_node *targets;	/* the UserDir line */
	struct strvec	 users;		/* candidates (first found first) */
	int		 cut;		/* more than MAX_USERS */
	int		 warned;	/* ... and said so */
	/* The main server's config's folders (vhosts without UserDir
	 * lines have that config), found once; those not walked as the
	 * main server's yet (10,000 vhosts each looking at every folder:
	 * 500M instructions for 200 users). */
	int		 folders_done;
	struct strvec	 pending;
};

/* What target word t maps a user to: *pre and *post around the user
 * (UD_PATTERN, UD_DIR: an absolute path; UD_HOME: post after the home
 * directory and '/'), a redirect (UD_URL) or a name relative to the
 * server's working directory (UD_REL: "public_html*"). */
static enum ud_kind
ud_word(struct pf_arena *a, const char *t, const char **pre,
    const char **post)
{
	const char *star = strchr(t, '*');
	const char *rest = star != NULL ? star + 1 : t;
	char *prefix = star != NULL ? pf_strndup(a, t, (size_t)(star - t)) :
	    NULL;

	*pre = *post = NULL;
	if (rest[0] == '\0' || t[0] == '/') {
		if (prefix == NULL) {
			*pre = pf_printf(a, "%s/", t);
			*post = "";
			return UD_DIR;
		}
		*pre = prefix;
		*post = rest;
		if (t[0] != '/')
			return strchr(prefix, ':') != NULL ? UD_URL : UD_REL;
		return UD_PATTERN;
	}
	if (prefix != NULL && strchr(prefix, ':') != NULL)
		return UD_URL;
	*post = rest;
	return UD_HOME;
}

/* The names in the directory of pre (a path up to the user) that begin
 * with its last component: the users a pattern maps somewhere. */
static void
ud_list(struct walkst *w, const char *pre, struct pf_hmap *seen,
    struct strvec *out, int *cut)
{
	struct hrd *r = w->r;
	const char *sl = strrchr(pre, '/');
	const char *dir = sl == pre ? "/" : pf_strndup(w->sa, pre,
	    (size_t)(sl - pre));
	size_t pl = strlen(sl + 1);
	DIR *d = opendir(pf_host_path(r->run, dir));
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *u;

		if (strncmp(e->d_name, sl + 1, pl) != 0 ||
		    e->d_name[pl] == '\0' || e->d_name[pl] == '.')
			continue;	/* (no "." or ".." users) */
		if (out->n >= MAX_USERS) {
			*cut = 1;
			break;
		}
		u = pf_strdup(r->a, e->d_name + pl);
		if (pf_hmap_get(seen, u) == NULL) {
			pf_hmap_put(r->a, seen, u, (void *)u);
			PF_PUSH(r->a, *out, u);
		}
	}
	closedir(d);
}

/* The passwd database's accounts, read once per run (by name too). */
static size_t
accounts(struct walkst *w, const struct pf_pwent **out)
{
	struct hrd *r = w->r;
	size_t i;

	if (!w->pw_read) {
		w->pw_read = 1;
		w->npw = pf_passwd_accounts(r->run, &w->pw);
		for (i = 0; i < w->npw; i++)
			pf_hmap_put(r->a, &w->pw_by_name, w->pw[i].name,
			    &w->pw[i]);
	}
	*out = w->pw;
	return w->npw;
}

static struct udmap *
ud_users(struct walkst *w, const struct pf_node *tn)
{
	struct hrd *r = w->r;
	struct udmap *m;
	struct pf_hmap seen = { 0 };
	int i, home = 0;
	size_t k;

	for (k = 0; k < w->ud.n; k++)
		if (w->ud.v[k]->targets == tn)
			return w->ud.v[k];
	m = pf_alloc(r->a, sizeof(*m));
	m->targets = tn;
	for (i = 0; i < tn->argc; i++) {
		const char *pre, *post;

		switch (ud_word(w->sa, tn->argv[i], &pre, &post)) {
		case UD_HOME:
			home = 1;
			break;
		case UD_PATTERN:
		case UD_DIR:
			ud_list(w, pre, &seen, &m->users, &m->cut);
			break;
		case UD_REL:
			ud_list(w, pf_printf(w->sa, "/%s", pre), &seen,
			    &m->users, &m->cut);
			break;
		case UD_URL:
			break;
		}
	}
	if (home) {
		const struct pf_pwent *pw;
		size_t npw = accounts(w, &pw);

		for (k = 0; k < npw && !m->cut; k++) {
			if (m->users.n >= MAX_USERS)
				m->cut = 1;
			else if (pf_hmap_get(&seen, pw[k].name) == NULL) {
				pf_hmap_put(r->a, &seen, pw[k].name,
				    (void *)pw[k].name);
				PF_PUSH(r->a, m->users, pw[k].name);
			}
		}
	}
	pf_hmap_free(&seen);
	PF_PUSH(r->a, w->ud, m);
	return m;
}

/* The folder translate_userdir() maps /~user/ to, or NULL. */
static const char *
ud_folder(struct walkst *w, const struct pf_userdir *u, const char *user)
{
	struct hrd *r = w->r;
	const struct pf_node *tn = u->targets;
	struct stat st;
	int i;

	if (pf_userdir_declines(u, user))
		return NULL;
	for (i = 0; i < tn->argc; i++) {
		const char *pre, *post, *name = NULL;
		const struct pf_pwent *pw;

		switch (ud_word(w->sa, tn->argv[i], &pre, &post)) {
		case UD_URL:
			return NULL;	/* a redirect */
		case UD_REL:	/* (relative to "/", the daemon's cwd) */
			name = pf_printf(w->sa, "/%s%s%s", pre, user, post);
			break;
		case UD_PATTERN:
		case UD_DIR:
			name = pf_printf(w->sa, "%s%s%s", pre, user, post);
			break;
		case UD_HOME:
			(void)accounts(w, &pw);
			if ((pw = pf_hmap_get(&w->pw_by_name, user)) != NULL)
				name = pf_printf(w->sa, "%s/%s", pw->home,
				    post);
			break;
		}
		if (name == NULL)
			continue;	/* no such account: the next word */
		if (i == tn->argc - 1 ||
		    stat(pf_host_path(r->run, name), &st) == 0)
			return name;
	}
	return NULL;
}

static void
walk_userdirs(struct walkst *w, const struct pf_vhost *vh, const char *dr,
    const char *main_dr, struct pf_vhost *main)
{
	const struct pf_userdir *u = &vh->userdir;
	struct hrd *r = w->r;
	struct udmap *m;
	struct strvec own = { 0 }, *fs;
	struct stat st;
	size_t i, k;

	if (u->targets == NULL || u->targets->argc == 0)
		return;
	m = ud_users(w, u->targets);
	if (m->cut && !m->warned) {
		m->warned = 1;
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-path",
		    u->targets->loc, "the .htaccess files of the first %d "
		    "users' UserDir folders were read: the rest are not "
		    "checked", MAX_USERS);
	}
	/* The users' folders: those of the main server's config found once
	 * (10,000 vhosts inherit it: a stat per user each, else). */
	fs = vh->userdir.own && vh != main ? &own : &m->pending;
	if (fs == &own || !m->folders_done) {
		m->folders_done |= fs == &m->pending;
		for (i = 0; i < m->users.n; i++) {
			const char *t = ud_folder(w, u, m->users.v[i]);

			if (t != NULL && stat(pf_host_path(r->run, t),
			    &st) == 0 && S_ISDIR(st.st_mode))
				PF_PUSH(r->a, *fs, pf_strdup(r->a, t));
		}
	}
	w->dr = dr;
	for (i = k = 0; i < fs->n; i++) {
		const char *t = fs->v[i];

		if ((dr == NULL || !pf_path_under(t, dr)) &&
		    pf_hmap_get(&w->shared, t) == NULL)
			walk_target(w, vh, t, u->targets->loc, main_dr, main);
		if (pf_hmap_get(&w->shared, t) == NULL)
			fs->v[k++] = t;	/* (pending: not walked as shared) */
	}
	fs->n = k;
	w->dr = NULL;
}

/* A walk cut short: a note at the DocumentRoot or Alias line of the root
 * it was walking (one per root), or counted for the run's note. */
static void
walk_cut(struct walkst *w, const char *dr, struct pf_loc at)
{
	struct hrd *r = w->r;
	const char *key;

	if (w->cut & 2) {
		if (w->run_cut++ == 0)
			w->first_cut = dr;
		return;
	}
	key = pf_printf(r->a, "\1%s", dr);
	if (pf_hmap_get(&w->warned, key) != NULL)
		return;
	pf_hmap_put(r->a, &w->warned, key, (void *)key);
	pf_diag_add(r->run, PF_SEV_NOTE, "httpd-path", at,
	    "the .htaccess files below %s were read in its first %d folders "
	    "and %d levels only: the rest are not checked", dr, MAX_DIRS,
	    MAX_DEPTH);
}

void
pf_hrd_htaccess(struct hrd *r)
{
	struct pf_apache *ap = r->ap;
	struct walkst w;
	struct pf_svec dflt = { 0 };
	struct pf_sval one;
	size_t i, k;

	memset(&w, 0, sizeof(w));
	w.r = r;
	w.sa = pf_arena_new();
	if (ap->main.access_names.n > 0)
		dflt = ap->main.access_names;
	else {
		one = pf_sval_make(".htaccess", PF_NOLOC);
		dflt.v = &one;
		dflt.n = dflt.cap = 1;
	}
	collect_dirs(&ap->main, &w.secs, r->a);
	w.nmain = w.secs.n;
	mindex_build(&w);
	w.main_names = &dflt;
	for (i = 0; i <= ap->vhosts.n; i++) {
		struct pf_vhost *vh = i < ap->vhosts.n ? ap->vhosts.v[i] :
		    &ap->main;
		const char *dr = vh->document_root.s;

		if (dr == NULL)
			dr = ap->main.document_root.s;
		w.vh = vh;
		w.names = vh->access_names.n > 0 ? &vh->access_names :
		    &dflt;
		w.secs.n = w.nmain;
		if (vh->node != NULL)
			collect_dirs(vh, &w.secs, r->a);
		for (k = w.nmain; k < w.sov.n; k++)
			w.sov.v[k].valid = w.sov.v[k].pat_valid = 0;
					/* (another vhost's) */
		w.app_dir = NULL;
		w.dirs = w.cut = 0;
		w.job = 0;
		if (dr != NULL) {
			w.root = dr;
			w.root_loc = vh->document_root.s != NULL ?
			    vh->document_root.loc : ap->main.document_root.loc;
			read_parents(&w, dr);
			visit(&w, dr, 0, NULL);
		}
		/* the thread's listing below it, once no other vhost
		 * will walk it */
		if (w.job != 0 && --r->ht_refs[w.job - 1] == 0)
			pf_prefetch_release(r->ht_pf, w.job - 1);
		walk_aliases(&w, vh, dr, ap->main.document_root.s, &ap->main);
		walk_userdirs(&w, vh, dr, ap->main.document_root.s,
		    &ap->main);
		pf_arena_reset(w.sa);
		w.app_dir = NULL;
		if (w.cut != 0)
			walk_cut(&w, w.cut_root, w.cut_loc);
	}
	if (w.run_cut > 0)
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-path", PF_NOLOC,
		    "the .htaccess files of %zu document root walks (from %s "
		    "on) were not read, or only in part: the run reads at "
		    "most %d folders", w.run_cut, w.first_cut, MAX_DIRS_RUN);
	pf_prefetch_stop(r->ht_pf, r->a);
	/* The listings made (in r->a now) for the rules. */
	for (i = 0; r->ht_pf != NULL && r->o->keep_listings && i < r->ht_n;
	    i++)
		if (r->ht_jobs[i].done && !r->ht_jobs[i].fallback &&
		    r->ht_jobs[i].list != NULL)
			pf_dirlist_put(r->run, r->ht_jobs[i].list);
	r->ht_pf = NULL;
	free(r->ht_refs);
	r->ht_refs = NULL;
	pf_arena_free(w.sa);
	pf_hmap_free(&w.shared);
	if (w.mix != NULL)
		pf_hmap_free(&w.mix->plain);
	pf_hmap_free(&w.absent);
	pf_hmap_free(&w.warned);
	pf_hmap_free(&w.reads);
	pf_hmap_free(&w.pw_by_name);
}
