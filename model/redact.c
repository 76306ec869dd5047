/*
 * redact.c - finding and masking secrets in configuration text (redact.h).
 *
 * The scanner works on single lines and knows just enough syntax of the
 * four dialects proxyfpm reads to find where a value starts and ends; it
 * errs towards masking more (a whole INI value to the end of the line,
 * comments included) rather than less.
 */
#include "model/redact.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "model/arena.h"
#include "model/buf.h"
#include "model/model.h"
#include "model/run.h"

/* Shorter values are masked in snippets but not in free text. */
#define MIN_FREE_TEXT	4
/* Spans one line can hold before the rest is merged into the last. */
#define MAX_SPANS	64

enum { NOT_SECRET = 0, WEAK_SECRET = 1, SECRET = 2 };

/* Words that make a name secret when they are a whole part of it. */
static const char *const strong_parts[] = {
	"pw", "pwd", "pass", "passwd", "password", "passwords", "passphrase",
	"secret", "secrets", "token", "tokens", "apikey", "salt",
	"credential", "credentials", "privkey", "passcode", "pin", NULL,
};
/* Words that usually mean a secret, but also name key files and the like:
 * a value that is an absolute path is then left alone. */
static const char *const weak_parts[] = {
	"key", "auth", "private", "cookie", "dsn", NULL,
};
/* Substrings that mark a secret even inside camelCase (dbPassword). */
static const char *const strong_subs[] = {
	"password", "passwd", "secret", "token", "apikey", "passphrase",
	"credential", "privatekey", "accesskey", "authkey", NULL,
};

static int
in_list(const char *const *list, const char *w, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, w, n) == 0)
			return 1;
	return 0;
}

static int secret_class_compute(const char *name, size_t n);

/*
 * The class of a key name, remembered: a big tree repeats a few hundred
 * names (pm.max_children, php_admin_value[...]) across thousands of
 * files, and the report scans every line of every file.  Direct-mapped,
 * per thread; names longer than the slot are computed each time.
 */
#define CLASS_SLOTS	1024
#define CLASS_NAME	48

static int
secret_class(const char *name, size_t n)
{
	static _Thread_local struct {
		char	name[CLASS_NAME];
		uint8_t	len;
		int8_t	cls;
	} cache[CLASS_SLOTS];
	uint32_t h = 2166136261u;
	size_t i;
	int cls;

	if (n == 0 || n >= CLASS_NAME)
		return secret_class_compute(name, n);
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	i = h & (CLASS_SLOTS - 1);
	if (cache[i].len == n && memcmp(cache[i].name, name, n) == 0)
		return cache[i].cls;
	cls = secret_class_compute(name, n);
	memcpy(cache[i].name, name, n);
	cache[i].len = (uint8_t)n;
	cache[i].cls = (int8_t)cls;
	return cls;
}

