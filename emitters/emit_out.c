/*
 * emit_out.c - building emitted files line by line with the origin of
 * each line, the banner, and the quoting rules of the two dialects the
 * files are written in (httpd's and php-fpm's INI).
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "emitters/emit_int.h"

void
out_init(struct out *o, struct pf_run *run, char comment)
{
	memset(o, 0, sizeof(*o));
	o->run = run;
	o->comment = comment;
}

void
out_line(struct out *o, struct pf_loc loc, const char *fmt, ...)
{
	va_list ap;
	int i;

	for (i = 0; i < o->indent; i++)
		pf_buf_putc(&o->b, '\t');
	va_start(ap, fmt);
	pf_buf_vprintf(&o->b, fmt, ap);
	va_end(ap);
	pf_buf_putc(&o->b, '\n');
	PF_PUSH(o->run->arena, o->origin, loc);
}

void
out_comment(struct out *o, struct pf_loc loc, const char *text)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		out_line(o, loc, "%c %.*s", o->comment, (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

void
out_blank(struct out *o)
{
	pf_buf_putc(&o->b, '\n');
	PF_PUSH(o->run->arena, o->origin, PF_NOLOC);
}

void
out_banner(struct out *o, struct cc *cc, struct pf_loc what,
    const char *section, const char *howto)
{
	const struct pf_source *src = pf_source_get(cc->run, what.file);
	struct pf_buf from = PF_BUF_INIT;
	size_t i;

	if (src != NULL)
		pf_buf_puts(&from, src->path);
	else
		for (i = 1; i < cc->run->sources.n; i++) {
			src = cc->run->sources.v[i];
			if (src->kind != PF_SRC_SITE)
				continue;
			if (from.len > 0)
				pf_buf_puts(&from, ", ");
			pf_buf_puts(&from, src->path);
		}
	out_line(o, PF_NOLOC, "%c %s from %s%s%s.", o->comment, PF_BANNER,
	    pf_buf_str(&from), section ? ", " : "", section ? section : "");
	out_line(o, PF_NOLOC, "%c Do not edit: 'proxyfpm compile' rewrites "
	    "this file.", o->comment);
	if (howto != NULL)
		out_comment(o, PF_NOLOC, howto);
	pf_buf_free(&from);
}

void
out_finish(struct out *o, struct cc *cc, enum pf_emit_kind kind,
    const char *name, const char *path)
{
	struct pf_emitted e;
	struct pf_source *src;
	const char *other;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.name = name;
	e.target = cc_path(cc, path);
	e.rel = path + 1;
	e.len = o->b.len;
	e.data = pf_strndup(cc->run->arena, pf_buf_str(&o->b), o->b.len);
	e.origin = o->origin.v;
	e.norigin = (uint32_t)o->origin.n;
	pf_buf_free(&o->b);
	/* Two emitted files on one path would silently lose one. */
	if ((other = ehash_get(&cc->paths, e.rel, strlen(e.rel))) != NULL) {
		pf_diag_add(cc->run, PF_SEV_ERROR, "compile-collision",
		    e.origin != NULL && e.norigin > 3 ? e.origin[3] : PF_NOLOC,
		    "%s would be written twice (%s and %s)", e.target, other,
		    name);
		return;
	}
	ehash_put(cc->run->arena, &cc->paths, e.rel, strlen(e.rel),
	    (void *)name);
	e.source = pf_source_add(cc->run, e.target, e.data, e.len,
	    PF_SRC_GENERATED, PF_NOLOC);
	src = pf_source_get(cc->run, e.source);
	src->origin = e.origin;
	src->norigin = e.norigin;
	PF_PUSH(cc->run->arena, cc->files, e);
}

const char *
cc_path(struct cc *cc, const char *path)
{
	if (cc->root == NULL || path == NULL)
		return path;
	return pf_printf(cc->run->arena, "%s%s", cc->root, path);
}

const char *
cc_user(struct cc *cc, const char *name)
{
	const char *star = NULL;
	size_t i;

	for (i = 0; i < cc->o->nuser_map; i++) {
		if (strcmp(cc->o->user_map[i].from, name) == 0)
			return cc->o->user_map[i].to;
		if (strcmp(cc->o->user_map[i].from, "*") == 0)
			star = cc->o->user_map[i].to;
	}
	return star != NULL ? star : name;
}

const char *
q_apache(struct cc *cc, const char *s)
{
	struct pf_buf b = PF_BUF_INIT;
	const char *r;

	/* Inside quotes httpd only unescapes \" and \\ (semantics.md
	 * 1.3); any other backslash stays, so regexes keep their look. */
	pf_buf_putc(&b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || (*s == '\\' && (s[1] == '"' ||
		    s[1] == '\\' || s[1] == '\0')))
			pf_buf_putc(&b, '\\');
		pf_buf_putc(&b, *s);
	}
	pf_buf_putc(&b, '"');
	r = pf_strdup(cc->run->arena, pf_buf_str(&b));
	pf_buf_free(&b);
	return r;
}

/*
 * php-fpm reads each line with the Zend INI scanner (semantics.md 3.1):
 * unquoted yes/no/on/off/true/false/none/null become booleans, unquoted
 * & | ^ ~ ! ( ) are operators, a bare name that is a PHP constant is
 * replaced by its value (E_ALL, PHP_OS), ';' starts a comment, "..."
 * expands ${} and takes \" \\ \$ escapes, '...' is raw.  Verified with
 * php-fpm8.2 -tt: '2;/var/lib' and "say \"hi\"" come through unchanged.
 */
