/*
 * r_listing.c - directory-listing: mod_autoindex hands anyone a listing of
 * a site's folder.  Where Options Indexes is in effect and mod_dir finds
 * none of the DirectoryIndex names in a folder, GET /folder/ answers 200
 * with "Index of /folder": every name in it, linked.  Debian's
 * apache2.conf turns Indexes on for all of /var/www.  Two folders matter:
 *
 *  - an upload folder (wp-content/uploads, media/, a folder the pool's
 *    user can write, --upload-dir): every file users uploaded is listed,
 *    private documents included, and an attacker whose upload was renamed
 *    finds the name it was stored under (the missing step of many upload
 *    exploits).  WordPress puts no index file there.
 *  - the DocumentRoot itself, where the site's front page is index.php
 *    but DirectoryIndex does not name it (DirectoryIndex index.html in a
 *    vhost): the site's home page is the list of its files, backups and
 *    dumps included.
 *
 * The request simulator decides (rules/sim.c: DirectoryIndex lookups as
 * sub-requests, Options merged as core does, .htaccess files, access
 * checks, mod_autoindex loaded or not).  The DocumentRoot's names come
 * from the listing the reader made of it, an upload folder's index files
 * are looked up (a stat per DirectoryIndex name); both are declared to the
 * simulator, so that vhosts of one shape share the answer.  A tree where no Options line can turn Indexes on costs nothing.
 * Indexes turned on for the folder itself (its own <Directory> section or
 * .htaccess file) is a listing someone chose, and is not reported.
 */
#include <dirent.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/writable.h"

#define MAX_UPLOAD_PROBES	8	/* upload folders asked about, per vhost */

/* Is the verdict mod_autoindex's listing, to anyone, of some name
 * (IndexIgnore * hides them all)? */
static int
listed(const struct pf_sim_verdict *v)
{
	return v->outcome == PF_SIM_OTHER && v->handler != NULL &&
	    strcmp(v->handler, PF_SIM_DIR_HANDLER) == 0 && v->status == 200 &&
	    v->authz == PF_AUTHZ_GRANTED && !v->conditional &&
	    !v->index_hides_all;
}

/*
 * Was Indexes turned on for this very folder: opt (the Options line in
 * effect) is in a <Directory> of its path or in its own .htaccess file (a
 * synthetic <Directory> of the folder).  A listing someone chose, as a
 * download area's, is not reported.
 */
static int
chosen_for(const struct pf_node *opt, const char *dir)
{
	const struct pf_node *p = opt != NULL ? opt->parent : NULL;
	size_t l, dl = strlen(dir);

	if (p == NULL || p->argc < 1 || strcasecmp(p->name, "Directory") != 0)
		return 0;
	l = strlen(p->argv[0]);
	while (l > 1 && p->argv[0][l - 1] == '/')
		l--;
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	return l == dl && strncmp(p->argv[0], dir, l) == 0;
}

/* Is name one a DirectoryIndex line (or mod_dir's default) looks up? */
static int
index_name(const char *name, const char *const *names, size_t n)
{
	return strcmp(name, "index.html") == 0 ||
	    pf_str_in(name, names, n);
}

/* A name no DirectoryIndex looks up, declared in an upload folder so that
 * the simulator takes it for a folder (the files a caller declares and
 * their parents are all it knows). */
#define PROBE_FILE	"proxyfpm-listing-probe.txt"

/*
 * GET url of v, the folder dir (a host path below --root: host): the
 * index files there declared, from the reader's listing of it when it
 * kept one, else looked up (a stat per DirectoryIndex name), so that
 * vhosts of one shape share the answer.  Returns 1 when mod_autoindex
 * lists it to anyone (*out the verdict), 0 when not (or, top, when the
 * DocumentRoot holds no file but dot files to show), -1 when dir is no
 * folder here.
 */
