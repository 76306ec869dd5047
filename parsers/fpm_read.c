/*
 * fpm_read.c - loading php-fpm.conf as php-fpm 8.2 does
 * (fpm_conf_load_ini_file, fpm_conf_ini_parser*): each line is handed to
 * the INI parser on its own (so nothing spans lines and a syntax error has
 * no file name in php-fpm's message), "[global]" or a pool section selects
 * where entries go, pools are found again by case-insensitive name, and
 * include= globs are resolved against the prefix (-p, else PHP_PREFIX),
 * never the including file's directory, and read in the current section
 * state, which leaks back out of the included files.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "model/model.h"
#include "parsers/conf_read.h"
#include "parsers/fpm.h"
#include "parsers/fpm_int.h"
#include "parsers/prefetch.h"

static struct pf_diag *
vdiag(struct fpm_ctx *c, enum pf_severity sev, const char *id,
    struct pf_loc loc, const char *fmt, va_list ap)
{
	if (sev == PF_SEV_ERROR)
		c->conf->refused = 1;
	return pf_diag_vadd(c->run, sev, id, loc, fmt, ap);
}

struct pf_diag *
fpm_error(struct fpm_ctx *c, const char *id, struct pf_loc loc,
    const char *fmt, ...)
{
	va_list ap;
	struct pf_diag *d;

	va_start(ap, fmt);
	d = vdiag(c, PF_SEV_ERROR, id, loc, fmt, ap);
	va_end(ap);
	return d;
}

struct pf_diag *
fpm_warn(struct fpm_ctx *c, const char *id, struct pf_loc loc,
    const char *fmt, ...)
{
	va_list ap;
	struct pf_diag *d;

	va_start(ap, fmt);
	d = vdiag(c, PF_SEV_WARNING, id, loc, fmt, ap);
	va_end(ap);
	return d;
}

struct pf_diag *
fpm_note(struct fpm_ctx *c, const char *id, struct pf_loc loc,
    const char *fmt, ...)
{
	va_list ap;
	struct pf_diag *d;

	va_start(ap, fmt);
	d = vdiag(c, PF_SEV_NOTE, id, loc, fmt, ap);
	va_end(ap);
	return d;
}

/*
 * Is PATH a directory on the target?  Thousands of pools name the same
 * few directories (chdir, log dirs), so answers are cached per run.
 */
struct dircache {
	const char	*path;
	int		 isdir;
	struct dircache	*next;
};

int
fpm_is_dir(struct fpm_ctx *c, const char *path)
{
	struct stat st;
	struct dircache *d;
	size_t h = 5381;
	const char *s;

	if (c->dirs == NULL)
		c->dirs = pf_alloc(c->run->arena, FPM_DIRCACHE *
		    sizeof(*c->dirs));
	for (s = path; *s; s++)
		h = h * 33 + (unsigned char)*s;
	h &= FPM_DIRCACHE - 1;
	for (d = c->dirs[h]; d != NULL; d = d->next)
		if (strcmp(d->path, path) == 0)
			return d->isdir;
	d = pf_alloc(c->run->arena, sizeof(*d));
	d->path = pf_strdup(c->run->arena, path);
	d->isdir = stat(pf_host_path(c->run, path), &st) == 0 &&
	    S_ISDIR(st.st_mode);
	d->next = c->dirs[h];
	c->dirs[h] = d;
	return d->isdir;
}

/* ---- pools by case-insensitive name ---- */

struct pool_slot {
	size_t		 hash;
	struct pf_pool	*pool;
};

static size_t
name_hash(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)(*s | 0x20);
	return h;
}

static struct pf_pool *
pool_find(struct fpm_ctx *c, const char *name, size_t h)
{
	size_t i;

	if (c->tabcap == 0)
		return NULL;
	for (i = h & (c->tabcap - 1); c->tab[i].pool != NULL;
	    i = (i + 1) & (c->tabcap - 1))
		if (c->tab[i].hash == h &&
		    strcasecmp(c->tab[i].pool->name, name) == 0)
			return c->tab[i].pool;
	return NULL;
}

static void
pool_index(struct fpm_ctx *c, struct pf_pool *p)
{
	size_t i, h = name_hash(p->name);

	if ((c->tabn + 1) * 2 > c->tabcap) {
		size_t nc = c->tabcap ? c->tabcap * 2 : 64, k;
		struct pool_slot *nt = pf_alloc(c->run->arena, nc *
		    sizeof(*nt));

		for (k = 0; k < c->tabcap; k++) {
			if (c->tab[k].pool == NULL)
				continue;
			for (i = c->tab[k].hash & (nc - 1); nt[i].pool != NULL;
			    i = (i + 1) & (nc - 1))
				;
			nt[i] = c->tab[k];
		}
		c->tab = nt;
		c->tabcap = nc;
	}
	for (i = h & (c->tabcap - 1); c->tab[i].pool != NULL;
	    i = (i + 1) & (c->tabcap - 1))
		;
	c->tab[i].hash = h;
	c->tab[i].pool = p;
	c->tabn++;
}

struct intern_slot {
	size_t		 hash;
	size_t		 len;
	const char	*s;
};

