/*
 * sim_memo.c - answers shared by vhosts stamped from one template.
 *
 * Hosting trees hold thousands of vhosts written from one template (an
 * Include'd snippet, a Macro, a panel): each has its own DocumentRoot and
 * FPM socket and is otherwise the same.  The simulator's answer for such a
 * vhost is the answer for its twin with those strings swapped, so each
 * answer is computed for the first vhosts of a shape and then rewritten.
 *
 * The substitution: a vhost's "own strings" are its DocumentRoot (when it
 * sets one) and the backends of its routes (unix socket paths, TCP
 * host:port).  Abstracting a string replaces each aligned occurrence of an
 * own string (not followed by a character that could continue a file
 * name) with a token.  Two vhosts are of one class when their abstracted
 * configuration is byte for byte equal:
 *
 *  - the active nodes of the vhost the simulator reads (kinds, flags,
 *    arguments and <If> expressions abstracted, nesting), the vhost's TLS,
 *    the number of components of the DocumentRoot;
 *  - how each <Directory> path that is not abstracted relates to the
 *    DocumentRoot (none of it, all of it, or what below it: the rest of
 *    the pattern), for the main server's sections and the vhost's;
 *  - per route, which of the vhost's pools it reaches and what the
 *    simulator reads of that pool (cgi.fix_pathinfo, limit_extensions,
 *    status and ping paths).
 *
 * A question (URL, declared files) is abstracted the same way; the answer
 * recorded for a class is stored abstracted (strings with tokens, nodes of
 * the vhost by position, pools by route) and rewritten for each vhost.
 *
 * Where the simulator's result could depend on the characters of an own
 * string rather than on the string as a whole, the vhost or the answer is
 * left out, so a rewritten answer is the answer:
 *
 *  - own strings must be plain paths (letters, digits, ._~+@-, no . or ..
 *    components, no //, no trailing /, two components at least; sockets
 *    and host:port alike) free of the token byte;
 *  - no argument of the main server may contain an own string (the main
 *    server's text is the same for every vhost), and no Alias target or
 *    DocumentRoot that is not abstracted may be a prefix of the
 *    DocumentRoot;
 *  - a question whose URL contains an own string, or that declares a file
 *    (not abstracted) that is a prefix of the DocumentRoot, is simulated;
 *  - during a simulation the taint flag is set where a decision looks
 *    into an own string (a URI that contains one, a regex or string
 *    comparison on such a value, a file name whose base name falls inside
 *    the DocumentRoot, a <Proxy> pattern that reaches into one, a
 *    per-directory rewrite that cuts one, lower-casing one with capitals,
 *    an extension test that overlaps one); a tainted answer is not kept;
 *  - an answer that reaches a pool that is not one of the vhost's route
 *    pools (or the main server's), or names a node of the vhost the class
 *    does not index, is not kept.
 *
 * Memory stays bounded on trees where every vhost differs: a class keeps
 * answers from its second vhost on (the first leaves a 128-bit digest).
 * PF_RULES_MEMO=off (pf_sim_memo_mode) turns the memo off; =verify also
 * simulates every answer taken from it and reports a difference as an
 * error diagnostic (rules-memo-mismatch), which the tests require never
 * happens.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/phpini.h"
#include "rules/link.h"
#include "rules/rule.h"
#include "rules/sim_int.h"

#define TOK		'\001'	/* a token: TOK, '1' + index of the string */

/* The answer's strings a memo rewrites, each with its bit in toks. */
#define ANSWER_STRS(X)							\
	X(handler, 0) X(backend.socket, 1) X(backend.host, 2)		\
	X(backend.worker, 3) X(backend.path, 4) X(uri, 5) X(filename, 6)	\
	X(path_info, 7) X(script_filename, 8) X(script_name, 9)		\
	X(fpm_path_info, 10) X(path_translated, 11) X(document_root, 12)	\
	X(executed, 13) X(declined_scheme, 14)

#define NSTR_ONE(f, bit)	+1
enum { NSTRS = 0 ANSWER_STRS(NSTR_ONE) };

/*
 * An answer's string with tokens, cut at them for conc(): text, own
 * string, text, ...  Interned (answers share their strings), each with
 * an id that indexes the strings made for the vhost in progress.
 */
struct tseg {
	uint32_t	 off, len;	/* text in t */
	int		 tok;		/* then this own string; -1 none */
};
struct tmpl {
	const char	*t;		/* the abstracted string */
	uint32_t	 id;
	int		 whole;		/* the own string itself: index + 1 */
	size_t		 lit;		/* bytes of text */
	uint32_t	 nseg;
	struct tseg	*seg;
};

/* A main server <Directory> in a chain of the same path (dir_index()). */
struct dref {
	uint32_t	 dir;		/* index in main_dirs */
	uint32_t	 next;		/* the next dref + 1 (0: none) */
};

/* A class of vhosts (see above). */
struct mclass {
	uint64_t	 h1, h2;	/* digests of the key */
	const char	*key;		/* the key, once answers are kept */
	size_t		 keylen;
	uint32_t	 id;
	int		 keep;		/* answers are recorded */
};

/* A recorded answer: the verdict with strings abstracted. */
struct mans {
	struct pf_sim_verdict v;
	/* Nodes: 0 = the pointer in v as is, else 1 + position in the
	 * vhost's node list.  Pools: -1 as is, else the route pool index. */
	uint32_t	 route, route_section, authz_node, fs_authz_node;
	uint32_t	 req_node, compat_node;
	uint32_t	 status_node, errdoc_node, intercepted;
	uint32_t	 symlinks_off, symlinks_rules, body_limit_node;
	uint32_t	 handler_off;
	int		 pool;
	uint32_t	 toks;		/* strings with tokens (bit per field) */
	const struct tmpl *tp[NSTRS];	/* ... cut at them (NULL: conc()) */
	struct mans	*err;		/* the ErrorDocument's request */
};

/* A question and its answer. */
struct mqa {
	uint32_t	 cls;
	const char	*q;
	size_t		 qlen;
	struct mans	 a;
};

/* A growable byte buffer in the run's arena, kept between vhosts. */
struct kbuf {
	struct pf_arena	*a;
	char		*b;
	size_t		 n, cap;
};