static int
secret_class_compute(const char *name, size_t n)
{
	char low[128];
	size_t i, start, len = n < sizeof(low) - 1 ? n : sizeof(low) - 1;
	int weak = 0;

	for (i = 0; i < len; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[len] = '\0';
	for (i = 0; strong_subs[i] != NULL; i++)
		if (strstr(low, strong_subs[i]) != NULL)
			return SECRET;
	for (start = 0; start < len; start = i + 1) {
		for (i = start; i < len && isalnum((unsigned char)low[i]); i++)
			;
		if (i == start)
			continue;
		if (in_list(strong_parts, low + start, i - start))
			return SECRET;
		if (in_list(weak_parts, low + start, i - start))
			weak = 1;
	}
	return weak ? WEAK_SECRET : NOT_SECRET;
}

int
pf_redact_secret_name(const char *name, size_t n)
{
	return secret_class(name, n) != NOT_SECRET;
}

/* ---- the line scanner ---- */

struct scan {
	const char	*p;
	size_t		 n;
	struct pf_span	 s[MAX_SPANS];
	size_t		 ns;
};

static void
add_span(struct scan *sc, size_t off, size_t end)
{
	if (end <= off)
		return;
	if (sc->ns == MAX_SPANS) {
		/* Absurd lines: widen the last span to cover this one. */
		struct pf_span *l = &sc->s[MAX_SPANS - 1];

		if (off < l->off)
			l->off = off;
		if (end > l->off + l->len)
			l->len = end - l->off;
		return;
	}
	sc->s[sc->ns].off = off;
	sc->s[sc->ns].len = end - off;
	sc->ns++;
}

static size_t
skip_ws(const char *p, size_t i, size_t n)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

static int
name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* Does the value [off, end) look like an absolute path? */
static int
is_path(const char *p, size_t off, size_t end)
{
	size_t i;

	if (off >= end || p[off] != '/')
		return 0;
	for (i = off; i < end; i++)
		if (p[i] == ' ' || p[i] == '\t')
			return 0;
	return 1;
}

/*
 * Masks an INI value starting at i: the inside of a quoted value, else
 * everything to the end of the line (trailing blanks excluded).
 */
static void
mask_ini_value(struct scan *sc, size_t i, int cls)
{
	size_t end, q;

	i = skip_ws(sc->p, i, sc->n);
	if (i >= sc->n)
		return;
	if (sc->p[i] == '"' || sc->p[i] == '\'') {
		for (q = i + 1; q < sc->n && sc->p[q] != sc->p[i]; q++)
			if (sc->p[q] == '\\' && q + 1 < sc->n)
				q++;
		if (cls == WEAK_SECRET && is_path(sc->p, i + 1, q))
			return;
		add_span(sc, i + 1, q);
		return;
	}
	end = sc->n;
	while (end > i && (sc->p[end - 1] == ' ' || sc->p[end - 1] == '\t'))
		end--;
	if (cls == WEAK_SECRET && is_path(sc->p, i, end))
		return;
	add_span(sc, i, end);
}

/* An Apache word at i: [*ws, *we) is the word, [*cs, *ce) its content. */
static size_t
apache_word(const char *p, size_t i, size_t n, size_t *ws, size_t *we,
    size_t *cs, size_t *ce)
{
	char q;

	i = skip_ws(p, i, n);
	*ws = i;
	if (i < n && (p[i] == '"' || p[i] == '\'')) {
		q = p[i++];
		*cs = i;
		while (i < n && p[i] != q) {
			if (p[i] == '\\' && i + 1 < n)
				i++;
			i++;
		}
		*ce = i;
		if (i < n)
			i++;
		*we = i;
		return i;
	}
	*cs = i;
	while (i < n && p[i] != ' ' && p[i] != '\t')
		i++;
	*ce = *we = i;
	return i;
}

/* Masks the content of every word from i to the end of the line. */
static void
mask_words(struct scan *sc, size_t i, int cls)
{
	size_t ws, we, cs, ce;

	for (;;) {
		i = apache_word(sc->p, i, sc->n, &ws, &we, &cs, &ce);
		if (ws >= sc->n)
			return;
		if (!(cls == WEAK_SECRET && is_path(sc->p, cs, ce)))
			add_span(sc, cs, ce);
	}
}

static int
word_is(const char *p, size_t s, size_t e, const char *w)
{
	return e - s == strlen(w) && strncasecmp(p + s, w, e - s) == 0;
}

static int
ends_with_ci(const char *p, size_t s, size_t e, const char *suf)
{
	size_t n = strlen(suf);

	return e - s >= n && strncasecmp(p + e - n, suf, n) == 0;
}

static int
contains_ci(const char *p, size_t s, size_t e, const char *w)
{
	size_t n = strlen(w), i;

	for (i = s; i + n <= e; i++)
		if (strncasecmp(p + i, w, n) == 0)
			return 1;
	return 0;
}

/*
 * The environment every process has, which pools pass on with env[]
 * (Debian's www.conf shows env[HOSTNAME], env[PATH], env[TMP], env[TMPDIR]
 * and env[TEMP]): not secrets.  Masking their values would mask /tmp in
 * every path of every message.  Any other env[] value is one.
 */
static int
os_env_name(const char *p, size_t n)
{
	static const char *const names[] = { "PATH", "TMP", "TMPDIR", "TEMP",
	    "HOSTNAME", "HOME", "LANG", "LANGUAGE", "TZ", "SHELL", "USER",
	    "LOGNAME", "PWD", NULL };
	size_t i;

	if (n > 3 && memcmp(p, "LC_", 3) == 0)
		return 1;
	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == n && memcmp(names[i], p, n) == 0)
			return 1;
	return 0;
}

/*
 * env[NAME] = V, php_value[K] = V, php_admin_value[K] = V, ... (php-fpm)
 * and "K = V" (php.ini, php-fpm globals, site descriptions).  Returns
 * nonzero if the line had that shape.
 */
static int
scan_ini(struct scan *sc, size_t i)
{
	const char *p = sc->p;
	size_t ks = i, ke, bs = 0, be = 0, j;
	int cls;

	while (i < sc->n && name_char((unsigned char)p[i]))
		i++;
	ke = i;
	if (ke == ks)
		return 0;
	if (i < sc->n && p[i] == '[') {
		bs = i + 1;
		while (i < sc->n && p[i] != ']')
			i++;
		if (i >= sc->n)
			return 0;
		be = i++;
	}
	j = skip_ws(p, i, sc->n);
	if (j >= sc->n || p[j] != '=' || (j + 1 < sc->n && p[j + 1] == '='))
		return 0;
	if (be > 0) {
		if (word_is(p, ks, ke, "env"))
			cls = os_env_name(p + bs, be - bs) ? NOT_SECRET :
			    SECRET;
		else if (word_is(p, ks, ke, "php_value") ||
		    word_is(p, ks, ke, "php_admin_value") ||
		    word_is(p, ks, ke, "php_flag") ||
		    word_is(p, ks, ke, "php_admin_flag"))
			cls = secret_class(p + bs, be - bs);
		else	/* some other key[...] = v: judge the whole name */
			cls = secret_class(p + ks, be - ks);
	} else
		cls = secret_class(p + ks, ke - ks);
	if (cls != NOT_SECRET)
		mask_ini_value(sc, j + 1, cls);
	return 1;
}

