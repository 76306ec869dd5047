/*
 * nss.c - the flat files behind the passwd and group databases (nss.h).
 */
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
