/*
 * sim.c - the request simulator (see sim.h for the model it follows).
 *
 * This file holds the setup, pattern matching, the file oracle, URL
 * translation and the section merge; sim_fpm.c what reaches FPM and what
 * FPM does; sim_expr.c the <If> and RewriteCond expressions.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/httpd.h"
#include "rules/link.h"
#include "rules/rule.h"
#include "rules/sim_int.h"

/* ---- setup ---------------------------------------------------------- */

static int	handlers_all_known(const struct pf_apache *);
static int	above_root(const char *);
static void	rw_query(struct sreq *, const char *, const char *);
static int	has_args(const struct sreq *);
static void	merge_dots(char *);

static void *
arena_malloc(PCRE2_SIZE n, void *data)
{
	return pf_alloc(data, n);
}

static void
arena_free(void *p, void *data)
{
	/* The arena frees everything at the end of the run. */
}

/* In effect: not in a false conditional, not executed while reading,
 * not skipped by AllowOverride Nonfatal= in an .htaccess file. */
int
sim_node_active(const struct pf_node *n)
{
	return (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ |
	    PF_NODE_IGNORED)) == 0;
}

const struct pf_node *
sim_ht_refused(const struct pf_node *sec)
{
	const struct pf_node *c, *r;

	for (c = sec->child; c != NULL; c = c->next) {
		if (c->flags & (PF_NODE_INACTIVE | PF_NODE_IGNORED))
			continue;
		if (c->flags & PF_NODE_FORBIDDEN)
			return c;
		if (c->child != NULL && (r = sim_ht_refused(c)) != NULL)
			return r;
	}
	return NULL;
}

const char *
sim_arg(const struct pf_node *n, int i)
{
	return i < n->argc ? n->argv[i] : NULL;
}

/* RegexDefaultOptions: [+|-]ICASE EXTENDED DOTALL DOLLAR_ENDONLY, None. */
static uint32_t
regex_defaults(const struct pf_node *root)
{
	uint32_t o = PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY;
	const struct pf_node *n;
	int i;

	if (root == NULL)
		return o;
	for (n = root->child; n != NULL; n = n->next) {
		if (!sim_node_active(n) || !IS(n, REGEXDEFAULTOPTIONS))
			continue;
		for (i = 0; i < n->argc; i++) {
			const char *a = n->argv[i];
			int sign = 0;
			uint32_t bit = 0;

			if (*a == '+' || *a == '-')
				sign = *a++ == '+' ? 1 : -1;
			if (strcasecmp(a, "none") == 0) {
				o = 0;
				continue;
			}
			if (strcasecmp(a, "ICASE") == 0)
				bit = PCRE2_CASELESS;
			else if (strcasecmp(a, "EXTENDED") == 0)
				bit = PCRE2_EXTENDED;
			else if (strcasecmp(a, "DOTALL") == 0)
				bit = PCRE2_DOTALL;
			else if (strcasecmp(a, "DOLLAR_ENDONLY") == 0)
				bit = PCRE2_DOLLAR_ENDONLY;
			/* A list without signs replaces the defaults. */
			if (sign == 0 && i == 0)
				o = 0;
			if (sign < 0)
				o &= ~bit;
			else
				o |= bit;
		}
	}
	return o;
}

/* A ProxyPass* flag word ("nocanon", "mapping=encoded") from argument
 * from on. */
static int
pp_flag(const struct pf_node *c, int from, const char *word)
{
	int i;

	for (i = from; i < c->argc; i++)
		if (strcasecmp(c->argv[i], word) == 0)
			return 1;
	return 0;
}

/* The ProxyPass* options: in a <Location> the target is argument 0. */
static int
pp_opt(const struct pf_node *c, const char *word)
{
	const struct pf_node *p = c->parent;
	int in_loc = p != NULL && (p->flags & PF_NODE_SECTION) &&
	    (IS(p, LOCATION) || IS(p, LOCATIONMATCH));

	return pp_flag(c, in_loc ? 1 : 2, word);
}

static int	options_strict(const struct pf_node *);
static int	options_indexes(const struct pf_node *);

/*
 * The names a DirectoryIndex line of the tree may look up in a folder
 * (mod_dir add_index: each word, a relative name or a local URL; the
 * last name of a URL is what a folder's listing can show), kept once
 * each for pf_sim_index_names().
 */
static void
index_names_add(struct pf_sim *s, const struct pf_node *c)
{
	int i;
	size_t j;

	for (i = 0; i < c->argc; i++) {
		const char *w = c->argv[i], *b = strrchr(w, '/');

		if (b != NULL)
			w = b + 1;
		if (w[0] == '\0' || strcasecmp(c->argv[i], "disabled") == 0)
			continue;
		for (j = 0; j < s->nindex; j++)
			if (strcmp(s->index[j], w) == 0)
				break;
		if (j < s->nindex)
			continue;
		if (s->nindex == s->cindex) {
			s->cindex = s->cindex ? s->cindex * 2 : 8;
			s->index = pf_grow(s->run->arena, s->index, s->nindex,
			    s->cindex, sizeof(*s->index));
		}
		s->index[s->nindex++] = w;
	}
}

static size_t dnorm(const char *, size_t, char *);

/*
 * Where a strict Options line holds: the folder of its innermost
 * <Directory> dsec (a plain absolute path), with what is above that
 * folder marked (see strict_dirs); anywhere else (no such <Directory>, a
 * <DirectoryMatch>, a wildcard, the root) it may hold anywhere.
 */
static void
strict_at(struct pf_sim *s, const struct pf_node *dsec)
{
	struct pf_arena *a = s->run->arena;
	const char *p = dsec != NULL ? sim_arg(dsec, 0) : NULL;
	char *dir, *k;
	size_t n, i;

	if (p == NULL || sim_kind(dsec) != SK_DIRECTORY || p[0] != '/' ||
	    strpbrk(p, "*?[") != NULL) {
		s->strict_any = 1;
		return;
	}
	dir = pf_alloc(a, strlen(p) + 1);
	if ((n = dnorm(p, strlen(p), dir)) == 0) {
		s->strict_any = 1;	/* the root */
		return;
	}
	for (i = n; i > 0; i--) {
		if (i < n && dir[i] != '/')
			continue;
		k = pf_strndup(a, dir, i);
		pf_smap_put(a, &s->strict_dirs, k,
		    pf_smap_get(&s->strict_dirs, k) | (i == n ? 1 : 2));
	}
}

/*
 * Are there ErrorDocuments (requests look for one only then), or
 * ProxyPass*es with mapping=encoded (matched before translate_name), or
 * Options lines after which the walk must look for symbolic links (and
 * where)?  dsec: the innermost <Directory> or <DirectoryMatch> p is in
 * (NULL: none).
 */
static void
scan_tree(struct pf_sim *s, const struct pf_node *p,
    const struct pf_node *dsec)
{
	const struct pf_node *c;
	int k;

	if (p == NULL)
		return;
	for (c = p->child; c != NULL; c = c->next) {
		if (!sim_node_active(c))
			continue;
		if (c->child != NULL) {
			k = sim_kind(c);
			scan_tree(s, c, k == SK_DIRECTORY ||
			    k == SK_DIRECTORYMATCH ? c : dsec);
			continue;
		}
		k = sim_kind(c);
		if (k == SK_ERRORDOCUMENT)
			s->any_errdoc = 1;
		else if ((k == SK_PROXYPASS || k == SK_PROXYPASSMATCH) &&
		    c->argc > 1 && pp_opt(c, "mapping=encoded"))
			s->any_encoded = 1;
		else if (k == SK_OPTIONS) {
			if (options_strict(c)) {
				s->sym_strict = 1;
				strict_at(s, dsec);
			}
			if (options_indexes(c))
				s->any_indexes = 1;
		} else if (k == SK_DIRECTORYINDEX)
			index_names_add(s, c);
	}
}

/*
 * A strict Options line decides the lstat() of a folder's entries when
 * its <Directory> holds for that folder: for the walk to path and below
 * it, only those of path's leading folders and of the folders under path
 * can.  One such line anywhere in the tree (Debian's phpmyadmin.conf and
 * letsencrypt.conf: SymLinksIfOwnerMatch) used to send every vhost's
 * DocumentRoot to the link checks (20,000 lstat()s and 10,000 section
 * merges at 10,000 vhosts, 0.1 s).
 */
int
sim_strict_near(const struct pf_sim *s, const char *path)
{
	char buf[4096];
	size_t n, i;

	if (!s->sym_strict)
		return 0;
	if (s->strict_any || path == NULL || path[0] != '/' ||
	    strlen(path) >= sizeof(buf))
		return 1;
	n = dnorm(path, strlen(path), buf);
	if (pf_smap_get(&s->strict_dirs, buf) != 0)
		return 1;	/* here or below */
	for (i = n; i > 0; i--)
		if (buf[i] == '/') {
			buf[i] = '\0';
			if (pf_smap_get(&s->strict_dirs, buf) & 1)
				return 1;
		}
	return 0;
}

struct pf_sim *
pf_sim_new(struct pf_run *run, struct pf_wdirs *w)
{
	struct pf_sim *s = pf_alloc(run->arena, sizeof(*s));

	s->run = run;
	s->m = pf_model_get(run);
	s->wdirs = w;
	s->gctx = pcre2_general_context_create(arena_malloc, arena_free,
	    run->arena);
	s->cctx = pcre2_compile_context_create(s->gctx);
	s->md = pcre2_match_data_create(32, s->gctx);
	s->re_opts = regex_defaults(s->m->apache ? s->m->apache->root : NULL);
	if (s->m->apache != NULL)
		scan_tree(s, s->m->apache->root, NULL);
	{
		const char *ver = run->apache_version != NULL ?
		    run->apache_version : s->m->apache != NULL ?
		    s->m->apache->version : NULL;

		s->fcgi_query_403 = ver == NULL ||
		    pf_vercmp(ver, "2.4.63") >= 0;
	}
	/* Without mod_dir a directory gets no index and no slash redirect
	 * (a model without its module list is taken to have it, as
	 * Debian and RHEL load it). */
	if (s->m->apache != NULL && s->m->apache->modules.n > 0) {
		size_t i;

		s->mods_known = 1;
		s->handlers_known = handlers_all_known(s->m->apache);
		s->no_mod_dir = 1;
		for (i = 0; i < s->m->apache->modules.n; i++)
			if (strcmp(s->m->apache->modules.v[i].s,
			    "dir_module") == 0)
				s->no_mod_dir = 0;
	}
	return s;
}

struct pf_sim *
pf_sim_fork(const struct pf_sim *p, struct pf_run *run, struct pf_wdirs *w)
{
	struct pf_sim *s = pf_alloc(run->arena, sizeof(*s));

	s->run = run;
	s->m = p->m;
	s->wdirs = w;
	s->gctx = pcre2_general_context_create(arena_malloc, arena_free,
	    run->arena);
	s->cctx = pcre2_compile_context_create(s->gctx);
	s->md = pcre2_match_data_create(32, s->gctx);
	s->re_opts = p->re_opts;
	s->any_errdoc = p->any_errdoc;
	s->any_encoded = p->any_encoded;
	s->sym_strict = p->sym_strict;
	s->strict_any = p->strict_any;
	s->strict_dirs = p->strict_dirs;	/* read only from here on */
	s->any_indexes = p->any_indexes;
	s->fcgi_query_403 = p->fcgi_query_403;
	s->index = p->index;
	s->nindex = s->cindex = p->nindex;
	s->mods_known = p->mods_known;
	s->handlers_known = p->handlers_known;
	s->no_mod_dir = p->no_mod_dir;
	s->lx = p->lx;
	if (p->memo != NULL) {
		pf_sim_memo_mode(s, pf_sim_memo_mode_of(p));
		sim_memo_share_main(s, p);
	}
	return s;
}

void
pf_sim_links(struct pf_sim *s, struct pf_link_index *lx)
{
	s->lx = lx;
}

void
pf_sim_scratch(struct pf_sim *s, struct pf_arena *a)
{
	s->tmp = a;
	/* The vhost's kids table lived in the scratch arena. */
	s->vkid_tab = NULL;
	s->vkid_n = s->vkid_cap = 0;
}

/* ---- patterns ------------------------------------------------------- */

static pcre2_code *
sim_re(struct pf_sim *s, const char *pat, int icase)
{
	unsigned h = 5381;
	const char *p;
	struct pf_sim_re *e;
	int err;
	PCRE2_SIZE off;

	for (p = pat; *p != '\0'; p++)
		h = h * 33 + (unsigned char)*p;
	h = (h + (unsigned)icase) % 512;
	for (e = s->re_tab[h]; e != NULL; e = e->next)
		if (e->icase == icase && strcmp(e->pat, pat) == 0)
			return e->code;
	e = pf_alloc(s->run->arena, sizeof(*e));
	e->pat = pf_strdup(s->run->arena, pat);
	e->icase = icase;
	/* As ap_regcomp(): UTF-8 off, duplicate names allowed, defaults. */
	e->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    s->re_opts | PCRE2_DUPNAMES | (icase ? PCRE2_CASELESS : 0), &err,
	    &off, s->cctx);
	e->next = s->re_tab[h];
	s->re_tab[h] = e;
	return e->code;
}

int
pf_sim_regex(struct pf_sim *s, const char *pat, int icase, const char *subj,
    long *ovec, int nvec)
{
	pcre2_code *c = sim_re(s, pat, icase);
	PCRE2_SIZE *ov;
	int rc, i;

	if (c == NULL)
		return -1;
	rc = pcre2_match(c, (PCRE2_SPTR)subj, strlen(subj), 0, 0, s->md, NULL);
	if (rc < 0)
		return 0;
	if (ovec != NULL) {
		ov = pcre2_get_ovector_pointer(s->md);
		for (i = 0; i < nvec; i++) {
			if (i < rc && ov[2 * i] != PCRE2_UNSET) {
				ovec[2 * i] = (long)ov[2 * i];
				ovec[2 * i + 1] = (long)ov[2 * i + 1];
			} else
				ovec[2 * i] = ovec[2 * i + 1] = -1;
		}
	}
	return 1;
}

/*
 * ap_pregsub(): $0-$9 and & are replaced by groups of subject; \ escapes
 * the next character.
 */
static const char *
pregsub(struct pf_arena *a, const char *tmpl, const char *subj,
    const long *ov, int n)
{
	size_t cap = strlen(tmpl) * 2 + strlen(subj) + 16, o = 0;
	char *out = pf_alloc(a, cap);
	const char *p;

	for (p = tmpl; *p != '\0'; p++) {
		int g = -1;

		if (*p == '$' && isdigit((unsigned char)p[1]))
			g = *++p - '0';
		else if (*p == '&')
			g = 0;
		else if (*p == '\\' && (p[1] == '$' || p[1] == '&')) {
			p++;
		}
		if (g >= 0) {
			if (g < n && ov[2 * g] >= 0) {
				size_t l = (size_t)(ov[2 * g + 1] - ov[2 * g]);

				if (o + l + 1 >= cap) {
					out = pf_grow(a, out, o, cap * 2 + l, 1);
					cap = cap * 2 + l;
				}
				memcpy(out + o, subj + ov[2 * g], l);
				o += l;
			}
			continue;
		}
		if (o + 2 >= cap) {
			out = pf_grow(a, out, o, cap * 2, 1);
			cap *= 2;
		}
		out[o++] = *p;
	}
	out[o] = '\0';
	return out;
}

/* ---- files ---------------------------------------------------------- */

static int
real_stat(struct sreq *r, const char *path, struct stat *st)
{
	if (r->fs == NULL || !r->fs->real)
		return -1;
	return stat(pf_host_path(r->s->run, path), st);
}

int
sim_is_file(struct sreq *r, const char *path)
{
	struct stat st;
	size_t i;

	if (r->fs != NULL)
		for (i = 0; i < r->fs->nfiles; i++)
			if (strcmp(r->fs->files[i], path) == 0)
				return 1;
	if (r->extra_file != NULL && strcmp(r->extra_file, path) == 0)
		return 1;
	return real_stat(r, path, &st) == 0 && S_ISREG(st.st_mode);
}

