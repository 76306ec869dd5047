/*
 * arena.h - one bump allocator per run.
 *
 * Everything a run reads or derives (source buffers, directive trees, the
 * model, diagnostics) lives in the run's arena and is released at once by
 * pf_arena_free().  The arena is the only place that calls malloc for such
 * data.  On allocation failure it prints one line and exits with code 4
 * (system error), so callers never check for NULL.
 */
#ifndef PF_ARENA_H
#define PF_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct pf_arena;

/* Returns a new empty arena; free it with pf_arena_free(). */
struct pf_arena	*pf_arena_new(void);
void		 pf_arena_free(struct pf_arena *);
/* Releases everything allocated so far, keeping one chunk for reuse
 * (a scratch arena emptied per item of a loop). */
void		 pf_arena_reset(struct pf_arena *);

/* Zero-filled, aligned for any type; valid until pf_arena_free(). */
void		*pf_alloc(struct pf_arena *, size_t);
/* The same, not zero-filled: for bytes the caller writes at once. */
void		*pf_alloc_raw(struct pf_arena *, size_t);
/* Grows an arena array: returns a copy of old (n elements of size sz) with
 * room for newcap elements; the old block is abandoned in the arena. */
void		*pf_grow(struct pf_arena *, void *old, size_t n, size_t newcap,
		    size_t sz);
char		*pf_strdup(struct pf_arena *, const char *);
char		*pf_strndup(struct pf_arena *, const char *, size_t);
char		*pf_printf(struct pf_arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*pf_vprintf(struct pf_arena *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));
/*
 * Moves everything allocated in src into dst and frees src: its blocks
 * then live as long as dst's (a reader thread's arena, whose results the
 * run keeps).  Neither arena may be in use by another thread meanwhile.
 */
void		 pf_arena_adopt(struct pf_arena *dst, struct pf_arena *src);
/* Bytes handed out so far (for tests and the memory benchmark). */
size_t		 pf_arena_used(const struct pf_arena *);

/* Growable array in the arena: PF_VEC(int) v = {0}; PF_PUSH(a, v, 3); */
#define PF_VEC(type) struct { type *v; size_t n, cap; }
#define PF_PUSH(arena, vec, item) do {					\
	if ((vec).n == (vec).cap) {					\
		size_t nc_ = (vec).cap ? (vec).cap * 2 : 8;		\
		(vec).v = pf_grow((arena), (vec).v, (vec).n, nc_,	\
		    sizeof(*(vec).v));					\
		(vec).cap = nc_;					\
	}								\
	(vec).v[(vec).n++] = (item);					\
} while (0)

/* Aborting helpers for malloc-backed buffers outside the arena. */
void		*pf_xmalloc(size_t);
void		*pf_xrealloc(void *, size_t);
void		*pf_xzalloc(size_t, size_t);
_Noreturn void	 pf_oom(void);

#endif
