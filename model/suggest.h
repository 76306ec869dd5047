/*
 * suggest.h - "did you mean": the closest of a set of names to a word a
 * user mistyped (a command, an option, a rule id, a key).
 *
 *	struct pf_suggest s;
 *	pf_suggest_init(&s, word);
 *	for (each name) pf_suggest_add(&s, name);
 *	if ((best = pf_suggest_best(&s)) != NULL) ... "did you mean '%s'?"
 *
 * Names are compared without regard to case, by edit distance (an
 * insertion, deletion, substitution or swap of two neighbours each
 * count one); only a name close enough to be a slip of the keyboard is
 * offered: at most one edit in words of up to four characters, two up
 * to eight, three beyond.
 */
#ifndef PF_SUGGEST_H
#define PF_SUGGEST_H

struct pf_suggest {
	const char	*word;
	const char	*best;
	unsigned	 dist;
};

void		 pf_suggest_init(struct pf_suggest *, const char *word);
void		 pf_suggest_add(struct pf_suggest *, const char *name);
/* The closest name offered, or NULL when none is close enough. */
const char	*pf_suggest_best(const struct pf_suggest *);
/* Edit distance of a and b (case-insensitive), capped at 255. */
unsigned	 pf_edit_distance(const char *a, const char *b);

#endif
