/*
 * httpd_dump.c - pf_httpd_dump: the read httpd configuration with
 * provenance, as text (one directive a line, "file:line" and the include
 * chain of each file) or as JSON (docs/dump-schema.md, "httpd" member).
 * Streams with stdio; the tree is walked without recursion.
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "parsers/httpd.h"

/*
 * The JSON dump of a big tree is tens of MB: it is written through a
 * buffer of its own (stdio's per-call locking and dispatch cost several
 * times the bytes).  err is set when a write fails.  With f NULL the
 * buffer is a piece of the output made on a second thread (see "Two
 * cores" below): it grows instead of being flushed.
 */
struct jw {
	FILE		*f;
	char		*buf;
	size_t		 n, cap;
	unsigned long	 flushes;
	int		 err;
};

static void
jw_grow(struct jw *w, size_t more)
{
	size_t cap = w->cap ? w->cap : 4096;

	while (cap - w->n < more)
		cap *= 2;
	w->buf = pf_xrealloc(w->buf, cap);
	w->cap = cap;
}

static void
jw_flush(struct jw *w)
{
	if (w->f == NULL) {
		jw_grow(w, 1);
		return;
	}
	if (w->n > 0 && fwrite(w->buf, 1, w->n, w->f) != w->n)
		w->err = 1;
	w->n = 0;
	w->flushes++;
}

/* Room for n more bytes in the buffer (after a flush if needed); 0 if
 * n is more than the buffer holds. */
static inline int
jw_room(struct jw *w, size_t n)
{
	if (n <= w->cap - w->n)
		return 1;
	if (w->f == NULL) {
		jw_grow(w, n);
		return 1;
	}
	jw_flush(w);
	return n <= w->cap;
}

static inline void
jw_write(struct jw *w, const char *s, size_t n)
{
	if (!jw_room(w, n)) {
		if (fwrite(s, 1, n, w->f) != n)
			w->err = 1;
		return;
	}
	memcpy(w->buf + w->n, s, n);
	w->n += n;
}

static inline void
jw_putc(struct jw *w, char c)
{
	if (w->n == w->cap)
		jw_flush(w);
	w->buf[w->n++] = c;
}

/* (inlined: the length of a literal is folded) */
static inline void
jw_puts(struct jw *w, const char *s)
{
	jw_write(w, s, strlen(s));
}

