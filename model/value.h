/*
 * value.h - configuration values that remember where they came from.
 */
#ifndef PF_VALUE_H
#define PF_VALUE_H

#include "model/arena.h"
#include "model/diag.h"

/* A string value; s == NULL means "not set". */
struct pf_sval {
	const char	*s;
	struct pf_loc	 loc;
};

/* An integer value (sizes in bytes, times in seconds); set == 0: unset. */
struct pf_ival {
	long long	 v;
	int		 set;
	struct pf_loc	 loc;
};

struct pf_svec {
	struct pf_sval	*v;
	size_t		 n, cap;
};

static inline struct pf_sval
pf_sval_make(const char *s, struct pf_loc loc)
{
	struct pf_sval v = { s, loc };

	return v;
}

static inline struct pf_ival
pf_ival_make(long long n, struct pf_loc loc)
{
	struct pf_ival v = { n, 1, loc };

	return v;
}

#endif