struct sim_memo {
	enum pf_sim_memo_mode mode;
	struct pf_arena	*a;		/* classes and answers */
	int		 main_done;
	/* Main server facts (built once). */
	PF_VEC(const struct pf_node *) main_dirs;	/* <Directory PATH> */
	/* ... by path (dir_index()): each literal one's normalised path
	 * and the paths above it -> a chain of drefs; the wildcard ones;
	 * scratch for one vhost's candidates. */
	struct pf_smap	 dir_self;	/* path -> first dref + 1 */
	struct pf_smap	 dir_under;	/* path -> first dref + 1 of those
					 * at or below it */
	PF_VEC(struct dref) drefs;
	PF_VEC(uint32_t) dir_wild;
	PF_VEC(uint32_t) dir_cand;
	PF_VEC(const char *) main_paths;	/* Alias targets, roots */
	PF_VEC(const char *) main_amatch;	/* AliasMatch literal heads */
	struct pf_pmap	 main_subs;	/* aligned substrings (hashes) */
	struct pf_pmap	 main_pools;	/* pools of main server routes */
	/* Classes and answers. */
	struct pf_pmap	 cls_map;	/* h1 -> index + 1 */
	PF_VEC(struct mclass) cls;
	struct pf_pmap	 qa_map;	/* hash(class, question) -> index + 1 */
	PF_VEC(struct mqa) qa;
	struct kbuf	 kb, qb;
	/* sig2[c]: an own string that is a path has c after its '/'. */
	unsigned char	 sig2[256];
	/* Answer strings with tokens (interned), and the strings made
	 * from them for the vhost in progress (tc_gen == gen, made in
	 * tc_arena). */
	struct pf_smap	 tmpl_map;	/* abstracted string -> id + 1 */
	PF_VEC(struct tmpl *) tmpls;
	const char	**tc_val;
	uint32_t	*tc_gen;
	size_t		 tc_cap;
	uint32_t	 gen;
	struct pf_arena	*tc_arena;
	/* The vhost in progress. */
	const struct pf_vhost *v;
	struct mclass	*c;		/* NULL: no memo for this vhost */
	PF_VEC(const struct pf_node *) nodes;	/* position -> node */
	struct pf_pmap	 node_pos;	/* node -> position + 1 (lazy) */
	int		 node_pos_done;
	PF_VEC(struct pf_pool *) pools;	/* route pools, first use order */
	struct pf_pmap	 pool_pos;	/* pool -> index + 1 */
	struct pf_sim_memo_stats st;
};

/* ---- small helpers --------------------------------------------------- */

/* Room for n more bytes (and a NUL); returns where they go. */
static inline char *
kb_room(struct kbuf *k, size_t n)
{
	if (k->n + n + 1 > k->cap) {
		size_t nc = k->cap ? k->cap * 2 : 1024;

		while (nc < k->n + n + 1)
			nc *= 2;
		k->b = pf_grow(k->a, k->b, k->n, nc, 1);
		k->cap = nc;
	}
	return k->b + k->n;
}

static inline void
kb_put(struct kbuf *k, const void *p, size_t n)
{
	memcpy(kb_room(k, n), p, n);
	k->n += n;
}

static inline void
kb_c(struct kbuf *k, int c)
{
	*kb_room(k, 1) = (char)c;
	k->n++;
}

static inline void
kb_u32(struct kbuf *k, uint32_t v)
{
	kb_put(k, &v, sizeof(v));
}