int
sim_is_dir(struct sreq *r, const char *path)
{
	struct stat st;
	size_t i, n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	if (r->docroot != NULL && strncmp(r->docroot, path, n) == 0 &&
	    (r->docroot[n] == '\0' || r->docroot[n] == '/'))
		return 1;
	if (r->fs != NULL)
		for (i = 0; i < r->fs->nfiles; i++)
			if (strncmp(r->fs->files[i], path, n) == 0 &&
			    r->fs->files[i][n] == '/')
				return 1;
	/* (an Alias target's folders are taken to exist, unless the
	 * files on disk are the ones asked about: Wikimedia's "Alias /wiki
	 * .../w/index.php" with no w/ folder here, where "/" rewritten to
	 * /w/index.php is a 404 on 2.4.71) */
	if (r->v != NULL && (r->fs == NULL || !r->fs->real))
		for (i = 0; i < r->v->alias_map.n; i++) {
			const char *t = r->v->alias_map.v[i].path;

			if (t != NULL && strncmp(t, path, n) == 0 &&
			    (t[n] == '\0' || t[n] == '/'))
				return 1;
		}
	return real_stat(r, path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- scopes --------------------------------------------------------- */

/* The main server's node list, then the vhost's (one or two scopes). */
static int
scopes(struct pf_sim *s, const struct pf_vhost *v,
    const struct pf_node *sc[2])
{
	int n = 0;

	if (s->m->apache != NULL && s->m->apache->root != NULL)
		sc[n++] = s->m->apache->root;
	if (v != NULL && v->node != NULL)
		sc[n++] = v->node;
	return n;
}

/*
 * The active children of a node that the simulator reads (a kind other
 * than SK_OTHER; VirtualHosts left out), with their kinds, cached per node:
 * the main server's scope is walked several times per request, and must
 * not step over thousands of <VirtualHost> siblings each time.  cur_sim is
 * the simulator of the API call in progress (set at every entry point).
 */
static _Thread_local struct pf_sim *cur_sim;	/* (per thread: two may run) */

static uint64_t
ptr_hash(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/*
 * Is p a <VirtualHost> or inside one?  Its kids are then only asked for
 * while that vhost is judged (one_vhost() sets a scratch arena around
 * it), and are kept in that arena: 10,000 vhosts' kids kept for the run
 * were a fifth of the rules' memory.
 */
static int
in_vhost(const struct pf_node *p)
{
	for (; p != NULL; p = p->parent)
		if ((p->flags & PF_NODE_SECTION) && sim_kind(p) == SK_VIRTUALHOST)
			return 1;
	return 0;
}

/*
 * <Limit> and <LimitExcept> hold access directives for some methods only;
 * what the simulator asks is a GET (a HEAD is a GET to them).  A <Limit>
 * naming GET, or a <LimitExcept> not naming it, applies to the request: its
 * body counts as the section's own (CustomBuild's <Directory /home> grants
 * with "<Limit GET POST OPTIONS PROPFIND> Require all granted"; on 2.4.71 a
 * GET there is 200, a PUT 403).  The others do not apply to a GET, yet
 * their Require lines still make the section's authorization its own (the
 * parent's is not inherited), neutral for a GET: a section whose every
 * Require is for other methods lets a GET through (2.4.71: <Directory />
 * denied, <Directory /home> with only "<Limit POST> Require all granted":
 * GET 200).  Such a section is kept as a Require container that
 * require_block() passes over.  Method names are case-sensitive
 * (ap_method_number_of).  Returns 0 for any other node, 1 for a
 * transparent section, 2 for one that does not apply.
 */
static int
limit_section(const struct pf_node *c)
{
	int i, get = 0, except;

	if (!(c->flags & PF_NODE_SECTION) || c->name == NULL)
		return 0;
	if (strcasecmp(c->name, "Limit") == 0)
		except = 0;
	else if (strcasecmp(c->name, "LimitExcept") == 0)
		except = 1;
	else
		return 0;
	for (i = 0; i < c->argc; i++)
		if (strcmp(c->argv[i], "GET") == 0)
			get = 1;
	return get != except ? 1 : 2;
}

static size_t
kids_count(const struct pf_node *p)
{
	const struct pf_node *c;
	size_t n = 0;

	for (c = p->child; c != NULL; c = c->next) {
		if (!sim_node_active(c))
			continue;
		if (limit_section(c) == 1)
			n += kids_count(c);
		else
			n++;
	}
	return n;
}

static void
kids_fill(struct pf_sim_kids *k, const struct pf_node *p)
{
	const struct pf_node *c;

	for (c = p->child; c != NULL; c = c->next) {
		int kind;

		if (!sim_node_active(c))
			continue;
		switch (limit_section(c)) {
		case 1:
			kids_fill(k, c);
			continue;
		case 2:
			k->k[k->n] = SK_REQUIREANY;
			k->v[k->n++] = c;
			continue;
		}
		kind = sim_kind(c);
		if (kind == SK_OTHER || kind == SK_VIRTUALHOST)
			continue;
		k->k[k->n] = (unsigned char)kind;
		k->v[k->n++] = c;
	}
}

/* <Directory> kids worth an index (dindex_of). */
#define DINDEX_MIN	32

/*
 * The views of a node's kids (EACH_V): KV_ALL, all of them (EACH);
 * KV_PLAIN, its lines (no section
 * but the Require containers, <RequireAny> and the like, which the
 * access loops read); KV_NESTED, <If>/<ElseIf>/<Else> and <Files>/
 * <FilesMatch>; KV_LOC, <Location>/<LocationMatch>; KV_PROXY, <Proxy>/
 * <ProxyMatch>.  Each keeps the kids' order.  A panel's tree with a
 * <Directory>, <Proxy> or <Location> per site at the top level made
 * every loop over the main server's lines step over thousands of
 * sections, several times per request (10,000 sites: minutes).
 */
enum { KV_ALL, KV_PLAIN, KV_NESTED, KV_LOC, KV_PROXY, KV_MAX };
#define KVIEW_MIN	64	/* kids worth a view of their own */

static int
kv_has(int view, const struct pf_node *c, int kind)
{
	switch (view) {
	case KV_PLAIN:
		return !(c->flags & PF_NODE_SECTION) ||
		    kind == SK_REQUIREALL || kind == SK_REQUIREANY ||
		    kind == SK_REQUIRENONE;
	case KV_NESTED:
		return kind == SK_IF || kind == SK_ELSEIF || kind == SK_ELSE ||
		    kind == SK_FILES || kind == SK_FILESMATCH;
	case KV_LOC:
		return kind == SK_LOCATION || kind == SK_LOCATIONMATCH;
	default:
		return kind == SK_PROXY || kind == SK_PROXYMATCH;
	}
}

static void
kids_view(struct pf_arena *a, struct pf_sim_kids *k, int view)
{
	struct pf_sim_kview *w = &k->view[view];
	size_t i, n = 0;

	w->v = k->v;
	w->k = k->k;
	w->n = k->n;
	if (view == KV_ALL || k->n < KVIEW_MIN)
		return;
	for (i = 0; i < k->n; i++)
		n += kv_has(view, k->v[i], k->k[i]);
	if (n > k->n / 2)
		return;
	w->v = pf_alloc(a, (n + 1) * sizeof(*w->v));
	w->k = pf_alloc(a, n + 1);
	for (i = 0, w->n = 0; i < k->n; i++)
		if (kv_has(view, k->v[i], k->k[i])) {
			w->v[w->n] = k->v[i];
			w->k[w->n++] = k->k[i];
		}
}

static const struct pf_sim_kids *
kids_of(const struct pf_node *p)
{
	struct pf_sim *s = cur_sim;
	struct pf_sim_kids *k, **tab = &s->kid_tab;
	size_t *tn = &s->kid_n, *tcap = &s->kid_cap;
	struct pf_arena *a = s->run->arena;
	size_t i, mask;
	int vi;

	/* The common case first: a node already seen. */
	if (s->kid_cap > 0) {
		mask = s->kid_cap - 1;
		for (i = ptr_hash(p) & mask; s->kid_tab[i].node != NULL;
		    i = (i + 1) & mask)
			if (s->kid_tab[i].node == p)
				return &s->kid_tab[i];
	}
	if (s->vkid_cap > 0) {
		mask = s->vkid_cap - 1;
		for (i = ptr_hash(p) & mask; s->vkid_tab[i].node != NULL;
		    i = (i + 1) & mask)
			if (s->vkid_tab[i].node == p)
				return &s->vkid_tab[i];
	}
	if (s->tmp != NULL && in_vhost(p)) {
		tab = &s->vkid_tab;
		tn = &s->vkid_n;
		tcap = &s->vkid_cap;
		a = s->tmp;
	}
	/* Entries are never moved out from under a caller: a grown table
	 * is a copy, the old one stays (in the arena) as it was. */
	if (*tn * 2 >= *tcap) {
		/* A vhost's own table lives in the per-vhost arena and holds
		 * a handful of sections: starting it at 256 entries zeroed
		 * 8 KiB per vhost, 3 % of lint at 2,000 vhosts. */
		size_t ncap = *tcap ? *tcap * 2 : tab == &s->vkid_tab ? 16 :
		    256, j;
		struct pf_sim_kids *nt = pf_alloc(a, ncap * sizeof(*nt));

		for (j = 0; j < *tcap; j++)
			if ((*tab)[j].node != NULL) {
				i = ptr_hash((*tab)[j].node) & (ncap - 1);
				while (nt[i].node != NULL)
					i = (i + 1) & (ncap - 1);
				nt[i] = (*tab)[j];
			}
		*tab = nt;
		*tcap = ncap;
	}
	mask = *tcap - 1;
	for (i = ptr_hash(p) & mask; (*tab)[i].node != NULL;
	    i = (i + 1) & mask)
		;
	k = &(*tab)[i];
	k->node = p;
	k->a = a;
	k->dix = NULL;
	k->dix_done = 0;
	k->n = kids_count(p);
	k->v = pf_alloc(a, (k->n + 1) * sizeof(*k->v));
	k->k = pf_alloc(a, k->n + 1);
	k->n = 0;
	kids_fill(k, p);
	for (vi = 0; vi < KV_MAX; vi++)
		kids_view(a, k, vi);
	(*tn)++;
	return k;
}

const struct pf_sim_kids *
sim_kids(struct pf_sim *s, const struct pf_node *p)
{
	cur_sim = s;
	return kids_of(p);
}

#define PF_CAT2(a, b) a##b
#define PF_CAT(a, b) PF_CAT2(a, b)
/* The same over a view (KV_*): for a loop that reads those kinds only. */
#define EACH_V(c, ck, parent, kv) \
	for (const struct pf_sim_kview *PF_CAT(k_, __LINE__) = \
	    &kids_of(parent)->view[kv]; PF_CAT(k_, __LINE__) != NULL; \
	    PF_CAT(k_, __LINE__) = NULL) \
		for (size_t PF_CAT(i_, __LINE__) = 0; \
		    PF_CAT(i_, __LINE__) < PF_CAT(k_, __LINE__)->n && \
		    ((c) = PF_CAT(k_, __LINE__)->v[PF_CAT(i_, __LINE__)], \
		    (ck) = PF_CAT(k_, __LINE__)->k[PF_CAT(i_, __LINE__)], 1); \
		    PF_CAT(i_, __LINE__)++)
/* Iterates the active children of a node (VirtualHosts skipped). */
#define EACH(c, ck, parent)	EACH_V(c, ck, parent, KV_ALL)

const char *
pf_sim_docroot(struct pf_sim *s, const struct pf_vhost *v)
{
	const struct pf_node *sc[2], *c;
	const char *dr = NULL;
	int i, n, ck;
	cur_sim = s;

	if (s->m->apache == NULL)
		return NULL;
	if (v != NULL && v->document_root.s != NULL)
		return v->document_root.s;
	if (s->m->apache->main.document_root.s != NULL)
		dr = s->m->apache->main.document_root.s;
	n = scopes(s, v, sc);
	for (i = 0; i < n; i++)
		EACH_V(c, ck, sc[i], KV_PLAIN)
			if (ck == SK_DOCUMENTROOT && c->argc > 0)
				dr = c->argv[0];
	return dr != NULL ? dr : "/var/www/html";
}

/* A Listen word's port ("[ADDR:]PORT", "[::1]:PORT"); *colon: the ':'
 * before it, NULL for a bare port. */
static int
listen_port(const char *l, const char **colon)
{
	const char *c = strrchr(l, ':'), *rb = strchr(l, ']');

	if (c != NULL && rb != NULL && c < rb)
		c = NULL;	/* "[::1]" without a port */
	*colon = c;
	return atoi(c != NULL ? c + 1 : l);
}

/* Is port one of vhost v's (an address with no port or "*" matches)? */
static int
vhost_on_port(const struct pf_vhost *v, int port)
{
	size_t k;

	for (k = 0; k < v->addrs.n; k++)
		if (v->addrs.v[k].port == 0 || v->addrs.v[k].port == port)
			return 1;
	return 0;
}

/* Does the vhost (or its main server) have Listen ports it does not
 * cover?  Then the main server answers there too. */
size_t
pf_sim_vhosts(struct pf_sim *s, const struct pf_vhost ***out)
{
	int ck;
	struct pf_apache *ap = s->m->apache;
	const struct pf_node *c;
	size_t i, j;
	int main_serves = 0;
	cur_sim = s;

	if (ap == NULL) {
		*out = NULL;
		return 0;
	}
	if (!s->serving_done) {
		s->serving_done = 1;
		if (ap->vhosts.n == 0)
			main_serves = 1;
		else if (ap->root != NULL)
			EACH(c, ck, ap->root) {
				const char *l, *colon;
				int port, covered = 0;

				if (ck != SK_LISTEN || c->argc < 1)
					continue;
				l = c->argv[0];
				port = listen_port(l, &colon);
				for (j = 0; j < ap->vhosts.n && !covered; j++)
					covered = vhost_on_port(ap->vhosts.v[j],
					    port);
				if (!covered)
					main_serves = 1;
			}
		s->serving = pf_alloc(s->run->arena,
		    (ap->vhosts.n + 1) * sizeof(*s->serving));
		if (main_serves)
			s->serving[s->nserving++] = &ap->main;
		for (i = 0; i < ap->vhosts.n; i++)
			s->serving[s->nserving++] = ap->vhosts.v[i];
	}
	*out = s->serving;
	return s->nserving;
}

/* Is a Listen or <VirtualHost> host a loopback address?  (localhost:
 * resolved by httpd, to 127.0.0.1 / ::1 on every system we know.) */
static int
loopback_host(const char *h, size_t n)
{
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		h++;
		n -= 2;
	}
	return (n >= 4 && strncmp(h, "127.", 4) == 0) ||
	    (n == 3 && strncmp(h, "::1", 3) == 0) ||
	    (n == 9 && strncasecmp(h, "localhost", 9) == 0);
}

int
pf_sim_loopback_only(struct pf_sim *s, const struct pf_vhost *v,
    const struct pf_node **why, const char **client)
{
	const struct pf_apache *ap = s->m->apache;
	const struct pf_node *sc[2], *c;
	int n, k, ck, loop = 1;
	size_t i;
	cur_sim = s;

	*why = NULL;
	*client = "127.0.0.1";
	if (ap == NULL || ap->root == NULL)
		return 0;
	/* A <VirtualHost> on loopback addresses only: a connection to
	 * another address never selects it (IP-based matching first). */
	if (v != NULL && v->node != NULL && v->addrs.n > 0) {
		for (i = 0; i < v->addrs.n && loop; i++) {
			const char *h = v->addrs.v[i].host;

			loop = h != NULL && loopback_host(h, strlen(h));
		}
		if (loop) {
			*why = v->node;
			if (strchr(v->addrs.v[0].host, ':') != NULL)
				*client = "::1";
		}
	}
	/* Else the Listen lines of its ports (a bare port, 0.0.0.0, [::]
	 * or another address: the world may connect). */
	if (*why == NULL)
		EACH(c, ck, ap->root) {
			const char *l, *colon;
			int port;

			if (ck != SK_LISTEN || c->argc < 1)
				continue;
			l = c->argv[0];
			port = listen_port(l, &colon);
			if (v != NULL && v->node != NULL && v->addrs.n > 0 &&
			    !vhost_on_port(v, port))
				continue;
			if (colon == NULL || !loopback_host(l,
			    (size_t)(colon - l)))
				return 0;
			if (*why == NULL) {
				*why = c;
				if (strchr(l, ']') != NULL)
					*client = "::1";
			}
		}
	if (*why == NULL)
		return 0;
	/* mod_remoteip may make the address the proxy's header's (looked
	 * at last: the vhost's lines are not listed for every vhost of a
	 * tree that answers the world) */
	n = scopes(s, v, sc);
	for (k = 0; k < n; k++)
		EACH_V(c, ck, sc[k], KV_PLAIN)
			if (ck == SK_REMOTEIPHEADER) {
				*why = NULL;
				return 0;
			}
	return 1;
}

/* ---- URL translation ------------------------------------------------ */

/* mod_alias / core Location prefix test: whole segments only. */
static size_t
prefix_match(const char *uri, const char *pre)
{
	const char *u = uri, *p = pre;

	while (*p != '\0') {
		if (*p == '/') {
			if (*u != '/')
				return 0;
			while (*p == '/')
				p++;
			while (*u == '/')
				u++;
			continue;
		}
		if (*u++ != *p++)
			return 0;
	}
	if (p > pre && p[-1] != '/' && *u != '\0' && *u != '/')
		return 0;
	return (size_t)(u - uri);
}

/* <Location>/<Directory> with shell wildcards: component by component. */
static int
wild_prefix(const char *path, const char *pat)
{
	if (strpbrk(pat, "*?[") == NULL)
		return prefix_match(path, pat) > 0 || strcmp(pat, "/") == 0;
	return pf_path_wild_under(path, pat, 0, 0);
}

/* Maps uri through Alias*; returns the file path or NULL. */
static const char *
alias_map(struct sreq *r, const char *uri, const struct pf_node **via)
{
	int ck;
	struct pf_arena *a = SA(r->s);
	const struct pf_node *sc[2], *c;
	int i, n;
	long ov[20];

	/* mod_alias: the vhost's aliases first, then the main server's. */
	n = scopes(r->s, r->v, sc);
	for (i = n - 1; i >= 0; i--)
		EACH_V(c, ck, sc[i], KV_PLAIN) {
			const char *u, *t;
			size_t l;

			if (c->argc < 2)
				continue;
			u = c->argv[0];
			t = c->argv[1];
			if (ck == SK_ALIAS || ck == SK_SCRIPTALIAS) {
				l = prefix_match(uri, u);
				if (l == 0)
					continue;
				*via = c;
				return pf_printf(a, "%s%s", t, uri + l);
			}
			if (ck == SK_ALIASMATCH || ck == SK_SCRIPTALIASMATCH) {
				if (pf_sim_regex(r->s, u, 0, uri, ov, 10) != 1)
					continue;
				*via = c;
				return pregsub(a, t, uri, ov, 10);
			}
		}
	return NULL;
}

/* Translates uri to a filesystem path (Alias, else DocumentRoot). */
static const char *
uri_to_path(struct sreq *r, const char *uri, const struct pf_node **via)
{
	const char *p = alias_map(r, uri, via);
	size_t n;

	if (p != NULL)
		return p;
	*via = NULL;
	/* mod_userdir's translate_name: after mod_alias's, before core's
	 * (sim_userdir.c); its r->filename is walked like any other. */
	if (uri[0] == '/' && uri[1] == '~' &&
	    (p = sim_userdir(r, uri, NULL, NULL)) != NULL)
		return p;
	/* ap_core_translate drops one '/' where DocumentRoot ends in one:
	 * "/" + "/tmp/x.php" is "/tmp/x.php" */
	n = strlen(r->docroot);
	while (n > 0 && r->docroot[n - 1] == '/')
		n--;
	return pf_printf(SA(r->s), "%.*s%s", (int)n, r->docroot, uri);
}

const char *
pf_sim_url_of(struct pf_sim *s, const struct pf_vhost *v, const char *path)
{
	int ck;
	const char *dr = pf_sim_docroot(s, v);
	const struct pf_node *sc[2], *c;
	int i, n;
	size_t l;
	cur_sim = s;

	if (dr == NULL || path == NULL)
		return NULL;
	n = scopes(s, v, sc);
	for (i = n - 1; i >= 0; i--)
		EACH_V(c, ck, sc[i], KV_PLAIN)
			if ((ck == SK_ALIAS || ck == SK_SCRIPTALIAS) &&
			    c->argc >= 2 && pf_path_under(path, c->argv[1])) {
				l = strlen(c->argv[1]);
				while (l > 1 && c->argv[1][l - 1] == '/')
					l--;
				return pf_printf(SA(s), "%s%s%s",
				    c->argv[0], c->argv[0][strlen(
				    c->argv[0]) - 1] == '/' && path[l] == '/' ?
				    "" : "", path[l] == '/' &&
				    c->argv[0][strlen(c->argv[0]) - 1] == '/' ?
				    path + l + 1 : path + l);
			}
	if (!pf_path_under(path, dr))
		return NULL;
	l = strlen(dr);
	while (l > 1 && dr[l - 1] == '/')
		l--;
	if (l == 1)
		return path;
	return path[l] == '\0' ? "/" : pf_strdup(SA(s), path + l);
}

/* ---- server-context mod_rewrite ------------------------------------- */

static int
rw_has_flag(const char *flags, const char *f, const char **val)
{
	const char *p = flags;
	size_t n = strlen(f);

	if (flags == NULL)
		return 0;
	while (*p != '\0') {
		while (*p == '[' || *p == ',' || *p == ' ')
			p++;
		if (strncasecmp(p, f, n) == 0 && (p[n] == ',' || p[n] == ']' ||
		    p[n] == '=' || p[n] == ':' || p[n] == '\0')) {
			if (val != NULL)
				*val = p[n] == '=' || p[n] == ':' ? p + n + 1 :
				    NULL;
			return 1;
		}
		p += strcspn(p, ",]");
		if (*p == ']')
			break;
	}
	return 0;
}

/* The value of a flag up to ',' or ']'. */
static const char *
flag_val(struct pf_arena *a, const char *v)
{
	return v == NULL ? NULL : pf_strndup(a, v, strcspn(v, ",]"));
}

enum rw_result { RW_NONE, RW_LOCAL, RW_PROXY, RW_FORBIDDEN, RW_REDIRECT,
	RW_GONE, RW_STATUS };

/* Per-directory RewriteOptions (mod_rewrite.c OPTION_*) and how many
 * sections' rules one merged config runs at most. */
enum {
	RWO_INHERIT = 1 << 0,
	RWO_INHERIT_BEFORE = 1 << 1,
	RWO_INHERIT_DOWN = 1 << 2,
	RWO_INHERIT_DOWN_BEFORE = 1 << 3,
	RWO_IGNORE_INHERIT = 1 << 4,
	RWO_NOSLASH = 1 << 5,
	RWO_MERGEBASE = 1 << 6,
	RW_MAXSCOPES = 16,
};

/* The status of [R] / [R=code|permanent|temp|seeother] (302 by
 * default); one that is no redirect makes a status-only rule. */
static int
rw_redirect_status(const char *flags)
{
	const char *v = NULL;

	if (!rw_has_flag(flags, "R", &v) && !rw_has_flag(flags, "redirect",
	    &v))
		return 302;
	if (v == NULL || *v == ',' || *v == ']' || *v == '\0')
		return 302;
	if (strncasecmp(v, "permanent", 9) == 0)
		return 301;
	if (strncasecmp(v, "seeother", 8) == 0)
		return 303;
	if (isdigit((unsigned char)*v))
		return atoi(v);
	return 302;
}

const char sim_env_unknown[] = "";	/* by address: an unknown value */

/* The slot of NAME among the request's [E=] variables, or -1. */
static int
env_slot(const struct sreq *r, const char *name, size_t nl)
{
	int i;

	for (i = 0; i < r->nenv; i++)
		if (strlen(r->envk[i]) == nl &&
		    strncasecmp(r->envk[i], name, nl) == 0)
			return i;
	return -1;
}

/* NAME = value (NULL: unset) in the request's [E=] variables. */
static void
env_put(struct sreq *r, const char *name, size_t nl, const char *value)
{
	int i = env_slot(r, name, nl);

	if (i < 0 && r->nenv == SIM_NENV) {
		r->env_overflow = 1;
		return;
	}
	if (i < 0) {
		i = r->nenv++;
		r->envk[i] = pf_strndup(SA(r->s), name, nl);
	}
	r->envv[i] = value;
}

/*
 * The named groups of a regex section that matched subj (server/
 * request.c, the directory, location and file walks since 2.4.8): each
 * group that took part in the match sets MATCH_NAME in r->subprocess_env
 * (core.c ap_regname with AP_REG_MATCH: "MATCH_" and the name in capitals),
 * in the order of the groups, where a handler expression reads it
 * (SetHandler "proxy:unix:/run/php/%{env:MATCH_USER}.sock|fcgi://localhost"
 * in a <DirectoryMatch "^/home/(?<user>[^/]+)/public_html">: each user's
 * own pool, verified on 2.4.62 with two pools) and so does mod_rewrite's
 * %{ENV:...}.  A value cut from the request (the vhost's own strings, for
 * the memo) is not kept.
 */
static void
match_env(struct sreq *r, const char *pat, const char *subj)
{
	const char *names[32] = { NULL };
	pcre2_code *c;
	PCRE2_SPTR table;
	PCRE2_SIZE *ov;
	uint32_t count = 0, size = 0, i;
	int rc;

	if (strstr(pat, "(?<") == NULL && strstr(pat, "(?P<") == NULL &&
	    strstr(pat, "(?'") == NULL)
		return;
	if ((c = sim_re(r->s, pat, 0)) == NULL ||
	    pcre2_pattern_info(c, PCRE2_INFO_NAMECOUNT, &count) != 0 ||
	    count == 0 ||
	    pcre2_pattern_info(c, PCRE2_INFO_NAMEENTRYSIZE, &size) != 0 ||
	    pcre2_pattern_info(c, PCRE2_INFO_NAMETABLE, &table) != 0)
		return;
	for (i = 0; i < count; i++) {
		const unsigned char *e = (const unsigned char *)table + i * size;
		unsigned g = (unsigned)e[0] << 8 | e[1];

		if (g < 32)
			names[g] = (const char *)e + 2;
	}
	rc = pcre2_match(c, (PCRE2_SPTR)subj, strlen(subj), 0, 0, r->s->md,
	    NULL);
	if (rc < 0)
		return;
	if (rc == 0)		/* more groups than the match data holds */
		rc = 32;
	ov = pcre2_get_ovector_pointer(r->s->md);
	for (i = 1; i < (uint32_t)rc; i++) {
		char *name;
		size_t k, nl;

		if (names[i] == NULL || ov[2 * i] == PCRE2_UNSET)
			continue;
		nl = strlen(names[i]);
		name = pf_alloc(SA(r->s), nl + 7);
		memcpy(name, "MATCH_", 6);
		for (k = 0; k < nl; k++)
			name[6 + k] = (char)toupper((unsigned char)names[i][k]);
		name[6 + nl] = '\0';
		env_put(r, name, nl + 6, pf_strndup(SA(r->s), subj + ov[2 * i],
		    ov[2 * i + 1] - ov[2 * i]));
		r->s->taint = 1;
	}
}

const char *
sim_env_get(const struct sreq *r, const char *name, size_t nl)
{
	int i;

	if (r->env_overflow)
		return sim_env_unknown;
	i = env_slot(r, name, nl);
	return i >= 0 ? r->envv[i] : NULL;
}

/*
 * [E=VAR:VAL] / [E=!VAR] / [E=VAR] (VAR = "") of a rule that applies
 * (mod_rewrite do_expand_env, apr_table_set/unset of r->subprocess_env):
 * every variable is kept for a later %{ENV:VAR} of the same request,
 * and proxy-fcgi-pathinfo also as mod_proxy_fcgi reads it: mod_rewrite
 * sets it at translate_name or in its fixup, both before mod_proxy
 * canonicalises the URL.
 */
static void
rw_env(struct sreq *r, const char *flags, const char *cur, const long *ov,
    const char *csubj, const long *cov, int cn)
{
	const char *p = flags;

	if (flags == NULL)
		return;
	while (*p != '\0') {
		size_t l, vl;
		const char *v;
		int neg;

		while (*p == '[' || *p == ',' || *p == ' ')
			p++;
		l = strcspn(p, ",]");
		if (l > 2 && (strncasecmp(p, "E=", 2) == 0 || (l > 4 &&
		    strncasecmp(p, "env=", 4) == 0))) {
			v = p + (p[1] == '=' ? 2 : 4);
			vl = l - (size_t)(v - p);
			neg = *v == '!';
			v += neg;
			vl -= (size_t)neg;
			{
				const char *colon = memchr(v, ':', vl);
				size_t nl = colon ? (size_t)(colon - v) : vl;
				const char *val = "";
				int u = 0;

				if (neg)
					val = NULL;
				else if (colon != NULL && vl > nl + 1)
					val = sim_expand(r, pf_strndup(SA(r->s),
					    colon + 1, vl - nl - 1), cur, ov, 10,
					    csubj, cov, cn, &u);
				if (nl > 0)
					env_put(r, v, nl, u ? sim_env_unknown :
					    val);
				if (nl == 19 && strncasecmp(v,
				    "proxy-fcgi-pathinfo", 19) == 0) {
					r->rw_env_set = 1;
					r->rw_env = val;
				}
			}
		}
		p += l;
		if (*p != ',')
			break;
	}
}

/* A character ap_scan_vchar_obstext() stops at: a space, a control
 * character or DEL. */
static int
ctl_chars(const char *p)
{
	for (; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p == 0x7f)
			return 1;
	return 0;
}

/*
 * Runs the RewriteRules of scope (a vhost, the main server or a
 * directory section) on subject.  srv: server context (a relative local
 * substitution gets a '/'; per directory the caller adds the directory).
 * Sets r->forced_handler for [H=], r->proxy_url for [P]; *out gets a
 * local substitution.
 */
static enum rw_result
rewrite(struct sreq *r, const struct pf_node *const *scopes, int nscopes,
    const char *subject, const char *pinfo, int srv, const char **out)
{
	int ck, si, stop = 0;
	struct pf_arena *a = SA(r->s);
	const struct pf_node *c, *conds[32];
	int nconds = 0, skip = 0, chain_failed = 0;
	/* Per-directory rules match r->filename with r->path_info after it
	 * (pinfo, already in subject); a substitution replaces the file name
	 * and keeps the path info for the next rules unless [DPI] (then
	 * none).  base: the file name alone, the result. */
	const char *cur = subject, *base = subject;
	enum rw_result res = RW_NONE;
	const struct pf_node *ctl = NULL;	/* the rule whose query has
						 * a space (AH10410) */

	/* [END] ended rewriting for the request, internal redirects
	 * included (a note in r->pool, which they share). */
	if (r->rw_end) {
		*out = cur;
		return RW_NONE;
	}
	/* The sections' rules are one list (RewriteOptions Inherit
	 * appends the arrays); a RewriteCond belongs to the next rule of
	 * its own section. */
	for (si = 0; si < nscopes && !stop; si++, nconds = 0)
	EACH_V(c, ck, scopes[si], KV_PLAIN) {
		const char *pat, *sub, *flags, *hv, *pv;
		long ov[20], cov[20];
		int neg = 0, m, i, cn = 0, ok = 1, unknown = 0;
		const char *csubj = NULL;

		if (ck == SK_REWRITECOND) {
			if (nconds < 32)
				conds[nconds++] = c;
			continue;
		}
		if (ck != SK_REWRITERULE || c->argc < 2) {
			continue;
		}
		if (skip > 0) {
			skip--;
			nconds = 0;
			continue;
		}
		pat = c->argv[0];
		sub = c->argv[1];
		flags = c->argc > 2 ? c->argv[2] : NULL;
		if (chain_failed) {
			chain_failed = rw_has_flag(flags, "C", NULL) ||
			    rw_has_flag(flags, "chain", NULL);
			nconds = 0;
			continue;
		}
		/* apply_rewrite_list(): a sub-request skips [NS] and [R]
		 * rules. */
		if (r->sub && (rw_has_flag(flags, "NS", NULL) ||
		    rw_has_flag(flags, "nosubreq", NULL) ||
		    rw_has_flag(flags, "R", NULL) ||
		    rw_has_flag(flags, "redirect", NULL))) {
			nconds = 0;
			continue;
		}
		if (*pat == '!') {
			neg = 1;
			pat++;
		}
		m = pf_sim_regex(r->s, pat, rw_has_flag(flags, "NC", NULL) ||
		    rw_has_flag(flags, "nocase", NULL), cur, ov, 10);
		if (m < 0)
			m = 0;
		if (neg) {
			m = !m;
			for (i = 0; i < 20; i++)
				ov[i] = -1;
		}
		for (i = 0; i < nconds && m; i++) {
			int orflag = conds[i]->argc > 2 &&
			    strcasestr(conds[i]->argv[2], "OR") != NULL;
			int t = sim_cond_eval(r, conds[i], cur, ov, 10, cov,
			    &cn, &csubj);

			if (t == T_UNKNOWN) {
				unknown = 1;
				t = T_TRUE;
			}
			if (orflag) {
				/* a OR b: true if either; look ahead. */
				if (t == T_TRUE) {
					while (i < nconds && conds[i]->argc > 2
					    && strcasestr(conds[i]->argv[2],
					    "OR") != NULL)
						i++;
				}
				continue;
			}
			if (t == T_FALSE)
				ok = 0, m = 0;
		}
		nconds = 0;
		/*
		 * A condition on what the client controls (Host, headers,
		 * addresses) is unknown.  The attacker picks: a rule that
		 * proxies or sets a handler is taken as applying (worst
		 * case), one that would send the request elsewhere
		 * (redirect, 403, local rewrite) as not applying.
		 */
		if (m && ok && unknown && !rw_has_flag(flags, "P", NULL) &&
		    !rw_has_flag(flags, "proxy", NULL) &&
		    !rw_has_flag(flags, "H", NULL) &&
		    !rw_has_flag(flags, "handler", NULL))
			ok = 0;
		if (!m || !ok) {
			chain_failed = rw_has_flag(flags, "C", NULL) ||
			    rw_has_flag(flags, "chain", NULL);
			continue;
		}
		if (unknown && r->out != NULL)
			r->out->conditional = 1;
		/*
		 * apply_rewrite_rule() expands the substitution before the
		 * rule's [E=] and flags: a '?' that an expansion brought in
		 * (a decoded %3f of the URL in $1) answers 403 unless
		 * [UnsafeAllow3F] (2.4.60, CVE-2024-38474); the first '?'
		 * decides, the last with [QSL].
		 */
		if (strcmp(sub, "-") != 0 &&
		    !rw_has_flag(flags, "UnsafeAllow3F", NULL)) {
			int u3 = 0, qm;

			(void)sim_expand(r, sub, cur, ov, 10, csubj, cov, cn,
			    &u3);
			qm = rw_has_flag(flags, "QSL", NULL) ||
			    rw_has_flag(flags, "qslast", NULL) ?
			    r->exp_qmark_last : r->exp_qmark;
			if (qm == 1) {
				r->proxy_node = c;
				return RW_FORBIDDEN;
			}
		}
		rw_env(r, flags, cur, ov, csubj, cov, cn);
		if (rw_has_flag(flags, "S", &pv) ||
		    rw_has_flag(flags, "skip", &pv))
			skip = pv ? atoi(pv) : 0;
		if (rw_has_flag(flags, "H", &hv) ||
		    rw_has_flag(flags, "handler", &hv)) {
			/* Handler names reach r->handler lower-cased: a
			 * proxy:unix: path with capitals names another
			 * socket (verified on 2.4.71: 503). */
			char *h = (char *)flag_val(a, hv), *q;

			if (r->s->sig_upper)
				sim_taint_if(r->s, h);
			for (q = h; q != NULL && *q != '\0'; q++)
				*q = (char)tolower((unsigned char)*q);
			r->forced_handler = h;
			r->forced_node = c;
		}
		if (rw_has_flag(flags, "F", NULL) ||
		    rw_has_flag(flags, "forbidden", NULL)) {
			r->proxy_node = c;
			return RW_FORBIDDEN;
		}
		if (rw_has_flag(flags, "G", NULL) ||
		    rw_has_flag(flags, "gone", NULL)) {
			r->proxy_node = c;
			return RW_GONE;
		}
		if ((rw_has_flag(flags, "R", NULL) ||
		    rw_has_flag(flags, "redirect", NULL)) &&
		    (rw_redirect_status(flags) < 300 ||
		    rw_redirect_status(flags) > 399)) {
			/* [R=4xx]: the status, whatever the substitution. */
			r->rw_status = rw_redirect_status(flags);
			r->proxy_node = c;
			return RW_STATUS;
		}
		if (strcmp(sub, "-") != 0) {
			int u2 = 0;
			const char *ns = sim_expand(r, sub, cur, ov, 10, csubj,
			    cov, cn, &u2);
			const char *q;

			r->rw_lastsub = c;
			/* splitout_queryargs(): a query goes to r->args (the
			 * last '?' with [QSL]), the rules go on without it
			 * (for [P] and redirects too). */
			q = rw_has_flag(flags, "QSL", NULL) ||
			    rw_has_flag(flags, "qslast", NULL) ?
			    strrchr(ns, '?') : strchr(ns, '?');
			if (q != NULL) {
				/* The query goes to r->args as expanded: a
				 * space or control character there (a
				 * back-reference to the decoded path, "%20"
				 * become ' ') makes mod_rewrite refuse the
				 * request (AH10410/AH10411, 403) unless [B]
				 * escapes the back-references.  (Verified on
				 * 2.4.71: OpenCart's "^([^?]*) index.php?
				 * _route_=$1" and /sub/x.php%20, 403.)  [QSA]
				 * keeps a refused query before it. */
				int bad = !u2 && ctl_chars(q + 1) &&
				    !rw_has_flag(flags, "B", NULL) &&
				    !rw_has_flag(flags, "BNP", NULL) &&
				    !rw_has_flag(flags, "BCTLS", NULL) &&
				    !rw_has_flag(flags, "BNE", NULL);

				if (bad)
					ctl = c;
				else if (!rw_has_flag(flags, "QSA", NULL) &&
				    !rw_has_flag(flags, "qsappend", NULL))
					ctl = NULL;
				rw_query(r, flags, q + 1);
				ns = pf_strndup(a, ns, (size_t)(q - ns));
			} else if (rw_has_flag(flags, "QSD", NULL) ||
			    rw_has_flag(flags, "qsdiscard", NULL)) {
				r->query = "";
				r->qmark = 0;
			}

			if (rw_has_flag(flags, "P", NULL) ||
			    rw_has_flag(flags, "proxy", NULL)) {
				/* [NE]: mod_rewrite sets proxy-nocanon and
				 * puts the query back on the URL. */
				if (rw_has_flag(flags, "NE", NULL) ||
				    rw_has_flag(flags, "noescape", NULL)) {
					r->noencode = 1;
					if (has_args(r))
						ns = pf_printf(a, "%s?%s", ns,
						    r->query);
				}
				r->proxy_url = ns;
				r->proxy_node = c;
				r->proxy_kind = PF_ROUTE_REWRITE_PROXY;
				return RW_PROXY;
			}
			if (rw_has_flag(flags, "R", NULL) ||
			    rw_has_flag(flags, "redirect", NULL) ||
			    strstr(ns, "://") != NULL) {
				r->rw_status = rw_redirect_status(flags);
				return RW_REDIRECT;
			}
			/* apply_rewrite_rule(): "add root prefix", then
			 * leading slashes merged unless the output has two. */
			if (srv && ns[0] != '/')
				ns = pf_printf(a, "/%s", ns);
			else if (srv && !(sub[0] == '/' && sub[1] == '/'))
				while (ns[0] == '/' && ns[1] == '/')
					ns++;
			base = ns;
			if (!srv && (rw_has_flag(flags, "DPI", NULL) ||
			    rw_has_flag(flags, "D", NULL) ||
			    rw_has_flag(flags, "discardpath", NULL))) {
				pinfo = NULL;
				r->rw_dpi = 1;
			}
			cur = !srv && pinfo != NULL && pinfo[0] != '\0' ?
			    pf_printf(a, "%s%s", ns, pinfo) : ns;
			/* What %{REQUEST_FILENAME} reads for the next
			 * rules: r->filename, with the rules' directory in
			 * front of a relative result. */
			r->rw_file_now = srv || ns[0] == '/' ||
			    r->rw_dir_now == NULL ? ns : pf_printf(a, "%s%s%s",
			    r->rw_dir_now, r->rw_dir_now[0] != '\0' &&
			    r->rw_dir_now[strlen(r->rw_dir_now) - 1] == '/' ?
			    "" : "/", ns);
			sim_taint_if(r->s, cur);
			res = RW_LOCAL;
		}
		/* [PT] passes r->filename on as r->uri and ends the list
		 * (even after "-": what was substituted so far).  Per
		 * directory hook_fixup ignores it, and a "-" rule changes
		 * nothing there (apply_rewrite_rule returns before the
		 * flag; verified on 2.4.71: Textpattern's "-f" rule
		 * "^(.+) - [PT,L]" keeps /index.php/foo as it is). */
		if (rw_has_flag(flags, "PT", NULL) ||
		    rw_has_flag(flags, "passthrough", NULL)) {
			r->rw_stop = 1;
			stop = 1;
			if (!srv && strcmp(sub, "-") == 0)
				break;
			r->rw_pt = 1;
			res = RW_LOCAL;
			break;
		}
		if (rw_has_flag(flags, "END", NULL)) {
			r->rw_end = 1;
			r->rw_stop = 1;
			stop = 1;
			break;
		}
		if (rw_has_flag(flags, "L", NULL) ||
		    rw_has_flag(flags, "last", NULL)) {
			r->rw_stop = 1;
			stop = 1;
			break;
		}
	}
	*out = base;
	r->rw_file_now = NULL;
	if (res == RW_LOCAL && ctl != NULL) {
		r->proxy_node = ctl;
		return RW_FORBIDDEN;
	}
	return res;
}

/* ---- ProxyPass ------------------------------------------------------ */

static int
proxypass_inherit(const struct pf_node *scope)
{
	int ck;
	const struct pf_node *c;
	int on = 1;

	EACH_V(c, ck, scope, KV_PLAIN)
		if (ck == SK_PROXYPASSINHERIT && c->argc > 0)
			on = strcasecmp(c->argv[0], "off") != 0;
	return on;
}

/* mod_proxy's alias_match() as the simulator has it. */
static size_t
pp_prefix(const char *uri, const char *fake)
{
	size_t l = prefix_match(uri, fake);

	return l == 0 && strcmp(fake, "/") == 0 ? 1 : l;
}

const char *
sim_past_uds(const char *u)
{
	if (strncasecmp(u, "unix:", 5) == 0 && strchr(u, '|') != NULL)
		return strchr(u, '|') + 1;
	return u;
}

/* r->args is not NULL: a query, or a '?' the client sent alone. */
static int
has_args(const struct sreq *r)
{
	return r->qmark || (r->query != NULL && r->query[0] != '\0');
}

/*
 * r->unparsed_uri, which a nocanon route is matched on and built from
 * (ap_proxy_trans_match): the path as the client sent it, then '?' and
 * the query, which so stays in the URL mod_proxy_fcgi is to forward.
 * NULL when that is the URI itself (a lint probe without a query:
 * nocanon changes nothing there).
 */
static const char *
unparsed_uri(struct sreq *r, const char *uri)
{
	if (!has_args(r))
		return r->raw;
	return pf_printf(SA(r->s), "%s?%s", r->raw != NULL ? r->raw : uri,
	    r->query);
}

/*
 * A ProxyPass* entry: returns 1 proxied (*url set), 0 no match, -1 "!".
 * ap_proxy_trans_match(): entries with mapping=encoded are matched only
 * before translate_name (enc: 1, uri still encoded), the others only in
 * it; with nocanon the target is built from the path as the client sent
 * it when that matches the same way (else mod_proxy warns and drops
 * nocanon), and it is not encoded again.
 */
static int
proxypass_try(struct sreq *r, const struct pf_node *c, const char *uri,
    const char **url, int enc)
{
	struct pf_arena *a = SA(r->s);
	const char *fake, *real, *use = uri, *raw = NULL;
	long ov[20], ov2[20];
	size_t l, l2;
	int nocanon;

	if (c->argc < 2)
		return 0;
	if (c->argc > 2 && pp_flag(c, 2, "mapping=encoded") != enc)
		return 0;
	if (c->argc == 2 && enc)
		return 0;
	fake = c->argv[0];
	real = c->argv[1];
	nocanon = !enc && c->argc > 2 && pp_flag(c, 2, "nocanon") &&
	    (raw = unparsed_uri(r, uri)) != NULL;
	if (IS(c, PROXYPASSMATCH)) {
		if (pf_sim_regex(r->s, fake, 0, uri, ov, 10) != 1)
			return 0;
		if (strcmp(real, "!") == 0)
			return -1;
		if (nocanon && pf_sim_regex(r->s, fake, 0, raw, ov2, 10) ==
		    1) {
			use = raw;
			memcpy(ov, ov2, sizeof(ov));
			r->noencode = 1;
		}
		*url = pregsub(a, real, use, ov, 10);
		if (strcmp(*url, real) == 0)
			*url = pf_printf(a, "%s%s", real, use);
		r->noencode |= enc;
		return 1;
	}
	if ((l = pp_prefix(uri, fake)) == 0)
		return 0;
	if (strcmp(real, "!") == 0)
		return -1;
	if (nocanon && (l2 = pp_prefix(raw, fake)) == l) {
		use = raw;
		r->noencode = 1;
	}
	*url = pf_printf(a, "%s%s", real, use + l);
	r->noencode |= enc;
	return 1;
}

/* Location-nested ProxyPass (one argument): the last matching Location. */
static int
location_proxypass(struct sreq *r, const char *uri, const char **url,
    int enc)
{
	int ck, dk;
	const struct pf_node *sc[2], *c, *d, *hit = NULL, *hsec = NULL;
	const char *raw;
	int i, n;
	size_t plen = 0;

	n = scopes(r->s, r->v, sc);
	for (i = 0; i < n; i++)
		EACH_V(c, ck, sc[i], KV_LOC) {
			int loc = ck == SK_LOCATION, lm = ck == SK_LOCATIONMATCH;
			size_t l = 0;
			long ov[4];

			if (!(loc || lm) || c->argc < 1)
				continue;
			if (lm || (loc && strcmp(c->argv[0], "~") == 0)) {
				const char *re = lm ? c->argv[0] : sim_arg(c, 1);

				if (re == NULL || pf_sim_regex(r->s, re, 0, uri,
				    ov, 2) != 1)
					continue;
				l = (size_t)ov[1];
			} else {
				if (!wild_prefix(uri, c->argv[0]))
					continue;
				l = prefix_match(uri, c->argv[0]);
			}
			EACH(d, dk, c)
				if ((dk == SK_PROXYPASS ||
				    dk == SK_PROXYPASSMATCH) && d->argc >= 1) {
					hit = d;
					hsec = c;
					plen = lm ? strlen(uri) : l;
				}
		}
	if (hit == NULL || pp_flag(hit, 1, "mapping=encoded") != enc)
		return 0;
	if (strcmp(hit->argv[0], "!") == 0)
		return -1;
	r->noencode = enc;
	r->proxy_node = hit;
	r->proxy_section = hsec;
	r->proxy_kind = IS(hit, PROXYPASSMATCH) ? PF_ROUTE_PROXYPASSMATCH :
	    PF_ROUTE_PROXYPASS;
	/* In a <LocationMatch>, $N of the target are the section's groups;
	 * without a backreference the whole URL is appended (as
	 * ProxyPassMatch does). */
	if (IS(hsec, LOCATIONMATCH) || (hsec->argc > 1 &&
	    strcmp(hsec->argv[0], "~") == 0)) {
		const char *re = IS(hsec, LOCATIONMATCH) ? hsec->argv[0] :
		    hsec->argv[1];
		long ov[20];

		if (pf_sim_regex(r->s, re, 0, uri, ov, 10) == 1) {
			*url = pregsub(SA(r->s), hit->argv[0], uri, ov,
			    10);
			if (strcmp(*url, hit->argv[0]) == 0)
				*url = pf_printf(SA(r->s), "%s%s",
				    hit->argv[0], uri);
			return 1;
		}
	}
	/* nocanon: the rest of the path as the client sent it (and the
	 * query), when the section's path matches it the same way. */
	if (!enc && pp_flag(hit, 1, "nocanon") && IS(hsec, LOCATION) &&
	    (raw = unparsed_uri(r, uri)) != NULL &&
	    pp_prefix(raw, hsec->argv[0]) == plen) {
		uri = raw;
		r->noencode = 1;
	}
	*url = pf_printf(SA(r->s), "%s%s", hit->argv[0],
	    plen <= strlen(uri) ? uri + plen : "");
	return 1;
}

/* RewriteOptions in a vhost: 1 Inherit, 2 InheritBefore, 0 none;
 * *unsafe: UnsafePrefixStat. */
static int
rw_inherit(const struct pf_node *scope, int *unsafe)
{
	int ck;
	const struct pf_node *c;
	int inh = 0, i;

	*unsafe = 0;
	EACH_V(c, ck, scope, KV_PLAIN)
		if (ck == SK_REWRITEOPTIONS)
			for (i = 0; i < c->argc; i++) {
				if (strcasecmp(c->argv[i], "Inherit") == 0)
					inh = 1;
				else if (strcasecmp(c->argv[i],
				    "InheritBefore") == 0)
					inh = 2;
				else if (strcasecmp(c->argv[i],
				    "UnsafePrefixStat") == 0)
					*unsafe = 1;
			}
	return inh;
}

/*
 * hook_uri2file's end for a local substitution without [PT]
 * (modules/mappers/mod_rewrite.c): the result is r->filename and
 * translate_name is over (mod_rewrite's hook runs first and returns OK:
 * neither mod_proxy's ProxyPass nor mod_alias's Redirect and Alias nor
 * the DocumentRoot mapping runs; r->uri stays the requested URL).  It is
 * taken as it is when its first component exists (prefix_stat) and the
 * last substituting rule's output starts with that component or the
 * result starts with the DocumentRoot (plain string prefixes, as
 * startsWith() tests them), or UnsafePrefixStat (the option, the rule's
 * flag) waives that test; otherwise it is a URL-path below the
 * DocumentRoot.
 */
static int
rw_to_file(struct sreq *r, const char *path)
{
	struct pf_arena *a = SA(r->s);
	const char *dr = r->docroot, *p = path;
	const char *first;
	size_t dl = strlen(dr), fl;
	int keep = 0;

	while (dl > 1 && dr[dl - 1] == '/')
		dl--;
	fl = path[0] == '/' ? strcspn(path + 1, "/") + 1 : 0;
	first = pf_strndup(a, path, fl);
	if (fl > 0 && (sim_is_dir(r, first) || sim_is_file(r, first)))
		keep = r->rw_lastsub == NULL || r->rw_unsafe ||
		    (r->rw_lastsub->argc > 2 && rw_has_flag(
		    r->rw_lastsub->argv[2], "UnsafePrefixStat", NULL)) ||
		    strncmp(r->rw_lastsub->argv[1], first, fl) == 0 ||
		    strncmp(path, dr, dl) == 0;
	if (!keep) {
		/* ap_core_translate(): the leading slashes go. */
		while (*p == '/')
			p++;
		path = pf_printf(a, "%.*s/%s", (int)(dl == 1 ? 0 : dl), dr, p);
	}
	r->rw_file = path;
	return 0;
}

/*
 * mod_alias's Redirect, RedirectMatch, RedirectPermanent, RedirectTemp
 * (add_redirect_internal): the status (a keyword or a number first, 302
 * by default) and the URL-path or pattern the request must match; NULL
 * when the directive is the one-argument form of a section (2.4.19+:
 * "Redirect [status] URL" in a <Location>), which matches wherever the
 * section applies.  Returns 0 for a form httpd refuses.
 */
static int
redirect_args(const struct pf_node *c, int ck, int in_section,
    const char **path)
{
	const char *a0 = sim_arg(c, 0);
	int status = ck == SK_REDIRECTPERMANENT ? 301 : 302, grok = 1, rest;

	*path = NULL;
	if (a0 == NULL)
		return 0;
	if (ck == SK_REDIRECTPERMANENT || ck == SK_REDIRECTTEMP)
		grok = 0;
	else if (strcasecmp(a0, "permanent") == 0)
		status = 301;
	else if (strcasecmp(a0, "temp") == 0)
		status = 302;
	else if (strcasecmp(a0, "seeother") == 0)
		status = 303;
	else if (strcasecmp(a0, "gone") == 0)
		status = 410;
	else if (isdigit((unsigned char)a0[0]))
		status = atoi(a0);
	else
		grok = 0;
	rest = c->argc - grok;
	if (rest > 2)
		return 0;	/* "invalid first argument (of three)" */
	if (status >= 300 && status < 400) {
		/* URL-path URL, or in a section just the URL. */
		if (rest == 2)
			*path = c->argv[grok];
		else if (rest != 1 || !in_section)
			return 0;
	} else {
		/* No URL: "Redirect gone /path", or in a section alone. */
		if (rest == 1)
			*path = c->argv[grok];
		else if (rest != 0 || !in_section)
			return 0;
	}
	return status;
}

/* Does the Redirect* node c send uri away?  Its status, or 0. */
static int
redirect_hit(struct sreq *r, const struct pf_node *c, int ck, int in_section,
    const char *uri)
{
	const char *path;
	long ov[20];
	int status = redirect_args(c, ck, in_section, &path);

	if (status == 0)
		return 0;
	if (path == NULL)
		return status;
	if (ck == SK_REDIRECTMATCH)
		return pf_sim_regex(r->s, path, 0, uri, ov, 10) == 1 ?
		    status : 0;
	return prefix_match(uri, path) > 0 ? status : 0;
}

/* The request ends with mod_alias's status: a redirect (3xx) or an error
 * (Redirect gone, 404, ...); nothing is served. */
static void
redirect_outcome(struct sreq *r, const struct pf_node *c, int status)
{
	r->out->outcome = PF_SIM_OTHER;
	r->out->status = status;
	r->out->status_node = c;
	r->redirect = status >= 300 && status < 400;
	r->done = 1;
}

/* What Apache answers for a rule's [F], [G], [R] or [R=4xx]: 403 is
 * a denial, the others a status of its own. */
static void
rw_answer(struct sreq *r, enum rw_result rr)
{
	int st = rr == RW_FORBIDDEN ? 403 : rr == RW_GONE ? 410 :
	    r->rw_status;

	/* (AH00670's refusal returns 403 with r->status as it was, and a
	 * request the access checks refuse runs no fixups) */
	r->out->rw_status = !r->rw_sym && r->out->authz != PF_AUTHZ_DENIED;
	r->rw_sym = 0;
	if (st == 403) {
		r->out->outcome = PF_SIM_DENIED;
		r->out->authz_node = r->proxy_node;
		return;
	}
	r->out->outcome = PF_SIM_OTHER;
	r->out->status = st;
	r->out->status_node = r->proxy_node;
	r->redirect = st >= 300 && st < 400;
}

static int pretrans_encoded(struct sreq *, const struct pf_node *[2], int);
static int translate_rest(struct sreq *, const struct pf_node *[2], int);
static int rw_server_on(struct sreq *, const struct pf_node *[2], int);

/* translate_name: rewrite, then ProxyPass.  Returns 1 when proxied. */
static int
translate(struct sreq *r)
{
	const struct pf_node *sc[2];
	int n, t;

	n = scopes(r->s, r->v, sc);
	r->rw_file = NULL;
	r->rw_lastsub = NULL;
	r->rw_pt = 0;
	r->rw_stop = 0;
	r->srw_env = NULL;
	r->srw_set = 0;
	r->noencode = 0;
	/* pre_translate_name: mod_proxy's mapping=encoded entries on the
	 * path still encoded (DONE: it is never decoded, r->uri stays so);
	 * then ap_unescape_url()'s refusal, if any. */
	if (r->s->any_encoded && (t = pretrans_encoded(r, sc, n)) != 0) {
		r->raw = r->enc_uri = NULL;
		r->bad_status = 0;
		return t > 0;
	}
	if (r->bad_status != 0) {
		r->out->outcome = r->bad_status == 404 ? PF_SIM_NOT_FOUND :
		    PF_SIM_OTHER;
		r->out->status = r->bad_status == 404 ? 0 : r->bad_status;
		r->ed_phase = ED_SERVER;
		r->bad_status = 0;
		r->raw = r->enc_uri = NULL;
		r->done = 1;
		return 0;
	}
	t = translate_rest(r, sc, n);
	/* Later requests (internal redirects) are given their URL. */
	r->raw = r->enc_uri = NULL;
	return t;
}

/* mapping=encoded entries: the <Location>'s, then the server's. */
static int
pretrans_encoded(struct sreq *r, const struct pf_node *sc[2], int n)
{
	const char *uri = r->enc_uri != NULL ? r->enc_uri : r->uri, *url;
	const struct pf_node *c;
	int ck, i, t;

	t = location_proxypass(r, uri, &url, 1);
	if (t > 0) {
		r->uri = uri;
		r->proxy_url = url;
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (i == 0 && n == 2 && !proxypass_inherit(sc[1]))
			continue;
		EACH_V(c, ck, sc[i], KV_PLAIN) {
			if (ck != SK_PROXYPASS && ck != SK_PROXYPASSMATCH)
				continue;
			if ((t = proxypass_try(r, c, uri, &url, 1)) > 0) {
				r->uri = uri;
				r->proxy_url = url;
				r->proxy_node = c;
				r->proxy_kind = ck == SK_PROXYPASS ?
				    PF_ROUTE_PROXYPASS :
				    PF_ROUTE_PROXYPASSMATCH;
				return 1;
			}
		}
	}
	r->proxy_node = NULL;
	r->proxy_section = NULL;
	r->noencode = 0;
	return 0;
}

static int
translate_rest(struct sreq *r, const struct pf_node *sc[2], int n)
{
	int ck;
	const struct pf_node *c, *scope;
	const char *url = NULL, *nu = NULL;
	enum rw_result rr;
	int i, t;

	/* mod_rewrite (server context): the vhost's own rules; the main
	 * server's too with RewriteOptions Inherit (after) or
	 * InheritBefore (before), one list for [L]. */
	scope = sc[n - 1];
	if (rw_server_on(r, sc, n)) {
		int unsafe, inh = rw_inherit(scope, &unsafe);

		if (n < 2)
			inh = 0;
		r->rw_unsafe = unsafe;

		{
			const struct pf_node *lst[2];
			int nl = 0;

			if (inh == 2)
				lst[nl++] = sc[0];
			lst[nl++] = scope;
			if (inh == 1)
				lst[nl++] = sc[0];
			nu = r->uri;
			rr = rewrite(r, lst, nl, r->uri, NULL, 1, &nu);
			r->rw_file_now = NULL;
		}
		/* Their [E=] is translate_name's (pathinfo_env). */
		r->srw_env = r->rw_env;
		r->srw_set = r->rw_env_set;
		r->rw_env = NULL;
		r->rw_env_set = 0;
		switch (rr) {
		case RW_PROXY:
			return 1;
		case RW_FORBIDDEN:
		case RW_GONE:
		case RW_STATUS:
		case RW_REDIRECT:
			rw_answer(r, rr);
			r->proxy_node = NULL;
			r->done = 1;
			return 0;
		case RW_LOCAL:
			sim_taint_if(r->s, nu);
			if (!r->rw_pt)
				return rw_to_file(r, nu);
			r->uri = nu;
			break;
		case RW_NONE:
			break;
		}
	}
	/* mod_proxy: <Location> ProxyPass, then the server's in order.  A
	 * "!" entry that matches ends the walk with DECLINED
	 * (ap_proxy_trans_match), so mod_alias still runs (verified on
	 * 2.4.71: ProxyPassMatch ^/uploads/.*\.php$ ! then RedirectMatch
	 * 404 /\. answers /uploads/.x.php 404; tests/rules/sim_random.py
	 * found it). */
	t = location_proxypass(r, r->uri, &url, 0);
	if (t < 0)
		goto alias;
	if (t > 0) {
		r->proxy_url = url;
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (i == 0 && n == 2 && !proxypass_inherit(sc[1]))
			continue;
		EACH_V(c, ck, sc[i], KV_PLAIN) {
			if (ck != SK_PROXYPASS && ck != SK_PROXYPASSMATCH)
				continue;
			t = proxypass_try(r, c, r->uri, &url, 0);
			if (t < 0)
				goto alias;
			if (t > 0) {
				r->proxy_url = url;
				r->proxy_node = c;
				r->proxy_kind = ck == SK_PROXYPASS ?
				    PF_ROUTE_PROXYPASS :
				    PF_ROUTE_PROXYPASSMATCH;
				return 1;
			}
		}
	}
	/* mod_alias's translate_name (after mod_proxy's and mod_rewrite's):
	 * the vhost's redirects, then the main server's, the first match
	 * wins; before any Alias. */
alias:
	for (i = n - 1; i >= 0; i--)
		EACH_V(c, ck, sc[i], KV_PLAIN) {
			if (ck != SK_REDIRECT && ck != SK_REDIRECTMATCH &&
			    ck != SK_REDIRECTPERMANENT && ck != SK_REDIRECTTEMP)
				continue;
			if ((t = redirect_hit(r, c, ck, 0, r->uri)) != 0) {
				redirect_outcome(r, c, t);
				return 0;
			}
		}
	/* mod_userdir (after every Alias, sim_userdir.c): a URL target
	 * ("UserDir http://host/~*") answers 302. */
	if (r->uri[0] == '/' && r->uri[1] == '~') {
		const struct pf_node *va = NULL;
		const struct pf_vhost *uv = r->v != NULL ? r->v :
		    &r->s->m->apache->main;

		if (alias_map(r, r->uri, &va) == NULL &&
		    sim_userdir(r, r->uri, &t, NULL) == NULL && t != 0) {
			redirect_outcome(r, uv->userdir.targets, t);
			return 0;
		}
	}
	return 0;
}

/* ---- sections ------------------------------------------------------- */

struct mmap {
	const char	*ext;		/* lower case, without the dot */
	const char	*val;		/* handler or type; NULL: removed */
	const struct pf_node *node;
};

struct rdref {
	const struct pf_node	*n, *sec;
	int			 ck;
};

typedef PF_VEC(struct mmap) mvec;

/*
 * One mod_mime configuration (mime_dir_config) as merge_mime_dir_configs
 * combines them.  httpd merges the sections of one walk (Directory with
 * the .htaccess files and the regex forms, Files, Location, If) among
 * themselves first, then the walk's result onto the request's config
 * (request.c now_merged), and a section without mod_mime lines has no
 * config at all (the base passes through).  The merge overlays the
 * extension maps, applies the added config's RemoveHandler/RemoveType
 * only when there is a map to apply them to, and keeps no removal for
 * later: so a <Directory> RemoveHandler .php is lost when a deeper
 * section with its own mod_mime lines is merged onto it before the
 * server's AddHandler is reached, and a removal that emptied a field
 * does not hide the server's value for it (verified on 2.4.71 +
 * php-fpm8.2: tests/rules/sim_random.py found it, sim_oracle.sh's
 * mime-merge scenarios keep it).
 */
struct mcfg {
	int		 present;	/* a mod_mime line made it */
	int		 has_ext;	/* extension_mappings made */
	mvec		 h, t;		/* handler, type per extension (the
					 * last wins; val NULL: removed) */
	mvec		 rh, rt;	/* RemoveHandler, RemoveType */
};

/* A SetEnvIf-family line of a section merged for the request, in merge
 * order (mod_setenvif's header_parser runs them, before the access
 * check); cond: under an <If> the simulator cannot decide. */
struct envref {
	const struct pf_node *n;
	int		 ck, cond;
};

/* mod_php's ini entry "engine" in a per-directory config: on -1 not set
 * (php.ini's, on), 0 off, 1 on; its status (2 php_value/php_flag, 4 the
 * php_admin_ forms) and line. */
struct php_engine {
	int		 on, status;
	const struct pf_node *node;
};

struct acc {
	struct pf_run	*run;
	struct pf_arena	*a;		/* the request's allocations */
	const char	*handler;
	const struct pf_node *handler_node, *handler_sec;
	int		 handler_fcheck, handler_cond;
	/* The SetHandler none (or default-handler) that replaced a FastCGI
	 * handler merged before it, while it is the last word. */
	const struct pf_node *handler_off;
	struct mcfg	 msec, mgrp, mall;	/* the section's, its walk's,
					 * the request's so far */
	PF_VEC(struct mmap) actions;	/* ext = handler or type */
	enum pf_sim_authz authz;
	const struct pf_node *authz_node;
	enum pf_sim_authz compat;
	const struct pf_node *compat_node;
	const struct pf_node *satisfy_any;	/* "Satisfy Any" in effect */
	uint64_t	 sig;		/* the sections merged (sreq.sig) */
	int		 needs_user;	/* pf_sim_set_client(): authz refuses
					 * the client for want of a user */
	int		 accept_pathinfo;	/* -1 default, 0 off, 1 on */
	int		 fcgi_generic;	/* ProxyFCGIBackendType GENERIC */
	struct php_engine engine;	/* mod_php's (php_engine_merge) */
	long long	 body_limit;	/* LimitRequestBody, -1 default */
	const struct pf_node *body_limit_node;
	const char	*fallback;	/* FallbackResource, NULL: none */
	/* mod_rewrite's per-directory config as core merges it: a
	 * section with any mod_rewrite line has one of its own (rw_section),
	 * rw_scope that section and rw_dir its directory
	 * (config_perdir_merge: the deeper one's), rw_rules the sections
	 * whose RewriteRules run, in order, rw_opts the RWO_* bits of its
	 * RewriteOptions, rw_on RewriteEngine. */
	const struct pf_node *rw_scope;
	const char	*rw_dir;
	const struct pf_node *rw_rules[RW_MAXSCOPES];
	int		 rw_nrules;
	int		 rw_opts;
	int		 rw_on;
	/* ... its RewriteBase (NULL: none), and whether its directory is a
	 * <Location>'s URL path rather than a directory. */
	const char	*rw_base;
	int		 rw_loc;
	/* What rw_base is made of (mod_rewrite's baseurl, baseurl_set and
	 * options with options_set): rw_a the config of the walks done
	 * (the lookup defaults' own config at first: no base), rw_w the
	 * walk under way (rw_wpresent: it has a mod_rewrite section), each
	 * walk merging its sections among themselves before its result is
	 * merged onto the request's (rw_walk_done). */
	const char	*rw_abase, *rw_wbase;
	int		 rw_aset, rw_aopts, rw_aoptset;
	int		 rw_wpresent, rw_wset, rw_wopts, rw_woptset;
	int		 merging_loc;	/* merging a <Location>'s body */
	int		 in_if;		/* merging an <If> body */
	int		 if_unknown;
	int		 if_fcheck;
	const struct pf_node *cur_sec;
	/* mod_alias's per-directory Redirect*s in merge order, each with
	 * its section (top-level ones are translate_name's). */
	PF_VEC(struct rdref) redirs;
	const struct pf_node *ht_refused;	/* makes httpd answer 500 */
	/* A symbolic link the walk refuses (403), and the Options line
	 * that made it refuse (sim_symlink.c). */
	const char	*link_refused;
	const struct pf_node *link_node;
	int		 link_owner;	/* SymLinksIfOwnerMatch: the owners */
	struct sreq	*req;		/* the request (SetEnvIf conditions) */
	/* mod_dir: DirectoryIndex names of the last section that has any
	 * (index_set 0: the compiled default index.html), DirectorySlash,
	 * DirectoryCheckHandler (-1 unset), DirectoryIndexRedirect (the
	 * status, 0 off). */
	PF_VEC(const char *) index;
	int		 index_set;
	int		 dir_slash, check_handler, index_redirect;
	/* proxy-fcgi-pathinfo as SetEnvIf* leaves it: the server
	 * context's lines (post_read_request) and the sections'
	 * (header_parser); *_set: a line matched (a NULL value unset it),
	 * *_cond: under an unknown condition. */
	const char	*srv_env, *dir_env;
	int		 srv_set, dir_set, srv_cond, dir_cond;
	/* ... and as mod_env's SetEnv / UnsetEnv leave it (fixups). */
	const char	*setenv;
	int		 setenv_cond;
	/* ErrorDocument lines in merge order (the last one of a status
	 * wins: apr_hash_overlay), errdoc_cond: one under an unknown <If>. */
	PF_VEC(const struct pf_node *) errdocs;
	int		 errdoc_cond;
	PF_VEC(const struct pf_node *) eo;	/* ProxyErrorOverride */
	PF_VEC(const struct pf_node *) fe;	/* ProxyFCGISetEnvIf */
	int		 fe_cond;
	/* Options' Indexes bit as core merges it (merge_options): the
	 * merged value, the pending +/- of relative lines, the line that
	 * set it last (NULL: the compiled default, no Indexes), idx_cond:
	 * under an unknown <If>. */
	int		 idx, idx_add, idx_rem, idx_cond;
	const struct pf_node *idx_node;
	/* ... and the line of the section that turned Indexes on (or said
	 * it again), NULL while it is off: where a listing comes from. */
	const struct pf_node *idx_src;
	/* mod_autoindex's IndexIgnore list holds "*" (every name hidden:
	 * a listing shows none), as merge_autoindex_configs() appends a
	 * section's list to those above unless IndexIgnoreReset On. */
	int		 idx_hide_all;
	/* ... and the line that left neither FollowSymLinks nor
	 * SymLinksIfOwnerMatch (merge_options). */
	const struct pf_node *sym_node;
	const char	*auth_type;	/* AuthType, NULL: none (or None) */
	const struct pf_node *auth_type_node;
	int		 auth_name;	/* an AuthName is in effect */
	PF_VEC(struct envref) envs;	/* the sections' SetEnvIf lines */
};

static enum pf_sim_authz
worse(enum pf_sim_authz a, enum pf_sim_authz b)
{
	return a > b ? a : b;
}

/* The request whose sections merge_all() merges (Require env reads it). */
static _Thread_local struct sreq *cur_req;
/* Require env and the sections' SetEnvIf lines: a first merge notes
 * (env_deferred) that a section names the variable; merge_all() merges
 * again with the lines the first merge applied (cur_envs). */
static _Thread_local const struct envref *cur_envs;
static _Thread_local size_t cur_nenvs;
static _Thread_local int cur_envs_known, env_deferred;

/* mod_setenvif's directives. */
static int
setenvif_kind(int k)
{
	return k == SK_SETENVIF || k == SK_SETENVIFNOCASE ||
	    k == SK_SETENVIFEXPR || k == SK_BROWSERMATCH ||
	    k == SK_BROWSERMATCHNOCASE;
}

/* A RewriteRule whose flags may set name ([E=name:...]). */
static int
rewrite_may_set(const struct pf_node *c, int k, const char *name)
{
	return k == SK_REWRITERULE && c->argc > 2 &&
	    strcasestr(c->argv[2], name) != NULL;
}

/*
 * The value of a SetEnvIf attribute the request itself decides (the URL:
 * with srv, the server context's lines, the one post_read_request saw,
 * before translate_name; the method; the protocol), or NULL: a header,
 * an address or another variable (or no such URL).
 */
static const char *
setenvif_known(const struct sreq *r, const char *attr, int srv)
{
	if (strcasecmp(attr, "Request_URI") == 0)
		return srv ? r->orig_uri : r->uri;
	if (strcasecmp(attr, "Request_Method") == 0)
		return "GET";
	if (strcasecmp(attr, "Request_Protocol") == 0)
		return "HTTP/1.1";
	return NULL;
}

/* Does SetEnvIf line c (of kind k) set (1), unset (-1) or not name name
 * (0)? */
static int
env_line_names(const struct pf_node *c, int k, const char *name)
{
	int i, how = 0, first = k == SK_SETENVIF ||
	    k == SK_SETENVIFNOCASE ? 2 : 1;
	size_t nl = strlen(name);

	for (i = first; i < c->argc; i++) {
		const char *a = c->argv[i], *n = *a == '!' ? a + 1 : a;

		if (strncasecmp(n, name, nl) == 0 && (n[nl] == '\0' ||
		    n[nl] == '='))
			how = *a == '!' ? -1 : 1;
	}
	return how;
}

/* Does a SetEnvIf-family line or a RewriteRule below section sec name
 * name? */
static int
env_in_section(const struct pf_node *sec, const char *name)
{
	const struct pf_node *c;
	int ck;

	EACH(c, ck, sec) {
		if ((c->flags & PF_NODE_SECTION) && env_in_section(c, name))
			return 1;
		if ((setenvif_kind(ck) && env_line_names(c, ck, name) != 0) ||
		    rewrite_may_set(c, ck, name))
			return 1;
	}
	return 0;
}

/*
 * One SetEnvIf-family line c (kind ck) that sets (how 1) or unsets (-1)
 * a variable, for Require env (env_reach): *state 1 when anyone who
 * wants it can have it set, *some when some clients may.  srv: a line of
 * the server context (post_read_request: Request_URI is the URL before
 * translate_name); cond: under an <If> the simulator cannot decide.
 * Returns -1 for a line that decides nothing the simulator can tell.
 */
static int
env_line(struct sreq *r, const struct pf_node *c, int ck, int how, int srv,
    int cond, int *state, int *some)
{
	const char *attr, *re, *subj;
	int t;

	if (ck == SK_SETENVIFEXPR) {
		const char *u = r->uri;

		if (srv && r->orig_uri != NULL)
			r->uri = r->orig_uri;
		t = c->argc > 0 ? sim_if_eval(r, c->argv[0], NULL) :
		    T_UNKNOWN;
		r->uri = u;
		if (t == T_UNKNOWN)
			return -1;
		t = t == T_TRUE;
	} else {
		if (ck == SK_BROWSERMATCH || ck == SK_BROWSERMATCHNOCASE) {
			attr = "User-Agent";
			re = c->argc > 0 ? c->argv[0] : "";
		} else {
			attr = c->argc > 0 ? c->argv[0] : "";
			re = c->argc > 1 ? c->argv[1] : "";
		}
		if (strcasecmp(attr, "Remote_Addr") == 0 ||
		    strcasecmp(attr, "Remote_Host") == 0 ||
		    strcasecmp(attr, "Server_Addr") == 0) {
			*some |= how > 0;	/* (an unset: some clients) */
			return 0;
		}
		if ((subj = setenvif_known(r, attr, srv)) == NULL) {
			/* a header the client sends, or leaves out */
			if (how > 0)
				*(cond ? some : state) = 1;
			return 0;
		}
		t = pf_sim_regex(r->s, re, ck == SK_SETENVIFNOCASE ||
		    ck == SK_BROWSERMATCHNOCASE, subj, NULL, 0);
		sim_taint_if(r->s, subj);
		if (t < 0)
			return -1;
	}
	if (t == 1) {
		if (!cond)
			*state = how > 0;
		else if (how > 0)
			*some = 1;	/* (an unset there: not counted on) */
	}
	return 0;
}

/*
 * Require env NAME for an anonymous client: who gets NAME set before the
 * access check.  mod_setenvif's lines of the server context (the main
 * server's, then the vhost's: post_read_request), then those of the
 * sections merged for the request (header_parser, in merge order), in
 * order: an attribute the client sends (a request header: mod_setenvif
 * looks the name up among the headers first, then the environment) sets
 * it for anyone who sends a matching value, and an unset keyed on one is
 * avoided by not sending it; Request_URI, Request_Method and
 * Request_Protocol are known, as is an expression the <If> subset
 * decides; Remote_Addr sets it for some clients.  GRANTED when the
 * client can have it set (the classic `SetEnvIf X-Forwarded-For ^10\.
 * trusted` with `Require env trusted`: anyone sends that header),
 * RESTRICTED when only some addresses get it or a line the simulator
 * does not read (Remote_Host, Server_Addr, an expression on a header, a
 * server-context RewriteRule's [E=]) may, else DENIED.  A section's
 * RewriteRule runs in fixups, after the check, as does mod_env's SetEnv:
 * they do not count.  Until merge_all() knows the sections' lines
 * (cur_envs_known), a section naming the variable makes it RESTRICTED
 * and asks for a second merge.
 */
static enum pf_sim_authz
env_reach(struct sreq *r, const char *name)
{
	const struct pf_node *sc[2], *c;
	int n, k, ck, how, state = 0, some = 0;
	size_t i;

	n = scopes(r->s, r->v, sc);
	for (k = 0; k < n; k++)
		EACH(c, ck, sc[k]) {
			if (c->flags & PF_NODE_SECTION) {
				/* a section's lines: header_parser's */
				if (!cur_envs_known && ck != SK_VIRTUALHOST &&
				    env_in_section(c, name)) {
					env_deferred = 1;
					return PF_AUTHZ_RESTRICTED;
				}
				continue;
			}
			if (rewrite_may_set(c, ck, name))
				return PF_AUTHZ_RESTRICTED;
			if (!setenvif_kind(ck) ||
			    (how = env_line_names(c, ck, name)) == 0)
				continue;
			if (env_line(r, c, ck, how, r->orig_uri != NULL, 0,
			    &state, &some) < 0)
				return PF_AUTHZ_RESTRICTED;
		}
	for (i = 0; cur_envs_known && i < cur_nenvs; i++) {
		const struct envref *e = &cur_envs[i];

		if ((how = env_line_names(e->n, e->ck, name)) != 0 &&
		    env_line(r, e->n, e->ck, how, 0, e->cond, &state,
		    &some) < 0)
			return PF_AUTHZ_RESTRICTED;
	}
	if (state)
		return PF_AUTHZ_GRANTED;
	return some ? PF_AUTHZ_RESTRICTED : PF_AUTHZ_DENIED;
}

/* One Require line. */
static enum pf_sim_authz
require_one(const struct pf_node *n)
{
	const char *w = sim_arg(n, 0);
	const char *x = sim_arg(n, 1);
	enum pf_sim_authz r = PF_AUTHZ_DENIED;
	int i;

	if (w == NULL)
		return PF_AUTHZ_RESTRICTED;
	if (strcasecmp(w, "not") == 0)
		return PF_AUTHZ_GRANTED;	/* a block list: others pass */
	if (strcasecmp(w, "all") == 0 && x != NULL)
		return strcasecmp(x, "granted") == 0 ? PF_AUTHZ_GRANTED :
		    PF_AUTHZ_DENIED;
	if (strcasecmp(w, "expr") == 0 && cur_req != NULL && n->raw != NULL) {
		/* the rest of the line, one pair of quotes around it dropped
		 * (mod_authz_core expr_parse_config); true for this request
		 * (the sim_expr.c subset: the URL, files; a client's address
		 * or header is unknown): anyone; else some, maybe */
		const char *e = n->raw + strspn(n->raw, " \t");
		size_t l;
		char *ex;

		e += strcspn(e, " \t");
		e += strspn(e, " \t");
		l = strlen(e);
		while (l > 0 && (e[l - 1] == ' ' || e[l - 1] == '\t'))
			l--;
		if (l >= 2 && e[0] == '"' && e[l - 1] == '"') {
			e++;
			l -= 2;
		}
		ex = pf_strndup(SA(cur_req->s), e, l);
		return sim_if_eval(cur_req, ex, NULL) == T_TRUE ?
		    PF_AUTHZ_GRANTED : PF_AUTHZ_RESTRICTED;
	}
	if (strcasecmp(w, "env") == 0 && cur_req != NULL && n->argc > 1) {
		for (i = 1; i < n->argc; i++) {
			enum pf_sim_authz e = env_reach(cur_req, n->argv[i]);

			r = e < r ? e : r;	/* any of the names */
		}
		return r;
	}
	return PF_AUTHZ_RESTRICTED;
}

/* A Require container (RequireAll/Any/None) or the section itself
 * (implicit RequireAny). */
static enum pf_sim_authz
require_block(const struct pf_node *blk, int kind)
{
	int ck;
	const struct pf_node *c;
	enum pf_sim_authz r = kind == 1 ? PF_AUTHZ_GRANTED : PF_AUTHZ_DENIED;
	int any = 0;

	EACH_V(c, ck, blk, KV_PLAIN) {
		enum pf_sim_authz x;

		if (limit_section(c) == 2)
			continue;	/* for other methods: neutral */
		if (ck == SK_REQUIRE)
			x = require_one(c);
		else if (ck == SK_REQUIREALL)
			x = require_block(c, 1);
		else if (ck == SK_REQUIREANY)
			x = require_block(c, 0);
		else if (ck == SK_REQUIRENONE)
			x = require_block(c, 2);
		else
			continue;
		any = 1;
		if (kind == 1)
			r = worse(r, x);
		else if (kind == 0)
			r = x < r ? x : r;
		else	/* none: whoever matches a child is refused */
			r = x == PF_AUTHZ_GRANTED ? PF_AUTHZ_DENIED :
			    PF_AUTHZ_RESTRICTED;
	}
	if (!any)
		return PF_AUTHZ_GRANTED;
	if (kind == 2)
		return r == PF_AUTHZ_DENIED ? PF_AUTHZ_RESTRICTED : r;
	return r;
}

static const struct pf_node *first_require(const struct pf_node *);

static int
has_require(const struct pf_node *sec)
{
	return first_require(sec) != sec;
}

static const struct pf_node *
first_require(const struct pf_node *sec)
{
	int ck;
	const struct pf_node *c;

	EACH_V(c, ck, sec, KV_PLAIN)
		if (ck == SK_REQUIRE || ck == SK_REQUIREALL ||
		    ck == SK_REQUIREANY || ck == SK_REQUIRENONE)
			return c;
	return sec;
}

/*
 * "Allow from none" (phpMyAdmin's libraries/.htaccess and many after
 * it): mod_access_compat reads "none" as a host name, which the client's
 * double-reverse name must be or end in ".none": no client's is (verified
 * on 2.4.71: Order deny,allow / Deny from all / Allow from none is a 403
 * from 127.0.0.1).
 */
static int
host_none(const char *w)
{
	return strcasecmp(w, "none") == 0;
}

/*
 * SetHandler's argument is an ap_expr string (core.c set_sethandler,
 * evaluated at the fixups): "$1" there is a back-reference to a regex
 * match of the same evaluation, and there is none, so it is empty.  A
 * ProxyPassMatch URL pasted into SetHandler ("proxy:unix:S|fcgi://
 * localhost/$1") sends SCRIPT_FILENAME "proxy:fcgi://localhost//path",
 * which PHP-FPM runs (verified on 2.4.71 with php-fpm8.2).
 */
static const char *
handler_expr(struct pf_arena *a, const char *h)
{
	const char *p = strchr(h, '$');
	char *o, *w;

	while (p != NULL && !isdigit((unsigned char)p[1]))
		p = strchr(p + 1, '$');
	if (p == NULL)
		return h;
	o = w = pf_strdup(a, h);
	for (p = h; *p != '\0'; p++) {
		if (*p == '$' && isdigit((unsigned char)p[1])) {
			p++;
			continue;
		}
		*w++ = *p;
	}
	*w = '\0';
	return o;
}

/* mod_access_compat in one section. */
static void
merge_compat(struct acc *ac, const struct pf_node *sec)
{
	int ck;
	const struct pf_node *c;
	int deny_all = 0, deny_some = 0, allow_all = 0, allow_some = 0;
	int order_allow_first = 0, seen = 0;
	const struct pf_node *first = NULL;

	EACH_V(c, ck, sec, KV_PLAIN) {
		if (ck == SK_SATISFY && c->argc > 0 &&
		    !(c->flags & PF_NODE_UNKNOWN)) {
			/* per method, a later section's line wins */
			ac->satisfy_any = strcasecmp(c->argv[0], "any") == 0 ?
			    c : NULL;
			continue;
		}
		if (ck == SK_ORDER && c->argc > 0) {
			order_allow_first = strncasecmp(c->argv[0], "allow", 5)
			    == 0;
			seen = 1;
		} else if ((ck == SK_DENY || ck == SK_ALLOW) && c->argc >= 2) {
			int all = strcasecmp(c->argv[1], "all") == 0;

			if (c->argc == 2 && host_none(c->argv[1])) {
				/* matches no client: an Order line's
				 * default decides */
				if (first == NULL)
					first = c;
				seen = 1;
				continue;
			}
			if (ck == SK_DENY) {
				deny_all |= all;
				deny_some |= !all;
			} else {
				allow_all |= all;
				allow_some |= !all;
			}
			if (first == NULL)
				first = c;
			seen = 1;
		}
	}
	if (!seen)
		return;
	ac->compat_node = first ? first : sec;
	if (deny_all && !allow_all && !allow_some)
		ac->compat = PF_AUTHZ_DENIED;
	else if (deny_all && allow_some)
		ac->compat = order_allow_first ? PF_AUTHZ_DENIED :
		    PF_AUTHZ_RESTRICTED;
	else if (allow_all)
		ac->compat = PF_AUTHZ_GRANTED;
	else if (allow_some && order_allow_first)
		ac->compat = PF_AUTHZ_RESTRICTED;
	else if (order_allow_first && !allow_all)
		ac->compat = PF_AUTHZ_DENIED;
	else
		ac->compat = deny_some ? PF_AUTHZ_GRANTED : ac->compat;
}

/*
 * mod_authz_core for an anonymous client at ip (check_section): a
 * provider's result, "not" turning granted into denied and denied into
 * neutral, RequireAll (and) stopping at a denial, RequireAny/None (or,
 * None negated) at a grant, a user-less denial winning over a plain one
 * where a user could change the result.
 */
enum az { AZ_NEUTRAL, AZ_GRANTED, AZ_DENIED, AZ_NO_USER, AZ_UNKNOWN };

/* An IPv6 spec (ADDR or ADDR/BITS, as apr_ipsubnet_create takes it)
 * against the IPv6 client addr: 1, 0, or -1 when it does not parse. */
static int
az_ip6_covers(const char *spec, const char *addr)
{
	struct in6_addr a, net;
	const char *sl = strchr(spec, '/');
	char buf[64];
	size_t n = sl != NULL ? (size_t)(sl - spec) : strlen(spec);
	long bits = 128, i;
	char *end;

	if (inet_pton(AF_INET6, addr, &a) != 1 || n >= sizeof(buf))
		return -1;
	memcpy(buf, spec, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, &net) != 1)
		return -1;
	if (sl != NULL) {
		bits = strtol(sl + 1, &end, 10);
		if (*end != '\0' || end == sl + 1 || bits < 0 || bits > 128)
			return -1;
	}
	for (i = 0; i < bits; i++) {
		unsigned m = 0x80u >> (i % 8);

		if ((a.s6_addr[i / 8] & m) != (net.s6_addr[i / 8] & m))
			return 0;
	}
	return 1;
}

static int
az_ip_covers(const char *spec, const char *addr)
{
	struct in_addr a, net, mask;
	const char *sl = strchr(spec, '/');
	char buf[64];
	size_t n;
	long bits;
	char *end;

	if (strchr(addr, ':') != NULL)	/* an IPv6 client */
		return strchr(spec, ':') == NULL ? 0 :
		    az_ip6_covers(spec, addr);
	if (inet_pton(AF_INET, addr, &a) != 1)
		return -1;
	if (strchr(spec, ':') != NULL)
		return 0;	/* IPv6: not an IPv4 client */
	if (sl == NULL) {
		if (inet_pton(AF_INET, spec, &net) == 1)
			return net.s_addr == a.s_addr;
		/* a partial address: "10.1" covers 10.1.x.y */
		n = strlen(spec);
		if (n == 0 || strspn(spec, "0123456789.") != n)
			return -1;	/* a host name */
		return strncmp(addr, spec, n) == 0 && (addr[n] == '.' ||
		    spec[n - 1] == '.');
	}
	n = (size_t)(sl - spec);
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, spec, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, &net) != 1)
		return -1;
	if (strchr(sl + 1, '.') != NULL) {
		if (inet_pton(AF_INET, sl + 1, &mask) != 1)
			return -1;
	} else {
		bits = strtol(sl + 1, &end, 10);
		if (*end != '\0' || end == sl + 1 || bits < 0 || bits > 32)
			return -1;
		mask.s_addr = bits == 0 ? 0 :
		    htonl(0xffffffffu << (32 - bits));
	}
	return (a.s_addr & mask.s_addr) == (net.s_addr & mask.s_addr);
}