static void
jw_printf(struct jw *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
jw_printf(struct jw *w, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if ((size_t)k < sizeof(tmp)) {
		jw_write(w, tmp, (size_t)k);
		return;
	}
	if (w->f == NULL) {
		jw_grow(w, (size_t)k + 1);
		va_start(ap, fmt);
		vsnprintf(w->buf + w->n, (size_t)k + 1, fmt, ap);
		va_end(ap);
		w->n += (size_t)k;
		return;
	}
	jw_flush(w);
	va_start(ap, fmt);
	if (vfprintf(w->f, fmt, ap) < 0)
		w->err = 1;
	va_end(ap);
}

static void
jw_uint(struct jw *w, unsigned long long v)
{
	char num[24], *e = num + sizeof(num);

	do
		*--e = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	jw_write(w, e, (size_t)(num + sizeof(num) - e));
}

static void
jw_int(struct jw *w, long long v)
{
	if (v < 0) {
		jw_putc(w, '-');
		jw_uint(w, 0ull - (unsigned long long)v);
	} else
		jw_uint(w, (unsigned long long)v);
}

static inline void
jw_bool(struct jw *w, int b)
{
	if (b)
		jw_write(w, "true", 4);
	else
		jw_write(w, "false", 5);
}

/* Bytes jstr escapes: controls, '"', '\\', DEL. */
static const unsigned char jesc[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

static int
plain(unsigned char c)
{
	return !jesc[c];
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORDS	1	/* jstr checks 8 bytes at a time */
#else
#define WORDS	0
#endif

/*
 * Of 8 bytes (the first in the low byte), the high bit of each that jstr
 * escapes (below 0x20, '"', '\\', DEL); bytes 0x80 and up are plain
 * (UTF-8 passes through).  A bit may also be set above such a byte, never
 * below one, so a word without one gives 0 and a mask of the low bytes
 * keeps exactly what they say.
 */
static inline uint64_t
word_escapes(uint64_t v)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\'),
	    d = v ^ (ones * 0x7f);

	return (((v - ones * 0x20) & ~v) | ((q - ones) & ~q) |
	    ((b - ones) & ~b) | ((d - ones) & ~d)) & high;
}

/*
 * A JSON string: tens of MB at 10,000 vhosts, so the bytes are checked
 * and copied eight at a time into the buffer, escapes written there too.
 */
static void
jstr(struct jw *f, const char *s)
{
	size_t len, i;
	char *o;

	if (s == NULL) {
		jw_write(f, "null", 4);
		return;
	}
	len = strlen(s);
	if (!jw_room(f, len * 6 + 2)) {
		/* longer than the buffer: a byte at a time through it */
		jw_putc(f, '"');
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			char e[8];

			if (!jesc[c])
				jw_putc(f, (char)c);
			else {
				snprintf(e, sizeof(e), c == '"' || c == '\\' ?
				    "\\%c" : c == '\n' ? "\\n" : c == '\t' ?
				    "\\t" : "\\u%04x", c);
				jw_puts(f, e);
			}
		}
		jw_putc(f, '"');
		return;
	}
	o = f->buf + f->n;
	*o++ = '"';
	i = 0;
	while (i < len) {
		unsigned char c;

		if (WORDS && len - i >= 8) {
			uint64_t v;

			memcpy(&v, s + i, 8);
			if (word_escapes(v) == 0) {
				memcpy(o, &v, 8);
				o += 8;
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i++];
		if (!jesc[c])
			*o++ = (char)c;
		else if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c == '\n' || c == '\t') {
			*o++ = '\\';
			*o++ = c == '\n' ? 'n' : 't';
		} else {
			static const char hex[] = "0123456789abcdef";

			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		}
	}
	*o++ = '"';
	f->n = (size_t)(o - f->buf);
}

/*
 * Names and words of the tree are mostly shared strings (the table's
 * spelling of a name, the words of identical lines): their JSON is kept
 * by address in a direct-mapped memo, so each is escaped once.
 */
#define JMEMO	4096	/* slots, a power of two */

struct jmemo {
	const char	*s;
	uint32_t	 len;
	char		 out[68];	/* longer ones are escaped each time */
};

static void
jstr_memo(struct jw *f, struct jmemo *m, const char *s)
{
	struct jmemo *e;
	size_t start;
	unsigned long flushes;

	if (m == NULL || s == NULL) {
		jstr(f, s);
		return;
	}
	e = &m[((uintptr_t)s >> 3 ^ (uintptr_t)s >> 15) & (JMEMO - 1)];
	if (e->s == s) {
		jw_write(f, e->out, e->len);
		return;
	}
	start = f->n;
	flushes = f->flushes;
	jstr(f, s);
	/* kept when it went to the buffer in one piece and is short */
	if (f->flushes == flushes && f->n - start <= sizeof(e->out)) {
		e->s = s;
		e->len = (uint32_t)(f->n - start);
		memcpy(e->out, f->buf + start, e->len);
	}
}

/*
 * "file":"PATH","line": for every node repeats a few paths thousands of
 * times: each file's escaped prefix is made once (per dump) and reused.
 */
static struct {
	const struct pf_run *run;
	char		**pre;
	size_t		*len;
	size_t		 n;
} fcache;

static void
fcache_reset(const struct pf_run *run)
{
	size_t i;

	for (i = 0; i < fcache.n; i++)
		free(fcache.pre[i]);
	free(fcache.pre);
	free(fcache.len);
	fcache.pre = NULL;
	fcache.len = NULL;
	fcache.n = 0;
	fcache.run = run;
}

static const char *
path_of(struct pf_run *run, uint32_t file)
{
	const struct pf_source *s = pf_source_get(run, file);

	return s != NULL ? s->path : NULL;
}

/* "file":"PATH","line": with PATH escaped as jstr does (malloc'd). */
static char *
file_prefix(const char *path)
{
	size_t n = 0;
	const char *p;
	char *b, *o;

	/* sized exactly: a tree of 10,000 vhosts has 20,000 sources, and
	 * a malloc shrunk by realloc leaves its tail unused */
	for (p = path; p != NULL && *p != '\0'; p++)
		n += plain((unsigned char)*p) ? 1 : *p == '"' || *p == '\\' ||
		    *p == '\n' || *p == '\t' ? 2 : 6;
	b = o = pf_xmalloc(32 + n);

	memcpy(o, "\"file\":", 7);
	o += 7;
	if (path == NULL) {
		memcpy(o, "null", 4);
		o += 4;
	} else {
		*o++ = '"';
		for (; *path != '\0'; path++) {
			unsigned char c = (unsigned char)*path;

			if (plain(c))
				*o++ = (char)c;
			else if (c == '"' || c == '\\') {
				*o++ = '\\';
				*o++ = (char)c;
			} else if (c == '\n' || c == '\t') {
				*o++ = '\\';
				*o++ = c == '\n' ? 'n' : 't';
			} else
				o += snprintf(o, 7, "\\u%04x", c);
		}
		*o++ = '"';
	}
	memcpy(o, ",\"line\":", 9);	/* with its NUL */
	return b;
}

static void
jloc(struct jw *f, struct pf_run *run, struct pf_loc l)
{
	uint32_t v = l.line;

	if (l.file < run->sources.n && fcache.run == run) {
		if (l.file >= fcache.n) {
			size_t nn = run->sources.n, i;

			fcache.pre = pf_xrealloc(fcache.pre, nn *
			    sizeof(char *));
			fcache.len = pf_xrealloc(fcache.len, nn *
			    sizeof(size_t));
			for (i = fcache.n; i < nn; i++)
				fcache.pre[i] = NULL;
			fcache.n = nn;
		}
		if (fcache.pre[l.file] == NULL) {
			fcache.pre[l.file] = file_prefix(path_of(run,
			    l.file));
			fcache.len[l.file] = strlen(fcache.pre[l.file]);
		}
		jw_write(f, fcache.pre[l.file], fcache.len[l.file]);
		jw_uint(f, v);
		return;
	}
	jw_puts(f, "\"file\":");
	jstr(f, path_of(run, l.file));
	jw_printf(f, ",\"line\":%u", l.line);
}

static void
jsval(struct jw *f, struct pf_run *run, const char *key, struct pf_sval v)
{
	jw_putc(f, '"');
	jw_puts(f, key);
	jw_write(f, "\":", 2);
	if (v.s == NULL) {
		jw_puts(f, "null");
		return;
	}
	jw_puts(f, "{\"value\":");
	jstr(f, v.s);
	jw_putc(f, ',');
	jloc(f, run, v.loc);
	jw_putc(f, '}');
}

static void
jival(struct jw *f, struct pf_run *run, const char *key, struct pf_ival v)
{
	jw_putc(f, '"');
	jw_puts(f, key);
	jw_write(f, "\":", 2);
	if (!v.set) {
		jw_puts(f, "null");
		return;
	}
	jw_puts(f, "{\"value\":");
	jw_int(f, v.v);
	jw_putc(f, ',');
	jloc(f, run, v.loc);
	jw_putc(f, '}');
}

static const char *const route_kinds[PF_ROUTE_KIND_MAX] = {
	"sethandler", "addhandler", "proxypass", "proxypassmatch",
	"rewrite-proxy", "rewrite-handler", "action",
};

static void
jnames(struct jw *f, const char *key, const struct pf_svec *v)
{
	size_t i;

	jw_printf(f, ",\"%s\":[", key);
	for (i = 0; i < v->n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, v->v[i].s);
	}
	jw_putc(f, ']');
}