/* A 64-bit hash, eight bytes at a time. */
static uint64_t
fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	uint64_t w;

	for (; n >= 8; n -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	while (n-- > 0)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

/* fnv() of p with the seeds 14695981039346656037 (*a) and
 * 0x9ae16a3b2f90404f (*b), in one pass. */
static void
fnv2(const void *p, size_t n, uint64_t *a, uint64_t *b)
{
	const unsigned char *s = p;
	uint64_t w, h = 14695981039346656037ULL, g = 0x9ae16a3b2f90404fULL;

	for (; n >= 8; n -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
		g = (g ^ w) * 0x9e3779b97f4a7c15ULL;
		g ^= g >> 29;
	}
	for (; n-- > 0; s++) {
		h = (h ^ *s) * 1099511628211ULL;
		g = (g ^ *s) * 1099511628211ULL;
	}
	*a = h;
	*b = g;
}

static uint64_t
mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Can c continue a file or host name (so an occurrence ending before it
 * is not aligned)? */
#define NC_ALNUM(c)	(((c) >= '0' && (c) <= '9') || \
	((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z'))
#define NC(c)	(NC_ALNUM(c) || (c) == '.' || (c) == '_' || (c) == '~' || \
	(c) == '+' || (c) == '@' || (c) == '-')
#define NC4(c)	NC(c), NC((c) + 1), NC((c) + 2), NC((c) + 3)
#define NC16(c)	NC4(c), NC4((c) + 4), NC4((c) + 8), NC4((c) + 12)
static const unsigned char namech_tab[256] = {
	NC16(0), NC16(16), NC16(32), NC16(48),
	NC16(64), NC16(80), NC16(96), NC16(112),
};

static inline int
namech(int c)
{
	/* isalnum() in the C locale (the program sets no other), ._~+@- */
	return namech_tab[(unsigned char)c];
}

/* A plain absolute path: the own strings that may be abstracted. */
static int
plain_path(const char *p)
{
	const char *q;
	int comps = 0;

	if (p == NULL || p[0] != '/')
		return 0;
	for (q = p; *q != '\0'; q++) {
		if (*q == '/') {
			/* //, trailing /, . or .. */
			if (q[1] == '/' || q[1] == '\0' || (q[1] == '.' &&
			    (q[2] == '/' || q[2] == '\0' || (q[2] == '.' &&
			    (q[3] == '/' || q[3] == '\0')))))
				return 0;
			comps++;
		} else if (!namech(*q))
			return 0;
	}
	return comps >= 2 && q - p >= 4;
}

/* host:port of a TCP backend (worker "fcgi://host:port"). */
static const char *
authority(struct pf_arena *a, const struct pf_backend *b)
{
	const char *w = b->worker, *q;

	if (w == NULL || strncasecmp(w, "fcgi://", 7) != 0)
		return NULL;
	w += 7;
	if (strchr(w, ':') == NULL || strlen(w) < 4)
		return NULL;
	for (q = w; *q != '\0'; q++)
		if (!isalnum((unsigned char)*q) && *q != '.' && *q != '-' &&
		    *q != ':')
			return NULL;
	return pf_strdup(a, w);
}

/* The own string that starts at s (aligned, longest), or -1. */
static inline int
sig_at(const struct pf_sim *s, const char *str, const char *p)
{
	int k, best = -1;
	size_t bl = 0;

	for (k = 0; k < s->nsig; k++) {
		size_t l = s->siglen[k];
		const char *g = s->sig[k];

		if (p[0] != g[0] || p[1] != g[1] || l <= bl ||
		    strncmp(p, g, l) != 0 || namech(p[l]))
			continue;
		/* A host:port starts a word too. */
		if (g[0] != '/' && p > str && namech(p[-1]))
			continue;
		best = k;
		bl = l;
	}
	return best;
}

/* The next place an own string may start: a '/' (paths), or any
 * character when a host:port is among them. */
static const char *
next_start(const struct pf_sim *s, const char *p)
{
	if (!s->sig_auth)
		return strchr(p, '/');
	while (*p != '\0' && *p != '/' && !isalnum((unsigned char)*p))
		p++;
	return *p != '\0' ? p : NULL;
}

int
sim_sig_find(const struct pf_sim *s, const char *str, size_t *pos,
    size_t *len)
{
	const char *p;
	int k;

	if (s->nsig == 0 || str == NULL)
		return 0;
	/* Paths only: a '/' and a byte one of them has after it (sig2,
	 * set with them in pf_sim_memo_begin). */
	if (!s->sig_auth) {
		for (p = strchr(str, '/'); p != NULL; p = strchr(p + 1, '/'))
			if (s->memo->sig2[(unsigned char)p[1]] &&
			    (k = sig_at(s, str, p)) >= 0) {
				*pos = (size_t)(p - str);
				*len = s->siglen[k];
				return 1;
			}
		return 0;
	}
	for (p = next_start(s, str); p != NULL; p = next_start(s, p + 1))
		if ((k = sig_at(s, str, p)) >= 0) {
			*pos = (size_t)(p - str);
			*len = s->siglen[k];
			return 1;
		}
	return 0;
}

int
sim_sig_in(const struct pf_sim *s, const char *str)
{
	size_t p, l;

	return sim_sig_find(s, str, &p, &l);
}

void
sim_taint_if(struct pf_sim *s, const char *str)
{
	if (s->nsig > 0 && sim_sig_in(s, str))
		s->taint = 1;
}

/*
 * Appends str (len bytes) abstracted and its NUL; returns the number of
 * tokens.  The result is never longer than str (a token's two bytes
 * replace at least four), so it is written in place after one kb_room().
 */
static int
alpha_n(const struct pf_sim *s, struct kbuf *k, const char *str, size_t len)
{
	const char *p = str, *run = str, *end = str + len;
	char *o = kb_room(k, len);
	int n = 0, t;

	if (s->nsig > 0)
		for (;;) {
			if (!s->sig_auth) {
				p = memchr(p, '/', (size_t)(end - p));
				if (p == NULL)
					break;
				/* every own string starts with '/' */
				if (!s->memo->sig2[(unsigned char)p[1]]) {
					p++;
					continue;
				}
			} else if ((p = next_start(s, p)) == NULL)
				break;
			if ((t = sig_at(s, str, p)) >= 0) {
				memcpy(o, run, (size_t)(p - run));
				o += p - run;
				*o++ = TOK;
				*o++ = (char)('1' + t);
				p += s->siglen[t];
				run = p;
				n++;
				continue;
			}
			p++;
		}
	memcpy(o, run, (size_t)(end - run) + 1);
	o += end - run + 1;
	k->n = (size_t)(o - k->b);
	return n;
}

/* Appends str abstracted and its NUL; returns the number of tokens. */
static int
alpha(const struct pf_sim *s, struct kbuf *k, const char *str)
{
	if (str == NULL) {
		char *o = kb_room(k, 3);

		o[0] = TOK;
		o[1] = '0';	/* NULL */
		o[2] = '\0';
		k->n += 3;
		return 0;
	}
	return alpha_n(s, k, str, strlen(str));
}

/* As alpha() for a string that must not hold the token byte: -1 (and
 * nothing kept) if it does. */
static int
alpha_chk(const struct pf_sim *s, struct kbuf *k, const char *str)
{
	size_t len = strlen(str);

	if (memchr(str, TOK, len) != NULL)
		return -1;
	return alpha_n(s, k, str, len);
}

/* An abstracted string kept in the memo (NULL stays NULL). */
static const char *
keep_str(struct pf_sim *s, const char *str)
{
	struct kbuf *k = &s->memo->qb;
	size_t from = k->n;

	if (str == NULL)
		return NULL;
	alpha(s, k, str);
	return pf_strndup(s->memo->a, k->b + from, k->n - from - 1);
}

/* An abstracted string for the vhost in progress (tokens replaced). */
static const char *
conc(struct pf_sim *s, const char *t)
{
	const char *p, *q;
	size_t n = 0, l;
	char *out, *o;

	if (t == NULL || (t[0] != TOK && strchr(t, TOK) == NULL))
		return t;
	if (t[0] == TOK && t[2] == '\0')
		return s->sig[t[1] - '1'];	/* the own string itself */
	/* From token to token with strchr and memcpy: these strings are
	 * every path and name of every answer a vhost takes from the memo
	 * (a byte loop here was a twentieth of lint at 10,000 vhosts). */
	for (p = t; (q = strchr(p, TOK)) != NULL && q[1] != '\0'; p = q + 2)
		n += (size_t)(q - p) + s->siglen[q[1] - '1'];
	n += strlen(p);
	out = o = pf_alloc(SA(s), n + 1);
	for (p = t; (q = strchr(p, TOK)) != NULL && q[1] != '\0'; p = q + 2) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		l = s->siglen[q[1] - '1'];
		memcpy(o, s->sig[q[1] - '1'], l);
		o += l;
	}
	l = strlen(p);
	memcpy(o, p, l);
	o += l;
	*o = '\0';
	return out;
}

/* The interned template of an abstracted string t (kept in the memo's
 * arena), or NULL where conc() must read t itself. */
static const struct tmpl *
tmpl_of(struct sim_memo *m, const char *t)
{
	struct tmpl *tp;
	const char *p, *q;
	size_t i, n = 0;

	if ((i = pf_smap_get(&m->tmpl_map, t)) != 0)
		return m->tmpls.v[i - 1];
	/* conc()'s reading: TOK and a non-NUL byte is a token. */
	for (p = t; (q = strchr(p, TOK)) != NULL && q[1] != '\0'; p = q + 2) {
		if (q[1] < '1' || q[1] >= '1' + PF_SIM_NSIG)
			return NULL;
		n++;
	}
	tp = pf_alloc(m->a, sizeof(*tp));
	tp->t = t;
	tp->id = (uint32_t)m->tmpls.n;
	if (t[0] == TOK && t[1] != '\0' && t[2] == '\0')
		tp->whole = t[1] - '1' + 1;
	tp->seg = pf_alloc(m->a, (n + 1) * sizeof(*tp->seg));
	for (p = t; (q = strchr(p, TOK)) != NULL && q[1] != '\0'; p = q + 2) {
		tp->seg[tp->nseg].off = (uint32_t)(p - t);
		tp->seg[tp->nseg].len = (uint32_t)(q - p);
		tp->seg[tp->nseg].tok = q[1] - '1';
		tp->lit += (size_t)(q - p);
		tp->nseg++;
	}
	tp->seg[tp->nseg].off = (uint32_t)(p - t);
	tp->seg[tp->nseg].len = (uint32_t)strlen(p);
	tp->seg[tp->nseg].tok = -1;
	tp->lit += strlen(p);
	tp->nseg++;
	PF_PUSH(m->a, m->tmpls, tp);
	pf_smap_put(m->a, &m->tmpl_map, t, m->tmpls.n);
	if (m->tmpls.n > m->tc_cap) {
		size_t nc = m->tc_cap ? m->tc_cap * 2 : 64;

		m->tc_val = pf_grow(m->a, m->tc_val, m->tc_cap, nc,
		    sizeof(*m->tc_val));
		m->tc_gen = pf_grow(m->a, m->tc_gen, m->tc_cap, nc,
		    sizeof(*m->tc_gen));
		memset(m->tc_gen + m->tc_cap, 0, (nc - m->tc_cap) *
		    sizeof(*m->tc_gen));
		m->tc_cap = nc;
	}
	return tp;
}

/* conc() of a template: once per vhost, then the same string. */
static const char *
conc_t(struct pf_sim *s, const struct tmpl *tp)
{
	struct sim_memo *m = s->memo;
	struct pf_arena *a = SA(s);
	const struct tseg *g;
	size_t n = tp->lit;
	uint32_t i;
	char *out, *o;

	if (tp->whole)
		return s->sig[tp->whole - 1];
	if (m->tc_gen[tp->id] == m->gen && m->tc_arena == a)
		return m->tc_val[tp->id];
	for (i = 0; i + 1 < tp->nseg; i++)
		n += s->siglen[tp->seg[i].tok];
	out = o = pf_alloc_raw(a, n + 1);
	for (i = 0; i < tp->nseg; i++) {
		g = &tp->seg[i];
		memcpy(o, tp->t + g->off, g->len);
		o += g->len;
		if (g->tok >= 0) {
			memcpy(o, s->sig[g->tok], s->siglen[g->tok]);
			o += s->siglen[g->tok];
		}
	}
	*o = '\0';
	if (m->tc_arena == a) {
		m->tc_val[tp->id] = out;
		m->tc_gen[tp->id] = m->gen;
	}
	return out;
}

static void
map_clear(struct pf_pmap *p)
{
	if (p->cap > 0) {
		memset(p->k, 0, p->cap * sizeof(*p->k));
		p->n = 0;
	}
}

/* ---- the main server -------------------------------------------------- */

/* Can c be part of an own string that starts with start: a path's
 * (namech and '/') or a host:port's (alphanumerics, '.', '-', ':')? */
static int
sig_char(int start, int c)
{
	if (start == '/')
		return c == '/' || namech(c);
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == ':';
}

/*
 * Records every aligned substring of str that could be an own string:
 * from a '/' or the start of a word, to the end of a word, no further
 * than the characters an own string may hold (plain_path, authority):
 * a substring with a '|' or a space in it is no own string, and the
 * 10,000 handlers of a panel's main server made 170 MB of hashes when
 * each start went on to the end of its argument.
 */
static void
main_subs(struct sim_memo *m, const char *str)
{
	size_t i, j, n;

	if (str == NULL)
		return;
	n = strlen(str);
	for (i = 0; i < n; i++) {
		if (str[i] != '/' && !(isalnum((unsigned char)str[i]) &&
		    (i == 0 || !namech(str[i - 1]))))
			continue;
		for (j = i + 1; j <= n; j++) {
			if (j == n || !namech(str[j]))
				pf_imap_put(m->a, &m->main_subs, mix(fnv(str + i,
				    j - i, 14695981039346656037ULL)) | 1, 1);
			if (j < n && !sig_char(str[i], str[j]))
				break;
		}
	}
}

static void
main_walk(struct pf_sim *s, const struct pf_node *p)
{
	struct sim_memo *m = s->memo;
	const struct pf_sim_kids *k = sim_kids(s, p);
	size_t i;
	int j;

	for (i = 0; i < k->n; i++) {
		const struct pf_node *c = k->v[i];

		for (j = 0; j < c->argc; j++)
			main_subs(m, c->argv[j]);
		if (c->raw != NULL && (k->k[i] == SK_IF ||
		    k->k[i] == SK_ELSEIF))
			main_subs(m, c->raw);
		switch (k->k[i]) {
		case SK_DIRECTORY:
			if (p == s->m->apache->root && c->argc > 0 &&
			    strcmp(c->argv[0], "~") != 0)
				PF_PUSH(m->a, m->main_dirs, c);
			break;
		case SK_ALIAS:
		case SK_SCRIPTALIAS:
			if (c->argc > 1)
				PF_PUSH(m->a, m->main_paths, c->argv[1]);
			break;
		case SK_ALIASMATCH:
		case SK_SCRIPTALIASMATCH:
			if (c->argc > 1)
				PF_PUSH(m->a, m->main_amatch, pf_strndup(m->a,
				    c->argv[1], strcspn(c->argv[1], "$&\\")));
			break;
		case SK_DOCUMENTROOT:
			if (c->argc > 0)
				PF_PUSH(m->a, m->main_paths, c->argv[0]);
			break;
		default:
			break;
		}
		if (c->flags & PF_NODE_SECTION)
			main_walk(s, c);
	}
}

static void dir_index(struct sim_memo *);

static void
main_facts(struct pf_sim *s)
{
	struct sim_memo *m = s->memo;
	const struct pf_apache *ap = s->m->apache;
	size_t i;

	m->main_done = 1;
	if (ap->root != NULL)
		main_walk(s, ap->root);
	dir_index(m);
	if (ap->main.document_root.s != NULL) {
		PF_PUSH(m->a, m->main_paths, ap->main.document_root.s);
		main_subs(m, ap->main.document_root.s);
	}
	/* A main-server route's pool is the same for every vhost unless a
	 * vhost's workers or DocumentRoot change it (pf_link_route_varies):
	 * those are the vhost's route pools instead (pf_sim_memo_begin). */
	if (s->lx == NULL)
		s->lx = pf_link_index_new(s->run);
	for (i = 0; i < ap->main.routes.n; i++)
		if (!ap->main.routes.v[i].inactive &&
		    ap->main.routes.v[i].pool != NULL &&
		    !pf_link_route_varies(s->lx, &ap->main.routes.v[i]))
			pf_pmap_put(m->a, &m->main_pools,
			    ap->main.routes.v[i].pool, 1);
}

/*
 * How a <Directory> path pattern relates to the DocumentRoot d (plain):
 * 'N' none of it matches, 'A' all of it does, or 'T' and the rest of the
 * pattern that the path below d must match (as wild_prefix() would).
 */
static void
dir_class(struct kbuf *k, const char *pat, const char *d)
{
	const char *p = pat, *u = d;

	if (strcmp(pat, "/") == 0) {
		kb_c(k, 'A');
		return;
	}
	if (strpbrk(pat, "*?[") == NULL) {
		/* prefix_match(), stopped where d ends. */
		while (*p != '\0') {
			if (*p == '/') {
				if (*u == '\0') {
					kb_c(k, 'T');
					kb_put(k, p, strlen(p) + 1);
					return;
				}
				if (*u != '/') {
					kb_c(k, 'N');
					return;
				}
				while (*p == '/')
					p++;
				while (*u == '/')
					u++;
				continue;
			}
			if (*u == '\0') {
				/* d ends inside a component of the pattern:
				 * the path goes on with '/', so no match. */
				kb_c(k, 'N');
				return;
			}
			if (*u++ != *p++) {
				kb_c(k, 'N');
				return;
			}
		}
		kb_c(k, p > pat && p[-1] != '/' && *u != '\0' && *u != '/' ?
		    'N' : 'A');
		return;
	}
	/* Shell wildcards: component by component. */
	for (;;) {
		size_t lp, lq;
		char pc[1024], sc[1024];

		while (*p == '/')
			p++;
		while (*u == '/')
			u++;
		if (*p == '\0') {
			kb_c(k, 'A');
			return;
		}
		if (*u == '\0') {
			kb_c(k, 'T');
			kb_put(k, p, strlen(p) + 1);
			return;
		}
		lp = strcspn(p, "/");
		lq = strcspn(u, "/");
		if (lp >= sizeof(pc) || lq >= sizeof(sc)) {
			kb_c(k, 'N');
			return;
		}
		memcpy(pc, p, lp);
		pc[lp] = '\0';
		memcpy(sc, u, lq);
		sc[lq] = '\0';
		if (fnmatch(pc, sc, 0) != 0) {
			kb_c(k, 'N');
			return;
		}
		p += lp;
		u += lq;
	}
}

/*
 * A path as dir_class() compares it: runs of '/' as one, no trailing
 * '/', the root "" (in a).
 */
static char *
dir_norm(struct pf_arena *a, const char *p)
{
	char *o = pf_alloc(a, strlen(p) + 1), *q = o;

	for (; *p != '\0'; p++)
		if (*p != '/' || q == o || q[-1] != '/')
			*q++ = *p;
	while (q > o && q[-1] == '/')
		q--;
	*q = '\0';
	return o;
}

static void
dref_add(struct sim_memo *m, struct pf_smap *map, const char *key,
    uint32_t dir)
{
	struct dref r;

	r.dir = dir;
	r.next = (uint32_t)pf_smap_get(map, key);
	PF_PUSH(m->a, m->drefs, r);
	pf_smap_put(m->a, map, key, m->drefs.n);
}

/*
 * dir_class() of a literal pattern is 'N' unless its path and the
 * DocumentRoot's, normalised, are one a component prefix of the other:
 * the main server's <Directory> sections indexed by path, so that a
 * vhost classifies those few and the wildcard ones, not every one (an
 * .htaccess file under the main server is a <Directory> of its own:
 * 200 users' public_html times 10,000 vhosts were 500M instructions).
 */
static void
dir_index(struct sim_memo *m)
{
	size_t i;

	for (i = 0; i < m->main_dirs.n; i++) {
		const char *pat = m->main_dirs.v[i]->argv[0];
		char *np, *q;

		if (strpbrk(pat, "*?[") != NULL) {
			PF_PUSH(m->a, m->dir_wild, (uint32_t)i);
			continue;
		}
		np = dir_norm(m->a, pat);
		dref_add(m, &m->dir_self, np, (uint32_t)i);
		dref_add(m, &m->dir_under, np, (uint32_t)i);
		for (q = np + strlen(np); q > np; q--)
			if (q[-1] == '/' || q - 1 == np)
				dref_add(m, &m->dir_under, pf_strndup(m->a, np,
				    (size_t)(q - 1 - np)), (uint32_t)i);
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The main server's <Directory> sections against the DocumentRoot d:
 * each one dir_class() does not call 'N', by index, in order. */
static void
main_dirs_class(struct sim_memo *m, struct kbuf *k, struct pf_arena *sa,
    const char *d)
{
	char *nd = dir_norm(sa, d), *q;
	size_t i, j, n;
	uint32_t e;

	m->dir_cand.n = 0;
	for (i = 0; i < m->dir_wild.n; i++)
		PF_PUSH(m->a, m->dir_cand, m->dir_wild.v[i]);
	for (e = (uint32_t)pf_smap_get(&m->dir_under, nd); e != 0;
	    e = m->drefs.v[e - 1].next)
		PF_PUSH(m->a, m->dir_cand, m->drefs.v[e - 1].dir);
	/* the paths above it, and itself: "" (the root), /a, /a/b ... */
	for (q = nd;; q++)
		if (*q == '/' || *q == '\0') {
			char c = *q;

			*q = '\0';
			for (e = (uint32_t)pf_smap_get(&m->dir_self, nd);
			    e != 0; e = m->drefs.v[e - 1].next)
				PF_PUSH(m->a, m->dir_cand,
				    m->drefs.v[e - 1].dir);
			*q = c;
			if (c == '\0')
				break;
		}
	n = m->dir_cand.n;
	if (n > 1)
		qsort(m->dir_cand.v, n, sizeof(*m->dir_cand.v), cmp_u32);
	for (i = 0; i < n; i++) {
		size_t n0 = k->n, n1;

		if (i > 0 && m->dir_cand.v[i] == m->dir_cand.v[i - 1])
			continue;
		j = m->dir_cand.v[i];
		kb_u32(k, (uint32_t)j);
		n1 = k->n;
		dir_class(k, m->main_dirs.v[j]->argv[0], d);
		if (k->b[n1] == 'N')
			k->n = n0;
	}
	kb_u32(k, UINT32_MAX);
}

/* Does d start with the path x (at a component boundary)? */
static int
path_prefix(const char *d, const char *x)
{
	size_t n = strlen(x);

	while (n > 1 && x[n - 1] == '/')
		n--;
	if (n == 1 && x[0] == '/')
		return 1;
	return strncmp(d, x, n) == 0 && (d[n] == '\0' || d[n] == '/');
}

/* ---- the key of a vhost ------------------------------------------------- */

/* Serializes the nodes of sec the simulator reads; 0 if the vhost cannot
 * be abstracted. */
static int
ser(struct pf_sim *s, const struct pf_node *sec, const char *d)
{
	struct sim_memo *m = s->memo;
	struct kbuf *k = &m->kb;
	const struct pf_sim_kids *ks = sim_kids(s, sec);
	size_t i;
	int j, t, nt[2];

	for (i = 0; i < ks->n; i++) {
		const struct pf_node *c = ks->v[i];
		int kind = ks->k[i];

		PF_PUSH(m->a, m->nodes, c);
		kb_c(k, kind);
		kb_c(k, (int)(c->flags & (PF_NODE_SECTION | PF_NODE_HTACCESS)));
		/* Refused .htaccess lines may be of any kind: say where. */
		if (c->flags & PF_NODE_HTACCESS) {
			const struct pf_node *bad = sim_ht_refused(c);

			kb_c(k, bad != NULL ? 'X' : 'x');
			if (bad != NULL) {
				kb_u32(k, (uint32_t)bad->loc.line -
				    (uint32_t)c->loc.line);
				alpha(s, k, bad->name);
				/* an answer names it (the 500's cause):
				 * index it like the nodes read */
				PF_PUSH(m->a, m->nodes, bad);
			}
		}
		kb_u32(k, (uint32_t)c->argc);
		/* Tokens in the first two arguments (an own string in it:
		 * as sim_sig_in() would say). */
		nt[0] = nt[1] = 0;
		for (j = 0; j < c->argc; j++)
			if ((t = alpha_chk(s, k, c->argv[j])) < 0)
				return 0;
			else if (j < 2)
				nt[j] = t;
		if (kind == SK_IF || kind == SK_ELSEIF)
			alpha(s, k, c->raw);
		/* A path that stays literal: its relation to the root. */
		if (d != NULL && kind == SK_DIRECTORY && c->argc > 0 &&
		    nt[0] == 0 && strcmp(c->argv[0], "~") != 0)
			dir_class(k, c->argv[0], d);
		if (d != NULL && (kind == SK_ALIAS || kind == SK_SCRIPTALIAS) &&
		    c->argc > 1 && nt[1] == 0 && path_prefix(d, c->argv[1]))
			return 0;
		if (d != NULL && (kind == SK_ALIASMATCH ||
		    kind == SK_SCRIPTALIASMATCH) && c->argc > 1 &&
		    nt[1] == 0 && strncmp(d, c->argv[1],
		    strcspn(c->argv[1], "$&\\")) == 0)
			return 0;
		if (c->flags & PF_NODE_SECTION) {
			kb_c(k, '{');
			if (!ser(s, c, d))
				return 0;
			kb_c(k, '}');
		}
	}
	return 1;
}

/* Adds an own string; 0 if there are too many. */
static int
add_sig(struct pf_sim *s, const char *str)
{
	int k;

	for (k = 0; k < s->nsig; k++)
		if (strcmp(s->sig[k], str) == 0)
			return 1;
	if (s->nsig == PF_SIM_NSIG)
		return 0;
	s->sig[s->nsig] = str;
	s->siglen[s->nsig] = strlen(str);
	s->nsig++;
	return 1;
}

/* The pool facts the simulator reads. */
static void
pool_key(struct pf_sim *s, struct kbuf *k, const struct pf_pool *p)
{
	struct pf_loc floc = PF_NOLOC;
	const char *v = pf_php_effective(pf_pool_ini(s->m, p), p,
	    "cgi.fix_pathinfo", &floc);

	if (pf_pmap_get(&s->memo->main_pools, p) != 0) {
		kb_c(k, 'M');
		kb_put(k, &p, sizeof(p));
	}
	kb_c(k, floc.file != 0 ? 'P' : 'p');
	alpha(s, k, v);
	alpha(s, k, p->limit_extensions.s);
	alpha(s, k, p->status_path.s);
	alpha(s, k, p->ping_path.s);
	alpha(s, k, p->chroot.s);	/* (sim_fpm.c fpm_path) */
}

static struct mclass *
find_class(struct sim_memo *m, uint64_t h1, uint64_t h2)
{
	size_t i = pf_imap_get(&m->cls_map, h1 | 1);

	return i != 0 && m->cls.v[i - 1].h2 == h2 ? &m->cls.v[i - 1] : NULL;
}

void
pf_sim_memo_begin(struct pf_sim *s, const struct pf_vhost *v)
{
	struct sim_memo *m = s->memo;
	struct kbuf *k;
	const char *d, *sg;
	uint64_t h1, h2;
	struct mclass *c;
	size_t i;
	int own;
	const struct pf_vhost *mv;

	s->nsig = 0;
	s->memo_v = NULL;
	if (m == NULL || m->mode == PF_SIM_MEMO_OFF || s->m->apache == NULL)
		return;
	m->v = v;
	m->c = NULL;
	m->nodes.n = 0;
	/* Strings made from templates for the last vhost are not this
	 * one's. */
	m->gen++;
	m->tc_arena = SA(s);
	/* The maps are emptied, not dropped: their tables stay in use. */
	if (m->node_pos_done)
		map_clear(&m->node_pos);
	m->node_pos_done = 0;
	m->pools.n = 0;
	map_clear(&m->pool_pos);
	if (v == NULL || v->node == NULL)
		return;
	m->st.vhosts++;
	if (!m->main_done)
		main_facts(s);
	k = &m->kb;
	k->n = 0;
	d = pf_sim_docroot(s, v);
	own = v->document_root.s != NULL;
	/* A symbolic link the walk looks at is this vhost's alone. */
	if (d != NULL && sim_strict_near(s, d) && sim_docroot_links(s, d))
		goto off;
	if (own && (!plain_path(d) || !add_sig(s, d)))
		goto off;
	for (i = 0; i < v->routes.n; i++) {
		const struct pf_route *r = &v->routes.v[i];

		if (r->inactive)
			continue;
		sg = r->backend.socket != NULL ? r->backend.socket :
		    authority(m->a, &r->backend);
		if (sg == NULL)
			continue;
		if ((r->backend.socket != NULL && !plain_path(sg)) ||
		    !add_sig(s, sg))
			goto off;
	}
	/* The main server's text is the same for every vhost: an own string
	 * in it would not be swapped. */
	for (i = 0; i < (size_t)s->nsig; i++)
		if (pf_imap_get(&m->main_subs, mix(fnv(s->sig[i],
		    s->siglen[i], 14695981039346656037ULL)) | 1) != 0)
			goto off;
	s->sig_upper = s->sig_auth = 0;
	memset(m->sig2, 0, sizeof(m->sig2));
	for (i = 0; i < (size_t)s->nsig; i++) {
		if (s->sig[i][0] != '/')
			s->sig_auth = 1;
		else
			m->sig2[(unsigned char)s->sig[i][1]] = 1;
		for (sg = s->sig[i]; *sg != '\0'; sg++)
			if (isupper((unsigned char)*sg))
				s->sig_upper = 1;
	}
	if (own) {
		uint32_t comps = 0;

		for (sg = d; *sg != '\0'; sg++)
			comps += *sg == '/';
		kb_c(k, 'D');
		kb_u32(k, comps);
		for (i = 0; i < m->main_paths.n; i++)
			if (path_prefix(d, m->main_paths.v[i]))
				goto off;
		for (i = 0; i < m->main_amatch.n; i++)
			if (strncmp(d, m->main_amatch.v[i],
			    strlen(m->main_amatch.v[i])) == 0)
				goto off;
		main_dirs_class(m, k, SA(s), d);
	} else {
		kb_c(k, 'd');
		alpha(s, k, d);
	}
	kb_c(k, v->tls ? 'S' : 's');
	PF_PUSH(m->a, m->nodes, v->node);
	if (!ser(s, v->node, own ? d : NULL))
		goto off;
	/* Route pools: the vhost's routes', then those the main server's
	 * routes reach in this vhost where they may differ (a worker of the
	 * vhost, a worker named with a path that covers the DocumentRoot). */
	kb_c(k, 'R');
	mv = &s->m->apache->main;
	for (i = 0; i < v->routes.n + mv->routes.n; i++) {
		const struct pf_route *r = i < v->routes.n ? &v->routes.v[i] :
		    &mv->routes.v[i - v->routes.n];
		struct pf_pool *p = r->pool;
		size_t j;

		if (i == v->routes.n)
			kb_c(k, 'M');
		if (r->inactive)
			continue;
		if (i >= v->routes.n) {
			if (!pf_link_route_varies(s->lx, r))
				continue;
			p = pf_link_route_pool(s->lx, r, v);
		}
		if (p == NULL) {
			kb_c(k, '-');
			continue;
		}
		if ((j = pf_pmap_get(&m->pool_pos, p)) == 0) {
			PF_PUSH(m->a, m->pools, p);
			j = m->pools.n;
			pf_pmap_put(m->a, &m->pool_pos, p, j);
			pool_key(s, k, p);
		}
		kb_u32(k, (uint32_t)j);
	}
	fnv2(k->b, k->n, &h1, &h2);
	c = find_class(m, h1, h2);
	if (c == NULL) {
		struct mclass nc;

		if (pf_imap_get(&m->cls_map, h1 | 1) != 0)
			goto off;	/* a 64-bit collision: stay out */
		memset(&nc, 0, sizeof(nc));
		nc.h1 = h1;
		nc.h2 = h2;
		nc.id = (uint32_t)m->cls.n + 1;
		PF_PUSH(m->a, m->cls, nc);
		pf_imap_put(m->a, &m->cls_map, h1 | 1, m->cls.n);
		m->st.classes++;
		m->st.unmemoized++;
		s->nsig = 0;
		return;		/* the first of its shape: simulated */
	}
	if (!c->keep) {
		c->keep = 1;
		c->key = pf_strndup(m->a, k->b, k->n);
		c->keylen = k->n;
	} else if (c->keylen != k->n || memcmp(c->key, k->b, k->n) != 0)
		goto off;
	m->c = c;
	s->memo_v = v;
	return;
off:
	m->st.unmemoized++;
	s->nsig = 0;
	m->c = NULL;
}

void
pf_sim_memo_prepare(struct pf_sim *s)
{
	struct sim_memo *m = s->memo;

	if (m != NULL && m->mode != PF_SIM_MEMO_OFF && s->m->apache != NULL &&
	    !m->main_done)
		main_facts(s);
}

void
sim_memo_share_main(struct pf_sim *s, const struct pf_sim *p)
{
	struct sim_memo *m = s->memo;
	const struct sim_memo *pm = p->memo;

	if (m == NULL || pm == NULL || !pm->main_done)
		return;
	m->main_done = 1;
	/* (cap = n: a push would copy, not write into p's) */
#define SHARE_VEC(f) do {						\
	m->f.v = pm->f.v;						\
	m->f.n = m->f.cap = pm->f.n;					\
} while (0)
	SHARE_VEC(main_dirs);
	SHARE_VEC(drefs);
	SHARE_VEC(dir_wild);
	SHARE_VEC(main_paths);
	SHARE_VEC(main_amatch);
#undef SHARE_VEC
	m->dir_self = pm->dir_self;
	m->dir_under = pm->dir_under;
	m->main_subs = pm->main_subs;
	m->main_pools = pm->main_pools;
}

void
pf_sim_memo_end(struct pf_sim *s)
{
	if (s->memo != NULL) {
		s->memo->c = NULL;
		s->memo->gen++;
	}
	s->nsig = 0;
	s->memo_v = NULL;
}

/* ---- answers ------------------------------------------------------------ */

static uint32_t
node_ref(struct pf_sim *s, const struct pf_node *n, int *ok)
{
	struct sim_memo *m = s->memo;
	const struct pf_node *p;
	size_t i;

	if (n == NULL)
		return 0;
	if (!m->node_pos_done) {
		m->node_pos_done = 1;
		for (i = 0; i < m->nodes.n; i++)
			if (pf_pmap_get(&m->node_pos, m->nodes.v[i]) == 0)
				pf_pmap_put(m->a, &m->node_pos, m->nodes.v[i],
				    i + 1);
	}
	if ((i = pf_pmap_get(&m->node_pos, n)) != 0)
		return (uint32_t)i;
	/* A node of the vhost the class does not index. */
	for (p = n; p != NULL; p = p->parent)
		if (p == m->v->node)
			*ok = 0;
	return 0;
}

static const struct pf_node *
node_of(struct pf_sim *s, uint32_t ref, const struct pf_node *lit)
{
	return ref == 0 ? lit : s->memo->nodes.v[ref - 1];
}

/* Abstracts a verdict into a; 0 if it cannot be kept. */
static int
keep_answer(struct pf_sim *s, const struct pf_sim_verdict *v,
    struct mans *a)
{
	struct sim_memo *m = s->memo;
	int ok = 1;
	size_t j;

	a->v = *v;
	a->route = node_ref(s, v->route, &ok);
	a->route_section = node_ref(s, v->route_section, &ok);
	a->authz_node = node_ref(s, v->authz_node, &ok);
	a->fs_authz_node = node_ref(s, v->fs_authz_node, &ok);
	a->req_node = node_ref(s, v->req_node, &ok);
	a->compat_node = node_ref(s, v->compat_node, &ok);
	a->status_node = node_ref(s, v->status_node, &ok);
	a->errdoc_node = node_ref(s, v->errdoc_node, &ok);
	a->intercepted = node_ref(s, v->intercepted, &ok);
	a->symlinks_off = node_ref(s, v->symlinks_off, &ok);
	a->symlinks_rules = node_ref(s, v->symlinks_rules, &ok);
	a->body_limit_node = node_ref(s, v->body_limit_node, &ok);
	a->handler_off = node_ref(s, v->handler_off, &ok);
	a->err = NULL;
	if (v->errdoc_v != NULL) {
		a->err = pf_alloc(m->a, sizeof(*a->err));
		if (!keep_answer(s, v->errdoc_v, a->err))
			return 0;
	}
	a->pool = -1;
	if (v->pool != NULL) {
		if ((j = pf_pmap_get(&m->pool_pos, v->pool)) != 0)
			a->pool = (int)j - 1;
		else if (pf_pmap_get(&m->main_pools, v->pool) == 0)
			ok = 0;		/* reached some other way */
	}
	if (!ok)
		return 0;
	m->qb.n = 0;
	a->toks = 0;
#define K(f, bit)	do {						\
	a->v.f = keep_str(s, v->f);					\
	a->tp[bit] = NULL;						\
	if (a->v.f != NULL && strchr(a->v.f, TOK) != NULL) {		\
		a->toks |= 1u << (bit);					\
		a->tp[bit] = tmpl_of(m, a->v.f);			\
	}								\
} while (0);
	ANSWER_STRS(K)
#undef K
	return 1;
}

static void
use_answer(struct pf_sim *s, const struct mans *a, struct pf_sim_verdict *v)
{
	struct sim_memo *m = s->memo;

	*v = a->v;
	v->route = node_of(s, a->route, a->v.route);
	v->route_section = node_of(s, a->route_section, a->v.route_section);
	v->authz_node = node_of(s, a->authz_node, a->v.authz_node);
	v->fs_authz_node = node_of(s, a->fs_authz_node, a->v.fs_authz_node);
	v->req_node = node_of(s, a->req_node, a->v.req_node);
	v->compat_node = node_of(s, a->compat_node, a->v.compat_node);
	v->status_node = node_of(s, a->status_node, a->v.status_node);
	v->errdoc_node = node_of(s, a->errdoc_node, a->v.errdoc_node);
	v->intercepted = node_of(s, a->intercepted, a->v.intercepted);
	v->symlinks_off = node_of(s, a->symlinks_off, a->v.symlinks_off);
	v->symlinks_rules = node_of(s, a->symlinks_rules,
	    a->v.symlinks_rules);
	v->body_limit_node = node_of(s, a->body_limit_node,
	    a->v.body_limit_node);
	v->handler_off = node_of(s, a->handler_off, a->v.handler_off);
	if (a->err != NULL) {
		struct pf_sim_verdict *e = pf_alloc(SA(s), sizeof(*e));

		use_answer(s, a->err, e);
		v->errdoc_v = e;
	}
	if (a->pool >= 0) {
		struct pf_loc floc = PF_NOLOC;

		v->pool = m->pools.v[a->pool];
		if (a->v.limit_ext != NULL)
			v->limit_ext = v->pool->limit_extensions.s;
		/* The value is the class's; where it is set, this pool's
		 * (the class says whether it is set). */
		if (a->v.fix_pathinfo_loc.file != 0) {
			pf_php_effective(pf_pool_ini(s->m, v->pool), v->pool,
			    "cgi.fix_pathinfo", &floc);
			v->fix_pathinfo_loc = floc;
		}
	}
	/* Strings without tokens are the answer's as they are (*v = a->v
	 * copied them). */
#define C(f, bit)	do {						\
	if (a->toks & (1u << (bit)))					\
		v->f = a->tp[bit] != NULL ? conc_t(s, a->tp[bit]) :	\
		    conc(s, a->v.f);					\
} while (0);
	ANSWER_STRS(C)
#undef C
}