/* What scan_apache() does with a directive, by its name. */
enum { DIR_PLAIN, DIR_SETENV, DIR_SETENVIF, DIR_HEADER, DIR_SECRET };

static int
directive_kind_compute(const char *p, size_t ns, size_t ne)
{
	if (word_is(p, ns, ne, "ProxyFCGISetEnvIf"))
		return DIR_SETENVIF;
	if (word_is(p, ns, ne, "php_value") ||
	    word_is(p, ns, ne, "php_admin_value") ||
	    word_is(p, ns, ne, "SetEnv"))
		return DIR_SETENV;
	if (word_is(p, ns, ne, "RequestHeader") ||
	    word_is(p, ns, ne, "Header"))
		return DIR_HEADER;
	/* AuthLDAPBindPassword, SessionCryptoPassphrase, OIDCClientSecret,
	 * SSLSRPUnknownUserSeed, ...; not the ones that name a file or a
	 * program that supplies the secret. */
	if ((contains_ci(p, ns, ne, "password") ||
	    contains_ci(p, ns, ne, "passphrase") ||
	    contains_ci(p, ns, ne, "secret") ||
	    word_is(p, ns, ne, "SSLSRPUnknownUserSeed")) &&
	    !ends_with_ci(p, ns, ne, "file") &&
	    !ends_with_ci(p, ns, ne, "dialog") &&
	    !ends_with_ci(p, ns, ne, "query"))
		return DIR_SECRET;
	return DIR_PLAIN;
}

/*
 * directive_kind_compute(), remembered by the name's bytes: the report
 * scans every line of every file, and a tree repeats a few dozen
 * directive names (direct-mapped, per thread, like secret_class()).
 */
static int
directive_kind(const char *p, size_t ns, size_t ne)
{
	static _Thread_local struct {
		char	name[CLASS_NAME];
		uint8_t	len;
		int8_t	kind;
	} cache[CLASS_SLOTS];
	size_t n = ne - ns, i;
	uint32_t h = 2166136261u;
	int kind;

	if (n >= CLASS_NAME)
		return directive_kind_compute(p, ns, ne);
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[ns + i]) * 16777619u;
	i = h & (CLASS_SLOTS - 1);
	if (cache[i].len == n && memcmp(cache[i].name, p + ns, n) == 0)
		return cache[i].kind;
	kind = directive_kind_compute(p, ns, ne);
	memcpy(cache[i].name, p + ns, n);
	cache[i].len = (uint8_t)n;
	cache[i].kind = (int8_t)kind;
	return kind;
}

/* Apache directives that carry secrets as arguments. */
static void
scan_apache(struct scan *sc, size_t i)
{
	const char *p = sc->p;
	size_t ns, ne, ws, we, cs, ce, ws2, we2, cs2, ce2;
	int cls, kind;

	i = apache_word(p, i, sc->n, &ns, &ne, &cs, &ce);
	if (ne == ns)
		return;
	kind = directive_kind(p, ns, ne);
	if (kind == DIR_PLAIN)
		return;
	if (kind == DIR_SETENV || kind == DIR_SETENVIF) {
		if (kind == DIR_SETENVIF)	/* condition */
			i = apache_word(p, i, sc->n, &ws, &we, &cs, &ce);
		i = apache_word(p, i, sc->n, &ws, &we, &cs, &ce);
		cls = secret_class(p + cs, ce - cs);
		/* One value follows the name. */
		apache_word(p, i, sc->n, &ws, &we, &cs, &ce);
		if (cls != NOT_SECRET &&
		    !(cls == WEAK_SECRET && is_path(p, cs, ce)))
			add_span(sc, cs, ce);
		return;
	}
	if (kind == DIR_HEADER) {
		/* [condition] action header [value] */
		i = apache_word(p, i, sc->n, &ws, &we, &cs, &ce);
		if (word_is(p, cs, ce, "always") ||
		    word_is(p, cs, ce, "onsuccess"))
			i = apache_word(p, i, sc->n, &ws, &we, &cs, &ce);
		i = apache_word(p, i, sc->n, &ws2, &we2, &cs2, &ce2);
		if (word_is(p, cs2, ce2, "Authorization") ||
		    word_is(p, cs2, ce2, "Proxy-Authorization") ||
		    word_is(p, cs2, ce2, "Cookie") ||
		    secret_class(p + cs2, ce2 - cs2) == SECRET) {
			i = apache_word(p, i, sc->n, &ws, &we, &cs, &ce);
			add_span(sc, cs, ce);
		}
		return;
	}
	mask_words(sc, i, SECRET);	/* DIR_SECRET */
}

