/*
 * arena.c - chunked bump allocator (see arena.h).
 *
 * Small arenas (a rule's scratch space per vhost, a report) live in 64 KiB
 * malloc chunks, which malloc recycles between arenas.  Once an arena
 * holds a few MiB (a tree of 10,000 vhosts takes ~75 MiB) further chunks
 * are 8 MiB anonymous mappings: the kernel hands them out zeroed, so
 * pf_alloc skips its memset there, and the pages of a chunk's unused tail
 * are never touched.
 *
 * No MADV_HUGEPAGE.  It was here: one fault mapped 2 MiB instead of 4 KiB,
 * and lint of 10,000 vhosts was faster with it on a freshly booted
 * machine.  Once memory is fragmented (a machine up for hours, or right
 * after apache2 -t freed 500 MB) each 2 MiB fault may compact memory
 * first (THP defrag "madvise", Debian's default): 8 interleaved runs on
 * the 2-core machine after hours of uptime, lint 0.485 s median with the
 * hint (0.43-0.53, one run 2.98 s), 0.355 s without (0.34-0.43); right
 * after apache2 -t 0.525 s against 0.38 s.  A server that lints its own
 * config has been up for a while.
 *
 * Instead, a mapped chunk is populated a step ahead of the bump pointer
 * with MADV_POPULATE_WRITE (Linux 5.14; older kernels refuse it and the
 * pages fault in one by one as before): one call makes 16 pages, no
 * fault trap per page, on the thread that will use them (a helper thread
 * doing the same only moved the kernel time to the other core, which lint
 * already uses).  Reading 10,000 vhosts, 10 interleaved runs against the
 * build before: page faults 19,700 -> 3,850, the reader 0.188 -> 0.155 s,
 * lint 0.385 -> 0.330 s, dump --json 0.223 -> 0.202 s; lint's peak RSS
 * +1 MB (pages allocated but never written, and a chunk's tail).  A step
 * of 256 KiB was no faster and cost 1.5 MB.
 */
#include "model/arena.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define CHUNK_MIN	(64 * 1024)
#define ALIGN		16
#define BIG_AFTER	((size_t)4 << 20)	/* mapped chunks past this */
#define BIG_CHUNK	((size_t)8 << 20)
#define PAGE		((size_t)4096)	/* a multiple of the page size */
#define POP_STEP	((size_t)64 << 10)	/* populated ahead of use */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23	/* linux/mman.h, Linux 5.14 */
#endif

struct chunk {
	struct chunk	*prev;
	size_t		 size, used;
	size_t		 maplen;	/* mapped chunk: its length; 0: malloc */
	size_t		 pop;		/* mapped: bytes from the chunk's start
					 * populated (or tried) */
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

/*
 * n zeroed elements of size sz, written through once.  Not calloc: a big
 * calloc is a fresh mapping, whose pages a lookup before the first store
 * maps to the shared zero page; the store that follows then copies it,
 * and in a process with threads each such copy flushes the TLB of every
 * CPU (an inter-processor interrupt).  For a hash table probed before it
 * is written that was 3.4% of the reader's main thread at 10,000 vhosts.
 */
void *
pf_xzalloc(size_t n, size_t sz)
{
	void *p;

	if (sz != 0 && n > SIZE_MAX / sz)
		pf_oom();
	p = pf_xmalloc(n * sz);
	memset(p, 0, n * sz);
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
		if (c->maplen != 0)
			munmap(c, c->maplen);
		else
			free(c);
	}
	free(a);
}

void
pf_arena_reset(struct pf_arena *a)
{
	struct chunk *c, *prev, *keep = NULL;

	for (c = a->top; c != NULL; c = prev) {
		prev = c->prev;
		if (keep == NULL && c->maplen == 0 && c->size == CHUNK_MIN)
			keep = c;
		else if (c->maplen != 0)
			munmap(c, c->maplen);
		else
			free(c);
	}
	a->top = keep;
	a->total = 0;
	if (keep != NULL) {
		keep->prev = NULL;
		keep->used = 0;
	}
}

/* A zeroed chunk of at least size bytes of data; NULL if mmap fails. */
static struct chunk *
map_chunk(size_t size)
{
	size_t len;
	void *p;
	struct chunk *c;

	if (size > SIZE_MAX - sizeof(*c) - PAGE)
		return NULL;
	len = (sizeof(*c) + size + PAGE - 1) & ~(PAGE - 1);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	c = p;
	c->size = len - sizeof(*c);
	c->maplen = len;
	c->pop = PAGE;	/* the header's page, written just now */
	return c;
}

/* Populates c's pages a step past its bump pointer (see the top); a
 * failure (an old kernel, no memory yet) leaves them to fault in. */
static __attribute__((noinline)) void
populate(struct chunk *c)
{
	size_t to = (offsetof(struct chunk, data) + c->used + POP_STEP) & ~(PAGE - 1);

	if (to > c->maplen)
		to = c->maplen;
	(void)madvise((char *)c + c->pop, to - c->pop, MADV_POPULATE_WRITE);
	c->pop = to;
}

