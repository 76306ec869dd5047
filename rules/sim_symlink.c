/*
 * sim_symlink.c - the symbolic links httpd's directory walk refuses.
 *
 * server/request.c ap_directory_walk() builds r->filename one component at
 * a time from the root, merging the <Directory> sections (and .htaccess
 * files) of each directory before it looks at the next component.  Where
 * the Options merged so far are not FollowSymLinks alone, it lstat()s the
 * component, and a symbolic link goes through resolve_symlink():
 *
 *  - neither FollowSymLinks nor SymLinksIfOwnerMatch: 403;
 *  - SymLinksIfOwnerMatch (with or without FollowSymLinks): 403 unless
 *    the link and its target have the same owner;
 *  - FollowSymLinks alone: 403 when the target cannot be stat()ed.
 *
 * (AH00037 "Symbolic link not allowed or link target not accessible".)
 * The <Directory> sections are matched against the path as walked, never
 * against a link's target: a <Directory> written for the target of a
 * symlinked upload folder does not apply to requests through the link.
 * With FollowSymLinks alone and a file that exists, httpd skips the lstat
 * (its "first optimization"), and so does the simulator: then only a
 * dangling link would differ, and every link on the path resolved.
 *
 * Verified on apache2 2.4.71 (tests/rules/sim_oracle.sh scenario
 * symlinks-walk): a DocumentRoot through a "current -> releases/1" link
 * under <Directory> Options -FollowSymLinks is 403 for every URL; an
 * upload folder linked to one of www-data's under SymLinksIfOwnerMatch is
 * 403, the DocumentRoot's own root-owned link is not.
 *
 * The facts of each path (lstat, then stat and the owners for a link) are
 * kept per simulator (each thread has its own): every probe of a vhost
 * walks the same directories.  A path is looked up on this machine, or
 * under --root (pf_host_path: the link itself in its host parent, its
 * target resolved within the root).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "model/run.h"
#include "rules/rule.h"
#include "rules/sim_int.h"

/* A path's facts, as the cache keeps them (never 0). */
#define F_KNOWN		0x01
#define F_EXISTS	0x02	/* lstat succeeded */
#define F_LINK		0x04	/* ... and it is a symbolic link */
#define F_TARGET	0x08	/* the link's target stat()s */
#define F_SAME_OWNER	0x10	/* ... and has the link's owner */
#define F_DIR		0x20	/* it (or the link's target) is a directory */

static unsigned
facts(struct pf_sim *s, const char *path)
{
	struct pf_run *run = s->run;
	const char *slash, *host;
	struct stat ls, ts;
	unsigned f = F_KNOWN;
	size_t v;

	if ((v = pf_smap_get(&s->lnk, path)) != 0)
		return (unsigned)v;
	/* The link itself: its parent resolved, its own name not. */
	host = path;
	if (run->root != NULL && (slash = strrchr(path, '/')) != NULL) {
		const char *parent = slash == path ? "/" :
		    pf_strndup(run->arena, path, (size_t)(slash - path));

		host = pf_printf(run->arena, "%s/%s",
		    pf_host_path(run, parent), slash + 1);
	}
	if (lstat(host, &ls) == 0) {
		f |= F_EXISTS;
		if (S_ISLNK(ls.st_mode)) {
			f |= F_LINK;
			if (stat(pf_host_path(run, path), &ts) == 0) {
				f |= F_TARGET;
				if (ts.st_uid == ls.st_uid)
					f |= F_SAME_OWNER;
				if (S_ISDIR(ts.st_mode))
					f |= F_DIR;
			}
		} else if (S_ISDIR(ls.st_mode))
			f |= F_DIR;
	}
	pf_smap_put(run->arena, &s->lnk, pf_strdup(run->arena, path), f);
	return f;
}

int
sim_link_step(struct pf_sim *s, const char *path, int follow, int owner)
{
	unsigned f;

	/* FollowSymLinks alone: nothing to refuse (see above). */
	if (follow && !owner)
		return SIM_LINK_ON;
	f = facts(s, path);
	if (!(f & F_EXISTS))
		return SIM_LINK_END;
	if (f & F_LINK) {
		/* An answer that looked at a link is this vhost's alone. */
		if (s->nsig > 0)
			s->taint = 1;
		if (!follow && !owner)
			return SIM_LINK_REFUSED;
		if (!(f & F_TARGET) || (owner && !(f & F_SAME_OWNER)))
			return SIM_LINK_REFUSED;
	}
	return (f & F_DIR) ? SIM_LINK_ON : SIM_LINK_END;
}

/* Is there a link in path's components (the root's excepted)? */
static int
links_on_path(struct pf_sim *s, const char *path)
{
	char *p, *q;

	if (path[0] != '/')
		return 0;
	p = pf_strdup(s->run->arena, path);
	for (q = p + 1; ; q++)
		if (*q == '/' || *q == '\0') {
			char save = *q;
			unsigned f;

			*q = '\0';
			f = facts(s, p);
			*q = save;
			if (f & F_LINK)
				return 1;
			if (!(f & F_EXISTS) || save == '\0')
				return 0;
		}
}

/*
 * Whether path resolves without meeting a symbolic link, asked with one
 * openat2() and RESOLVE_NO_SYMLINKS (Linux 5.6) instead of an lstat() per
 * component: 1 it does, and exists; 0 a component is a link (ELOOP); -1
 * not known (it does not exist, or the kernel or a seccomp filter refuses
 * the call, or --root, where links resolve within the root): the caller
 * asks component by component.  Every vhost's DocumentRoot is asked once
 * a single Options line in the tree leaves out FollowSymLinks (Debian's
 * phpmyadmin.conf, letsencrypt.conf: SymLinksIfOwnerMatch): 10,000
 * vhosts under /srv/www/siteN/public took 20,000 lstat()s and 61 ms of
 * CPU there, 40 % of lint's rules.
 */
int
sim_resolves_plain(struct pf_sim *s, const char *path)
{
#ifdef SYS_openat2
	struct open_how how;
	int fd;

	if (s->no_openat2 || s->run->root != NULL || path[0] != '/')
		return -1;
	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_CLOEXEC;
	how.resolve = RESOLVE_NO_SYMLINKS;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (errno == ELOOP)
		return 0;
	if (errno == ENOSYS || errno == EPERM || errno == E2BIG ||
	    errno == EINVAL)
		s->no_openat2 = 1;
#else
	(void)s;
	(void)path;
#endif
	return -1;
}

static int
has_link(const unsigned char *types, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (types[i] == DT_LNK)
			return 1;
	return 0;
}

int
sim_docroot_links(struct pf_sim *s, const char *docroot)
{
	const struct pf_dirlist *l;
	struct stat st;
	size_t i;

	switch (sim_resolves_plain(s, docroot)) {
	case 0:
		return 1;
	case 1:
		break;
	default:
		if (links_on_path(s, docroot))
			return 1;
		if (!(facts(s, docroot) & F_EXISTS))
			return 0;
	}
	/* The listings the reader kept (three levels, the names it kept
	 * below the first): without them, any folder may hold a link. */
	l = pf_dirlist_get(s->run, pf_host_path(s->run, docroot));
	if (l == NULL)
		return stat(pf_host_path(s->run, docroot), &st) != 0 ||
		    S_ISDIR(st.st_mode);
	if (has_link(l->types, l->n))
		return 1;
	if (l->subs != NULL)
		for (i = 0; i < l->subs->n; i++)
			if (has_link(l->subs->v[i].types, l->subs->v[i].n))
				return 1;
	return 0;
}