static enum az
az_require(const struct pf_node *n, const char *ip)
{
	static const char *const user[] = { "valid-user", "user", "group",
	    "file-owner", "file-group", "dbd-group", "dbm-group",
	    "ldap-user", "ldap-group", "ldap-dn", "ldap-attribute",
	    "ldap-filter" };
	int i = 0, neg = 0, j, hit = 0;
	const char *w;
	enum az r;
	size_t k;

	if (n->argc > 1 && strcasecmp(n->argv[0], "not") == 0) {
		neg = 1;
		i = 1;
	}
	if ((w = sim_arg(n, i)) == NULL)
		return AZ_UNKNOWN;
	r = AZ_UNKNOWN;
	if (strcasecmp(w, "all") == 0 && n->argc > i + 1)
		r = strcasecmp(n->argv[i + 1], "granted") == 0 ? AZ_GRANTED :
		    strcasecmp(n->argv[i + 1], "denied") == 0 ? AZ_DENIED :
		    AZ_UNKNOWN;
	else if (strcasecmp(w, "local") == 0)
		r = strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ?
		    AZ_GRANTED : AZ_DENIED;
	else if (strcasecmp(w, "ip") == 0) {
		for (j = i + 1; j < n->argc && !hit; j++) {
			int c = az_ip_covers(n->argv[j], ip);

			if (c < 0)
				return AZ_UNKNOWN;
			hit = c;
		}
		r = hit ? AZ_GRANTED : AZ_DENIED;
	} else if (strcasecmp(w, "method") == 0) {
		for (j = i + 1; j < n->argc; j++)
			hit |= strcmp(n->argv[j], "GET") == 0;
		r = hit ? AZ_GRANTED : AZ_DENIED;
	} else
		for (k = 0; k < sizeof(user) / sizeof(user[0]); k++)
			if (strcasecmp(w, user[k]) == 0)
				r = AZ_NO_USER;
	if (neg && r == AZ_GRANTED)
		return AZ_DENIED;
	if (neg && r == AZ_DENIED)
		return AZ_NEUTRAL;
	return r;
}