/* The effective UserDir settings (model/apache.h pf_userdir). */
static void
juserdir(struct jw *f, struct pf_run *run, const struct pf_userdir *u)
{
	static const char *const glob[] = { "default", "enabled", "disabled" };
	int i;

	jw_puts(f, ",\"userdir\":{\"targets\":");
	if (u->targets != NULL) {
		jw_puts(f, "{\"value\":[");
		for (i = 0; i < u->targets->argc; i++) {
			if (i)
				jw_putc(f, ',');
			jstr(f, u->targets->argv[i]);
		}
		jw_puts(f, "],");
		jloc(f, run, u->targets->loc);
		jw_putc(f, '}');
	} else
		jw_puts(f, "null");
	jw_puts(f, ",\"global\":");
	if (u->global_node != NULL) {
		jw_puts(f, "{\"value\":");
		jstr(f, glob[u->global]);
		jw_putc(f, ',');
		jloc(f, run, u->global_node->loc);
		jw_putc(f, '}');
	} else
		jw_puts(f, "null");
	jnames(f, "enabled", &u->enabled);
	jnames(f, "disabled", &u->disabled);
	jw_putc(f, '}');
}

static void
jvhost(struct jw *f, struct pf_run *run, const struct pf_vhost *vh)
{
	size_t i;

	jw_puts(f, "{");
	if (vh->node != NULL) {
		const struct pf_loc *u = pf_node_use(vh->node);

		jloc(f, run, vh->loc);
		jw_putc(f, ',');
		if (u != NULL) {
			jw_puts(f, "\"use\":{");
			jloc(f, run, *u);
			jw_puts(f, "},");
		}
	}
	jsval(f, run, "server_name", vh->server_name);
	jw_puts(f, ",\"aliases\":[");
	for (i = 0; i < vh->aliases.n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, vh->aliases.v[i].s);
	}
	jw_puts(f, "],");
	jsval(f, run, "document_root", vh->document_root);
	jw_puts(f, ",\"access_file_names\":[");
	for (i = 0; i < vh->access_names.n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, vh->access_names.v[i].s);
	}
	jw_putc(f, ']');
	jw_puts(f, ",\"alias_map\":[");
	for (i = 0; i < vh->alias_map.n; i++) {
		const struct pf_alias *a = &vh->alias_map.v[i];

		jw_puts(f, i ? ",{\"url\":" : "{\"url\":");
		jstr(f, a->url);
		jw_puts(f, ",\"path\":");
		jstr(f, a->path);
		jw_puts(f, ",\"regex\":");
		jw_bool(f, a->regex);
		jw_puts(f, ",\"script\":");
		jw_bool(f, a->script);
		jw_putc(f, ',');
		jloc(f, run, a->node->loc);
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"routes\":[");
	for (i = 0; i < vh->routes.n; i++) {
		const struct pf_route *r = &vh->routes.v[i];

		jw_puts(f, i ? ",{\"kind\":\"" : "{\"kind\":\"");
		jw_puts(f, route_kinds[r->kind]);
		jw_write(f, "\",", 2);
		jloc(f, run, r->node->loc);
		jw_puts(f, ",\"pattern\":");
		jstr(f, r->pattern);
		jw_puts(f, ",\"target\":");
		jstr(f, r->target);
		jw_puts(f, ",\"flags\":");
		jstr(f, r->flags);
		jw_puts(f, ",\"section\":");
		if (r->section != NULL) {
			jw_puts(f, "{\"name\":");
			jstr(f, r->section->name);
			jw_puts(f, ",\"args\":");
			jstr(f, r->section->raw);
			jw_putc(f, ',');
			jloc(f, run, r->section->loc);
			jw_putc(f, '}');
		} else
			jw_puts(f, "null");
		jw_puts(f, ",\"file_check\":");
		jw_bool(f, r->file_check);
		jw_puts(f, ",\"inactive\":");
		jw_bool(f, r->inactive);
		jw_puts(f, ",\"backend\":{\"socket\":");
		jstr(f, r->backend.socket);
		jw_puts(f, ",\"host\":");
		jstr(f, r->backend.host);
		jw_puts(f, ",\"port\":");
		jw_int(f, r->backend.port);
		jw_puts(f, ",\"worker\":");
		jstr(f, r->backend.worker);
		jw_puts(f, ",\"path\":");
		jstr(f, r->backend.path);
		jw_puts(f, ",\"balancer\":");
		jstr(f, r->backend.balancer);
		jw_puts(f, "},\"action\":");
		if (r->action != NULL) {
			jw_putc(f, '{');
			jloc(f, run, r->action->loc);
			jw_putc(f, '}');
		} else
			jw_puts(f, "null");
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"upload_dirs\":[");
	for (i = 0; i < vh->upload_dirs.n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, vh->upload_dirs.v[i].s);
	}
	jw_putc(f, ']');
	juserdir(f, run, &vh->userdir);
	jw_putc(f, ',');
	jival(f, run, "timeout", vh->timeout);
	jw_putc(f, ',');
	jival(f, run, "proxy_timeout", vh->proxy_timeout);
	jw_putc(f, '}');
}

