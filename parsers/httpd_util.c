/*
 * httpd_util.c - small helpers of the httpd reader: the arena string map,
 * httpd's word splitting (ap_getword_conf, reference/semantics.md 1.3) and
 * table lookups.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/httpd_int.h"

/* (8 bytes at a time: keys are paths of tens of bytes) */
static uint32_t
hash_str(const char *s)
{
	return pf_hrd_hash_bytes(s, strlen(s));
}

void *
pf_hmap_get(const struct pf_hmap *m, const char *k)
{
	size_t i;
	uint32_t h;

	if (m->cap == 0)
		return NULL;
	h = hash_str(k);
	for (i = h & (m->cap - 1); m->e[i].k != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->e[i].h == h && strcmp(m->e[i].k, k) == 0)
			return m->e[i].v;
	return NULL;
}

void
pf_hmap_put(struct pf_arena *a, struct pf_hmap *m, const char *k, void *v)
{
	size_t i, j;
	uint32_t h = hash_str(k);

	if ((m->n + 1) * 2 > m->cap) {
		struct pf_hmap nm = { NULL, 0, m->cap ? m->cap * 2 : 16 };

		/* The tables live in malloc, not the arena: they die with
		 * the reader (pf_hmap_free), and an outgrown one is freed
		 * at once (files, workers and document roots of 10,000
		 * vhosts kept 3 MB of tables in the run's arena). */
		(void)a;
		nm.e = pf_xzalloc(nm.cap, sizeof(*nm.e));
		/* keys are distinct: each goes to its first free slot */
		for (j = 0; j < m->cap; j++) {
			if (m->e[j].k == NULL)
				continue;
			for (i = m->e[j].h & (nm.cap - 1);
			    nm.e[i].k != NULL; i = (i + 1) & (nm.cap - 1))
				;
			nm.e[i] = m->e[j];
		}
		nm.n = m->n;
		free(m->e);
		*m = nm;
	}
	for (i = h & (m->cap - 1); m->e[i].k != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->e[i].h == h && strcmp(m->e[i].k, k) == 0) {
			/* Deletion keeps the key as a tombstone. */
			m->e[i].v = v;
			return;
		}
	m->e[i].k = k;
	m->e[i].v = v;
	m->e[i].h = h;
	m->n++;
}

void
pf_hmap_free(struct pf_hmap *m)
{
	free(m->e);
	m->e = NULL;
	m->n = m->cap = 0;
}

/* apr_fnmatch_test: '*', '?', or a '[' closed by a ']'. */
int
pf_hrd_fnmatch_test(const char *p)
{
	int set = 0;

	p = strpbrk(p, "?*\\[");	/* (most words have none) */
	for (; p != NULL && *p != '\0'; p++)
		if (*p == '?' || *p == '*')
			return 1;
		else if (*p == '\\' && *++p == '\0')
			return 0;
		else if (*p == '[')
			set = 1;
		else if (*p == ']' && set)
			return 1;
	return 0;
}

/*
 * ap_getword_conf: a word is a run of non-space characters, or a quoted
 * string ('...' or "...") when it starts with a quote.  Inside quotes \q
 * (the same quote) and \\ are escapes; outside only \\ is.  An unterminated
 * quote runs to the end of the line.  The scan takes \\ as a pair, so the
 * quote after it closes: "a\\" is the word a\.  A quote in the middle of a
 * word is an ordinary character.
 *
 * pf_hrd_word_scan() finds the word at *line (leading space skipped): its
 * text s/len (inside the quotes) and quote, and moves *line past it and
 * the space after it; it returns the length of the unquoted word, so
 * callers can size storage before pf_hrd_word_copy() writes it.
 */