/* op: 1 and (RequireAll), 0 or (RequireAny, a section), 2 none. */
static enum az
az_block(const struct pf_node *blk, int op, const char *ip)
{
	enum az r = AZ_NEUTRAL, x;
	const struct pf_node *c;
	int ck;

	EACH_V(c, ck, blk, KV_PLAIN) {
		if (limit_section(c) == 2)
			continue;	/* for other methods: neutral */
		if (ck == SK_REQUIRE)
			x = az_require(c, ip);
		else if (ck == SK_REQUIREALL)
			x = az_block(c, 1, ip);
		else if (ck == SK_REQUIREANY)
			x = az_block(c, 0, ip);
		else if (ck == SK_REQUIRENONE)
			x = az_block(c, 2, ip);
		else
			continue;
		if (x == AZ_UNKNOWN)
			return AZ_UNKNOWN;
		if (x == AZ_NEUTRAL)
			continue;
		if (op == 1) {
			if (x == AZ_DENIED) {
				r = x;
				break;
			}
			if ((x == AZ_NO_USER && r != AZ_DENIED) ||
			    r == AZ_NEUTRAL)
				r = x;
		} else {
			if (x == AZ_GRANTED) {
				r = x;
				break;
			}
			if ((x == AZ_NO_USER && r == AZ_DENIED) ||
			    r == AZ_NEUTRAL)
				r = x;
		}
	}
	if (op == 2)
		r = r == AZ_GRANTED ? AZ_DENIED : r == AZ_DENIED ? AZ_NEUTRAL :
		    r;
	return r;
}

/* A section's own Require lines for a GET from ip: as az_block, but a
 * section none of whose lines is for GET (only a <LimitExcept GET> or a
 * <Limit POST> holds them) grants (mod_authz_core apply_authz_sections:
 * a method the section does not limit is granted under the top's "and";
 * verified on 2.4.71: <LocationMatch> <LimitExcept GET> Require all
 * denied lets a GET run the script). */
static enum az
az_section(const struct pf_node *sec, const char *ip)
{
	enum az r = az_block(sec, 0, ip);
	const struct pf_node *c;
	int ck;

	if (r != AZ_NEUTRAL)
		return r;
	EACH_V(c, ck, sec, KV_PLAIN)
		if (limit_section(c) != 2 && (ck == SK_REQUIRE ||
		    ck == SK_REQUIREALL || ck == SK_REQUIREANY ||
		    ck == SK_REQUIRENONE))
			return r;
	return AZ_GRANTED;
}

/* The section whose access lines n is one of (a <Limit> for GET is not
 * one; RequireAll/Any/None are the section's lines); a section that is
 * no such line stands for itself. */
static const struct pf_node *
rule_section(const struct pf_node *n)
{
	int k = sim_kind(n);
	const struct pf_node *sec = n;

	if (!(n->flags & PF_NODE_SECTION) || k == SK_REQUIREALL ||
	    k == SK_REQUIREANY || k == SK_REQUIRENONE ||
	    limit_section(n) == 1)
		sec = n->parent;
	while (sec != NULL && limit_section(sec) == 1)
		sec = sec->parent;
	return sec;
}

/*
 * mod_access_compat's lines of one section for a GET from ip
 * (check_dir_access): Order Deny,Allow (the default) lets in unless a
 * Deny matches and no Allow does; Allow,Deny and Mutual-failure only
 * when an Allow matches and no Deny does.  0 or 403; -1 for what needs
 * more than the address (a host name, env=, a <Limit> section), -2 for
 * a section without such lines.
 */
static int
compat_client(const struct pf_node *sec, const char *ip)
{
	const struct pf_node *c;
	int ck, i, m, allow_first = 0, allow = 0, deny = 0, seen = 0;

	EACH_V(c, ck, sec, KV_PLAIN) {
		if (ck == SK_ORDER || ck == SK_ALLOW || ck == SK_DENY)
			seen = 1;
		if (ck == SK_ORDER && c->argc > 0)
			allow_first = strcasecmp(c->argv[0], "deny,allow") != 0;
		else if ((ck == SK_ALLOW || ck == SK_DENY) && c->argc >= 2) {
			for (i = 1; i < c->argc; i++) {
				const char *w = c->argv[i];

				if (strcasecmp(w, "all") == 0)
					m = 1;
				else if (host_none(w))
					m = 0;
				else if (strncasecmp(w, "env=", 4) == 0 ||
				    (m = az_ip_covers(w, ip)) < 0)
					return -1;
				if (m && ck == SK_ALLOW)
					allow = 1;
				else if (m)
					deny = 1;
			}
		} else if ((c->flags & PF_NODE_SECTION) && limit_section(c))
			return -1;
	}
	if (!seen)
		return -2;
	if (allow_first)
		return allow && !deny ? 0 : 403;
	return deny && !allow ? 403 : 0;
}

int
pf_sim_authz_client(struct pf_sim *s, const struct pf_sim_verdict *v,
    const char *ip)
{
	const struct pf_node *sec;
	int r = 0, c = 0, k;

	cur_sim = s;
	if (v->req_node == NULL && v->compat_node == NULL)
		return v->authz == PF_AUTHZ_GRANTED ? 0 : -1;
	if (v->req_node != NULL) {
		k = sim_kind(v->req_node);
		if ((k != SK_REQUIRE && k != SK_REQUIREALL &&
		    k != SK_REQUIREANY && k != SK_REQUIRENONE) ||
		    (sec = rule_section(v->req_node)) == NULL)
			return -1;
		r = pf_sim_section_client(s, sec, ip);
		if (r == 401 && v->authn != PF_AUTHN_ASKS)
			r = 500;
	}
	if (v->compat_node != NULL) {
		if ((sec = rule_section(v->compat_node)) == NULL)
			return -1;
		c = compat_client(sec, ip);
	}
	if (r < 0 || c < 0)
		return -1;
	if (v->satisfy_any && (r == 0 || c == 0))
		return 0;
	return r != 0 ? r : c;
}

int
pf_sim_section_compat_client(struct pf_sim *s, const struct pf_node *sec,
    const char *ip)
{
	cur_sim = s;
	return compat_client(sec, ip);
}

int
pf_sim_section_client(struct pf_sim *s, const struct pf_node *sec,
    const char *ip)
{
	cur_sim = s;
	switch (az_section(sec, ip)) {
	case AZ_GRANTED:
		return 0;
	case AZ_DENIED:
	case AZ_NEUTRAL:
		return 403;
	case AZ_NO_USER:
		return 401;
	case AZ_UNKNOWN:
		break;
	}
	return -1;
}

/*
 * The access one section's own rules give an anonymous GET, by module:
 * *req from its Require lines (a <Limit> for other methods neutral, as
 * require_block() reads it), *compat from mod_access_compat's
 * Order/Allow/Deny.  Returns bit 1 when the section has Require lines,
 * bit 2 when it has mod_access_compat lines (each module's later section
 * replaces the earlier one's rules).  For the <Proxy> sections of
 * r_forward.c.
 */
int
pf_sim_section_authz(struct pf_sim *s, const struct pf_node *sec,
    enum pf_sim_authz *req, enum pf_sim_authz *compat)
{
	struct acc ac;
	int r = 0;

	cur_sim = s;
	cur_req = NULL;		/* (no request: Require env unknown) */
	memset(&ac, 0, sizeof(ac));
	ac.compat = PF_AUTHZ_GRANTED;
	*req = *compat = PF_AUTHZ_GRANTED;
	if (has_require(sec)) {
		*req = require_block(sec, 0);
		r |= 1;
	}
	merge_compat(&ac, sec);
	if (ac.compat_node != NULL) {
		*compat = ac.compat;
		r |= 2;
	}
	return r;
}

static void
mime_set(struct acc *ac, mvec *v, const struct pf_node *c, int from,
    const char *val)
{
	int i;

	for (i = from; i < c->argc; i++) {
		struct mmap m;
		const char *e = c->argv[i];

		while (*e == '.')
			e++;
		m.ext = pf_strdup(ac->a, e);
		for (char *p = (char *)m.ext; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		/* mod_mime lower-cases the value too (handler names are case
		 * insensitive): a proxy:unix: socket path with capitals then
		 * names another file (verified: 503 on 2.4.71). */
		if (val != NULL) {
			char *lv = pf_strdup(ac->a, val);

			if (cur_sim->sig_upper)
				sim_taint_if(cur_sim, val);

			for (char *p = lv; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
			val = lv;
		}
		m.val = val;
		m.node = c;
		PF_PUSH(ac->a, *v, m);
	}
}

/* DirectoryIndex (mod_dir add_index): the lines of one section add up;
 * "disabled" alone on a line empties the section's list. */
static void
merge_index(struct acc *ac, const struct pf_node *c, int *fresh)
{
	int i;

	if (*fresh) {
		memset(&ac->index, 0, sizeof(ac->index));
		ac->index_set = 1;
		*fresh = 0;
	}
	if (c->argc == 1 && strcasecmp(c->argv[0], "disabled") == 0) {
		ac->index.n = 0;
		return;
	}
	for (i = 0; i < c->argc; i++)
		PF_PUSH(ac->a, ac->index, c->argv[i]);
}

/* DirectoryIndexRedirect: On|Off|permanent|temp|seeother|3xx. */
static int
index_redirect(const char *a)
{
	if (strcasecmp(a, "on") == 0 || strcasecmp(a, "temp") == 0)
		return 302;
	if (strcasecmp(a, "permanent") == 0)
		return 301;
	if (strcasecmp(a, "seeother") == 0)
		return 303;
	if (isdigit((unsigned char)*a) && atoi(a) >= 300 && atoi(a) < 400)
		return atoi(a);
	return 0;
}

/*
 * SetEnvIf / SetEnvIfNoCase / SetEnvIfExpr lines that set or unset
 * proxy-fcgi-pathinfo (env names are case-insensitive in apr tables).
 * mod_setenvif runs at post_read_request (server context, Request_URI
 * the URL before translate_name) and header_parser (sections, r->uri
 * after it), both before mod_proxy's fixup canonicalises the URL;
 * mod_env's SetEnv runs in fixups after it (reference/semantics.md 2.5)
 * and counts only for a handler route.  pathinfo_env() puts them in
 * order with mod_rewrite's [E=].  Request_URI and Request_Method are
 * known; a header, an address or an expression the simulator cannot
 * decide is taken as matching (the client may pick it) and marked.
 */
static void
merge_setenvif(struct acc *ac, const struct pf_node *c, int kind)
{
	struct sreq *r = ac->req;
	const char *subj = NULL, *val = NULL;
	int i, first = kind == SK_SETENVIFEXPR ? 1 : 2, t, hit = 0;
	int srv = ac->cur_sec == NULL && !ac->in_if;
	long ov[20];

	if (r == NULL || c->argc <= first)
		return;
	for (i = first; i < c->argc; i++) {
		const char *a = c->argv[i], *n = *a == '!' ? a + 1 : a;
		size_t l = strcspn(n, "=");

		if (l == 19 && strncasecmp(n, "proxy-fcgi-pathinfo", 19) == 0) {
			hit = 1;
			val = *a == '!' ? NULL : n[l] == '=' ? n + l + 1 : "1";
		}
	}
	if (!hit)
		return;
	for (i = 0; i < 20; i++)
		ov[i] = -1;
	if (kind == SK_SETENVIFEXPR) {
		/* %{REQUEST_URI} of the server context's lines is the URL
		 * post_read_request saw. */
		const char *u = r->uri;

		if (srv && r->orig_uri != NULL)
			r->uri = r->orig_uri;
		t = sim_if_eval(r, c->argv[0], NULL);
		r->uri = u;
	} else {
		subj = setenvif_known(r, c->argv[0], srv);
		if (subj == NULL)
			t = T_UNKNOWN;
		else {
			t = pf_sim_regex(r->s, c->argv[1], kind ==
			    SK_SETENVIFNOCASE, subj, ov, 10) == 1 ? T_TRUE :
			    T_FALSE;
			sim_taint_if(r->s, subj);
		}
	}
	if (t == T_FALSE)
		return;
	/* $1..$9 of the attribute's match. */
	if (val != NULL && subj != NULL && strchr(val, '$') != NULL)
		val = pregsub(ac->a, val, subj, ov, 10);
	if (srv) {
		ac->srv_env = val;
		ac->srv_set = 1;
		ac->srv_cond = t == T_UNKNOWN;
	} else {
		ac->dir_env = val;
		ac->dir_set = 1;
		ac->dir_cond = t == T_UNKNOWN;
	}
}

/*
 * Options (core.c set_options, merge_core_dir_configs), for the Indexes
 * bit mod_autoindex reads and the FollowSymLinks/SymLinksIfOwnerMatch
 * bits per-directory mod_rewrite needs: a section's lines build its own
 * value, which starts unset; a first word without '+'/'-' makes it
 * absolute (None, then the words), '+'/'-' words add to or remove from it
 * and are kept as pending changes.  Merged: an absolute value replaces
 * the one before, an unset one applies its pending changes to it.  All
 * is Indexes, FollowSymLinks (and Includes, ExecCGI), not
 * SymLinksIfOwnerMatch; a server starts with FollowSymLinks.
 */
#define OPT_INDEXES	1
#define OPT_SYM_LINKS	2
#define OPT_SYM_OWNER	4

static int
option_bits(const char *w)
{
	if (strcasecmp(w, "All") == 0)
		return OPT_INDEXES | OPT_SYM_LINKS;
	if (strcasecmp(w, "Indexes") == 0)
		return OPT_INDEXES;
	if (strcasecmp(w, "FollowSymLinks") == 0)
		return OPT_SYM_LINKS;
	if (strcasecmp(w, "SymLinksIfOwnerMatch") == 0)
		return OPT_SYM_OWNER;
	return 0;
}
struct opts {
	int		 unset, v, add, rem;
	const struct pf_node *node;
};

static void
options_line(struct opts *o, const struct pf_node *c)
{
	int i;

	for (i = 0; i < c->argc; i++) {
		const char *w = c->argv[i];
		char act = 0;
		int bit;

		if (*w == '+' || *w == '-')
			act = *w++;
		else if (i == 0) {
			o->unset = 0;
			o->v = 0;
		}
		bit = option_bits(w);
		if (act == '-') {
			o->rem |= bit;
			o->add &= ~bit;
			o->v &= ~bit;
		} else if (act == '+') {
			o->add |= bit;
			o->rem &= ~bit;
			o->v |= bit;
		} else
			o->v |= bit;
	}
	o->node = c;
}

/* An Options line that can turn Indexes on (Indexes, +Indexes, All). */
static int
options_indexes(const struct pf_node *c)
{
	struct opts o = { 1, 0, 0, 0, NULL };

	options_line(&o, c);
	return ((o.v | o.add) & OPT_INDEXES) != 0;
}

/* An Options line that can leave a directory without FollowSymLinks (an
 * absolute value without it, a -FollowSymLinks) or turns
 * SymLinksIfOwnerMatch on: httpd's walk then lstat()s. */
static int
options_strict(const struct pf_node *c)
{
	struct opts o = { 1, 0, 0, 0, NULL };

	options_line(&o, c);
	return (!o.unset && !(o.v & OPT_SYM_LINKS)) ||
	    (o.rem & OPT_SYM_LINKS) || ((o.v | o.add) & OPT_SYM_OWNER);
}

static void
merge_options(struct acc *ac, const struct opts *o)
{
	const int sym = OPT_SYM_LINKS | OPT_SYM_OWNER;
	int before = ac->idx & sym, had = ac->idx & OPT_INDEXES;

	if (o->node == NULL)
		return;
	if (o->unset) {
		ac->idx_add = (ac->idx_add & ~o->rem) | o->add;
		ac->idx_rem = (ac->idx_rem & ~o->add) | o->rem;
		ac->idx = (ac->idx & ~ac->idx_rem) | ac->idx_add;
	} else {
		ac->idx = o->v;
		ac->idx_add = o->add;
		ac->idx_rem = o->rem;
	}
	ac->idx_node = o->node;
	if (!(ac->idx & OPT_INDEXES))
		ac->idx_src = NULL;
	else if (!had || !o->unset || (o->add & OPT_INDEXES))
		ac->idx_src = o->node;
	/* The line that left neither symlink option: this one if it set
	 * the options whole, took one away or found one on. */
	if (!(ac->idx & sym) && (before || !o->unset || (o->rem & sym)))
		ac->sym_node = o->node;
	if (ac->in_if && ac->if_unknown)
		ac->idx_cond = 1;
}

/*
 * mod_authz_core's AuthMerging in a section's own lines (the last one):
 * 1 And, 2 Or, 0 Off or none.  merge_authz_core_dir_config() combines a
 * section's Require lines with those merged before it (And: both must
 * pass; Or: either) only when the section itself sets it: a later
 * section with Require lines and no AuthMerging replaces them as usual
 * (verified on 2.4: Or with a base "Require all granted" answers 200 where
 * Off gives the "Require ip" of the section, 403; And with a base "Require
 * all denied" 403 where Off would grant).
 */
static int
auth_merging(const struct pf_node *sec)
{
	const struct pf_node *c;
	int ck, op = 0;

	EACH_V(c, ck, sec, KV_PLAIN)
		if (ck == SK_AUTHMERGING && c->argc > 0 &&
		    !(c->flags & PF_NODE_UNKNOWN))
			op = strcasecmp(c->argv[0], "and") == 0 ? 1 :
			    strcasecmp(c->argv[0], "or") == 0 ? 2 : 0;
	return op;
}

/* The other lines of mod_mime: they make the section's config, and the
 * Add* forms its extension map. */
static int
mime_other(int ck, struct mcfg *m)
{
	switch (ck) {
	case SK_ADDCHARSET:
	case SK_ADDENCODING:
	case SK_ADDINPUTFILTER:
	case SK_ADDLANGUAGE:
	case SK_ADDOUTPUTFILTER:
		m->present = m->has_ext = 1;
		return 1;
	case SK_DEFAULTLANGUAGE:
	case SK_MODMIMEUSEPATHINFO:
	case SK_MULTIVIEWSMATCH:
	case SK_REMOVECHARSET:
	case SK_REMOVEENCODING:
	case SK_REMOVEINPUTFILTER:
	case SK_REMOVELANGUAGE:
	case SK_REMOVEOUTPUTFILTER:
		m->present = 1;
		return 1;
	}
	return 0;
}

static const struct mmap *mime_get(const mvec *, const char *);

static void
mvec_copy(struct pf_arena *a, mvec *to, const mvec *from)
{
	size_t i;

	memset(to, 0, sizeof(*to));
	for (i = 0; i < from->n; i++)
		PF_PUSH(a, *to, from->v[i]);
}

/* The added config's removals (remove_items: only a field that holds a
 * value is emptied). */
static void
mvec_remove(struct pf_arena *a, mvec *map, const mvec *rm)
{
	size_t i;

	for (i = 0; i < rm->n; i++)
		if (mime_get(map, rm->v[i].ext) != NULL) {
			struct mmap m = { rm->v[i].ext, NULL, rm->v[i].node };

			PF_PUSH(a, *map, m);
		}
}

/* overlay_extension_mappings: the added value of each extension where it
 * has one, else the base's. */
static void
mvec_overlay(struct pf_arena *a, mvec *base, const mvec *add)
{
	size_t i, j;

	for (i = 0; i < add->n; i++) {
		const struct mmap *m;

		for (j = i + 1; j < add->n; j++)
			if (strcmp(add->v[j].ext, add->v[i].ext) == 0)
				break;
		if (j < add->n)
			continue;	/* a later entry decides */
		if ((m = mime_get(add, add->v[i].ext)) != NULL)
			PF_PUSH(a, *base, *m);
	}
}

/* merge_mime_dir_configs(base, add) into base (see struct mcfg). */
static void
mcfg_merge(struct pf_arena *a, struct mcfg *base, const struct mcfg *add)
{
	if (!add->present)
		return;
	if (!base->present) {
		base->present = 1;
		base->has_ext = add->has_ext;
		mvec_copy(a, &base->h, &add->h);
		mvec_copy(a, &base->t, &add->t);
		mvec_copy(a, &base->rh, &add->rh);
		mvec_copy(a, &base->rt, &add->rt);
		return;
	}
	if (base->has_ext && add->has_ext) {
		mvec_overlay(a, &base->h, &add->h);
		mvec_overlay(a, &base->t, &add->t);
	} else if (add->has_ext) {
		base->has_ext = 1;
		mvec_copy(a, &base->h, &add->h);
		mvec_copy(a, &base->t, &add->t);
	}
	if (base->has_ext) {
		mvec_remove(a, &base->h, &add->rh);
		mvec_remove(a, &base->t, &add->rt);
	}
	memset(&base->rh, 0, sizeof(base->rh));
	memset(&base->rt, 0, sizeof(base->rt));
}

/*
 * config_perdir_merge's RewriteBase: with MergeBase in the merged
 * options the base's baseurl unless the override has its own
 * (baseurl_set: a RewriteBase line), and baseurl_set stays when either
 * had it; without MergeBase the override's baseurl, and baseurl_set is
 * lost (left 0).
 */
static void
rw_base_merge(const char **base, int *set, int *opts, int *optset,
    const char *obase, int oset, int oopts, int ooptset)
{
	*opts = ooptset ? oopts : *opts;
	*optset = ooptset || *optset;
	if (*opts & RWO_MERGEBASE) {
		*base = oset ? obase : *base;
		*set = oset || *set;
	} else {
		*base = obase;
		*set = 0;
	}
}

/* rw_base as it stands: the walk under way merged onto the walks done. */
static void
rw_base_now(struct acc *ac)
{
	const char *b = ac->rw_abase;
	int set = ac->rw_aset, opts = ac->rw_aopts, optset = ac->rw_aoptset;

	if (ac->rw_wpresent)
		rw_base_merge(&b, &set, &opts, &optset, ac->rw_wbase,
		    ac->rw_wset, ac->rw_wopts, ac->rw_woptset);
	ac->rw_base = b;
}

/*
 * The end of a walk (ap_directory_walk, ap_file_walk, ap_location_walk,
 * ap_if_walk): its sections, merged among themselves, are merged onto
 * the request's config.  The first section of a walk with a mod_rewrite
 * config is taken as it is, so its baseurl_set survives there; merged
 * onto another, it is lost without MergeBase.  So a RewriteBase of the
 * DocumentRoot's .htaccess reaches a deeper <Directory> with "RewriteOptions
 * MergeBase" only when no <Directory> above had mod_rewrite lines
 * (verified on 2.4.71: with one, the final merge onto the lookup
 * defaults leaves no base, and the rule's result is the DocumentRoot-
 * relative path; tests/rules/sim_random.py seed 51).
 */
static void
rw_walk_done(struct acc *ac)
{
	if (!ac->rw_wpresent)
		return;
	rw_base_merge(&ac->rw_abase, &ac->rw_aset, &ac->rw_aopts,
	    &ac->rw_aoptset, ac->rw_wbase, ac->rw_wset, ac->rw_wopts,
	    ac->rw_woptset);
	ac->rw_wpresent = 0;
	ac->rw_base = ac->rw_abase;
}

/* The end of a walk: its sections' config merged onto the request's. */
static void
mime_walk_done(struct acc *ac)
{
	mcfg_merge(ac->a, &ac->mall, &ac->mgrp);
	memset(&ac->mgrp, 0, sizeof(ac->mgrp));
	rw_walk_done(ac);
}

/*
 * A section with a mod_rewrite line has a per-directory config of its
 * own (core creates a module's config where one of its directives is
 * used), merged onto the one so far (mod_rewrite.c config_perdir_merge):
 * its directory replaces the base's, its RewriteOptions the base's if it
 * has any, and its RewriteRules replace the base's unless Inherit
 * (after its own) or InheritBefore (before) say otherwise, or the base
 * has InheritDown(Before) and it no IgnoreInherit.  So a folder whose
 * .htaccess only says "RewriteEngine On" runs no rule of the
 * DocumentRoot's (verified on 2.4.71: WordPress's front controller no
 * longer answers for a missing script there).
 */
static void
rw_section(struct acc *ac, const struct pf_node *sec, const char *dirpath,
    int loc)
{
	const struct pf_node *c, *prev[RW_MAXSCOPES];
	int ck, i, set = 0, own = 0, m, base = ac->rw_opts;
	int np = ac->rw_nrules, n = 0;
	const char *rbase = NULL;

	EACH_V(c, ck, sec, KV_PLAIN)
		if (ck == SK_REWRITEBASE && c->argc > 0)
			rbase = c->argv[0];
		else if (ck == SK_REWRITEOPTIONS) {
			set = 1;
			for (i = 0; i < c->argc; i++) {
				const char *w = c->argv[i];

				if (strcasecmp(w, "Inherit") == 0)
					own |= RWO_INHERIT;
				else if (strcasecmp(w, "InheritBefore") == 0)
					own |= RWO_INHERIT_BEFORE;
				else if (strcasecmp(w, "InheritDown") == 0)
					own |= RWO_INHERIT_DOWN;
				else if (strcasecmp(w,
				    "InheritDownBefore") == 0)
					own |= RWO_INHERIT_DOWN_BEFORE;
				else if (strcasecmp(w, "IgnoreInherit") == 0)
					own |= RWO_IGNORE_INHERIT;
				else if (strcasecmp(w, "AllowNoSlash") == 0)
					own |= RWO_NOSLASH;
				else if (strcasecmp(w, "MergeBase") == 0)
					own |= RWO_MERGEBASE;
			}
		}
	m = set ? own : base;
	memcpy(prev, ac->rw_rules, (size_t)np * sizeof(prev[0]));
	if ((m & RWO_INHERIT) || ((base & RWO_INHERIT_DOWN) &&
	    !(m & RWO_IGNORE_INHERIT))) {
		ac->rw_rules[n++] = sec;
		for (i = 0; i < np && n < RW_MAXSCOPES; i++)
			ac->rw_rules[n++] = prev[i];
	} else if ((m & RWO_INHERIT_BEFORE) ||
	    ((base & RWO_INHERIT_DOWN_BEFORE) && !(m & RWO_IGNORE_INHERIT))) {
		for (i = 0; i < np && n < RW_MAXSCOPES - 1; i++)
			ac->rw_rules[n++] = prev[i];
		ac->rw_rules[n++] = sec;
	} else
		ac->rw_rules[n++] = sec;
	ac->rw_nrules = n;
	ac->rw_opts = m;
	ac->rw_scope = sec;
	ac->rw_dir = dirpath;
	ac->rw_loc = loc;
	/* (the base's RewriteBase only with MergeBase) */
	if (!ac->rw_wpresent) {
		ac->rw_wpresent = 1;
		ac->rw_wbase = rbase;
		ac->rw_wset = rbase != NULL;
		ac->rw_wopts = set ? own : 0;
		ac->rw_woptset = set;
	} else
		rw_base_merge(&ac->rw_wbase, &ac->rw_wset, &ac->rw_wopts,
		    &ac->rw_woptset, rbase, rbase != NULL, own, set);
	rw_base_now(ac);
}

/*
 * What php_flag/php_admin_flag (flag) or php_value/php_admin_value set
 * "engine" to: mod_php's real_flag_hnd makes "On" (any case) and "1" 1,
 * anything else 0; a value ("none" is "") goes to the ini entry's
 * OnUpdateBool, zend_ini_parse_bool: "true", "yes", "on" (any case) or a
 * number other than 0.
 */
static int
php_engine_value(const char *v, int flag)
{
	if (flag)
		return strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0;
	return strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "on") == 0 || atoi(v) != 0;
}

/*
 * A php_* line of a section for the ini entry "engine" (mod_php's
 * per-directory config is a table of ini names; the names are
 * case-sensitive, "Engine" is another, unknown, entry): within one
 * section the last line wins (zend_hash_update), and the section's entry
 * replaces the one merged so far unless that one's status is higher
 * (merge_php_config's should_overwrite_per_dir_entry: a php_admin_ line
 * of an outer section outlasts a php_flag of an inner one or of an
 * .htaccess file).  prev holds ac's state before the section's first
 * such line (*seen 0 until then).
 */
static void
php_engine_merge(struct acc *ac, const struct pf_node *c, int ck, int *seen,
    struct php_engine *prev)
{
	int admin = ck == SK_PHP_ADMIN_FLAG || ck == SK_PHP_ADMIN_VALUE;
	int st = admin ? 4 : 2;
	int on = php_engine_value(c->argv[1], ck == SK_PHP_FLAG ||
	    ck == SK_PHP_ADMIN_FLAG);

	/* (turned off under a condition the client may control: not
	 * counted on, the attacker picks the branch that runs code) */
	if (strcmp(c->argv[0], "engine") != 0 || (!on && ac->in_if &&
	    ac->if_unknown))
		return;
	if (!*seen) {
		*seen = 1;
		*prev = ac->engine;
	}
	if (prev->on >= 0 && st < prev->status) {
		ac->engine = *prev;
		return;
	}
	ac->engine.on = on;
	ac->engine.status = st;
	ac->engine.node = c;
}

/* Merges the directives of one section body into ac. */
static void
merge_body(struct acc *ac, const struct pf_node *sec, const char *dirpath)
{
	int ck, fresh = 1, ig_all = 0, ig_reset = 0, pe_seen = 0;
	const struct pf_node *c;
	struct opts o = { 1, 0, 0, 0, NULL };
	struct php_engine pe_prev;

	memset(&ac->msec, 0, sizeof(ac->msec));
	ac->sig = (ac->sig ^ (uint64_t)(uintptr_t)sec) * 0x100000001b3ULL;
	if (has_require(sec)) {
		enum pf_sim_authz z = require_block(sec, 0);
		const struct pf_node *zn = first_require(sec);
		int op = auth_merging(sec), nu = 0;
		enum az x;

		/* One client (pf_sim_set_client): granted or denied, a
		 * denial for want of a user apart */
		if (cur_sim != NULL && cur_sim->client != NULL &&
		    (x = az_section(sec, cur_sim->client)) != AZ_UNKNOWN) {
			z = x == AZ_GRANTED ? PF_AUTHZ_GRANTED :
			    PF_AUTHZ_DENIED;
			nu = x == AZ_NO_USER;
		}
		if (ac->in_if && ac->if_unknown && z == PF_AUTHZ_DENIED)
			z = PF_AUTHZ_RESTRICTED;
		/* AuthMerging And|Or in this section: combined with the
		 * Require lines merged so far, if any (else they replace
		 * them); of two denials, And keeps the plain one, Or the
		 * one that wants a user (mod_authz_core's RequireAll and
		 * RequireAny) */
		if (op != 0 && ac->authz_node != NULL) {
			int both = z == PF_AUTHZ_DENIED &&
			    ac->authz == PF_AUTHZ_DENIED;
			int nu2 = op == 1 ? nu && ac->needs_user :
			    nu || ac->needs_user;

			if (op == 1 ? z < ac->authz : z >= ac->authz) {
				z = ac->authz;
				zn = ac->authz_node;
				nu = ac->needs_user;
			}
			if (both)
				nu = nu2;
		}
		ac->authz = z;
		ac->authz_node = zn;
		ac->needs_user = nu;
	}
	merge_compat(ac, sec);
	if (cur_sim != NULL && cur_sim->client != NULL) {
		int cc = compat_client(sec, cur_sim->client);

		if (cc == 0 || cc == 403)
			ac->compat = cc == 0 ? PF_AUTHZ_GRANTED :
			    PF_AUTHZ_DENIED;
	}
	EACH_V(c, ck, sec, KV_PLAIN) {
		if (c->flags & PF_NODE_SECTION)
			continue;
		if (setenvif_kind(ck) && (ac->cur_sec != NULL || ac->in_if)) {
			struct envref e = { c, ck, ac->in_if && ac->if_unknown };

			PF_PUSH(ac->a, ac->envs, e);
		}
		if (ck == SK_SETHANDLER && c->argc > 0) {
			/* Under a condition the client may control, a handler
			 * being taken away is not counted on (the attacker
			 * picks the branch that runs code). */
			if (ac->in_if && ac->if_unknown &&
			    strcasecmp(c->argv[0], "none") == 0)
				continue;
			if (strcasecmp(c->argv[0], "none") == 0 ||
			    strcasecmp(c->argv[0], "default-handler") == 0) {
				if (ac->handler != NULL &&
				    strncasecmp(ac->handler, "proxy:", 6) == 0 &&
				    strstr(ac->handler, "fcgi://") != NULL)
					ac->handler_off = c;
			} else
				ac->handler_off = NULL;
			ac->handler = handler_expr(ac->a, c->argv[0]);
			ac->handler_node = c;
			ac->handler_sec = ac->cur_sec;
			ac->handler_fcheck = ac->in_if && ac->if_fcheck;
			ac->handler_cond = ac->in_if && ac->if_unknown;
		} else if (ck == SK_ADDHANDLER && c->argc > 1) {
			mime_set(ac, &ac->msec.h, c, 1, c->argv[0]);
			ac->msec.present = ac->msec.has_ext = 1;
		} else if (ck == SK_ADDTYPE && c->argc > 1) {
			mime_set(ac, &ac->msec.t, c, 1, c->argv[0]);
			ac->msec.present = ac->msec.has_ext = 1;
		} else if ((ck == SK_REMOVEHANDLER || ck == SK_REMOVETYPE) &&
		    !(ac->in_if && ac->if_unknown)) {
			/* (a handler taken away under a condition the client
			 * may control is not counted on) */
			mime_set(ac, ck == SK_REMOVEHANDLER ? &ac->msec.rh :
			    &ac->msec.rt, c, 0, NULL);
			ac->msec.present = 1;
		} else if (mime_other(ck, &ac->msec))
			;
		else if (ck == SK_ACTION && c->argc > 1) {
			struct mmap m = { c->argv[0], c->argv[1], c };

			PF_PUSH(ac->a, ac->actions, m);
		} else if ((ck == SK_PHP_FLAG || ck == SK_PHP_VALUE ||
		    ck == SK_PHP_ADMIN_FLAG || ck == SK_PHP_ADMIN_VALUE) &&
		    c->argc > 1)
			php_engine_merge(ac, c, ck, &pe_seen, &pe_prev);
		else if (ck == SK_ACCEPTPATHINFO && c->argc > 0)
			ac->accept_pathinfo = strcasecmp(c->argv[0], "off") == 0
			    ? 0 : strcasecmp(c->argv[0], "on") == 0 ? 1 : -1;
		else if (ck == SK_PROXYFCGIBACKENDTYPE && c->argc > 0)
			ac->fcgi_generic = strcasecmp(c->argv[0], "generic") ==
			    0;
		else if (ck == SK_FALLBACKRESOURCE && c->argc > 0)
			ac->fallback = strcasecmp(c->argv[0], "disabled") == 0 ?
			    NULL : c->argv[0];
		else if (ck == SK_LIMITREQUESTBODY && c->argc > 0 &&
		    !(ac->in_if && ac->if_unknown)) {
			/* core's set_limit_req_body: digits (apr_strtoff),
			 * 0 unlimited */
			char *e;
			long long b = strtoll(c->argv[0], &e, 10);

			if (*e == '\0' && b >= 0) {
				ac->body_limit = b;
				ac->body_limit_node = c;
			}
		}
		if ((ck == SK_REWRITEENGINE || ck == SK_REWRITERULE ||
		    ck == SK_REWRITECOND || ck == SK_REWRITEBASE ||
		    ck == SK_REWRITEOPTIONS) && dirpath != NULL &&
		    ac->rw_scope != sec)
			rw_section(ac, sec, dirpath, ac->merging_loc);
		if (ck == SK_REWRITEENGINE && c->argc > 0)
			ac->rw_on = strcasecmp(c->argv[0], "on") == 0;
		else if (ck == SK_DIRECTORYINDEX)
			merge_index(ac, c, &fresh);
		else if (ck == SK_DIRECTORYSLASH && c->argc > 0)
			ac->dir_slash = strcasecmp(c->argv[0], "off") != 0;
		else if (ck == SK_DIRECTORYCHECKHANDLER && c->argc > 0)
			ac->check_handler = strcasecmp(c->argv[0], "on") == 0;
		else if (ck == SK_DIRECTORYINDEXREDIRECT && c->argc > 0)
			ac->index_redirect = index_redirect(c->argv[0]);
		else if (ck == SK_SETENVIF || ck == SK_SETENVIFNOCASE ||
		    ck == SK_SETENVIFEXPR)
			merge_setenvif(ac, c, ck);
		else if (ck == SK_SETENV && c->argc > 0 &&
		    strcasecmp(c->argv[0], "proxy-fcgi-pathinfo") == 0) {
			ac->setenv = c->argc > 1 ? c->argv[1] : "";
			ac->setenv_cond = ac->in_if && ac->if_unknown;
		} else if (ck == SK_UNSETENV) {
			int i;

			for (i = 0; i < c->argc; i++)
				if (strcasecmp(c->argv[i],
				    "proxy-fcgi-pathinfo") == 0)
					ac->setenv = NULL;
		}
		else if ((ck == SK_REDIRECT || ck == SK_REDIRECTMATCH ||
		    ck == SK_REDIRECTPERMANENT || ck == SK_REDIRECTTEMP) &&
		    ac->cur_sec != NULL) {
			struct rdref x = { c, ac->cur_sec, ck };

			PF_PUSH(ac->a, ac->redirs, x);
		} else if (ck == SK_PROXYERROROVERRIDE && c->argc > 0) {
			PF_PUSH(ac->a, ac->eo, c);
		} else if (ck == SK_PROXYFCGISETENVIF && c->argc >= 2) {
			PF_PUSH(ac->a, ac->fe, c);
			if (ac->in_if && ac->if_unknown)
				ac->fe_cond = 1;
		} else if (ck == SK_ERRORDOCUMENT && c->argc > 1) {
			PF_PUSH(ac->a, ac->errdocs, c);
			if (ac->in_if && ac->if_unknown)
				ac->errdoc_cond = 1;
		} else if (ck == SK_OPTIONS)
			options_line(&o, c);
		else if (ck == SK_INDEXIGNORE) {
			int i;

			for (i = 0; i < c->argc; i++)
				if (strcmp(c->argv[i], "*") == 0)
					ig_all = 1;
		} else if (ck == SK_INDEXIGNORERESET && c->argc > 0)
			ig_reset = strcasecmp(c->argv[0], "on") == 0;
		else if (ck == SK_AUTHTYPE && c->argc > 0) {
			ac->auth_type = strcasecmp(c->argv[0], "None") == 0 ?
			    NULL : c->argv[0];
			ac->auth_type_node = c;
		}
		else if (ck == SK_AUTHNAME && c->argc > 0)
			ac->auth_name = 1;
	}
	merge_options(ac, &o);
	ac->idx_hide_all = ig_reset ? ig_all : ac->idx_hide_all | ig_all;
	mcfg_merge(ac->a, &ac->mgrp, &ac->msec);
}

/* Last mapping of ext in a mime vector (NULL: none or removed). */
static const struct mmap *
mime_get(const mvec *v, const char *ext)
{
	size_t i;
	const struct mmap *hit = NULL;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i].ext, ext) == 0)
			hit = &v->v[i];
	return hit != NULL && hit->val != NULL ? hit : NULL;
}