/* A hash of N bytes, eight at a time (keys are short: one or two words). */
static size_t
bytes_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	size_t k;

	for (k = 0; k + 8 <= n; k += 8) {
		memcpy(&w, s + k, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (w = 0; k < n; k++)
		w = w << 8 | (unsigned char)s[k];
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return (size_t)(h ^ (h >> 29));
}

const char *
fpm_intern(struct fpm_ctx *c, const char *s, size_t n)
{
	size_t h = bytes_hash(s, n), i, k;
	char *copy;

	if ((c->itabn + 1) * 2 > c->itabcap) {
		size_t nc = c->itabcap ? c->itabcap * 2 : 256;
		struct intern_slot *nt = pf_alloc(c->run->arena, nc *
		    sizeof(*nt));

		for (k = 0; k < c->itabcap; k++) {
			if (c->itab[k].s == NULL)
				continue;
			for (i = c->itab[k].hash & (nc - 1); nt[i].s != NULL;
			    i = (i + 1) & (nc - 1))
				;
			nt[i] = c->itab[k];
		}
		c->itab = nt;
		c->itabcap = nc;
	}
	for (i = h & (c->itabcap - 1); c->itab[i].s != NULL;
	    i = (i + 1) & (c->itabcap - 1))
		if (c->itab[i].hash == h && c->itab[i].len == n &&
		    memcmp(c->itab[i].s, s, n) == 0)
			return c->itab[i].s;
	copy = pf_strndup(c->run->arena, s, n);
	c->itab[i].hash = h;
	c->itab[i].len = n;
	c->itab[i].s = copy;
	c->itabn++;
	return copy;
}

struct pf_pool *
fpm_pool_new(struct fpm_ctx *c, const char *name, struct pf_loc loc)
{
	struct pf_pool *p = pf_alloc(c->run->arena, sizeof(*p));
	struct pf_source *src = pf_source_get(c->run, loc.file);

	p->name = name;
	p->loc = loc;
	p->uid = p->gid = -1;
	p->file = src != NULL ? src->path : NULL;
	PF_PUSH(c->run->arena, c->conf->pools, p);
	pool_index(c, p);
	return p;
}

/* ---- INI callbacks ---- */

static void
on_section(void *ctx, const struct pf_zini_str *name)
{
	struct fpm_ctx *c = ctx;
	struct pf_pool *p;

	if (name->len == 6 && strcasecmp(name->s, "global") == 0) {
		c->cur = NULL;
		if (c->conf->global.loc.file == 0)
			c->conf->global.loc = name->loc;
		return;
	}
	if ((p = pool_find(c, name->s, name_hash(name->s))) != NULL) {
		c->cur = p;
		return;
	}
	/* section names are the reader's arena strings: kept as they are */
	c->cur = fpm_pool_new(c, name->s, name->loc);
	if (strstr(name->s, "$pool") != NULL)
		fpm_warn(c, "fpm-pool-name", name->loc, "the pool name '%s' "
		    "contains '$pool': php-fpm expands it in every value of "
		    "the pool without end (it hangs)", name->s);
}

static void
on_entry(void *ctx, const struct pf_zini_str *name,
    const struct pf_zini_str *value)
{
	struct fpm_ctx *c = ctx;
	struct pf_diag *d;

	if (value == NULL) {
		d = fpm_error(c, "fpm-syntax", name->loc, "'%s' has no value: "
		    "php-fpm refuses a line without '=' (\"value is NULL for "
		    "a ZEND_INI_PARSER_ENTRY\")", name->s);
		if (name->s[0] == '#')
			pf_diag_fix(c->run, d, "comments start with ';' in "
			    "php-fpm.conf; '#' is not a comment");
		return;
	}
	/* "include" is matched case-sensitively, before the tables. */
	if (name->len == 7 && strcmp(name->s, "include") == 0) {
		if (c->includes++ > 0) {
			fpm_error(c, "fpm-include", name->loc, "two includes "
			    "at the same time on one line");
			return;
		}
		c->include = value->s;
		c->include_loc = value->loc;
		return;
	}
	fpm_apply_entry(c, name, value);
}

static void
on_pop(void *ctx, const struct pf_zini_str *name,
    const struct pf_zini_str *key, const struct pf_zini_str *value)
{
	fpm_apply_array(ctx, name, key, value);
}

/* zend_ini_get_var: the configuration read so far (php.ini), then the
 * environment; "" when neither has it. */
static const char *
on_getvar(void *ctx, const char *name, struct pf_loc where)
{
	struct fpm_ctx *c = ctx;
	const char *v;
	size_t i;

	if (c->ini != NULL)
		for (i = c->ini->entries.n; i-- > 0;) {
			const struct pf_ini_entry *e = &c->ini->entries.v[i];

			if (e->scope == NULL && e->offset == NULL &&
			    strcmp(e->key, name) == 0)
				return e->value;
		}
	v = getenv(name);
	if (v == NULL)
		fpm_note(c, "fpm-env-unset", where, "${%s} is not set here; "
		    "php-fpm substitutes its own environment's value, or an "
		    "empty string when it has none", name);
	return v;
}

/* ---- files ---- */

static int load_file(struct fpm_ctx *, const char *path, struct pf_loc from);

/* Escapes glob metacharacters of a literal path prefix (--root). */
static char *
glob_escape(struct pf_arena *a, const char *s)
{
	size_t n = strlen(s), i, k = 0;
	char *o = pf_alloc(a, 2 * n + 1);

	for (i = 0; i < n; i++) {
		if (strchr("*?[\\", s[i]) != NULL)
			o[k++] = '\\';
		o[k++] = s[i];
	}
	o[k] = '\0';
	return o;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "dir/name" in the arena, without printf (called per included file). */
static char *
path_join(struct pf_arena *a, const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p;

	if (dl == 1 && dir[0] == '/')
		dl = 0;
	p = pf_alloc(a, dl + nl + 2);
	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

/* ---- directory listings (cached: 10,000 pools share a few dirs) ---- */

struct dirlist {
	const char	*path;
	int		 err;		/* opendir's errno, 0 if listed */
	size_t		 n;
	const char	**names;	/* in readdir's order */
	unsigned char	*types;		/* d_type */
	uint32_t	*index;		/* hash of names -> position + 1 */
	size_t		 icap;
	uint32_t	*sorted;	/* positions by name (strcmp), made
					 * when a glob needs them */
	struct dirlist	*next;
};

static size_t
name_hash_cs(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/*
 * Sorting a directory of 10,000 names as glob does (strcmp order): each
 * name is represented by its first 16 bytes as two big-endian words (zero
 * past its end), which compare as strcmp compares those bytes, so the
 * merge sort below compares two words and goes to strcmp only for names
 * equal in all 16.
 */
struct sortkey {
	uint64_t	 hi, lo;
};

static uint64_t
be_word(const char *s, size_t len)
{
	uint64_t w = 0;
	size_t k;

	for (k = 0; k < 8; k++)
		w = w << 8 | (k < len ? (unsigned char)s[k] : 0);
	return w;
}

static int
key_less(const struct sortkey *keys, const char *const *names, uint32_t i,
    uint32_t j)
{
	const struct sortkey *x = &keys[i], *y = &keys[j];

	if (x->hi != y->hi)
		return x->hi < y->hi;
	if (x->lo != y->lo)
		return x->lo < y->lo;
	if (strnlen(names[i], 16) < 16)
		return 0;	/* both end within the words: equal */
	return strcmp(names[i] + 16, names[j] + 16) < 0;
}

/* The positions of l's names in strcmp order (glob's order). */
static const uint32_t *
list_sorted(struct fpm_ctx *c, struct dirlist *l)
{
	struct sortkey *keys;
	uint32_t *kept, *scratch, *v, *w, *t;
	size_t i, width;

	if (l->sorted != NULL)
		return l->sorted;
	v = kept = pf_alloc(c->run->arena, (l->n + 1) * sizeof(*v));
	w = scratch = pf_xmalloc((l->n + 1) * sizeof(*w));
	keys = pf_xmalloc((l->n + 1) * sizeof(*keys));
	for (i = 0; i < l->n; i++) {
		const char *nm = l->names[i];
		size_t len = strnlen(nm, 16);

		keys[i].hi = be_word(nm, len);
		keys[i].lo = len > 8 ? be_word(nm + 8, len - 8) : 0;
		v[i] = (uint32_t)i;
	}
	/* bottom-up merge sort of the positions, v -> w -> v ... */
	for (width = 1; width < l->n; width *= 2) {
		size_t lo;

		for (lo = 0; lo < l->n; lo += 2 * width) {
			size_t mid = lo + width < l->n ? lo + width : l->n;
			size_t hi = lo + 2 * width < l->n ? lo + 2 * width :
			    l->n;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				w[k++] = key_less(keys, l->names, v[b], v[a]) ?
				    v[b++] : v[a++];
			while (a < mid)
				w[k++] = v[a++];
			while (b < hi)
				w[k++] = v[b++];
		}
		t = v;
		v = w;
		w = t;
	}
	free(keys);
	/* the sorted run may have ended in the scratch array */
	if (v == scratch)
		memcpy(kept, scratch, l->n * sizeof(*kept));
	free(scratch);
	l->sorted = kept;
	return l->sorted;
}

/*
 * A directory listed once; the names are hashed for fpm_dir_entry (the
 * log directory of 10,000 pools holds 10,000 slowlogs) and sorted only
 * when an include= glob walks them.
 */
static struct dirlist *
list_dir(struct fpm_ctx *c, const char *dir)
{
	struct pf_arena *a = c->run->arena;
	struct dirlist *l;
	struct dirent *de;
	DIR *d;
	size_t h = 5381, cap = 0, i;
	const char *s;

	/* 10,000 slowlogs in one directory: the same one as last time? */
	if (c->last_list != NULL && strcmp(c->last_list->path, dir) == 0)
		return c->last_list;
	for (s = dir; *s; s++)
		h = h * 33 + (unsigned char)*s;
	h &= FPM_DIRCACHE - 1;
	if (c->lists == NULL)
		c->lists = pf_alloc(a, FPM_DIRCACHE * sizeof(*c->lists));
	for (l = c->lists[h]; l != NULL; l = l->next)
		if (strcmp(l->path, dir) == 0)
			return c->last_list = l;
	l = pf_alloc(a, sizeof(*l));
	l->path = pf_strdup(a, dir);
	l->next = c->lists[h];
	c->lists[h] = l;
	c->last_list = l;
	if ((d = opendir(pf_host_path(c->run, dir))) == NULL) {
		l->err = errno;
		return l;
	}
	while ((de = readdir(d)) != NULL) {
		if (l->n == cap) {
			size_t nc = cap ? cap * 2 : 64;

			l->names = pf_grow(a, l->names, l->n, nc,
			    sizeof(*l->names));
			l->types = pf_grow(a, l->types, l->n, nc, 1);
			cap = nc;
		}
		l->names[l->n] = pf_strdup(a, de->d_name);
		l->types[l->n] = de->d_type;
		l->n++;
	}
	closedir(d);
	for (l->icap = 16; l->icap < l->n * 2; l->icap *= 2)
		;
	l->index = pf_alloc(a, l->icap * sizeof(*l->index));
	for (i = 0; i < l->n; i++) {
		size_t k;

		for (k = name_hash_cs(l->names[i]) & (l->icap - 1);
		    l->index[k] != 0; k = (k + 1) & (l->icap - 1))
			;
		l->index[k] = (uint32_t)i + 1;
	}
	return l;
}

int
fpm_dir_entry(struct fpm_ctx *c, const char *dir, const char *name, int *err)
{
	struct dirlist *l = list_dir(c, dir);
	struct stat st;
	const char *full;
	size_t k, at;

	*err = l->err;
	if (l->err != 0)
		return -1;
	for (k = name_hash_cs(name) & (l->icap - 1); l->index[k] != 0;
	    k = (k + 1) & (l->icap - 1))
		if (strcmp(l->names[l->index[k] - 1], name) == 0)
			break;
	if (l->index[k] == 0)
		return 0;
	at = l->index[k] - 1;
	switch (l->types[at]) {
	case DT_DIR:
		return 2;
	case DT_REG:
		return 1;
	default:
		full = path_join(c->run->arena, dir, name);
		if (stat(pf_host_path(c->run, full), &st) != 0)
			return 0;
		return S_ISDIR(st.st_mode) ? 2 : 1;
	}
}

/* Is ENTRY of directory DIR a directory (GLOB_MARK follows symlinks)? */
static int
entry_is_dir(struct fpm_ctx *c, const char *full, unsigned char type)
{
	struct stat st;

	if (type == DT_DIR)
		return 1;
	if (type == DT_REG)
		return 0;
	return stat(pf_host_path(c->run, full), &st) == 0 &&
	    S_ISDIR(st.st_mode);
}

/*
 * glob(pattern, GLOB_ERR | GLOB_MARK) for the common shape of include=
 * (a literal absolute directory, then a pattern), from the cached
 * listings; other patterns go to glob() itself.  Returns 0 with the files
 * (directories dropped) sorted, GLOB_NOMATCH, or GLOB_ABORTED.
 */
struct strvec {
	const char	**v;
	size_t		 n, cap;
};

static int
match_include(struct fpm_ctx *c, const char *pat, struct strvec *out)
{
	struct pf_run *run = c->run;
	const char *slash = strrchr(pat, '/'), *base;
	char *dir;
	struct dirlist *l;
	const uint32_t *order;
	size_t i;
	int found = 0;

	if (pat[0] != '/' || slash == NULL ||
	    strpbrk(pf_strndup(run->arena, pat, (size_t)(slash - pat)),
	    "*?[\\") != NULL) {
		const char *gp = pat, *p;
		size_t rootlen = 0;
		glob_t g;
		int r;

		if (run->root != NULL && pat[0] == '/') {
			gp = pf_printf(run->arena, "%s%s",
			    glob_escape(run->arena, run->root), pat);
			rootlen = strlen(run->root);
		}
		memset(&g, 0, sizeof(g));
		r = glob(gp, GLOB_ERR | GLOB_MARK, NULL, &g);
		if (r != 0) {
			globfree(&g);
			return r;
		}
		qsort(g.gl_pathv, g.gl_pathc, sizeof(*g.gl_pathv), cmp_str);
		for (i = 0; i < g.gl_pathc; i++) {
			p = g.gl_pathv[i];
			if (p[0] != '\0' && p[strlen(p) - 1] != '/')
				PF_PUSH(run->arena, *out, pf_strdup(run->arena,
				    p + rootlen));
		}
		globfree(&g);
		return 0;
	}
	base = slash + 1;
	dir = slash == pat ? pf_strdup(run->arena, "/") :
	    pf_strndup(run->arena, pat, (size_t)(slash - pat));
	if (strpbrk(base, "*?[\\") == NULL) {
		/* no pattern: glob only checks that the path exists */
		struct stat st;

		if (stat(pf_host_path(run, pat), &st) != 0)
			return GLOB_NOMATCH;
		if (!S_ISDIR(st.st_mode) && base[0] != '\0')
			PF_PUSH(run->arena, *out, pat);
		return 0;
	}
	l = list_dir(c, dir);
	if (l->err != 0)
		return GLOB_ABORTED;	/* GLOB_ERR: opendir failed */
	order = list_sorted(c, l);
	for (i = 0; i < l->n; i++) {
		const char *full;
		size_t at = order[i];

		if (fnmatch(base, l->names[at], FNM_PERIOD) != 0)
			continue;
		found = 1;
		full = path_join(run->arena, dir, l->names[at]);
		if (!entry_is_dir(c, full, l->types[at]))
			PF_PUSH(run->arena, *out, full);
	}
	return found ? 0 : GLOB_NOMATCH;
}

/* fpm_conf_ini_parser_include(). Returns -1 when php-fpm would stop. */
static int
do_include(struct fpm_ctx *c, const char *pattern, struct pf_loc loc)
{
	struct pf_run *run = c->run;
	const char *inc = fpm_full_path(c, pattern, NULL, NULL, 0, NULL);
	struct strvec files = { 0 };
	size_t i;
	int r, mine = 0;

	if (inc[0] == '\0')
		return 0;	/* glob("") matches nothing, silently */
	r = match_include(c, inc, &files);
	if (r == GLOB_NOMATCH) {
		fpm_warn(c, "fpm-include", loc, "nothing matches the include "
		    "pattern '%s'", inc);
		return 0;
	}
	if (r != 0) {
		struct pf_diag *d = fpm_error(c, "fpm-include", loc,
		    "unable to globalize '%s' (ret=%d)%s", inc, r,
		    r == GLOB_ABORTED ? ": a directory in the pattern does "
		    "not exist or cannot be read" : "");

		if (pattern[0] != '/')
			pf_diag_fix(run, d, "relative include paths are "
			    "resolved against the prefix (%s), not the "
			    "including file's directory", c->prefix ?
			    c->prefix : c->php_prefix);
		return -1;
	}
	/* 10,000 pool files: read ahead by a thread while earlier ones
	 * are parsed (prefetch.h), unless a glob above is doing so */
	if (c->pf == NULL && files.n >= 16 && pf_prefetch_useful(files.n)) {
		struct pf_job *jobs = pf_alloc(run->arena, files.n *
		    sizeof(*jobs));

		for (i = 0; i < files.n; i++) {
			jobs[i].kind = PF_JOB_READ;
			jobs[i].path = pf_host_path(run, files.v[i]);
		}
		if ((c->pf = pf_prefetch_start(jobs, files.n, 256,
		    NULL)) != NULL) {
			c->pf_jobs = jobs;
			mine = 1;
		}
	}
	r = 0;
	for (i = 0; i < files.n && !c->aborted && r == 0; i++) {
		if (mine) {
			c->pf_job = &c->pf_jobs[i];
			c->pf_name = files.v[i];
		}
		if (load_file(c, files.v[i], loc) < 0)
			r = -1;
		c->pf_job = NULL;
	}
	if (mine) {
		pf_prefetch_stop(c->pf, run->arena);
		c->pf = NULL;
		c->pf_jobs = NULL;
	}
	return r;
}

/* One line, ending in its '\n'. */
static void
parse_line(struct fpm_ctx *c, const struct pf_zini_handler *h,
    const char *buf, size_t len, uint32_t line)
{
	struct pf_zini_input in;
	struct pf_zini_error err;
	struct pf_diag *d;

	in.buf = buf;
	in.len = len;
	in.file = c->file;
	in.line = line;
	in.col = 1;
	in.one_line = 1;
	c->include = NULL;
	c->includes = 0;
	if (pf_zini_parse_w(c->run->arena, &in, &c->strings, h, &err) < 0) {
		d = fpm_error(c, "fpm-syntax", err.loc, "%s", err.message);
		if (strstr(err.message, "unexpected '='") != NULL)
			pf_diag_fix(c->run, d, "quote a value that contains "
			    "'=' (\"a=b\")");
		else if (strstr(err.message, "unexpected BOOL_") != NULL ||
		    strstr(err.message, "unexpected NULL_NULL") != NULL)
			pf_diag_fix(c->run, d, "yes/no/on/off/true/false/none/"
			    "null are values; quote them to use them as text");
		c->include = NULL;	/* php-fpm stops before the include */
	}
}

/*
 * fpm_conf_load_ini_file(): returns -1 if the file cannot be opened or is
 * nested too deep (php-fpm then stops reading altogether).
 */
static int
load_file(struct fpm_ctx *c, const char *path, struct pf_loc from)
{
	static const struct pf_zini_handler h0 = {
		NULL, on_section, on_entry, on_pop, on_getvar,
	};
	struct pf_zini_handler h = h0;
	struct pf_zini_input in;
	struct pf_run *run = c->run;
	char *data, *scratch = NULL;
	size_t len, pos, scap = 0;
	uint32_t file, line = 0, saved_file = c->file;
	int err, has_nul;

	if (++c->loads > FPM_MAX_LOADS) {
		fpm_error(c, "fpm-include", from, "more than %d files "
		    "included; stopping", FPM_MAX_LOADS);
		c->aborted = 1;
		return -1;
	}
	{
		struct pf_job *j = NULL;

		if (c->pf_job != NULL && strcmp(c->pf_name, path) == 0)
			j = pf_prefetch_wait(c->pf, (size_t)(c->pf_job -
			    c->pf_jobs));
		c->pf_job = NULL;
		if (j != NULL && !j->fallback) {
			err = j->err;
			data = j->data;
			len = j->len;
		} else
			err = pf_conf_read(run, path, &data, &len);
	}
	if (err != 0) {
		struct pf_diag *d;

		if (from.file == 0 && err != EISDIR)
			run->io_error = err != ENOENT && err != EACCES &&
			    err != ENOTDIR ? 1 : run->io_error;
		d = fpm_error(c, from.file ? "fpm-include" : "fpm-open", from,
		    "failed to open configuration file '%s': %s", path,
		    strerror(err));
		(void)d;
		c->aborted = 1;
		return -1;
	}
	if (c->depth >= FPM_MAX_RECURSION) {
		fpm_error(c, "fpm-include", from, "failed to include more than "
		    "%d files recursively (an include cycle?): '%s'",
		    FPM_MAX_RECURSION, path);
		c->aborted = 1;
		return -1;
	}
	file = pf_source_add(run, path, data, len, PF_SRC_FPM, from);
	c->file = file;
	c->depth++;
	h.ctx = c;
	in.file = file;
	in.col = 1;
	in.one_line = 1;
	has_nul = memchr(data, '\0', len) != NULL;
	for (pos = 0; pos < len && !c->aborted;) {
		const char *p = data + pos, *nl, *nul;
		size_t n, vis;

		nl = memchr(p, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - p) : len - pos;
		pos += n + (nl != NULL);
		line++;
		if (n == 0)
			continue;
		/* The parser sees a C string: a NUL ends the line early. */
		nul = has_nul ? memchr(p, '\0', n) : NULL;
		vis = nul != NULL ? (size_t)(nul - p) : n;
		if (nul != NULL)
			fpm_warn(c, "fpm-nul", pf_loc_make(file, line,
			    (uint32_t)vis + 1, 1), "NUL byte: php-fpm ignores "
			    "the rest of this line");
		if (nl != NULL && nul == NULL) {
			/* the plain shapes straight to the scanner's fast path */
			in.buf = p;
			in.len = n + 1;
			in.line = line;
			c->include = NULL;
			c->includes = 0;
			if (!pf_zini_fast_line(&c->strings, &in, &h))
				parse_line(c, &h, p, n + 1, line);
		} else {
			/* php-fpm appends the newline itself. */
			if (vis + 2 > scap) {
				scap = vis + 64;
				scratch = pf_alloc(run->arena, scap);
			}
			memcpy(scratch, p, vis);
			scratch[vis] = '\n';
			scratch[vis + 1] = '\0';
			parse_line(c, &h, scratch, vis + 1, line);
		}
		if (c->include != NULL) {
			const char *inc = c->include;
			struct pf_loc il = c->include_loc;

			c->include = NULL;
			if (do_include(c, inc, il) < 0)
				c->aborted = 1;
			c->file = file;
		}
	}
	c->depth--;
	c->file = saved_file;
	return c->aborted ? -1 : 0;
}

/* ---- locating the configuration ---- */

static int
exists(struct pf_run *run, const char *path)
{
	struct stat st;

	return stat(pf_host_path(run, path), &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * Debian: every /etc/php/VERSION/fpm/php-fpm.conf, the highest version
 * first.  Each installed phpX.Y-fpm package runs its own master, and
 * panels pin sites to any of them (HestiaCP's PHP-8_1 template,
 * ISPConfig's additional PHP versions): a route to an older version's
 * pool is not a route to nowhere.  Returns how many (in *out).
 */
/*
 * Of the masters found, the versions installed: "apt remove phpX.Y-fpm"
 * (a Debian upgrade drops the old PHP) leaves its conffiles, php-fpm.conf
 * and pool.d, behind, and nothing runs them.  A version counts when its
 * binary /usr/sbin/php-fpmX.Y is there; a tree without any of them (a
 * copy of /etc alone) keeps every version, as it cannot tell.
 */
static size_t
installed_only(struct pf_run *run, const char **v, size_t n)
{
	size_t i, k = 0, len;
	int *has, any = 0;
	struct stat st;

	if (n < 2)
		return n;
	has = pf_alloc(run->arena, n * sizeof(*has));
	for (i = 0; i < n; i++) {
		const char *ver = v[i] + strlen("/etc/php/");

		len = strcspn(ver, "/");
		has[i] = stat(pf_host_path(run, pf_printf(run->arena,
		    "/usr/sbin/php-fpm%.*s", (int)len, ver)), &st) == 0;
		any |= has[i];
	}
	if (!any)
		return n;
	for (i = 0; i < n; i++)
		if (has[i])
			v[k++] = v[i];
	return k;
}

/*
 * The files matching pat (an absolute pattern, below --root when given),
 * as paths of the configuration, appended to *v (n of them there, room
 * grown in the arena), highest version first among the new ones.
 * Returns the new count.
 */
static size_t
glob_versions(struct pf_run *run, const char *pat, const char ***v, size_t n)
{
	const char *full = pf_printf(run->arena, "%s%s", run->root ?
	    glob_escape(run->arena, run->root) : "", pat);
	size_t i, j, first = n, rootlen = run->root ? strlen(run->root) : 0;
	glob_t g;

	if (glob(full, 0, NULL, &g) != 0)
		return n;
	*v = pf_grow(run->arena, *v, n, n + g.gl_pathc + 1, sizeof(**v));
	for (i = 0; i < g.gl_pathc; i++) {
		const char *p = pf_strdup(run->arena, g.gl_pathv[i] + rootlen);

		/* insertion, highest version first */
		for (j = n; j > first && strverscmp(p, (*v)[j - 1]) > 0; j--)
			(*v)[j] = (*v)[j - 1];
		(*v)[j] = p;
		n++;
	}
	globfree(&g);
	return n;
}

static size_t
debian_confs(struct pf_run *run, const char ***out)
{
	size_t n;

	*out = NULL;
	n = glob_versions(run, "/etc/php/*/fpm/php-fpm.conf", out, 0);
	return installed_only(run, *out, n);
}

/*
 * The php-fpm masters vendors install beside the distribution's, one per
 * PHP version, each a service of its own: Plesk's /opt/plesk/php/X.Y,
 * Remi's Software Collections /etc/opt/remi/phpXY, cPanel's EA4
 * /opt/cpanel/ea-phpXY.  Highest version first within each.
 */
static const char *const vendor_globs[] = {
	"/opt/plesk/php/*/etc/php-fpm.conf",
	"/etc/opt/remi/php*/php-fpm.conf",
	"/opt/cpanel/ea-php*/root/etc/php-fpm.conf",
};

static size_t
vendor_confs(struct pf_run *run, const char ***out)
{
	size_t k, n = 0;

	*out = NULL;
	for (k = 0; k < sizeof(vendor_globs) / sizeof(vendor_globs[0]); k++)
		n = glob_versions(run, vendor_globs[k], out, n);
	return n;
}

/*
 * Gentoo (dev-lang/php[fpm]): one slot per PHP version, each its own
 * service (php-fpm@8.2, OpenRC php-fpm-php8.2) reading
 * /etc/php/fpm-phpX.Y/php-fpm.conf, pools in its fpm.d/.  Highest version
 * first.  Returns how many (in *out).
 */
static size_t
gentoo_confs(struct pf_run *run, const char ***out)
{
	*out = NULL;
	return glob_versions(run, "/etc/php/fpm-php*/php-fpm.conf", out, 0);
}

/* The compiled-in prefix of a vendor's build, from where its
 * php-fpm.conf lives (relative paths of that master start there). */
static const char *
vendor_prefix(struct pf_run *run, const char *path)
{
	const char *e;

	if (strncmp(path, "/opt/plesk/php/", 15) == 0 &&
	    (e = strstr(path + 15, "/etc/")) != NULL)
		return pf_strndup(run->arena, path, (size_t)(e - path));
	if (strncmp(path, "/etc/opt/remi/", 14) == 0 &&
	    (e = strchr(path + 14, '/')) != NULL)
		return pf_printf(run->arena, "/opt/remi/%.*s/root/usr",
		    (int)(e - path - 14), path + 14);
	if (strncmp(path, "/opt/cpanel/", 12) == 0 &&
	    (e = strstr(path + 12, "/root/etc/")) != NULL)
		return pf_printf(run->arena, "%.*s/root/usr",
		    (int)(e - path), path);
	/* Gentoo: --prefix=/usr/$(get_libdir)/phpX.Y (dev-lang/php's
	 * src_configure), lib64 on amd64 and the other 64-bit profiles */
	if (strncmp(path, "/etc/php/fpm-php", 16) == 0 &&
	    (e = strchr(path + 16, '/')) != NULL) {
		const char *l64 = pf_printf(run->arena, "/usr/lib64/php%.*s",
		    (int)(e - path - 16), path + 16);
		const char *l32 = pf_printf(run->arena, "/usr/lib/php%.*s",
		    (int)(e - path - 16), path + 16);
		struct stat st;

		return stat(pf_host_path(run, l64), &st) != 0 &&
		    stat(pf_host_path(run, l32), &st) == 0 ? l32 : l64;
	}
	return NULL;
}

/* Debian: /etc/php/VERSION/fpm/php-fpm.conf, the highest version. */
static const char *
debian_conf(struct pf_run *run)
{
	const char *pat = pf_printf(run->arena, "%s/etc/php/*/fpm/php-fpm.conf",
	    run->root ? glob_escape(run->arena, run->root) : "");
	const char *best = NULL;
	size_t i, rootlen = run->root ? strlen(run->root) : 0;
	glob_t g;

	if (glob(pat, 0, NULL, &g) != 0)
		return NULL;
	for (i = 0; i < g.gl_pathc; i++) {
		const char *p = g.gl_pathv[i] + rootlen;

		if (best == NULL || strverscmp(p, best) > 0)
			best = pf_strdup(run->arena, p);
	}
	globfree(&g);
	return best;
}

static const char *
locate(struct pf_run *run, const char **layout, const char **php_prefix)
{
	static const struct {
		const char *path, *layout, *prefix;
	} fixed[] = {
		{ "/etc/php-fpm.conf", "rhel", "/usr" },
		{ "/usr/local/etc/php-fpm.conf", "freebsd", "/usr/local" },
		/* Arch: php-fpm built --prefix=/usr --sysconfdir=/etc/php
		 * (archlinux packages/php PKGBUILD), pools in
		 * /etc/php/php-fpm.d; Debian's /etc/php/X.Y/fpm glob
		 * does not match it */
		{ "/etc/php/php-fpm.conf", "arch", "/usr" },
	};
	const char *p;
	size_t i;

	if ((p = debian_conf(run)) != NULL) {
		*layout = "debian";
		*php_prefix = "/usr";
		return p;
	}
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (exists(run, fixed[i].path)) {
			*layout = fixed[i].layout;
			*php_prefix = fixed[i].prefix;
			return fixed[i].path;
		}
	/* Gentoo: /etc/php/fpm-phpX.Y/php-fpm.conf, the highest slot */
	{
		const char **v;

		if (gentoo_confs(run, &v) > 0) {
			*layout = "gentoo";
			*php_prefix = vendor_prefix(run, v[0]);
			return v[0];
		}
	}
	/* SUSE (php7-fpm, php8-fpm: --sysconfdir=/etc/phpN/fpm, prefix
	 * /usr; the packages conflict, one is installed) */
	{
		const char *pat = pf_printf(run->arena,
		    "%s/etc/php[0-9]*/fpm/php-fpm.conf",
		    run->root ? glob_escape(run->arena, run->root) : "");
		glob_t g;

		if (glob(pat, 0, NULL, &g) == 0) {
			p = g.gl_pathc > 0 ? pf_strdup(run->arena,
			    g.gl_pathv[g.gl_pathc - 1] + (run->root ?
			    strlen(run->root) : 0)) : NULL;
			globfree(&g);
			if (p != NULL) {
				*layout = "suse";
				*php_prefix = "/usr";
				return p;
			}
		}
	}
	/* Alpine: /etc/phpXY/php-fpm.conf */
	{
		const char *pat = pf_printf(run->arena, "%s/etc/php*/php-fpm.conf",
		    run->root ? glob_escape(run->arena, run->root) : "");
		glob_t g;

		if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
			p = pf_strdup(run->arena, g.gl_pathv[g.gl_pathc - 1] +
			    (run->root ? strlen(run->root) : 0));
			globfree(&g);
			*layout = "alpine";
			*php_prefix = "/usr";
			return p;
		}
	}
	return NULL;
}

int
pf_fpm_read(struct pf_run *run, const struct pf_fpm_opts *o)
{
	struct pf_model *m = pf_model_get(run);
	struct fpm_ctx c;
	const char *path = o->config, *layout = NULL, *php_prefix = NULL;
	size_t i;

	if (path == NULL && o->prefix == NULL && o->every_version) {
		const char **all, **ven, *base = NULL, *blayout = NULL, *bp;
		const char *dlayout = "debian";
		size_t n = debian_confs(run, &all), nv = vendor_confs(run, &ven);

		/* Gentoo's slots are masters of their own like Debian's */
		if (n == 0 && (n = gentoo_confs(run, &all)) > 0)
			dlayout = "gentoo";

		/* no Debian master: the distribution's one (RHEL, ...) */
		if (n == 0 && nv > 0)
			base = locate(run, &blayout, &bp);
		if (n > 1 || nv > 0) {
			struct pf_fpm_opts one = *o;
			int r = 0;

			one.every_version = 0;

			for (i = 0; i < n + (base != NULL) + nv; i++) {
				one.config = i < n ? all[i] : (base != NULL &&
				    i == n) ? base : ven[i - n - (base != NULL)];
				if (pf_fpm_read(run, &one) < 0)
					r = -1;
				else if (i < n || (base != NULL && i == n))
					m->fpms.v[m->fpms.n - 1]->layout =
					    i < n ? dlayout : blayout;
			}
			return r;
		}
	}
	memset(&c, 0, sizeof(c));
	c.run = run;
	c.strings.a = run->arena;
	c.conf = pf_alloc(run->arena, sizeof(*c.conf));
	c.ini = m->phpini;
	c.prefix = o->prefix;
	if (path == NULL) {
		if (o->prefix != NULL) {
			/* php-fpm -p DIR reads DIR/etc/php-fpm.conf */
			path = pf_printf(run->arena, "%s/etc/php-fpm.conf",
			    o->prefix);
		} else if ((path = locate(run, &layout, &php_prefix)) == NULL) {
			pf_diag_add(run, PF_SEV_NOTE, "fpm-not-found", PF_NOLOC,
			    "no php-fpm configuration found (looked for "
			    "/etc/php/*/fpm/php-fpm.conf, /etc/php-fpm.conf, "
			    "/usr/local/etc/php-fpm.conf, "
			    "/etc/php/fpm-php*/php-fpm.conf, "
			    "/etc/php*/fpm/php-fpm.conf, /etc/php*/php-fpm.conf"
			    "%s%s)", run->root ? " below " : "",
			    run->root ? run->root : "");
			return -1;
		}
	} else if (strncmp(path, "/usr/local/", 11) == 0)
		php_prefix = "/usr/local";
	else
		php_prefix = vendor_prefix(run, path);
	c.php_prefix = php_prefix ? php_prefix : FPM_PHP_PREFIX;
	c.conf->path = path;
	c.conf->prefix = o->prefix ? o->prefix : c.php_prefix;
	c.conf->prefix_given = o->prefix != NULL;
	c.conf->layout = layout;
	c.users = fpm_users_new(run);
	/* Several masters (one per PHP version) may be read in one run:
	 * m->fpm stays the first, every one is in m->fpms. */
	if (m->fpm == NULL)
		m->fpm = c.conf;
	PF_PUSH(run->arena, m->fpms, c.conf);

	if (o->prefix != NULL && !fpm_is_dir(&c, o->prefix))
		fpm_error(&c, "fpm-prefix", PF_NOLOC, "the global prefix '%s' "
		    "does not exist or is not a directory", o->prefix);
	if (load_file(&c, path, PF_NOLOC) < 0 && run->sources.n <= 1)
		return -1;
	if (!c.aborted)
		fpm_post_process(&c);
	for (i = 0; i < c.conf->pools.n; i++) {
		c.conf->pools.v[i]->master = c.conf;
		PF_PUSH(run->arena, m->pools, c.conf->pools.v[i]);
	}
	return 0;
}
