/*
 * httpd_read.c - reads httpd configuration files into the pf_node tree the
 * way httpd's ap_build_config does (reference/semantics.md 1.1-1.11):
 * physical and logical lines, comments, ${VAR} on the whole line, the
 * first word as the directive, sections balanced per file, and the
 * read-time directives executed where they are read (Include, Define,
 * conditionals, Macro/Use, LoadModule, ServerRoot).
 *
 * Nothing here recurses on the nesting of sections (10,000-deep input is
 * fine); it recurses only for Include (bounded by httpd's 128) and Use
 * (bounded by the recursion check and PF_MAX_MACRO_DEPTH).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "parsers/conf_read.h"
#include "parsers/httpd_int.h"
#include "parsers/httpd_so.h"
#include "parsers/prefetch.h"

#define MAX_LINE_CONF	(16u * 1024 * 1024)	/* VARBUF_MAX_LEN */
#define MAX_LINE_HTACCESS 8192u			/* HUGE_STRING_LEN */
#define MAX_INCLUDE_DEPTH 128			/* AP_MAX_INCLUDE_DEPTH */
#define MAX_DIR_DEPTH	128
#define MAX_MACRO_LINE	8192			/* MAX_STRING_LEN */
#define PF_MAX_MACRO_DEPTH 256
/*
 * The memory of a run is bounded whatever the input (an Include of
 * /usr/lib/, macros that Use macros twice per level: httpd stops at its
 * first error or expands exponentially): the text of the files, macro
 * expansions, Uses and nodes are counted in r->parsed; past
 * MAX_TREE_BYTES reading stops with an error.  A 10,000-vhost gen-bigconf
 * tree counts 85 MiB.
 */
#define MAX_TREE_BYTES	((size_t)512 << 20)

struct hmacro {
	const char	*name;		/* lower-cased */
	const char	**args;
	int		 nargs;
	const char	**lines;	/* body, comments dropped */
	uint32_t	*line_no;	/* their lines in src */
	size_t		 nlines;
	uint32_t	 src;
	uint32_t	 line;		/* the <Macro> line */
	int		 active;	/* being expanded (recursion check) */
	int		 bad;		/* its header was an error, where httpd
					 * stopped: a Use of it expands nothing
					 * and says nothing more */
};

/* An input: a file, or the lines of a Use (which httpd reads in place of
 * the file until they run out, as part of the same file). */
struct hin {
	struct hin	*up;
	uint32_t	 src;
	const char	*p, *end;
	uint32_t	 line;		/* last physical line read */
	int		 htaccess;
	struct hmacro	*macro;
	const char	**mlines;
	size_t		 mi, mn;
	struct pf_loc	 use;
	int		 nul;		/* a NUL byte somewhere in p..end: the
					 * lines are looked at for one */
};

/* A frame of the per-file stack: an open section, or a true conditional
 * (whose closing line ends it when no section opened inside is open). */
struct frame {
	struct pf_node	*sec;		/* NULL for a conditional */
	const char	*cond;		/* "IfModule" */
	/* The section's name in httpd's messages ("Expected </X>", "<X>
	 * was not closed."): ap_build_config_sub keeps the command table's
	 * spelling when a module loaded so far registers it
	 * (newdir->directive = cmd->name), else the word as written. */
	const char	*shown;
};

struct fstate {
	struct hrd	*r;
	struct hin	*in;
	struct pf_node	*base;		/* parent of the file's top level */
	PF_VEC(struct frame) st;
	unsigned	 flags;		/* added to every node */
	int		 stop;		/* abandon the file */
	uint32_t	 cur_line;	/* of the current logical line */
	uint32_t	 cur_col;
	uint32_t	 cur_src;
	int		 cur_macro;
	const struct pf_loc *cur_use;	/* the Use line of a macro's lines */
	int		 multi;		/* logical line spans lines */
};

/* read_file flags: a missing file is fine; a directory returns 1. */
#define RF_OPTIONAL	1
#define RF_DIROK	2
static int	read_file(struct hrd *, const char *path, struct pf_loc from,
		    struct pf_node *parent, int flags, const char **err);

struct pf_node *
pf_hrd_node_new(struct hrd *r)
{
	return pf_alloc(r->a, sizeof(struct pf_node));
}

/*
 * Nodes keep no pointer to their last child (8 bytes each of millions):
 * the reader appends in file order, so the parent's last child is almost
 * always the node appended last or the ancestor of it that is parent's
 * child, found by walking up; next == NULL proves it is the last one.
 * Otherwise (an .htaccess section added under a vhost afterwards) the
 * child list is walked.
 */
