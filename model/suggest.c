/*
 * suggest.c - the closest name to a mistyped word (suggest.h).
 */
#include "model/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAXW	64	/* longer words are not compared */

unsigned
pf_edit_distance(const char *a, const char *b)
{
	/* Optimal string alignment distance over three rows. */
	unsigned rows[3][MAXW + 1], *pp, *p, *c, v;
	size_t na = strlen(a), nb = strlen(b), i, j;

	if (na > MAXW || nb > MAXW)
		return 255;
	for (j = 0; j <= nb; j++)
		rows[1][j] = (unsigned)j;
	pp = rows[0];
	p = rows[1];
	c = rows[2];
	for (i = 1; i <= na; i++) {
		c[0] = (unsigned)i;
		for (j = 1; j <= nb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);

			v = p[j - 1] + (ca != cb);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && ca ==
			    tolower((unsigned char)b[j - 2]) && cb ==
			    tolower((unsigned char)a[i - 2]) && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
		}
		/* rotate: the current row becomes the previous one */
		{
			unsigned *t = pp;

			pp = p;
			p = c;
			c = t;
		}
	}
	return p[nb] > 255 ? 255 : p[nb];
}

void
pf_suggest_init(struct pf_suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->dist = 255;
}

void
pf_suggest_add(struct pf_suggest *s, const char *name)
{
	unsigned d;

	if (name == NULL || s->word == NULL || *s->word == '\0')
		return;
	d = pf_edit_distance(s->word, name);
	if (d < s->dist) {
		s->dist = d;
		s->best = name;
	}
}

const char *
pf_suggest_best(const struct pf_suggest *s)
{
	size_t n;
	unsigned max;

	if (s->best == NULL || s->dist == 0)
		return s->dist == 0 ? s->best : NULL;
	n = strlen(s->word);
	max = n <= 4 ? 1 : n <= 8 ? 2 : 3;
	return s->dist <= max ? s->best : NULL;
}