/* key=value pairs anywhere: DBDParams, URLs' query strings, SetEnvIf
 * NAME=V, [E=NAME:V] flags of RewriteRule. */
static void
scan_pairs(struct scan *sc)
{
	const char *p = sc->p;
	size_t i, ks, vs, ve, ns;
	int cls;

	for (i = 1; i < sc->n; i++) {
		if (p[i] != '=' || p[i - 1] == '=' || p[i - 1] == '!' ||
		    p[i - 1] == '<' || p[i - 1] == '>' ||
		    (i + 1 < sc->n && p[i + 1] == '='))
			continue;
		ks = i;
		while (ks > 0 && name_char((unsigned char)p[ks - 1]))
			ks--;
		if (ks == i)
			continue;
		vs = i + 1;
		if ((i - ks == 1 && (p[ks] == 'E' || p[ks] == 'e')) ||
		    (i - ks == 3 && strncasecmp(p + ks, "env", 3) == 0)) {
			/* [E=NAME:VALUE] */
			ns = vs;
			while (ns < sc->n && p[ns] != ':' && p[ns] != ',' &&
			    p[ns] != ']')
				ns++;
			if (ns >= sc->n || p[ns] != ':')
				continue;
			cls = secret_class(p + vs, ns - vs);
			vs = ns + 1;
		} else
			cls = secret_class(p + ks, i - ks);
		if (cls == NOT_SECRET)
			continue;
		if (vs < sc->n && (p[vs] == '"' || p[vs] == '\'')) {
			char q = p[vs++];

			for (ve = vs; ve < sc->n && p[ve] != q; ve++)
				;
		} else
			for (ve = vs; ve < sc->n && !strchr(" \t&;,\"'<>)]",
			    p[ve]); ve++)
				;
		if (!(cls == WEAK_SECRET && is_path(p, vs, ve)))
			add_span(sc, vs, ve);
	}
}

/* scheme://user:password@host */
static void
scan_userinfo(struct scan *sc)
{
	const char *p = sc->p;
	size_t i, j, colon;

	for (i = 1; i + 3 <= sc->n; i++) {
		if (p[i] != ':' || p[i + 1] != '/' || p[i + 2] != '/' ||
		    !isalpha((unsigned char)p[i - 1]))
			continue;
		colon = 0;
		for (j = i + 3; j < sc->n && !strchr("/?#@ \t\"'<>", p[j]);
		    j++)
			if (p[j] == ':' && colon == 0)
				colon = j;
		if (j < sc->n && p[j] == '@' && colon != 0)
			add_span(sc, colon + 1, j);
	}
}