static int
folder_listed(struct pf_rctx *c, const struct pf_vhost *vh, const char *dir,
    const char *url, int top, struct pf_arena *a, struct pf_sim_verdict *out)
{
	const char *const *names;
	size_t nn = pf_sim_index_names(c->sim, &names), i, k = 0;
	const char *host = pf_host_path(c->run, dir);
	const struct pf_dirlist *l = pf_dirlist_get(c->run, host);
	const char **files;
	struct pf_sim_fs fs;
	struct stat st;
	int shows = 0;	/* top: a file mod_autoindex would show (-1:
			 * not known yet) */

	files = pf_alloc(a, (nn + 3) * sizeof(*files));
	if (l != NULL) {
		for (i = 0; i < l->n && k < nn + 1; i++)
			if (l->types[i] != DT_DIR &&
			    index_name(l->names[i], names, nn))
				files[k++] = pf_printf(a, "%s/%s", dir,
				    l->names[i]);
		for (i = 0; top && !shows && i < l->n; i++)
			shows = l->types[i] != DT_DIR &&
			    l->names[i][0] != '.';
	} else {
		if (stat(host, &st) != 0 || !S_ISDIR(st.st_mode))
			return -1;
		shows = -1;	/* (looked at below, if it is listed) */
		for (i = 0; i <= nn; i++) {
			const char *n = i < nn ? names[i] : "index.html";
			const char *f = pf_printf(a, "%s/%s", dir, n);

			if ((i < nn || !pf_str_in(n, names, nn)) &&
			    stat(pf_host_path(c->run, f), &st) == 0 &&
			    S_ISREG(st.st_mode))
				files[k++] = f;
		}
	}
	/* (a DocumentRoot with no file to show, a site not deployed yet,
	 * lists nothing worth a finding; an upload folder fills later) */
	if (top && !shows)
		return 0;
	if (!top)
		files[k++] = pf_printf(a, "%s/%s", dir, PROBE_FILE);
	fs.files = files;
	fs.nfiles = k;
	fs.real = 0;
	if (pf_sim_request(c->sim, vh, url, &fs, out) < 0 || !listed(out))
		return 0;
	if (top && shows < 0) {
		/* no kept listing (a folder too big to keep): read it */
		DIR *dp = opendir(host);
		struct dirent *e;

		shows = 0;
		while (dp != NULL && !shows && (e = readdir(dp)) != NULL)
			shows = e->d_type != DT_DIR && e->d_name[0] != '.';
		if (dp != NULL)
			closedir(dp);
	}
	return shows != 0 || !top;
}

void
pf_listing_served(struct pf_rctx *c, const struct pf_vhost *vh,
    const char *label, const char *dr, const struct pf_wdir *wd, size_t nwd,
    struct pf_arena *a)
{
	/* (looked up once per thread: called for every vhost) */
	static _Thread_local int id = -2;
	struct pf_sim_verdict v;
	const char *url1 = NULL, *dir1 = NULL, *also = "", *root;
	const struct pf_node *opt1 = NULL, *top_opt = NULL;
	size_t drl, i, asked = 0;
	int top;
	struct pf_diag *d;

	if (id == -2)
		id = pf_rule_index("directory-listing");
	if (id < 0 || !c->enabled[id] || dr == NULL ||
	    !pf_sim_indexes_may(c->sim))
		return;
	drl = strlen(dr);
	while (drl > 1 && dr[drl - 1] == '/')
		drl--;
	root = pf_strndup(a, dr, drl);
	if ((top = folder_listed(c, vh, root, "/", 1, a, &v)) < 0)
		return;		/* no DocumentRoot here */
	if (top && chosen_for(v.status_node, root))
		top = 0;
	if (top)
		top_opt = v.status_node;
	/* The upload folders this vhost serves (in the DocumentRoot or
	 * behind an Alias). */
	for (i = 0; i < nwd && asked < MAX_UPLOAD_PROBES; i++) {
		const char *u;
		size_t ul;

		if (!wd[i].on_disk ||
		    (u = pf_sim_url_of(c->sim, vh, wd[i].path)) == NULL ||
		    strcmp(u, "/") == 0)
			continue;
		ul = strlen(u);
		if (ul == 0 || u[ul - 1] != '/')
			u = pf_printf(a, "%s/", u);
		asked++;
		if (folder_listed(c, vh, wd[i].path, u, 0, a, &v) != 1 ||
		    chosen_for(v.status_node, wd[i].path))
			continue;
		if (url1 == NULL) {
			url1 = u;
			dir1 = wd[i].path;
			opt1 = v.status_node;
		} else
			also = pf_printf(a, "%s, %s", also, u);
	}
	if (url1 != NULL) {
		if (top)
			also = pf_printf(a, ", /%s", also);
		d = pf_finding(c, "directory-listing",
		    pf_rule_sev("directory-listing"), opt1 != NULL ?
		    opt1->loc : vh->loc, pf_printf(a, "%s %s", label, url1),
		    "GET %s on %s lists the upload folder %s to anyone "
		    "(mod_autoindex: Options Indexes in effect and no "
		    "DirectoryIndex file there): every uploaded file's name, "
		    "so private uploads and an attacker's renamed upload are "
		    "found%s%s%s", url1, label, dir1, also[0] != '\0' ?
		    " (also listed: " : "", also[0] != '\0' ? also + 2 : "",
		    also[0] != '\0' ? ")" : "");
		pf_ffix(c, d, "Options -Indexes in <Directory %s>", dir1);
		return;
	}
	if (!top)
		return;
	d = pf_finding(c, "directory-listing", pf_rule_sev("directory-listing"),
	    top_opt != NULL ? top_opt->loc : vh->loc, pf_printf(a, "%s /",
	    label), "GET / on %s answers a listing of its DocumentRoot %s "
	    "(mod_autoindex: Options Indexes in effect and none of the "
	    "DirectoryIndex names there): the site's home page names every "
	    "file of it, backups and dumps included", label, root);
	if (vh->document_root.loc.file != 0)
		pf_frel(c, d, vh->document_root.loc, "the DocumentRoot");
	pf_ffix(c, d, "name the site's index file in DirectoryIndex "
	    "(DirectoryIndex index.php index.html), and Options -Indexes in "
	    "<Directory %s>", root);
}