/* ---- verify mode ------------------------------------------------------ */

static int
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static const char *
differs(const struct pf_sim_verdict *x, const struct pf_sim_verdict *y)
{
#define S(f)	if (!same_str(x->f, y->f)) return #f
#define E(f)	if (x->f != y->f) return #f
	E(outcome); E(via); E(route); E(route_section); S(handler);
	S(backend.socket); S(backend.host); E(backend.port);
	S(backend.worker); S(backend.path); E(pool); E(file_check);
	E(conditional); S(uri); S(filename); S(path_info); E(authz);
	E(authz_node); E(authn); E(fs_authz); E(fs_authz_node);
	E(req_node); E(compat_node); E(satisfy_any);
	S(script_filename);
	S(script_name); S(fpm_path_info); S(path_translated);
	S(document_root); E(fpm); S(executed); E(fix_pathinfo);
	E(fix_pathinfo_loc.file); E(fix_pathinfo_loc.line); S(limit_ext);
	E(redirects); E(status); E(status_node); E(rw_status); E(errdoc);
	E(errdoc_node);
	E(errdoc_status); E(intercepted); E(declined); S(declined_scheme);
	E(symlinks_off); E(symlinks_rules); E(index_hides_all);
	E(body_limit); E(body_limit_node); E(chroot_miss); E(handler_off);
	E(php_exec);
#undef S
#undef E
	if ((x->errdoc_v == NULL) != (y->errdoc_v == NULL))
		return "errdoc_v";
	if (x->errdoc_v != NULL && differs(x->errdoc_v, y->errdoc_v) != NULL)
		return "errdoc_v";
	return NULL;
}

