/*
 * run.c - sources, diagnostics and file reading for one run (see run.h).
 */
#include "model/run.h"
#include "model/buf.h"
#include "model/redact.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const sev_names[PF_SEV_MAX] = {
	"note", "warning", "error", "info", "low", "medium", "high", "critical",
};

const char *
pf_sev_name(enum pf_severity s)
{
	return (unsigned)s < PF_SEV_MAX ? sev_names[s] : NULL;
}

int
pf_sev_parse(const char *s)
{
	int i;

	for (i = 0; i < PF_SEV_MAX; i++)
		if (strcasecmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

int
pf_sev_is_finding(enum pf_severity s)
{
	return s >= PF_SEV_INFO && s < PF_SEV_MAX;
}

/*
 * Path -> first source id, open addressing, filled lazily up to
 * sources.n: the rules look sources up once per pool and a tree of
 * 10,000 vhosts has as many files.
 */
struct pf_src_index {
	uint32_t	*slot;		/* source id, 0 = empty */
	size_t		 cap;		/* power of two */
	size_t		 done;		/* sources.v[1..done) are indexed */
};

struct pf_run *
pf_run_new(void)
{
	struct pf_arena *a = pf_arena_new();
	struct pf_run *run = pf_alloc(a, sizeof(*run));

	run->arena = a;
	PF_PUSH(a, run->sources, NULL);	/* index 0 = no file */
	run->src_index = pf_alloc(a, sizeof(*run->src_index));
	return run;
}

void
pf_run_free(struct pf_run *run)
{
	if (run != NULL) {
		pf_redactor_prescan_end(run);	/* joined before the arena */
		free(run->texts);
		pf_arena_free(run->arena);
	}
}

/* The listings: open addressing by the path's hash, index + 1. */
struct pf_dirlists {
	PF_VEC(const struct pf_dirlist *) v;
	uint32_t	*slot;
	size_t		 cap;		/* power of two; 0: none yet */
};

static uint64_t	path_hash(const char *);

static size_t
dirlist_slot(const struct pf_dirlists *d, const char *path)
{
	size_t mask = d->cap - 1, j;

	for (j = (size_t)path_hash(path) & mask; d->slot[j] != 0 &&
	    strcmp(d->v.v[d->slot[j] - 1]->path, path) != 0;
	    j = (j + 1) & mask)
		;
	return j;
}

void
pf_dirlist_put(struct pf_run *run, const struct pf_dirlist *l)
{
	struct pf_dirlists *d = run->dirlists;
	size_t i;

	if (d == NULL)
		d = run->dirlists = pf_alloc(run->arena, sizeof(*d));
	if (2 * (d->v.n + 1) > d->cap) {
		size_t nc = d->cap ? 2 * d->cap : 64;

		/* (the old table is abandoned in the arena) */
		d->slot = pf_alloc(run->arena, nc * sizeof(*d->slot));
		d->cap = nc;
		for (i = 0; i < d->v.n; i++)
			d->slot[dirlist_slot(d, d->v.v[i]->path)] =
			    (uint32_t)(i + 1);
	}
	i = dirlist_slot(d, l->path);
	if (d->slot[i] != 0)
		return;
	PF_PUSH(run->arena, d->v, l);
	d->slot[i] = (uint32_t)d->v.n;
}

const struct pf_dirlist *
pf_dirlist_get(const struct pf_run *run, const char *path)
{
	const struct pf_dirlists *d = run->dirlists;
	size_t j;

	if (d == NULL || d->cap == 0 || path == NULL)
		return NULL;
	j = dirlist_slot(d, path);
	return d->slot[j] != 0 ? d->v.v[d->slot[j] - 1] : NULL;
}

static uint64_t
text_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/*
 * A diagnostic's text, formatted, as one shared copy in the run's arena
 * (diagnostic texts are never written to).  Texts that do not fit the
 * stack buffer are not shared: they are rare and long.
 */
static const char *
text_vadd(struct pf_run *run, const char *fmt, va_list ap)
{
	char tmp[512];
	va_list ap2;
	size_t i, mask;
	uint64_t h;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return pf_vprintf(run->arena, fmt, ap);
	if ((run->ntexts + 1) * 2 > run->ctexts) {
		size_t nc = run->ctexts ? run->ctexts * 2 : 256, j;
		const char **t = calloc(nc, sizeof(*t));

		if (t == NULL)
			pf_oom();
		for (j = 0; j < run->ctexts; j++) {
			const char *e = run->texts[j];

			if (e == NULL)
				continue;
			for (i = text_hash(e, strlen(e)) & (nc - 1); t[i] != NULL;
			    i = (i + 1) & (nc - 1))
				;
			t[i] = e;
		}
		free(run->texts);
		run->texts = t;
		run->ctexts = nc;
	}
	h = text_hash(tmp, (size_t)n);
	mask = run->ctexts - 1;
	for (i = h & mask; run->texts[i] != NULL; i = (i + 1) & mask)
		if (strncmp(run->texts[i], tmp, (size_t)n + 1) == 0)
			return run->texts[i];
	run->texts[i] = pf_strndup(run->arena, tmp, (size_t)n);
	run->ntexts++;
	return run->texts[i];
}

uint32_t
pf_source_add(struct pf_run *run, const char *path, const char *data,
    size_t len, enum pf_src_kind kind, struct pf_loc from)
{
	return pf_source_add_kept(run, pf_strdup(run->arena, path), data, len,
	    kind, from);
}

uint32_t
pf_source_add_kept(struct pf_run *run, const char *path, const char *data,
    size_t len, enum pf_src_kind kind, struct pf_loc from)
{
	struct pf_source *s = pf_alloc(run->arena, sizeof(*s));

	s->path = path;
	s->data = data;
	s->len = len;
	s->kind = kind;
	s->included_from = from;
	PF_PUSH(run->arena, run->sources, s);
	return (uint32_t)(run->sources.n - 1);
}

struct pf_source *
pf_source_get(const struct pf_run *run, uint32_t id)
{
	if (id == 0 || id >= run->sources.n)
		return NULL;
	return run->sources.v[id];
}

static uint64_t
path_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
src_index_put(const struct pf_run *run, struct pf_src_index *x, uint32_t id)
{
	size_t i, mask = x->cap - 1;
	const char *path = run->sources.v[id]->path;

	for (i = path_hash(path) & mask; x->slot[i] != 0; i = (i + 1) & mask)
		if (strcmp(run->sources.v[x->slot[i]]->path, path) == 0)
			return;		/* the first source of a path wins */
	x->slot[i] = id;
}

uint32_t
pf_source_find(const struct pf_run *run, const char *path)
{
	struct pf_src_index *x = run->src_index;
	size_t i, mask;

	if (x == NULL) {	/* a run not made by pf_run_new() */
		for (i = 1; i < run->sources.n; i++)
			if (strcmp(run->sources.v[i]->path, path) == 0)
				return (uint32_t)i;
		return 0;
	}
	if (x->done < 1)
		x->done = 1;
	if ((run->sources.n - 1) * 2 >= x->cap) {
		size_t ncap = x->cap ? x->cap : 64;

		while ((run->sources.n - 1) * 2 >= ncap)
			ncap *= 2;
		x->slot = pf_alloc(run->arena, ncap * sizeof(*x->slot));
		x->cap = ncap;
		x->done = 1;
	}
	for (; x->done < run->sources.n; x->done++)
		src_index_put(run, x, (uint32_t)x->done);
	mask = x->cap - 1;
	for (i = path_hash(path) & mask; x->slot[i] != 0; i = (i + 1) & mask)
		if (strcmp(run->sources.v[x->slot[i]]->path, path) == 0)
			return x->slot[i];
	return 0;
}

/* The offset of each line (memchr: a report of 10,000 vhosts' findings
 * indexes 13 MB, 180M instructions a byte at a time). */
static void
index_lines(struct pf_run *run, struct pf_source *s)
{
	const char *p = s->data, *end = s->data + s->len, *nl;
	size_t n = 1;
	uint32_t *l;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p = nl + 1;
	}
	l = pf_alloc(run->arena, n * sizeof(*l));
	n = 0;
	l[n++] = 0;
	for (p = s->data; p < end &&
	    (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1)
		l[n++] = (uint32_t)(nl + 1 - s->data);
	s->lines = l;
	s->nlines = (uint32_t)n;
}

int
pf_source_line(struct pf_run *run, uint32_t file, uint32_t line,
    const char **p, size_t *n)
{
	struct pf_source *s = pf_source_get(run, file);
	size_t start, end;

	if (s == NULL || s->data == NULL || line == 0)
		return -1;
	if (s->lines == NULL)
		index_lines(run, s);
	if (line > s->nlines)
		return -1;
	start = s->lines[line - 1];
	if (start > s->len)
		return -1;
	end = start;
	while (end < s->len && s->data[end] != '\n')
		end++;
	if (end > start && s->data[end - 1] == '\r')
		end--;
	*p = s->data + start;
	*n = end - start;
	return 0;
}

struct pf_loc
pf_loc_origin(const struct pf_run *run, struct pf_loc loc)
{
	const struct pf_source *s = pf_source_get(run, loc.file);

	if (s != NULL && s->origin != NULL && loc.line >= 1 &&
	    loc.line <= s->norigin && s->origin[loc.line - 1].file != 0)
		return s->origin[loc.line - 1];
	return loc;
}

struct pf_loc
pf_loc_make(uint32_t file, uint32_t line, uint32_t col, uint32_t len)
{
	struct pf_loc l = { file, line, col, len };

	return l;
}

/* Counts a diagnostic of sev; 1 when it is over the storage cap (counted
 * as dropped; a sink keeps everything). */
static int
count_over_cap(struct pf_run *run, enum pf_severity sev)
{
	if ((unsigned)sev < PF_SEV_MAX)
		run->count[sev]++;
	if (!run->sink && (run->diags.n >= PF_MAX_DIAGS_HARD ||
	    (run->diags.n >= PF_MAX_DIAGS && sev != PF_SEV_ERROR &&
	    sev != PF_SEV_WARNING && sev < PF_SEV_LOW))) {
		run->dropped++;
		return 1;
	}
	return 0;
}

struct pf_diag *
pf_diag_vadd(struct pf_run *run, enum pf_severity sev, const char *id,
    struct pf_loc loc, const char *fmt, va_list ap)
{
	static struct pf_diag scratch;
	struct pf_diag *d;

	if (count_over_cap(run, sev)) {
		memset(&scratch, 0, sizeof(scratch));
		scratch.message = "";
		return &scratch;
	}
	d = pf_alloc(run->arena, sizeof(*d));
	d->sev = sev;
	d->id = id;
	d->loc = loc;
	d->message = text_vadd(run, fmt, ap);
	d->seq = (uint32_t)run->diags.n;
	PF_PUSH(run->arena, run->diags, d);
	return d;
}

struct pf_run *
pf_diag_sink_new(const struct pf_run *parent, struct pf_arena *a)
{
	struct pf_run *s = pf_alloc(a, sizeof(*s));

	*s = *parent;
	s->arena = a;
	memset(&s->diags, 0, sizeof(s->diags));
	s->dropped = 0;
	memset(s->count, 0, sizeof(s->count));
	s->texts = NULL;
	s->ntexts = s->ctexts = 0;
	s->redact_pre = NULL;
	s->sink = 1;
	return s;
}

int
pf_diag_sink_put(struct pf_run *run, struct pf_diag *d)
{
	if (count_over_cap(run, d->sev))
		return 0;
	d->seq = (uint32_t)run->diags.n;
	PF_PUSH(run->arena, run->diags, d);
	return 1;
}

void
pf_diag_sink_free(struct pf_run *sink)
{
	if (sink != NULL) {
		free(sink->texts);
		sink->texts = NULL;
		sink->ntexts = sink->ctexts = 0;
	}
}

int
pf_run_below_min(const struct pf_run *run, enum pf_severity sev)
{
	if (run->min_sev <= PF_SEV_INFO || (unsigned)sev >= PF_SEV_MAX)
		return 0;
	/* Reader warnings and errors are what the servers say: kept. */
	return sev == PF_SEV_NOTE || (pf_sev_is_finding(sev) &&
	    sev < run->min_sev);
}

void
pf_run_hide_below(struct pf_run *run)
{
	size_t i, k, stored[PF_SEV_MAX];
	int s;

	if (run->min_sev <= PF_SEV_INFO)
		return;
	memset(stored, 0, sizeof(stored));
	for (i = k = 0; i < run->diags.n; i++) {
		struct pf_diag *d = run->diags.v[i];

		if ((unsigned)d->sev < PF_SEV_MAX)
			stored[d->sev]++;
		if (!pf_run_below_min(run, d->sev))
			run->diags.v[k++] = d;
	}
	run->diags.n = k;
	/* count[] holds those over the storage cap too (run->dropped):
	 * they are below as well, and no longer "not stored". */
	for (s = 0; s < PF_SEV_MAX; s++)
		if (pf_run_below_min(run, (enum pf_severity)s)) {
			size_t over = run->count[s] > stored[s] ?
			    run->count[s] - stored[s] : 0;

			run->below[s] += run->count[s];
			run->count[s] = 0;
			run->dropped -= over < run->dropped ? over :
			    run->dropped;
		}
}

size_t
pf_run_below_total(const struct pf_run *run)
{
	size_t i, n = 0;

	for (i = 0; i < PF_SEV_MAX; i++)
		n += run->below[i];
	return n;
}

struct pf_diag *
pf_diag_add(struct pf_run *run, enum pf_severity sev, const char *id,
    struct pf_loc loc, const char *fmt, ...)
{
	va_list ap;
	struct pf_diag *d;

	va_start(ap, fmt);
	d = pf_diag_vadd(run, sev, id, loc, fmt, ap);
	va_end(ap);
	return d;
}

void
pf_diag_fix(struct pf_run *run, struct pf_diag *d, const char *fmt, ...)
{
	va_list ap;

	if (run->diags.n == 0 || d->message[0] == '\0')
		return;		/* the scratch diagnostic */
	va_start(ap, fmt);
	d->fix = text_vadd(run, fmt, ap);
	va_end(ap);
}

void
pf_diag_related(struct pf_run *run, struct pf_diag *d, struct pf_loc loc,
    const char *fmt, ...)
{
	va_list ap;
	struct pf_related *r;

	if (run->diags.n == 0 || d->message[0] == '\0')
		return;
	/* Room for 4, then doubling at each power of two: a finding that
	 * names every pool of a big host must not copy its list each time. */
	r = d->related;
	if (d->nrelated == 0 || (d->nrelated >= 4 &&
	    (d->nrelated & (d->nrelated - 1)) == 0))
		r = pf_grow(run->arena, d->related, d->nrelated,
		    d->nrelated < 4 ? 4 : d->nrelated * 2, sizeof(*r));
	r[d->nrelated].loc = loc;
	va_start(ap, fmt);
	r[d->nrelated].message = pf_vprintf(run->arena, fmt, ap);
	va_end(ap);
	d->related = r;
	d->nrelated++;
}

size_t
pf_run_errors(const struct pf_run *run)
{
	return run->count[PF_SEV_ERROR];
}

static const struct pf_run *sort_run;

static int
cmp_diag(const void *a, const void *b)
{
	const struct pf_diag *x = *(struct pf_diag *const *)a;
	const struct pf_diag *y = *(struct pf_diag *const *)b;
	const struct pf_source *sx, *sy;
	int c;

	if (x->loc.file != y->loc.file) {
		if (x->loc.file == 0 || y->loc.file == 0)
			return x->loc.file == 0 ? 1 : -1;
		sx = pf_source_get(sort_run, x->loc.file);
		sy = pf_source_get(sort_run, y->loc.file);
		if (sx != NULL && sy != NULL &&
		    (c = strcmp(sx->path, sy->path)) != 0)
			return c;
		return x->loc.file < y->loc.file ? -1 : 1;
	}
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
pf_run_sort_diags(struct pf_run *run)
{
	sort_run = run;
	if (run->diags.n > 1)
		qsort(run->diags.v, run->diags.n, sizeof(*run->diags.v),
		    cmp_diag);
	sort_run = NULL;
}

/*
 * Under --root a symbolic link means a path of the target machine: an
 * absolute target is looked up below the root, as chroot(2) would (Plesk's
 * plesk.conf.d/vhosts/DOMAIN.conf -> /var/www/vhosts/system/DOMAIN/conf/
 * httpd.conf; without this the copy's links lead to this machine's files or
 * nowhere).  Components are resolved one by one; a missing one ends the walk
 * and the rest is appended unchanged, so open() fails as it would.
 */
static const char *
root_resolve(struct pf_run *run, const char *path)
{
	struct pf_buf cur = { 0 }, todo = { 0 }, next = { 0 };
	size_t rootlen = strlen(run->root), start;
	const char *res, *p, *c;
	int links = 0;

	pf_buf_puts(&cur, run->root);
	pf_buf_puts(&todo, path);
	p = pf_buf_str(&todo);
	for (;;) {
		struct stat st;
		char *target;
		ssize_t n;
		size_t len, tsz;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		c = p;
		len = strcspn(p, "/");
		p += len;
		if (len == 1 && c[0] == '.')
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.') {
			/* up, never above the root */
			char *s = (char *)pf_buf_str(&cur), *slash;

			slash = strrchr(s + rootlen, '/');
			if (slash != NULL)
				cur.len = (size_t)(slash - s);
			s[cur.len] = '\0';
			continue;
		}
		start = cur.len;
		pf_buf_putc(&cur, '/');
		pf_buf_add(&cur, c, len);
		if (lstat(pf_buf_str(&cur), &st) != 0) {
			pf_buf_puts(&cur, p);
			break;
		}
		if (!S_ISLNK(st.st_mode))
			continue;
		/* st_size is the target's length; one more byte tells a
		 * target that grew since lstat from a complete one */
		tsz = (size_t)st.st_size + 2;
		target = malloc(tsz);
		n = target ? readlink(pf_buf_str(&cur), target, tsz) : -1;
		if (n <= 0 || (size_t)n >= tsz || ++links > 40) {
			/* unreadable or a loop: the path is opened as it
			 * stands, the kernel following the link itself (a
			 * test tree's 'ln -s /usr/lib/apache2/modules
			 * usr/lib/apache2/modules' reaches this machine's) */
			free(target);
			pf_buf_puts(&cur, p);
			break;
		}
		target[n] = '\0';
		cur.len = target[0] == '/' ? rootlen : start;
		((char *)pf_buf_str(&cur))[cur.len] = '\0';
		pf_buf_reset(&next);
		pf_buf_puts(&next, target);
		pf_buf_puts(&next, p);
		free(target);
		pf_buf_reset(&todo);
		pf_buf_puts(&todo, pf_buf_str(&next));
		p = pf_buf_str(&todo);
	}
	if (cur.len == rootlen)
		pf_buf_putc(&cur, '/');
	res = pf_strdup(run->arena, pf_buf_str(&cur));
	pf_buf_free(&cur);
	pf_buf_free(&todo);
	pf_buf_free(&next);
	return res;
}

const char *
pf_host_path(struct pf_run *run, const char *path)
{
	if (run->root == NULL || path[0] != '/')
		return path;
	return root_resolve(run, path);
}

int
pf_read_file(struct pf_run *run, const char *path, char **data, size_t *len)
{
	return pf_read_file_max(run, path, SIZE_MAX, data, len);
}

int
pf_read_file_max(struct pf_run *run, const char *path, size_t max,
    char **data, size_t *len)
{
	const char *real = pf_host_path(run, path);
	struct stat st;
	int fd, err;
	size_t cap, n = 0;
	char *buf;
	ssize_t r;

	fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) < 0) {
		err = errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode) && strcmp(real, "/dev/null") != 0) {
		close(fd);
		return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
	if (cap > max)
		cap = max;
	buf = pf_alloc(run->arena, cap + 1);
	for (;;) {
		if (n == max)
			break;
		if (n == cap) {
			/* Probe for more bytes than stat said (a growing or
			 * special file) before growing the buffer. */
			char probe;

			r = read(fd, &probe, 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				if (r < 0) {
					err = errno;
					close(fd);
					return err;
				}
				break;
			}
			buf = pf_grow(run->arena, buf, n, cap * 2 + 4097, 1);
			cap = cap * 2 + 4096;
			if (cap > max)
				cap = max;
			buf[n++] = probe;
			continue;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			close(fd);
			return err;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int
pf_path_under(const char *path, const char *dir)
{
	size_t n;

	if (path == NULL || dir == NULL)
		return 0;
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}