/* Directory section path test against dir (the file's directory). */
static int
dir_matches(const struct pf_node *c, const char *dir, int *regex,
    size_t *depth)
{
	const char *p = sim_arg(c, 0);
	size_t i;

	*regex = 0;
	*depth = 0;
	if (p == NULL)
		return 0;
	if (IS(c, DIRECTORYMATCH) || strcmp(p, "~") == 0) {
		*regex = 1;
		return 1;	/* tested against the filename by the caller */
	}
	for (i = 0; p[i] != '\0'; i++)
		if (p[i] == '/' && p[i + 1] != '\0' && p[i + 1] != '/')
			(*depth)++;
	if (strcmp(p, "/") == 0)
		return 1;
	/*
	 * httpd keeps a <Directory> path with a trailing '/' and walks the
	 * file's directories with one too, so <Directory /srv/www/> and
	 * <Directory /srv/www> both hold for /srv/www/index.php (Debian's
	 * <Directory /var/www/>, Nextcloud's <Directory /var/www/nextcloud/>
	 * over their DocumentRoot): compare with dir + '/'.
	 */
	{
		char buf[4096];
		size_t n = strlen(dir);

		if (n + 2 <= sizeof(buf)) {
			memcpy(buf, dir, n);
			buf[n] = '/';
			buf[n + 1] = '\0';
			return wild_prefix(buf, p);
		}
	}
	return wild_prefix(dir, p);
}

struct secref {
	const struct pf_node *n;
	size_t	 depth;
	size_t	 order;
	const char *dirpath;
};

static int
cmp_secref(const void *a, const void *b)
{
	const struct secref *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * The <Directory> kids of a scope by path.  A request's walk asks every
 * <Directory> of the main server and of its vhost whether it holds the
 * file's directory: with thousands of them at the top level (a panel's
 * per-user <Directory /home/USER/public_html>, one per site) that was
 * sections x vhosts x requests path tests (10,000 each: lint 60 s, 52 of
 * them in those tests).  A plain path (absolute, no wildcard, not the
 * root) holds for a directory exactly when it is one of the directory's
 * leading components (prefix_match(): whole segments, runs of '/' as
 * one, a trailing '/' ignored): such sections are found by looking up
 * each leading part of the directory in a hash of their paths so
 * normalized.  The rest (regex forms, wildcards, the root, a relative
 * path) are asked as before.  The entries keep the kids' order, which
 * orders the sections of one depth (cmp_secref).
 */
struct sim_dindex {
	struct pf_smap	 plain;		/* normalized path -> its first
					 * entry + 1 */
	uint32_t	*kid;		/* per entry: the kid's index */
	uint32_t	*next;		/* per entry: the next of its path (+1) */
	uint32_t	*rest;		/* kids asked one by one, in order */
	size_t		 nrest;
};

/* p with runs of '/' as one and no trailing '/' into out (its length). */
static size_t
dnorm(const char *p, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++)
		if (p[i] != '/' || o == 0 || out[o - 1] != '/')
			out[o++] = p[i];
	while (o > 0 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	return o;
}

/* (A path's entries come newest first: the caller sorts what it finds
 * by depth and kid order.) */
static const struct sim_dindex *
dindex_of(struct pf_sim_kids *k)
{
	struct sim_dindex *x;
	size_t i, nd = 0, ne = 0;

	if (k->dix_done)
		return k->dix;
	k->dix_done = 1;
	for (i = 0; i < k->n; i++)
		nd += k->k[i] == SK_DIRECTORY || k->k[i] == SK_DIRECTORYMATCH;
	if (nd < DINDEX_MIN || k->n > UINT32_MAX - 1)
		return NULL;
	x = pf_alloc(k->a, sizeof(*x));
	memset(x, 0, sizeof(*x));
	x->kid = pf_alloc(k->a, nd * sizeof(*x->kid));
	x->next = pf_alloc(k->a, nd * sizeof(*x->next));
	x->rest = pf_alloc(k->a, nd * sizeof(*x->rest));
	for (i = 0; i < k->n; i++) {
		const char *p;
		char *key;

		if (k->k[i] != SK_DIRECTORY && k->k[i] != SK_DIRECTORYMATCH)
			continue;
		p = sim_arg(k->v[i], 0);
		if (k->k[i] == SK_DIRECTORYMATCH || p == NULL || p[0] != '/' ||
		    strpbrk(p, "*?[") != NULL) {
			x->rest[x->nrest++] = (uint32_t)i;
			continue;
		}
		key = pf_alloc(k->a, strlen(p) + 1);
		if (dnorm(p, strlen(p), key) == 0) {
			x->rest[x->nrest++] = (uint32_t)i;	/* the root */
			continue;
		}
		x->kid[ne] = (uint32_t)i;
		x->next[ne] = (uint32_t)pf_smap_get(&x->plain, key);
		pf_smap_put(k->a, &x->plain, key, ++ne);
	}
	k->dix = x;
	return x;
}

/* Does a <Files>/<FilesMatch> section match basename? */
static int
files_match(struct pf_sim *s, const struct pf_node *c, const char *base)
{
	const char *p = sim_arg(c, 0);

	if (p == NULL)
		return 0;
	if (IS(c, FILESMATCH))
		return pf_sim_regex(s, p, 0, base, NULL, 0) == 1;
	if (strcmp(p, "~") == 0)
		return c->argc > 1 && pf_sim_regex(s, c->argv[1], 0, base,
		    NULL, 0) == 1;
	return fnmatch(p, base, 0) == 0;
}

/*
 * The directory mod_rewrite's per-directory config of a <Files> or an
 * <If> section holds (config_perdir_create's path, '/' added): core's
 * filesection makes it the section's pattern ("~ RE": RE), ifsection
 * "*If".  No file name starts with it, so the rules match the whole
 * file name, and a relative substitution becomes "*If/x.php", which is
 * no URL: 400 (verified on 2.4.71: `<If "%{QUERY_STRING} =~ /go/">
 * RewriteRule ^ index.php` answers /nope?go with 400, "add per-dir
 * prefix: index.php -> *If/index.php"; "/index.php" runs it).  The rules
 * replace the directory's while the section applies (without
 * RewriteOptions Inherit), as any section's do.
 */
static const char *
rw_section_dir(const struct pf_node *c)
{
	const char *p;

	if (IS(c, IF) || IS(c, ELSEIF) || IS(c, ELSE))
		return "*If";
	p = sim_arg(c, 0);
	if (p != NULL && IS(c, FILES) && strcmp(p, "~") == 0 && c->argc > 1)
		p = c->argv[1];
	return p != NULL ? p : "";
}

static int
location_match(struct pf_sim *s, const struct pf_node *c, const char *uri)
{
	const char *p = sim_arg(c, 0);

	if (p == NULL)
		return 0;
	if (IS(c, LOCATIONMATCH))
		return pf_sim_regex(s, p, 0, uri, NULL, 0) == 1;
	if (strcmp(p, "~") == 0)
		return c->argc > 1 && pf_sim_regex(s, c->argv[1], 0, uri,
		    NULL, 0) == 1;
	return wild_prefix(uri, p);
}

static int
proxy_section_match(struct pf_sim *s, const struct pf_node *c,
    const char *url)
{
	const char *p = sim_arg(c, 0);
	size_t at, len;
	int own;

	if (p == NULL)
		return 0;
	/* A pattern that reads into the vhost's own strings (memo). */
	own = s->nsig > 0 && sim_sig_find(s, url, &at, &len);
	if (IS(c, PROXYMATCH)) {
		if (own)
			s->taint = 1;
		return pf_sim_regex(s, p, 0, url, NULL, 0) == 1;
	}
	if (strcmp(p, "*") == 0)
		return 1;
	if (strpbrk(p, "*?[") != NULL) {
		if (own)
			s->taint = 1;
		return fnmatch(p, url, 0) == 0;
	}
	p = sim_past_uds(p);
	if (own && strlen(p) > at)
		s->taint = 1;
	return strncasecmp(url, p, strlen(p)) == 0;
}

struct ifref {
	const struct pf_node *n;
	const struct pf_node *owner;	/* the section it sits in, or NULL */
};


/*
 * Collects the <If> chain nested in sec (If/ElseIf/Else siblings) and
 * nested Files (when files != NULL) for later merge steps.
 */
static void
collect_nested(struct pf_arena *a, const struct pf_node *sec, void *ifs,
    void *files)
{
	int ck;
	PF_VEC(struct ifref) *iv = ifs;
	PF_VEC(const struct pf_node *) *fv = files;
	const struct pf_node *c;

	EACH_V(c, ck, sec, KV_NESTED) {
		if (ck == SK_IF || ck == SK_ELSEIF || ck == SK_ELSE) {
			struct ifref x = { c, sec };

			PF_PUSH(a, *iv, x);
		} else if (fv != NULL && (ck == SK_FILES || ck == SK_FILESMATCH))
			PF_PUSH(a, *fv, c);
	}
}

/*
 * The next section of the <If>/<ElseIf>/<Else> chains collected in
 * order: its truth (T_*), or -1 when an earlier section of its chain
 * held; *prev carries the chain's state (-1 to begin).
 */
static int
if_chain_step(struct sreq *r, const struct pf_node *f, int *prev,
    const char *filename)
{
	int t;

	if (IS(f, IF))
		*prev = -1;
	if (IS(f, ELSE)) {
		if (*prev == T_TRUE)
			return -1;
		t = *prev == T_UNKNOWN ? T_UNKNOWN : T_TRUE;
	} else {
		if (IS(f, ELSEIF) && *prev == T_TRUE)
			return -1;
		t = sim_if_eval(r, f->raw ? f->raw : sim_arg(f, 0), filename);
	}
	*prev = t == T_TRUE ? T_TRUE : (*prev == T_UNKNOWN ||
	    t == T_UNKNOWN) ? T_UNKNOWN : T_FALSE;
	return t;
}

/* A section's last RewriteEngine line: 1 on, 0 off, -1 none. */
static int
rw_engine_set(const struct pf_node *sec)
{
	const struct pf_node *c;
	int ck, on = -1;

	EACH_V(c, ck, sec, KV_PLAIN)
		if (ck == SK_REWRITEENGINE && c->argc > 0)
			on = strcasecmp(c->argv[0], "on") == 0;
	return on;
}

/*
 * Do the server-context rules run (hook_uri2file)?  mod_rewrite looks at
 * the per-directory config in effect at translate_name, not the server's:
 * the lookup defaults (a RewriteEngine line of the main server or the
 * vhost sets them too; a vhost without one keeps the main server's),
 * then the <Location>s of the URI and the <If>s that hold (request.c
 * walks them before translate_name).  So "RewriteEngine On" in the main
 * server runs a vhost's RewriteRules that has none, and "RewriteEngine
 * Off" in a <Location> or a true <If> stops the vhost's rules there
 * (verified on 2.4.71: both; sim_random.py seed 59 found the <If>).  An
 * <If> whose condition is not known is passed over.
 */
static int
rw_server_on(struct sreq *r, const struct pf_node *sc[2], int n)
{
	PF_VEC(struct ifref) ifs = { 0 };
	const struct pf_node *c;
	int ck, k, on = 0, v, prev_if = -1;
	size_t i;

	for (k = 0; k < n; k++) {
		if ((v = rw_engine_set(sc[k])) >= 0)
			on = v;
		collect_nested(SA(r->s), sc[k], &ifs, NULL);
	}
	for (k = 0; k < n; k++)
		EACH_V(c, ck, sc[k], KV_LOC)
			if ((ck == SK_LOCATION || ck == SK_LOCATIONMATCH) &&
			    location_match(r->s, c, r->uri)) {
				if ((v = rw_engine_set(c)) >= 0)
					on = v;
				collect_nested(SA(r->s), c, &ifs, NULL);
			}
	for (i = 0; i < ifs.n; i++)	/* (no file name yet) */
		if (if_chain_step(r, ifs.v[i].n, &prev_if, "") == T_TRUE &&
		    (v = rw_engine_set(ifs.v[i].n)) >= 0)
			on = v;
	return on;
}

static const char *
basename_of(const char *p)
{
	const char *b = strrchr(p, '/');

	return b ? b + 1 : p;
}

/*
 * Merges the sections that apply to the request.  proxied: Directory and
 * Files are skipped and <Proxy> sections (matched against url) are used.
 * fs_only: only Directory/Files (for the bypass comparison).
 */
static void merge_all_in(struct sreq *, struct acc *, const char *,
		    const char *, int, int);

/*
 * The directory walk's look at symbolic links (sim_symlink.c): the
 * components of path, each of depth (components) d looked at with the
 * Options of the sections of depth below d merged, as ap_directory_walk()
 * does before it merges the sections of the directory itself.  upto: the
 * components of depth up to it are looked at now.
 */
struct lwalk {
	const char	*path;
	size_t		 off;		/* the end of the last component */
	size_t		 depth;		/* ... its depth */
	int		 done;
};

static void
link_walk(struct sreq *r, struct acc *ac, struct lwalk *w, size_t upto)
{
	const char *p = w->path;

	if (!r->s->sym_strict || p == NULL || p[0] != '/')
		w->done = 1;
	while (!w->done && w->depth + 1 <= upto && ac->ht_refused == NULL) {
		size_t e = w->off + 1;
		const char *seg;
		int st;

		while (p[e] != '/' && p[e] != '\0')
			e++;
		if (e == w->off + 1) {		/* "//" or the end */
			if (p[e] == '\0')
				w->done = 1;
			w->off = e;
			continue;
		}
		w->depth++;
		seg = pf_strndup(ac->a, p, e);
		st = sim_link_step(r->s, seg, (ac->idx & OPT_SYM_LINKS) != 0,
		    (ac->idx & OPT_SYM_OWNER) != 0);
		if (st == SIM_LINK_REFUSED) {
			ac->link_refused = seg;
			ac->link_owner = (ac->idx & OPT_SYM_OWNER) != 0;
			ac->link_node = ac->link_owner ? ac->idx_node :
			    ac->sym_node;
		}
		if (st != SIM_LINK_ON || p[e] == '\0')
			w->done = 1;
		w->off = e;
	}
}

/* Merges the sections for r (merge_all_in), with r readable by the
 * Require env lines on the way. */
static void
merge_all(struct sreq *r, struct acc *ac, const char *filename,
    const char *url, int proxied, int fs_only)
{
	struct sreq *keep = cur_req;
	const struct envref *keep_envs = cur_envs;
	size_t keep_n = cur_nenvs;
	int keep_known = cur_envs_known, keep_def = env_deferred;

	cur_req = r;
	cur_envs_known = 0;
	env_deferred = 0;
	merge_all_in(r, ac, filename, url, proxied, fs_only);
	if (env_deferred) {
		/* A Require env whose variable a section's SetEnvIf names:
		 * again, with the lines of the sections this merge applied
		 * (their vector stays in the request's arena). */
		cur_envs = ac->envs.v;
		cur_nenvs = ac->envs.n;
		cur_envs_known = 1;
		merge_all_in(r, ac, filename, url, proxied, fs_only);
	}
	cur_req = keep;
	cur_envs = keep_envs;
	cur_nenvs = keep_n;
	cur_envs_known = keep_known;
	env_deferred = keep_def;
}

static void
merge_all_in(struct sreq *r, struct acc *ac, const char *filename,
    const char *url, int proxied, int fs_only)
{
	int ck, hk;
	struct pf_sim *s = r->s;
	struct pf_run *run = s->run;
	const struct pf_node *sc[2], *c;
	PF_VEC(struct secref) dirs = { 0 };
	PF_VEC(const struct pf_node *) files = { 0 };
	PF_VEC(struct ifref) ifs = { 0 };
	struct lwalk lw;
	char *dir;
	size_t i, order = 0;
	int n, k, prev_if = -1;

	memset(ac, 0, sizeof(*ac));
	ac->idx = OPT_SYM_LINKS;
	ac->run = run;
	ac->a = SA(s);
	ac->accept_pathinfo = -1;
	ac->engine.on = -1;
	ac->body_limit = -1;
	ac->req = r;
	ac->dir_slash = -1;
	ac->check_handler = -1;
	/* Files sections and mod_mime read the base name: it must not be
	 * part of one of the vhost's own strings (memo). */
	if (filename != NULL && s->nsig > 0) {
		size_t at, len, b = (size_t)(basename_of(filename) - filename);

		if (sim_sig_find(s, filename, &at, &len) && b > at &&
		    b <= at + len)
			s->taint = 1;
	}
	n = scopes(s, r->v, sc);
	/* Top-level directives of the server and vhost (lookup defaults). */
	for (k = 0; k < n; k++) {
		ac->cur_sec = NULL;
		merge_body(ac, sc[k], NULL);
		collect_nested(ac->a, sc[k], &ifs, proxied ? NULL : &files);
		/* (a vhost's defaults: merged onto the main server's) */
		mime_walk_done(ac);
	}
	/* The top-level <If>s belong after Files (step 5); keep them. */
	if (!proxied && filename != NULL) {
		dir = pf_strdup(ac->a, filename);
		if (!sim_is_dir(r, dir)) {
			char *sl = strrchr(dir, '/');

			if (sl != NULL && sl != dir)
				*sl = '\0';
		}
		/* Steps 1-2: Directory (by depth), then regex forms (the
		 * kids' order within a depth: order is scope, kid). */
		for (k = 0; k < n; k++) {
			struct pf_sim_kids *kk =
			    (struct pf_sim_kids *)kids_of(sc[k]);
			const struct sim_dindex *dx = dindex_of(kk);
			size_t nk = dx != NULL ? dx->nrest : kk->n, j;

			for (j = 0; j < nk; j++) {
				size_t ki = dx != NULL ? dx->rest[j] : j;
				struct secref x;
				int re;

				c = kk->v[ki];
				ck = kk->k[ki];
				if (ck != SK_DIRECTORY && ck != SK_DIRECTORYMATCH)
					continue;
				if (!dir_matches(c, dir, &re, &x.depth))
					continue;
				if (re) {
					const char *pat = ck == SK_DIRECTORYMATCH ?
					    sim_arg(c, 0) : sim_arg(c, 1);

					sim_taint_if(s, filename);
					if (pat == NULL || pf_sim_regex(s, pat, 0,
					    filename, NULL, 0) != 1)
						continue;
					match_env(r, pat, filename);
					x.depth = 100000;
				}
				x.n = c;
				x.order = order + ki;
				x.dirpath = sim_arg(c, 0);
				PF_PUSH(ac->a, dirs, x);
			}
			if (dx != NULL && dir[0] == '/') {
				size_t dl = strlen(dir), e;
				char *nd = pf_alloc(ac->a, dl + 1);

				dl = dnorm(dir, dl, nd);
				/* each leading part of the directory */
				for (e = 1; e <= dl; e++) {
					size_t en;
					char at = nd[e];

					if (e < dl && at != '/')
						continue;
					nd[e] = '\0';
					en = pf_smap_get(&dx->plain, nd);
					nd[e] = at;
					for (; en != 0; en = dx->next[en - 1]) {
						size_t ki = dx->kid[en - 1];
						struct secref x;
						int re;

						c = kk->v[ki];
						if (!dir_matches(c, dir, &re,
						    &x.depth))
							continue;
						x.n = c;
						x.order = order + ki;
						x.dirpath = sim_arg(c, 0);
						PF_PUSH(ac->a, dirs, x);
					}
				}
			}
			order += kk->n;
		}
		if (dirs.n > 1)
			qsort(dirs.v, dirs.n, sizeof(*dirs.v), cmp_secref);
		memset(&lw, 0, sizeof(lw));
		lw.path = filename;
		for (i = 0; i < dirs.n; i++) {
			const struct pf_node *d = dirs.v[i].n, *h;

			/* (the regex forms come after the walk) */
			link_walk(r, ac, &lw, dirs.v[i].depth);
			if (ac->link_refused != NULL)
				break;

			/* httpd reads the .htaccess files on the way while it
			 * walks the directories: a directive one of them may
			 * not use is a 500 for the request (not for what the
			 * file system sections would merely have said). */
			if ((d->flags & PF_NODE_HTACCESS) && !fs_only &&
			    ac->ht_refused == NULL)
				ac->ht_refused = sim_ht_refused(d);
			ac->cur_sec = d;
			merge_body(ac, d, dirs.v[i].dirpath);
			collect_nested(ac->a, d, &ifs, &files);
			/* .htaccess read under this directory. */
			EACH(h, hk, d)
				if ((h->flags & PF_NODE_HTACCESS) &&
				    hk == SK_DIRECTORY) {
					ac->cur_sec = h;
					merge_body(ac, h, dirs.v[i].dirpath);
					collect_nested(ac->a, h, &ifs, &files);
				}
		}
		link_walk(r, ac, &lw, (size_t)-1);
		mime_walk_done(ac);
		/* Step 3: Files/FilesMatch. */
		for (i = 0; i < files.n; i++) {
			const struct pf_node *f = files.v[i];

			if (!files_match(s, f, basename_of(filename)))
				continue;
			if (IS(f, FILESMATCH) || (f->argc > 1 &&
			    strcmp(f->argv[0], "~") == 0))
				match_env(r, f->argv[IS(f, FILESMATCH) ? 0 : 1],
				    basename_of(filename));
			ac->cur_sec = f;
			merge_body(ac, f, rw_section_dir(f));
			collect_nested(ac->a, f, &ifs, NULL);
		}
		mime_walk_done(ac);
	}
	if (proxied && url != NULL) {
		for (k = 0; k < n; k++)
			EACH_V(c, ck, sc[k], KV_PROXY)
				if ((ck == SK_PROXY || ck == SK_PROXYMATCH) &&
				    proxy_section_match(s, c, url)) {
					ac->cur_sec = c;
					merge_body(ac, c, NULL);
					collect_nested(ac->a, c, &ifs, NULL);
				}
		mime_walk_done(ac);
	}
	if (fs_only)
		return;
	/* Step 4: Location/LocationMatch against the URI. */
	for (k = 0; k < n; k++)
		EACH_V(c, ck, sc[k], KV_LOC)
			if ((ck == SK_LOCATION || ck == SK_LOCATIONMATCH) &&
			    location_match(s, c, r->uri)) {
				/* Its mod_rewrite config's directory is the
				 * section's path (the regex of a match form). */
				const char *lp = ck == SK_LOCATION && c->argc > 1 &&
				    strcmp(c->argv[0], "~") == 0 ? c->argv[1] :
				    sim_arg(c, 0);

				if (ck == SK_LOCATIONMATCH || lp != sim_arg(c, 0))
					match_env(r, lp, r->uri);

				ac->cur_sec = c;
				ac->merging_loc = 1;
				merge_body(ac, c, lp);
				ac->merging_loc = 0;
				collect_nested(ac->a, c, &ifs, NULL);
			}
	mime_walk_done(ac);
	/* Step 5: <If> sections, in the order they were merged. */
	for (i = 0; i < ifs.n; i++) {
		const struct pf_node *f = ifs.v[i].n;
		int t = if_chain_step(r, f, &prev_if, filename);

		if (t == T_FALSE || t < 0)
			continue;
		ac->in_if = 1;
		ac->if_unknown = t == T_UNKNOWN;
		ac->if_fcheck = f->raw != NULL && (strstr(f->raw, "-f") ||
		    strstr(f->raw, "-F"));
		ac->cur_sec = ifs.v[i].owner;
		/* (its mod_rewrite lines only when the condition holds: the
		 * rules replace the directory's, a guess either way) */
		merge_body(ac, f, t == T_TRUE ? rw_section_dir(f) : NULL);
		/* Files inside an If apply if they match the name. */
		if (filename != NULL && !proxied)
			EACH(c, ck, f)
				if ((ck == SK_FILES || ck == SK_FILESMATCH) &&
				    files_match(s, c, basename_of(filename))) {
					ac->cur_sec = c;
					merge_body(ac, c, t == T_TRUE ?
					    rw_section_dir(c) : NULL);
				}
		ac->in_if = 0;
	}
	mime_walk_done(ac);
}

/* ---- the request ---------------------------------------------------- */

void	sim_fpm(struct sreq *, struct pf_sim_verdict *, const char *handler,
	    const char *url, const char *filename, const char *path_info);

static int	sim_has_module(const struct pf_sim *, const char *);

/* What the AuthType in effect does with a request that needs a user. */
static enum pf_sim_authn
authn_of(const struct pf_sim *s, const struct acc *ac)
{
	static const char *const mods[][2] = {
		{ "Basic", "auth_basic_module" },
		{ "Digest", "auth_digest_module" },
		{ "Form", "auth_form_module" },
	};
	size_t i;

	if (ac->auth_type == NULL)
		return PF_AUTHN_NONE;
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
		if (strcasecmp(ac->auth_type, mods[i][0]) == 0)
			return !sim_has_module(s, mods[i][1]) ?
			    PF_AUTHN_NO_MODULE : !ac->auth_name && i < 2 ?
			    PF_AUTHN_NO_NAME : PF_AUTHN_ASKS;
	return PF_AUTHN_ASKS;	/* another module's scheme */
}

/*
 * The Require lines' answer and mod_access_compat's (Order/Allow/Deny)
 * together: both must pass, unless "Satisfy Any" is in effect, where the
 * host rules passing lets the request through without authentication or
 * a look at the Require lines (request.c ap_process_request_internal:
 * "authorized without authentication by access_checker hook and
 * 'Satisfy any'"), and no host rules at all pass.  So the better of the
 * two: verified on 2.4 with Require valid-user, Require all denied and
 * Require ip (200 for a client they refuse), and with Deny from all
 * (401), tests/rules/status_oracle.sh.
 */
static enum pf_sim_authz
final_authz(const struct acc *ac, const struct pf_node **node)
{
	enum pf_sim_authz z = worse(ac->authz, ac->compat);

	*node = ac->authz >= ac->compat ? ac->authz_node : ac->compat_node;
	if (ac->satisfy_any != NULL) {
		z = ac->authz < ac->compat ? ac->authz : ac->compat;
		*node = ac->authz < ac->compat ? ac->authz_node :
		    ac->compat_node != NULL ? ac->compat_node :
		    ac->satisfy_any;
	}
	return z;
}

/* Each module's restricting rule into the verdict (pf_sim_authz_client),
 * and for pf_sim_set_client()'s client the status of a refusal that
 * wants a user: after the host rules (mod_access_compat's, unless Satisfy
 * Any) let it through, check_user_id finds no credentials: 401 where a
 * module takes the AuthType, else 500 (pf_sim_authn). */
static void
authz_parts(const struct pf_sim *s, const struct acc *ac,
    struct pf_sim_verdict *out)
{
	out->req_node = ac->authz != PF_AUTHZ_GRANTED ? ac->authz_node : NULL;
	out->compat_node = ac->compat != PF_AUTHZ_GRANTED ? ac->compat_node :
	    NULL;
	out->satisfy_any = ac->satisfy_any != NULL;
	out->client_status = 0;
	if (s->client != NULL && out->authz == PF_AUTHZ_DENIED &&
	    ac->authz == PF_AUTHZ_DENIED && ac->needs_user &&
	    (ac->satisfy_any != NULL || ac->compat != PF_AUTHZ_DENIED))
		out->client_status = authn_of(s, ac) == PF_AUTHN_ASKS ?
		    401 : 500;
}

/*
 * ap_process_request_internal() skips the access checks of a request
 * whose per-directory config is r->prev's (an internal redirect) when
 * the walks matched the same sections, which their caches then merge to
 * the same config: an ErrorDocument's request in the sections that
 * refused the first one is not refused (verified on 2.4.71: an .htaccess
 * Require ip 10.0.0.0/8 with ErrorDocument 403 /error.php runs
 * error.php for 127.0.0.1, with the 403; sim_random.py seed 94).
 */
static int
access_skip(struct sreq *r, const struct acc *ac, struct pf_sim_verdict *out)
{
	r->sig = ac->sig;
	if (r->prev_sig == 0 || r->prev_sig != ac->sig)
		return 0;
	out->authz = PF_AUTHZ_GRANTED;
	out->authz_node = NULL;
	out->req_node = out->compat_node = NULL;
	out->client_status = 0;
	return 1;
}

/*
 * An AuthType with no Require line in effect: mod_authz_core has no
 * section to decide with and answers 500 (AH01627 "AuthType configured
 * with no corresponding authorization directives"), once the host rules
 * (Order/Allow/Deny) let the request on, unless Satisfy Any and those
 * rules let it in without authentication (verified on 2.4.71: a
 * <Location> with AuthType Basic over ProxyPass, no Require: 500).
 */
static int
authz_orphan(const struct acc *ac)
{
	return ac->auth_type != NULL && ac->authz_node == NULL &&
	    (ac->satisfy_any != NULL ? ac->compat != PF_AUTHZ_GRANTED :
	    ac->compat != PF_AUTHZ_DENIED);
}

/* Maps path to r->filename / path_info (first regular file ends it). */
static void
map_storage(struct sreq *r, const char *path, const char *base,
    const char **filename, const char **pinfo)
{
	struct pf_arena *a = SA(r->s);
	size_t bl = strlen(base), i;
	char *p = pf_strdup(a, path);

	while (bl > 1 && base[bl - 1] == '/')
		bl--;
	*filename = p;
	*pinfo = NULL;
	if (strncmp(p, base, bl) != 0)
		bl = 0;
	for (i = bl + 1; ; i++) {
		if (p[i] == '/' || p[i] == '\0') {
			char save = p[i];

			p[i] = '\0';
			if (sim_is_file(r, p)) {
				if (save != '\0') {
					*pinfo = pf_strdup(a, path + i);
					*filename = pf_strndup(a, path, i);
				}
				p[i] = save;
				return;
			}
			if (!sim_is_dir(r, p)) {
				/* The missing component stays in filename. */
				if (save != '\0') {
					*pinfo = pf_strdup(a, path + i);
					*filename = pf_strndup(a, path, i);
				}
				p[i] = save;
				return;
			}
			p[i] = save;
			if (save == '\0')
				return;
		}
	}
}

static int
sim_one(struct sreq *r);

/*
 * proxy-fcgi-pathinfo in r->subprocess_env when mod_proxy_fcgi reads it,
 * each step overriding the one before: the server context's SetEnvIf
 * (post_read_request), the server-context RewriteRules' [E=]
 * (translate_name), the sections' SetEnvIf (header_parser), the
 * per-directory RewriteRules' [E=] (fixups).  A sub-request (mod_dir's
 * index and FallbackResource lookups) runs neither post_read_request nor
 * header_parser (request.c: "Only on the main request!"): it starts from
 * a copy of its parent's env and only mod_rewrite adds to it.
 */
static void
pathinfo_env(struct sreq *r, const struct acc *ac)
{
	const char *v = NULL;
	int cond = 0;

	if (r->sub) {
		v = r->inh_env;
		cond = r->inh_cond;
	} else if (ac->srv_set) {
		v = ac->srv_env;
		cond = ac->srv_cond;
	}
	if (r->srw_set) {
		v = r->srw_env;
		cond = 0;
	}
	if (!r->sub && ac->dir_set) {
		v = ac->dir_env;
		cond = ac->dir_cond;
	}
	if (r->rw_env_set) {
		v = r->rw_env;
		cond = 0;
	}
	r->pathinfo_env = v;
	r->pathinfo_cond = cond;
	/* mod_env's fixup lays the env over SetEnv's vars: SetEnv counts
	 * where nothing set the variable, and only after proxy_fixup (a
	 * URL route's canon) has read it. */
	r->late_env = v;
	r->late_cond = cond;
	if (v == NULL && ac->setenv != NULL) {
		r->late_env = ac->setenv;
		r->late_cond = ac->setenv_cond;
	}
}

/* A per-directory rules' directory without its trailing slashes. */
static size_t
rw_dir_len(const char *d)
{
	size_t dl = strlen(d);

	while (dl > 1 && d[dl - 1] == '/')
		dl--;
	return dl;
}

/*
 * Per-directory mod_rewrite (its fixup) on a request mapped to filename
 * with pinfo after it: 0 when its rules do not run here, else 1 with
 * their result in *rr and a local substitution in *nu.
 */