/* ---- requests ----------------------------------------------------------- */

/* The abstracted question in m->qb; 0 if it must be simulated. */
static int
question(struct pf_sim *s, const char *url, const struct pf_sim_fs *fs,
    const char *d)
{
	struct kbuf *q = &s->memo->qb;
	size_t i;
	int t;

	q->n = 0;
	kb_u32(q, s->memo->c->id);
	if (alpha_chk(s, q, url) != 0)
		return 0;
	kb_u32(q, (uint32_t)fs->nfiles);
	for (i = 0; i < fs->nfiles; i++) {
		const char *f = fs->files[i];

		/* A literal file where FPM looks for one above the root. */
		if ((t = alpha_chk(s, q, f)) < 0 ||
		    (t == 0 && d != NULL && path_prefix(d, f)))
			return 0;
	}
	return 1;
}

int
sim_memo_request(struct pf_sim *s, const struct pf_vhost *v,
    const char *url, const struct pf_sim_fs *fs, struct pf_sim_verdict *out)
{
	struct sim_memo *m = s->memo;
	const char *d = pf_sim_docroot(s, v);
	uint64_t h;
	size_t i, qlen;
	char *qcopy = NULL;

	if (!question(s, url, fs, v->document_root.s != NULL ? d : NULL))
		return -1;
	h = mix(fnv(m->qb.b, m->qb.n, 14695981039346656037ULL)) | 1;
	i = pf_imap_get(&m->qa_map, h);
	if (i != 0 && m->qa.v[i - 1].qlen == m->qb.n &&
	    memcmp(m->qa.v[i - 1].q, m->qb.b, m->qb.n) == 0) {
		use_answer(s, &m->qa.v[i - 1].a, out);
		m->st.hits++;
		if (m->mode == PF_SIM_MEMO_VERIFY) {
			struct pf_sim_verdict chk;
			const char *f;

			sim_request_real(s, v, url, fs, &chk);
			if ((f = differs(out, &chk)) != NULL) {
				m->st.mismatches++;
				pf_diag_add(s->run, PF_SEV_ERROR,
				    "rules-memo-mismatch", v->loc,
				    "the simulator's memo answers %s differently "
				    "for %s (%s; simulated: %s)", url, f,
				    pf_sim_describe(s, out),
				    pf_sim_describe(s, &chk));
				*out = chk;
			}
		}
		return 0;
	}
	if (i != 0)
		i = (size_t)-1;		/* a collision: do not keep */
	qlen = m->qb.n;
	qcopy = pf_strndup(m->a, m->qb.b, qlen);
	/* Simulate, watching for decisions on the own strings. */
	s->taint = 0;
	sim_request_real(s, v, url, fs, out);
	m->st.misses++;
	if (!s->taint && i == 0) {
		struct mqa e;

		memset(&e, 0, sizeof(e));
		if (keep_answer(s, out, &e.a)) {
			e.cls = m->c->id;
			e.q = qcopy;
			e.qlen = qlen;
			PF_PUSH(m->a, m->qa, e);
			pf_imap_put(m->a, &m->qa_map, h, m->qa.n);
		}
	}
	return 0;
}

/* ---- setup ---------------------------------------------------------------- */

void
pf_sim_memo_mode(struct pf_sim *s, enum pf_sim_memo_mode mode)
{
	if (s->memo == NULL) {
		s->memo = pf_alloc(s->run->arena, sizeof(*s->memo));
		s->memo->a = s->run->arena;
		s->memo->kb.a = s->memo->qb.a = s->run->arena;
	}
	s->memo->mode = mode;
}

enum pf_sim_memo_mode
pf_sim_memo_mode_of(const struct pf_sim *s)
{
	return s->memo != NULL ? s->memo->mode : PF_SIM_MEMO_OFF;
}

void
pf_sim_memo_stats(struct pf_sim *s, struct pf_sim_memo_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (s->memo != NULL)
		*st = s->memo->st;
}
