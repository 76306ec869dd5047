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
 * & | ^ ~ ! ( ) are operators, ';' starts a comment, "..." expands ${}
 * and takes \" \\ \$ escapes, '...' is raw.  Verified with php-fpm8.2
 * -tt: '2;/var/lib' and "say \"hi\"" come through unchanged.
 */
const char *
q_fpm(struct cc *cc, const char *s)
{
	static const char *const words[] = { "yes", "no", "on", "off",
	    "true", "false", "none", "null" };
	struct pf_buf b = PF_BUF_INIT;
	const char *p, *r;
	size_t i, n = strlen(s);
	int bare = n > 0 && s[0] != ' ' && s[n - 1] != ' ', expr = 1;

	for (p = s; *p != '\0' && bare; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) || strchr("_./:,+@%- ", c) != NULL) {
			if (islower(c) || strchr("./:,+@%-", c) != NULL)
				expr = 0;
			continue;
		}
		if (strchr("&|^~!()", c) != NULL)
			continue;	/* operators: see below */
		bare = 0;
	}
	if (bare && strpbrk(s, "&|^~!()") != NULL && !expr)
		bare = 0;	/* only a constant expression may use them */
	for (i = 0; bare && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i]) == 0)
			bare = 0;
	if (bare)
		return s;
	if (n == 0)
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
