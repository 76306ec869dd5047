/*
 * diff.c - a small unified diff (3 lines of context) for compile --check:
 * what would change on disk, without spawning diff(1).
 *
 * The common head and tail are cut first; the rest is aligned with a
 * longest-common-subsequence table when it is small enough (at most 4
 * million cells), else shown as one replaced block.  Generated files
 * change in a few places, so the table stays tiny in practice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emitters/emit.h"
#include "model/arena.h"

#define MAX_CELLS	(4u << 20)
#define CONTEXT		3

struct line {
	const char	*p;
	size_t		 n;	/* with the newline, if any */
};

enum op { OP_EQ, OP_DEL, OP_INS };

static size_t
split(const char *s, size_t len, struct line **out)
{
	size_t n = 0, i, start = 0;
	struct line *v;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	if (len > 0 && s[len - 1] != '\n')
		n++;
	v = pf_xmalloc((n + 1) * sizeof(*v));
	n = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\n') {
			v[n].p = s + start;
			v[n++].n = i + 1 - start;
			start = i + 1;
		}
	if (start < len) {
		v[n].p = s + start;
		v[n++].n = len - start;
	}
	*out = v;
	return n;
}

static int
same(const struct line *a, const struct line *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* The edit script turning a into b, one op per step. */
static size_t
script(const struct line *a, size_t na, const struct line *b, size_t nb,
    unsigned char **out)
{
	size_t pre = 0, suf = 0, ma, mb, i, j, k = 0;
	unsigned char *ops = pf_xmalloc(na + nb + 1);
	uint32_t *L;

	while (pre < na && pre < nb && same(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	    same(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	for (i = 0; i < pre; i++)
		ops[k++] = OP_EQ;
	ma = na - pre - suf;
	mb = nb - pre - suf;
	if (ma > 0 && mb > 0 && (ma + 1) <= MAX_CELLS / (mb + 1)) {
		const struct line *x = a + pre, *y = b + pre;
		size_t w = mb + 1;

		L = calloc((ma + 1) * w, sizeof(*L));
		if (L == NULL)
			pf_oom();
		for (i = ma; i-- > 0;)
			for (j = mb; j-- > 0;)
				L[i * w + j] = same(&x[i], &y[j]) ?
				    L[(i + 1) * w + j + 1] + 1 :
				    (L[(i + 1) * w + j] > L[i * w + j + 1] ?
				    L[(i + 1) * w + j] : L[i * w + j + 1]);
		i = j = 0;
		while (i < ma || j < mb) {
			if (i < ma && j < mb && same(&x[i], &y[j])) {
				ops[k++] = OP_EQ;
				i++;
				j++;
			} else if (j == mb || (i < ma &&
			    L[(i + 1) * w + j] >= L[i * w + j + 1])) {
				ops[k++] = OP_DEL;
				i++;
			} else {
				ops[k++] = OP_INS;
				j++;
			}
		}
		free(L);
	} else {
		for (i = 0; i < ma; i++)
			ops[k++] = OP_DEL;
		for (i = 0; i < mb; i++)
			ops[k++] = OP_INS;
	}
	for (i = 0; i < suf; i++)
		ops[k++] = OP_EQ;
	*out = ops;
	return k;
}

static void
put_line(struct pf_buf *out, char mark, const struct line *l)
{
	pf_buf_putc(out, mark);
	pf_buf_add(out, l->p, l->n);
	if (l->n == 0 || l->p[l->n - 1] != '\n')
		pf_buf_puts(out, "\n\\ No newline at end of file\n");
}

static void
range(struct pf_buf *out, size_t start, size_t len)
{
	/* A hunk that is empty on one side names the line before it. */
	if (len == 0)
		pf_buf_printf(out, "%zu,0", start);
	else if (len == 1)
		pf_buf_printf(out, "%zu", start + 1);
	else
		pf_buf_printf(out, "%zu,%zu", start + 1, len);
}

int
pf_diff_unified(struct pf_buf *out, const char *a_label, const char *a,
    size_t alen, const char *b_label, const char *b, size_t blen)
{
	struct line *la, *lb;
	unsigned char *ops;
	size_t na, nb, nops, k, h, end, ai, bi, i, sa, sb, ca, cb;
	size_t *pa, *pb;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return 0;
	na = split(a, alen, &la);
	nb = split(b, blen, &lb);
	nops = script(la, na, lb, nb, &ops);
	/* Line numbers before each op. */
	pa = pf_xmalloc((nops + 1) * sizeof(*pa));
	pb = pf_xmalloc((nops + 1) * sizeof(*pb));
	for (k = 0, ai = bi = 0; k <= nops; k++) {
		pa[k] = ai;
		pb[k] = bi;
		if (k < nops) {
			ai += ops[k] != OP_INS;
			bi += ops[k] != OP_DEL;
		}
	}
	pf_buf_printf(out, "--- %s\n+++ %s\n", a_label, b_label);
	for (k = 0; k < nops;) {
		if (ops[k] == OP_EQ) {
			k++;
			continue;
		}
		/* A hunk: CONTEXT lines before, and changes until a run of
		 * more than 2 x CONTEXT equal lines. */
		h = k > CONTEXT ? k - CONTEXT : 0;
		end = k;
		for (;;) {
			size_t eq = 0;

			while (end < nops && ops[end] != OP_EQ)
				end++;
			while (end + eq < nops && ops[end + eq] == OP_EQ)
				eq++;
			if (end + eq == nops || eq > 2 * CONTEXT) {
				end += eq < CONTEXT ? eq : CONTEXT;
				break;
			}
			end += eq;
		}
		sa = pa[h];
		sb = pb[h];
		ca = pa[end] - sa;
		cb = pb[end] - sb;
		pf_buf_puts(out, "@@ -");
		range(out, sa, ca);
		pf_buf_puts(out, " +");
		range(out, sb, cb);
		pf_buf_puts(out, " @@\n");
		for (i = h; i < end; i++) {
			if (ops[i] == OP_EQ)
				put_line(out, ' ', &la[pa[i]]);
			else if (ops[i] == OP_DEL)
				put_line(out, '-', &la[pa[i]]);
			else
				put_line(out, '+', &lb[pb[i]]);
		}
		k = end;
	}
	free(pa);
	free(pb);
	free(ops);
	free(la);
	free(lb);
	return 1;
}