size_t
pf_hrd_word_scan(const char **line, const char **sp, size_t *lenp,
    char *quotep)
{
	const char *s = *line, *e;
	char quote = 0;
	size_t len, out, i;

	while (*s != '\0' && pf_hrd_space(*s))
		s++;
	if (*s == '"' || *s == '\'') {
		quote = *s;
		e = s + 1;
		while (*e != '\0' && *e != quote) {
			if (*e == '\\' && (e[1] == quote || e[1] == '\\'))
				e += 2;
			else
				e++;
		}
		s++;
	} else {
		e = s;
		while (*e != '\0' && !pf_hrd_space(*e))
			e++;
	}
	len = (size_t)(e - s);
	out = len;
	for (i = 0; i < len; i++)
		if (s[i] == '\\' && i + 1 < len + (quote ? 1 : 0) &&
		    (s[i + 1] == '\\' || (quote && s[i + 1] == quote))) {
			out--;
			i++;
		}
	if (quote && *e == quote)
		e++;
	while (*e != '\0' && pf_hrd_space(*e))
		e++;
	*line = e;
	*sp = s;
	*lenp = len;
	*quotep = quote;
	return out;
}

/* Writes the unquoted word (from pf_hrd_word_scan) and a NUL to o;
 * returns the end of the copy (at the NUL). */
char *
pf_hrd_word_copy(char *o, const char *s, size_t len, char quote)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len + (quote ? 1 : 0) &&
		    (s[i + 1] == '\\' || (quote && s[i + 1] == quote)))
			*o++ = s[++i];
		else
			*o++ = s[i];
	}
	*o = '\0';
	return o;
}

/*
 * Bytes that end or change an unquoted run: NUL, the spaces of
 * pf_hrd_space() and the backslash (a \\ pair is one byte).
 */
static const unsigned char word_stop[256] = {
	[0] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1,
	['\r'] = 1, ['\\'] = 1,
};

/*
 * pf_hrd_word_scan() and pf_hrd_word_copy() in one pass: writes the next
 * word (unquoted, NUL-terminated) to out, which has room for the rest of
 * the line plus one byte, and returns its length.  Runs of ordinary bytes
 * are found with a table and copied at once (most words are such a run).
 */
size_t
pf_hrd_word(const char **line, char *out)
{
	const char *s = *line, *b;
	char *o = out, quote;

	while (*s != '\0' && pf_hrd_space(*s))
		s++;
	if (*s == '"' || *s == '\'') {
		quote = *s++;
		while (*s != '\0' && *s != quote) {
			if (*s == '\\' && (s[1] == quote || s[1] == '\\'))
				s++;
			*o++ = *s++;
		}
		if (*s == quote)
			s++;
	} else {
		for (;;) {
			for (b = s; !word_stop[(unsigned char)*s]; s++)
				;
			memcpy(o, b, (size_t)(s - b));
			o += s - b;
			if (*s != '\\')
				break;
			if (s[1] == '\\')
				s++;
			*o++ = *s++;
		}
	}
	*o = '\0';
	while (*s != '\0' && pf_hrd_space(*s))
		s++;
	*line = s;
	return (size_t)(o - out);
}

/* The next word as an arena string ("" at the end of the line); with a
 * NULL arena the word is only skipped. */
const char *
pf_hrd_getword(struct pf_arena *a, const char **line)
{
	const char *s;
	size_t len, out;
	char quote, *res;

	out = pf_hrd_word_scan(line, &s, &len, &quote);
	if (a == NULL)
		return "";
	res = pf_alloc(a, out + 1);
	pf_hrd_word_copy(res, s, len, quote);
	return res;
}

char *
pf_hrd_join(struct pf_arena *a, const char *x, const char *sep, const char *y)
{
	size_t xl = strlen(x), sl = strlen(sep), yl = strlen(y);
	char *p = pf_alloc(a, xl + sl + yl + 1);

	memcpy(p, x, xl);
	memcpy(p + xl, sep, sl);
	memcpy(p + xl + sl, y, yl + 1);
	return p;
}

/*
 * The directive table as an open-addressing hash on the lower-cased name
 * (built once per process; the table is constant), plus each row's kind
 * (enum hkind) so walkers dispatch on n->def instead of comparing names.
 */
#define DHASH_CAP	(2 * PF_HRD_MAX_ROWS)	/* a power of two */

static uint16_t	 dhash[DHASH_CAP];	/* row + 1 of each name's first */
static unsigned char dcount[DHASH_CAP];	/* rows of that name */
unsigned char	 pf_hrd_row_kinds[PF_HRD_MAX_ROWS];
#define row_kind pf_hrd_row_kinds
static unsigned char row_count[PF_HRD_MAX_ROWS];	/* rows of the name,
						 * at its first */