static void
jaddrs(struct jw *f, const struct pf_vhost *vh)
{
	size_t i;

	jw_puts(f, "\"addresses\":[");
	for (i = 0; i < vh->addrs.n; i++) {
		jw_puts(f, i ? ",\"" : "\"");
		jw_puts(f, vh->addrs.v[i].host);
		if (vh->addrs.v[i].port) {
			jw_putc(f, ':');
			jw_int(f, vh->addrs.v[i].port);
		} else
			jw_puts(f, ":*");
		jw_putc(f, '"');
	}
	jw_puts(f, "],");
}

/* The JSON array of a node's flags into buf (room for 160 bytes);
 * returns its length. */
static size_t
flags_json(char *buf, unsigned fl)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ PF_NODE_SECTION, "section" },
		{ PF_NODE_INACTIVE, "inactive" },
		{ PF_NODE_HTACCESS, "htaccess" },
		{ PF_NODE_MACRO, "macro" },
		{ PF_NODE_COND, "conditional" },
		{ PF_NODE_READ, "read-time" },
		{ PF_NODE_UNKNOWN, "unknown" },
		{ PF_NODE_FORBIDDEN, "forbidden" },
		{ PF_NODE_IGNORED, "ignored" },
	};
	size_t i, n = 0;
	int first = 1;

	buf[n++] = '[';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fl & names[i].bit) {
			size_t k = strlen(names[i].name);

			if (!first)
				buf[n++] = ',';
			buf[n++] = '"';
			memcpy(buf + n, names[i].name, k);
			n += k;
			buf[n++] = '"';
			first = 0;
		}
	buf[n++] = ']';
	return n;
}

/*
 * The nodes of the tree from start up to stop (in document order; NULL:
 * to the end), as the one walk over the whole tree writes them: a node
 * opens with a comma unless it is the first of its siblings, and the
 * brackets closed on the way up to stop are this piece's.  memo: the
 * caller's (NULL: none).
 */
static void
jtree_part(struct jw *f, struct pf_run *run, const struct pf_node *root,
    const struct pf_node *start, const struct pf_node *stop,
    struct jmemo *memo)
{
	const struct pf_node *n = start;
	int first = n != NULL && n->parent->child == n;
	unsigned lastfl = ~0u;	/* neighbours mostly share their flags */
	char fbuf[160];
	size_t flen = 0;

	while (n != NULL && n != stop) {
		int i;

		jw_puts(f, first ? "{\"name\":" : ",{\"name\":");
		jstr_memo(f, memo, n->name);
		jw_puts(f, ",\"args\":[");
		for (i = 0; i < n->argc; i++) {
			if (i)
				jw_putc(f, ',');
			jstr_memo(f, memo, n->argv[i]);
		}
		jw_puts(f, "],");
		jloc(f, run, n->loc);
		jw_puts(f, ",\"col\":");
		jw_uint(f, n->loc.col);
		jw_puts(f, ",\"flags\":");
		if (n->flags != lastfl) {
			lastfl = n->flags;
			flen = flags_json(fbuf, n->flags);
		}
		jw_write(f, fbuf, flen);
		if (pf_node_use(n) != NULL) {
			const struct pf_loc *u = pf_node_use(n);

			jw_puts(f, ",\"use\":{");
			jloc(f, run, *u);
			jw_putc(f, '}');
		}
		if (n->child != NULL) {
			jw_puts(f, ",\"children\":[");
			first = 1;
			n = n->child;
			continue;
		}
		jw_putc(f, '}');
		first = 0;
		while (n != root && n->next == NULL) {
			n = n->parent;
			if (n != root)
				jw_puts(f, "]}");
		}
		n = n == root ? NULL : n->next;
	}
}

/*
 * The JSON dump in pieces, each written by one of these in order:
 * everything before the vhosts, a range of vhosts, a range of workers
 * (the first opens the array), a part of the tree (the first opens it,
 * the last closes the document).
 */
enum { DC_HEAD, DC_VHOSTS, DC_WORKERS, DC_TREE };

struct dchunk {
	int		 kind;
	size_t		 a, b;		/* DC_VHOSTS, DC_WORKERS: [a, b) */
	const struct pf_node *start, *stop;	/* DC_TREE (jtree_part) */
	int		 first, last;
	uint32_t	 cur;		/* text: the file of the node before */
	int		 depth;		/* text: start's depth */
	struct jw	 out;		/* made on another thread: the bytes */
	int		 done;
};