static int
perdir_rewrite(struct sreq *r, const struct acc *ac, const char *filename,
    const char *pinfo, int is_dir, enum rw_result *rr, const char **nu)
{
	const char *rel = filename;
	size_t dl;

	/* (mod_rewrite declines the directory of its rules asked for
	 * without the trailing slash: mod_dir redirects it.) */
	if (!ac->rw_on || ac->rw_scope == NULL || r->depth >= 5 ||
	    (is_dir && !(ac->rw_opts & RWO_NOSLASH) &&
	    strlen(filename) == rw_dir_len(ac->rw_dir) &&
	    strncmp(filename, ac->rw_dir, strlen(filename)) == 0))
		return 0;
	/* Without FollowSymLinks or SymLinksIfOwnerMatch the rules are
	 * refused, matching or not (AH00670: 403; verified on 2.4.71:
	 * Options -FollowSymLinks under WordPress-style rules is a 403 for
	 * every request there, the scripts too). */
	if (!r->rw_end && !(ac->idx & (OPT_SYM_LINKS | OPT_SYM_OWNER))) {
		*nu = NULL;
		*rr = RW_FORBIDDEN;
		r->rw_sym = 1;
		r->proxy_node = ac->sym_node;
		/* (Not when the access checks refuse the request first: they
		 * run before the fixups.) */
		if (r->out != NULL && r->out->authz != PF_AUTHZ_DENIED) {
			r->out->symlinks_off = ac->sym_node;
			r->out->symlinks_rules = ac->rw_scope;
		}
		return 1;
	}
	/* apply_rewrite_rule strips the directory with its trailing slash
	 * (a <Location>'s "/" too) when the file name starts with it. */
	dl = rw_dir_len(ac->rw_dir);
	if (strncmp(filename, ac->rw_dir, dl) == 0 && (dl == 1 ?
	    filename[0] == '/' : filename[dl] == '/'))
		rel = dl == 1 ? filename + 1 : filename + dl + 1;
	/* Rules see the path below the directory: an own string of the
	 * vhost (memo) must be all in the directory or not at all in the
	 * path. */
	{
		size_t at, len;

		if (r->s->nsig > 0 && sim_sig_find(r->s, filename, &at,
		    &len) && !(rel != filename && at + len <= dl))
			r->s->taint = 1;
	}
	/* ... with the path info after it: apply_rewrite_rule matches a
	 * per-directory rule against r->filename plus r->path_info ("add
	 * path info postfix"), so a rule for a path that does not exist
	 * (Nextcloud's .well-known/carddav, a front controller's pretty
	 * URL) sees all of it. */
	if (pinfo != NULL && pinfo[0] != '\0') {
		sim_taint_if(r->s, pinfo);
		rel = pf_printf(SA(r->s), "%s%s", rel, pinfo);
	}
	*nu = NULL;
	r->rw_dir_now = ac->rw_dir;
	*rr = rewrite(r, ac->rw_rules, ac->rw_nrules, rel, pinfo, 0, nu);
	r->rw_dir_now = NULL;
	r->rw_file_now = NULL;
	return 1;
}

/* mod_rewrite.c subst_prefix_path(): in with its leading match (and
 * the '/' after it) replaced by subst and a '/'. */
static const char *
subst_prefix(struct pf_arena *a, const char *in, const char *match,
    const char *subst)
{
	size_t len = strlen(match), slen = strlen(subst);

	if (len > 0 && match[len - 1] == '/')
		len--;
	if (strncmp(in, match, len) != 0 || in[len] != '/')
		return in;
	return pf_printf(a, "%s%s%s", subst, slen > 0 && subst[slen - 1] !=
	    '/' ? "/" : "", in + len + 1);
}

/* r->filename after a per-directory local substitution nu: a relative
 * one gets the rules' directory in front (hook_fixup). */
static const char *
perdir_file(struct sreq *r, const struct acc *ac, const char *nu)
{
	const char *d = ac->rw_dir;
	size_t dl = strlen(d);

	return nu[0] == '/' ? nu : pf_printf(SA(r->s), "%s%s%s", d, dl > 0 &&
	    d[dl - 1] == '/' ? "" : "/", nu);
}

/*
 * The URL a per-directory local substitution nu leads to (hook_fixup's
 * end), without its query: a relative one gets the rules' directory in
 * front; then the RewriteBase replaces that directory if the result is
 * still below it, else (no RewriteBase) the DocumentRoot in front is
 * taken off; when neither changed it, the context's document root (an
 * Alias target: its URL, as pf_sim_url_of() finds it) is replaced by its
 * prefix.  So RewriteBase /sub/ in uploads/ makes "x.php" /sub/x.php.
 */
static const char *
perdir_url(struct sreq *r, const struct acc *ac, const char *nu)
{
	struct pf_arena *a = SA(r->s);
	const char *d = ac->rw_dir, *f, *t;
	size_t l;

	f = perdir_file(r, ac, nu);
	t = f;
	if (ac->rw_base != NULL)
		f = subst_prefix(a, f, d, ac->rw_base);
	else if (r->docroot != NULL) {
		l = strlen(r->docroot);
		if (l > 0 && r->docroot[l - 1] == '/')
			l--;
		if (strncmp(f, r->docroot, l) == 0 && f[l] == '/')
			f += l;
	}
	if (f == t && !ac->rw_loc) {
		const char *du = pf_sim_url_of(r->s, r->v, f);

		if (du != NULL && du[0] == '/')
			f = du;
	}
	return pf_strndup(a, f, strcspn(f, "?"));
}

/*
 * The per-directory rules of a proxied request's <Location>s (hook_fixup
 * with is_proxyreq: r->filename is "proxy:URL", which %{REQUEST_FILENAME}
 * reads and no -f finds): a local substitution gets no directory in
 * front, so a relative one is no absolute path (400), and "/path" is an
 * internal redirect, which the URL's proxying takes again: a rule that
 * sends the request to its own URL (a front controller's "!-f" rules over
 * ProxyPassMatch) loops to the redirect limit (500); [P] replaces the
 * backend URL.  1 when it answered.
 */
static int
proxied_fixup(struct sreq *r, const struct acc *ac)
{
	struct pf_sim_verdict *out = r->out;
	const char *pf = pf_printf(SA(r->s), "proxy:%s", r->proxy_url);
	const char *ofn = out->filename, *nu = NULL, *nurl;
	enum rw_result rr = RW_NONE;
	int ran;

	out->filename = pf;
	ran = perdir_rewrite(r, ac, pf, NULL, 0, &rr, &nu);
	out->filename = ofn;
	if (!ran)
		return 0;
	switch (rr) {
	case RW_PROXY:
		out->route = r->proxy_node;
		out->route_section = ac->rw_scope;
		out->via = r->proxy_kind;
		out->handler = r->proxy_url;
		return 0;
	case RW_FORBIDDEN:
	case RW_GONE:
	case RW_STATUS:
	case RW_REDIRECT:
		rw_answer(r, rr);
		return 1;
	case RW_LOCAL:
		if (nu == NULL)
			return 0;
		/* (the handler is mod_rewrite's redirect-handler now: a
		 * lookup is no longer proxied, mod_dir does not take it) */
		r->lookup_proxied = 0;
		out->outcome = PF_SIM_OTHER;
		if (nu[0] != '/') {
			out->status = 400;
			return 1;
		}
		/* A lookup stops after the fixups: its handler, the redirect,
		 * does not run (status 200, no file; mod_dir passes it). */
		if (r->sub) {
			r->redirected = 1;
			r->mapped = 1;
			r->mapped_reg = 0;
			return 1;
		}
		/* A RewriteRule's [H=] replaces the redirect-handler last of
		 * the fixups (as in the request that is not proxied), so the
		 * handler gets r->filename "redirect:URL" with r->proxyreq
		 * still set: mod_proxy declines a file name that is no
		 * "proxy:", and the default handler finds no such file: 404
		 * (verified on 2.4.71: ProxyPassMatch \.php, RewriteRule
		 * \.php$ - [H=proxy:unix:...], a <LocationMatch> front
		 * controller: /app/index.php is a 404 without a request to
		 * FPM; sim_random.py seed 57). */
		if (r->forced_handler != NULL) {
			out->outcome = PF_SIM_NOT_FOUND;
			out->status = 404;
			return 1;
		}
		nurl = perdir_url(r, ac, nu);
		if (strcmp(nurl, r->uri) == 0 || r->depth >= 4) {
			out->status = 500;
			return 1;
		}
		out->outcome = PF_SIM_STATIC;
		r->uri = nurl;
		r->depth++;
		out->redirects++;
		r->redirected = 1;
		/* (a lookup found no file: it was proxied) */
		r->mapped = 1;
		r->mapped_reg = 0;
		(void)sim_one(r);
		return 1;
	default:
		return 0;
	}
}

/* A sub-request of r (ap_sub_req_lookup_*) for uri, answered into out. */
static void
subreq(struct sreq *r, struct sreq *r2, struct pf_sim_verdict *out,
    const char *uri)
{
	memset(r2, 0, sizeof(*r2));
	memset(out, 0, sizeof(*out));
	r2->s = r->s;
	r2->v = r->v;
	r2->fs = r->fs;
	r2->docroot = r->docroot;
	r2->uri = uri;
	r2->out = out;
	r2->depth = r->depth + 1;
	/* ap_set_sub_req_protocol(): a copy of the parent's env (its
	 * fixups ran before mod_dir's). */
	r2->sub = 1;
	r2->inh_env = r->late_env;
	r2->inh_cond = r->late_cond;
}

static const char *handler_of(struct sreq *, struct acc *, const char *,
    int, enum pf_route_kind *, const struct pf_node **);
static int mod_dir(struct sreq *, struct acc *, int, const char **);

static int lookup_status(const struct sreq *,
    const struct pf_sim_verdict *);

/*
 * Whether fixup_dflt takes the lookup of the fallback fb in a lookup
 * r2: its status is 200 and it is a regular file or still has handler
 * "proxy-server" after its fixups, as for a request (sim_one's
 * FallbackResource).  Verified on 2.4.71 with php-fpm8.2, cgi.fix_pathinfo
 * =0: FallbackResource index.php, ProxyPassMatch ^(.*\.php)$ and
 * <LocationMatch "\.php"> SetHandler proxy:...: /index.php/foo sends
 * PATH_TRANSLATED DOCROOT/foo (the Location's SetHandler replaced the
 * handler name, fixup_dflt passes), which security.limit_extensions
 * refuses; the simulator sent the proxied fallback (tests/rules/
 * sim_random.py seed 51).
 */
static int
fallback_taken(struct sreq *r2, const char *fb)
{
	struct sreq r3;
	struct pf_sim_verdict sub;

	subreq(r2, &r3, &sub, fb);
	r3.extra_file = r2->extra_file;
	sub.document_root = r2->docroot;
	sim_one(&r3);
	return !r3.redirect && lookup_status(&r3, &sub) == 200 &&
	    (r3.lookup_proxied || r3.mapped_reg);
}

const char *
sim_lookup_path(struct sreq *r, const char *uri)
{
	struct sreq r2;
	struct pf_sim_verdict v;
	const struct pf_node *via = NULL;
	const char *path, *f, *pi, *u;

	subreq(r, &r2, &v, uri);
	r2.extra_file = r->extra_file;
	if (translate(&r2)) {
		/* mod_proxy's fixup: "proxy:" + the URL, unix: dropped. */
		u = sim_past_uds(r2.proxy_url);
		return pf_printf(SA(r->s), "proxy:%s", u);
	}
	/* [F] leaves no file name; [R] a "redirect:" one. */
	if (r2.done)
		return r2.redirect ? pf_printf(SA(r->s), "redirect:%s", uri) :
		    NULL;
	path = r2.rw_file != NULL ? r2.rw_file : uri_to_path(&r2, r2.uri,
	    &via);
	map_storage(&r2, path, via ? via->argv[1] : r2.docroot, &f, &pi);
	/*
	 * The lookup runs its fixups too (verified on 2.4.71 + php-fpm8.2
	 * with cgi.fix_pathinfo=0, where FPM runs PATH_TRANSLATED;
	 * tests/rules/sim_random.py found the first two):
	 * - mod_rewrite's first: a per-directory rule that rewrites the
	 *   lookup leaves r->filename "redirect:" + the new URL (an
	 *   internal redirect a lookup never follows) and its path info
	 *   after it, "proxy:" + the URL for [P]: /index.php/foo under a
	 *   front controller's rules runs nothing (FPM's 404), and a path
	 *   info the rules see below a missing folder is a
	 *   "redirect:/index.php/rest.jpg" security.limit_extensions
	 *   refuses.
	 * - mod_dir's: on a directory asked for with its slash, the
	 *   DirectoryIndex names are looked up and the first that fits
	 *   takes over (ap_internal_fast_redirect: r->filename becomes the
	 *   index's): /x.php/ runs the DocumentRoot's index.php.  Without
	 *   the slash the lookup is a 301 and r->filename the directory.
	 * - with nothing on disk and no handler, mod_dir's
	 *   FallbackResource looks the fallback up and fast-redirects into
	 *   it when it is a regular file or proxied: a PATH_INFO that is no
	 *   file gives the front controller.
	 */
	if (r2.depth < 5) {
		struct acc ac;
		enum rw_result rr;
		const char *nu, *ix = NULL, *fb, *fp;
		int is_file = sim_is_file(&r2, f), is_dir = !is_file &&
		    sim_is_dir(&r2, f);
		enum pf_route_kind hv;
		const struct pf_node *hn;

		const struct pf_node *an;

		/* (what %{REQUEST_FILENAME} reads) */
		v.filename = f;
		v.path_info = pi;
		merge_all(&r2, &ac, f, NULL, 0, 0);
		/* A lookup its access checks refuse stops before the
		 * fixups (verified on 2.4.71: a PATH_INFO of "/.php" under
		 * Debian's <FilesMatch "^\.ph..."> Require all denied
		 * is not the FallbackResource). */
		if (ac.ht_refused != NULL || ac.link_refused != NULL ||
		    final_authz(&ac, &an) == PF_AUTHZ_DENIED)
			return pi != NULL ? pf_printf(SA(r->s), "%s%s", f, pi) :
			    f;
		if (perdir_rewrite(&r2, &ac, f, pi, is_dir && pi == NULL, &rr,
		    &nu)) {
			if (rr == RW_PROXY) {
				u = sim_past_uds(r2.proxy_url);
				return pf_printf(SA(r->s), "proxy:%s", u);
			}
			/* (the path info stays unless a rule's [DPI] dropped
			 * it: apply_rewrite_rule) */
			if (rr == RW_LOCAL && nu != NULL &&
			    strcmp((u = perdir_url(&r2, &ac, nu)), uri) != 0)
				return pf_printf(SA(r->s), "redirect:%s%s", u,
				    pi != NULL && !r2.rw_dpi ? pi : "");
		}
		if (r->s->no_mod_dir)
			;
		else if (is_dir && pi == NULL) {
			if (uri[0] != '\0' && uri[strlen(uri) - 1] == '/' &&
			    mod_dir(&r2, &ac, 0, &ix) && ix != NULL)
				return sim_lookup_path(&r2, ix);
		} else if (!is_file && !is_dir && ac.fallback != NULL &&
		    handler_of(&r2, &ac, f, 0, &hv, &hn) == NULL) {
			fb = ac.fallback[0] == '/' || strchr(uri, '/') == NULL ?
			    ac.fallback : pf_printf(SA(r->s), "%.*s%s",
			    (int)(strrchr(uri, '/') - uri + 1), uri,
			    ac.fallback);
			fb = pf_strndup(SA(r->s), fb, strcspn(fb, "?"));
			fp = sim_lookup_path(&r2, fb);
			if (fp != NULL && (strncmp(fp, "proxy:", 6) == 0 ||
			    sim_is_file(&r2, fp)) && fallback_taken(&r2, fb))
				return fp;
		}
	}
	return pi != NULL ? pf_printf(SA(r->s), "%s%s", f, pi) : f;
}

size_t
sim_find_path_info(const char *uri, const char *path_info)
{
	long lu = (long)strlen(uri), lp = (long)strlen(path_info);

	/* Both ends walk back while they agree (server/util.c). */
	while (lu-- && lp-- && uri[lu] == path_info[lp]) {
		if (path_info[lp] == '/')
			while (lu && uri[lu - 1] == '/')
				lu--;
	}
	if (lu == -1)
		lu = 0;
	while (uri[lu] != '\0' && uri[lu] != '/')
		lu++;
	return (size_t)lu;
}

/* An .htaccess section h on the way to path that refuses a line, closer
 * to the root than the best so far. */
static void
ht_consider(struct sreq *r, const struct pf_node *h, const char *path,
    const struct pf_node **best, size_t *bl, const char **dir)
{
	const struct pf_node *bad;
	size_t l;

	if (!(h->flags & PF_NODE_HTACCESS) || h->argc < 1)
		return;
	l = rw_dir_len(h->argv[0]);
	if (strncmp(path, h->argv[0], l) != 0 || path[l] != '/' ||
	    (*best != NULL && l >= *bl))
		return;
	if ((bad = sim_ht_refused(h)) != NULL) {
		*best = bad;
		*bl = l;
		*dir = pf_strndup(SA(r->s), h->argv[0], l);
	}
}

const struct pf_node *
sim_ht_refused_on(struct sreq *r, const char *path, const char **dir)
{
	int ck, hk;
	const struct pf_node *sc[2], *c, *h, *best = NULL;
	size_t bl = 0;
	int i, n;

	n = scopes(r->s, r->v, sc);
	for (i = 0; i < n; i++)
		EACH(c, ck, sc[i]) {
			if (ck != SK_DIRECTORY)
				continue;
			ht_consider(r, c, path, &best, &bl, dir);
			/* .htaccess sections nested in a <Directory>. */
			EACH(h, hk, c)
				if (hk == SK_DIRECTORY)
					ht_consider(r, h, path, &best, &bl,
					    dir);
		}
	return best;
}

static int php_handler_name(const char *);
static int php_module_loaded(const struct pf_sim *);

static const char *types_config(struct pf_sim *, const char *);
static int types_may_php(struct pf_sim *);

static const char *
handler_of(struct sreq *r, struct acc *ac, const char *filename, int dir,
    enum pf_route_kind *via, const struct pf_node **node)
{
	const char *b = basename_of(filename), *e, *h = NULL, *t = NULL, *ct;
	const struct mmap *mh = NULL, *mt = NULL, *m;
	char ext[256];
	size_t i;

	if (r->forced_handler != NULL) {
		*via = PF_ROUTE_REWRITE_HANDLER;
		*node = r->forced_node;
		return r->forced_handler;
	}
	if (ac->handler != NULL && strcasecmp(ac->handler, "none") != 0) {
		/* mod_actions takes r->handler whoever set it: VestaCP's
		 * phpcgi template, "Action phpcgi-script /cgi-bin/php" and
		 * <Files *.php> SetHandler phpcgi-script (verified on
		 * 2.4.71: the CGI ran, no source sent; a second precision
		 * audit, corpus B) */
		for (i = ac->actions.n; i-- > 0;)
			if (strcasecmp(ac->actions.v[i].ext, ac->handler) == 0) {
				*via = PF_ROUTE_ACTION;
				*node = ac->actions.v[i].node;
				r->out->route_section = ac->handler_node;
				return ac->actions.v[i].val;
			}
		*via = PF_ROUTE_SETHANDLER;
		*node = ac->handler_node;
		return ac->handler;
	}
	/* mod_mime gives a directory its type (httpd/unix-directory) and
	 * no handler, whatever its name. */
	if (dir) {
		*node = NULL;
		return NULL;
	}
	/* mod_mime: every extension after the base name, left to right; a
	 * later one overrides an earlier one.  Leading dots belong to the
	 * base name (".php" has no extension). */
	e = b;
	while (*e == '.')
		e++;
	e = strchr(e, '.');
	while (e != NULL) {
		size_t l;

		e++;
		l = strcspn(e, ".");
		if (l > 0 && l < sizeof(ext)) {
			for (i = 0; i < l; i++)
				ext[i] = (char)tolower((unsigned char)e[i]);
			ext[l] = '\0';
			if ((m = mime_get(&ac->mall.h, ext)) != NULL)
				mh = m;
			/* the type: AddType's, else TypesConfig's (mt NULL,
			 * t set: the file's) */
			if ((m = mime_get(&ac->mall.t, ext)) != NULL) {
				mt = m;
				t = m->val;
			} else if (((t != NULL && php_handler_name(t)) ||
			    ac->actions.n > 0 || types_may_php(r->s)) &&
			    (ct = types_config(r->s, ext)) != NULL) {
				mt = NULL;
				t = ct;
			}
		}
		e = strchr(e, '.');
	}
	if (mh != NULL)
		h = mh->val;
	/* mod_actions: an Action for the handler, else for the type. */
	for (i = ac->actions.n; i-- > 0;) {
		const struct mmap *a = &ac->actions.v[i];

		if ((h != NULL && strcasecmp(a->ext, h) == 0) ||
		    (t != NULL && strcasecmp(a->ext, t) == 0)) {
			*via = PF_ROUTE_ACTION;
			*node = a->node;
			r->out->route_section = (h && strcasecmp(a->ext, h) == 0)
			    ? mh->node : mt ? mt->node : r->s->types_node;
			return a->val;
		}
	}
	if (mh != NULL) {
		*via = PF_ROUTE_ADDHANDLER;
		*node = mh->node;
		return h;
	}
	/* No handler: ap_invoke_handler() takes the content type (up to a
	 * ';') for one, so "AddType application/x-httpd-php .php" (the PHP
	 * manual's old mod_php line, Sentora's vhosts) names mod_php's
	 * handler: without mod_php the default handler sends the source
	 * (2.4.71: 200, Content-Type application/x-httpd-php, the PHP
	 * text; tests/rules/source_oracle.sh).  Only mod_php's names: any
	 * other type is no module's handler and served as before. */
	if (t != NULL && php_handler_name(t) && (mt != NULL ||
	    r->s->types_node != NULL)) {
		/* (a PHP type of the TypesConfig file: old mime.types had
		 * "application/x-httpd-php php phtml"; its line stands for
		 * the route) */
		*via = PF_ROUTE_ADDHANDLER;
		*node = mt != NULL ? mt->node : r->s->types_node;
		return t;
	}
	*node = NULL;
	return NULL;
}

/*
 * mod_dir's fixup for a request that mapped to a directory (2.4.x
 * modules/mappers/mod_dir.c fixup_dir): a URL without its trailing slash
 * is redirected (301, DirectorySlash On by default); after a per-directory
 * RewriteRule (handler redirect-handler) mod_dir steps aside, as it does
 * with DirectoryCheckHandler On and a handler set.  Otherwise each
 * DirectoryIndex name (default index.html) is looked up as a sub-request
 * relative to the URL: the first whose lookup is 200 and that was proxied
 * at translate_name (handler proxy-server, whether or not the file exists)
 * or mapped to a regular file replaces the request (fast redirect: its
 * routing, handler and file are the ones served).  A redirect of a lookup
 * is sent; any other status but 404 is remembered and answered when no
 * name fits.  Returns 1 when it decided the outcome, 0 when the request
 * goes on to its handler (no index: mod_autoindex's listing or 403, or
 * without it the default handler's 404).
 */
/* A lookup's status (rr->status) from its verdict: a lookup runs no
 * handler, so mod_autoindex's answer for a directory is not its status,
 * nor is what a per-directory rewrite's internal redirect leads to (its
 * handler is mod_rewrite's redirect-handler, which does not run: 200;
 * the simulator follows it for the case mod_dir takes the lookup). */
static int
lookup_status(const struct sreq *r2, const struct pf_sim_verdict *sub)
{
	if (r2->redirected)
		return 200;
	if (sub->outcome == PF_SIM_DENIED)
		return sub->client_status != 0 ? sub->client_status : 403;
	if (sub->outcome == PF_SIM_OTHER && sub->status != 0 &&
	    !(sub->handler != NULL && strcmp(sub->handler,
	    PF_SIM_DIR_HANDLER) == 0))
		return sub->status;
	return 200;
}

static int
mod_dir(struct sreq *r, struct acc *ac, int step_aside, const char **taken)
{
	struct pf_sim_verdict *out = r->out, sub;
	struct pf_arena *a = SA(r->s);
	static const char *const dflt[] = { "index.html" };
	const char *const *names = ac->index_set ? ac->index.v : dflt;
	size_t n = ac->index_set ? ac->index.n : 1, i, ul = strlen(r->uri);
	int err = 0;
	const struct pf_node *err_node = NULL;

	if (ul == 0 || r->uri[ul - 1] != '/') {
		if (ac->dir_slash == 0)
			return 0;
		out->outcome = PF_SIM_OTHER;
		out->status = 301;
		return 1;
	}
	if (step_aside)
		return 0;
	if (ac->check_handler == 1 && (r->forced_handler != NULL ||
	    (ac->handler != NULL && strcasecmp(ac->handler, "none") != 0)))
		return 0;
	if (r->depth >= 5)
		return 0;
	for (i = 0; i < n; i++) {
		struct sreq r2;
		const char *u = names[i];
		int st;

		/* ap_sub_req_lookup_uri(): relative to the URL's directory. */
		if (u[0] != '/')
			u = pf_printf(a, "%s%s", r->uri, u);
		u = pf_strndup(a, u, strcspn(u, "?"));
		subreq(r, &r2, &sub, u);
		sub.document_root = r->docroot;
		sim_one(&r2);
		if (r2.redirect || (sub.outcome == PF_SIM_OTHER &&
		    sub.status >= 300 && sub.status < 400)) {
			*out = sub;
			return 1;
		}
		st = lookup_status(&r2, &sub);
		if (st == 200 && (r2.lookup_proxied || r2.mapped_reg)) {
			int redirects = out->redirects;

			if (ac->index_redirect != 0) {
				out->outcome = PF_SIM_OTHER;
				out->status = ac->index_redirect;
				return 1;
			}
			*out = sub;
			out->redirects += redirects + 1;
			if (r2.handler_500) {
				out->outcome = PF_SIM_OTHER;
				out->status = 500;
			}
			if (taken != NULL)
				*taken = u;
			/* ap_internal_fast_redirect(): the lookup's
			 * configuration is the request's from now on. */
			r->ed_phase = r2.ed_phase;
			r->sig = r2.sig;
			r->ed = r2.ed;
			r->ned = r2.ned;
			r->ed_cond = r2.ed_cond;
			r->eo = r2.eo;
			r->neo = r2.neo;
			return 1;
		}
		if (st != 200 && st != 404) {
			err = st;
			err_node = st == 403 ? sub.authz_node : sub.status_node;
		}
	}
	if (err == 0)
		return 0;
	if (err == 403) {
		out->outcome = PF_SIM_DENIED;
		out->authz_node = err_node;
	} else {
		out->outcome = PF_SIM_OTHER;
		out->status = err;
		out->status_node = err_node;
	}
	return 1;
}

/*
 * mod_alias's fixup (after mod_rewrite's, before mod_dir's): the
 * per-directory redirects, merged with the more specific section's
 * first (apr_array_append(overrides, base)), in order within a section;
 * the first that matches ends the request.
 */
static int
per_dir_redirect(struct sreq *r, const struct acc *ac)
{
	size_t end = ac->redirs.n, beg, i;
	int st;

	while (end > 0) {
		beg = end - 1;
		while (beg > 0 && ac->redirs.v[beg - 1].sec ==
		    ac->redirs.v[end - 1].sec)
			beg--;
		for (i = beg; i < end; i++) {
			const struct rdref *x = &ac->redirs.v[i];

			if ((st = redirect_hit(r, x->n, x->ck, 1, r->uri)) != 0) {
				redirect_outcome(r, x->n, st);
				return 1;
			}
		}
		end = beg;
	}
	return 0;
}

/*
 * The FastCGI backend of a proxy URL or handler: fcgi:// or unix:, or
 * balancer://NAME/..., whose first FastCGI member the reader put on the
 * route of node n (parse_target); -1 for any other scheme.
 */
static int
node_backend(struct sreq *r, const struct pf_node *n, const char *u,
    struct pf_backend *b)
{
	const struct pf_vhost *vs[2];
	size_t i, k;

	if (pf_backend_parse(SA(r->s), u, b) == 0)
		return 0;
	if (strncasecmp(u, "proxy:", 6) == 0)
		u += 6;
	if (strncasecmp(u, "balancer://", 11) != 0 || n == NULL)
		return -1;
	vs[0] = r->v;
	vs[1] = &r->s->m->apache->main;
	for (k = 0; k < 2; k++)
		for (i = 0; vs[k] != NULL && i < vs[k]->routes.n; i++) {
			const struct pf_route *rt = &vs[k]->routes.v[i];

			if (rt->node == n && (rt->backend.socket != NULL ||
			    rt->backend.host != NULL)) {
				*b = rt->backend;
				return 0;
			}
		}
	return -1;
}

static int
proxy_backend(struct sreq *r, struct pf_backend *b)
{
	const struct pf_node *n = r->proxy_node, *sec;
	const char *t, *p;
	int rc = node_backend(r, n, r->proxy_url, b);

	/*
	 * ProxyPass* keeps a unix: socket in its worker alone (add_pass
	 * takes it off the URL): a URL shorter than the worker's name,
	 * "$1" and all (ProxyPassMatch "^/(.*)$" "unix:S|fcgi://h/dir/$1"
	 * for "/"), finds no worker (ap_proxy_get_worker_ex wants the
	 * name no longer than the URL) and the default worker connects to
	 * h's TCP port (verified on 2.4.71: 503, AH01079 to
	 * localhost:8000; sim_oracle.sh scenario nocanon-query).
	 */
	if (rc != 0 || b->socket == NULL || n == NULL ||
	    r->proxy_url == NULL || (!IS(n, PROXYPASS) &&
	    !IS(n, PROXYPASSMATCH)))
		return rc;
	sec = n->parent;
	t = sec != NULL && (IS(sec, LOCATION) || IS(sec, LOCATIONMATCH)) ?
	    sim_arg(n, 0) : sim_arg(n, 1);
	if (t == NULL || sim_past_uds(t) == t)
		return rc;
	t = sim_past_uds(t);
	for (p = t; *p != '\0'; p++)
		if (*p == '$' && isdigit((unsigned char)p[1]))
			break;
	if (*p != '\0' && strlen(sim_past_uds(r->proxy_url)) < strlen(t))
		b->socket = NULL;
	return rc;
}

/* Module id loaded (or the model lists no modules). */
static int
sim_has_module(const struct pf_sim *s, const char *id)
{
	return !s->mods_known || pf_apache_has_module(s->m->apache, id);
}

/*
 * mod_proxy_fcgi's canon (proxy_fcgi_canon -> ap_proxy_canon_netloc)
 * parses the host[:port] of an fcgi:// URL with apr_parse_addr_port(),
 * which reads digits alone as a port and leaves no host: "error parsing
 * URL //9: Invalid host/port" (AH01059) and 400 for every request, with
 * SetHandler, ProxyPass and ProxyPassMatch, with or without a unix:
 * socket in front (verified on apache2 2.4: fcgi://9, unix:S|fcgi://7,
 * fcgi://42/path; fcgi://9:9000, fcgi://1.2 and names are parsed).  u is
 * the URL after any "proxy:" and "unix:PATH|".
 */
int
pf_sim_fcgi_digits_host(const char *u)
{
	size_t n;

	if (strncasecmp(u, "fcgi://", 7) != 0)
		return 0;
	u += 7;
	n = strspn(u, "0123456789");
	return n > 0 && (u[n] == '\0' || u[n] == '/');
}

/*
 * apr_parse_addr_port() as ap_proxy_canon_netloc() takes it: s (len
 * bytes, the URL's host[:port]) gives an address, a port (if any) in
 * 1..65535 and no IPv6 scope id.  Digits alone are a port without an
 * address; "", ":9000", "h:0", "h:70000", "[::1" and "[fe80::1%eth0]"
 * are refused ("h:" and "h:ab" are an address that fails to resolve:
 * 500, not 400).
 */
static int
sim_addr_port_ok(const char *s, size_t len)
{
	size_t e = len, alen, i;
	unsigned long port = 0;
	struct in6_addr a6;
	char buf[64];

	while (e > 0 && isdigit((unsigned char)s[e - 1]))
		e--;
	if (e == 0)
		return 0;
	alen = len;
	if (e < len && s[e - 1] == ':') {
		for (i = e; i < len; i++)
			if ((port = port * 10 + (unsigned long)(s[i] - '0')) >
			    65535)
				return 0;
		if (port < 1)
			return 0;
		alen = e - 1;
	}
	if (alen == 0)
		return 0;
	if (s[0] != '[')
		return 1;
	if (alen < 3 || memchr(s, ']', alen) != s + alen - 1 ||
	    memchr(s, '%', alen) != NULL || alen - 2 >= sizeof(buf))
		return 0;
	memcpy(buf, s + 1, alen - 2);
	buf[alen - 2] = '\0';
	return inet_pton(AF_INET6, buf, &a6) == 1;
}

/*
 * Why mod_proxy answers 400 for the proxied fcgi URL u (what follows
 * "proxy:", any "unix:PATH|" included), or NULL (other schemes too).
 * uds: the URL goes through fixup_uds_filename (a "proxy:" handler,
 * RewriteRule [P]): a unix: part with an empty path, a host, or no ':'
 * after the '|' is AH10292, and "fcgi:", "fcgi:/p", "fcgi:///p" after
 * it get //localhost; ProxyPass* took the unix: part off at load time
 * (its URL gets no localhost).  path: r->filename ("/...") follows u
 * (a handler).  Then proxy_fcgi_canon -> ap_proxy_canon_netloc: no "//"
 * is "Malformed URL", a bad %-escape in a user part and a host[:port]
 * sim_addr_port_ok() refuses are errors too, all AH01059 (verified on
 * apache2 2.4.x, tests/rules/digit_host_oracle.sh).
 */
const char *
pf_sim_fcgi_url_400(const char *u, int uds, int path)
{
	const char *bar, *e, *h, *end, *at, *q;
	int fixup = 0;

	if (u == NULL)
		return NULL;
	if (strncasecmp(u, "unix:", 5) == 0 &&
	    (bar = strchr(u + 5, '|')) != NULL) {
		if (uds) {
			if (bar == u + 5 || (u[5] == '/' && u[6] == '/' &&
			    u[7] != '/' && bar > u + 7) ||
			    strchr(bar + 1, ':') == NULL)
				return "AH10292: Invalid proxy UDS filename";
			fixup = 1;
		}
		u = bar + 1;
	}
	if (strncasecmp(u, "fcgi:", 5) != 0)
		return NULL;
	e = u + 5;
	if (fixup && (e[0] == '\0' || (e[0] == '/' && (e[1] != '/' ||
	    e[2] == '/' || e[2] == '\0'))))
		return NULL;
	if (e[0] == '\0' && path)
		return "AH01059: Malformed URL";
	if (e[0] != '/' || (e[1] != '/' && !(e[1] == '\0' && path)))
		return "AH01059: Malformed URL";
	if (e[1] == '\0')
		return NULL;
	h = e + 2;
	end = h + strcspn(h, "/");
	for (at = NULL, q = h; q < end; q++)
		if (*q == '@')
			at = q;
	if (at != NULL) {
		for (q = h; q < at; q++)
			if (*q == '%' && (!isxdigit((unsigned char)q[1]) ||
			    !isxdigit((unsigned char)q[2])))
				return "AH01059: Bad %-escape in URL";
		h = at + 1;
	}
	if (!sim_addr_port_ok(h, (size_t)(end - h)))
		return "AH01059: Invalid host/port";
	return NULL;
}

/* The same for a URL ProxyPass* (uds 0) or RewriteRule [P] (uds 1)
 * proxies to. */
static int
proxied_url_400(const char *url, int uds)
{
	return pf_sim_fcgi_url_400(url, uds, 0) != NULL;
}