void
pf_hrd_append(struct hrd *r, struct pf_node *parent, struct pf_node *n)
{
	struct pf_node *x = r->appended;

	n->parent = parent;
	n->next = NULL;
	r->appended = n;
	/* (the model looks for BalancerMember lines only where there are) */
	if (n->name != NULL && (n->name[0] | 0x20) == 'b' &&
	    strcasecmp(n->name, "BalancerMember") == 0)
		r->balancer_members = 1;
	if (parent->child == NULL) {
		parent->child = n;
		return;
	}
	while (x != NULL && x->parent != parent)
		x = x->parent;
	if (x == NULL)
		x = parent->child;
	while (x->next != NULL)
		x = x->next;
	x->next = n;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

static struct pf_loc
cur_loc(struct fstate *fs)
{
	return pf_loc_make(fs->cur_src, fs->cur_line, fs->multi ? 1 :
	    fs->cur_col, 0);
}

static struct pf_diag *
diag(struct fstate *fs, enum pf_severity sev, const char *id,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct pf_diag *
diag(struct fstate *fs, enum pf_severity sev, const char *id,
    const char *fmt, ...)
{
	va_list ap;
	struct pf_diag *d;

	va_start(ap, fmt);
	d = pf_diag_vadd(fs->r->run, sev, id, cur_loc(fs), fmt, ap);
	va_end(ap);
	if (sev == PF_SEV_ERROR)
		fs->r->nerr_read++;
	return d;
}

static void
ensure(struct hrd *r, char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 256;
	*buf = pf_xrealloc(*buf, *cap);
}

/*
 * Reads the next logical line into r->lbuf; r->ln is the line trimmed and
 * NUL-terminated inside it (no copy: most lines are indented).
 * Returns 1 with a line, 0 at the end of the input, -1 for a line over
 * the limit (skipped, diagnosed).  A Use's lines are read before the rest
 * of the file they were used in.
 */
static int
get_line(struct fstate *fs)
{
	struct hrd *r = fs->r;
	struct hin *in;
	size_t n = 0, max;
	int toolong = 0, nul = 0, lines = 0;
	char *s, *e;
	const char *src = NULL;	/* (gcc -fsanitize: "may be used unset") */

	for (;;) {
		in = fs->in;
		if (in->macro == NULL || in->mi < in->mn)
			break;
		if (in->up == NULL)
			return 0;
		in->macro->active = 0;
		fs->in = in->up;
	}
	fs->cur_src = in->src;
	if (in->macro != NULL) {
		const char *l = in->mlines[in->mi];
		size_t len = strlen(l);

		src = l;
		ensure(r, &r->lbuf, &r->lcap, len + 1);
		memcpy(r->lbuf, l, len + 1);
		n = len;
		fs->cur_line = in->macro->line_no[in->mi];
		fs->cur_macro = 1;
		fs->cur_use = &in->use;
		in->mi++;
		fs->multi = 0;
		goto trim;
	}
	fs->cur_macro = 0;
	max = in->htaccess ? MAX_LINE_HTACCESS : MAX_LINE_CONF;
	/*
	 * Most lines are one physical line without NUL bytes: trimmed where
	 * they are and copied once; comment lines are skipped here (every
	 * caller ignores them).  The rest (continuations, NUL bytes, lines
	 * over the limit) take the general path below.
	 */
	for (;;) {
		const char *p = in->p, *nl, *b, *t;
		size_t len;

		if (p >= in->end)
			return 0;
		nl = memchr(p, '\n', (size_t)(in->end - p));
		len = (size_t)((nl != NULL ? nl : in->end) - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if ((len > 0 && p[len - 1] == '\\') || len + 1 > max ||
		    (in->nul && memchr(p, '\0', len) != NULL))
			break;
		in->line++;
		in->p = nl != NULL ? nl + 1 : in->end;
		b = p;
		t = p + len;
		while (b < t && pf_hrd_space(*b))
			b++;
		if (b < t && *b == '#')
			continue;
		while (t > b && pf_hrd_space(t[-1]))
			t--;
		len = (size_t)(t - b);
		ensure(r, &r->lbuf, &r->lcap, len + 1);
		memcpy(r->lbuf, b, len);
		r->lbuf[len] = '\0';
		fs->cur_line = in->line;
		fs->multi = 0;
		fs->cur_col = (uint32_t)(b - p) + 1;
		r->ln = r->lbuf;
		r->ln_len = len;
		r->ln_src = b;
		if (r->parsed > MAX_TREE_BYTES)
			goto trim;	/* reports and stops */
		return 1;
	}
	src = in->p;
	for (;;) {
		const char *nl = memchr(in->p, '\n', (size_t)(in->end - in->p));
		const char *stop = nl != NULL ? nl : in->end;
		size_t len = (size_t)(stop - in->p);
		int cont;

		if (len > 0 && in->p[len - 1] == '\r')
			len--;
		cont = len > 0 && in->p[len - 1] == '\\';
		if (cont)
			len--;
		in->line++;
		lines++;
		if (!toolong && n + len + 1 > max)
			toolong = 1;
		if (!toolong) {
			ensure(r, &r->lbuf, &r->lcap, n + len + 1);
			memcpy(r->lbuf + n, in->p, len);
			n += len;
		}
		in->p = nl != NULL ? nl + 1 : in->end;
		if (!cont || in->p >= in->end)
			break;
	}
	ensure(r, &r->lbuf, &r->lcap, n + 1);
	r->lbuf[n] = '\0';
	fs->cur_line = in->line;
	fs->multi = lines > 1;
	if (toolong) {
		const struct pf_source *so = pf_source_get(r->run, in->src);

		fs->cur_col = 1;
		if (in->htaccess && so != NULL)
			/* ap_parse_htaccess's 500: ap_build_config's "Error
			 * reading %s at line %d: %pm" (apache2 2.4.71 logs
			 * that; found by the htaccess corpus) */
			diag(fs, PF_SEV_ERROR, "httpd-syntax", "Error reading "
			    "%s at line %u: Line too long (httpd reads at most "
			    "%u bytes per line in .htaccess)", so->path,
			    (unsigned)in->line, (unsigned)max);
		else
			diag(fs, PF_SEV_ERROR, "httpd-syntax", "Line too long "
			    "(httpd reads at most %u bytes per line)",
			    (unsigned)max);
		return -1;
	}
	if (memchr(r->lbuf, '\0', n) != NULL)
		nul = 1;
	if (lines > 1 || nul)
		src = NULL;
	if (nul) {
		fs->cur_col = 1;
		diag(fs, PF_SEV_WARNING, "httpd-syntax",
		    "NUL byte in the line: httpd ignores the rest of it");
		n = strlen(r->lbuf);
	}
trim:
	if (r->parsed > MAX_TREE_BYTES) {
		if (!r->abort)
			diag(fs, PF_SEV_ERROR, "httpd-include", "the "
			    "configuration takes more than %u MiB (files, macro "
			    "expansions, directives); reading stops here",
			    (unsigned)(MAX_TREE_BYTES >> 20));
		r->abort = 1;
		return 0;
	}
	s = r->lbuf;
	while (*s != '\0' && pf_hrd_space(*s))
		s++;
	e = r->lbuf + n;
	while (e > s && pf_hrd_space(e[-1]))
		e--;
	*e = '\0';
	fs->cur_col = (uint32_t)(s - r->lbuf) + 1;
	r->ln = s;
	r->ln_len = (size_t)(e - s);
	r->ln_src = src != NULL ? src + (s - r->lbuf) : NULL;
	return 1;
}

/* Defines: names for <IfDefine> (case-sensitive), values for ${} (looked
 * up case-insensitively, as apr tables do). */
static struct hdef *
def_get(struct hrd *r, const char *name)
{
	return pf_hmap_get(&r->defs, name);
}

static const char *
var_get(struct hrd *r, const char *name)
{
	char buf[256], *l;
	const char *v;
	size_t n = strlen(name);

	l = n + 2 <= sizeof(buf) ? buf : pf_alloc(r->a, n + 2);
	l[0] = '\001';
	memcpy(l + 1, name, n + 1);
	lower(l + 1);
	v = pf_hmap_get(&r->defs, l);
	if (v != NULL)
		return v;
	v = pf_hmap_get(&r->env, name);
	if (v != NULL)
		return v;
	return getenv(name);
}

static void
define(struct hrd *r, const char *name, const char *value)
{
	struct hdef *d = def_get(r, name);

	r->gen++;
	if (d == NULL) {
		d = pf_alloc(r->a, sizeof(*d));
		d->name = pf_strdup(r->a, name);
		pf_hmap_put(r->a, &r->defs, d->name, d);
		PF_PUSH(r->a, r->defnames, d->name);
	}
	if (value != NULL) {
		char *l = pf_printf(r->a, "\001%s", name);

		lower(l);
		pf_hmap_put(r->a, &r->defs, l, pf_strdup(r->a, value));
	}
}

/* unset_define: the name leaves the list (the last one takes its
 * place, as apr_array_pop does), the value leaves the table. */
static void
undefine(struct hrd *r, const char *name)
{
	char *l = pf_printf(r->a, "\001%s", name);
	size_t i;

	r->gen++;
	lower(l);
	if (def_get(r, name) != NULL)
		for (i = 0; i < r->defnames.n; i++)
			if (strcmp(r->defnames.v[i], name) == 0) {
				r->defnames.v[i] =
				    r->defnames.v[--r->defnames.n];
				break;
			}
	pf_hmap_put(r->a, &r->defs, name, NULL);
	pf_hmap_put(r->a, &r->defs, l, NULL);
}

/* ap_resolve_env on the whole line: ${NAME} from Define, then the
 * environment; unknown names stay literal (warning unless NAME has ':'). */
static const char *
expand(struct fstate *fs, const char *line)
{
	struct hrd *r = fs->r;
	const char *s, *e, *v;
	size_t n = 0, len;

	if (strchr(line, '$') == NULL)
		return line;
	for (s = line; *s != '\0';) {
		if (s[0] == '$' && s[1] == '{' && (e = strchr(s + 2, '}'))) {
			char nbuf[128], *name;
			size_t nl = (size_t)(e - s - 2);

			if (nl < sizeof(nbuf)) {
				memcpy(nbuf, s + 2, nl);
				nbuf[nl] = '\0';
				name = nbuf;
			} else
				name = pf_strndup(r->a, s + 2, nl);

			v = var_get(r, name);
			if (v == NULL) {
				if (strchr(name, ':') == NULL)
					diag(fs, PF_SEV_WARNING,
					    "httpd-undefined-var",
					    "Config variable ${%s} is not "
					    "defined", name);
				v = s;
				len = (size_t)(e - s + 1);
			} else
				len = strlen(v);
			ensure(r, &r->ebuf, &r->ecap, n + len + 1);
			memcpy(r->ebuf + n, v, len);
			n += len;
			s = e + 1;
			continue;
		}
		e = strchr(s + 1, '$');
		len = e != NULL ? (size_t)(e - s) : strlen(s);
		ensure(r, &r->ebuf, &r->ecap, n + len + 1);
		memcpy(r->ebuf + n, s, len);
		n += len;
		s += len;
	}
	ensure(r, &r->ebuf, &r->ecap, n + 1);
	r->ebuf[n] = '\0';
	return r->ebuf;
}

static struct pf_node *
parent_of(struct fstate *fs)
{
	size_t i;

	for (i = fs->st.n; i > 0; i--)
		if (fs->st.v[i - 1].sec != NULL)
			return fs->st.v[i - 1].sec;
	return fs->base;
}

/* Whether the top frames since the last conditional are all closed. */
static int
cond_top(struct fstate *fs, const char **tag)
{
	if (fs->st.n == 0 || fs->st.v[fs->st.n - 1].sec != NULL)
		return 0;
	*tag = fs->st.v[fs->st.n - 1].cond;
	return 1;
}

/*
 * Nodes come from 64 KiB slabs of the arena, 8-byte aligned: pf_alloc
 * rounds every block up to 16 bytes and zeroes each one, a slab is zeroed
 * once.  64 KiB is the arena's chunk size, so a slab wastes nothing.
 */
#define SLAB	(64u * 1024)
#define ACACHE	(16u * 1024)	/* argument cache slots (a power of 2,
				 * small enough to stay in cache) */

static void *
node_alloc(struct hrd *r, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n > SLAB / 8)
		return pf_alloc(r->a, n);
	if (r->slab_left < n) {
		r->slab = pf_alloc(r->a, SLAB);
		r->slab_left = SLAB;
	}
	p = r->slab;
	r->slab += n;
	r->slab_left -= n;
	return p;
}

/* A node's block: a node a macro's Use makes has the Use line's location
 * in front of it (pf_node_use()), so other nodes carry no such field. */
static struct pf_node *
node_block(struct fstate *fs, size_t k)
{
	const struct pf_loc **u;

	if (!fs->cur_macro)
		return node_alloc(fs->r, k);
	u = node_alloc(fs->r, sizeof(*u) + k);
	*u = fs->cur_use;
	return (struct pf_node *)(void *)(u + 1);
}

/*
 * The table rows of a directive name: word is the name as written (with
 * the '<' of a section), lname gets it lower-cased (room for len + 1).
 * *iname is the table's spelling (without '<') when the name is spelt
 * exactly so, else NULL; *nd the number of rows.
 */
static const struct pf_directive *
name_lookup(const char *word, size_t len, char *lname, const char **iname,
    size_t *nd)
{
	const struct pf_directive *d;
	uint32_t h = PF_HRD_HASH0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = word[i];

		lname[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		h = PF_HRD_HASH(h, lname[i]);
	}
	lname[len] = '\0';
	d = pf_hrd_dfind(lname, h, nd);
	*iname = d != NULL && strcmp(d->name, word) == 0 ?
	    d->name + (word[0] == '<') : NULL;
	return d;
}

/* The first table row of lname (lower case), or NULL. */
static const struct pf_directive *
row_of(const char *lname)
{
	uint32_t h = PF_HRD_HASH0;
	size_t nd;
	const char *c;

	for (c = lname; *c != '\0'; c++)
		h = PF_HRD_HASH(h, *c);
	return pf_hrd_dfind(lname, h, &nd);
}

/*
 * A node and everything it owns in one arena block: the node, argv, the
 * name, the raw argument text and the unquoted words.  Trees may hold
 * millions of nodes, so nothing is allocated per word (a word's column is
 * found again from raw when a message needs it).
 * name (nlen bytes, without the '<' of a section) and args (alen bytes)
 * are NUL-terminated; d is the name's first table row (or NULL) and iname
 * the table's spelling when the name is spelt so (name_lookup()).
 */
static struct pf_node *
mknode(struct fstate *fs, const char *name, size_t nlen, const char *args,
    size_t alen, const struct pf_directive *d, const char *iname)
{
	struct hrd *r = fs->r;
	struct pf_node *n;
	const char *p;
	size_t wbytes = 0, k;
	int count = 0, i;
	char *o;
	struct hacache *ai = NULL;
	uint32_t ahash = 0;
	int rw;

	if (!r->rw_rows_set) {
		r->d_rwrule = row_of("rewriterule");
		r->d_rwcond = row_of("rewritecond");
		r->rw_rows_set = 1;
	}
	rw = d != NULL && (d == r->d_rwrule || d == r->d_rwcond);
	/*
	 * The same argument text recurs thousands of times (a snippet
	 * Included by every vhost, "Require all granted"): a direct-mapped
	 * cache of recent nodes by their raw text lets a node share raw and
	 * argv with an earlier one (both are read-only).  (Not mod_rewrite's
	 * lines: the same text is split otherwise there.)
	 */
	if (alen > 0 && !rw) {
		struct pf_node *prev;

		ahash = pf_hrd_hash_bytes(args, alen);
		if (r->acache == NULL)
			r->acache = pf_xmalloc(ACACHE * sizeof(*r->acache));
		if (!r->acache_ready) {
			memset(r->acache, 0, ACACHE * sizeof(*r->acache));
			r->acache_ready = 1;
		}
		ai = &r->acache[ahash & (ACACHE - 1)];
		prev = ai->n;
		if (prev != NULL && ai->h == ahash && ai->len == alen &&
		    memcmp(prev->raw, args, alen) == 0) {
			n = node_block(fs, sizeof(*n) +
			    (iname != NULL ? 0 : nlen + 1));
			r->parsed += sizeof(*n) + nlen + 1;
			if (iname != NULL)
				n->name = iname;
			else {
				o = (char *)(n + 1);
				memcpy(o, name, nlen + 1);
				n->name = o;
			}
			n->raw = prev->raw;
			n->argv = prev->argv;
			n->argc = prev->argc;
			goto loc;
		}
	}
	/* Words into scratch space first (one pass), then one block. */
	ensure(r, &r->abuf, &r->acap, alen + 1);
	if (rw) {
		/* mod_rewrite splits these lines itself */
		const char *w[3];
		size_t l[3];

		if (r->aoffcap < 3) {
			r->aoffcap = 64;
			r->aoff = pf_xrealloc(r->aoff, r->aoffcap *
			    sizeof(*r->aoff));
		}
		count = pf_hrd_rewrite_split(args, w, l);
		if (count < 0)		/* (a bad line: the check says so) */
			count = l[0] > 0;
		for (i = 0; i < count; i++) {
			r->aoff[i] = wbytes;
			memcpy(r->abuf + wbytes, w[i], l[i]);
			wbytes += l[i];
			r->abuf[wbytes++] = '\0';
		}
	}
	for (p = args; !rw && pf_hrd_space(*p); p++)
		;
	while (!rw && *p != '\0') {
		if ((size_t)count == r->aoffcap) {
			r->aoffcap = r->aoffcap ? r->aoffcap * 2 : 64;
			r->aoff = pf_xrealloc(r->aoff, r->aoffcap *
			    sizeof(*r->aoff));
		}
		r->aoff[count++] = wbytes;
		wbytes += pf_hrd_word(&p, r->abuf + wbytes) + 1;
	}
	/* A single word that is the raw text itself shares its bytes. */
	if (count == 1 && wbytes == alen + 1 &&
	    memcmp(r->abuf, args, alen) == 0)
		wbytes = 0;
	k = sizeof(*n) + (size_t)(count + 1) * sizeof(char *) +
	    (iname != NULL ? 0 : nlen + 1) + (alen ? alen + 1 : 0) + wbytes;
	n = node_block(fs, k);
	r->parsed += k;
	n->argv = (char **)(n + 1);
	o = (char *)(n->argv + count + 1);
	if (iname != NULL)
		n->name = iname;
	else {
		memcpy(o, name, nlen + 1);
		n->name = o;
		o += nlen + 1;
	}
	if (alen) {
		memcpy(o, args, alen + 1);
		n->raw = o;
		o += alen + 1;
	} else
		n->raw = "";
	memcpy(o, r->abuf, wbytes);
	for (i = 0; i < count; i++)
		n->argv[i] = wbytes ? o + r->aoff[i] : (char *)n->raw;
	n->argc = count;
	if (ai != NULL) {
		ai->n = n;
		ai->h = ahash;
		ai->len = (uint32_t)alen;
	}
loc:
	n->loc.file = fs->cur_src;
	n->loc.line = fs->cur_line;
	n->loc.col = fs->multi ? 1 : fs->cur_col;
	n->loc.len = (uint32_t)nlen;
	n->flags = fs->flags;
	/* The first table row of the name, until pf_hrd_check() replaces it
	 * with the row of a loaded module (or NULL); nodes the check never
	 * sees (inactive, read-time) get NULL back where they are flagged. */
	n->def = d;
	if (fs->cur_macro) {
		n->flags |= PF_NODE_MACRO;	/* node_block() kept the Use */
	}
	return n;
}

/* Compiled into the httpd reading the tree (see all_shared). */
int
pf_hrd_builtin(struct hrd *r, const struct pf_httpd_module *m)
{
	if (!m->builtin)
		return 0;
	return !r->all_shared || strcmp(m->id, "core_module") == 0 ||
	    strcmp(m->id, "so_module") == 0 ||
	    strcmp(m->id, "http_module") == 0;
}

int
pf_hrd_module_loaded(struct hrd *r, const char *name)
{
	return pf_hmap_get(&r->mods, name) != NULL;
}

/* Is one of the n rows at d (a name's rows) of a module loaded now? */
static int
rows_loaded(struct hrd *r, const struct pf_directive *d, size_t n)
{
	size_t i;

	for (i = 0; d != NULL && i < n; i++)
		if (r->mod_on[d[i].module])
			return 1;
	return 0;
}

/* Is the directive known now (its module loaded)?  EXEC_ON_READ ones are
 * looked up when read, so this decides whether they execute. */
static int
known_now(struct hrd *r, const char *lname)
{
	size_t n;
	const struct pf_directive *d = pf_httpd_directive_find(lname, &n);

	return rows_loaded(r, d, n);
}

/* ap_exists_directive: registered by a module loaded so far. */
static int
exists_directive(struct hrd *r, const char *name)
{
	char *l = pf_strdup(r->a, name);

	lower(l);
	return known_now(r, l);
}

static int
vcmp3(const int a[3], const int b[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* mod_version's compare_version: digits, up to three parts split by '.'
 * ("2..4" is 2.0.4, "2.4." 2.4.0), nothing after. */
static int
parse_version(const char *s, int v[3])
{
	const char *start = s, *p = s, *ep = s + strlen(s);
	int c = 0;

	v[0] = v[1] = v[2] = 0;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (p <= ep && c < 3) {
		if (*p == '.' || *p == '\0') {
			v[c++] = atoi(start);
			start = ++p;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			break;
		p++;
	}
	return p < ep ? -1 : 0;
}

/*
 * <IfVersion [[!]op] version> as mod_version's start_ifversion: op is
 * = == ~ < <= > >= with an optional '!'; with = or == a version written
 * /.../ is a regular expression too, ~ takes one without slashes; regexes
 * match "major.minor.patch".  Returns 1/0, -1 on error.
 *
 * The handler gets up to three words, the '>' on the last: a third one
 * must be the '>' alone ("<IfVersion >= 2.4 >"), else the version lacks
 * it ("<IfVersion> directive missing closing '>'"), and a fourth is too
 * many (the core's TAKE123 message).
 */
static int
test_version(struct fstate *fs, const char *args)
{
	struct hrd *r = fs->r;
	const char *p = args, *w1, *w2, *w3, *w4, *op = "=", *ver, *q;
	int neg = 0, v[3], cmp = 0, match, sep;
	char c;
	size_t n;

	n = strlen(args);
	sep = n > 0 && pf_hrd_space(args[n - 1]);	/* "... >" */
	w1 = pf_hrd_getword(r->a, &p);
	w2 = pf_hrd_getword(r->a, &p);
	w3 = pf_hrd_getword(r->a, &p);
	w4 = pf_hrd_getword(r->a, &p);
	if (*w1 == '\0') {
		diag(fs, PF_SEV_ERROR, "httpd-syntax", "<IfVersion> directive "
		    "requires additional arguments");
		return -1;
	}
	if (*w4 != '\0' || (*w3 != '\0' && sep)) {
		diag(fs, PF_SEV_ERROR, "httpd-syntax", "<IfVersion takes one, "
		    "two or three arguments, a comparison operator, a version "
		    "(and a delimiter)");
		return -1;
	}
	if (*w3 != '\0') {
		diag(fs, PF_SEV_ERROR, "httpd-syntax", "<IfVersion> directive "
		    "missing closing '>'");
		return -1;
	}
	if (*w2 != '\0') {
		op = w1;
		ver = w2;
	} else
		ver = w1;
	q = op;
	if (*q == '!') {
		neg = 1;
		if (q[1] != '\0')
			q++;
	}
	c = *q++;
	if (!(*q == '\0' || (*q == '=' && q[1] == '\0' && c != '~')) ||
	    (c != '=' && c != '~' && c != '<' && c != '>')) {
		diag(fs, PF_SEV_ERROR, "httpd-syntax", "unrecognized operator "
		    "'%s'", op);
		return -1;
	}
	if (c == '=' && ver[0] == '/') {
		n = strlen(ver);
		if (n < 2 || ver[n - 1] != '/') {
			diag(fs, PF_SEV_ERROR, "httpd-syntax", "Missing "
			    "delimiting / of regular expression.");
			return -1;
		}
		ver = pf_strndup(r->a, ver + 1, n - 2);
		c = '~';
	}
	if (c == '~') {
		pcre2_code *re;
		pcre2_match_data *md;
		int err;
		PCRE2_SIZE off;

		re = pcre2_compile((PCRE2_SPTR)ver, PCRE2_ZERO_TERMINATED,
		    0, &err, &off, NULL);
		if (re == NULL) {
			diag(fs, PF_SEV_ERROR, "httpd-syntax", "Unable to "
			    "compile regular expression");
			return -1;
		}
		md = pcre2_match_data_create_from_pattern(re, NULL);
		match = pcre2_match(re, (PCRE2_SPTR)r->version_str,
		    strlen(r->version_str), 0, 0, md, NULL) >= 0;
		pcre2_match_data_free(md);
		pcre2_code_free(re);
		return match != neg;
	}
	if (parse_version(ver, v) < 0) {
		diag(fs, PF_SEV_ERROR, "httpd-syntax",
		    "Version appears to be invalid. It must have the format "
		    "major[.minor[.patch]] where major, minor and patch are "
		    "numbers.");
		return -1;
	}
	cmp = vcmp3(r->version, v);
	if (c == '=')
		match = cmp == 0;
	else if (c == '<')
		match = cmp < 0 || (*q != '\0' && cmp == 0);
	else
		match = cmp > 0 || (*q != '\0' && cmp == 0);
	return match != neg;
}

static const char *
server_relative(struct hrd *r, const char *p)
{
	const char *root = p[0] == '/' ? "/" : r->server_root, *s;
	size_t rl = strlen(root), n = rl, k;
	char *o;

	/* ap_server_root_relative is apr_filepath_merge (APR
	 * file_io/unix/filepath.c): the root is kept as is, then each
	 * segment of the path is appended but for empty and "." ones, and
	 * ".." drops the previous segment ("/.." is "/") -- httpd's
	 * messages name "./conf.d" under ServerRoot as ROOT/conf.d. */
	if (strstr(p, "//") == NULL && strstr(p, "/.") == NULL &&
	    strncmp(p, "./", 2) != 0 && strncmp(p, "../", 3) != 0 &&
	    strcmp(p, ".") != 0 && strcmp(p, "..") != 0) {
		if (p[0] == '/')
			return p;
		return pf_hrd_join(r->a, root, rl > 0 && root[rl - 1] == '/' ?
		    "" : "/", p);
	}
	o = pf_alloc(r->a, rl + strlen(p) + 2);
	memcpy(o, root, rl);
	if (n > 0 && o[n - 1] != '/')
		o[n++] = '/';
	for (s = p; *s != '\0'; s += k + (s[k] == '/')) {
		k = strcspn(s, "/");
		if (k == 0 || (k == 1 && s[0] == '.'))
			continue;
		if (k == 2 && s[0] == '.' && s[1] == '.') {
			if (n == 1 && o[0] == '/')
				continue;
			if (n == 0 || (n >= 3 && memcmp(o + n - 3, "../", 3) ==
			    0 && (n == 3 || o[n - 4] == '/'))) {
				memcpy(o + n, "../", 3);
				n += 3;
				continue;
			}
			do	/* drop "seg/" */
				n--;
			while (n > 0 && o[n - 1] != '/');
			continue;
		}
		memcpy(o + n, s, k);
		n += k;
		if (s[k] == '/')
			o[n++] = '/';
	}
	o[n] = '\0';
	return o;
}

/*
 * Evaluates a read-time conditional.  Returns 1 true, 0 false, -1 error.
 * args is the text up to the last '>'.
 */
static int
eval_cond(struct fstate *fs, int kind, const char *name, const char *args)
{
	struct hrd *r = fs->r;
	const char *p = args, *w;
	int neg = 0, t;
	struct stat st;

	if (kind == HK_IFVERSION)
		return test_version(fs, args);
	if (*p == '!') {
		neg = 1;
		p++;
	}
	w = pf_hrd_getword(r->a, &p);
	if (*w == '\0') {
		diag(fs, PF_SEV_ERROR, "httpd-syntax",
		    "%s> directive requires additional arguments", name);
		return -1;
	}
	if (kind == HK_IFMODULE)
		t = pf_hrd_module_loaded(r, w);
	else if (kind == HK_IFDEFINE)
		t = def_get(r, w) != NULL;
	else if (kind == HK_IFFILE)
		t = stat(pf_host_path(r->run, server_relative(r, w)), &st) == 0;
	else if (kind == HK_IFDIRECTIVE)
		t = exists_directive(r, w);
	else	/* <ifsection> */
		t = exists_directive(r, pf_printf(r->a, "<%s", w));
	return t != neg;
}

static int
is_cond(int kind)
{
	return kind >= HK_IFMODULE && kind <= HK_IFSECTION;
}

/*
 * In an .htaccess file a conditional goes through invoke_cmd's override
 * check before it runs (execute_now): it needs one AllowOverride class
 * (its req_override is OR_ALL) or its registered name, "<IfModule", in
 * AllowOverrideList (apr_table_get: without the '<' it is not named).
 * WordPress's <IfModule mod_rewrite.c> under "AllowOverride None" and
 * "AllowOverrideList RewriteEngine RewriteRule ..." is a 500.
 */
static int
ht_cond_allowed(const struct pf_hovr *o, const char *name)
{
	int i;

	if (o->ovr & PF_OVR_ALL)
		return 1;
	for (i = 0; o->list != NULL && i < o->list->argc; i++)
		if (strcasecmp(o->list->argv[i], name) == 0)
			return 1;
	return 0;
}

/*
 * ap_soak_end_container: the body of a false conditional is only scanned
 * for '<'-words to find its end; nothing is expanded or executed.  Kept as
 * inactive nodes under sec.  Iterative (a stack of open names).
 */
/*
 * An error found while skipping a false section is reported, as httpd
 * reports it, at the line of that (outermost) section: its lines are read
 * by ap_soak_end_container, not one by one, so the err_directive of
 * ap_build_config_sub is still the section.  Verified with apache2 -t:
 * "<IfDefine NOPE>" on line 7, "</IfDefine>" on line 9 closing a
 * "<Directory>" of line 8: "Syntax error on line 7 ... Expected
 * </Directory> but saw </IfDefine>".  The line the error is on follows
 * as a related location.
 */
static void
soak_moved(struct fstate *fs, const struct pf_node *sec, struct pf_diag *d,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
soak_moved(struct fstate *fs, const struct pf_node *sec, struct pf_diag *d,
    const char *fmt, ...)
{
	struct pf_loc here = d->loc;
	va_list ap;
	char *msg;

	d->loc = sec->loc;
	va_start(ap, fmt);
	msg = pf_vprintf(fs->r->a, fmt, ap);
	va_end(ap);
	pf_diag_related(fs->r->run, d, here, "%s", msg);
}

static int
soak(struct fstate *fs, struct pf_node *sec, const char *tag)
{
	struct hrd *r = fs->r;
	PF_VEC(const char *) names = { 0 };
	PF_VEC(struct pf_node *) parents = { 0 };
	struct pf_node *parent = sec;
	int rc;

	HPUSH(r->a, names, tag);	/* names without the '<' */
	while ((rc = get_line(fs)) != 0) {
		const char *args = r->ln, *ws, *iname;
		char *name, *lname, q;
		struct pf_node *n;
		const struct pf_directive *d;
		size_t len, wl, nd;
		int issec;

		if (rc < 0)
			return -1;
		if (r->ln[0] == '\0' || r->ln[0] == '#')
			continue;
		len = pf_hrd_word_scan(&args, &ws, &wl, &q);
		ensure(r, &r->wbuf, &r->wcap, 2 * (len + 1));
		name = r->wbuf;
		lname = r->wbuf + len + 1;
		pf_hrd_word_copy(name, ws, wl, q);
		if (name[0] == '<' && name[1] == '/') {
			const char *top = names.v[names.n - 1];

			name[len - 1] = '\0';
			if (strcasecmp(name + 2, top) != 0) {
				soak_moved(fs, sec, diag(fs, PF_SEV_ERROR,
				    "httpd-syntax", "Expected </%s> but saw %s>",
				    top, name), "%s> is here", name);
				return -1;
			}
			names.n--;
			if (names.n == 0)
				return 0;
			parent = parents.v[--parents.n];
			continue;
		}
		if (name[0] == '<' && *args == '\0' && len > 1 &&
		    name[len - 1] == '>')
			name[--len] = '\0';
		/* only for the table's spelling of the name (no copy) */
		d = name_lookup(name, len, lname, &iname, &nd);
		issec = name[0] == '<';
		n = mknode(fs, name + issec, len - (size_t)issec, args,
		    strlen(args), d, iname);
		n->flags |= PF_NODE_INACTIVE;
		n->def = NULL;	/* never checked: stays "unknown" */
		pf_hrd_append(r, parent, n);
		if (name[0] == '<') {
			n->flags |= PF_NODE_SECTION;
			HPUSH(r->a, names, n->name);
			HPUSH(r->a, parents, parent);
			parent = n;
		}
	}
	soak_moved(fs, sec, diag(fs, PF_SEV_ERROR, "httpd-syntax",
	    "Expected </%s> before end of configuration",
	    names.v[names.n - 1]), "the file ends here, <%s> still open",
	    names.v[names.n - 1]);
	return -1;
}

/* --- Include --------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct namevec {
	char		**v;
	size_t		 n, cap;
};

/* Reads a directory's names, sorted by byte order (no "." and ".."). */
static int
list_dir(struct hrd *r, const char *dir, struct namevec *out)
{
	DIR *d = opendir(pf_host_path(r->run, dir));
	struct dirent *e;

	out->n = 0;
	if (d == NULL)
		return errno;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		PF_PUSH(r->a, *out, pf_strdup(r->a, e->d_name));
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
}

static int
is_dir(struct hrd *r, const char *path)
{
	struct stat st;

	return stat(pf_host_path(r->run, path), &st) == 0 &&
	    S_ISDIR(st.st_mode);
}

struct incctx {
	struct fstate	*fs;
	struct pf_loc	 from;
	struct pf_node	*parent;
	int		 optional;
	int		 failed;
};

static void
inc_error(struct incctx *ic, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
inc_error(struct incctx *ic, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pf_diag_vadd(ic->fs->r->run, PF_SEV_ERROR, "httpd-include", ic->from,
	    fmt, ap);
	va_end(ap);
	ic->fs->r->nerr_read++;
	ic->failed = 1;
}

/* ap_dir_nofnmatch: a file, or a directory read recursively. */
static int
inc_path(struct incctx *ic, const char *path, int depth)
{
	struct hrd *r = ic->fs->r;
	const char *err = NULL;
	int rc;

	/* Open first, a directory then (httpd stats first: one path walk
	 * less per file, thousands in a sites-enabled of symlinks). */
	/* IncludeOptional: a match that is gone (a dangling symlink) is
	 * skipped (process_resource_config_nofnmatch) */
	rc = read_file(r, path, ic->from, ic->parent, RF_DIROK |
	    (ic->optional ? RF_OPTIONAL : 0), &err);
	if (rc == 1) {
		struct namevec names = { 0 };
		size_t i;
		int e;

		if (depth > MAX_DIR_DEPTH) {
			inc_error(ic, "Include/IncludeOptional: Directory %s "
			    "exceeds the maximum include directory nesting "
			    "level of %u", path, MAX_DIR_DEPTH);
			return -1;
		}
		if ((e = list_dir(r, path, &names)) != 0) {
			inc_error(ic, "Include/IncludeOptional: Could not open "
			    "directory %s: %s", path, strerror(e));
			return -1;
		}
		/* ap_make_full_path: no second '/' after "conf-enabled/" */
		for (i = 0; i < names.n; i++)
			if (inc_path(ic, pf_hrd_join(r->a, path,
			    path[0] != '\0' && path[strlen(path) - 1] == '/' ?
			    "" : "/", names.v[i]), depth + 1) < 0)
				return -1;
		return 0;
	}
	if (rc < 0) {
		if (err != NULL)
			inc_error(ic, "%s", err);
		return -1;
	}
	return 0;
}

/* Whether an Include path (or one of its components) is a wildcard:
 * apr_fnmatch_test's answer (pf_hrd_fnmatch_test).  A path without one is
 * opened as written, backslashes and all: "Include inc/\*.conf" opens a
 * file named "\*.conf", and "inc/a[1.conf" one named so
 * (testdata/httpd/include-escaped-*). */
static int
has_wild(const char *s)
{
	return pf_hrd_fnmatch_test(s);
}

#define PREFETCH_AHEAD	256	/* files read ahead of the parser */

/*
 * The matches of a glob's last component, in order: read by the reader
 * thread (prefetch.h) while the files before them are parsed, when there
 * are enough of them and no other glob is being prefetched (a glob in a
 * matched file reads its own files itself).
 */
static int
inc_files(struct incctx *ic, const char *dir, const char *sep,
    const char *comp, const struct namevec *names)
{
	struct hrd *r = ic->fs->r;
	PF_VEC(const char *) m = { 0 };
	struct pf_job *jobs = NULL;
	size_t i;
	int rc = 0, mine = 0;

	for (i = 0; i < names->n; i++)
		if (fnmatch(comp, names->v[i], FNM_PERIOD) == 0)
			PF_PUSH(r->a, m, pf_hrd_join(r->a, dir, sep,
			    names->v[i]));
	if (m.n == 0) {
		if (!ic->optional) {
			inc_error(ic, "Include/IncludeOptional: No matches for "
			    "the wildcard '%s' in '%s', failing", comp, dir);
			return -1;
		}
		return 0;
	}
	if (r->pf == NULL && m.n >= 16) {
		jobs = pf_alloc(r->a, m.n * sizeof(*jobs));
		for (i = 0; i < m.n; i++) {
			jobs[i].kind = PF_JOB_READ;
			jobs[i].path = pf_host_path(r->run, m.v[i]);
		}
		if ((r->pf = pf_prefetch_start(jobs, m.n, PREFETCH_AHEAD,
		    NULL))
		    != NULL) {
			r->pf_jobs = jobs;
			mine = 1;
		}
	}
	for (i = 0; i < m.n && rc == 0; i++) {
		if (mine) {
			r->pf_job = &jobs[i];
			r->pf_name = m.v[i];
		}
		rc = inc_path(ic, m.v[i], 0);
		r->pf_job = NULL;
	}
	if (mine) {
		pf_prefetch_stop(r->pf, r->a);
		r->pf = NULL;
		r->pf_jobs = NULL;
	}
	return rc;
}

/* ap_dir_fnmatch: walks the components of a pattern from dir. */
static int
inc_glob(struct incctx *ic, const char *dir, const char *rest)
{
	struct hrd *r = ic->fs->r;
	const char *slash = strchr(rest, '/');
	char *comp = slash ? pf_strndup(r->a, rest, (size_t)(slash - rest)) :
	    pf_strdup(r->a, rest);
	const char *next = slash ? slash + 1 : NULL;
	struct namevec names = { 0 };
	size_t i, hits = 0;
	int e;
	const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";

	while (next != NULL && *next == '/')
		next++;
	if (!has_wild(comp)) {
		const char *p = pf_hrd_join(r->a, dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", comp);

		if (next == NULL || *next == '\0')
			return inc_path(ic, p, 0);
		return inc_glob(ic, p, next);
	}
	if ((e = list_dir(r, dir, &names)) != 0) {
		if (ic->optional)
			return 0;
		inc_error(ic, "Include/IncludeOptional: Could not open "
		    "directory %s: %s", dir, strerror(e));
		return -1;
	}
	if (next == NULL || *next == '\0')
		return inc_files(ic, dir, sep, comp, &names);
	for (i = 0; i < names.n; i++) {
		const char *p;

		if (fnmatch(comp, names.v[i], FNM_PERIOD) != 0)
			continue;
		p = pf_hrd_join(r->a, dir, sep, names.v[i]);
		if (next != NULL && *next != '\0') {
			/* Only directories are followed in the middle. */
			if (!is_dir(r, p))
				continue;
			hits++;
			if (!has_wild(next) && !ic->optional) {
				/* A literal tail must exist (Include). */
			}
			if (inc_glob(ic, p, next) < 0)
				return -1;
			continue;
		}
		hits++;
		if (inc_path(ic, p, 0) < 0)
			return -1;
	}
	if (hits == 0 && !ic->optional) {
		inc_error(ic, "Include/IncludeOptional: No matches for the "
		    "wildcard '%s' in '%s', failing", comp, dir);
		return -1;
	}
	return 0;
}

/*
 * The main file was given without -d and says no ServerRoot, so httpd
 * takes its relative Includes from the compiled-in /etc/apache2, as
 * `apache2 -f /tmp/copy/apache2.conf -t` does: a copy of a tree is then
 * read mixed with this machine's files.  When the file's own directory
 * holds what the Include names, say so once, at the first such Include.
 */
static void
root_note(struct fstate *fs, const char *arg)
{
	struct hrd *r = fs->r;
	const char *dir = r->root_note_dir;
	size_t k = strcspn(arg, "/");
	struct stat st;
	char *first;

	if (dir == NULL || arg[0] == '/' || k == 0)
		return;
	first = pf_strndup(r->a, arg, k);
	if (has_wild(first) || strcmp(first, ".") == 0 ||
	    strcmp(first, "..") == 0 || stat(pf_host_path(r->run,
	    pf_hrd_join(r->a, dir, "/", first)), &st) != 0)
		return;
	r->root_note_dir = NULL;
	diag(fs, PF_SEV_WARNING, "httpd-include", "%s is read from the "
	    "ServerRoot %s (httpd's compiled-in default: neither -d nor a "
	    "ServerRoot line sets one), not from %s beside the main file, "
	    "which holds %s too; to read the tree the file belongs to, pass "
	    "-d %s (or --root for a copy of a whole machine)", arg,
	    r->server_root, dir, first, dir);
}

static void
do_include(struct fstate *fs, struct pf_node *n, int optional)
{
	struct hrd *r = fs->r;
	struct incctx ic = { fs, n->loc, parent_of(fs), optional, 0 };
	const char *path;

	/* invoke_cmd's TAKE1 (server/config.c): one word, not empty; its
	 * message names the directive as core.c's command table spells it
	 * and adds that entry's errmsg, whatever case the file used. */
	if (n->argc != 1 || n->argv[0][0] == '\0') {
		diag(fs, PF_SEV_ERROR, "httpd-arity", "%s", optional ?
		    "IncludeOptional takes one argument, Name or pattern of "
		    "the config file(s) to be included; ignored if the file "
		    "does not exist or the pattern does not match any files" :
		    "Include takes one argument, Name(s) of the config "
		    "file(s) to be included; fails if the wildcard does not "
		    "match at least one file");
		return;
	}
	if (r->include_depth >= MAX_INCLUDE_DEPTH) {
		diag(fs, PF_SEV_ERROR, "httpd-include", "Exceeded maximum "
		    "include depth of %u, There appears to be a recursion.",
		    MAX_INCLUDE_DEPTH);
		/* httpd stops here; going on with the other Includes of
		 * each level would be exponential (a file Including itself
		 * twice) */
		r->abort = 1;
		return;
	}
	root_note(fs, n->argv[0]);
	path = server_relative(r, n->argv[0]);
	r->include_depth++;
	if (!has_wild(path)) {
		const char *err = NULL;
		int rc = read_file(r, path, n->loc, ic.parent, RF_DIROK |
		    (optional ? RF_OPTIONAL : 0), &err);

		if (rc == 1)
			inc_path(&ic, path, 0);
		else if (rc < 0 && err != NULL && !optional)
			inc_error(&ic, "%s", err);
	} else if (path[0] != '/') {
		inc_error(&ic, "Include must have an absolute path, %s", path);
	} else {
		inc_glob(&ic, "/", path + 1);
	}
	r->include_depth--;
}

/* --- Macro ----------------------------------------------------------- */

static void
macro_define(struct fstate *fs, const char *args)
{
	struct hrd *r = fs->r;
	const char *end = strrchr(args, '>'), *p;
	char *text, *name;
	struct hmacro *m;
	PF_VEC(const char *) av = { 0 };
	PF_VEC(const char *) lines = { 0 };
	PF_VEC(uint32_t) nos = { 0 };
	int nesting = 1, i, j, rc, bad = 0;
	uint32_t src = fs->cur_src, line = fs->cur_line;
	const struct pf_source *sf = pf_source_get(r->run, src);
	/* mod_macro names the definition in its errors */
	const char *where = pf_printf(r->a, "(defined on line %u of \"%s\")",
	    (unsigned)line, sf != NULL && sf->path != NULL ? sf->path : "?");

	if (end == NULL) {
		diag(fs, PF_SEV_ERROR, "httpd-syntax",
		    "<Macro> directive missing closing '>'");
		return;
	}
	text = pf_strndup(r->a, args, (size_t)(end - args));
	p = text;
	name = (char *)pf_hrd_getword(r->a, &p);
	if (*name == '\0') {
		diag(fs, PF_SEV_ERROR, "httpd-syntax", "<Macro macro "
		    "definition: %s", end == args ? "empty name" :
		    "name not found");
		return;
	}
	lower(name);
	while (*p != '\0')
		PF_PUSH(r->a, av, pf_hrd_getword(r->a, &p));
	/* An error in the header: httpd stops there; the reader reads
	 * the body all the same, so that its lines and </Macro> give no
	 * errors of their own, and defines nothing. */
	for (i = 0; i < (int)av.n && !bad; i++) {
		if (av.v[i][0] == '\0') {
			diag(fs, PF_SEV_ERROR, "httpd-macro", "macro '%s' %s: "
			    "empty argument #%d name", name, where, i + 1);
			bad = 1;
			break;
		}
		if (strchr("$%@", av.v[i][0]) == NULL)
			diag(fs, PF_SEV_WARNING, "httpd-macro", "macro '%s' "
			    "argument name '%s' (#%d) without expected prefix",
			    name, av.v[i], i + 1);
		for (j = i + 1; j < (int)av.n; j++) {
			size_t li = strlen(av.v[i]), lj = strlen(av.v[j]);

			if (strcmp(av.v[i], av.v[j]) == 0) {
				diag(fs, PF_SEV_ERROR, "httpd-macro",
				    "argument name conflict in macro '%s' %s: "
				    "argument '%s': #%d and #%d, change argument "
				    "names!", name, where, av.v[i], i + 1, j + 1);
				bad = 1;
				break;
			}
			if (strncmp(av.v[i], av.v[j], li < lj ? li : lj) == 0)
				diag(fs, PF_SEV_WARNING, "httpd-macro",
				    "macro '%s': argument name prefix conflict "
				    "(%s #%d and %s #%d)", name, av.v[i], i + 1,
				    av.v[j], j + 1);
		}
	}
	/* The body: raw lines up to the matching </Macro>, comments out. */
	while ((rc = get_line(fs)) != 0) {
		const char *q = r->ln, *first;

		if (rc < 0)
			continue;
		if (r->ln[0] == '#')
			continue;
		first = pf_hrd_getword(r->a, &q);
		if (strcasecmp(first, "</Macro>") == 0) {
			if (--nesting == 0)
				break;
		} else if (strcasecmp(first, "<Macro") == 0)
			nesting++;
		if (strlen(r->ln) >= MAX_MACRO_LINE) {
			diag(fs, PF_SEV_ERROR, "httpd-syntax",
			    "Line too long in a macro body");
			continue;
		}
		PF_PUSH(r->a, lines, pf_strdup(r->a, r->ln));
		PF_PUSH(r->a, nos, fs->cur_line);
	}
	if (rc == 0) {
		struct pf_loc l = pf_loc_make(src, line, 1, 0);

		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-macro", l,
		    "macro '%s' %s contents error: expected token not found: "
		    "</Macro>", name, where);
		r->nerr_read++;
		fs->stop = 1;
		return;
	}
	m = pf_hmap_get(&r->macros, name);
	if (m != NULL)
		diag(fs, PF_SEV_WARNING, "httpd-macro", "macro '%s' multiply "
		    "defined", name);
	m = pf_alloc(r->a, sizeof(*m));
	m->name = name;
	m->args = av.v;
	m->nargs = (int)av.n;
	m->lines = lines.v;
	m->line_no = nos.v;
	m->nlines = lines.n;
	m->src = src;
	m->line = line;
	m->bad = bad;
	pf_hmap_put(r->a, &r->macros, name, m);
}

/* mod_macro's substitution: repeatedly the earliest (then longest)
 * argument name; '@' arguments are quoted with " and \ escaped. */
static const char *
substitute(struct hrd *r, const struct hmacro *m, const char **vals,
    const char *line, int *toolong)
{
	char *buf, *ptr;
	size_t cap = MAX_MACRO_LINE;

	/* mod_macro's fixed buffer, reused: the caller keeps a copy */
	if (r->mbuf == NULL)
		r->mbuf = pf_xmalloc(MAX_MACRO_LINE);
	buf = r->mbuf;

	*toolong = 0;
	snprintf(buf, cap, "%s", line);
	ptr = buf;
	for (;;) {
		char *chosen = NULL, *f;
		size_t lch = 0, lbuf, lname, lsub, k;
		int which = -1, i, esc;
		const char *rep;
		char *o;

		for (i = 0; i < m->nargs; i++) {
			f = strstr(ptr, m->args[i]);
			if (f != NULL && (chosen == NULL || f < chosen ||
			    (f == chosen && lch < strlen(m->args[i])))) {
				chosen = f;
				lch = strlen(m->args[i]);
				which = i;
			}
		}
		if (chosen == NULL)
			break;
		rep = vals[which];
		esc = m->args[which][0] == '@';
		lname = strlen(m->args[which]);
		if (strcmp(m->args[which], rep) == 0)
			return buf;	/* mod_macro stops here */
		lsub = strlen(rep);
		if (esc) {
			lsub += 2;
			for (k = 0; rep[k] != '\0'; k++)
				if (rep[k] == '"' || rep[k] == '\\')
					lsub++;
		}
		lbuf = strlen(chosen);
		if ((size_t)(chosen - buf) + lbuf + lsub - lname >= cap) {
			*toolong = 1;
			return buf;
		}
		memmove(chosen + lsub, chosen + lname, lbuf - lname + 1);
		o = chosen;
		if (esc)
			*o++ = '"';
		for (k = 0; rep[k] != '\0'; k++) {
			if (esc && (rep[k] == '"' || rep[k] == '\\'))
				*o++ = '\\';
			*o++ = rep[k];
		}
		if (esc)
			*o++ = '"';
		ptr = chosen + strlen(rep);
	}
	return buf;
}

static void
macro_use(struct fstate *fs, const char *args)
{
	struct hrd *r = fs->r;
	const char *p = args;
	char *name = (char *)pf_hrd_getword(r->a, &p);
	struct hmacro *m;
	PF_VEC(const char *) vals = { 0 };
	struct hin *in;
	size_t i, depth = 0;

	if (r->macros.n == 0) {
		diag(fs, PF_SEV_ERROR, "httpd-macro",
		    "no macro defined before Use");
		return;
	}
	lower(name);
	if (*name == '\0') {
		diag(fs, PF_SEV_ERROR, "httpd-macro",
		    "no macro name specified with Use");
		return;
	}
	m = pf_hmap_get(&r->macros, name);
	if (m == NULL) {
		diag(fs, PF_SEV_ERROR, "httpd-macro", "macro '%s' undefined",
		    name);
		return;
	}
	if (m->bad)
		return;
	for (in = fs->in; in != NULL; in = in->up)
		depth++;
	if (m->active) {
		diag(fs, PF_SEV_ERROR, "httpd-macro",
		    "recursive use of macro '%s' is invalid", name);
		return;
	}
	if (depth > PF_MAX_MACRO_DEPTH) {
		diag(fs, PF_SEV_ERROR, "httpd-macro",
		    "macros nested more than %d deep", PF_MAX_MACRO_DEPTH);
		return;
	}
	while (*p != '\0')
		PF_PUSH(r->a, vals, pf_hrd_getword(r->a, &p));
	if ((int)vals.n != m->nargs) {
		diag(fs, PF_SEV_ERROR, "httpd-macro", "macro '%s' (defined on "
		    "line %u of \"%s\") used with %d arguments instead of %d",
		    name, m->line, pf_source_get(r->run, m->src)->path,
		    (int)vals.n, m->nargs);
		return;
	}
	in = pf_alloc(r->a, sizeof(*in));
	in->up = fs->in;
	in->src = m->src;
	in->macro = m;
	in->use = cur_loc(fs);
	in->mn = m->nlines;
	in->mlines = pf_alloc(r->a, (m->nlines + 1) * sizeof(char *));
	/* the input, its line array, the argument words */
	r->parsed += sizeof(*in) + (m->nlines + 1) * sizeof(char *) + 256;
	for (i = 0; i < m->nlines; i++) {
		int tl;

		const char *l = substitute(r, m, vals.v, m->lines[i], &tl);
		size_t len = strlen(l);

		if (tl) {
			diag(fs, PF_SEV_ERROR, "httpd-macro", "macro '%s' "
			    "error while substituting: while processing line "
			    "%zu: cannot substitute, buffer size too small",
			    name, i + 1);
			return;
		}
		in->mlines[i] = pf_strndup(r->a, l, len);
		r->parsed += len + 1;
	}
	m->active = 1;
	fs->in = in;
}

/* --- LoadModule, Define, ServerRoot ---------------------------------- */

/*
 * The shipped modules that link against another module's symbols, so
 * LoadModule fails ("undefined symbol") unless that one is loaded first.
 * Found by loading each of Debian's 2.4.x modules alone with apache2 -t
 * (tests/httpd/modules.py does it again for every module file): the
 * proxy_* protocol modules and proxy_balancer/hcheck need mod_proxy,
 * cache_disk/socache need mod_cache, dav_fs/lock need mod_dav, the
 * session_* providers need mod_session.  mod_proxy_html, the lbmethod_*
 * modules and mod_authnz_ldap load alone: they find the others through
 * optional functions and providers at run time.  sym: the symbol the
 * dynamic linker names in apache2's message (dlopen with RTLD_NOW stops
 * at the first it cannot resolve), as Debian's 2.4 build reports it.
 */
static const char *
module_dep(const char *id, const char **sym)
{
	static const struct { const char *id, *dep, *sym; } deps[] = {
		{ "proxy_ajp_module", "proxy_module",
		    "proxy_module" },
		{ "proxy_balancer_module", "proxy_module",
		    "proxy_hcmethods" },
		{ "proxy_connect_module", "proxy_module",
		    "ap_proxy_tunnel_create" },
		{ "proxy_express_module", "proxy_module",
		    "proxy_module" },
		{ "proxy_fcgi_module", "proxy_module",
		    "proxy_module" },
		{ "proxy_fdpass_module", "proxy_module",
		    "proxy_hook_canon_handler" },
		{ "proxy_ftp_module", "proxy_module",
		    "ap_proxy_canonenc" },
		{ "proxy_hcheck_module", "proxy_module",
		    "proxy_hcmethods" },
		{ "proxy_http_module", "proxy_module",
		    "ap_proxy_location_reverse_map" },
		{ "proxy_http2_module", "proxy_module",
		    "ap_proxy_location_reverse_map" },
		{ "proxy_scgi_module", "proxy_module",
		    "proxy_hook_canon_handler" },
		{ "proxy_uwsgi_module", "proxy_module",
		    "proxy_module" },
		{ "proxy_wstunnel_module", "proxy_module",
		    "ap_proxy_pass_brigade" },
		{ "cache_disk_module", "cache_module",
		    "ap_cache_cacheable_headers_in" },
		{ "cache_socache_module", "cache_module",
		    "ap_cache_cacheable_headers_in" },
		{ "dav_fs_module", "dav_module",
		    "dav_do_find_liveprop" },
		{ "dav_lock_module", "dav_module",
		    "dav_push_error" },
		{ "session_cookie_module", "session_module",
		    "ap_hook_session_save" },
		{ "session_crypto_module", "session_module",
		    "ap_hook_session_encode" },
		{ "session_dbd_module", "session_module",
		    "ap_hook_session_save" },
	};
	size_t i;

	for (i = 0; i < sizeof(deps) / sizeof(deps[0]); i++)
		if (strcmp(id, deps[i].id) == 0) {
			*sym = deps[i].sym;
			return deps[i].dep;
		}
	return NULL;
}

/*
 * Can the dynamic linker find a bare library name?  The directories of
 * LD_LIBRARY_PATH (the envvars file's, else ours) and the usual ones,
 * then /etc/ld.so.cache, which holds every name ldconfig found,
 * NUL-terminated.  -1 when there is no cache to ask.
 */
static int
lib_found(struct hrd *r, const char *name)
{
	static const char *const dirs[] = { "/lib", "/usr/lib", "/lib64",
	    "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	    "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
	    "/usr/local/lib" };
	char buf[4096], *data;
	/* the envvars file may export it (Oracle's client libraries) */
	const char *lp = pf_hmap_get(&r->env, "LD_LIBRARY_PATH");
	size_t i, len, nl = strlen(name);
	struct stat st;
	int found = 0;

	if (lp == NULL)
		lp = getenv("LD_LIBRARY_PATH");
	while (lp != NULL && *lp != '\0') {
		size_t k = strcspn(lp, ":");

		if (k > 0 && k + nl + 2 < sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)k, lp, name);
			if (stat(buf, &st) == 0)
				return 1;
		}
		lp += k + (lp[k] == ':');
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, sizeof(buf), "%s/%s", dirs[i], name);
		if (stat(buf, &st) == 0)
			return 1;
	}
	if (nl + 2 > sizeof(buf) || pf_read_file(r->run, "/etc/ld.so.cache",
	    &data, &len) != 0)
		return -1;	/* no cache to ask: not judged */
	buf[0] = '\0';
	memcpy(buf + 1, name, nl + 1);
	found = memmem(data, len, buf, nl + 2) != NULL;
	return found;
}

/*
 * mod_so load_file (dso_load): each file as ap_server_root_relative
 * makes it, then as written (a bare name through the library search
 * path, a relative one from httpd's working directory, which is not
 * known here).  Only a missing file is judged, not its contents, and
 * nothing under --root (the libraries are the other machine's).
 */
static void
load_file(struct fstate *fs, struct pf_node *n)
{
	struct hrd *r = fs->r;
	struct stat st;
	int i;

	if (n->argc == 0) {
		diag(fs, PF_SEV_ERROR, "httpd-arity", "LoadFile requires at "
		    "least one argument, shared object file or library to "
		    "load into the server at runtime");
		return;
	}
	if (r->run->root != NULL)
		return;
	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];

		if (stat(server_relative(r, w), &st) == 0 ||
		    (w[0] != '/' && strchr(w, '/') != NULL) ||
		    (w[0] != '/' && lib_found(r, w) != 0))
			continue;
		if (w[0] == '/' && stat(w, &st) == 0)
			continue;
		diag(fs, PF_SEV_ERROR, "httpd-module", "Cannot load %s into "
		    "server: %s: cannot open shared object file: No such file "
		    "or directory", w, w);
		return;
	}
}


/* A loaded module that is not Apache's: its file, for tp_defines(). */
static void
tp_module(struct hrd *r, const char *id, const char *file, int known,
    const struct pf_so_module *so)
{
	struct hrd_tpmod *t = pf_alloc(r->a, sizeof(*t));

	t->id = pf_strdup(r->a, id);
	t->path = pf_strdup(r->a, pf_host_path(r->run, file));
	t->known = known;
	t->so = *so;
	PF_PUSH(r->a, r->tpmods, t);
}
static void
load_module(struct fstate *fs, struct pf_node *n)
{
	struct hrd *r = fs->r;
	struct pf_so_module so;
	const struct pf_httpd_module *m;
	const char *id, *file, *base, *dep, *sym;
	struct stat st;
	int bare;

	if (n->argc != 2) {
		diag(fs, PF_SEV_ERROR, "httpd-arity", "LoadModule takes two "
		    "arguments, a module name and the name of a shared object "
		    "file to load it from");
		return;
	}
	id = n->argv[0];
	file = server_relative(r, n->argv[1]);
	memset(&so, 0, sizeof(so));	/* (no file read: nothing known) */
	m = pf_httpd_module_by_id(id);
	if (m != NULL && m->builtin && !pf_hrd_builtin(r, m))
		return;		/* a shared module there, present here */
	if (m != NULL && m->builtin) {
		diag(fs, PF_SEV_ERROR, "httpd-module", "module %s is built-in "
		    "and can't be loaded", id);
		return;
	}
	if ((dep = module_dep(id, &sym)) != NULL &&
	    !pf_hrd_module_loaded(r, dep)) {
		/* ap_os_dso_load's error (modules/core/mod_so.c load_module:
		 * "Cannot load %s into server: %s", the dlerror text) */
		diag(fs, PF_SEV_ERROR, "httpd-module", "Cannot load %s into "
		    "server: %s: undefined symbol: %s (%s is not loaded "
		    "before it)", file, file, sym, dep);
		return;
	}
	if (pf_hrd_module_loaded(r, id)) {
		diag(fs, PF_SEV_WARNING, "httpd-module", "module %s is already "
		    "loaded, skipping", id);
		return;
	}
	/*
	 * mod_so's dso_load: FILE made ServerRoot-relative is dlopen()ed;
	 * a FILE with no '/' is tried again as written, through the
	 * loader's search path (so a later error names it bare).  The error
	 * is "Cannot load FILE into server: " and dlerror's text.
	 */
	bare = strchr(n->argv[1], '/') == NULL;
	if (stat(pf_host_path(r->run, file), &st) != 0) {
		int e = errno;

		/* Under --root the module files of another machine are
		 * often missing: say so, but keep the module (the tree is
		 * judged as it would run there). */
		if (r->run->root == NULL && bare &&
		    lib_found(r, n->argv[1]) != 0)
			;	/* in the search path (or not known) */
		else if (r->run->root == NULL) {
			diag(fs, PF_SEV_ERROR, "httpd-module", "Cannot load %s "
			    "into server: %s: cannot open shared object file: "
			    "%s", n->argv[1], bare ? n->argv[1] : file,
			    strerror(e));
			return;
		} else {
			/* A configuration-only copy lacks every module file: one
			 * note at the first, counting the rest, not one each. */
			if (r->mods_missing++ == 0) {
				r->mods_missing_first = pf_strdup(r->a, file);
				r->mods_missing_note = diag(fs, PF_SEV_NOTE,
				    "httpd-module", "Cannot load %s into server: %s "
				    "(under --root: the module is taken as loaded, as "
				    "on the machine the tree comes from)", file,
				    strerror(e));
			} else if (r->mods_missing_note != NULL)
				r->mods_missing_note->message = pf_printf(r->a,
				    "%zu LoadModule files are not in the tree under "
				    "--root, the first %s (%s): the modules are taken "
				    "as loaded, as on the machine the tree comes from",
				    r->mods_missing, r->mods_missing_first,
				    strerror(e));
		}
	} else {
		const char *why;

		/* (the module structure of a module not Apache's: its
		 * names and command table) */
		switch (pf_so_judge_module(pf_host_path(r->run, file), id,
		    m == NULL || m->pkg != NULL ? r->a : NULL, &so, &why)) {
		case PF_SO_NOT_LOADABLE:
			if (bare && r->run->root == NULL) {
				/* the second try, by the search path */
				if (lib_found(r, n->argv[1]) != 0)
					break;
				why = "cannot open shared object file: No such "
				    "file or directory";
			}
			diag(fs, PF_SEV_ERROR, "httpd-module", "Cannot load %s "
			    "into server: %s: %s", n->argv[1],
			    bare ? n->argv[1] : file, why);
			return;
		case PF_SO_NO_SYMBOL:
			diag(fs, PF_SEV_ERROR, "httpd-module", "Can't locate "
			    "API module structure `%s' in file %s: %s: "
			    "undefined symbol: %s", id, file, file, id);
			return;
		default:
			break;
		}
		/* mod_so's check of the structure, then ap_add_module's */
		if (so.read && so.magic != PF_SO_MAGIC_COOKIE) {
			diag(fs, PF_SEV_ERROR, "httpd-module", "API module "
			    "structure '%s' in file %s is garbled - expected "
			    "signature %08lx but saw %08lx - perhaps this is "
			    "not an Apache module DSO, or was compiled for a "
			    "different Apache version?", id, file,
			    PF_SO_MAGIC_COOKIE, so.magic);
			return;
		}
		if (so.read && so.version != PF_SO_MMN_MAJOR) {
			diag(fs, PF_SEV_ERROR, "httpd-module", "Module \"%s\" "
			    "is not compatible with this version of Apache "
			    "(found %d, need %d). Please contact the vendor "
			    "for the correct version.", so.name != NULL ?
			    so.name : "(null)", so.version, PF_SO_MMN_MAJOR);
			return;
		}
	}
	r->gen++;
	pf_hmap_put(r->a, &r->mods, pf_strdup(r->a, id), (void *)"1");
	{
		const struct pf_httpd_module *mi = pf_httpd_module_by_id(id);
		size_t k;

		if (mi != NULL)
			r->mod_on[mi - pf_httpd_modules] = 1;
		/* its register_hooks' names (ap_server_config_defines) */
		for (k = 0; k < pf_httpd_nmodule_defines; k++) {
			const struct pf_httpd_module_define *md =
			    &pf_httpd_module_defines[k];

			if (strcmp(md->module, id) == 0)
				define(r, md->name, NULL);
		}
	}
	if (m == NULL) {
		base = strrchr(file, '/');
		base = base ? base + 1 : file;
		m = pf_httpd_module_by_so(base);
		if (m == NULL || strcmp(m->id, id) != 0) {
			r->third_party = 1;
			r->unknown_module = 1;
			tp_module(r, id, file, 0, &so);
			if (so.name != NULL) {
				/* <IfModule mod_foo.c>: ap_add_module keeps
				 * __FILE__'s last part */
				const char *b = strrchr(so.name, '/');

				pf_hmap_put(r->a, &r->mods, b != NULL ? b + 1 :
				    so.name, (void *)"1");
			} else if (!so.read && strlen(id) > 7 &&
			    strcmp(id + strlen(id) - 7, "_module") == 0)
				/* its file not at hand (a copy under --root):
				 * the usual name, foo_module's mod_foo.c (RHEL
				 * 8's php.conf tests <IfModule !mod_php7.c>
				 * for php7_module) */
				pf_hmap_put(r->a, &r->mods, pf_printf(r->a,
				    "mod_%.*s.c", (int)(strlen(id) - 7), id),
				    (void *)"1");
			if (!so.have_cmds)
				diag(fs, PF_SEV_NOTE,
				    "httpd-third-party-module", "module %s is "
				    "not one Apache ships or Debian packages, "
				    "and its command table could not be read: "
				    "its directives are not checked", id);
		}
	} else if (m->pkg != NULL) {
		r->third_party = 1;	/* its directives are in the table */
		tp_module(r, id, file, 1, &so);
	}
	if (m != NULL)
		pf_hmap_put(r->a, &r->mods, m->src, (void *)"1");
	PF_PUSH(r->a, r->ap->modules, pf_sval_make(pf_strdup(r->a, id),
	    n->loc));
}

/* Executes a read-time directive; returns 1 if it was one. */
static int
exec_on_read(struct fstate *fs, int kind, struct pf_node *n)
{
	struct hrd *r = fs->r;

	if (kind == HK_INCLUDE || kind == HK_INCLUDEOPTIONAL) {
		do_include(fs, n, kind == HK_INCLUDEOPTIONAL);
	} else if (kind == HK_DEFINE) {
		if (n->argc < 1 || n->argc > 2)
			diag(fs, PF_SEV_ERROR, "httpd-arity", "Define takes "
			    "1-2 arguments, Define a variable, optionally to "
			    "a value.  Same as passing -D to the command line.");
		else if (strchr(n->argv[0], ':') != NULL)
			diag(fs, PF_SEV_ERROR, "httpd-syntax", "Variable name "
			    "must not contain ':'");
		else
			define(r, n->argv[0], n->argc == 2 &&
			    n->argv[1][0] != '\0' ? n->argv[1] : NULL);
	} else if (kind == HK_UNDEFINE) {
		if (n->argc != 1)
			diag(fs, PF_SEV_ERROR, "httpd-arity", "UnDefine takes "
			    "one argument");
		else if (strchr(n->argv[0], ':') != NULL)
			diag(fs, PF_SEV_ERROR, "httpd-syntax", "Variable name "
			    "must not contain ':'");
		else
			undefine(r, n->argv[0]);
	} else if (kind == HK_SERVERROOT) {
		if (n->argc != 1)
			diag(fs, PF_SEV_ERROR, "httpd-arity", "ServerRoot takes "
			    "one argument");
		else if (!is_dir(r, n->argv[0]) && r->run->root == NULL)
			diag(fs, PF_SEV_ERROR, "httpd-path", "ServerRoot must "
			    "be a valid directory");
		else {
			/* A copy of /etc alone (Alpine's ServerRoot is
			 * /var/www): relative paths still go from it. */
			if (!is_dir(r, n->argv[0]))
				diag(fs, PF_SEV_WARNING, "httpd-path",
				    "ServerRoot not checked: the directory is "
				    "not in the tree under --root");
			r->server_root = pf_strdup(r->a, n->argv[0]);
			r->root_note_dir = NULL;
		}
	} else if (kind == HK_LOADMODULE) {
		load_module(fs, n);
	} else if (kind == HK_USE) {
		macro_use(fs, n->raw);
	} else if (kind == HK_UNDEFMACRO) {
		char *name = pf_strdup(r->a, n->argc > 0 ? n->argv[0] : "");

		lower(name);
		if (r->macros.n == 0)
			diag(fs, PF_SEV_ERROR, "httpd-macro",
			    "no macro defined before UndefMacro");
		else if (*name == '\0')
			diag(fs, PF_SEV_ERROR, "httpd-macro",
			    "no macro name specified with UndefMacro");
		else if (pf_hmap_get(&r->macros, name) == NULL)
			diag(fs, PF_SEV_ERROR, "httpd-macro",
			    "cannot remove undefined macro '%s'", name);
		else
			pf_hmap_put(r->a, &r->macros, name, NULL);
	} else if (kind == HK_DEFAULTRUNTIMEDIR) {
		/*
		 * Under --root the run directory (/run/apache2: a tmpfs that
		 * apache2ctl and the service fill at start) is rarely in the
		 * copy: not checked then, rather than apache2 -t's error.
		 */
		const char *rundir = pf_hmap_get(&r->env, "APACHE_RUN_DIR");

		if (n->argc != 1)
			diag(fs, PF_SEV_ERROR, "httpd-arity", "DefaultRuntimeDir "
			    "takes one argument, Common directory for run-time "
			    "files (shared memory, locks, etc.)");
		else if (is_dir(r, server_relative(r, n->argv[0])))
			;
		else if (r->run->root != NULL)
			diag(fs, PF_SEV_WARNING, "httpd-path", "DefaultRuntimeDir "
			    "not checked: the directory is not in the tree under "
			    "--root");
		else if (rundir != NULL && strcmp(rundir, n->argv[0]) == 0)
			/* Debian: apache2ctl (which the apache2 service runs)
			 * makes APACHE_RUN_DIR before it starts httpd; only a
			 * bare apache2 -t stops here. */
			diag(fs, PF_SEV_NOTE, "httpd-path", "DefaultRuntimeDir "
			    "%s does not exist yet: apache2 -t alone refuses it, "
			    "apache2ctl and the apache2 service create it "
			    "(APACHE_RUN_DIR of envvars) before httpd starts",
			    n->argv[0]);
		else
			diag(fs, PF_SEV_ERROR, "httpd-path", "DefaultRuntimeDir "
			    "must be a valid directory, absolute or relative to "
			    "ServerRoot");
	} else if (kind == HK_LOADFILE) {
		load_file(fs, n);
	} else
		return 0;
	n->flags |= PF_NODE_READ;
	n->def = NULL;
	return 1;
}

static int
is_exec(int kind)
{
	return kind >= HK_INCLUDE && kind <= HK_DEFAULTRUNTIMEDIR;
}

/*
 * Most lines of a big tree are lines seen before ("Require all granted",
 * the lines of a snippet every vhost Includes).  A line that made a plain
 * node or a section opener from its text alone (no ${}, no read-time
 * directive or conditional, no '#' warning) is remembered by its text: the
 * next identical line copies that node's name, words and row instead of
 * being split and looked up again.  Direct-mapped; the text compared is
 * where it stays for the run (r->ln_src).
 */
#define LCACHE	8192	/* slots, a power of two */
#define HL_COND	(1u << 31)	/* a true conditional (while r->gen) */

static int
line_cached(struct fstate *fs, uint32_t h)
{
	struct hrd *r = fs->r;
	struct hlcache *e = &r->lcache[h & (LCACHE - 1)];
	const struct pf_node *t = e->tmpl;
	struct pf_node *n;

	if (e->text == NULL || e->h != h || e->len != r->ln_len ||
	    memcmp(e->text, r->ln, r->ln_len) != 0)
		return 0;
	if (e->flags & HL_COND) {
		struct frame f = { NULL, NULL, NULL };

		if (e->gen != r->gen)
			return 0;
		/* a refused or skipped one says so the long way */
		if (fs->in->htaccess && r->htovr != NULL &&
		    !ht_cond_allowed(r->htovr, e->def->name))
			return 0;
		f.cond = e->def->name + 1;
		HPUSH(r->a, fs->st, f);
		return 1;
	}
	n = node_block(fs, sizeof(*n));
	r->parsed += sizeof(*n);
	n->name = t->name;
	n->argv = t->argv;
	n->argc = t->argc;
	n->raw = t->raw;
	n->loc.file = fs->cur_src;
	n->loc.line = fs->cur_line;
	n->loc.col = fs->multi ? 1 : fs->cur_col;
	n->loc.len = t->loc.len;
	n->flags = fs->flags | e->flags;
	n->def = e->def;
	if (fs->cur_macro) {
		n->flags |= PF_NODE_MACRO;	/* node_block() kept the Use */
	}
	pf_hrd_append(r, parent_of(fs), n);
	if (n->flags & PF_NODE_SECTION) {
		struct frame f = { n, NULL, n->def != NULL &&
		    known_now(r, n->def->lname) ? n->def->name + 1 : NULL };

		HPUSH(r->a, fs->st, f);
	}
	return 1;
}

/* n NULL: a true conditional (row d), whose verdict holds while the
 * modules and defines stay as they are. */
static void
line_remember(struct fstate *fs, uint32_t h, struct pf_node *n,
    const struct pf_directive *d)
{
	struct hrd *r = fs->r;
	struct hlcache *e;

	if (r->lcache == NULL) {
		r->lcache = pf_xzalloc(LCACHE, sizeof(*r->lcache));
	}
	e = &r->lcache[h & (LCACHE - 1)];
	e->h = h;
	e->len = (uint32_t)r->ln_len;
	e->text = r->ln_src;
	e->tmpl = n;
	e->def = d;
	e->flags = n != NULL ? n->flags & (PF_NODE_SECTION | PF_NODE_NOGT) :
	    HL_COND;
	e->gen = r->gen;
}

/* Whether the len bytes at l hold "${" (memchr finds the rare '$'
 * faster than strstr looks for the pair). */
static int
has_var(const char *l, size_t len)
{
	const char *d;

	while ((d = memchr(l, '$', len)) != NULL) {
		if ((size_t)(d - l) + 1 < len && d[1] == '{')
			return 1;
		len -= (size_t)(d - l) + 1;
		l = d + 1;
	}
	return 0;
}

/* One logical line (ap_build_config_sub). */
static void
line(struct fstate *fs)
{
	struct hrd *r = fs->r;
	const char *l = r->ln, *args, *full, *iname = NULL;
	char *word, *lname;
	size_t len, flen, nd = 0;
	struct pf_node *n, *parent;
	const struct pf_directive *d = NULL;
	int expanded, kind = HK_NONE, cacheable;
	uint32_t argcol, lh;

	if (*l == '#' || *l == '\0')
		return;
	lh = pf_hrd_hash_bytes(l, r->ln_len);
	if (r->lcache != NULL && line_cached(fs, lh))
		return;
	/* (before anything below writes into the line) */
	cacheable = r->ln_src != NULL && r->ln_len < UINT32_MAX &&
	    !has_var(l, r->ln_len);
	full = expand(fs, l);
	expanded = full != l;
	args = full;
	/* The directive name into scratch space: word, then lname. */
	flen = strlen(full);
	ensure(r, &r->wbuf, &r->wcap, 2 * (flen + 1));
	word = r->wbuf;
	lname = r->wbuf + flen + 1;
	len = pf_hrd_word(&args, word);
	if (len == 0)
		return;
	argcol = fs->cur_col + (uint32_t)(args - full);
	if (word[1] != '/') {
		if (word[len - 1] == '>')
			word[--len] = '\0';
		if (word[0] == '<' && *args == '\0')
			args = ">";
	}
	/* The name's table rows and kind, once (closing tags need none). */
	if (word[0] != '<' || word[1] != '/') {
		d = name_lookup(word, len, lname, &iname, &nd);
		kind = pf_hrd_row_kind(d);
	}
	/* '#' later on the line is an argument, not a comment; except after
	 * the '>' that ends a section's opening line: httpd takes a
	 * section's arguments up to the line's last '>' (ap_strrchr_c in
	 * each section's handler) and drops the rest, so Heroku's
	 * <If "-f %{REQUEST_FILENAME}"> # make sure the file exists
	 * is read as the comment it looks like. */
	if (strchr(args, '#') != NULL) {
		const char *h = args, *lim = NULL;

		if (word[0] == '<' && word[1] != '/')
			lim = strrchr(args, '>');
		cacheable = 0;
		while (*h != '\0') {
			const char *s = h, *w;

			(void)pf_hrd_getword(NULL, &h);
			if (lim != NULL && s >= lim)
				break;
			if (s[0] == '#') {
				const char *t = s;

				w = pf_hrd_getword(r->a, &t);
				struct pf_diag *dg = pf_diag_add(r->run,
				    PF_SEV_WARNING, "httpd-trailing-comment",
				    pf_loc_make(fs->cur_src, fs->cur_line,
				    fs->multi || expanded ? 1 : argcol +
				    (uint32_t)(s - args), 1),
				    "'#' is not a comment here: httpd passes "
				    "'%s' and what follows as arguments of %s",
				    w, word);
				pf_diag_fix(r->run, dg, "move the comment to a "
				    "line of its own");
				break;
			}
		}
	}
	/* Read-time sections. */
	if (word[0] == '<' && word[1] != '/' && (is_cond(kind) ||
	    kind == HK_MACRO) && rows_loaded(r, d, nd)) {
		const char *end = strrchr(args, '>');
		int t;

		if (kind == HK_MACRO) {
			n = mknode(fs, word + 1, len - 1, args, strlen(args),
			    d, iname);
			n->flags |= PF_NODE_SECTION | PF_NODE_READ;
			n->def = NULL;
			pf_hrd_append(r, parent_of(fs), n);
			macro_define(fs, args);
			return;
		}
		if (fs->in->htaccess && r->htovr != NULL &&
		    !ht_cond_allowed(r->htovr, d->name)) {
			if (r->htovr->nonfatal & PF_HOVR_NF_OVERRIDE) {
				diag(fs, PF_SEV_WARNING, "httpd-context",
				    "%s in .htaccess forbidden by AllowOverride: "
				    "httpd skips it (AllowOverride "
				    "Nonfatal=Override)", d->name);
				return;	/* the body is read as if bare */
			}
			/* "here" even inside a <Files>: at read time
			 * parms->directive is no node of the file yet */
			diag(fs, PF_SEV_ERROR, "httpd-context", "%s not allowed "
			    "here", d->name);
			fs->stop = 1;
			return;
		}
		if (end == NULL) {
			diag(fs, PF_SEV_ERROR, "httpd-syntax", "%s> directive "
			    "missing closing '>'", word);
			fs->stop = 1;
			return;
		}
		/* args is in lbuf or ebuf, or the literal ">" of "<IfX>" */
		if (end == args)
			args = "";
		else
			*(char *)end = '\0';
		/* A true conditional leaves no node: only a false one stays
		 * in the tree (args is read before anything reuses lbuf). */
		/* its messages name the section as registered (cmd->name:
		 * "<IfModule>" for an "<ifmodule>" line) */
		t = eval_cond(fs, kind, d->name, args);
		if (t < 0) {
			fs->stop = 1;
			return;
		}
		if (t) {
			struct frame f = { NULL, NULL, NULL };

			f.cond = d->name + 1;
			HPUSH(r->a, fs->st, f);
			/* <IfFile> asks the file system each time */
			if (cacheable && kind != HK_IFFILE)
				line_remember(fs, lh, NULL, d);
			return;
		}
		n = mknode(fs, word + 1, len - 1, args, strlen(args), d, iname);
		n->flags |= PF_NODE_SECTION | PF_NODE_COND | PF_NODE_INACTIVE;
		n->def = NULL;
		pf_hrd_append(r, parent_of(fs), n);
		if (soak(fs, n, d->name + 1) < 0)
			fs->stop = 1;
		return;
	}
	if (word[0] == '<' && word[1] == '/') {
		struct frame *top;
		char *bracket;

		if (fs->st.n == 0 || fs->st.v[fs->st.n - 1].sec == NULL) {
			diag(fs, PF_SEV_ERROR, "httpd-syntax",
			    "%s without matching <%s section", word, word + 2);
			fs->stop = 1;
			return;
		}
		top = &fs->st.v[fs->st.n - 1];
		bracket = word + strlen(word) - 1;
		if (*bracket != '>') {
			diag(fs, PF_SEV_ERROR, "httpd-syntax",
			    "%s> directive missing closing '>'", word);
			fs->stop = 1;
			return;
		}
		*bracket = '\0';
		if (strcasecmp(word + 2, top->sec->name) != 0) {
			diag(fs, PF_SEV_ERROR, "httpd-syntax",
			    "Expected </%s> but saw %s>", top->shown != NULL ?
			    top->shown : top->sec->name, word);
			fs->stop = 1;
			return;
		}
		fs->st.n--;
		return;
	}
	parent = parent_of(fs);
	if (word[0] == '<') {
		const char *end = strrchr(args, '>');
		size_t alen;

		if (end == args) {
			args = "";	/* maybe the literal ">" */
			alen = 0;
		} else if (end != NULL) {
			*(char *)end = '\0';	/* args is in lbuf or ebuf */
			alen = (size_t)(end - args);
		} else
			alen = strlen(args);
		n = mknode(fs, word + 1, len - 1, args, alen, d, iname);
		n->flags |= PF_NODE_SECTION;
		if (end == NULL)
			n->flags |= PF_NODE_NOGT;
		pf_hrd_append(r, parent, n);
		{
			struct frame f = { n, NULL, rows_loaded(r, d, nd) ?
			    d->name + 1 : NULL };

			HPUSH(r->a, fs->st, f);
		}
		if (cacheable)
			line_remember(fs, lh, n, d);
		return;
	}
	n = mknode(fs, word, len, args, (size_t)(full + flen - args), d, iname);
	pf_hrd_append(r, parent, n);
	if (is_exec(kind)) {
		/* In .htaccess httpd runs only those AllowOverride classes
		 * can allow (Use, UndefMacro); the others (Include, Define,
		 * ...) stay plain nodes that the check refuses. */
		if (rows_loaded(r, d, nd) && (!fs->in->htaccess ||
		    (d->ctx & PF_OVR_ALL) != 0))
			exec_on_read(fs, kind, n);
	} else if (cacheable)
		line_remember(fs, lh, n, d);
}

/* Reads the lines of an input into parent; balance is per file. */
static void
read_body(struct hrd *r, struct hin *in, struct pf_node *parent,
    unsigned flags)
{
	struct fstate fs;
	int rc;
	size_t i;

	memset(&fs, 0, sizeof(fs));
	fs.r = r;
	fs.in = in;
	fs.base = parent;
	fs.flags = flags;
	while (!fs.stop && !r->abort && (rc = get_line(&fs)) != 0) {
		const char *tag;

		if (rc < 0)
			continue;
		/* The end of a true conditional: exactly "</IfX>". */
		if (r->ln[0] == '<' && r->ln[1] == '/' &&
		    cond_top(&fs, &tag) && strncasecmp(r->ln + 2, tag,
		    strlen(tag)) == 0 && strcmp(r->ln + 2 + strlen(tag),
		    ">") == 0) {
			fs.st.n--;
			continue;
		}
		line(&fs);
	}
	/* Unwind Use inputs left open by an error. */
	while (fs.in != in && fs.in != NULL) {
		if (fs.in->macro != NULL)
			fs.in->macro->active = 0;
		fs.in = fs.in->up;
	}
	if (fs.stop)
		return;
	/* Sections left open at the end of the file: only those outside
	 * every true conditional are an error (httpd's ap_build_cont_config
	 * stops quietly at the end of the file). */
	for (i = 0; i < fs.st.n && fs.st.v[i].sec != NULL; i++) {
		struct pf_node *s = fs.st.v[i].sec;
		struct pf_source *src = pf_source_get(r->run, s->loc.file);

		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-syntax", s->loc,
		    "%s:%u: <%s> was not closed.", src ? src->path : "?",
		    s->loc.line, fs.st.v[i].shown != NULL ? fs.st.v[i].shown :
		    s->name);
		r->nerr_read++;
	}
}