static void
json_head(struct pf_run *run, struct jw *f, const struct pf_apache *ap)
{
	size_t i;

	jw_puts(f, "{\"schema\":\"proxyfpm-dump-httpd/1\",\"config\":");
	jstr(f, ap->config);
	jw_puts(f, ",\"server_root\":");
	jstr(f, ap->server_root);
	jw_puts(f, ",\"version\":");
	jstr(f, ap->version);
	jw_puts(f, ",\"mpm\":");
	jstr(f, ap->mpm.s);
	jw_puts(f, ",\"modules\":[");
	for (i = 0; i < ap->modules.n; i++) {
		if (i)
			jw_putc(f, ',');
		jstr(f, ap->modules.v[i].s);
	}
	jw_puts(f, "],\"defines\":[");
	for (i = 0; i < ap->defines.n; i++) {
		const char *d = ap->defines.v[i].s, *eq = strchr(d, '=');

		jw_printf(f, "%s{\"name\":", i ? "," : "");
		if (eq != NULL) {
			jw_printf(f, "\"%.*s\"", (int)(eq - d), d);
			jw_puts(f, ",\"value\":");
			jstr(f, eq + 1);
		} else {
			jstr(f, d);
			jw_puts(f, ",\"value\":null");
		}
		/* a -D the distribution's service passes (Gentoo's
		 * APACHE2_OPTS, SUSE's sysconfig): where it is set */
		if (ap->defines.v[i].loc.file != 0) {
			jw_puts(f, ",\"from\":{\"file\":");
			jstr(f, path_of(run, ap->defines.v[i].loc.file));
			jw_puts(f, ",\"line\":");
			jw_uint(f, ap->defines.v[i].loc.line);
			jw_putc(f, '}');
		}
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"files\":[");
	for (i = 0; i < ap->files.n; i++) {
		const struct pf_source *s = pf_source_get(run, ap->files.v[i]);
		unsigned depth = 0;
		struct pf_loc l = s->included_from;

		while (l.file != 0 && depth < 1000) {
			depth++;
			l = pf_source_get(run, l.file)->included_from;
		}
		jw_puts(f, i ? ",{\"path\":" : "{\"path\":");
		jstr(f, s->path);
		jw_puts(f, ",\"depth\":");
		jw_uint(f, depth);
		jw_puts(f, ",\"included_from\":");
		if (s->included_from.file != 0) {
			jw_putc(f, '{');
			jloc(f, run, s->included_from);
			jw_putc(f, '}');
		} else
			jw_puts(f, "null");
		jw_putc(f, '}');
	}
	jw_puts(f, "],\"server\":{");
	jival(f, run, "timeout", ap->timeout);
	jw_putc(f, ',');
	jival(f, run, "proxy_timeout", ap->proxy_timeout);
	jw_putc(f, ',');
	jival(f, run, "keepalive", ap->keepalive);
	jw_putc(f, ',');
	jsval(f, run, "user", ap->user);
	jw_putc(f, ',');
	jsval(f, run, "group", ap->group);
	jw_putc(f, ',');
	jival(f, run, "server_limit", ap->server_limit);
	jw_putc(f, ',');
	jival(f, run, "threads_per_child", ap->threads_per_child);
	jw_putc(f, ',');
	jival(f, run, "thread_limit", ap->thread_limit);
	jw_putc(f, ',');
	jival(f, run, "max_request_workers", ap->max_request_workers);
	jw_putc(f, ',');
	jival(f, run, "start_servers", ap->start_servers);
	jw_putc(f, ',');
	jival(f, run, "min_spare", ap->min_spare);
	jw_putc(f, ',');
	jival(f, run, "max_spare", ap->max_spare);
	jw_putc(f, ',');
	jival(f, run, "max_connections_per_child",
	    ap->max_connections_per_child);
	jw_putc(f, ',');
	jsval(f, run, "access_file_name", ap->access_file_name);
	jw_puts(f, "},\"main\":");
	jvhost(f, run, &ap->main);
	jw_puts(f, ",\"vhosts\":[");
}

static void
json_chunk(struct pf_run *run, struct jw *f, const struct pf_apache *ap,
    const struct dchunk *c, struct jmemo *memo)
{
	size_t i;

	switch (c->kind) {
	case DC_HEAD:
		json_head(run, f, ap);
		break;
	case DC_VHOSTS:
		for (i = c->a; i < c->b; i++) {
			const struct pf_vhost *vh = ap->vhosts.v[i];

			jw_puts(f, i ? ",{" : "{");
			jaddrs(f, vh);
			jw_puts(f, "\"vhost\":");
			jvhost(f, run, vh);
			jw_putc(f, '}');
		}
		break;
	case DC_WORKERS:
		if (c->first)
			jw_puts(f, "],\"workers\":[");
		for (i = c->a; i < c->b; i++) {
			const struct pf_worker *w = ap->workers.v[i];
			size_t k;

			jw_puts(f, i ? ",{\"name\":" : "{\"name\":");
			jstr(f, w->name);
			jw_puts(f, ",\"key\":");
			jstr(f, w->key);
			jw_puts(f, ",\"socket\":");
			jstr(f, w->socket);
			jw_puts(f, ",\"balancer\":");
			jstr(f, w->balancer);
			jw_putc(f, ',');
			jloc(f, run, w->loc);
			jw_puts(f, ",\"params\":[");
			for (k = 0; k < w->params.n; k++) {
				if (k)
					jw_putc(f, ',');
				jstr(f, w->params.v[k].s);
			}
			jw_puts(f, "]}");
		}
		break;
	case DC_TREE:
		if (c->first)
			jw_puts(f, "],\"tree\":[");
		jtree_part(f, run, ap->root, c->start, c->stop, memo);
		if (c->last)
			jw_puts(f, "]}\n");
		break;
	}
}