/*
 * mod_proxy's handler on a "proxy:" handler h for file f (2.4.x
 * proxy_handler -> ap_proxy_canon_url): the URL is h's text after
 * "proxy:" and the file name; a "unix:PATH|" part is taken off
 * (fixup_uds_filename: no ':' after the '|' is a 400, "scheme:" and
 * "scheme:/path" get //localhost); then each loaded module's canon hook
 * is asked for its scheme, and none taking it declines the request.
 * Returns 0 (mod_proxy runs it), 400, or a PF_DECLINE_*, with the scheme
 * and the module it needs.
 */
static int
proxy_canon(struct sreq *r, const char *h, const char **scheme,
    const char **module)
{
	static const struct { const char *scheme, *mod, *mod2; } t[] = {
		{ "fcgi", "proxy_fcgi_module", NULL },
		{ "http", "proxy_http_module", NULL },
		{ "https", "proxy_http_module", NULL },
		{ "ws", "proxy_wstunnel_module", "proxy_http_module" },
		{ "wss", "proxy_wstunnel_module", "proxy_http_module" },
		{ "ajp", "proxy_ajp_module", NULL },
		{ "scgi", "proxy_scgi_module", NULL },
		{ "uwsgi", "proxy_uwsgi_module", NULL },
		{ "ftp", "proxy_ftp_module", NULL },
		{ "balancer", "proxy_balancer_module", NULL },
		{ "h2", "proxy_http2_module", NULL },
		{ "h2c", "proxy_http2_module", NULL },
		{ "fd", "proxy_fdpass_module", NULL },
	};
	const char *u = h + 6, *bar;
	size_t i, n;

	*scheme = "";
	*module = NULL;
	if (!sim_has_module(r->s, "proxy_module"))
		return PF_DECLINE_NO_PROXY;
	if (strncasecmp(u, "unix:", 5) == 0 &&
	    (bar = strchr(u + 5, '|')) != NULL) {
		/* apr_uri_parse of "unix:PATH": a path, no host */
		if (bar == u + 5 || (u[5] == '/' && u[6] == '/' &&
		    u[7] != '/' && bar > u + 7))
			return 400;
		u = bar + 1;
		/* (the file name follows: "scheme" alone has none) */
		if (strchr(u, ':') == NULL)
			return 400;
	}
	n = strcspn(u, ":");
	*scheme = pf_strndup(SA(r->s), u, n);
	if (u[n] != ':')
		return PF_DECLINE_SCHEME;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strlen(t[i].scheme) == n &&
		    strncasecmp(t[i].scheme, u, n) == 0)
			break;
	if (i == sizeof(t) / sizeof(t[0]))
		return PF_DECLINE_SCHEME;
	*module = t[i].mod;
	if (!sim_has_module(r->s, t[i].mod) && (t[i].mod2 == NULL ||
	    !sim_has_module(r->s, t[i].mod2)))
		return PF_DECLINE_NO_MODULE;
	/* mod_proxy_fcgi's canon (ap_proxy_canon_netloc) */
	if (i == 0 && pf_sim_fcgi_url_400(h + 6, 1, 1) != NULL)
		return 400;
	return 0;
}

/*
 * The types mod_mime's TypesConfig file gives extensions
 * (mime_post_config reads the main server's file, else mime.types in
 * the ServerRoot, AP_TYPES_CONFIG_FILE: "type ext ext ..." lines, '#'
 * comments).  A name's type is that of its last extension with one, an
 * AddType's or the file's: Debian's media-types gives jpg, png, gif ... a
 * type and PHP none, so with "AddType application/x-httpd-php .php"
 * evil.php.jpg is an image (verified on 2.4.71 with mod_php: sent as it
 * is) and evil.php.x runs.  A file that cannot be read (a tree copied
 * without it) stands for the types every mime.types has.  Like httpd
 * (ap_pcfg_openfile) it reads a regular file or /dev/null only
 * (pf_read_file), and no more than TYPES_MAX bytes of it.
 *
 * The file's text is read once per simulator, and parsed only when a
 * name's type can matter (handler_of): an AddType of a type mod_php takes,
 * an Action, or such a type in the file itself (old mime-support had
 * "application/x-httpd-php phtml pht php"), which a scan of the text
 * tells.  (Parsing Debian's 74 KB file cost lint 2.7 ms at 10,000 vhosts.)
 */
#define TYPES_MAX	(4u << 20)

static const char *
types_text(struct pf_sim *s)
{
	struct pf_arena *a = s->run->arena;
	const struct pf_apache *ap = s->m->apache;
	const char *f = "mime.types";
	char *buf;
	size_t n;

	if (s->types_got)
		return s->types_buf;
	s->types_got = 1;
	if (ap != NULL && ap->root != NULL &&
	    (s->types_node = pf_server_line(ap->root, "TypesConfig")) !=
	    NULL && s->types_node->argc > 0)
		f = s->types_node->argv[0];
	if (f[0] != '/' && ap != NULL && ap->server_root != NULL)
		f = pf_printf(a, "%s/%s", ap->server_root, f);
	if (pf_read_file_max(s->run, f, TYPES_MAX, &buf, &n) != 0)
		return NULL;
	return s->types_buf = buf;
}

/* Whether the file's text names a type mod_php takes. */
static int
types_may_php(struct pf_sim *s)
{
	const char *t, *p;

	if (s->types_scanned)
		return s->types_php;
	s->types_scanned = 1;
	if ((t = types_text(s)) == NULL)
		return 0;
	for (p = t; (p = strcasestr(p, "php")) != NULL; p += 3)
		if ((p - t >= 20 && strncasecmp(p - 20,
		    "application/x-httpd-", 20) == 0) ||
		    strncasecmp(p + 3 + strspn(p + 3, "0123456789"),
		    "-script", 7) == 0)
			return s->types_php = 1;
	return 0;
}

static const char *
types_config(struct pf_sim *s, const char *ext)
{
	size_t k;

	if (!s->types_read) {
		static const char *const common[] = { "jpg", "jpeg", "png",
		    "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "txt",
		    "html", "htm", "css", "js", "json", "xml", "pdf", "zip",
		    "gz", "tar", "mp3", "mp4", "webm", "ogg", "wav", "avi",
		    "doc", "docx", "xls", "xlsx", "csv", "rtf", "woff",
		    "woff2", "ttf", "otf", NULL };
		struct pf_arena *a = s->run->arena;
		const char *t = types_text(s), *e;
		char line[4096];

		s->types_read = 1;
		for (; t != NULL && *t != '\0'; t = *e != '\0' ? e + 1 : e) {
			char *w, *save = NULL, *type;
			size_t l;

			e = t + strcspn(t, "\n");
			l = (size_t)(e - t) < sizeof(line) ? (size_t)(e - t) :
			    sizeof(line) - 1;
			memcpy(line, t, l);
			line[l] = '\0';
			/* (ap_cfg_getline drops the leading blanks) */
			if ((type = strtok_r(line, " \t\r", &save)) == NULL ||
			    type[0] == '#')
				continue;
			PF_PUSH(a, s->types, pf_strdup(a, type));
			while ((w = strtok_r(NULL, " \t\r", &save)) != NULL) {
				for (k = 0; w[k] != '\0'; k++)
					w[k] = (char)tolower((unsigned char)w[k]);
				pf_smap_put(a, &s->types_ext, pf_strdup(a, w),
				    s->types.n);
			}
		}
		if (s->types_buf == NULL) {
			PF_PUSH(a, s->types, "application/octet-stream");
			for (k = 0; common[k] != NULL; k++)
				pf_smap_put(a, &s->types_ext, common[k], 1);
		}
	}
	k = pf_smap_get(&s->types_ext, ext);
	return k != 0 ? s->types.v[k - 1] : NULL;
}

/* A handler name of mod_php's (application/x-httpd-php, its -source
 * and version-suffixed forms, php-script, phpN-script). */
static int
php_handler_name(const char *h)
{
	const char *p;

	if (strncasecmp(h, "application/x-httpd-php", 23) == 0) {
		for (p = h + 23; isdigit((unsigned char)*p); p++)
			;
		return *p == '\0' || strcasecmp(p, "-source") == 0;
	}
	if (strncasecmp(h, "php", 3) != 0)
		return 0;
	for (p = h + 3; isdigit((unsigned char)*p); p++)
		;
	return strcasecmp(p, "-script") == 0;
}

/*
 * The handler names the modules take: each handler hook compares
 * r->handler with its names and declines any other (httpd 2.4.x
 * modules/: mod_cgi/mod_cgid, mod_asis, mod_imagemap, mod_negotiation,
 * mod_status, mod_info, util_ldap, mod_lua, mod_md, mod_proxy_balancer,
 * mod_include's fixup, mod_heartmonitor, mod_reflector, mod_rewrite,
 * mod_auth_form, mod_dav, mod_isapi; and the third-party modules Debian
 * packages: mod_fcgid, mod_perl, mod_python, mod_wsgi).  A name no loaded
 * module takes goes to core's default_handler, which takes every request
 * and sends the file (config.c ap_invoke_handler logs AH00523 "handler
 * not found" only when all decline, and none does).  mod_proxy's
 * "proxy:" names, mod_php's, mod_actions' Action names and the default
 * handler are judged before this.
 */
static const struct {
	const char	*name, *mod, *mod2, *label;
} handler_names[] = {
	{ "cgi-script", "cgi_module", "cgid_module", "mod_cgi" },
	{ "application/x-httpd-cgi", "cgi_module", "cgid_module", "mod_cgi" },
	{ "send-as-is", "asis_module", NULL, "mod_asis" },
	{ "httpd/send-as-is", "asis_module", NULL, "mod_asis" },
	{ "imap-file", "imagemap_module", NULL, "mod_imagemap" },
	{ "application/x-httpd-imap", "imagemap_module", NULL,
	    "mod_imagemap" },
	{ "type-map", "negotiation_module", NULL, "mod_negotiation" },
	{ "application/x-type-map", "negotiation_module", NULL,
	    "mod_negotiation" },
	{ "server-status", "status_module", NULL, "mod_status" },
	{ "application/x-httpd-status", "status_module", NULL, "mod_status" },
	{ "server-info", "info_module", NULL, "mod_info" },
	{ "ldap-status", "ldap_module", NULL, "mod_ldap" },
	{ "lua-script", "lua_module", NULL, "mod_lua" },
	{ "md-status", "md_module", NULL, "mod_md" },
	{ "balancer-manager", "proxy_balancer_module", NULL,
	    "mod_proxy_balancer" },
	{ "proxy-server", "proxy_module", NULL, "mod_proxy" },
	{ "server-parsed", "include_module", NULL, "mod_include" },
	{ "httpd/unix-directory", "dir_module", "autoindex_module",
	    "mod_dir" },
	{ "heartbeat", "heartmonitor_module", NULL, "mod_heartmonitor" },
	{ "reflector", "reflector_module", NULL, "mod_reflector" },
	{ "redirect-handler", "rewrite_module", NULL, "mod_rewrite" },
	{ "form-login-handler", "auth_form_module", NULL, "mod_auth_form" },
	{ "form-logout-handler", "auth_form_module", NULL, "mod_auth_form" },
	{ "form-redirect-handler", "auth_form_module", NULL,
	    "mod_auth_form" },
	{ "dav-handler", "dav_module", NULL, "mod_dav" },
	{ "isapi-handler", "isapi_module", NULL, "mod_isapi" },
	{ "isapi-isa", "isapi_module", NULL, "mod_isapi" },
	{ "fcgid-script", "fcgid_module", NULL, "mod_fcgid" },
	{ "perl-script", "perl_module", NULL, "mod_perl" },
	{ "modperl", "perl_module", NULL, "mod_perl" },
	{ "mod_python", "python_module", NULL, "mod_python" },
	{ "python-program", "python_module", NULL, "mod_python" },
	{ "wsgi-script", "wsgi_module", NULL, "mod_wsgi" },
	{ "application/x-httpd-wsgi", "wsgi_module", NULL, "mod_wsgi" },
};

/*
 * Third-party modules common on hosting servers that run no content
 * handler of their own (request phases, filters, an MPM): ModSecurity,
 * mod_evasive, mod_ruid2, mpm-itk, mod_xsendfile, mod_rpaf, mod_geoip,
 * mod_maxminddb, mod_cloudflare.
 */
static const char *const no_handler_mods[] = {
	"security2_module", "evasive20_module", "evasive24_module",
	"ruid2_module", "mpm_itk_module", "xsendfile_module", "rpaf_module",
	"geoip_module", "maxminddb_module", "cloudflare_module",
};

/* Loaded modules whose handler names are all known: httpd's own (but
 * mod_lua, whose LuaMapHandler takes URLs whatever the handler), those
 * of handler_names, no_handler_mods and mod_php. */
static int
handlers_all_known(const struct pf_apache *ap)
{
	size_t i, k;

	for (i = 0; i < ap->modules.n; i++) {
		const char *id = ap->modules.v[i].s;
		int known = pf_httpd_module_shipped(id) &&
		    strcmp(id, "lua_module") != 0;

		for (k = 0; !known && k < sizeof(handler_names) /
		    sizeof(handler_names[0]); k++)
			known = strcmp(id, handler_names[k].mod) == 0;
		for (k = 0; !known && k < sizeof(no_handler_mods) /
		    sizeof(no_handler_mods[0]); k++)
			known = strcmp(id, no_handler_mods[k]) == 0;
		if (!known && strcmp(id, "php_module") != 0 &&
		    strcmp(id, "php5_module") != 0 &&
		    strcmp(id, "php7_module") != 0 &&
		    strcmp(id, "php8_module") != 0)
			return 0;
	}
	return 1;
}

/*
 * Whether no loaded module takes the handler h (a name, or a content
 * type standing in for one): 1 with *label the module that would (NULL:
 * none known), 0 when one does or may (a loaded module proxyfpm does not
 * know, or no module list).  Names are compared without case: AddHandler
 * lowercases them (mod_mime), and a SetHandler in other capitals that no
 * module would take is let be.
 */
/*
 * The names a loaded mod_php takes (sapi/apache2handler: PHP_MAGIC_TYPE,
 * PHP_SOURCE_MAGIC_TYPE and PHP_SCRIPT, compared with r->handler, which
 * AddHandler and SetHandler have lower-cased).  Verified on 2.4.71 with
 * Debian's libphp8.2.so (php_module): application/x-httpd-php runs the
 * script, -source shows it highlighted, php-script runs it;
 * php8-script, php8.2-script, application/x-httpd-php8 and ...-php82 are
 * no module's, and the default handler sends the file.  PHP 7's and 5's
 * PHP_SCRIPT were php7-script and php5-script.
 */
static int
mod_php_takes(const struct pf_sim *s, const char *h)
{
	const struct pf_apache *ap = s->m->apache;

	if (strcasecmp(h, "application/x-httpd-php") == 0 ||
	    strcasecmp(h, "application/x-httpd-php-source") == 0)
		return php_module_loaded(s);
	return (strcasecmp(h, "php-script") == 0 &&
	    (pf_apache_has_module(ap, "php_module") ||
	    pf_apache_has_module(ap, "php8_module"))) ||
	    (strcasecmp(h, "php7-script") == 0 &&
	    pf_apache_has_module(ap, "php7_module")) ||
	    (strcasecmp(h, "php5-script") == 0 &&
	    pf_apache_has_module(ap, "php5_module"));
}

/* Whether a loaded mod_php runs (rather than highlights) the file of a
 * request whose handler is h. */
static int
mod_php_runs(const struct pf_sim *s, const char *h)
{
	return strcasecmp(h, "application/x-httpd-php-source") != 0 &&
	    s->mods_known && mod_php_takes(s, h);
}

static int
handler_untaken(const struct pf_sim *s, const char *h, const char **label)
{
	size_t k;

	*label = NULL;
	if (!s->mods_known || !s->handlers_known || mod_php_takes(s, h))
		return 0;
	for (k = 0; k < sizeof(handler_names) / sizeof(handler_names[0]);
	    k++)
		if (strcasecmp(h, handler_names[k].name) == 0) {
			if (pf_apache_has_module(s->m->apache,
			    handler_names[k].mod) ||
			    (handler_names[k].mod2 != NULL &&
			    pf_apache_has_module(s->m->apache,
			    handler_names[k].mod2)))
				return 0;
			*label = handler_names[k].label;
			return 1;
		}
	return 1;
}

/*
 * Handlers that open r->filename before anything else and answer 404
 * when it is not there: mod_negotiation's type map (read_type_map,
 * AH00679 "cannot access type map file"), mod_asis ("File does not
 * exist") and mod_imagemap (ap_pcfg_openfile).  Debian's
 * httpd-multilang-errordoc.conf sends every error to a .var type map: a
 * missing one is Apache's page with "Additionally, a 404 Not Found
 * error was encountered" (verified on 2.4.71, sim_oracle.sh scenario
 * handler-opens-file).
 */
static int
opens_file(const char *h)
{
	static const char *const t[] = { "type-map", "application/x-type-map",
	    "send-as-is", "httpd/send-as-is", "imap-file",
	    "application/x-httpd-imap" };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcasecmp(h, t[i]) == 0)
			return 1;
	return 0;
}

/* The handler h, set by via at hnode, declined (kind): the request goes
 * on to the default handler, which sends the file.  Returns NULL, the
 * handler left for what follows. */
static const char *
declined(struct pf_sim_verdict *out, enum pf_route_kind via,
    const struct pf_node *hnode, const struct acc *ac, const char *h,
    enum pf_sim_decline kind, const char *scheme, const char *module)
{
	out->via = via;
	out->route = hnode;
	out->route_section = via == PF_ROUTE_SETHANDLER ? ac->handler_sec :
	    NULL;
	out->handler = h;
	out->declined = kind;
	out->declined_scheme = scheme;
	out->declined_module = module;
	return NULL;
}

/* mod_php in any of its module names (or the model lists no modules). */
static int
php_module_loaded(const struct pf_sim *s)
{
	return sim_has_module(s, "php_module") ||
	    (s->mods_known && (pf_apache_has_module(s->m->apache,
	    "php7_module") || pf_apache_has_module(s->m->apache,
	    "php5_module") || pf_apache_has_module(s->m->apache,
	    "php8_module")));
}

int
pf_sim_modphp_loaded(const struct pf_sim *s)
{
	return s->mods_known && php_module_loaded(s);
}

static int
is_fcgi_handler(const char *h)
{
	return h != NULL && strncasecmp(h, "proxy:", 6) == 0 &&
	    strstr(h, "fcgi://") != NULL;
}

/*
 * mod_proxy_fcgi's canon on a handler route (proxy_fcgi_canon with the
 * "proxy-sethandler" note, 2.4.71): the URL (the handler's after any
 * "unix:...|", then the file's name, decoded) is refused with 403
 * (AH10414 "To be forwarded path contains control characters or '?'")
 * when it holds a control character (apr_iscntrl, C locale: below
 * 0x20 and 0x7f), or a '?' unless
 * ProxyFCGIBackendType is GENERIC.  Verified on 2.4.71 with php-fpm8.2:
 * /a%3fb.php with a file "a?b.php", /x%3f.php with none and /c%09d.php
 * with "c<TAB>d.php" are 403 under <FilesMatch \.php$> SetHandler;
 * under GENERIC /a%3fb.php runs a?b.php and /c%09d.php is still 403
 * (tests/rules/sim_oracle.sh, scenario fcgi-forwarded-path).
 */
static int
fcgi_path_refused(const char *h, const char *filename, int generic)
{
	const char *u = sim_past_uds(h + 6), *p;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (p = pass == 0 ? u : filename; p != NULL && *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f ||
			    (*p == '?' && !generic))
				return 1;
	return 0;
}

/*
 * The same canon on a URL route sent as it is (ProxyPass nocanon or
 * mapping=encoded, RewriteRule [P,NE]: the notes proxy-nocanon and
 * proxy-noencode): its path must hold no control character, nor a '?'
 * unless GENERIC, and a nocanon route's has the client's query in it
 * (unparsed_uri()), so every request with a query string is 403 on
 * 2.4.63 and later (PR 69203; verified on 2.4.71 with php-fpm8.2:
 * ProxyPass / ... nocanon, ProxyPassMatch ^/(.*)$ ... nocanon and
 * RewriteRule ... [P,NE] answer /index.php?x=1 403 and run /index.php,
 * ProxyPassMatch "^/(.*\.php)$" nocanon runs both, its pattern failing
 * on the whole: tests/rules/sim_oracle.sh, scenario nocanon-query).
 */
static int
url_canon_refused(struct sreq *r)
{
	const char *u = r->proxy_url;

	if (!r->noencode || u == NULL)
		return 0;
	u = sim_past_uds(u);
	if (strncasecmp(u, "fcgi://", 7) != 0)
		return 0;
	/* (before 2.4.63 no '?' check: the query reached FPM, which cuts
	 * SCRIPT_FILENAME there) */
	return fcgi_path_refused(pf_printf(SA(r->s), "proxy:%s", u), NULL,
	    r->fcgi_generic || !r->s->fcgi_query_403);
}

/* The merged sections' ErrorDocuments are what ap_die() reads. */
static void
errdoc_conf(struct sreq *r, const struct acc *ac)
{
	r->ed_phase = ED_FULL;
	r->ed = ac->errdocs.v;
	r->ned = ac->errdocs.n;
	r->ed_cond = ac->errdoc_cond;
	r->eo = ac->eo.v;
	r->neo = ac->eo.n;
	/* ... and mod_proxy_fcgi's send_environment() the ProxyFCGISetEnvIf
	 * lines. */
	r->fe = ac->fe.v;
	r->nfe = ac->fe.n;
	r->fe_cond = ac->fe_cond;
	r->fcgi_generic = ac->fcgi_generic;
}

static int
sim_one(struct sreq *r)
{
	struct pf_sim_verdict *out = r->out;
	struct pf_arena *a = SA(r->s);
	const struct pf_node *via_alias = NULL, *hnode, *an;
	const char *path, *filename, *pinfo, *h, *hmod;
	struct acc ac, fsac;
	enum pf_route_kind via;
	enum rw_result rr;
	const char *nu;
	int is_dir, has_handler, skipped;

	r->done = 0;
	r->sig = 0;	/* (no walk yet: not an earlier pass's sections) */
	/* A URI that holds the vhost's own strings (memo): every match on
	 * it would read into them. */
	sim_taint_if(r->s, r->uri);
	out->filename = NULL;
	out->path_info = NULL;
	r->forced_handler = NULL;
	r->proxy_url = NULL;
	r->proxy_node = NULL;
	r->proxy_section = NULL;
	/* An internal redirect renames the env (REDIRECT_...); the URL
	 * it was given is the one post_read_request sees. */
	r->rw_env_set = 0;
	r->rw_env = NULL;
	r->nenv = 0;
	r->env_overflow = 0;
	r->orig_uri = r->uri;
	r->ed_phase = ED_TRANSLATE;
	r->ed = NULL;
	r->ned = 0;
	r->eo = NULL;
	r->neo = 0;
	r->fe = NULL;
	r->nfe = 0;
	r->fe_cond = 0;
	r->fcgi_generic = 0;
	if (translate(r)) {
		/* Proxied at translate_name: no Directory/Files, and no
		 * mod_dir (its fixup only sees directories on disk). */
		out->uri = r->uri;
		merge_all(r, &ac, NULL, r->proxy_url, 1, 0);
		out->body_limit = ac.body_limit;
		out->body_limit_node = ac.body_limit_node;
		/* A RewriteRule's [H=] (mod_rewrite's type checker) or a
		 * SetHandler of its <Location> (core_override_type, at
		 * fixups) replaces the handler name; mod_proxy still takes
		 * the request, but mod_dir no longer sees "proxy-server"
		 * (verified on 2.4.71: a [P] index under <LocationMatch
		 * "\.php"> SetHandler proxy:..., or a ProxyPassMatch one
		 * under RewriteRule \.php$ - [H=proxy:...], is no index:
		 * 404). */
		{
			const char *hn = ac.handler != NULL &&
			    strcasecmp(ac.handler, "none") != 0 ? ac.handler :
			    r->forced_handler;

			if (!r->redirected && (hn == NULL ||
			    strcasecmp(hn, "proxy-server") == 0))
				r->lookup_proxied = 1;
		}
		errdoc_conf(r, &ac);
		pathinfo_env(r, &ac);
		out->authz = final_authz(&ac, &out->authz_node);
		authz_parts(r->s, &ac, out);
		skipped = access_skip(r, &ac, out);
		out->authn = authn_of(r->s, &ac);
		/* What the filesystem sections would have said. */
		path = uri_to_path(r, r->uri, &via_alias);
		map_storage(r, path, r->docroot, &filename, &pinfo);
		merge_all(r, &fsac, filename, NULL, 0, 1);
		out->fs_authz = final_authz(&fsac, &out->fs_authz_node);
		out->route = r->proxy_node;
		out->route_section = r->proxy_section;
		out->via = r->proxy_kind;
		out->handler = r->proxy_url;
		if (out->authz == PF_AUTHZ_DENIED) {
			out->outcome = PF_SIM_DENIED;
			return 0;
		}
		if (!skipped && authz_orphan(&ac)) {
			out->outcome = PF_SIM_OTHER;
			out->status = 500;
			out->status_node = ac.auth_type_node;
			return 0;
		}
		if (proxied_fixup(r, &ac))
			return 0;
		if (proxied_url_400(r->proxy_url,
		    r->proxy_kind == PF_ROUTE_REWRITE_PROXY)) {
			out->outcome = PF_SIM_OTHER;
			out->status = 400;
			return 0;
		}
		if (url_canon_refused(r)) {
			out->outcome = PF_SIM_DENIED;
			out->status_node = r->proxy_node;
			out->canon_refused = 1;
			return 0;
		}
		if (proxy_backend(r, &out->backend) < 0) {
			out->outcome = PF_SIM_OTHER;
			return 0;
		}
		out->outcome = PF_SIM_FPM;
		sim_fpm(r, out, NULL, r->proxy_url, NULL, NULL);
		return 0;
	}
	if (r->done)
		return 0;
	out->uri = r->uri;
	path = r->rw_file != NULL ? r->rw_file : uri_to_path(r, r->uri,
	    &via_alias);
	map_storage(r, path, via_alias ? via_alias->argv[1] : r->docroot,
	    &filename, &pinfo);
	out->filename = filename;
	out->path_info = pinfo;
	/* What a sub-request's lookup found (the first mapping: later
	 * ones are internal redirects it leads to). */
	if (!r->mapped) {
		r->mapped = 1;
		r->mapped_reg = sim_is_file(r, filename);
	}
	/* r->finfo is a directory: mod_dir's business in fixups. */
	is_dir = pinfo == NULL && !sim_is_file(r, filename) &&
	    sim_is_dir(r, filename);
	merge_all(r, &ac, filename, NULL, 0, 0);
	out->body_limit = ac.body_limit;
	out->body_limit_node = ac.body_limit_node;
	pathinfo_env(r, &ac);
	errdoc_conf(r, &ac);
	if (ac.ht_refused != NULL) {
		/* map_to_storage failed: r->per_dir_config is the
		 * server's (verified on 2.4.71: a <Directory>'s
		 * ErrorDocument 500 on the way is not used). */
		r->ed_phase = ED_SERVER;
		out->outcome = PF_SIM_OTHER;
		out->status = 500;
		out->status_node = ac.ht_refused;
		return 0;
	}
	if (ac.link_refused != NULL) {
		/* the same, 403 (AH00037) */
		r->ed_phase = ED_SERVER;
		out->outcome = PF_SIM_OTHER;
		out->status = 403;
		out->status_node = ac.link_node;
		out->refused_link = ac.link_refused;
		return 0;
	}
	out->authz = final_authz(&ac, &an);
	out->authz_node = an;
	authz_parts(r->s, &ac, out);
	if (!access_skip(r, &ac, out) && authz_orphan(&ac)) {
		out->outcome = PF_SIM_OTHER;
		out->status = 500;
		out->status_node = ac.auth_type_node;
		return 0;
	}
	an = out->authz_node;
	out->authn = authn_of(r->s, &ac);
	out->fs_authz = out->authz;
	out->fs_authz_node = an;
	/* Per-directory mod_rewrite (fixups). */
	if (perdir_rewrite(r, &ac, filename, pinfo, is_dir, &rr, &nu)) {
		pathinfo_env(r, &ac);
		/* A relative result behind a directory that is no path (an
		 * <If>'s "*If", a <LocationMatch>'s regex) is no absolute
		 * path: hook_fixup answers 400, and the fixups after it
		 * (mod_dir's slash redirect) do not run (verified on 2.4.71:
		 * /sub under an <If>'s front controller, 400; sim_random.py
		 * seed 61). */
		if (rr == RW_LOCAL && nu != NULL &&
		    out->authz != PF_AUTHZ_DENIED && nu[0] != '/' &&
		    ac.rw_dir[0] != '/') {
			out->outcome = PF_SIM_OTHER;
			out->status = 400;
			return 0;
		}
		/* mod_rewrite's fixup runs first, mod_dir's last: on a
		 * directory mod_dir still redirects a URL without its slash,
		 * steps aside for an internal redirect and looks up its
		 * index names for [P] (handler proxy-server). */
		if (is_dir && !r->s->no_mod_dir &&
		    out->authz != PF_AUTHZ_DENIED &&
		    (rr == RW_PROXY || (rr == RW_LOCAL && nu != NULL)) &&
		    mod_dir(r, &ac, rr == RW_LOCAL, NULL))
			return 0;
		if (rr == RW_PROXY) {
			if (!r->redirected)
				r->lookup_proxied = 1;
			out->route = r->proxy_node;
			out->route_section = ac.rw_scope;
			out->via = PF_ROUTE_REWRITE_PROXY;
			out->handler = r->proxy_url;
			if (out->authz == PF_AUTHZ_DENIED) {
				out->outcome = PF_SIM_DENIED;
				return 0;
			}
			if (proxied_url_400(r->proxy_url, 1)) {
				out->outcome = PF_SIM_OTHER;
				out->status = 400;
				return 0;
			}
			if (url_canon_refused(r)) {
				out->outcome = PF_SIM_DENIED;
				out->status_node = r->proxy_node;
				out->canon_refused = 1;
				return 0;
			}
			if (proxy_backend(r, &out->backend) < 0) {
				out->outcome = PF_SIM_OTHER;
				return 0;
			}
			out->outcome = PF_SIM_FPM;
			sim_fpm(r, out, NULL, r->proxy_url, NULL, NULL);
			return 0;
		}
		if (rr == RW_FORBIDDEN || rr == RW_GONE || rr == RW_STATUS ||
		    rr == RW_REDIRECT) {
			/* The access checks run before the fixups: a request
			 * they refuse never meets the rule's [G] or [R]
			 * (verified on 2.4.71: a missing /sub/nope.php under
			 * <Location /sub/> Require all denied and a
			 * <FilesMatch> rule nope\.php$ - [G] is 403, not 410;
			 * sim_random.py seeds 79 and 81). */
			if (out->authz == PF_AUTHZ_DENIED) {
				r->rw_sym = 0;
				out->outcome = PF_SIM_DENIED;
				return 0;
			}
			rw_answer(r, rr);
			return 0;
		}
		if (rr == RW_LOCAL && nu != NULL) {
			/* An internal redirect to the new URL (relative to
			 * the directory's URL). */
			const char *nurl;
			int moved;

			if (out->authz == PF_AUTHZ_DENIED) {
				out->outcome = PF_SIM_DENIED;
				return 0;
			}
			nurl = perdir_url(r, &ac, nu);
			/* hook_fixup's deadloop check compares file names,
			 * not URLs: the new r->filename against the one the
			 * walk found (without the path info).  A rule that
			 * sends /wordpress/index.php, with no wordpress/
			 * folder, to /wordpress/index.php again redirects
			 * (the walk's file name was .../wordpress) and
			 * loops (verified on 2.4.71: 500). */
			moved = strcmp(perdir_file(r, &ac, nu), filename) != 0;
			if (moved && r->forced_handler != NULL) {
				/* A RewriteRule's [H=] is applied last of all
				 * fixups (hook_mimetype, APR_HOOK_LAST): it
				 * replaces the redirect-handler, so no internal
				 * redirect happens and the handler gets the file
				 * "redirect:URL" (verified on 2.4.71: a
				 * server-level - [H=proxy:...] under
				 * WordPress's .htaccess: FPM's 404 for a missing
				 * .php, not the front controller). */
				filename = pf_printf(a, "redirect:%s", nurl);
				is_dir = 0;
				out->filename = filename;
				/* (r->path_info stays: FPM gets it, and
				 * PATH_TRANSLATED its lookup; verified on
				 * 2.4.71: /sub/x.php/ rewritten by a
				 * <FilesMatch> rule under [H=proxy:unix:...]
				 * sends PATH_TRANSLATED DOCROOT/, and with
				 * cgi.fix_pathinfo=0 and DirectoryIndex
				 * index.php FPM runs index.php; sim_random.py
				 * seed 75) */
				/* mod_proxy appends that to the handler: over
				 * TCP the host becomes "HOST:PORTredirect:",
				 * which no resolver knows (AH00898, 500); a
				 * unix: socket's host is not looked up, and
				 * FPM gets "/index.php".  A lookup runs no
				 * handler, but r->finfo still holds the file
				 * it mapped to: when that is a regular one
				 * mod_dir takes the lookup, and its handler
				 * answers the request (verified on 2.4.71:
				 * /sub/ whose index.php a <FilesMatch> rule
				 * rewrites, under [H=proxy:fcgi://...]: 500;
				 * sim_random.py seed 62). */
				if (strncasecmp(r->forced_handler,
				    "proxy:", 6) == 0 &&
				    strncasecmp(r->forced_handler +
				    6, "unix:", 5) != 0) {
					if (r->sub)
						r->handler_500 = 1;
					else {
						out->outcome = PF_SIM_OTHER;
						out->status = 500;
						return 0;
					}
				}
			} else if (moved && per_dir_redirect(r, &ac)) {
				/* mod_alias's fixup runs after mod_rewrite's
				 * (which only set the redirect-handler): its
				 * Redirect ends the request first (verified on
				 * 2.4.71: HumHub's "RedirectMatch 403 ^/?\."
				 * over its front controller, /.dot/ 403). */
				return 0;
			} else if (moved && above_root(nurl)) {
				/* The internal redirect's URL is normalized as a
				 * client's (ap_process_request_internal: AH10244
				 * "invalid URI path", 400): Magento's media
				 * .htaccess "RewriteRule .* ../get.php" one
				 * level higher than it is written for (verified
				 * on 2.4.71). */
				out->outcome = PF_SIM_OTHER;
				out->status = 400;
				return 0;
			} else if (moved && r->depth >= 4) {
				/* Rules that send each new URL on again (no
				 * .htaccess of its own stops them: CakePHP's
				 * "(.*) public/$1" without public/.htaccess)
				 * loop to LimitInternalRecursion's 10 (AH00124,
				 * 500; verified on 2.4.71).  The simulator
				 * follows 4: a fifth is taken for a loop. */
				out->outcome = PF_SIM_OTHER;
				out->status = 500;
				return 0;
			} else if (moved) {
				char *nu2 = pf_strdup(SA(r->s), nurl);

				/* ... and its dot segments taken out: Magento's
				 * pub/media "RewriteRule .* ../get.php" runs
				 * /get.php, with the folder's own settings no
				 * longer in the way (verified on 2.4.71:
				 * sim_oracle.sh, scenario rewrite-dotdot). */
				merge_dots(nu2);
				r->uri = nu2;
				r->depth++;
				out->redirects++;
				/* ap_internal_redirect(): r->prev is set. */
				r->redirected = 1;
				return sim_one(r);
			}
		}
	}
	if (out->authz == PF_AUTHZ_DENIED) {
		out->outcome = PF_SIM_DENIED;
		return 0;
	}
	if (per_dir_redirect(r, &ac))
		return 0;
	if (is_dir && !r->s->no_mod_dir && mod_dir(r, &ac, 0, NULL))
		return 0;
	h = handler_of(r, &ac, filename, is_dir, &via, &hnode);
	out->handler_off = h == NULL || strcasecmp(h, "default-handler") ==
	    0 ? ac.handler_off : NULL;
	/* r->handler at fixups, what FallbackResource asks about: any name
	 * set, whether or not a module takes it, but not a type standing
	 * in for one (verified on 2.4.71: a missing .php under a
	 * SetHandler application/x-httpd-php, no mod_php, is a 404, not the
	 * fallback). */
	has_handler = h != NULL && !(hnode != NULL && hnode->name != NULL &&
	    strcasecmp(hnode->name, "AddType") == 0);
	if (h != NULL && via == PF_ROUTE_ACTION) {
		/* The action URL is requested with the original as PATH_INFO:
		 * whatever serves it serves the script. */
		struct pf_sim_verdict sub;
		struct sreq r2 = *r;

		memset(&sub, 0, sizeof(sub));
		r2.out = &sub;
		r2.uri = pf_printf(a, "%s%s", h, r->uri);
		r2.depth = r->depth + 1;
		r2.sub = 0;	/* ap_internal_redirect_handler() */
		if (r2.depth < 5)
			sim_one(&r2);
		out->via = PF_ROUTE_ACTION;
		out->route = hnode;
		out->handler = h;
		if (sub.outcome == PF_SIM_FPM) {
			out->outcome = PF_SIM_FPM;
			out->backend = sub.backend;
			out->pool = sub.pool;
			out->fpm = PF_FPM_EXEC;
			out->executed = filename;
			out->script_filename = sub.script_filename;
			out->path_translated = filename;
			out->fix_pathinfo = sub.fix_pathinfo;
			out->limit_ext = sub.limit_ext;
			if (!sim_is_file(r, filename))
				out->fpm = PF_FPM_NOT_FOUND;
		} else if (sub.outcome == PF_SIM_NO_ANSWER) {
			out->outcome = PF_SIM_NO_ANSWER;
			out->status_node = sub.status_node;
			out->backend = sub.backend;
			out->pool = sub.pool;
		} else
			out->outcome = PF_SIM_OTHER;
		return 0;
	}
	if (h != NULL && strncasecmp(h, "proxy:", 6) == 0) {
		const char *sch, *mod;
		int pc = proxy_canon(r, h, &sch, &mod);

		if (pc == 400) {
			out->via = via;
			out->route = hnode;
			out->handler = h;
			out->outcome = PF_SIM_OTHER;
			out->status = 400;
			return 0;
		}
		if (pc != 0) {
			/* declined: on to the default handler below */
			h = declined(out, via, hnode, &ac, h,
			    (enum pf_sim_decline)pc, sch, mod);
		}
	}
	/* A handler naming a FastCGI URL but not starting with the
	 * "proxy:" mod_proxy looks for: typographic quotes pasted from a
	 * web page (Apache's quotes are ASCII: the curly quotes are part
	 * of the name, U+201C proxy:unix:...|fcgi://localhost U+201D), or
	 * "proxy:" left out ("unix:/run/x.sock|fcgi://localhost",
	 * "fcgi://127.0.0.1:9000").
	 * No module takes it and the default handler sends the file
	 * (2.4.71: /index.php came back 200 with its source,
	 * tests/rules/source_oracle.sh). */
	if (h != NULL && strncasecmp(h, "proxy:", 6) != 0 &&
	    (strcasestr(h, "proxy:") != NULL || strcasestr(h, "fcgi://") !=
	    NULL || strncasecmp(h, "unix:", 5) == 0)) {
		h = declined(out, via, hnode, &ac, h, PF_DECLINE_NOT_PROXY,
		    "", NULL);
	}
	if (h != NULL && (is_fcgi_handler(h) || (strncasecmp(h,
	    "proxy:balancer://", 17) == 0 && node_backend(r, hnode, h,
	    &out->backend) == 0))) {
		out->via = via;
		out->route = hnode;
		out->route_section = via == PF_ROUTE_SETHANDLER ?
		    ac.handler_sec : NULL;
		out->file_check = via == PF_ROUTE_SETHANDLER &&
		    ac.handler_fcheck;
		if (via == PF_ROUTE_SETHANDLER && ac.handler_cond)
			out->conditional = 1;
		out->handler = h;
		(void)node_backend(r, hnode, h, &out->backend);
		if (is_fcgi_handler(h) && fcgi_path_refused(h, filename,
		    ac.fcgi_generic)) {
			out->outcome = PF_SIM_DENIED;
			out->status_node = hnode;
			out->canon_refused = 1;
			return 0;
		}
		/* AcceptPathInfo is the default handler's business:
		 * mod_proxy_fcgi passes PATH_INFO on whatever it says
		 * (verified on 2.4.71 by the selftest differential). */
		out->outcome = PF_SIM_FPM;
		/* A handler route canonicalises in the handler, after
		 * the fixups (SetEnv counts); in a sub-request after the
		 * fast redirect, with the env the sub-request's laid over
		 * the parent's (what the lookup unset shows the parent's
		 * value again). */
		r->pathinfo_env = r->late_env;
		r->pathinfo_cond = r->late_cond;
		if (r->sub && r->pathinfo_env == NULL) {
			r->pathinfo_env = r->inh_env;
			r->pathinfo_cond = r->inh_cond;
		}
		sim_fpm(r, out, h, NULL, filename, pinfo);
		return 0;
	}
	/* mod_php's handler names (and the "phpN-script" of old distro
	 * configurations) with no PHP module loaded: nothing takes them,
	 * the default handler sends the file (2.4.71: AddHandler
	 * application/x-httpd-php .php and SetHandler php-script without
	 * mod_php answered /index.php with its source). */
	if (h != NULL && php_handler_name(h) && !php_module_loaded(r->s)) {
		h = declined(out, via, hnode, &ac, h, PF_DECLINE_NO_MODULE,
		    "", "php_module");
	}
	/* A name no loaded module takes (mod_fcgid's "fcgid-script"
	 * without mod_fcgid, suPHP's "x-httpd-php" without suPHP, cPanel's
	 * "application/x-httpd-ea-php74" moved to another server, a type
	 * from AddType that no module serves): the default handler sends
	 * the file (2.4.71: /index.php came back 200 with its source for
	 * each, tests/rules/source_oracle.sh). */
	if (h != NULL && strcasecmp(h, "default-handler") != 0 &&
	    strncasecmp(h, "text/", 5) != 0 && strncasecmp(h, "proxy:", 6) != 0
	    && handler_untaken(r->s, h, &hmod)) {
		sim_taint_if(r->s, h);
		h = declined(out, via, hnode, &ac, h, PF_DECLINE_NO_TAKER,
		    "", hmod);
	}
	if (h != NULL && mod_php_runs(r->s, h)) {
		/* sapi/apache2handler's php_handler, in its order: path info
		 * under AcceptPathInfo Off is a 404; with the engine off
		 * where the file is it declines and the default handler
		 * sends the file; a missing file is a 404, a directory a
		 * 403; else PHP runs the file in Apache's process. */
		out->via = via;
		out->route = hnode;
		out->route_section = via == PF_ROUTE_SETHANDLER ?
		    ac.handler_sec : NULL;
		out->handler = h;
		if (via == PF_ROUTE_SETHANDLER && ac.handler_cond)
			out->conditional = 1;
		if (pinfo != NULL && *pinfo != '\0' &&
		    ac.accept_pathinfo == 0) {
			out->outcome = PF_SIM_NOT_FOUND;
			return 0;
		}
		if (ac.engine.on == 0) {
			h = declined(out, via, hnode, &ac, h,
			    PF_DECLINE_PHP_ENGINE, "", "php_module");
			out->status_node = ac.engine.node;
		} else {
			if (is_dir) {
				out->outcome = PF_SIM_OTHER;
				out->status = 403;
			} else if (!sim_is_file(r, filename))
				out->outcome = PF_SIM_NOT_FOUND;
			else {
				out->outcome = PF_SIM_OTHER;
				out->php_exec = 1;
			}
			return 0;
		}
	}
	if (h != NULL && strcasecmp(h, "default-handler") != 0 &&
	    strncasecmp(h, "text/", 5) != 0) {
		out->via = via;
		out->route = hnode;
		out->handler = h;
		out->outcome = opens_file(h) && !is_dir &&
		    !sim_is_file(r, filename) ? PF_SIM_NOT_FOUND :
		    PF_SIM_OTHER;
		return 0;
	}
	/*
	 * mod_dir's FallbackResource (fixups, after SetHandler): a request
	 * for a file that does not exist, with no handler, is redirected
	 * internally to the fallback, which is taken to exist (it is the
	 * application's front controller) unless the files on disk are
	 * known: fixup_dflt looks it up and redirects only when the lookup
	 * is a regular file or proxied at translate_name (handler
	 * proxy-server); a SetHandler proxy: on a missing fallback is not
	 * enough, and the request goes on to the default handler's 404.
	 */
	if (!has_handler && ac.fallback != NULL && !sim_is_file(r, filename) &&
	    !sim_is_dir(r, filename) && r->depth >= 5 && r->fs != NULL &&
	    r->fs->real) {
		/* A fallback that falls back again (a relative one below a
		 * missing folder, one that does not exist): each lookup nests
		 * until ap_sub_req_lookup_uri's limit, and the 500 it gives
		 * comes back up (AH00125; verified on 2.4.71: FallbackResource
		 * index.php, /media/x.php with no media/ is a 500). */
		out->outcome = PF_SIM_OTHER;
		out->status = 500;
		return 0;
	}
	if (!has_handler && ac.fallback != NULL && !sim_is_file(r, filename) &&
	    !sim_is_dir(r, filename) && r->depth < 5) {
		const struct pf_node *va = NULL;
		const char *fb = ac.fallback[0] == '/' ? ac.fallback :
		    pf_printf(a, "%.*s%s", (int)(strrchr(r->uri, '/') - r->uri +
		    1), r->uri, ac.fallback);

		fb = pf_strndup(a, fb, strcspn(fb, "?"));
		if (r->fs != NULL && r->fs->real) {
			/* fixup_dflt's lookup, its own fixups included: a
			 * redirect or an error other than 404 is the answer;
			 * else it is taken when it is a regular file or was
			 * proxied (handler proxy-server), and otherwise the
			 * default handler's 404 follows. */
			struct sreq r2;
			struct pf_sim_verdict sub;
			int st;

			subreq(r, &r2, &sub, fb);
			sub.document_root = r->docroot;
			sim_one(&r2);
			st = lookup_status(&r2, &sub);
			if (r2.redirect || (st != 200 && st != 404)) {
				int redirects = out->redirects;

				*out = sub;
				out->redirects += redirects;
				return 0;
			}
			if (!r2.lookup_proxied && !r2.mapped_reg) {
				out->outcome = PF_SIM_NOT_FOUND;
				return 0;
			}
		}
		/* (with the files on disk known, the lookup said whether
		 * it is there) */
		if (r->fs == NULL || !r->fs->real)
			r->extra_file = uri_to_path(r, fb, &va);
		/* A sub-request: the env is the parent's (pathinfo_env);
		 * its own pool knows no [END]. */
		r->sub = 1;
		r->rw_end = 0;
		r->inh_env = r->late_env;
		r->inh_cond = r->late_cond;
		/* A lookup that falls back is fast-redirected to it. */
		r->mapped_reg = 1;
		r->uri = fb;
		r->depth++;
		out->redirects++;
		return sim_one(r);
	}
	/*
	 * mod_autoindex (handle_autoindex) takes a directory whose handler
	 * is its content type httpd/unix-directory (no handler, "none") or
	 * default-handler, once mod_dir found no index: a listing (200)
	 * with Options Indexes in effect, else 403 (AH01276 "Cannot serve
	 * directory ...: No matching DirectoryIndex ... found, and
	 * server-generated directory index forbidden by Options
	 * directive").  A declined "proxy:" handler stays r->handler: it
	 * declines, and the default handler answers 404 for a directory
	 * (as without the module).  Verified on 2.4.71: /dir/ 403 under
	 * Options -Indexes, /idx/ 200 "Index of /idx" under +Indexes.
	 */
	if (is_dir && out->declined == PF_DECLINE_NONE && (h == NULL ||
	    strcasecmp(h, "default-handler") == 0) &&
	    sim_has_module(r->s, "autoindex_module")) {
		out->outcome = PF_SIM_OTHER;
		out->handler = PF_SIM_DIR_HANDLER;
		out->status = ac.idx & OPT_INDEXES ? 200 : 403;
		/* (a listing: the line that turned Indexes on; a 403: the
		 * last Options line, which left it off) */
		out->status_node = ac.idx & OPT_INDEXES ? ac.idx_src :
		    ac.idx_node;
		out->index_hides_all = ac.idx_hide_all;
		if (ac.idx_cond)
			out->conditional = 1;
		return 0;
	}
	/* The default handler: a file without path info is served. */
	if (!sim_is_file(r, filename) || (pinfo != NULL &&
	    ac.accept_pathinfo != 1))
		out->outcome = PF_SIM_NOT_FOUND;
	else
		out->outcome = PF_SIM_STATIC;
	return 0;
}

