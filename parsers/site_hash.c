/*
 * site_hash.c - a small string-keyed hash table for the site reader, so
 * a hosting provider's run with thousands of sites and pools finds names,
 * duplicates and listen addresses in constant time.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "parsers/site_int.h"

static uint64_t
hash(const char *s, int ci)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)(ci ? tolower((unsigned char)*s) : *s);
		h *= 1099511628211ULL;
	}
	return h;
}

static int
same(const struct shash *t, const char *a, const char *b)
{
	return t->ci ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

void *
shash_get(const struct shash *t, const char *key)
{
	size_t i, mask;

	if (t->cap == 0)
		return NULL;
	mask = t->cap - 1;
	for (i = (size_t)hash(key, t->ci) & mask; t->v[i].key != NULL;
	    i = (i + 1) & mask)
		if (same(t, t->v[i].key, key))
			return t->v[i].val;
	return NULL;
}

void
shash_put(struct pf_arena *a, struct shash *t, const char *key, void *val)
{
	struct shash_ent *old = t->v;
	size_t i, mask, oldcap = t->cap;

	if ((t->n + 1) * 10 > t->cap * 7) {
		t->cap = oldcap ? oldcap * 2 : 64;
		t->v = pf_alloc(a, t->cap * sizeof(*t->v));
		t->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].key != NULL)
				shash_put(a, t, old[i].key, old[i].val);
	}
	mask = t->cap - 1;
	for (i = (size_t)hash(key, t->ci) & mask; t->v[i].key != NULL;
	    i = (i + 1) & mask)
		if (same(t, t->v[i].key, key)) {
			t->v[i].val = val;
			return;
		}
	t->v[i].key = key;
	t->v[i].val = val;
	t->n++;
}
