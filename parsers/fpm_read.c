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
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "model/model.h"
#include "parsers/fpm.h"
#include "parsers/fpm_int.h"

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

int
fpm_is_dir(struct pf_run *run, const char *path)
{
	struct stat st;

	return stat(pf_host_path(run, path), &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- pools by case-insensitive name ---- */

static size_t
name_hash(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)(*s | 0x20);
	return h;
}

static struct pf_pool *
pool_find(struct fpm_ctx *c, const char *name)
{
	size_t i;

	if (c->tabcap == 0)
		return NULL;
	for (i = name_hash(name) & (c->tabcap - 1); c->tab[i] != NULL;
	    i = (i + 1) & (c->tabcap - 1))
		if (strcasecmp(c->tab[i]->name, name) == 0)
			return c->tab[i];
	return NULL;
}

static void
pool_index(struct fpm_ctx *c, struct pf_pool *p)
{
	size_t i;

	if ((c->tabn + 1) * 2 > c->tabcap) {
		size_t nc = c->tabcap ? c->tabcap * 2 : 64, k;
		struct pf_pool **nt = pf_alloc(c->run->arena, nc * sizeof(*nt));

		for (k = 0; k < c->tabcap; k++) {
			if (c->tab[k] == NULL)
				continue;
			for (i = name_hash(c->tab[k]->name) & (nc - 1);
			    nt[i] != NULL; i = (i + 1) & (nc - 1))
				;
			nt[i] = c->tab[k];
		}
		c->tab = nt;
		c->tabcap = nc;
	}
	for (i = name_hash(p->name) & (c->tabcap - 1); c->tab[i] != NULL;
	    i = (i + 1) & (c->tabcap - 1))
		;
	c->tab[i] = p;
	c->tabn++;
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

	if (strcasecmp(name->s, "global") == 0) {
		c->cur = NULL;
		if (c->conf->global.loc.file == 0)
			c->conf->global.loc = name->loc;
		return;
	}
	if ((p = pool_find(c, name->s)) != NULL) {
		c->cur = p;
		return;
	}
	c->cur = fpm_pool_new(c, pf_strndup(c->run->arena, name->s,
	    name->len), name->loc);
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
	if (strcmp(name->s, "include") == 0) {
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

/* fpm_conf_ini_parser_include(). Returns -1 when php-fpm would stop. */
static int
do_include(struct fpm_ctx *c, const char *pattern, struct pf_loc loc)
{
	struct pf_run *run = c->run;
	const char *inc = fpm_full_path(c, pattern, NULL, NULL, 0, NULL);
	const char *pat = inc;
	size_t rootlen = 0, i;
	glob_t g;
	int r;

	if (run->root != NULL && inc[0] == '/') {
		pat = pf_printf(run->arena, "%s%s",
		    glob_escape(run->arena, run->root), inc);
		rootlen = strlen(run->root);
	}
	memset(&g, 0, sizeof(g));
	r = glob(pat, GLOB_ERR | GLOB_MARK, NULL, &g);
	if (r == GLOB_NOMATCH) {
		fpm_warn(c, "fpm-include", loc, "nothing matches the include "
		    "pattern '%s'", inc);
		globfree(&g);
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
		globfree(&g);
		return -1;
	}
	/* glob sorts with the locale's collation; php-fpm runs in "C". */
	qsort(g.gl_pathv, g.gl_pathc, sizeof(*g.gl_pathv), cmp_str);
	for (i = 0; i < g.gl_pathc && !c->aborted; i++) {
		const char *p = g.gl_pathv[i];
		size_t n = strlen(p);

		if (n < 1 || p[n - 1] == '/')
			continue;	/* directories are skipped */
		if (load_file(c, pf_strdup(run->arena, p + rootlen), loc) < 0) {
			globfree(&g);
			return -1;
		}
	}
	globfree(&g);
	return 0;
}

static void
parse_line(struct fpm_ctx *c, const char *buf, size_t len, uint32_t line)
{
	static const struct pf_zini_handler h0 = {
		NULL, on_section, on_entry, on_pop, on_getvar,
	};
	struct pf_zini_handler h = h0;
	struct pf_zini_input in;
	struct pf_zini_error err;
	struct pf_diag *d;

	h.ctx = c;
	in.buf = buf;
	in.len = len;
	in.file = c->file;
	in.line = line;
	in.col = 1;
	c->include = NULL;
	c->includes = 0;
	if (pf_zini_parse(c->run->arena, &in, &h, &err) < 0) {
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
	struct pf_run *run = c->run;
	char *data, *scratch = NULL;
	size_t len, pos, scap = 0;
	uint32_t file, line = 0, saved_file = c->file;
	int err;

	if (++c->loads > FPM_MAX_LOADS) {
		fpm_error(c, "fpm-include", from, "more than %d files "
		    "included; stopping", FPM_MAX_LOADS);
		c->aborted = 1;
		return -1;
	}
	if ((err = pf_read_file(run, path, &data, &len)) != 0) {
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
		nul = memchr(p, '\0', n);
		vis = nul != NULL ? (size_t)(nul - p) : n;
		if (nul != NULL)
			fpm_warn(c, "fpm-nul", pf_loc_make(file, line,
			    (uint32_t)vis + 1, 1), "NUL byte: php-fpm ignores "
			    "the rest of this line");
		if (nl != NULL && nul == NULL) {
			parse_line(c, p, n + 1, line);
		} else {
			/* php-fpm appends the newline itself. */
			if (vis + 2 > scap) {
				scap = vis + 64;
				scratch = pf_alloc(run->arena, scap);
			}
			memcpy(scratch, p, vis);
			scratch[vis] = '\n';
			scratch[vis + 1] = '\0';
			parse_line(c, scratch, vis + 1, line);
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

	memset(&c, 0, sizeof(c));
	c.run = run;
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
			    "/usr/local/etc/php-fpm.conf, /etc/php*/php-fpm.conf"
			    "%s%s)", run->root ? " below " : "",
			    run->root ? run->root : "");
			return -1;
		}
	} else if (strncmp(path, "/usr/local/", 11) == 0)
		php_prefix = "/usr/local";
	c.php_prefix = php_prefix ? php_prefix : FPM_PHP_PREFIX;
	c.conf->path = path;
	c.conf->prefix = o->prefix ? o->prefix : c.php_prefix;
	c.conf->prefix_given = o->prefix != NULL;
	c.conf->layout = layout;
	c.users = fpm_users_new(run);
	m->fpm = c.conf;

	if (o->prefix != NULL && !fpm_is_dir(run, o->prefix))
		fpm_error(&c, "fpm-prefix", PF_NOLOC, "the global prefix '%s' "
		    "does not exist or is not a directory", o->prefix);
	if (load_file(&c, path, PF_NOLOC) < 0 && run->sources.n <= 1)
		return -1;
	if (!c.aborted)
		fpm_post_process(&c);
	for (i = 0; i < c.conf->pools.n; i++)
		PF_PUSH(run->arena, m->pools, c.conf->pools.v[i]);
	return 0;
}