static int
cmp_span(const void *a, const void *b)
{
	const struct pf_span *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

size_t
pf_redact_scan(const char *line, size_t n, struct pf_span *out, size_t max)
{
	struct scan sc;
	size_t i, k, m;

	sc.p = line;
	sc.n = n;
	sc.ns = 0;
	i = skip_ws(line, 0, n);
	/* A commented-out secret is still a secret. */
	while (i < n && (line[i] == '#' || line[i] == ';'))
		i = skip_ws(line, i + 1, n);
	if (!scan_ini(&sc, i))
		scan_apache(&sc, i);
	if (memchr(line, '=', n) != NULL)
		scan_pairs(&sc);
	if (n >= 3 && memchr(line, '@', n) != NULL)
		scan_userinfo(&sc);
	if (sc.ns == 0)
		return 0;
	qsort(sc.s, sc.ns, sizeof(sc.s[0]), cmp_span);
	/* Merge overlapping spans. */
	for (k = 0, m = 1; m < sc.ns; m++) {
		struct pf_span *a = &sc.s[k], *b = &sc.s[m];

		if (b->off <= a->off + a->len) {
			if (b->off + b->len > a->off + a->len)
				a->len = b->off + b->len - a->off;
		} else
			sc.s[++k] = *b;
	}
	m = k + 1;
	for (i = 0; i < m && i < max; i++)
		out[i] = sc.s[i];
	return m;
}

char *
pf_redact_apply(struct pf_arena *a, const char *line, size_t n,
    const struct pf_span *sp, size_t ns, size_t *outn, size_t *pos,
    size_t npos)
{
	size_t mlen = strlen(PF_REDACTED), total = n, i, k, at = 0, o = 0;
	size_t newpos[8];
	char *out;

	if (npos > 8)
		npos = 8;
	for (k = 0; k < ns; k++)
		total = total - sp[k].len + mlen;
	out = pf_alloc(a, total + 1);
	for (k = 0; k < npos; k++)
		newpos[k] = (size_t)-1;
	for (k = 0; k <= ns; k++) {
		size_t end = k < ns ? sp[k].off : n;

		/* Plain bytes before the span (or up to the end). */
		for (i = 0; i < npos; i++)
			if (newpos[i] == (size_t)-1 && pos[i] >= at &&
			    (pos[i] < end || (k == ns && pos[i] >= end)))
				newpos[i] = o + (pos[i] - at);
		memcpy(out + o, line + at, end - at);
		o += end - at;
		if (k == ns)
			break;
		for (i = 0; i < npos; i++)
			if (newpos[i] == (size_t)-1 && pos[i] >= end &&
			    pos[i] < end + sp[k].len)
				newpos[i] = (i == 1 && pos[i] > end) ?
				    o + mlen : o;
		memcpy(out + o, PF_REDACTED, mlen);
		o += mlen;
		at = end + sp[k].len;
	}
	out[o] = '\0';
	*outn = o;
	for (i = 0; i < npos; i++)
		pos[i] = newpos[i] == (size_t)-1 ? o : newpos[i];
	return out;
}

/* ---- the redactor: known secret values ---- */

struct value {
	const char	*s;
	size_t		 n;
};

struct pf_redactor {
	struct pf_arena	*arena;
	struct value	*v;
	size_t		 n, cap;
	/* exact-match set, for de-duplication */
	int32_t		*set;
	size_t		 setcap;
	/* Aho-Corasick automaton over the values, built on first use */
	struct ac	*ac;
	size_t		 ac_n;		/* values it holds */
	struct quiet	*quiet;		/* add_line_values' memory, or NULL */
};

/*
 * Lines the scan found no secret in, remembered whole (direct-mapped by a
 * hash, compared byte for byte, so a remembered line is that line): a
 * tree of 10,000 vhosts stamped from one template repeats most of its
 * lines thousands of times, and scanning every line of every source was
 * an eighth of lint's instructions (338M of 2,559M, /tmp/b10).
 */
#define QUIET_SLOTS	2048
#define QUIET_LEN	63
struct quiet {
	unsigned char	 len;
	char		 s[QUIET_LEN];
};

/*
 * The values found in text: an Aho-Corasick automaton, one pass over the
 * text whatever the number of values (thousands of pools give thousands
 * of values sharing prefixes such as "/srv/site"; trying each value at
 * each position cost more than the rest of a report).  Edges are kept in
 * an open-addressing table keyed by (node, byte).
 */
struct ac {
	int32_t		*fail, *dict, *len;	/* len: value ending here, 0 */
	int32_t		*kid, *sib;		/* first child, next sibling */
	unsigned char	*byte;			/* the edge into the node */
	size_t		 nnodes, capnodes;
	uint64_t	*ekey;			/* node << 8 | byte, + 1 */
	int32_t		*eval;
	size_t		 ecap, nedges;
	/* The root's edges by byte (0: none): most bytes of a text step
	 * from the root, without a hash lookup. */
	int32_t		 root[256];
};

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static size_t
ac_slot(const struct ac *ac, uint64_t key)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 20) & (ac->ecap - 1);
}

static int32_t
ac_edge(const struct ac *ac, int32_t node, unsigned char c)
{
	uint64_t key = ((uint64_t)node << 8 | c) + 1;
	size_t j = ac_slot(ac, key);

	while (ac->ekey[j] != 0) {
		if (ac->ekey[j] == key)
			return ac->eval[j];
		j = (j + 1) & (ac->ecap - 1);
	}
	return -1;
}

static void
ac_put(struct ac *ac, int32_t node, unsigned char c, int32_t child)
{
	uint64_t key = ((uint64_t)node << 8 | c) + 1;
	size_t j = ac_slot(ac, key);

	while (ac->ekey[j] != 0)
		j = (j + 1) & (ac->ecap - 1);
	ac->ekey[j] = key;
	ac->eval[j] = child;
	ac->nedges++;
}

static int32_t
ac_node(struct ac *ac)
{
	if (ac->nnodes == ac->capnodes) {
		ac->capnodes = ac->capnodes ? ac->capnodes * 2 : 256;
		ac->fail = pf_xrealloc(ac->fail, ac->capnodes * sizeof(int32_t));
		ac->dict = pf_xrealloc(ac->dict, ac->capnodes * sizeof(int32_t));
		ac->len = pf_xrealloc(ac->len, ac->capnodes * sizeof(int32_t));
		ac->kid = pf_xrealloc(ac->kid, ac->capnodes * sizeof(int32_t));
		ac->sib = pf_xrealloc(ac->sib, ac->capnodes * sizeof(int32_t));
		ac->byte = pf_xrealloc(ac->byte, ac->capnodes);
	}
	ac->kid[ac->nnodes] = -1;
	ac->sib[ac->nnodes] = -1;
	ac->byte[ac->nnodes] = 0;
	ac->fail[ac->nnodes] = 0;
	ac->dict[ac->nnodes] = 0;
	ac->len[ac->nnodes] = 0;
	return (int32_t)ac->nnodes++;
}

