/*
 * report_view.c - the prepared list every report format renders
 * (report_view.h): clean UTF-8, redaction, origins, include chains,
 * snippets with carets, fingerprints, counts.
 */
#include "emitters/report_view.h"

#include <stdlib.h>
#include <string.h>

#include "model/fingerprint.h"
#include "model/redact.h"

/* Longest snippet shown; longer lines are cut around the column. */
#define SNIPPET_MAX	400
/* Deepest include chain shown (httpd itself stops at 128). */
#define CHAIN_MAX	200

static const char repl[] = "\xef\xbf\xbd";	/* U+FFFD */

/* Length of a valid UTF-8 sequence at p (n bytes left) and its code
 * point, or 0 if invalid. */
static size_t
utf8_seq(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2; c &= 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3; c &= 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4; c &= 0x07; min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

char *
pf_rv_clean(struct pf_arena *a, const char *s, size_t n, int keep_nl,
    size_t *pos, size_t npos)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, k, len;
	unsigned cp;
	char *out;

	/* Most text is printable ASCII: copied as is, offsets unchanged
	 * (the loop below maps them the same way), no room reserved for
	 * growth. */
	while (i < n && ((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\t' ||
	    (keep_nl && p[i] == '\n')))
		i++;
	if (i == n) {
		for (k = 0; k < npos; k++)
			if (pos[k] > n)
				pos[k] = (size_t)-1 - pos[k];
		return pf_strndup(a, s, n);
	}
	i = 0;
	out = pf_alloc(a, n * 3 + 1);	/* 1 byte -> 3 at most */
	while (i < n) {
		for (k = 0; k < npos; k++)
			if (pos[k] == i)
				pos[k] = (size_t)-1 - o;	/* mark done */
		len = utf8_seq(p + i, n - i, &cp);
		/* CRLF in a message is a line break, a lone CR is not. */
		if (keep_nl && p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
			i++;
			continue;
		}
		if (len == 0 || (cp < 0x20 && cp != '\t' &&
		    !(keep_nl && cp == '\n')) || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f) || cp == 0xfffe ||
		    cp == 0xffff) {
			memcpy(out + o, repl, 3);
			o += 3;
			i += len ? len : 1;
			continue;
		}
		/* Offsets inside a multi-byte character snap to its start. */
		for (k = 0; k < npos; k++)
			if (pos[k] > i && pos[k] < i + len)
				pos[k] = (size_t)-1 - o;
		memcpy(out + o, p + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	for (k = 0; k < npos; k++)
		pos[k] = pos[k] > n ? (size_t)-1 - pos[k] : o;
	return out;
}

size_t
pf_rv_width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

const char *
pf_rv_text(struct pf_rv *v, const char *s)
{
	struct pf_arena *a = v->tmp != NULL ? v->tmp : v->arena;

	if (s == NULL)
		return NULL;
	if (v->redactor != NULL)
		s = pf_redact_text(v->redactor, a, s);
	return pf_rv_clean(a, s, strlen(s), 1, NULL, 0);
}

const char *
pf_rv_level(enum pf_severity s)
{
	switch (s) {
	case PF_SEV_CRITICAL:
	case PF_SEV_HIGH:
	case PF_SEV_ERROR:
		return "error";
	case PF_SEV_MEDIUM:
	case PF_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

const char *
pf_rv_security_severity(enum pf_severity s)
{
	/* GitHub's bands: >= 9.0 critical, 7.0 high, 4.0 medium, 0.1 low. */
	switch (s) {
	case PF_SEV_CRITICAL:
		return "9.5";
	case PF_SEV_HIGH:
		return "8.0";
	case PF_SEV_MEDIUM:
		return "5.5";
	case PF_SEV_LOW:
		return "2.0";
	case PF_SEV_INFO:
		return "0.0";
	default:
		return NULL;
	}
}

const char *
pf_rv_kind_name(enum pf_src_kind k)
{
	switch (k) {
	case PF_SRC_SITE:
		return "site";
	case PF_SRC_HTTPD:
		return "httpd";
	case PF_SRC_HTACCESS:
		return "htaccess";
	case PF_SRC_FPM:
		return "php-fpm";
	case PF_SRC_PHPINI:
		return "php-ini";
	case PF_SRC_GENERATED:
		return "generated";
	default:
		return "other";
	}
}

const char *
pf_rv_rule_uri(struct pf_rv *v, const char *id)
{
	const char *base = v->o->rule_docs_url ? v->o->rule_docs_url :
	    PF_RULE_DOCS_URL;

	struct pf_arena *a = v->tmp != NULL ? v->tmp : v->arena;
	const char *u = pf_printf(a, "%s%s.md", base, id);

	return pf_rv_clean(a, u, strlen(u), 0, NULL, 0);
}

const char *
pf_report_path(struct pf_run *run, uint32_t file,
    const struct pf_report_opts *o)
{
	const struct pf_source *s = pf_source_get(run, file);
	size_t n;

	if (s == NULL)
		return "";
	if (o != NULL && o->base_dir != NULL) {
		n = strlen(o->base_dir);
		while (n > 1 && o->base_dir[n - 1] == '/')
			n--;
		if (n > 0 && strncmp(s->path, o->base_dir, n) == 0 &&
		    s->path[n] == '/')
			return s->path + n + 1;
	}
	return s->path;
}

/* "a/./b//c" -> "a/b/c"; a leading "./" goes. */
static char *
tidy_path(struct pf_arena *a, const char *p)
{
	char *out = pf_alloc(a, strlen(p) + 1), *o = out;

	while (p[0] == '.' && p[1] == '/')
		for (p += 2; *p == '/'; p++)
			;
	for (; *p != '\0'; p++) {
		if (p[0] == '/' && p[1] == '/')
			continue;
		if (p[0] == '/' && p[1] == '.' && (p[2] == '/' ||
		    p[2] == '\0')) {
			p++;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static const char *
uri_encode(struct pf_arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = pf_alloc(a, strlen(s) * 3 + 1), *o = out;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL) {
			*o++ = (char)c;
			continue;
		}
		*o++ = '%';
		*o++ = hex[c >> 4];
		*o++ = hex[c & 15];
	}
	*o = '\0';
	return out;
}

/* Fills uri, rel and uri_base for a source path. */
static void
locate(struct pf_rv *v, const char *path, struct pf_rv_loc *l)
{
	const char *real = path, *base = v->o->base_dir;
	size_t n;

	/* Under --root the file read was ROOT/path: that is where it is. */
	if (v->run->root != NULL && path[0] == '/')
		real = pf_printf(v->arena, "%s%s", v->run->root, path);
	if (real[0] != '/') {
		const char *cwd = v->o->cwd;

		if (cwd == NULL || base == NULL || strcmp(cwd, base) == 0) {
			l->rel = tidy_path(v->arena, real);
			l->uri_base = "SRCROOT";
			goto done;
		}
		real = pf_printf(v->arena, "%s/%s", cwd, real);
	}
	real = tidy_path(v->arena, real);
	if (base != NULL) {
		n = strlen(base);
		while (n > 1 && base[n - 1] == '/')
			n--;
		if (n > 1 && strncmp(real, base, n) == 0 && real[n] == '/') {
			l->rel = real + n + 1;
			l->uri_base = "SRCROOT";
			goto done;
		}
	}
	l->rel = real + 1;
	l->uri_base = "ROOT";
done:
	l->uri = uri_encode(v->arena, l->rel);
}

/*
 * pf_source_line() without indexing a whole file for one line: the first
 * time the view asks about a source its line is found by counting
 * newlines from the start (a tree of 10,000 vhost files has a finding in
 * each); a source asked again gets pf_source_line()'s index.
 */
static int
source_line(struct pf_rv *v, uint32_t file, uint32_t line, const char **p,
    size_t *n)
{
	const struct pf_source *s = pf_source_get(v->run, file);
	const char *d, *end, *nl;
	uint32_t k;

	if (s == NULL || s->data == NULL || line == 0)
		return -1;
	if (v->asked == NULL) {
		v->nasked = v->run->sources.n;
		v->asked = pf_alloc(v->arena, v->nasked + 1);
	}
	if (s->lines != NULL || file >= v->nasked || v->asked[file] != 0)
		return pf_source_line(v->run, file, line, p, n);
	v->asked[file] = 1;
	d = s->data;
	end = s->data + s->len;
	for (k = 1; k < line; k++) {
		if ((nl = memchr(d, '\n', (size_t)(end - d))) == NULL)
			return -1;
		d = nl + 1;
	}
	nl = memchr(d, '\n', (size_t)(end - d));
	if (nl == NULL)
		nl = end;
	if (nl > d && nl[-1] == '\r')
		nl--;
	*p = d;
	*n = (size_t)(nl - d);
	return 0;
}

/* Source line, caret and columns of a location. */
static void
snippet(struct pf_rv *v, struct pf_rv_loc *l)
{
	static const char dots[] = "... ", tail[] = " ...";
	struct pf_span sp[64];
	const char *p;
	size_t n, ns, pos[2], ws, we;
	uint32_t col = l->loc.col, len = l->loc.len;
	struct pf_arena *a = v->tmp != NULL ? v->tmp : v->arena;
	char *s;
	int caret;

	if (l->loc.line == 0 ||
	    source_line(v, l->loc.file, l->loc.line, &p, &n) != 0)
		return;
	caret = col > 0 && col <= n + 1;
	pos[0] = caret ? col - 1 : 0;
	pos[1] = caret ? (len > n - pos[0] ? n : pos[0] + len) : 0;
	if (caret) {
		l->ccol = (uint32_t)pf_rv_width(p, pos[0]) + 1;
		if (len > 0)
			l->cend = (uint32_t)pf_rv_width(p, pos[1]) + 1;
	}
	if (v->redactor != NULL &&
	    (ns = pf_redact_scan(p, n, sp, 64)) > 0) {
		p = pf_redact_apply(a, p, n, sp, ns > 64 ? 64 : ns, &n,
		    pos, 2);
	}
	ws = 0;
	we = n;
	if (n > SNIPPET_MAX) {
		ws = pos[0] > SNIPPET_MAX / 2 ? pos[0] - SNIPPET_MAX / 2 : 0;
		while (ws > 0 && ((unsigned char)p[ws] & 0xc0) == 0x80)
			ws--;
		we = ws + SNIPPET_MAX;
		while (we < n && ((unsigned char)p[we] & 0xc0) == 0x80)
			we++;
		if (we > n)
			we = n;
	}
	pos[0] = pos[0] < ws ? 0 : pos[0] - ws;
	pos[1] = pos[1] < ws ? 0 : pos[1] - ws;
	if (pos[0] > we - ws)
		pos[0] = we - ws, caret = 0;
	if (pos[1] > we - ws)
		pos[1] = we - ws;
	s = pf_rv_clean(a, p + ws, we - ws, 0, pos, 2);
	if (ws > 0 || we < n) {
		s = pf_printf(a, "%s%s%s", ws > 0 ? dots : "", s,
		    we < n ? tail : "");
		if (ws > 0) {
			pos[0] += sizeof(dots) - 1;
			pos[1] += sizeof(dots) - 1;
		}
	}
	l->snippet = s;
	if (caret) {
		l->snip_start = pos[0];
		l->snip_end = pos[1] > pos[0] ? pos[1] : pos[0];
		l->caret = 1;
	}
}

static struct pf_rv_loc resolve(struct pf_rv *, struct pf_loc, int);

/* pf_rv_clean() of a path that lives as long as the view: itself when
 * it is printable ASCII already (10,000 paths need no copies). */
static const char *
clean_path(struct pf_arena *a, const char *p)
{
	const unsigned char *q;

	for (q = (const unsigned char *)p; *q >= 0x20 && *q < 0x7f; q++)
		;
	return *q == '\0' ? p : pf_rv_clean(a, p, strlen(p), 0, NULL, 0);
}

struct pf_rv_loc
pf_rv_resolve(struct pf_rv *v, struct pf_loc loc, int full)
{
	return resolve(v, loc, full);
}

/* The Include chain of a location's file, innermost first. */
static void
chain(struct pf_rv *v, struct pf_rv_loc *l)
{
	const struct pf_source *s = pf_source_get(v->run, l->loc.file);
	size_t n = 0;

	while (s != NULL && s->included_from.file != 0 && n < CHAIN_MAX) {
		l->chain = pf_grow(v->tmp != NULL ? v->tmp : v->arena,
		    l->chain, n, n + 1, sizeof(*l->chain));
		l->chain[n++] = resolve(v, s->included_from, 0);
		s = pf_source_get(v->run, s->included_from.file);
	}
	l->nchain = n;
}

/*
 * The first source whose path is the same string as source id's: a file
 * Included by every vhost is one source per Include, all of one path
 * (pf_source_add_kept), whose names and URIs are made once.  Built on
 * first use by pointer; equal paths in distinct strings stay distinct
 * here, which only costs their work twice.
 */
static uint32_t
same_path(struct pf_rv *v, uint32_t id)
{
	const struct pf_run *run = v->run;
	size_t n = run->sources.n, cap, i, mask;
	uint32_t *slot, k;

	if (id == 0 || id >= n)
		return id;
	if (v->same_path == NULL) {
		for (cap = 16; cap < 2 * n; cap *= 2)
			;
		mask = cap - 1;
		slot = calloc(cap, sizeof(*slot));
		v->same_path = pf_xmalloc(n * sizeof(*v->same_path));
		if (slot == NULL)
			pf_oom();
		v->same_path[0] = 0;
		for (k = 1; k < n; k++) {
			const char *p = run->sources.v[k]->path;

			for (i = ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ULL >> 17 &
			    mask; slot[i] != 0 && run->sources.v[slot[i]]->path !=
			    p; i = (i + 1) & mask)
				;
			if (slot[i] == 0)
				slot[i] = k;
			v->same_path[k] = slot[i];
		}
		free(slot);
	}
	return v->same_path[id];
}

static struct pf_rv_loc
resolve(struct pf_rv *v, struct pf_loc loc, int full)
{
	struct pf_rv_loc l;
	const struct pf_source *s = pf_source_get(v->run, loc.file);

	memset(&l, 0, sizeof(l));
	l.loc = loc;
	if (s == NULL) {
		l.loc.file = 0;
		l.path = "";
		return l;
	}
	l.kind = s->kind;
	if (v->paths == NULL) {
		v->npaths = v->run->sources.n;
		v->paths = pf_alloc(v->arena, (v->npaths + 1) *
		    sizeof(*v->paths));
	}
	if (loc.file < v->npaths && v->paths[loc.file].path == NULL &&
	    v->paths[same_path(v, loc.file)].path != NULL)
		v->paths[loc.file] = v->paths[same_path(v, loc.file)];
	if (loc.file < v->npaths && v->paths[loc.file].path != NULL) {
		const struct pf_rv_paths *c = &v->paths[loc.file];

		l.path = c->path;
		l.rel = c->rel;
		l.uri = c->uri;
		l.uri_base = c->uri_base;
	} else {
		l.path = pf_report_path(v->run, loc.file, v->o);
		l.path = clean_path(v->arena, l.path);
		if (!(v->flags & PF_RV_PATHS_ONLY)) {
			locate(v, s->path, &l);
			/* Paths are bytes too: keep JSON and XML
			 * well-formed. */
			l.rel = clean_path(v->arena, l.rel);
		}
		if (loc.file < v->npaths) {
			struct pf_rv_paths *c = &v->paths[loc.file];

			c->path = l.path;
			c->rel = l.rel;
			c->uri = l.uri;
			c->uri_base = l.uri_base;
			if (v->paths[same_path(v, loc.file)].path == NULL)
				v->paths[same_path(v, loc.file)] = *c;
		}
	}
	if (full) {
		snippet(v, &l);
		chain(v, &l);
	}
	return l;
}

static int
cmp_rule(const void *a, const void *b)
{
	const struct pf_rule_info *x = *(const struct pf_rule_info *const *)a;
	const struct pf_rule_info *y = *(const struct pf_rule_info *const *)b;

	return strcmp(x->id, y->id);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
pf_rv_id_index(const struct pf_rv *v, const char *id)
{
	size_t lo = 0, hi = v->nids;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(v->ids[mid], id);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int
pf_rv_rule_index(const struct pf_rv *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->nrules; i++)
		if (strcmp(v->rules[i]->id, id) == 0)
			return (int)i;
	return -1;
}

/* Distinct rules and ids, sorted. */
static void
tables(struct pf_rv *v)
{
	size_t i, k;

	v->rules = pf_alloc(v->arena, (v->n + 1) * sizeof(*v->rules));
	v->ids = pf_alloc(v->arena, (v->n + 1) * sizeof(*v->ids));
	for (i = 0; i < v->n; i++) {
		if (v->v[i].rule != NULL)
			v->rules[v->nrules++] = v->v[i].rule;
		v->ids[v->nids++] = v->v[i].id;
	}
	if (v->nrules > 1)
		qsort(v->rules, v->nrules, sizeof(*v->rules), cmp_rule);
	for (i = k = 0; i < v->nrules; i++)
		if (k == 0 || strcmp(v->rules[k - 1]->id, v->rules[i]->id))
			v->rules[k++] = v->rules[i];
	v->nrules = k;
	if (v->nids > 1)
		qsort(v->ids, v->nids, sizeof(*v->ids), cmp_str);
	for (i = k = 0; i < v->nids; i++)
		if (k == 0 || strcmp(v->ids[k - 1], v->ids[i]))
			v->ids[k++] = v->ids[i];
	v->nids = k;
}

int
pf_report_failing(const struct pf_run *run, enum pf_severity fail_on)
{
	size_t i, stored[PF_SEV_MAX];
	int s, rc = 0;

	if (run->count[PF_SEV_ERROR] > 0)
		return 3;
	memset(stored, 0, sizeof(stored));
	for (i = 0; i < run->diags.n; i++) {
		const struct pf_diag *d = run->diags.v[i];

		if ((unsigned)d->sev < PF_SEV_MAX)
			stored[d->sev]++;
		if (pf_sev_is_finding(d->sev) && d->sev >= fail_on &&
		    d->suppressed == NULL)
			rc = 1;
	}
	/* Diagnostics over the storage cap were not kept: count them. */
	for (s = PF_SEV_INFO; s < PF_SEV_MAX && (unsigned)fail_on < PF_SEV_MAX;
	    s++)
		if (s >= (int)fail_on && run->count[s] > stored[s])
			rc = 1;
	return rc;
}

/* Distinct files by URI (see file_index in report_view.h). */
static const char **files_uri;	/* for cmp_file (qsort has no context) */

static int
cmp_file(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int c = strcmp(files_uri[x], files_uri[y]);

	return c != 0 ? c : (x < y ? -1 : x > y);
}

static void
files(struct pf_rv *v)
{
	size_t n = v->run->sources.n, i, k;
	uint32_t *order = pf_alloc(v->arena, (n + 1) * sizeof(*order));
	uint32_t *canon = pf_alloc(v->arena, (n + 1) * sizeof(*canon));

	files_uri = pf_alloc(v->arena, (n + 1) * sizeof(*files_uri));
	v->file_index = pf_alloc(v->arena, (n + 1) * sizeof(*v->file_index));
	v->file_first = pf_alloc(v->arena, (n + 1) * sizeof(*v->file_first));
	for (i = 1; i < n; i++) {
		uint32_t f = same_path(v, (uint32_t)i);
		struct pf_rv_loc l;

		order[i - 1] = (uint32_t)i;
		if (f != i) {
			files_uri[i] = files_uri[f];
			continue;
		}
		l = resolve(v, pf_loc_make((uint32_t)i, 0, 0, 0), 0);
		files_uri[i] = pf_printf(v->arena, "%s:%s", l.uri_base, l.uri);
	}
	if (n > 2)
		qsort(order, n - 1, sizeof(*order), cmp_file);
	for (k = 0; k + 1 < n; k++)
		canon[order[k]] = k > 0 && strcmp(files_uri[order[k]],
		    files_uri[order[k - 1]]) == 0 ? canon[order[k - 1]] :
		    order[k];
	for (i = 1; i < n; i++) {
		if (canon[i] == i) {
			v->file_first[v->nfiles] = (uint32_t)i;
			v->file_index[i] = v->nfiles++;
		} else
			v->file_index[i] = v->file_index[canon[i]];
	}
	files_uri = NULL;
}

/* People read reports by the location they edit: the primary one. */
static int
cmp_view(const void *a, const void *b)
{
	const struct pf_rv_diag *x = a, *y = b;
	int c;

	if ((x->at.loc.file == 0) != (y->at.loc.file == 0))
		return x->at.loc.file == 0 ? 1 : -1;
	if ((c = strcmp(x->at.path, y->at.path)) != 0)
		return c;
	if (x->at.loc.file != y->at.loc.file)
		return x->at.loc.file < y->at.loc.file ? -1 : 1;
	if (x->at.loc.line != y->at.loc.line)
		return x->at.loc.line < y->at.loc.line ? -1 : 1;
	if (x->at.loc.col != y->at.loc.col)
		return x->at.loc.col < y->at.loc.col ? -1 : 1;
	return x->d->seq < y->d->seq ? -1 : x->d->seq > y->d->seq;
}

/* The parts of an entry PF_RV_LAZY leaves out (see pf_rv_fill). */
static void
fill(struct pf_rv *v, struct pf_rv_diag *rd)
{
	struct pf_run *run = v->run;
	const struct pf_diag *d = rd->d;
	struct pf_arena *a = v->tmp != NULL ? v->tmp : v->arena;
	struct pf_loc at = rd->at.loc;
	size_t j;

	rd->message = pf_rv_text(v, d->message ? d->message : "");
	rd->subject = pf_rv_text(v, d->subject);
	if (v->flags & PF_RV_MESSAGE_ONLY)
		return;
	rd->fix = pf_rv_text(v, d->fix);
	rd->fingerprint = d->fingerprint;
	rd->at = resolve(v, at, 1);
	if (at.file != d->loc.file || at.line != d->loc.line) {
		rd->gen = pf_alloc(a, sizeof(*rd->gen));
		*rd->gen = resolve(v, d->loc, 1);
	}
	rd->rel = pf_alloc(a, (d->nrelated + 1) * sizeof(*rd->rel));
	for (j = 0; j < d->nrelated; j++) {
		struct pf_loc rl = pf_loc_origin(run, d->related[j].loc);

		rd->rel[j].loc = resolve(v, rl, 1);
		if (rl.file != d->related[j].loc.file ||
		    rl.line != d->related[j].loc.line) {
			rd->rel[j].gen = pf_alloc(a, sizeof(*rd->rel[j].gen));
			*rd->rel[j].gen = resolve(v, d->related[j].loc, 1);
		}
		rd->rel[j].message = pf_rv_text(v, d->related[j].message);
	}
	rd->nrel = d->nrelated;
}

void
pf_rv_fill(struct pf_rv *v, struct pf_rv_diag *rd, struct pf_arena *a)
{
	if (!(v->flags & PF_RV_LAZY))
		return;
	v->tmp = a;
	fill(v, rd);
	v->tmp = NULL;
}

struct pf_rv_diag *
pf_rv_item(struct pf_rv_items *it, size_t i)
{
	pf_arena_reset(it->a);
	pf_rv_fill(it->v, &it->v->v[i], it->a);
	return &it->v->v[i];
}

void
pf_rv_build(struct pf_rv *v, struct pf_run *run,
    const struct pf_report_opts *o)
{
	pf_rv_build_flags(v, run, o, 0);
}

void
pf_rv_build_flags(struct pf_rv *v, struct pf_run *run,
    const struct pf_report_opts *o, int flags)
{
	size_t i, stored[PF_SEV_MAX];
	int s;

	memset(v, 0, sizeof(*v));
	memset(stored, 0, sizeof(stored));
	v->run = run;
	v->o = o;
	v->flags = flags;
	v->arena = pf_arena_new();
	v->tool_version = o->tool_version ? o->tool_version : PF_VERSION;
	if (flags & PF_RV_NO_FINGERPRINTS)
		pf_run_sort_diags(run);
	else
		pf_fingerprint_run(run);	/* sorts the diagnostics too */
	if (o->redact && run->diags.n > 0)
		v->redactor = pf_redactor_new(run);
	if (o->base_dir != NULL)
		v->srcroot_uri = pf_printf(v->arena, "file://%s%s",
		    uri_encode(v->arena, o->base_dir),
		    o->base_dir[strlen(o->base_dir) - 1] == '/' ? "" : "/");
	if (!(flags & PF_RV_NO_FILES))
		files(v);
	v->v = pf_alloc(v->arena, (run->diags.n + 1) * sizeof(*v->v));
	for (i = 0; i < run->diags.n; i++) {
		const struct pf_diag *d = run->diags.v[i];
		struct pf_rv_diag *rd = &v->v[v->n++];
		struct pf_loc at = pf_loc_origin(run, d->loc);

		rd->d = d;
		rd->sev = d->sev;
		rd->id = pf_diag_effective_id(d);
		rd->id = clean_path(v->arena, rd->id);	/* copied if not ASCII */
		rd->rule = d->rule;
		rd->finding = pf_sev_is_finding(d->sev);
		rd->suppressed = pf_rv_text(v, d->suppressed);
		rd->at = resolve(v, at, 0);
		if (!(flags & PF_RV_LAZY))
			fill(v, rd);
		if ((unsigned)d->sev < PF_SEV_MAX)
			stored[d->sev]++;
		if (d->suppressed != NULL) {
			v->nsuppressed++;
		} else {
			v->nshown++;
			if ((unsigned)d->sev < PF_SEV_MAX)
				v->count[d->sev]++;
		}
		rd->failing = d->sev == PF_SEV_ERROR ||
		    (rd->finding && d->sev >= o->fail_on &&
		    d->suppressed == NULL);
		if (rd->failing)
			v->nfailing++;
	}
	for (s = 0; s < PF_SEV_MAX; s++)
		if (run->count[s] > stored[s])
			v->count[s] += run->count[s] - stored[s];
	v->failed = pf_report_failing(run, o->fail_on) != 0;
	if (v->n > 1)
		qsort(v->v, v->n, sizeof(*v->v), cmp_view);
	tables(v);
}

/* Entries i and j at one place, of one id, about different subjects. */
static int
same_place_other_subject(const struct pf_rv *v, size_t i, size_t j)
{
	const struct pf_rv_diag *x = &v->v[i], *y = &v->v[j];

	/* the same path, not only the same source: a file Included in
	 * each vhost is one source per Include */
	return x->at.loc.line == y->at.loc.line &&
	    x->at.path != NULL && y->at.path != NULL &&
	    strcmp(x->at.path, y->at.path) == 0 &&
	    x->at.loc.col == y->at.loc.col && strcmp(x->id, y->id) == 0 &&
	    y->d->subject != NULL && strcmp(x->d->subject, y->d->subject) != 0;
}

int
pf_rv_subject_needed(const struct pf_rv *v, size_t i)
{
	const struct pf_rv_diag *rd = &v->v[i];

	if (rd->d->subject == NULL || rd->subject == NULL ||
	    rd->subject[0] == '\0' || (rd->message != NULL &&
	    strstr(rd->message, rd->subject) != NULL))
		return 0;
	/* the view is sorted by location: the others are next to it */
	return (i > 0 && same_place_other_subject(v, i, i - 1)) ||
	    (i + 1 < v->n && same_place_other_subject(v, i, i + 1));
}

void
pf_rv_free(struct pf_rv *v)
{
	pf_redactor_free(v->redactor);
	free(v->same_path);
	pf_arena_free(v->arena);
	memset(v, 0, sizeof(*v));
}