static int	 tables_ready;

static const struct { const char *lname; unsigned char kind; } kinds[] = {
	{ "<virtualhost", HK_VHOST }, { "<directory", HK_DIRECTORY },
	{ "<directorymatch", HK_DIRECTORYMATCH },
	{ "<location", HK_LOCATION }, { "<locationmatch", HK_LOCATIONMATCH },
	{ "<files", HK_FILES }, { "<filesmatch", HK_FILESMATCH },
	{ "<proxy", HK_PROXY }, { "<proxymatch", HK_PROXYMATCH },
	{ "<if", HK_IF }, { "<elseif", HK_ELSEIF }, { "<else", HK_ELSE },
	{ "<limit", HK_LIMIT }, { "<limitexcept", HK_LIMITEXCEPT },
	{ "sethandler", HK_SETHANDLER }, { "addhandler", HK_ADDHANDLER },
	{ "addtype", HK_ADDTYPE }, { "action", HK_ACTION },
	{ "proxypass", HK_PROXYPASS }, { "proxypassmatch", HK_PROXYPASSMATCH },
	{ "rewriterule", HK_REWRITERULE }, { "proxyset", HK_PROXYSET },
	{ "alias", HK_ALIAS }, { "aliasmatch", HK_ALIASMATCH },
	{ "scriptalias", HK_SCRIPTALIAS },
	{ "scriptaliasmatch", HK_SCRIPTALIASMATCH },
	{ "servername", HK_SERVERNAME }, { "serveralias", HK_SERVERALIAS },
	{ "documentroot", HK_DOCUMENTROOT }, { "sslengine", HK_SSLENGINE },
	{ "timeout", HK_TIMEOUT }, { "proxytimeout", HK_PROXYTIMEOUT },
	{ "user", HK_USER }, { "group", HK_GROUP },
	{ "serverlimit", HK_SERVERLIMIT },
	{ "threadsperchild", HK_THREADSPERCHILD },
	{ "threadlimit", HK_THREADLIMIT },
	{ "maxrequestworkers", HK_MAXREQUESTWORKERS },
	{ "maxclients", HK_MAXREQUESTWORKERS },
	{ "startservers", HK_STARTSERVERS },
	{ "minsparethreads", HK_MINSPARE }, { "minspareservers", HK_MINSPARE },
	{ "maxsparethreads", HK_MAXSPARE }, { "maxspareservers", HK_MAXSPARE },
	{ "maxconnectionsperchild", HK_MAXCONNPERCHILD },
	{ "maxrequestsperchild", HK_MAXCONNPERCHILD },
	{ "keepalive", HK_KEEPALIVE }, { "accessfilename", HK_ACCESSFILENAME },
	{ "allowoverride", HK_ALLOWOVERRIDE },
	{ "allowoverridelist", HK_ALLOWOVERRIDELIST },
	{ "<macro", HK_MACRO },
	{ "<ifmodule", HK_IFMODULE }, { "<ifdefine", HK_IFDEFINE },
	{ "<ifversion", HK_IFVERSION }, { "<iffile", HK_IFFILE },
	{ "<ifdirective", HK_IFDIRECTIVE }, { "<ifsection", HK_IFSECTION },
	{ "include", HK_INCLUDE }, { "includeoptional", HK_INCLUDEOPTIONAL },
	{ "define", HK_DEFINE }, { "undefine", HK_UNDEFINE },
	{ "serverroot", HK_SERVERROOT }, { "loadmodule", HK_LOADMODULE },
	{ "loadfile", HK_LOADFILE }, { "use", HK_USE },
	{ "undefmacro", HK_UNDEFMACRO },
	{ "defaultruntimedir", HK_DEFAULTRUNTIMEDIR },
};

static uint32_t
hash_lname(const char *s)
{
	uint32_t h = PF_HRD_HASH0;

	for (; *s != '\0'; s++)
		h = PF_HRD_HASH(h, *s);
	return h;
}

