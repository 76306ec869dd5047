/*
 * httpd_util.c - small helpers of the httpd reader: the arena string map,
 * httpd's word splitting (ap_getword_conf, reference/semantics.md 1.3) and
 * table lookups.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "parsers/httpd_int.h"

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void *
pf_hmap_get(const struct pf_hmap *m, const char *k)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = hash_str(k) & (m->cap - 1); m->e[i].k != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->e[i].k, k) == 0)
			return m->e[i].v;
	return NULL;
}

void
pf_hmap_put(struct pf_arena *a, struct pf_hmap *m, const char *k, void *v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct pf_hmap nm = { NULL, 0, m->cap ? m->cap * 2 : 16 };

		nm.e = pf_alloc(a, nm.cap * sizeof(*nm.e));
		for (i = 0; i < m->cap; i++)
			if (m->e[i].k != NULL)
				pf_hmap_put(a, &nm, m->e[i].k, m->e[i].v);
		*m = nm;
	}
	for (i = hash_str(k) & (m->cap - 1); m->e[i].k != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->e[i].k, k) == 0) {
			/* Deletion keeps the key as a tombstone. */
			m->e[i].v = v;
			return;
		}
	m->e[i].k = k;
	m->e[i].v = v;
	m->n++;
}

/*
 * ap_getword_conf: a word is a run of non-space characters, or a quoted
 * string ('...' or "...") when it starts with a quote.  Inside quotes \q
 * (the same quote) and \\ are escapes; outside only \\ is.  An unterminated
 * quote runs to the end of the line.  A quote in the middle of a word is
 * an ordinary character.  Returns "" at the end of the line.
 */
const char *
pf_hrd_getword(struct pf_arena *a, const char **line)
{
	const char *s = *line, *e;
	char quote = 0, *res, *o;
	size_t i, len;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	if (*s == '"' || *s == '\'') {
		quote = *s;
		e = s + 1;
		while (*e != '\0' && *e != quote) {
			if (*e == '\\' && e[1] != '\0' && e[1] == quote)
				e += 2;
			else
				e++;
		}
		s++;
		len = (size_t)(e - s);
	} else {
		e = s;
		while (*e != '\0' && !isspace((unsigned char)*e))
			e++;
		len = (size_t)(e - s);
	}
	if (a == NULL) {
		/* only skip the word (used for counting) */
		if (quote && *e == quote)
			e++;
		while (*e != '\0' && isspace((unsigned char)*e))
			e++;
		*line = e;
		return "";
	}
	o = res = pf_alloc(a, len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len + (quote ? 1 : 0) &&
		    (s[i + 1] == '\\' || (quote && s[i + 1] == quote)))
			*o++ = s[++i];
		else
			*o++ = s[i];
	}
	*o = '\0';
	if (quote && *e == quote)
		e++;
	while (*e != '\0' && isspace((unsigned char)*e))
		e++;
	*line = e;
	return res;
}

const struct pf_directive *
pf_httpd_directive_find(const char *lname, size_t *n)
{
	size_t lo = 0, hi = pf_httpd_ndirectives, mid, first;
	int c;

	*n = 0;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(pf_httpd_directives[mid].lname, lname);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= pf_httpd_ndirectives ||
	    strcmp(pf_httpd_directives[lo].lname, lname) != 0)
		return NULL;
	first = lo;
	while (lo < pf_httpd_ndirectives &&
	    strcmp(pf_httpd_directives[lo].lname, lname) == 0)
		lo++;
	*n = lo - first;
	return &pf_httpd_directives[first];
}

const struct pf_httpd_module *
pf_httpd_module_by_id(const char *id)
{
	size_t i;

	for (i = 0; i < pf_httpd_nmodules; i++)
		if (strcmp(pf_httpd_modules[i].id, id) == 0)
			return &pf_httpd_modules[i];
	return NULL;
}

const struct pf_httpd_module *
pf_httpd_module_by_src(const char *src)
{
	size_t i;

	for (i = 0; i < pf_httpd_nmodules; i++)
		if (strcmp(pf_httpd_modules[i].src, src) == 0)
			return &pf_httpd_modules[i];
	return NULL;
}

const struct pf_httpd_module *
pf_httpd_module_by_so(const char *so)
{
	size_t i;

	for (i = 0; i < pf_httpd_nmodules; i++)
		if (pf_httpd_modules[i].so[0] != '\0' &&
		    strcmp(pf_httpd_modules[i].so, so) == 0)
			return &pf_httpd_modules[i];
	return NULL;
}

const char *
pf_httpd_module_src(const struct pf_directive *d)
{
	return pf_httpd_modules[d->module].src;
}

int
pf_node_is(const struct pf_node *n, const char *name)
{
	return n != NULL && n->name != NULL && strcasecmp(n->name, name) == 0;
}