struct hfile_cache {
	const char	*path;		/* the map's key */
	char		*data;
	size_t		 len;
	int		 err;
	int		 nul;		/* data holds a NUL byte */
};

/* Opens a config file (ap_pcfg_openfile: a regular file or /dev/null)
 * and reads it below parent. */
static int
read_file(struct hrd *r, const char *path, struct pf_loc from,
    struct pf_node *parent, int flags, const char **err)
{
	struct hfile_cache *c = pf_hmap_get(&r->files, path);
	struct hin in;
	uint32_t src;

	if (c == NULL) {
		struct pf_job *j = NULL;

		c = pf_alloc(r->a, sizeof(*c));
		if (r->pf_job != NULL && strcmp(r->pf_name, path) == 0)
			j = pf_prefetch_wait(r->pf, (size_t)(r->pf_job -
			    r->pf_jobs));
		r->pf_job = NULL;
		if (j != NULL && !j->fallback) {
			c->err = j->err;
			c->data = j->data;
			c->len = j->len;
		} else
			c->err = pf_conf_read(r->run, path, &c->data, &c->len);
		if (c->err == 0) {
			r->parsed += c->len;	/* kept once */
			c->nul = memchr(c->data, '\0', c->len) != NULL;
		}
		/* path lives as long as the run (an arena string or the
		 * caller's option), so the map keeps it without a copy */
		c->path = path;
		pf_hmap_put(r->a, &r->files, path, c);
	}
	if (c->err != 0) {
		if ((flags & RF_DIROK) && c->err == EISDIR)
			return 1;
		if ((flags & RF_OPTIONAL) && c->err == ENOENT)
			return 0;
		if (c->err == EISDIR || c->err == EINVAL)
			*err = pf_printf(r->a, "Could not open configuration "
			    "file %s: Access to file %s denied by server: not "
			    "a regular file", path, path);
		else
			*err = pf_printf(r->a, "Could not open configuration "
			    "file %s: %s", path, strerror(c->err));
		/* A file that is missing or that the user may not read is
		 * input (exit 3), as the php-fpm and php.ini readers have
		 * it; only a failing read is an I/O error. */
		if (c->err != ENOENT && c->err != EISDIR && c->err != EINVAL &&
		    c->err != EACCES && c->err != ENOTDIR)
			r->run->io_error = 1;
		return -1;
	}
	/* Bounded work for any input: an Include of /usr/lib/ reads every
	 * binary there (httpd stops at its first error, a linter goes on). */
	if (r->parsed > MAX_TREE_BYTES) {
		*err = pf_printf(r->a, "Could not read %s: the configuration "
		    "takes more than %u MiB; reading stops here", path,
		    (unsigned)(MAX_TREE_BYTES >> 20));
		r->parsed = MAX_TREE_BYTES;
		r->abort = 1;
		return -1;
	}
	/* the files map's key lives as long as the run */
	src = pf_source_add_kept(r->run, c->path, c->data, c->len,
	    PF_SRC_HTTPD, from);
	PF_PUSH(r->a, r->included, src);
	PF_PUSH(r->a, r->inc_line, from.line);
	PF_PUSH(r->a, r->inc_depth, (uint32_t)r->include_depth);
	memset(&in, 0, sizeof(in));
	in.src = src;
	in.p = c->data;
	in.end = c->data + c->len;
	in.nul = c->nul;
	read_body(r, &in, parent, 0);
	return 0;
}