static void
tables_init(void)
{
	size_t i, k, n;
	const struct pf_directive *d;

	/* The hash holds row + 1 in 16 bits and stays under half full;
	 * a regenerated table past the arrays is a build to fix. */
	if (pf_httpd_ndirectives > PF_HRD_MAX_ROWS) {
		fputs("proxyfpm: internal error: the directive table has more "
		    "rows than PF_HRD_MAX_ROWS\n", stderr);
		exit(5);
	}
	for (i = 0; i < pf_httpd_ndirectives; i++) {
		if (i > 0 && strcmp(pf_httpd_directives[i - 1].lname,
		    pf_httpd_directives[i].lname) == 0)
			continue;	/* rows of one name are adjacent */
		for (k = hash_lname(pf_httpd_directives[i].lname) &
		    (DHASH_CAP - 1); dhash[k] != 0; k = (k + 1) &
		    (DHASH_CAP - 1))
			;
		dhash[k] = (uint16_t)(i + 1);
		for (n = i; n < pf_httpd_ndirectives && n - i < 255 &&
		    strcmp(pf_httpd_directives[n].lname,
		    pf_httpd_directives[i].lname) == 0; n++)
			;
		dcount[k] = (unsigned char)(n - i);
		if (i < sizeof(row_count))
			row_count[i] = (unsigned char)(n - i);
	}
	tables_ready = 1;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		d = pf_httpd_directive_find(kinds[i].lname, &n);
		for (k = 0; d != NULL && k < n; k++)
			if ((size_t)(d - pf_httpd_directives) + k <
			    sizeof(row_kind))
				row_kind[d - pf_httpd_directives + k] =
				    kinds[i].kind;
	}
}

/* Lookup with the hash already computed (PF_HRD_HASH over lname). */
const struct pf_directive *
pf_hrd_dfind(const char *lname, uint32_t h, size_t *n)
{
	size_t k, first;

	if (!tables_ready)
		tables_init();
	*n = 0;
	for (k = h & (DHASH_CAP - 1); dhash[k] != 0;
	    k = (k + 1) & (DHASH_CAP - 1)) {
		first = dhash[k] - 1u;
		if (strcmp(pf_httpd_directives[first].lname, lname) != 0)
			continue;
		*n = dcount[k];
		return &pf_httpd_directives[first];
	}
	return NULL;
}

const struct pf_directive *
pf_httpd_directive_find(const char *lname, size_t *n)
{
	return pf_hrd_dfind(lname, hash_lname(lname), n);
}

/* The number of rows sharing the name of d (d is a name's first row). */
size_t
pf_hrd_rows(const struct pf_directive *d)
{
	size_t i = (size_t)(d - pf_httpd_directives);

	return i < sizeof(row_count) ? row_count[i] : 1;
}

int
pf_hrd_row_kind(const struct pf_directive *d)
{
	size_t k;

	if (d == NULL)
		return HK_NONE;
	if (!tables_ready)
		tables_init();
	k = (size_t)(d - pf_httpd_directives);
	return k < sizeof(row_kind) ? row_kind[k] : HK_NONE;
}

/* The kind of a known directive, or from the name (the synthetic
 * .htaccess <Directory>, nodes the check has not seen). */
int
pf_hrd_kind_slow(const struct pf_node *n)
{
	char l[64];
	size_t i = 0, k, nd;
	const char *s;
	const struct pf_directive *d;

	if (n->def != NULL && (size_t)(n->def - pf_httpd_directives) <
	    sizeof(row_kind))
		return row_kind[n->def - pf_httpd_directives];
	if (n->name == NULL || n->parent == NULL)	/* the root */
		return HK_NONE;
	if (n->flags & PF_NODE_SECTION)
		l[i++] = '<';
	for (s = n->name; *s != '\0'; s++) {
		if (i + 1 >= sizeof(l))
			return HK_NONE;
		l[i++] = (char)tolower((unsigned char)*s);
	}
	l[i] = '\0';
	d = pf_httpd_directive_find(l, &nd);
	if (d == NULL)
		return HK_NONE;
	k = (size_t)(d - pf_httpd_directives);
	return k < sizeof(row_kind) ? row_kind[k] : HK_NONE;
}