/* ---- Two cores ----------------------------------------------------------
 *
 * At 10,000 vhosts the JSON is 64 MB, and writing it took a fifth of
 * dump's time on one core.  With a second CPU the document is cut into
 * pieces of about the same size, both threads take them in order, and
 * the main thread writes each as soon as those before it are out.  It
 * writes a piece straight into the output when it takes the next one to
 * be written; the helper's pieces wait in memory, at most AHEAD pieces
 * past the last written, so memory stays a few MB over the sequential
 * walk.  The bytes are the same either way (json_chunk() writes every
 * piece).
 */
#define PIECE_NODES	4096	/* tree nodes a piece */
#define PIECE_VHOSTS	256
#define PIECE_WORKERS	1024
#define AHEAD		6
#define PAR_MIN_NODES	20000	/* below: one thread */

/* Pieces of this many nodes, vhosts or workers: PF_DUMP_PIECES=N for
 * the tests (with two CPUs, any tree is then cut into pieces of N, so
 * every kind of boundary is crossed on a small tree); 0: the sizes
 * above. */
static size_t
piece_override(void)
{
	const char *e = getenv("PF_DUMP_PIECES");
	long v = e != NULL ? strtol(e, NULL, 10) : 0;

	return v > 0 && v < 1000000 ? (size_t)v : 0;
}

typedef void chunk_fn(struct pf_run *, struct jw *, const struct pf_apache *,
    const struct dchunk *, struct jmemo *);
static chunk_fn text_chunk;

struct dpar {
	chunk_fn	*fmt;
	struct pf_run	*run;
	const struct pf_apache *ap;
	struct dchunk	*c;
	size_t		 n, next, written;
	/* buffers of written pieces, for the next ones (a fresh malloc of
	 * a MB is fresh pages from the kernel each time) */
	struct jw	 spare[AHEAD + 2];
	size_t		 nspare;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

/* A buffer for a piece: a spare one or a new one (called locked). */
static void
piece_buffer(struct dpar *p, struct jw *o)
{
	if (p->nspare > 0) {
		*o = p->spare[--p->nspare];
		o->n = 0;
		return;
	}
	memset(o, 0, sizeof(*o));
	o->cap = 1024 * 1024;
	o->buf = pf_xmalloc(o->cap);
}

static void *
dpar_helper(void *arg)
{
	struct dpar *p = arg;
	struct jmemo *memo = calloc(JMEMO, sizeof(*memo));	/* or none */

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t i;

		while (p->next < p->n && p->next >= p->written + AHEAD)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->next >= p->n)
			break;
		i = p->next++;
		piece_buffer(p, &p->c[i].out);
		pthread_mutex_unlock(&p->mu);
		p->fmt(p->run, &p->c[i].out, p->ap, &p->c[i], memo);
		pthread_mutex_lock(&p->mu);
		p->c[i].done = 1;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	free(memo);
	return NULL;
}

/* Every source's "file":"PATH","line": made now, so that both threads
 * only read the cache. */
static void
fcache_fill(struct pf_run *run)
{
	size_t i;

	if (run->sources.n == 0)
		return;
	fcache.pre = pf_xrealloc(fcache.pre, run->sources.n * sizeof(char *));
	fcache.len = pf_xrealloc(fcache.len, run->sources.n * sizeof(size_t));
	for (i = fcache.n; i < run->sources.n; i++) {
		fcache.pre[i] = file_prefix(path_of(run, (uint32_t)i));
		fcache.len[i] = strlen(fcache.pre[i]);
	}
	fcache.n = run->sources.n;
}

static int
two_cpus(void)
{
	cpu_set_t cpus;

	return sched_getaffinity(0, sizeof(cpus), &cpus) != 0 ||
	    CPU_COUNT(&cpus) >= 2;
}

/* The pieces (cut as described above) into *out; returns their count,
 * and the tree's in *nodes. */
static size_t
dump_pieces(const struct pf_apache *ap, int json, struct dchunk **out,
    size_t *nodes, size_t every)
{
	struct dchunk *c = NULL;
	size_t n = 0, cap = 0, i, k;
	const struct pf_node *t, *root = ap->root;
	uint32_t cur = 0;
	int depth = 0;
	size_t pv = every ? every : PIECE_VHOSTS, pw = every ? every :
	    PIECE_WORKERS, pn = every ? every : PIECE_NODES;

#define ADD(...)	do {						\
	if (n == cap) {							\
		cap = cap ? cap * 2 : 64;				\
		c = pf_xrealloc(c, cap * sizeof(*c));			\
	}								\
	memset(&c[n], 0, sizeof(c[n]));					\
	c[n] = (struct dchunk){ __VA_ARGS__ };				\
	n++;								\
} while (0)
	ADD(.kind = DC_HEAD);
	for (i = 0; json && i < ap->vhosts.n; i += pv)
		ADD(.kind = DC_VHOSTS, .a = i, .b = i + pv < ap->vhosts.n ?
		    i + pv : ap->vhosts.n);
	i = 0;
	do {
		if (!json)
			break;
		ADD(.kind = DC_WORKERS, .a = i, .b = i + pw < ap->workers.n ?
		    i + pw : ap->workers.n, .first = i == 0);
		i += pw;
	} while (i < ap->workers.n);
	/* the tree in document order, a piece every PIECE_NODES nodes */
	ADD(.kind = DC_TREE, .start = root->child, .first = 1);
	for (t = root->child, k = 0; t != NULL; k++) {
		if (k > 0 && k % pn == 0) {
			c[n - 1].stop = t;
			ADD(.kind = DC_TREE, .start = t, .cur = cur,
			    .depth = depth);
		}
		if (t->loc.file != 0)
			cur = t->loc.file;
		if (t->child != NULL) {
			t = t->child;
			depth++;
			continue;
		}
		while (t != root && t->next == NULL) {
			t = t->parent;
			depth--;
		}
		t = t == root ? NULL : t->next;
	}
	c[n - 1].last = 1;
