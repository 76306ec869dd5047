/*
 * suppress.c - inline suppression comments, read from the sources' text
 * (the readers keep it in pf_source.data, so no reader needs to know):
 *
 *   # proxyfpm-ignore: greedy-proxypassmatch -- front controller only
 *   ProxyPassMatch ^/(index\.php)$ fcgi://127.0.0.1:9000/srv/app/$1
 *
 *   security.limit_extensions = .php .php7 ; proxyfpm-ignore: x -- why
 *   ; proxyfpm-ignore-file: open-basedir-missing -- shared hosting panel
 *
 * A comment line applies to the next line that is neither blank nor a
 * comment; a trailing comment (FPM, php.ini, site descriptions: ';';
 * httpd has no trailing comments) to its own line; -file to every finding
 * in that file.  Ids are rule ids, categories, patterns or "all".  The
 * reason after "--" (or ':') is required: without one the comment is
 * ignored and a warning says so.  For generated files the site
 * description line a finding maps to is checked too.
 */
#include <ctype.h>
#include <string.h>

#include "rules/rule.h"

struct sup {
	uint32_t	 line;		/* target line; 0 = whole file */
	const char	*ids;		/* comma/space separated */
	const char	*reason;
};

struct filesup {
	uint32_t	 file;
	PF_VEC(struct sup) v;
};

static int
is_comment_start(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && isspace((unsigned char)p[i]))
		i++;
	return i < n && (p[i] == '#' || p[i] == ';');
}

static int
is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)p[i]))
			return 0;
	return 1;
}

static void
parse_file(struct pf_run *run, struct filesup *fs)
{
	uint32_t ln;
	const char *p;
	size_t n;

	for (ln = 1; pf_source_line(run, fs->file, ln, &p, &n) == 0; ln++) {
		const char *m, *e = p + n, *ids, *rs;
		char *line;
		int filewide;
		struct sup s;

		line = pf_strndup(run->arena, p, n);
		m = strstr(line, "proxyfpm-ignore");
		if (m == NULL)
			continue;
		/* The marker must sit in a comment. */
		{
			const char *c = line;
			int inc = 0;

			for (; c < m; c++)
				if (*c == '#' || *c == ';')
					inc = 1;
			if (!inc)
				continue;
		}
		filewide = strncmp(m, "proxyfpm-ignore-file", 20) == 0;
		m += filewide ? 20 : 15;
		while (*m == ':' || *m == '=' || isspace((unsigned char)*m))
			m++;
		ids = m;
		rs = strstr(m, "--");
		if (rs == NULL) {
			/* "ids: reason" is accepted too. */
			const char *c = strchr(m, ':');

			rs = c;
		}
		(void)e;
		s.ids = pf_strndup(run->arena, ids, rs ? (size_t)(rs - ids) :
		    strlen(ids));
		s.reason = NULL;
		if (rs != NULL) {
			rs += rs[0] == '-' ? 2 : 1;
			while (isspace((unsigned char)*rs))
				rs++;
			if (*rs != '\0')
				s.reason = pf_strdup(run->arena, rs);
		}
		if (s.reason == NULL) {
			pf_diag_add(run, PF_SEV_WARNING, "suppress-no-reason",
			    pf_loc_make(fs->file, ln, (uint32_t)(ids - line) +
			    1, 0), "suppression comment without a reason is "
			    "ignored (write 'proxyfpm-ignore: ID -- why')");
			continue;
		}
		if (filewide)
			s.line = 0;
		else if (is_comment_start(p, n)) {
			uint32_t t;
			const char *q;
			size_t qn;

			s.line = 0;
			for (t = ln + 1; pf_source_line(run, fs->file, t, &q,
			    &qn) == 0; t++)
				if (!is_blank(q, qn) && !is_comment_start(q, qn)) {
					s.line = t;
					break;
				}
			if (s.line == 0)
				continue;
		} else
			s.line = ln;
		PF_PUSH(run->arena, fs->v, s);
	}
}

static int
names(const char *ids, const struct pf_rule_info *r)
{
	char buf[128];
	const char *p = ids;

	while (*p != '\0') {
		size_t l;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		l = strcspn(p, ", \t");
		if (l == 0)
			break;
		if (l < sizeof(buf)) {
			memcpy(buf, p, l);
			buf[l] = '\0';
			if (pf_rules_selects(buf, r))
				return 1;
		}
		p += l;
	}
	return 0;
}

/* cache: one entry per source, parsed on first use. */
static const char *
match(struct pf_run *run, struct filesup **cache, struct pf_loc loc,
    const struct pf_rule_info *r)
{
	struct filesup *fs;
	size_t i;

	if (loc.file == 0 || loc.file >= run->sources.n)
		return NULL;
	fs = cache[loc.file];
	if (fs == NULL) {
		const struct pf_source *src = run->sources.v[loc.file];

		fs = pf_alloc(run->arena, sizeof(*fs));
		fs->file = loc.file;
		cache[loc.file] = fs;
		/* Most files have no marker: one scan instead of a copy of
		 * each line. */
		if (src->data != NULL && memmem(src->data, src->len,
		    "proxyfpm-ignore", 15) != NULL)
			parse_file(run, fs);
	}
	for (i = 0; i < fs->v.n; i++)
		if ((fs->v.v[i].line == 0 || fs->v.v[i].line == loc.line) &&
		    names(fs->v.v[i].ids, r))
			return fs->v.v[i].reason;
	return NULL;
}

void
pf_suppress_inline(struct pf_run *run, size_t first)
{
	struct filesup **cache = pf_alloc(run->arena, (run->sources.n + 1) *
	    sizeof(*cache));
	size_t i;

	(void)first;
	for (i = 0; i < run->diags.n; i++) {
		struct pf_diag *d = run->diags.v[i];
		const char *why;
		struct pf_loc o;

		if (d->rule == NULL || d->suppressed != NULL)
			continue;
		why = match(run, cache, d->loc, d->rule);
		if (why == NULL) {
			o = pf_loc_origin(run, d->loc);
			if (o.file != d->loc.file || o.line != d->loc.line)
				why = match(run, cache, o, d->rule);
		}
		if (why != NULL)
			d->suppressed = pf_printf(run->arena, "inline: %s", why);
	}
}
