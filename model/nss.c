/*
 * nss.c - the flat files behind the passwd and group databases (nss.h).
 */
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/nss.h"

/* One source of an nsswitch.conf line ("files", "[NOTFOUND=return]"). */
static const char *
source_file(struct pf_run *run, const char *w, size_t n, const char *db)
{
	if ((n == 5 && strncmp(w, "files", 5) == 0) ||
	    (n == 6 && strncmp(w, "compat", 6) == 0))
		return pf_printf(run->arena, "/etc/%s", db);
	if (n == 10 && strncmp(w, "extrausers", 10) == 0)
		return pf_printf(run->arena, "/var/lib/extrausers/%s", db);
	return NULL;
}

int
pf_nss_files(struct pf_run *run, const char *db,
    const char *paths[PF_NSS_MAX_FILES])
{
	char *data;
	size_t len, pos = 0, dl = strlen(db);
	int n = 0;

	if (pf_read_file(run, "/etc/nsswitch.conf", &data, &len) == 0)
		while (pos < len && n == 0) {
			const char *p = data + pos;
			const char *nl = memchr(p, '\n', len - pos);
			const char *end = nl ? nl : data + len;

			pos = (size_t)(end - data) + 1;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			/* "passwd:" at the start of a line; '#' comments */
			if ((size_t)(end - p) <= dl || strncmp(p, db, dl) != 0)
				continue;
			p += dl;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p == end || *p != ':')
				continue;
			p++;
			while (p < end && *p != '#') {
				const char *w, *f;
				size_t i;
				int dup = 0;

				while (p < end && (*p == ' ' || *p == '\t'))
					p++;
				w = p;
				while (p < end && *p != ' ' && *p != '\t' &&
				    *p != '#')
					p++;
				if (p == w || w[0] == '[')
					continue;	/* an action */
				f = source_file(run, w, (size_t)(p - w), db);
				if (f == NULL)
					continue;
				for (i = 0; i < (size_t)n; i++)
					dup |= strcmp(paths[i], f) == 0;
				if (!dup && n < PF_NSS_MAX_FILES)
					paths[n++] = f;
			}
			if (n == 0)	/* a line without file sources */
				return 0;
		}
	if (n == 0)
		paths[n++] = pf_printf(run->arena, "/etc/%s", db);
	return n;
}

/* Orders indexes into the accounts (arg) by name, then by line. */
static int
cmp_name(const void *a, const void *b, void *arg)
{
	const struct pf_pwent *e = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(e[x].name, e[y].name);

	return c != 0 ? c : (x > y) - (x < y);
}

size_t
pf_passwd_accounts(struct pf_run *run, struct pf_pwent **out)
{
	const char *paths[PF_NSS_MAX_FILES];
	PF_VEC(struct pf_pwent) v = { 0 };
	size_t i, n, *ix;
	unsigned char *dup;
	int k, nf = pf_nss_files(run, "passwd", paths);

	for (k = 0; k < nf; k++) {
		char *data, *line, *save = NULL;
		size_t len;

		if (pf_read_file(run, paths[k], &data, &len) != 0)
			continue;
		for (line = strtok_r(data, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			char *f[7], *p = line, *end;
			int j = 0;
			struct pf_pwent e;

			f[0] = p;
			while (j < 6 && (p = strchr(p, ':')) != NULL) {
				*p++ = '\0';
				f[++j] = p;
			}
			/* name:pw:uid:gid:gecos:home:shell */
			if (j < 6 || f[0][0] == '\0' || f[0][0] == '+' ||
			    f[0][0] == '-')
				continue;
			e.uid = strtoll(f[2], &end, 10);
			if (end == f[2] || *end != '\0')
				continue;
			e.name = f[0];
			e.home = f[5];
			e.shell = f[6];
			if ((end = strchr(f[6], '\r')) != NULL)
				*end = '\0';
			PF_PUSH(run->arena, v, e);
		}
	}
	/* The first line of a name counts: later ones dropped, the order
	 * kept (sorted indexes, not a map: the model has none). */
	if (v.n > 1) {
		ix = pf_alloc(run->arena, v.n * sizeof(*ix));
		dup = pf_alloc(run->arena, v.n);
		for (i = 0; i < v.n; i++)
			ix[i] = i;
		qsort_r(ix, v.n, sizeof(*ix), cmp_name, v.v);
		for (i = 1; i < v.n; i++)
			if (strcmp(v.v[ix[i]].name, v.v[ix[i - 1]].name) == 0)
				dup[ix[i]] = 1;
		for (i = n = 0; i < v.n; i++)
			if (!dup[i])
				v.v[n++] = v.v[i];
		v.n = n;
	}
	*out = v.v;
	return v.n;
}