#undef ADD
	*out = c;
	*nodes = k;
	return n;
}

/* The JSON (json) or text dump, on two threads when it pays. */
static int
dump_all(struct pf_run *run, struct jw *f, const struct pf_apache *ap,
    int json)
{
	chunk_fn *fmt = json ? json_chunk : text_chunk;
	struct dchunk *c;
	struct dpar p;
	struct jmemo *memo = calloc(JMEMO, sizeof(*memo));	/* or none */
	size_t n, i, nodes, every = piece_override();
	pthread_t thr;
	int par;

	n = dump_pieces(ap, json, &c, &nodes, every);
	par = (nodes >= PAR_MIN_NODES || every > 0) && two_cpus();
	memset(&p, 0, sizeof(p));
	if (par) {
		if (json)
			fcache_fill(run);
		p.fmt = fmt;
		p.run = run;
		p.ap = ap;
		p.c = c;
		p.n = n;
		if (pthread_mutex_init(&p.mu, NULL) != 0)
			par = 0;
		else if (pthread_cond_init(&p.cv, NULL) != 0) {
			pthread_mutex_destroy(&p.mu);
			par = 0;
		} else if (pthread_create(&thr, NULL, dpar_helper, &p) != 0) {
			pthread_cond_destroy(&p.cv);
			pthread_mutex_destroy(&p.mu);
			par = 0;
		}
	}
	if (!par) {
		for (i = 0; i < n; i++)
			fmt(run, f, ap, &c[i], memo);
		free(c);
		free(memo);
		return f->err ? -1 : 0;
	}
	/*
	 * The main thread: write what is done, in order; take the next
	 * piece (straight into the output when it is the next to be
	 * written); wait when neither can be done.
	 */
	pthread_mutex_lock(&p.mu);
	while (p.written < p.n) {
		if (p.c[p.written].done) {
			struct jw *o = &p.c[p.written].out;

			pthread_mutex_unlock(&p.mu);
			jw_flush(f);
			if (o->n > 0 && fwrite(o->buf, 1, o->n, f->f) != o->n)
				f->err = 1;
			pthread_mutex_lock(&p.mu);
			if (p.nspare < AHEAD + 2)
				p.spare[p.nspare++] = *o;
			else
				free(o->buf);
			o->buf = NULL;
			p.written++;
			pthread_cond_broadcast(&p.cv);
			continue;
		}
		if (p.next < p.n && p.next < p.written + AHEAD) {
			size_t k = p.next++;
			int direct = k == p.written;

			if (!direct)
				piece_buffer(&p, &p.c[k].out);
			pthread_mutex_unlock(&p.mu);
			fmt(run, direct ? f : &p.c[k].out, ap, &p.c[k], memo);
			pthread_mutex_lock(&p.mu);
			if (direct) {
				p.written++;
				pthread_cond_broadcast(&p.cv);
			} else
				p.c[k].done = 1;
			continue;
		}
		pthread_cond_wait(&p.cv, &p.mu);
	}
	pthread_mutex_unlock(&p.mu);
	pthread_join(thr, NULL);
	while (p.nspare > 0)
		free(p.spare[--p.nspare].buf);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	free(c);
	free(memo);
	return f->err ? -1 : 0;
}

static void
jw_indent(struct jw *w, int n)
{
	for (; n > 0; n--)
		jw_putc(w, ' ');
}

/* Text: a "# file" header each time the file changes, with its chain.
 * Through the same buffer as JSON (fprintf per node costs more than the
 * reading). */
/* "# UserDir ..." for a server with UserDir lines: what applies after
 * the merge (the main server's, or a vhost's own lines merged). */
static void
dump_text_userdir(struct pf_run *run, struct jw *f, const struct pf_vhost *v,
    const char *label)
{
	static const char *const glob[] = { "", " enabled", " disabled" };
	const struct pf_userdir *u = &v->userdir;
	size_t i;
	int j;

	if (u->targets == NULL && u->global_node == NULL &&
	    u->enabled.n == 0 && u->disabled.n == 0)
		return;
	jw_printf(f, "# UserDir (%s%s%s):", label, v->node != NULL ? ", " : "",
	    v->node != NULL ? path_of(run, v->loc.file) : "");
	if (u->targets != NULL) {
		for (j = 0; j < u->targets->argc; j++)
			jw_printf(f, " %s", u->targets->argv[j]);
		jw_printf(f, " (%s:%u)", path_of(run, u->targets->loc.file),
		    u->targets->loc.line);
	} else
		jw_puts(f, " none");
	if (u->global_node != NULL)
		jw_printf(f, ";%s (%s:%u)", glob[u->global],
		    path_of(run, u->global_node->loc.file),
		    u->global_node->loc.line);
	if (u->enabled.n > 0) {
		jw_puts(f, "; enabled for");
		for (i = 0; i < u->enabled.n; i++)
			jw_printf(f, " %s", u->enabled.v[i].s);
	}
	if (u->disabled.n > 0) {
		jw_puts(f, "; disabled for");
		for (i = 0; i < u->disabled.n; i++)
			jw_printf(f, " %s", u->disabled.v[i].s);
	}
	jw_putc(f, '\n');
}

