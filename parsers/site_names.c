/*
 * site_names.c - host names two sites answer alike.
 *
 * Apache picks a name-based vhost by going through the vhosts of the
 * connection's address in the order it read them and taking the first
 * whose ServerName equals the Host (without case), or one of whose
 * ServerAlias names does: equal, or matched with * and ? as wildcards
 * (server/vhost.c matches_aliases(), ap_strcasecmp_match()).  A name a
 * later vhost also answers never reaches it.  compile writes one file per
 * site, NAME.conf, which Apache includes from sites-enabled (conf.d on
 * rhel) with a *.conf glob, sorted by name: the site whose file sorts first
 * wins, whichever comes first in the description.  Verified with apache2:
 * site alpha (aliases = *.example.com) and site shop (server_name =
 * shop.example.com) on *:80: Host shop.example.com was served from
 * alpha's document root; with alpha renamed zeta, from shop's.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/site_int.h"

/* An address of a <VirtualHost>: host (lower case, _default_ = *) and
 * port ("*" when none is given). */
struct vaddr {
	char	host[256];
	char	port[8];
	const char *text;
};

static void
vaddr_parse(const char *v, struct vaddr *a)
{
	const char *colon, *close = NULL;
	size_t n, i;

	a->text = v;
	if (v[0] == '[')
		close = strchr(v, ']');
	colon = strrchr(close ? close : v, ':');
	n = colon ? (size_t)(colon - v) : strlen(v);
	if (n >= sizeof(a->host))
		n = sizeof(a->host) - 1;
	for (i = 0; i < n; i++)
		a->host[i] = (char)tolower((unsigned char)v[i]);
	a->host[n] = '\0';
	if (strcmp(a->host, "_default_") == 0)
		strcpy(a->host, "*");
	if (colon == NULL || strlen(colon + 1) >= sizeof(a->port))
		strcpy(a->port, "*");
	else
		strcpy(a->port, colon + 1);
}

static int
vaddr_meet(const struct vaddr *a, const struct vaddr *b)
{
	return strcmp(a->host, b->host) == 0 && (strcmp(a->port, b->port) ==
	    0 || strcmp(a->port, "*") == 0 || strcmp(b->port, "*") == 0);
}

/* The addresses of every vhost compile writes for s: the site's own and
 * its redirect vhost's (the same names). */
static size_t
site_addrs(const struct pf_site *s, struct vaddr *out, size_t max)
{
	size_t n = 0, i;

	if (s->listen.n == 0 && n < max)
		vaddr_parse(s->tls_cert.s ? "*:443" : "*:80", &out[n++]);
	for (i = 0; i < s->listen.n && n < max; i++)
		vaddr_parse(s->listen.v[i].s, &out[n++]);
	if (s->tls_cert.s == NULL || (s->tls_redirect.set &&
	    !s->tls_redirect.v))
		return n;
	if (s->redirect_listen.n == 0 && n < max)
		vaddr_parse("*:80", &out[n++]);
	for (i = 0; i < s->redirect_listen.n && n < max; i++)
		vaddr_parse(s->redirect_listen.v[i].s, &out[n++]);
	return n;
}

static int
is_wild(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}

/*
 * Is there a host name both patterns match (* any run of characters, ?
 * one, the rest itself without case)?  A walk of the product of the two
 * patterns' automata: state (i, j) has read a prefix that leaves pattern
 * a at a[i] and b at b[j].
 */
static int
globs_meet(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), w = nb + 1, top = 0;
	size_t *stack;
	unsigned char *seen;
	int found = 0;

	seen = calloc((na + 1) * w, 1);
	stack = malloc((na + 1) * w * sizeof(*stack));
	if (seen == NULL || stack == NULL) {
		free(seen);
		free(stack);
		return strcasecmp(a, b) == 0;
	}