const struct pf_httpd_module *
pf_httpd_module_by_id(const char *id)
{
	size_t i;

	for (i = 0; i < pf_httpd_nmodules; i++)
		if (strcmp(pf_httpd_modules[i].id, id) == 0)
			return &pf_httpd_modules[i];
	return NULL;
}

int
pf_httpd_module_shipped(const char *id)
{
	const struct pf_httpd_module *m = pf_httpd_module_by_id(id);

	return m != NULL && m->pkg == NULL;	/* not a third-party row */
}

const struct pf_httpd_module *
pf_httpd_module_by_src(const char *src)
{
	size_t i;

	for (i = 0; i < pf_httpd_nmodules; i++)
		if (strcmp(pf_httpd_modules[i].src, src) == 0)
			return &pf_httpd_modules[i];
	return NULL;
}

const struct pf_httpd_module *
pf_httpd_module_by_so(const char *so)
{
	size_t i;

	for (i = 0; i < pf_httpd_nmodules; i++)
		if (pf_httpd_modules[i].so[0] != '\0' &&
		    strcmp(pf_httpd_modules[i].so, so) == 0)
			return &pf_httpd_modules[i];
	return NULL;
}

const char *
pf_httpd_module_src(const struct pf_directive *d)
{
	return pf_httpd_modules[d->module].src;
}

/*
 * httpd processes the main configuration in file order, each section's
 * body when it comes to the section (ap_walk_config), and registers a
 * provider alias or an AuthnzFcgiDefineProvider provider when it comes to
 * the line (after the body for a section); add_authn_provider and
 * add_authz_provider look the name up when they come to theirs: a
 * provider defined further down is "Unknown".  An .htaccess file is read
 * at request time, after all of it.  So: is def before use in a
 * pre-order walk, and not use's own section?
 */
int
pf_hrd_done_before(const struct pf_node *def, const struct pf_node *use)
{
	const struct pf_node *a = def, *b = use, *x;
	size_t da = 0, db = 0;

	if (use->flags & PF_NODE_HTACCESS)
		return 1;
	for (x = def; x->parent != NULL; x = x->parent)
		da++;
	for (x = use; x->parent != NULL; x = x->parent)
		db++;
	for (; db > da; db--)
		b = b->parent;
	for (; da > db; da--)
		a = a->parent;
	if (a == b)
		return 0;	/* one holds the other */
	while (a->parent != b->parent) {
		a = a->parent;
		b = b->parent;
	}
	for (x = a->next; x != NULL; x = x->next)
		if (x == b)
			return 1;
	return 0;
}

int
pf_hrd_alias_known(struct hrd *r, const char *section, const char *name,
    const struct pf_node *use)
{
	const struct pf_node *a;

	for (a = r->ap->root->child; a != NULL; a = a->next)
		if ((a->flags & PF_NODE_SECTION) &&
		    !(a->flags & PF_NODE_INACTIVE) && a->argc >= 2 &&
		    strcasecmp(a->name, section) == 0 &&
		    strcmp(a->argv[1], name) == 0 &&
		    pf_hrd_done_before(a, use))
			return 1;
	return 0;
}

int
pf_node_is(const struct pf_node *n, const char *name)
{
	return n != NULL && n->name != NULL && strcasecmp(n->name, name) == 0;
}

int
pf_hrd_rewrite_split(const char *s, const char *w[3], size_t len[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		char q;

		while (pf_hrd_space(*s))
			s++;
		if (i == 2 && *s == '\0')
			break;		/* the flags are optional */
		q = *s == '"' || *s == '\'' ? *s++ : '\0';
		for (w[i] = s; *s != '\0'; s++) {
			if ((pf_hrd_space(*s) && q == '\0') || *s == q)
				break;
			if (*s == '\\' && pf_hrd_space(s[1]))
				s++;
		}
		len[i] = (size_t)(s - w[i]);
		if (*s == '\0')
			return i == 0 ? -1 : i + 1;
		s++;		/* the space or quote that ended it */
	}
	return i;
}