static void
text_head(struct pf_run *run, struct jw *f, const struct pf_apache *ap)
{
	size_t k;

	jw_printf(f, "# httpd %s, ServerRoot %s, Apache %s, MPM %s\n",
	    ap->config, ap->server_root, ap->version,
	    ap->mpm.s ? ap->mpm.s : "?");
	/* the -D the distribution's service passes, and from where */
	for (k = 0; k < ap->defines.n; k++) {
		const struct pf_sval *d = &ap->defines.v[k];

		if (d->loc.file == 0)
			continue;
		/* line 0: the file's presence (SUSE's -DSYSCONFIG) */
		if (d->loc.line != 0)
			jw_printf(f, "# -D %s (%s:%u)\n", d->s,
			    path_of(run, d->loc.file), d->loc.line);
		else
			jw_printf(f, "# -D %s (%s)\n", d->s,
			    path_of(run, d->loc.file));
	}
	dump_text_userdir(run, f, &ap->main, "main server");
	for (k = 0; k < ap->vhosts.n; k++)
		if (ap->vhosts.v[k]->userdir.own)
			dump_text_userdir(run, f, ap->vhosts.v[k],
			    ap->vhosts.v[k]->server_name.s != NULL ?
			    ap->vhosts.v[k]->server_name.s : "vhost");
}

/* The tree's lines from c->start up to c->stop, as jtree_part() cuts
 * them: cur is the file whose "# file" header was written last, depth
 * the indentation of start. */
static void
text_tree_part(struct pf_run *run, struct jw *f, const struct pf_apache *ap,
    const struct dchunk *c)
{
	const struct pf_node *n = c->start;
	uint32_t cur = c->cur;
	int depth = c->depth;
	const char *path = "-";
	size_t plen = 1;

	while (n != NULL && n != c->stop) {
		int i;

		if (n->loc.file != cur && n->loc.file != 0) {
			const struct pf_source *s = pf_source_get(run,
			    n->loc.file);
			struct pf_loc l = s->included_from;

			cur = n->loc.file;
			jw_puts(f, "# ");
			jw_puts(f, s->path);
			while (l.file != 0) {
				const struct pf_source *p = pf_source_get(run,
				    l.file);

				jw_puts(f, " <- ");
				jw_puts(f, p->path);
				jw_putc(f, ':');
				jw_uint(f, l.line);
				l = p->included_from;
			}
			jw_putc(f, '\n');
		}
		if (path_of(run, n->loc.file) != NULL) {
			path = path_of(run, n->loc.file);
			plen = strlen(path);
		} else {
			path = "-";
			plen = 1;
		}
		jw_write(f, path, plen);
		jw_putc(f, ':');
		jw_uint(f, n->loc.line);
		jw_write(f, ":\t", 2);
		jw_indent(f, depth * 2);
		if (n->flags & PF_NODE_INACTIVE)
			jw_puts(f, "#(inactive) ");
		if (n->flags & PF_NODE_SECTION)
			jw_putc(f, '<');
		jw_puts(f, n->name);
		for (i = 0; i < n->argc; i++) {
			jw_putc(f, ' ');
			jw_puts(f, n->argv[i]);
		}
		jw_puts(f, (n->flags & PF_NODE_SECTION) ? ">\n" : "\n");
		if (n->child != NULL) {
			n = n->child;
			depth++;
			continue;
		}
		while (n != ap->root && n->next == NULL) {
			n = n->parent;
			if (n != ap->root) {
				/* FILE:LINE of the opening, so that every
				 * line is located and grep finds the pair */
				const char *op = path_of(run, n->loc.file);

				depth--;
				if (op == NULL)
					op = "-";
				jw_puts(f, op);
				jw_putc(f, ':');
				jw_uint(f, n->loc.line);
				jw_write(f, ":\t", 2);
				jw_indent(f, depth * 2);
				if (n->flags & PF_NODE_INACTIVE)
					jw_puts(f, "#(inactive) ");
				jw_write(f, "</", 2);
				jw_puts(f, n->name);
				jw_write(f, ">\n", 2);
			}
		}
		n = n == ap->root ? NULL : n->next;
	}
}

static void
text_chunk(struct pf_run *run, struct jw *f, const struct pf_apache *ap,
    const struct dchunk *c, struct jmemo *memo)
{
	(void)memo;
	if (c->kind == DC_HEAD)
		text_head(run, f, ap);
	else
		text_tree_part(run, f, ap, c);
}

int
pf_httpd_dump(struct pf_run *run, FILE *f, int json)
{
	const struct pf_apache *ap = pf_model_get(run)->apache;

	struct jw w;
	int rc;

	if (ap == NULL)
		return -1;
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.cap = 64 * 1024;
	w.buf = pf_xmalloc(w.cap);
	if (json) {
		fcache_reset(run);
		rc = dump_all(run, &w, ap, 1);
		fcache_reset(NULL);
	} else
		rc = dump_all(run, &w, ap, 0);
	jw_flush(&w);
	free(w.buf);
	return rc < 0 || w.err || ferror(f) ? -1 : 0;
}
