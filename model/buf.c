/*
 * buf.c - growable byte buffer (see buf.h).
 */
#include "model/buf.h"
#include "model/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
reserve(struct pf_buf *b, size_t more)
{
	size_t need;

	if (more > SIZE_MAX - b->len - 1)
		pf_oom();
	need = b->len + more + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 256;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->p = pf_xrealloc(b->p, b->cap);
	b->p[b->len] = '\0';	/* a fresh buffer reads as "" */
}

void
pf_buf_reserve(struct pf_buf *b, size_t n)
{
	reserve(b, n);
}

void
pf_buf_add(struct pf_buf *b, const void *s, size_t n)
{
	reserve(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
pf_buf_puts(struct pf_buf *b, const char *s)
{
	pf_buf_add(b, s, strlen(s));
}

void
pf_buf_putc(struct pf_buf *b, char c)
{
	pf_buf_add(b, &c, 1);
}

void
pf_buf_vprintf(struct pf_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		reserve(b, 0);
		return;
	}
	reserve(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
pf_buf_printf(struct pf_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pf_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
pf_buf_reset(struct pf_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
pf_buf_free(struct pf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

char *
pf_buf_detach(struct pf_buf *b)
{
	char *p;

	reserve(b, 0);
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *
pf_buf_str(struct pf_buf *b)
{
	reserve(b, 0);
	return b->p;
}