#define VISIT(I, J) do {						\
	size_t k_ = (I) * w + (J);					\
	if (!seen[k_]) {						\
		seen[k_] = 1;						\
		stack[top++] = k_;					\
	}								\
} while (0)
	VISIT(0, 0);
	while (top > 0 && !found) {
		size_t k = stack[--top], i = k / w, j = k % w;
		int sa, sb;

		if (i == na && j == nb) {
			found = 1;
			break;
		}
		sa = i < na && a[i] == '*';
		sb = j < nb && b[j] == '*';
		/* a star may match nothing */
		if (sa)
			VISIT(i + 1, j);
		if (sb)
			VISIT(i, j + 1);
		if (i == na || j == nb)
			continue;
		/* one character both accept: a star keeps its place */
		if (!sa && !sb && a[i] != '?' && b[j] != '?' &&
		    tolower((unsigned char)a[i]) !=
		    tolower((unsigned char)b[j]))
			continue;
		VISIT(sa ? i : i + 1, sb ? j : j + 1);
	}
#undef VISIT
	free(seen);
	free(stack);
	return found;
}

/* A name a site answers: its server_name (alias < 0) or an alias. */
struct sname {
	const char	*s;
	struct pf_loc	 loc;
	int		 alias;
};

static size_t
site_snames(const struct pf_site *s, struct sname *out, size_t max)
{
	size_t n = 0, i;

	if (s->server_name.s != NULL && n < max)
		out[n++] = (struct sname){ s->server_name.s,
		    s->server_name.loc, 0 };
	for (i = 0; i < s->aliases.n && n < max; i++)
		out[n++] = (struct sname){ s->aliases.v[i].s,
		    s->aliases.v[i].loc, 1 };
	return n;
}

static const char *
kind(const struct sname *n)
{
	return n->alias ? "alias" : "server_name";
}

/* Does Apache read site a's file before site b's? */
static int
reads_first(const struct pf_site *a, const struct pf_site *b)
{
	size_t la = strlen(a->name), lb = strlen(b->name);
	char fa[64], fb[64];

	if (la + 6 > sizeof(fa) || lb + 6 > sizeof(fb))
		return strcmp(a->name, b->name) < 0;
	memcpy(fa, a->name, la);
	memcpy(fa + la, ".conf", 6);
	memcpy(fb, b->name, lb);
	memcpy(fb + lb, ".conf", 6);
	return strcmp(fa, fb) < 0;
}

static int reads_first(const struct pf_site *, const struct pf_site *);
static const struct pf_site *first_for(const struct pf_model *,
    const struct vaddr *, const char *);

/* Reports name l of site b when a name of site w, which Apache reads
 * first on address at, shares hosts with it. */
static void
overlap(struct pf_run *run, const struct pf_model *m, const struct pf_site *w,
    const struct pf_site *b,
    const struct vaddr *at, const struct sname *l, const struct sname *na,
    size_t nnw)
{
	const struct sname *v;
	struct pf_diag *d;
	int lw = is_wild(l->s), vw;
	size_t y;

	/* a wildcard that loses: rather to a wildcard (all its hosts may
	 * be gone) */
	v = NULL;
	for (y = 0; y < nnw; y++)
		if (globs_meet(na[y].s, l->s) && (v == NULL ||
		    (lw && !is_wild(v->s) && is_wild(na[y].s))))
			v = &na[y];
	if (v == NULL)
		return;
	vw = is_wild(v->s);
	/* One host: reported with the site that gets it (a third site Apache
	 * reads before both may). */
	if ((!lw || !vw) && first_for(m, at, lw ? v->s : l->s) != w)
		return;
	if (!l->alias && !v->alias)
		d = pf_diag_add(run, PF_SEV_WARNING, "site-duplicate-name",
		    l->loc, "sites %s and %s have the same server_name %s on "
		    "%s: Apache serves site %s, whose %s.conf it reads before "
		    "%s.conf", w->name, b->name, l->s, at->text, w->name,
		    w->name, b->name);
	else if (!lw && !vw)
		d = pf_diag_add(run, PF_SEV_WARNING, "site-alias-overlap",
		    l->loc, "%s %s is also %s of site %s on %s: Apache serves "
		    "site %s for it, reading %s.conf before %s.conf", kind(l),
		    l->s, kind(v), w->name, at->text, w->name, w->name,
		    b->name);
	else if (!lw)
		d = pf_diag_add(run, PF_SEV_WARNING, "site-alias-overlap",
		    l->loc, "%s %s matches alias %s of site %s on %s: Apache "
		    "serves site %s for it, reading %s.conf before %s.conf",
		    kind(l), l->s, v->s, w->name, at->text, w->name, w->name,
		    b->name);
	else
		d = pf_diag_add(run, PF_SEV_WARNING, "site-alias-overlap",
		    l->loc, "alias %s matches %s %s of site %s on %s: Apache "
		    "serves site %s for %s, reading %s.conf before %s.conf",
		    l->s, vw ? "hosts of alias" : kind(v), v->s, w->name,
		    at->text, w->name, vw ? "them" : "it", w->name, b->name);
	pf_diag_related(run, d, v->loc, "%s of site %s", kind(v), w->name);
}

