/*
 * httpd_htaccess.c - reads the .htaccess files Apache would read: below
 * each document root that exists on this machine (or under --root), in
 * every directory whose effective AllowOverride is not None (the
 * non-regex <Directory> sections of the main server and the vhost,
 * shortest path first, later ones winning; default None since 2.3.9).
 * Each file becomes a synthetic <Directory DIR> section flagged
 * PF_NODE_HTACCESS under the vhost (or the main server), so the request
 * simulator merges it where httpd does (reference/semantics.md 1.14).
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/httpd_int.h"

#define MAX_DEPTH	16
#define MAX_DIRS	20000

void	pf_hrd_model_sub(struct hrd *, struct pf_vhost *, struct pf_node *);

static unsigned
parse_override(const struct pf_node *n)
{
	unsigned o = 0;
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *a = n->argv[i];

		if (strcasecmp(a, "None") == 0)
			o = 0;
		else if (strcasecmp(a, "All") == 0)
			o |= PF_OVR_ALL;
		else if (strcasecmp(a, "AuthConfig") == 0)
			o |= PF_OVR_AUTHCONFIG;
		else if (strcasecmp(a, "FileInfo") == 0)
			o |= PF_OVR_FILEINFO;
		else if (strcasecmp(a, "Indexes") == 0)
			o |= PF_OVR_INDEXES;
		else if (strcasecmp(a, "Limit") == 0)
			o |= PF_OVR_LIMIT;
		else if (strncasecmp(a, "Options", 7) == 0)
			o |= PF_OVR_OPTIONS;
	}
	return o;
}

/* Does <Directory pat> apply to dir (the directory or a parent)? */
static int
dir_applies(const char *pat, const char *dir)
{
	size_t pl = strlen(pat);
	char *tmp;
	int ok;

	while (pl > 1 && pat[pl - 1] == '/')
		pl--;
	if (strpbrk(pat, "*?[") == NULL)
		return strncmp(pat, dir, pl) == 0 &&
		    (dir[pl] == '\0' || dir[pl] == '/' || pl == 1);
	tmp = strndup(pat, pl);
	if (tmp == NULL)
		return 0;
	/* Match the pattern against the same number of components. */
	{
		size_t slashes = 0, i;
		const char *d = dir;

		for (i = 0; tmp[i] != '\0'; i++)
			if (tmp[i] == '/')
				slashes++;
		for (i = 0; *d != '\0'; d++)
			if (*d == '/' && ++i > slashes)
				break;
		{
			char *prefix = strndup(dir, (size_t)(d - dir));

			ok = prefix != NULL && fnmatch(tmp, prefix,
			    FNM_PATHNAME) == 0;
			free(prefix);
		}
	}
	free(tmp);
	return ok;
}

struct nodevec {
	const struct pf_node **v;
	size_t		 n, cap;
};

static void
collect_dirs(const struct pf_node *p, struct nodevec *out,
    struct pf_arena *a)
{
	const struct pf_node *c;

	for (c = p->child; c != NULL; c = c->next)
		if ((c->flags & PF_NODE_SECTION) &&
		    !(c->flags & PF_NODE_INACTIVE) && c->argc == 1 &&
		    pf_hrd_kind(c) == HK_DIRECTORY)
			PF_PUSH(a, *out, c);
}

struct walkst {
	struct hrd	*r;
	struct pf_vhost	*vh;
	int		 dirs;
	size_t		 nmain;		/* secs: the main server's first */
	struct nodevec	 secs;		/* then the vhost's <Directory> */
	PF_VEC(size_t)	 order;		/* scratch: applicable secs */
	PF_VEC(size_t)	 lens;
};

static size_t
pat_len(const char *pat)
{
	size_t pl = strlen(pat);

	while (pl > 1 && pat[pl - 1] == '/')
		pl--;
	return pl;
}

/* The AllowOverride (and AccessFileName) in effect for dir: the sections
 * that apply, shortest path first, equal lengths in file order. */