static void
ac_free(struct ac *ac)
{
	if (ac == NULL)
		return;
	free(ac->fail);
	free(ac->dict);
	free(ac->len);
	free(ac->kid);
	free(ac->sib);
	free(ac->byte);
	free(ac->ekey);
	free(ac->eval);
	free(ac);
}

/* The next state from node on byte c (root: 0). */
static int32_t
ac_step(const struct ac *ac, int32_t node, unsigned char c)
{
	int32_t k;

	for (;;) {
		if (node == 0)
			return ac->root[c];
		if ((k = ac_edge(ac, node, c)) >= 0)
			return k;
		node = ac->fail[node];
	}
}

static struct ac *
ac_build(const struct pf_redactor *r)
{
	struct ac *ac = pf_xmalloc(sizeof(*ac));
	size_t i, j, total = 0, qh = 0, qt = 0;
	int32_t *queue;

	memset(ac, 0, sizeof(*ac));
	for (i = 0; i < r->n; i++)
		total += r->v[i].n;
	for (ac->ecap = 64; ac->ecap < 2 * total + 2; ac->ecap *= 2)
		;
	ac->ekey = pf_xmalloc(ac->ecap * sizeof(*ac->ekey));
	ac->eval = pf_xmalloc(ac->ecap * sizeof(*ac->eval));
	memset(ac->ekey, 0, ac->ecap * sizeof(*ac->ekey));
	ac_node(ac);
	for (i = 0; i < r->n; i++) {
		int32_t node = 0, k;

		for (j = 0; j < r->v[i].n; j++) {
			unsigned char c = (unsigned char)r->v[i].s[j];

			if ((k = ac_edge(ac, node, c)) < 0) {
				k = ac_node(ac);
				ac_put(ac, node, c, k);
				ac->byte[k] = c;
				ac->sib[k] = ac->kid[node];
				ac->kid[node] = k;
			}
			node = k;
		}
		ac->len[node] = (int32_t)r->v[i].n;
	}
	for (i = 0; i < 256; i++) {
		int32_t k = ac_edge(ac, 0, (unsigned char)i);

		ac->root[i] = k > 0 ? k : 0;
	}
	/* Fail and dictionary links, breadth first (a node's fail is
	 * shallower, so it is done before the node). */
	queue = pf_xmalloc(ac->nnodes * sizeof(*queue));
	queue[qt++] = 0;
	while (qh < qt) {
		int32_t node = queue[qh++];

		int32_t child;

		for (child = ac->kid[node]; child >= 0; child = ac->sib[child]) {
			unsigned char c = ac->byte[child];
			int32_t f;

			f = node == 0 ? 0 : ac_step(ac, ac->fail[node], c);
			ac->fail[child] = f;
			ac->dict[child] = ac->len[f] ? f : ac->dict[f];
			queue[qt++] = child;
		}
	}
	free(queue);
	return ac;
}

static void
set_rehash(struct pf_redactor *r)
{
	size_t cap = r->setcap ? r->setcap * 2 : 256, i, j;
	int32_t *set = pf_xmalloc(cap * sizeof(*set));

	for (i = 0; i < cap; i++)
		set[i] = -1;
	for (i = 0; i < r->n; i++) {
		j = hash_bytes(r->v[i].s, r->v[i].n) & (cap - 1);
		while (set[j] >= 0)
			j = (j + 1) & (cap - 1);
		set[j] = (int32_t)i;
	}
	free(r->set);
	r->set = set;
	r->setcap = cap;
}