/*
 * httpd's -C and -c (process_command_config: the strings of
 * ap_server_pre_read_config or ap_server_post_read_config read as one
 * pseudo file, before or after the main file).  The service that passes
 * them names the source; each line maps to the line of the service's
 * file it was made from (pf_loc_origin), when there is one.
 */
static void
read_cmds(struct hrd *r, const char *name, const char *text,
    const struct pf_loc *from, size_t nfrom)
{
	struct pf_source *s;
	struct hin in;
	char *data;
	size_t len;

	if (text == NULL || *text == '\0')
		return;
	len = strlen(text);
	data = pf_strndup(r->a, text, len);
	memset(&in, 0, sizeof(in));
	in.src = pf_source_add(r->run, name, data, len, PF_SRC_HTTPD,
	    PF_NOLOC);
	if (nfrom > 0 && (s = pf_source_get(r->run, in.src)) != NULL) {
		s->origin = from;
		s->norigin = (uint32_t)nfrom;
	}
	in.p = data;
	in.end = data + len;
	in.nul = memchr(data, '\0', len) != NULL;
	read_body(r, &in, r->ap->root, 0);
}

int
pf_hrd_read_main(struct hrd *r, const char *path)
{
	const char *err = NULL;
	size_t i, k;

	for (i = 0; i < r->svc_defs.n; i++)
		define(r, r->svc_defs.v[i].s, NULL);
	for (i = 0; i < r->o->ndefines; i++)
		define(r, r->o->defines[i], NULL);
	read_cmds(r, r->svc_pre_name, r->svc_pre, r->svc_pre_from.v,
	    r->svc_pre_from.n);
	if (read_file(r, path, PF_NOLOC, r->ap->root, 0, &err) < 0) {
		pf_diag_add(r->run, PF_SEV_ERROR, "httpd-include", PF_NOLOC,
		    "%s", err != NULL ? err : "cannot read the configuration");
		return -1;
	}
	read_cmds(r, r->svc_post_name, r->svc_post, r->svc_post_from.v,
	    r->svc_post_from.n);
	for (i = 0; i < r->defnames.n; i++) {
		const char *name = r->defnames.v[i], *v;
		char *l = pf_printf(r->a, "\001%s", name);
		struct pf_loc at = PF_NOLOC;

		lower(l);
		v = pf_hmap_get(&r->defs, l);
		/* a service's -D keeps the line that set it (provenance) */
		for (k = 0; k < r->svc_defs.n; k++)
			if (strcmp(r->svc_defs.v[k].s, name) == 0)
				at = r->svc_defs.v[k].loc;
		PF_PUSH(r->a, r->ap->defines, pf_sval_make(v != NULL ?
		    pf_printf(r->a, "%s=%s", name, v) : name, at));
	}
	return 0;
}

int
pf_hrd_read_htaccess(struct hrd *r, const char *path, char *data, size_t len,
    struct pf_node *parent)
{
	struct hin in;
	uint32_t src;

	src = pf_source_add(r->run, path, data, len, PF_SRC_HTACCESS,
	    PF_NOLOC);
	memset(&in, 0, sizeof(in));
	in.src = src;
	in.p = data;
	in.end = data + len;
	in.nul = memchr(data, '\0', len) != NULL;
	in.htaccess = 1;
	read_body(r, &in, parent, PF_NODE_HTACCESS);
	return 0;
}