/* alloc_from() when the top chunk has no room: a new chunk. */
static __attribute__((noinline)) void *
alloc_chunk(struct pf_arena *a, size_t n, size_t zero_from)
{
	struct chunk *c;
	void *p;
	int big = a->total >= BIG_AFTER;
	size_t csize = big ? BIG_CHUNK : CHUNK_MIN;
	/* A block of more than a quarter chunk gets a chunk of its own,
	 * under the current one, whose free space stays usable. */
	int alone = n > csize / 4 && a->top != NULL;
	size_t size = n > csize / 4 ? n : csize;

	c = big ? map_chunk(size) : NULL;
	if (c == NULL) {
		if (size > SIZE_MAX - sizeof(*c))
			pf_oom();
		c = pf_xmalloc(sizeof(*c) + size);
		c->size = size;
		c->maplen = 0;
	}
	c->used = 0;
	if (alone) {
		c->prev = a->top->prev;
		a->top->prev = c;
	} else {
		c->prev = a->top;
		a->top = c;
	}
	p = c->data + c->used;
	c->used += n;
	a->total += n;
	if (c->maplen != 0 && offsetof(struct chunk, data) + c->used > c->pop)
		populate(c);
	/* Mapped chunks come zeroed and are never reused. */
	if (c->maplen == 0 && zero_from < n)
		memset((char *)p + zero_from, 0, n - zero_from);
	return p;
}

/* n bytes; bytes from zero_from on are zeroed (malloc'd chunks are
 * recycled, mapped ones come zeroed).  The common case (room in the top
 * chunk) without calls but memset's, for the callers to inline. */
static inline __attribute__((always_inline)) void *
alloc_from(struct pf_arena *a, size_t n, size_t zero_from)
{
	struct chunk *c = a->top;
	void *p;

	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	if (c == NULL || c->size - c->used < n)
		return alloc_chunk(a, n, zero_from);
	p = c->data + c->used;
	c->used += n;
	a->total += n;
	if (c->maplen != 0) {
		if (offsetof(struct chunk, data) + c->used > c->pop)
			populate(c);
	} else if (zero_from < n)
		memset((char *)p + zero_from, 0, n - zero_from);
	return p;
}

void *
pf_alloc(struct pf_arena *a, size_t n)
{
	return alloc_from(a, n, 0);
}

void *
pf_alloc_raw(struct pf_arena *a, size_t n)
{
	return alloc_from(a, n, (size_t)-1);
}

void *
pf_grow(struct pf_arena *a, void *old, size_t n, size_t newcap, size_t sz)
{
	void *p;

	if (sz != 0 && newcap > SIZE_MAX / sz)
		pf_oom();
	if (old == NULL || n == 0)
		return pf_alloc(a, newcap * sz);
	/* the copy's bytes need no zeroing first */
	p = alloc_from(a, newcap * sz, n * sz);
	memcpy(p, old, n * sz);
	return p;
}

char *
pf_strndup(struct pf_arena *a, const char *s, size_t n)
{
	char *p = pf_alloc_raw(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
pf_strdup(struct pf_arena *a, const char *s)
{
	return s == NULL ? NULL : pf_strndup(a, s, strlen(s));
}

/*
 * fmt with only %s, %.*s, %d and %% (the paths and names the simulator
 * joins for every request) into out (cap bytes), as vsnprintf() would;
 * -1 for anything else, a NULL string or no room: vsnprintf() then.
 */
static int
fmt_simple(char *out, size_t cap, const char *fmt, va_list ap)
{
	const char *p, *q, *str;
	size_t o = 0, l;
	int prec;

	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			q = strchr(p, '%');
			l = q != NULL ? (size_t)(q - p) : strlen(p);
			if (o + l >= cap)
				return -1;
			memcpy(out + o, p, l);
			o += l;
			p += l - 1;
			continue;
		}
		p++;
		if (*p == '%') {
			str = "%";
			l = 1;
		} else if (*p == 's' || (p[0] == '.' && p[1] == '*' &&
		    p[2] == 's')) {
			prec = -1;
			if (*p == '.') {
				prec = va_arg(ap, int);
				p += 2;
			}
			if ((str = va_arg(ap, const char *)) == NULL)
				return -1;
			l = prec < 0 ? strlen(str) : strnlen(str, (size_t)prec);
		} else if (*p == 'd') {
			char num[24];
			int v = va_arg(ap, int);
			unsigned long long u = v < 0 ? -(unsigned long long)v :
			    (unsigned long long)v;
			size_t k = sizeof(num);

			do
				num[--k] = (char)('0' + u % 10);
			while ((u /= 10) != 0);
			if (v < 0)
				num[--k] = '-';
			if (o + sizeof(num) - k >= cap)
				return -1;
			memcpy(out + o, num + k, sizeof(num) - k);
			o += sizeof(num) - k;
			continue;
		} else
			return -1;
		if (o + l >= cap)
			return -1;
		memcpy(out + o, str, l);
		o += l;
	}
	out[o] = '\0';
	return (int)o;
}

char *
pf_vprintf(struct pf_arena *a, const char *fmt, va_list ap)
{
	char tmp[512];
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = fmt_simple(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if (n >= 0)
		return pf_strndup(a, tmp, (size_t)n);
	/* Formatted once when it fits the stack buffer (most messages and
	 * paths do), else measured by that pass and formatted again. */
	va_copy(ap2, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(tmp))
		return pf_strndup(a, n > 0 ? tmp : "", (size_t)n);
	p = pf_alloc_raw(a, (size_t)n + 1);
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

void
pf_arena_adopt(struct pf_arena *dst, struct pf_arena *src)
{
	struct chunk *c, *last;

	if (src == NULL)
		return;
	if ((c = src->top) != NULL) {
		/* src's chain goes under dst's current chunk, whose free
		 * space stays in use */
		for (last = c; last->prev != NULL; last = last->prev)
			;
		if (dst->top != NULL) {
			last->prev = dst->top->prev;
			dst->top->prev = c;
		} else
			dst->top = c;
	}
	dst->total += src->total;
	free(src);
}

size_t
pf_arena_used(const struct pf_arena *a)
{
	return a->total;
}