void
pf_redactor_add(struct pf_redactor *r, const char *s, size_t n)
{
	size_t j;

	if (n < MIN_FREE_TEXT || r->n >= INT32_MAX - 1)
		return;
	if (r->setcap == 0 || (r->n + 1) * 2 > r->setcap)
		set_rehash(r);
	j = hash_bytes(s, n) & (r->setcap - 1);
	while (r->set[j] >= 0) {
		struct value *v = &r->v[r->set[j]];

		if (v->n == n && memcmp(v->s, s, n) == 0)
			return;
		j = (j + 1) & (r->setcap - 1);
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = pf_xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	r->v[r->n].s = pf_strndup(r->arena, s, n);
	r->v[r->n].n = n;
	r->set[j] = (int32_t)r->n;
	r->n++;
}

static void
add_line_values(struct pf_redactor *r, const char *p, size_t n)
{
	struct pf_span sp[MAX_SPANS];
	struct quiet *q = NULL;
	size_t k, ns;

	if (n > 0 && n <= QUIET_LEN) {
		uint64_t h = 14695981039346656037ULL, w;

		if (r->quiet == NULL)
			r->quiet = calloc(QUIET_SLOTS, sizeof(*r->quiet));
		for (k = 0; k + 8 <= n; k += 8) {
			memcpy(&w, p + k, 8);
			h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		}
		for (; k < n; k++)
			h = (h ^ (unsigned char)p[k]) * 1099511628211ULL;
		h ^= h >> 29;
		if (r->quiet != NULL) {
			q = &r->quiet[h & (QUIET_SLOTS - 1)];
			if (q->len == n && memcmp(q->s, p, n) == 0)
				return;
		}
	}
	ns = pf_redact_scan(p, n, sp, MAX_SPANS);
	if (ns == 0 && q != NULL) {
		q->len = (unsigned char)n;
		memcpy(q->s, p, n);
	}
	if (ns > MAX_SPANS)
		ns = MAX_SPANS;
	for (k = 0; k < ns; k++)
		pf_redactor_add(r, p + sp[k].off, sp[k].len);
}

static void
add_pool(struct pf_redactor *r, const struct pf_pool *pool)
{
	size_t i;

	if (pool == NULL)
		return;
	for (i = 0; i < pool->env.n; i++)
		if (pool->env.v[i].value != NULL &&
		    (pool->env.v[i].name == NULL ||
		    !os_env_name(pool->env.v[i].name,
		    strlen(pool->env.v[i].name))))
			pf_redactor_add(r, pool->env.v[i].value,
			    strlen(pool->env.v[i].value));
	for (i = 0; i < pool->php.n; i++) {
		const struct pf_php_setting *s = &pool->php.v[i];

		if (s->key != NULL && s->value != NULL &&
		    pf_redact_secret_name(s->key, strlen(s->key)) &&
		    s->value[0] != '/')
			pf_redactor_add(r, s->value, strlen(s->value));
	}
}

/* The values found in sources [from, to) of a run. */
struct scan_job {
	struct pf_source *const *v;	/* the sources array when started */
	size_t		 from, to;
	struct pf_redactor *r;
};

static void *
scan_sources(void *arg)
{
	struct scan_job *jb = arg;
	size_t i, j, k;

	for (i = jb->from; i < jb->to; i++) {
		const struct pf_source *s = jb->v[i];

		if (s == NULL || s->data == NULL)
			continue;
		for (j = 0; j < s->len; j = k + 1) {
			const char *nl = memchr(s->data + j, '\n', s->len - j);

			k = nl ? (size_t)(nl - s->data) : s->len;
			add_line_values(jb->r, s->data + j, k - j -
			    (k > j && s->data[k - 1] == '\r'));
		}
	}
	return NULL;
}

static struct pf_redactor *
redactor_alloc(void)
{
	struct pf_redactor *r = pf_xmalloc(sizeof(*r));

	memset(r, 0, sizeof(*r));
	r->arena = pf_arena_new();
	return r;
}

/* Bytes of sources past which the scan is split over two threads, or
 * started early by pf_redactor_prescan(). */
#define SPLIT_BYTES	((size_t)4 << 20)

static size_t
source_bytes(const struct pf_run *run, size_t from)
{
	size_t i, total = 0;

	for (i = from; i < run->sources.n; i++)
		if (run->sources.v[i] != NULL)
			total += run->sources.v[i]->len;
	return total;
}

/* Sources [from, to) scanned into r, the second half of a big range on
 * a second thread with its own redactor, whose values are then added to
 * r (the values are a set, and masking depends on the set only). */
static void
scan_range(struct pf_redactor *r, struct pf_source *const *v, size_t from,
    size_t to, size_t total)
{
	struct scan_job a = { v, from, to, r }, b;
	struct pf_redactor *r2;
	pthread_t thr;
	size_t i, half;

	if (total >= SPLIT_BYTES && sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		for (i = from, half = 0; i < to && half < total / 2; i++)
			if (v[i] != NULL)
				half += v[i]->len;
		r2 = redactor_alloc();
		b = a;
		b.from = a.to = i;
		b.r = r2;
		if (pthread_create(&thr, NULL, scan_sources, &b) == 0) {
			scan_sources(&a);
			pthread_join(thr, NULL);
			for (i = 0; i < r2->n; i++)
				pf_redactor_add(r, r2->v[i].s, r2->v[i].n);
		} else {
			a.to = to;
			scan_sources(&a);
		}
		pf_redactor_free(r2);
	} else
		scan_sources(&a);
}

struct pf_redact_pre {
	struct scan_job	 job;
	pthread_t	 thr;
};

void
pf_redactor_prescan(struct pf_run *run)
{
	struct pf_redact_pre *p;

	if (run->redact_pre != NULL ||
	    source_bytes(run, 1) < SPLIT_BYTES ||
	    sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	p = pf_xmalloc(sizeof(*p));
	/* The array as it is now: a source added later grows it into a new
	 * arena block, and this one stays valid as long as the run. */
	p->job.v = run->sources.v;
	p->job.from = 1;
	p->job.to = run->sources.n;
	p->job.r = redactor_alloc();
	if (pthread_create(&p->thr, NULL, scan_sources, &p->job) != 0) {
		pf_redactor_free(p->job.r);
		free(p);
		return;
	}
	run->redact_pre = p;
}

/* The prescan's redactor (joined) and the sources it did not see. */
static struct pf_redactor *
prescan_take(struct pf_run *run, size_t *from)
{
	struct pf_redact_pre *p = run->redact_pre;
	struct pf_redactor *r;

	if (p == NULL)
		return NULL;
	pthread_join(p->thr, NULL);
	r = p->job.r;
	*from = p->job.to;
	free(p);
	run->redact_pre = NULL;
	return r;
}

void
pf_redactor_prescan_end(struct pf_run *run)
{
	size_t from;

	pf_redactor_free(prescan_take(run, &from));
}

struct pf_redactor *
pf_redactor_new(struct pf_run *run)
{
	const struct pf_model *m = run->model;
	size_t i, from = 1;
	struct pf_redactor *r = prescan_take(run, &from);

	/*
	 * Every line of every source is scanned (10,000 vhost files are
	 * 450,000 lines), those a prescan has not seen here.
	 */
	if (r == NULL)
		r = redactor_alloc();
	scan_range(r, run->sources.v, from, run->sources.n,
	    source_bytes(run, from));
	if (m != NULL) {
		for (i = 0; i < m->pools.n; i++)
			add_pool(r, m->pools.v[i]);
		if (m->fpm != NULL)
			for (i = 0; i < m->fpm->pools.n; i++)
				add_pool(r, m->fpm->pools.v[i]);
		if (m->phpini != NULL)
			for (i = 0; i < m->phpini->entries.n; i++) {
				const struct pf_ini_entry *e =
				    &m->phpini->entries.v[i];

				if (e->key != NULL && e->value != NULL &&
				    e->value[0] != '/' &&
				    pf_redact_secret_name(e->key,
				    strlen(e->key)))
					pf_redactor_add(r, e->value,
					    strlen(e->value));
			}
	}
	return r;
}

void
pf_redactor_free(struct pf_redactor *r)
{
	if (r == NULL)
		return;
	free(r->v);
	free(r->set);
	free(r->quiet);
	ac_free(r->ac);
	pf_arena_free(r->arena);
	free(r);
}

size_t
pf_redactor_count(const struct pf_redactor *r)
{
	return r->n;
}

static int
alnum_at(const char *s, size_t i)
{
	return isalnum((unsigned char)s[i]) || s[i] == '_';
}

const char *
pf_redact_text(struct pf_redactor *r, struct pf_arena *a, const char *s)
{
	struct pf_buf b = PF_BUF_INIT;
	size_t len, i, from = 0, start, L;
	int32_t state = 0, o;
	uint32_t *best;
	char *out;

	if (r == NULL || s == NULL || r->n == 0)
		return s;
	len = strlen(s);
	if (len < MIN_FREE_TEXT)
		return s;
	if (r->ac == NULL || r->ac_n != r->n) {
		ac_free(r->ac);
		r->ac = ac_build(r);
		r->ac_n = r->n;
	}
	/*
	 * best[i]: the longest value that occurs at i as whole tokens ("prod"
	 * must not eat "production").  Then, left to right, each such value
	 * is replaced and the scan goes on after it.
	 */
	best = NULL;
	for (i = 0; i < len; i++) {
		state = ac_step(r->ac, state, (unsigned char)s[i]);
		o = r->ac->len[state] ? state : r->ac->dict[state];
		for (; o > 0; o = r->ac->dict[o]) {
			L = (size_t)r->ac->len[o];
			start = i + 1 - L;
			if (alnum_at(s, start) && start > 0 &&
			    alnum_at(s, start - 1))
				continue;
			if (alnum_at(s, i) && i + 1 < len && alnum_at(s, i + 1))
				continue;
			if (best == NULL) {
				best = pf_xmalloc(len * sizeof(*best));
				memset(best, 0, len * sizeof(*best));
			}
			if (L > best[start])
				best[start] = (uint32_t)L;
		}
	}
	if (best == NULL)
		return s;
	for (i = 0; i < len; i++) {
		if (best[i] == 0)
			continue;
		pf_buf_add(&b, s + from, i - from);
		pf_buf_puts(&b, PF_REDACTED);
		from = i + best[i];
		i = from - 1;
	}
	free(best);
	pf_buf_puts(&b, s + from);
	out = pf_strndup(a, pf_buf_str(&b), b.len);
	pf_buf_free(&b);
	return out;
}