static unsigned
override_for(struct walkst *w, const char *dir, const char **afn)
{
	struct hrd *r = w->r;
	unsigned o = 0;
	size_t i, j, k;
	const struct pf_node *c;

	w->order.n = w->lens.n = 0;
	for (i = 0; i < w->secs.n; i++) {
		const char *pat = w->secs.v[i]->argv[0];

		if (!dir_applies(pat, dir))
			continue;
		PF_PUSH(r->a, w->order, i);
		PF_PUSH(r->a, w->lens, pat_len(pat));
	}
	/* insertion sort by length: stable, and the lists are short */
	for (i = 1; i < w->order.n; i++)
		for (j = i; j > 0 && w->lens.v[j - 1] > w->lens.v[j]; j--) {
			size_t t = w->lens.v[j];

			w->lens.v[j] = w->lens.v[j - 1];
			w->lens.v[j - 1] = t;
			t = w->order.v[j];
			w->order.v[j] = w->order.v[j - 1];
			w->order.v[j - 1] = t;
		}
	for (k = 0; k < w->order.n; k++)
		for (c = w->secs.v[w->order.v[k]]->child; c != NULL;
		    c = c->next) {
			if (c->flags & PF_NODE_INACTIVE)
				continue;
			switch (pf_hrd_kind(c)) {
			case HK_ALLOWOVERRIDE:
				o = parse_override(c);
				break;
			case HK_ALLOWOVERRIDELIST:
				if (c->argc > 0 && strcasecmp(c->argv[0],
				    "None") != 0)
					o |= 0x80;	/* some directives */
				break;
			case HK_ACCESSFILENAME:
				if (c->argc > 0)
					*afn = c->argv[0];
				break;
			}
		}
	return o;
}

static void
visit(struct walkst *w, const char *dir, int depth)
{
	struct hrd *r = w->r;
	const char *afn = r->ap->access_file_name.s;
	unsigned o;
	struct stat st, hs;
	DIR *d;
	struct dirent *e;

	if (++w->dirs > MAX_DIRS || depth > MAX_DEPTH)
		return;
	if (stat(pf_host_path(r->run, dir), &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	o = override_for(w, dir, &afn);
	if (o != 0) {
		const char *path = pf_hrd_join(r->a, strcmp(dir, "/") ? dir :
		    "", "/", afn);

		if (stat(pf_host_path(r->run, path), &hs) == 0 &&
		    S_ISREG(hs.st_mode)) {
			struct pf_node *sec = pf_hrd_node_new(r);
			struct pf_node *parent = w->vh->node != NULL ?
			    (struct pf_node *)w->vh->node : r->ap->root;

			sec->name = "Directory";
			sec->argv = pf_alloc(r->a, 2 * sizeof(char *));
			sec->argv[0] = pf_strdup(r->a, dir);
			sec->argc = 1;
			sec->raw = sec->argv[0];
			sec->flags = PF_NODE_SECTION | PF_NODE_HTACCESS;
			pf_hrd_append(parent, sec);
			if (pf_hrd_read_htaccess(r, path, sec, o) == 0) {
				if (sec->child != NULL)
					sec->loc = sec->child->loc;
				pf_hrd_check(r, sec);
				pf_hrd_model_sub(r, w->vh, sec);
			}
		}
	}
	/* A directory with two links has no subdirectory (ext4, xfs,
	 * tmpfs: most document roots are such leaves); btrfs and others
	 * say 1 and are listed. */
	if (st.st_nlink == 2)
		return;
	if ((d = opendir(pf_host_path(r->run, dir))) == NULL)
		return;
	{
		PF_VEC(char *) subs = { 0 };
		size_t i;

		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' || e->d_type != DT_DIR)
				continue;
			PF_PUSH(r->a, subs, pf_strdup(r->a, e->d_name));
		}
		closedir(d);
		for (i = 0; i < subs.n; i++)
			visit(w, pf_hrd_join(r->a, dir, "/", subs.v[i]),
			    depth + 1);
	}
}

void
pf_hrd_htaccess(struct hrd *r)
{
	struct pf_apache *ap = r->ap;
	struct walkst w;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.r = r;
	collect_dirs(ap->root, &w.secs, r->a);
	w.nmain = w.secs.n;
	for (i = 0; i <= ap->vhosts.n; i++) {
		struct pf_vhost *vh = i < ap->vhosts.n ? ap->vhosts.v[i] :
		    &ap->main;
		const char *dr = vh->document_root.s;

		if (dr == NULL)
			dr = ap->main.document_root.s;
		if (dr == NULL)
			continue;	/* visit() skips what is not a directory */
		w.vh = vh;
		w.secs.n = w.nmain;
		if (vh->node != NULL)
			collect_dirs(vh->node, &w.secs, r->a);
		visit(&w, dr, 0);
	}
}
