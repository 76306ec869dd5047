/*
 * arena.c - chunked bump allocator (see arena.h).
 */
#include "model/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN	(64 * 1024)
#define ALIGN		16

struct chunk {
	struct chunk	*prev;
	size_t		 size, used;
	_Alignas(ALIGN) unsigned char data[];
};

struct pf_arena {
	struct chunk	*top;
	size_t		 total;
};

_Noreturn void
pf_oom(void)
{
	fputs("proxyfpm: out of memory\n", stderr);
	exit(4);
}

void *
pf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		pf_oom();
	return p;
}

void *
pf_xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		pf_oom();
	return p;
}

struct pf_arena *
pf_arena_new(void)
{
	struct pf_arena *a = pf_xmalloc(sizeof(*a));

	a->top = NULL;
	a->total = 0;
	return a;
}

void
pf_arena_free(struct pf_arena *a)
{
	struct chunk *c, *prev;

	if (a == NULL)
		return;
	for (c = a->top; c != NULL; c = prev) {
		prev = c->prev;
		free(c);
	}
	free(a);
}

void *
pf_alloc(struct pf_arena *a, size_t n)
{
	struct chunk *c = a->top;
	void *p;

	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	if (c == NULL || c->size - c->used < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;

		if (size > SIZE_MAX - sizeof(*c))
			pf_oom();
		c = pf_xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		/* A big block goes under the current chunk so that the
		 * current chunk's free space stays usable. */
		if (a->top != NULL && n > CHUNK_MIN / 4) {
			c->prev = a->top->prev;
			a->top->prev = c;
		} else {
			c->prev = a->top;
			a->top = c;
		}
	}
	p = c->data + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

void *
pf_grow(struct pf_arena *a, void *old, size_t n, size_t newcap, size_t sz)
{
	void *p;

	if (sz != 0 && newcap > SIZE_MAX / sz)
		pf_oom();
	p = pf_alloc(a, newcap * sz);
	if (old != NULL && n > 0)
		memcpy(p, old, n * sz);
	return p;
}

char *
pf_strndup(struct pf_arena *a, const char *s, size_t n)
{
	char *p = pf_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
pf_strdup(struct pf_arena *a, const char *s)
{
	return s == NULL ? NULL : pf_strndup(a, s, strlen(s));
}

char *
pf_vprintf(struct pf_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	p = pf_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
pf_printf(struct pf_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = pf_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
pf_arena_used(const struct pf_arena *a)
{
	return a->total;
}