/* ---- ErrorDocument (ap_die) ------------------------------------------ */

/* The status ap_die() gets for a verdict, or 0: the request was served
 * (FPM's own 404 and 403 are responses, not errors). */
static int
die_status(const struct pf_sim_verdict *v)
{
	switch (v->outcome) {
	case PF_SIM_NOT_FOUND:
		return 404;
	case PF_SIM_DENIED:
		return v->client_status != 0 ? v->client_status : 403;
	case PF_SIM_OTHER:
		return v->status >= 300 ? v->status : 0;
	case PF_SIM_FPM:
		return v->fpm == PF_FPM_NO_BACKEND ? 503 : 0;
	case PF_SIM_STATIC:
	case PF_SIM_NO_ANSWER:	/* nothing answers */
		break;
	}
	return 0;
}

/* The last ErrorDocument for st in a list (core.c set_error_document():
 * a full URL for 401 is ignored; merged per status, the later wins). */
static const struct pf_node *
errdoc_in(const struct pf_node *const *v, size_t n, int st)
{
	while (n-- > 0) {
		const struct pf_node *c = v[n];

		if (atoi(c->argv[0]) != st)
			continue;
		if (st == 401 && strchr(c->argv[1], ' ') == NULL &&
		    c->argv[1][0] != '/' && pf_httpd_is_url(c->argv[1]))
			continue;
		return c;
	}
	return NULL;
}

/* The ErrorDocument for st in the configuration r's error would be
 * answered from (sreq.ed_phase). */
static const struct pf_node *
errdoc_for(struct sreq *r, int st, int *cond)
{
	const struct pf_node *sc[2], *c, *best = NULL;
	struct acc ac;
	const char *uri;
	int ck, i, n;

	*cond = 0;
	switch (r->ed_phase) {
	case ED_FULL:
		*cond = r->ed_cond;
		return errdoc_in(r->ed, r->ned, st);
	case ED_SERVER:
		/* The main server's lines merged under the vhost's. */
		n = scopes(r->s, r->v, sc);
		for (i = 0; i < n; i++)
			EACH_V(c, ck, sc[i], KV_PLAIN)
				if (ck == SK_ERRORDOCUMENT && c->argc > 1 &&
				    errdoc_in(&c, 1, st) != NULL)
					best = c;
		return best;
	default:
		/* translate_name's errors: walk_location_and_if() merged
		 * <Location> and <If> for the URL it was given. */
		uri = r->uri;
		r->uri = r->orig_uri != NULL ? r->orig_uri : r->uri;
		merge_all(r, &ac, NULL, NULL, 1, 0);
		r->uri = uri;
		*cond = ac.errdoc_cond;
		return errdoc_in(ac.errdocs.v, ac.errdocs.n, st);
	}
}

/*
 * mod_proxy_fcgi with ProxyErrorOverride: an error status from the
 * backend to an initial request is returned to ap_die() instead of sent
 * (ap_proxy_should_override(): On, or On with codes, which the merge
 * appends from every level; On alone means every 4xx and 5xx).  Returns
 * the line that decides, or NULL.
 */
static const struct pf_node *
override_for(const struct sreq *r, int st)
{
	const struct pf_node *last = NULL, *sec = NULL, *slast = NULL;
	size_t i;
	int j, on = 0, son = 0, sset = 0, any = 0, hit = 0;

	/* (mod_proxy's merge: the flag of the last section that sets it,
	 * which its words, in order over its lines, leave; the codes of
	 * every section; verified on 2.4.71: "On" then a line "404"
	 * intercepts 404 only, "On 404 Off" nothing, a <Location />'s
	 * bare "On" only the vhost's "On 403" code) */
	for (i = 0; i <= r->neo; i++) {
		const struct pf_node *c = i < r->neo ? r->eo[i] : NULL;

		if (c == NULL || c->parent != sec) {
			if (sset) {
				on = son;
				last = slast;
			}
			if (c == NULL)
				break;
			sec = c->parent;
			son = sset = 0;
			slast = NULL;
		}
		for (j = 0; j < c->argc; j++) {
			const char *w = c->argv[j];

			if (strcasecmp(w, "on") == 0) {
				son = sset = 1;
				slast = c;
			} else if (strcasecmp(w, "off") == 0) {
				son = 0;
				sset = 1;
			} else {
				any = 1;
				if (atoi(w) == st)
					hit = 1;
			}
		}
	}
	if (!on || last == NULL || r->redirected || (any && !hit))
		return NULL;
	return last;
}

/*
 * ap_die() for the error r ended with: the ErrorDocument of its status
 * in the per-directory configuration of the point of failure.  A local
 * URL is ap_internal_redirect() as a GET: a new request (not a lookup:
 * SetEnvIf runs again, the env renamed REDIRECT_*) whose status is the
 * error's, so an error in it is answered with Apache's page of the first
 * error and a note (ap_die_r's recursive_error), and what it serves is
 * sent with the first error's status (verified on 2.4.71 with PHP: a
 * script run as ErrorDocument 404 answers 404).
 */
/*
 * The document ed names for status st of r's request (out its verdict):
 * its kind in out (text, a full URL, an expression), or 1 with the
 * document's request in r2 and its verdict in *evp for a local URL.
 */
static int
errdoc_doc(struct sreq *r, struct pf_sim_verdict *out,
    const struct pf_node *ed, int st, struct sreq *r2,
    struct pf_sim_verdict **evp)
{
	struct pf_sim *s = r->s;
	struct pf_sim_verdict *ev;
	const char *val = ed->argv[1];

	sim_taint_if(s, val);
	out->errdoc_node = ed;
	out->errdoc_status = st;
	if (strchr(val, ' ') != NULL || (val[0] != '/' &&
	    !pf_httpd_is_url(val))) {
		out->errdoc = PF_ERRDOC_TEXT;
		return 0;
	}
	if (val[0] != '/') {
		out->errdoc = PF_ERRDOC_EXTERNAL;
		out->errdoc_status = 302;
		return 0;
	}
	if (strstr(val, "%{") != NULL) {
		out->errdoc = PF_ERRDOC_EXPR;
		return 0;
	}
	ev = pf_alloc(SA(s), sizeof(*ev));
	memset(r2, 0, sizeof(*r2));
	r2->s = s;
	r2->v = r->v;
	r2->fs = r->fs;
	r2->docroot = r->docroot;
	r2->uri = pf_strndup(SA(s), val, strcspn(val, "?"));
	r2->out = ev;
	r2->depth = r->depth + 1;
	r2->prev_sig = r->sig;
	ev->document_root = r->docroot;
	sim_one(r2);
	out->errdoc_v = ev;
	*evp = ev;
	return 1;
}

static void
errdoc_apply(struct sreq *r)
{
	struct pf_sim *s = r->s;
	struct pf_sim_verdict *out = r->out, *ev = NULL;
	const struct pf_node *ed;
	struct sreq r2, r3;
	int st = die_status(out), cond, ist, hop;

	if (out->outcome == PF_SIM_FPM && (out->fpm == PF_FPM_NOT_FOUND ||
	    out->fpm == PF_FPM_DENIED) && r->neo > 0) {
		st = out->fpm == PF_FPM_NOT_FOUND ? 404 : 403;
		if ((out->intercepted = override_for(r, st)) == NULL)
			return;
		out->errdoc_status = st;
	}
	if (!s->any_errdoc || st == 0 || (ed = errdoc_for(r, st, &cond)) ==
	    NULL)
		return;
	sim_taint_if(s, ed->argv[1]);
	if (strcasecmp(ed->argv[1], "default") == 0)
		return;
	if (cond)
		out->conditional = 1;
	if (!errdoc_doc(r, out, ed, st, &r2, &ev))
		return;
	/*
	 * A RewriteRule's answer in the document's request sets r->status
	 * to 200 before it returns its status, so ap_die() sees no error
	 * within an error: it answers that status as a new one, with the
	 * document's request's own ErrorDocument for it, and so on up to
	 * LimitInternalRecursion (10), past which Apache's page of the
	 * error and a note is sent (verified on 2.4.71: ErrorDocument 404
	 * /index.php with [F] for index.php: 403; ErrorDocument 403
	 * /error.php with [F] for it: ten requests, then 403 with the note;
	 * a Require that refuses the document: 404 with the note;
	 * sim_random.py seeds 61 and 71).
	 */
	for (hop = 1; (ist = die_status(ev)) != 0 && ev->rw_status; hop++) {
		out->errdoc = PF_ERRDOC_LOCAL;
		out->errdoc_status = ist;
		if ((ed = errdoc_for(&r2, ist, &cond)) == NULL ||
		    strcasecmp(ed->argv[1], "default") == 0)
			return;
		if (cond)
			out->conditional = 1;
		if (hop >= 10) {
			out->errdoc = PF_ERRDOC_FAILED;
			return;
		}
		/* (each of them one redirect from r: the simulator's
		 * depth limit is for loops it follows itself) */
		if (!errdoc_doc(r, out, ed, ist, &r3, &ev))
			return;
		r2 = r3;
	}
	if (ist != 0) {
		out->errdoc = PF_ERRDOC_FAILED;
		return;
	}
	out->errdoc = PF_ERRDOC_LOCAL;
	if (ev->outcome == PF_SIM_FPM && ev->fpm == PF_FPM_NOT_FOUND)
		out->errdoc_status = 404;
	else if (ev->outcome == PF_SIM_FPM && ev->fpm == PF_FPM_DENIED)
		out->errdoc_status = 403;
}

int
pf_sim_request(struct pf_sim *s, const struct pf_vhost *v, const char *url,
    const struct pf_sim_fs *fs, struct pf_sim_verdict *out)
{
	cur_sim = s;
	if (v != NULL && v == s->memo_v && fs != NULL && !fs->real &&
	    s->m->apache != NULL && sim_memo_request(s, v, url, fs, out) == 0)
		return 0;
	return sim_request_real(s, v, url, fs, out);
}

/* A request's state for URI uri (the verdict cleared first). */
static void
sreq_init(struct sreq *r, struct pf_sim *s, const struct pf_vhost *v,
    const struct pf_sim_fs *fs, const char *uri, struct pf_sim_verdict *out)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->v = v;
	r->fs = fs;
	r->docroot = pf_sim_docroot(s, v);
	r->uri = uri;
	r->query = "";
	r->out = out;
	out->document_root = r->docroot;
}

int
sim_request_real(struct pf_sim *s, const struct pf_vhost *v, const char *url,
    const struct pf_sim_fs *fs, struct pf_sim_verdict *out)
{
	return pf_sim_request_in(s, v, NULL, url, fs, out);
}

int
pf_sim_request_in(struct pf_sim *s, const struct pf_vhost *v,
    const char *dir, const char *url, const struct pf_sim_fs *fs,
    struct pf_sim_verdict *out)
{
	struct sreq r;
	cur_sim = s;

	memset(out, 0, sizeof(*out));
	if (s->m->apache == NULL)
		return -1;
	sreq_init(&r, s, v, fs, pf_strndup(SA(s), url, strcspn(url, "?")),
	    out);
	/* A query the probe asks with (r_routing.c's twins) */
	if (strchr(url, '?') != NULL) {
		r.query = pf_strdup(SA(s), strchr(url, '?') + 1);
		r.qmark = 1;
	}
	if (dir != NULL) {
		r.docroot = dir;
		out->document_root = dir;
	}
	sim_one(&r);
	errdoc_apply(&r);
	return 0;
}

static int
hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/*
 * mod_rewrite's splitout_queryargs() on a substitution's query q (after
 * its '?'): [QSD] drops the request's first; [QSA] puts q in front of it
 * (q empty: the request's is kept), else q replaces it (empty: none);
 * a trailing '&' goes.  QUERY_STRING then reads it (corpus run D:
 * "RewriteCond %{QUERY_STRING} GLOBALS" filters of security plugins).
 */
static void
rw_query(struct sreq *r, const char *flags, const char *q)
{
	struct pf_arena *a = SA(r->s);
	char *n;
	size_t l;

	r->qmark = 0;
	if (rw_has_flag(flags, "QSD", NULL) ||
	    rw_has_flag(flags, "qsdiscard", NULL))
		r->query = "";
	if (rw_has_flag(flags, "QSA", NULL) ||
	    rw_has_flag(flags, "qsappend", NULL)) {
		if (*q == '\0')
			return;
		n = pf_printf(a, "%s&%s", q, r->query);
	} else
		n = pf_strdup(a, q);
	l = strlen(n);
	if (l > SIM_EXPAND_MAX)
		n[l = SIM_EXPAND_MAX] = '\0';
	if (l > 0 && n[l - 1] == '&')
		n[l - 1] = '\0';
	r->query = n;
}

/* The "." and ".." segments and repeated slashes of a path taken out in
 * place, as ap_normalize_path does (a ".." above the root stays at the
 * root: above_root() refused those first). */
static void
merge_dots(char *path)
{
	size_t l = 0, w = 0, n;

	while (path[l] != '\0') {
		if (path[l] != '/') {
			path[w++] = path[l++];
			continue;
		}
		while (path[l] == '/')
			l++;
		n = strcspn(path + l, "/");
		if (n == 1 && path[l] == '.') {
			l += n;
			if (path[l] == '\0')
				path[w++] = '/';
			continue;
		}
		if (n == 2 && path[l] == '.' && path[l + 1] == '.') {
			while (w > 0 && path[w - 1] != '/')
				w--;
			if (w > 0)
				w--;
			l += n;
			if (path[l] == '\0')
				path[w++] = '/';
			continue;
		}
		path[w++] = '/';
	}
	if (w == 0)
		path[w++] = '/';
	path[w] = '\0';
}

/* Whether a "/.." segment of path goes above the root (the check of
 * ap_normalize_path's AP_NORMALIZE_NOT_ABOVE_ROOT). */
static int
above_root(const char *path)
{
	size_t depth = 0, n;

	while (*path != '\0') {
		while (*path == '/')
			path++;
		n = strcspn(path, "/");
		if (n == 2 && path[0] == '.' && path[1] == '.') {
			if (depth == 0)
				return 1;
			depth--;
		} else if (n > 0 && !(n == 1 && path[0] == '.'))
			depth++;
		path += n;
	}
	return 0;
}

/* ap_normalize_path(NOT_ABOVE_ROOT | MERGE_SLASHES | DECODE_UNRESERVED)
 * in place: 0 for a bad escape or a path above the root (400). */
static int
normalize_path(char *path)
{
	size_t l = 1, w = 1, n;
	int ret = 1;

	if (path[0] != '/')
		return 0;
	while (path[l] != '\0') {
		if (path[l] == '%') {
			if (isxdigit((unsigned char)path[l + 1]) &&
			    isxdigit((unsigned char)path[l + 2])) {
				int c = hexval((unsigned char)path[l + 1]) * 16 +
				    hexval((unsigned char)path[l + 2]);

				if (c < 0x80 && (isalnum(c) || c == '-' ||
				    c == '.' || c == '_' || c == '~')) {
					l += 2;
					path[l] = (char)c;
				}
			} else
				ret = 0;
		}
		if (path[w - 1] == '/') {
			if (path[l] == '/') {
				do
					l++;
				while (path[l] == '/');
				continue;
			}
			if (path[l] == '.') {
				if (path[l + 1] == '/' || path[l + 1] == '\0') {
					l++;
					if (path[l] != '\0')
						l++;
					continue;
				}
				n = l + 1;
				if ((path[n] == '.' || (path[n] == '%' &&
				    path[++n] == '2' && (path[++n] == 'e' ||
				    path[n] == 'E'))) && (path[n + 1] == '/' ||
				    path[n + 1] == '\0')) {
					if (w > 1) {
						do
							w--;
						while (w > 0 && path[w - 1] != '/');
					} else
						ret = 0;
					l = n + 1;
					if (path[l] != '\0')
						l++;
					continue;
				}
			}
		}
		path[w++] = path[l++];
	}
	path[w] = '\0';
	return ret;
}

/* ap_unescape_url() with AllowEncodedSlashes Off: 0, or 404 for an
 * encoded '/' or NUL (400 was normalize_path()'s). */
static int
unescape_path(char *u)
{
	char *x = u, *y = u;
	int bad = 0;

	for (; *y != '\0'; x++, y++) {
		int c;

		if (*y != '%' || !isxdigit((unsigned char)y[1]) ||
		    !isxdigit((unsigned char)y[2])) {
			*x = *y;
			continue;
		}
		c = hexval((unsigned char)y[1]) * 16 + hexval((unsigned char)
		    y[2]);
		if (c == 0 || c == '/') {
			bad = 404;
			*x = *y;
			continue;
		}
		*x = (char)c;
		y += 2;
	}
	*x = '\0';
	return bad;
}

void
pf_sim_set_client(struct pf_sim *s, const char *ip)
{
	s->client = ip != NULL ? pf_strdup(s->run->arena, ip) : NULL;
}

int
pf_sim_request_raw(struct pf_sim *s, const struct pf_vhost *v,
    const char *raw, const struct pf_sim_fs *fs, struct pf_sim_verdict *out)
{
	struct pf_arena *a = SA(s);
	struct sreq r;
	char *norm, *dec;
	int st;
	cur_sim = s;

	memset(out, 0, sizeof(*out));
	if (s->m->apache == NULL)
		return -1;
	norm = pf_strndup(a, raw, strcspn(raw, "?"));
	if (!normalize_path(norm))
		return pf_sim_refused(s, v, 400, fs, out);
	dec = pf_strdup(a, norm);
	st = unescape_path(dec);
	sreq_init(&r, s, v, fs, dec, out);
	if (strchr(raw, '?') != NULL) {
		r.query = pf_strdup(a, strchr(raw, '?') + 1);
		r.qmark = 1;
	}
	r.raw = pf_strndup(a, raw, strcspn(raw, "?"));
	r.enc_uri = norm;
	r.bad_status = st;
	sim_one(&r);
	errdoc_apply(&r);
	return 0;
}

int
pf_sim_links_may_refuse(const struct pf_sim *s)
{
	return s->sym_strict;
}

int
pf_sim_indexes_may(const struct pf_sim *s)
{
	return s->any_indexes && sim_has_module(s, "autoindex_module");
}

size_t
pf_sim_index_names(const struct pf_sim *s, const char *const **out)
{
	*out = (const char *const *)s->index;
	return s->nindex;
}

const char *
pf_sim_link_refused(struct pf_sim *s, const struct pf_vhost *v,
    const char *dir, const struct pf_node **node, int *owner)
{
	struct pf_sim_verdict out;
	struct sreq r;
	struct acc ac;
	cur_sim = s;

	*node = NULL;
	if (s->m->apache == NULL || !sim_strict_near(s, dir))
		return NULL;
	/* Only a link on the way is refused: most paths have none, and
	 * one system call tells (the walk to 10,000 DocumentRoots merged
	 * their sections for 25 ms). */
	if (sim_resolves_plain(s, dir) == 1)
		return NULL;
	sreq_init(&r, s, v, NULL, "/", &out);
	merge_all(&r, &ac, dir, NULL, 0, 1);
	*node = ac.link_node;
	if (owner != NULL)
		*owner = ac.link_owner;
	return ac.link_refused;
}

int
pf_sim_refused(struct pf_sim *s, const struct pf_vhost *v, int status,
    const struct pf_sim_fs *fs, struct pf_sim_verdict *out)
{
	struct sreq r;
	cur_sim = s;

	memset(out, 0, sizeof(*out));
	if (s->m->apache == NULL)
		return -1;
	sreq_init(&r, s, v, fs, "/", out);
	out->outcome = status == 404 ? PF_SIM_NOT_FOUND : status == 403 ?
	    PF_SIM_DENIED : PF_SIM_OTHER;
	out->status = out->outcome == PF_SIM_OTHER ? status : 0;
	/* ap_process_request_internal() put the server's configuration
	 * back after the walk before translate_name. */
	r.ed_phase = ED_SERVER;
	errdoc_apply(&r);
	return 0;
}

unsigned
pf_sim_allow_override(struct pf_sim *s, const struct pf_vhost *v,
    const char *dir, const struct pf_node **node)
{
	int ck, dk;
	const struct pf_node *sc[2], *c, *d;
	PF_VEC(struct secref) dirs = { 0 };
	unsigned ovr = 0;
	size_t i, order = 0;
	int k, n, re;
	cur_sim = s;

	*node = NULL;
	n = scopes(s, v, sc);
	for (k = 0; k < n; k++)
		EACH(c, ck, sc[k]) {
			struct secref x;

			if (ck != SK_DIRECTORY || !dir_matches(c, dir, &re,
			    &x.depth) || re)
				continue;
			x.n = c;
			x.order = order++;
			x.dirpath = NULL;
			PF_PUSH(SA(s), dirs, x);
		}
	if (dirs.n > 1)
		qsort(dirs.v, dirs.n, sizeof(*dirs.v), cmp_secref);
	for (i = 0; i < dirs.n; i++)
		EACH(d, dk, dirs.v[i].n) {
			if (dk == SK_ALLOWOVERRIDE) {
				int j;

				ovr = 0;
				*node = d;
				for (j = 0; j < d->argc; j++) {
					const char *w = d->argv[j];

					if (strcasecmp(w, "All") == 0)
						ovr |= PF_OVR_ALL;
					else if (strcasecmp(w, "None") == 0)
						ovr = 0;
					else if (strncasecmp(w, "AuthConfig",
					    10) == 0)
						ovr |= PF_OVR_AUTHCONFIG;
					else if (strncasecmp(w, "FileInfo",
					    8) == 0)
						ovr |= PF_OVR_FILEINFO;
					else if (strncasecmp(w, "Indexes",
					    7) == 0)
						ovr |= PF_OVR_INDEXES;
					else if (strncasecmp(w, "Limit", 5) == 0)
						ovr |= PF_OVR_LIMIT;
					else if (strncasecmp(w, "Options",
					    7) == 0)
						ovr |= PF_OVR_OPTIONS;
				}
			} else if (dk == SK_ALLOWOVERRIDELIST) {
				int j, any = 0;

				for (j = 0; j < d->argc; j++)
					if (strcasecmp(d->argv[j], "None") != 0)
						any = 1;
				if (any) {
					ovr |= PF_OVR_LIST;
					*node = d;
				} else
					ovr &= ~(unsigned)PF_OVR_LIST;
			}
		}
	return ovr;
}
