/*
 * emit_hash.c - a small hash table for compile, keyed by bytes (a string
 * or a pointer), so runs with thousands of sites stay linear: which plan
 * belongs to a pool, which paths are already emitted.
 */
#include <string.h>

#include "emitters/emit_int.h"

static uint64_t
hash(const void *k, size_t n)
{
	const unsigned char *p = k;
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0) {
		h ^= *p++;
		h *= 1099511628211ULL;
	}
	return h;
}

void *
ehash_get(const struct ehash *t, const void *key, size_t n)
{
	size_t i, mask;

	if (t->cap == 0)
		return NULL;
	mask = t->cap - 1;
	for (i = (size_t)hash(key, n) & mask; t->v[i].key != NULL;
	    i = (i + 1) & mask)
		if (t->v[i].n == n && memcmp(t->v[i].key, key, n) == 0)
			return t->v[i].val;
	return NULL;
}

void
ehash_put(struct pf_arena *a, struct ehash *t, const void *key, size_t n,
    void *val)
{
	struct ehash_ent *old = t->v;
	size_t i, mask, oldcap = t->cap;

	if ((t->n + 1) * 10 > t->cap * 7) {
		t->cap = oldcap ? oldcap * 2 : 64;
		t->v = pf_alloc(a, t->cap * sizeof(*t->v));
		t->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].key != NULL)
				ehash_put(a, t, old[i].key, old[i].n,
				    old[i].val);
	}
	mask = t->cap - 1;
	for (i = (size_t)hash(key, n) & mask; t->v[i].key != NULL;
	    i = (i + 1) & mask)
		if (t->v[i].n == n && memcmp(t->v[i].key, key, n) == 0) {
			t->v[i].val = val;
			return;
		}
	t->v[i].key = pf_strndup(a, key, n);
	t->v[i].n = n;
	t->v[i].val = val;
	t->n++;
}