static int
fpm_keyword(const char *s, size_t n)
{
	static const char *const words[] = { "yes", "no", "on", "off",
	    "true", "false", "none", "null" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return 1;
	return 0;
}

/* One word php-fpm keeps as written: characters that are neither
 * operators nor quotes, not a keyword, and not a name that could be a
 * constant (an identifier with a capital letter: constants are
 * upper case; ('MySite', 'E_ALL' and 'PHP_OS' are quoted). */
static int
fpm_plain(const char *s)
{
	const char *p;
	int ident = !isdigit((unsigned char)s[0]), upper = 0;

	if (*s == '\0' || fpm_keyword(s, strlen(s)))
		return 0;
	for (p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (!isalnum(c) && strchr("_./:,+@%-", c) == NULL)
			return 0;
		if (!isalnum(c) && c != '_')
			ident = 0;
		if (isupper(c))
			upper = 1;
	}
	return !(ident && upper);
}

/* The constant expressions php-fpm evaluates (zend_ini_parser.y):
 *   expr  := unary { ('|' | '&' | '^') unary }
 *   unary := ('~' | '!') unary | '(' expr ')' | CONST
 * with CONST a run of capitals, digits and '_' (E_ALL, 128M, 0). */
static int cexpr(const char **p, int depth);

static void
cskip(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static int
cunary(const char **p, int depth)
{
	const char *s;

	if (depth > 64)
		return 0;
	cskip(p);
	if (**p == '~' || **p == '!') {
		(*p)++;
		return cunary(p, depth + 1);
	}
	if (**p == '(') {
		(*p)++;
		if (!cexpr(p, depth + 1))
			return 0;
		cskip(p);
		if (**p != ')')
			return 0;
		(*p)++;
		return 1;
	}
	for (s = *p; isupper((unsigned char)**p) || isdigit((unsigned char)**p) ||
	    **p == '_'; (*p)++)
		;
	return *p > s && !fpm_keyword(s, (size_t)(*p - s));
}

static int
cexpr(const char **p, int depth)
{
	if (!cunary(p, depth))
		return 0;
	for (;;) {
		cskip(p);
		if (**p != '|' && **p != '&' && **p != '^')
			return 1;
		(*p)++;
		if (!cunary(p, depth))
			return 0;
	}
}

static int
fpm_const_expr(const char *s)
{
	const char *p = s;

	if (!cexpr(&p, 0))
		return 0;
	cskip(&p);
	return *p == '\0';
}

static const char *
fpm_quote(struct cc *cc, const char *s)
{
	struct pf_buf b = PF_BUF_INIT;
	const char *p, *r;

	if (*s == '\0')
		return "\"\"";
	if (strchr(s, '\'') == NULL)
		return pf_printf(cc->run->arena, "'%s'", s);
	pf_buf_putc(&b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\' || *p == '$')
			pf_buf_putc(&b, '\\');
		pf_buf_putc(&b, *p);
	}
	pf_buf_putc(&b, '"');
	r = pf_strdup(cc->run->arena, pf_buf_str(&b));
	pf_buf_free(&b);
	return r;
}

/* A string value (a path, a name, an env[] value): quoted unless php-fpm
 * would read it back unchanged without quotes. */
const char *
q_fpm_str(struct cc *cc, const char *s)
{
	return fpm_plain(s) ? s : fpm_quote(cc, s);
}

/* The KEY of php_admin_value[KEY] or env[KEY]: php-fpm evaluates a bare
 * constant there too (env[PHP_OS] is env[Linux]) and a keyword is empty
 * (php_admin_value[null]: "You must provide a key"). */
const char *
q_fpm_key(struct cc *cc, const char *s)
{
	if (fpm_plain(s))
		return s;
	return pf_printf(cc->run->arena, "'%s'", s);
}

/* A [php NAME] value: as q_fpm_str, except that a constant expression
 * (E_ALL & ~E_DEPRECATED) stays bare so that php-fpm evaluates it. */
const char *
q_fpm(struct cc *cc, const char *s)
{
	if (fpm_plain(s) || fpm_const_expr(s))
		return s;
	return fpm_quote(cc, s);
}

const char *
re_escape(struct cc *cc, const char *s)
{
	struct pf_buf b = PF_BUF_INIT;
	const char *r;

	for (; *s != '\0'; s++) {
		if (strchr("\\^$.|?*+()[]{}", *s) != NULL)
			pf_buf_putc(&b, '\\');
		pf_buf_putc(&b, *s);
	}
	r = pf_strdup(cc->run->arena, pf_buf_str(&b));
	pf_buf_free(&b);
	return r;
}

struct pf_loc
loc_or(struct pf_loc v, struct pf_loc fallback)
{
	return v.file != 0 ? v : fallback;
}

int
pf_emit_has_banner(const char *data, size_t len)
{
	size_t n = strlen(PF_BANNER);

	return len >= n + 2 && (data[0] == '#' || data[0] == ';') &&
	    data[1] == ' ' && strncmp(data + 2, PF_BANNER, n) == 0;
}