#define MAXADDR	64

/* The site Apache serves host h from on address at. */
static const struct pf_site *
first_for(const struct pf_model *m, const struct vaddr *at, const char *h)
{
	const struct pf_site *best = NULL;
	struct vaddr a[MAXADDR];
	size_t i, k, n;

	for (i = 0; i < m->sites.n; i++) {
		const struct pf_site *s = m->sites.v[i];
		int match = s->server_name.s != NULL &&
		    strcasecmp(s->server_name.s, h) == 0;

		for (k = 0; k < s->aliases.n && !match; k++)
			match = globs_meet(s->aliases.v[k].s, h);
		if (!match || (best != NULL && !reads_first(s, best)))
			continue;
		n = site_addrs(s, a, MAXADDR);
		for (k = 0; k < n; k++)
			if (vaddr_meet(&a[k], at))
				break;
		if (k < n)
			best = s;
	}
	return best;
}
#define MAXNAME	256

/*
 * Reports each name of a site that shares hosts with a name of a site
 * Apache reads first, on an address both listen on: warning
 * site-duplicate-name (two equal server_names) or site-alias-overlap,
 * at the name that loses its hosts, with the site that wins.
 */
void
site_check_names(struct pf_run *run, const struct pf_model *m)
{
	struct vaddr *aa, *ab;
	struct sname *na, *nb;
	size_t i, j;

	aa = calloc(MAXADDR, sizeof(*aa));
	ab = calloc(MAXADDR, sizeof(*ab));
	na = calloc(MAXNAME, sizeof(*na));
	nb = calloc(MAXNAME, sizeof(*nb));
	if (aa == NULL || ab == NULL || na == NULL || nb == NULL)
		goto out;
	/* b loses to w */
	for (i = 0; i < m->sites.n; i++) {
		const struct pf_site *b = m->sites.v[i];
		size_t nab = site_addrs(b, ab, MAXADDR);
		size_t nnb = site_snames(b, nb, MAXNAME);

		for (j = 0; j < m->sites.n; j++) {
			const struct pf_site *w = m->sites.v[j];
			const struct vaddr *at = NULL;
			size_t naw, nnw, p, q, x;

			if (w == b || !reads_first(w, b))
				continue;
			naw = site_addrs(w, aa, MAXADDR);
			for (p = 0; p < naw && at == NULL; p++)
				for (q = 0; q < nab && at == NULL; q++)
					if (vaddr_meet(&aa[p], &ab[q]))
						at = &ab[q];
			if (at == NULL)
				continue;
			nnw = site_snames(w, na, MAXNAME);
			for (x = 0; x < nnb; x++)
				overlap(run, m, w, b, at, &nb[x], na, nnw);
		}
	}
out:
	free(aa);
	free(ab);
	free(na);
	free(nb);
}
