/*
 * writable.c - the directories an attacker can write, per vhost (see
 * writable.h).  Disk checks go through --root (pf_host_path), users and
 * groups come from that tree's etc/passwd and etc/group.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "model/nss.h"
#include "rules/rule.h"
#include "rules/writable.h"

/* A user's ids (uid -1: unknown). */
struct ids {
	long	 uid;
	long	 gids[64];
	int	 ngids;
	int	 found;		/* the user exists */
};

/*
 * (--root's) etc/passwd and etc/group, parsed once: a host with a user
 * per site has as many lines as vhosts.
 */
struct pwent {
	long	 uid, gid;
	const char *name;
};

struct grent {
	long	 gid;
	size_t	 next;		/* next group of the same member + 1 */
};

/* One vhost's answer, kept: several passes ask for the same vhost. */
struct wmemo {
	const struct pf_vhost *v;
	const char	*docroot;
	const struct pf_pool *pool;
	const struct pf_wdir *dirs;
	size_t		 n;
};

/* What pf_wdirs_docroot_secrets()/_leaks() answer for a DocumentRoot
 * that has any of it (kept apart from the memo: 10,000 vhosts without
 * would pay for the fields in every memo slot). */
struct wsec {
	unsigned	 secrets;	/* PF_WSECRET_* names at its top */
	const char	**leaks;	/* backup copies of PHP files there */
	size_t		 nleaks;
	const char	**deep;		/* the same below its top, as paths
					 * relative to it (deep_note) */
	size_t		 ndeep;
	const char	**infos;	/* names of phpinfo() pages there */
	size_t		 ninfos;
};

/*
 * What walk() notes below a DocumentRoot while it looks for writable
 * folders: .git repositories, .env files and backup copies of PHP files
 * in the directories it lists anyway (down three levels), so finding
 * them costs no listing of its own.
 */
enum { DEEP_GIT, DEEP_ENV, DEEP_BACKUP, NDEEP_KINDS };
#define MAX_DEEP_KIND	4	/* of each kind, per DocumentRoot */
struct deepc {
	const char	*top;		/* the DocumentRoot walked */
	size_t		 ntop;
	const char	**v;		/* NDEEP_KINDS * MAX_DEEP_KIND */
	size_t		 n;
	unsigned char	 per[NDEEP_KINDS];
};

/* A DocumentRoot to read ahead (pf_wdirs_prefetch). */
struct dslot {
	const char	*path;		/* as pf_wdirs_for() is asked */
	const char	*real;		/* under --root */
	int		 deep;		/* list below the top too (the first
					 * slot of a DocumentRoot) */
	int		 shared;	/* another slot has the same path */
	const struct pf_dirlist *list;	/* the reader's listing of it */
};

/* What was read of one: the ring holds the AHEAD latest. */
typedef PF_VEC(const char *) namevec;
typedef PF_VEC(unsigned char) typevec;
struct dsub {
	namevec		 names;
	typevec		 types;
	int		 ok;		/* 0: it could not be listed */
};
#define WALK_BUDGET	4000	/* folders a walk enters, per vhost */
struct dres {
	struct pf_arena	*a;		/* names; reset for each use */
	struct pf_smap	 names;
	namevec		 order;		/* the names in readdir's order */
	typevec		 types;		/* their d_type (DT_UNKNOWN: ask) */
	int		 isdir, listed;
	/* The folders below the top that walk() may enter (not dot
	 * folders, not symlinks; three levels, WALK_BUDGET of them),
	 * listed the same way: path relative to the top -> index in sub
	 * + 1. */
	struct pf_smap	 subs;
	PF_VEC(struct dsub) sub;
};

/*
 * Reading threads: the listings are often read from disk (a tree's
 * DocumentRoots are rarely in the page cache), so two reads in flight
 * beside the routing pass's own.
 */
#define NPROD	2

/*
 * Slot states and consumed are atomic so that neither side takes the
 * lock per vhost: a side that must wait says so (pwait, cwait) under the
 * lock, and the other only signals then.  When pf_wdirs_for() reaches a
 * slot no thread has started, it reads it itself (the threads are
 * behind: all then do the system calls).  Threads claim slots with a
 * compare-and-swap, so each is read once.
 */
struct prefetch {
	pthread_t	 thr[NPROD];
	int		 nthr;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct dslot	*slots;
	size_t		 n;
	struct dres	*ring;
	struct dres	 own;		/* a slot the consumer read itself */
	int		 partial;	/* vhosts without a slot (no
					 * DocumentRoot of their own) */
	/* Per slot: FREE, then claimed by one side; READY once the
	 * thread has read it into the ring. */
	_Atomic unsigned char *state;
	_Atomic size_t	 consumed;	/* the next one pf_wdirs_for() wants */
	_Atomic size_t	 pwake_at;	/* the thread waits for consumed */
	_Atomic int	 pwait;		/* threads waiting for room */
	_Atomic int	 cwait, stop;
};

enum { S_FREE, S_THREAD, S_OWN, S_READY };

/*
 * How far the thread reads ahead (bounds the names held).  Slot j's
 * answer stays in the ring until the one after it is taken: the thread
 * keeps one short of a full ring ahead of consumed.
 */
#define AHEAD	64

struct dstat {			/* what the callers read of a stat */
	size_t		 n;		/* of the last path: its first n bytes */
	int		 rc;		/* stat()'s return */
	mode_t		 mode;
	uid_t		 uid;
	gid_t		 gid;
};

#define NANC	64		/* ancestors remembered */

struct pf_wdirs {
	struct pf_run	*run;
	struct prefetch	*pf;
	const struct pf_rules_opts *opts;
	struct wmemo	*memo;		/* open addressing by vhost */
	size_t		 nmemo, capmemo;
	struct deepc	*deep;		/* set while walk() runs */
	const struct dres *cur;		/* the DocumentRoot walk() is in, */
	size_t		 ncur;		/* its length there */
	int		 taken_shared;	/* prefetch_take()'s slot's shared */
	struct pf_arena	*wa;		/* walk()'s paths, freed after it */
	/* DocumentRoots walked below their top (by either walk), with a
	 * folder there: the secrets walk lists each once per run.  Those
	 * without a folder at the top (most of a big tree's) need no walk
	 * and are not kept, nor, while every vhost has a read-ahead slot,
	 * those of one slot only (no other vhost asks for them). */
	struct pf_smap	 walked;
	struct pf_smap	 sec_map;	/* DocumentRoot -> index in sec + 1 */
	struct pf_smap	 dir_map;	/* other directory -> index + 1 */
	PF_VEC(struct wsec) sec;
	/* Users looked up in (--root's) etc/passwd and etc/group, read
	 * once: name or id -> index in ids + 1 (unknown users too). */
	struct pf_smap	 user_map;
	PF_VEC(struct ids) ids;
	int		 pw_read, gr_read, gr_ok;
	PF_VEC(struct pwent) pw;	/* etc/passwd lines */
	struct pf_smap	 pw_by_name, pw_by_uid;	/* first line + 1 */
	PF_VEC(struct grent) gr;	/* (member, group) pairs */
	struct pf_smap	 gr_head, gr_tail;	/* member -> first/last + 1 */
	struct pf_smap	 gr_by_name;	/* group name -> gid + 1 */
	/* stat() of the directories above the last file judged: the
	 * files come vhost by vhost, and every .htaccess and socket of a
	 * tree has the same few ancestors (at 2,000 vhosts with two
	 * .htaccess files each, 24,000 of the 56,000 stat calls of a lint
	 * were of /, /srv, /srv/www ...).  Kept for the last path only:
	 * a table of every directory cost 4 MB at 10,000 vhosts. */
	char		*anc_path;	/* the last path */
	size_t		 anc_cap;
	struct dstat	 anc[NANC];	/* its ancestors stat'ed, by n */
	size_t		 nanc;
	int		 partial;	/* pf_wdirs_fork()'s */
	/* pf_wdirs_modphp()'s stand-in pool, and whose writes walk_entry()
	 * names ("the pool user", or Apache's under mod_php). */
	struct pf_pool	*modphp;
	const char	*who;
};

static size_t
vhash(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (size_t)h;
}

static struct wmemo *
memo_slot(struct pf_wdirs *w, const struct pf_vhost *v, const char *docroot,
    const struct pf_pool *pool, int insert)
{
	size_t i, mask;

	if (insert && w->nmemo * 2 >= w->capmemo) {
		size_t ncap = w->capmemo ? w->capmemo * 2 : 64, j;
		struct wmemo *nm = pf_alloc(w->run->arena, ncap * sizeof(*nm));

		for (j = 0; j < w->capmemo; j++)
			if (w->memo[j].docroot != NULL) {
				i = vhash(w->memo[j].v) & (ncap - 1);
				while (nm[i].docroot != NULL)
					i = (i + 1) & (ncap - 1);
				nm[i] = w->memo[j];
			}
		w->memo = nm;
		w->capmemo = ncap;
	}
	if (w->capmemo == 0)
		return NULL;
	mask = w->capmemo - 1;
	for (i = vhash(v) & mask; w->memo[i].docroot != NULL;
	    i = (i + 1) & mask)
		if (w->memo[i].v == v && w->memo[i].pool == pool &&
		    strcmp(w->memo[i].docroot, docroot) == 0)
			return &w->memo[i];
	return insert ? &w->memo[i] : NULL;
}

/* Where PHP applications keep what users upload or the app writes. */
static const char *const conventional[] = {
	"uploads", "upload", "files", "media", "attachments", "images/uploads",
	"wp-content/uploads", "wp-content/cache", "sites/*/files",
	"storage", "storage/app/public", "public/uploads", "public/media",
	"var/cache", "var/uploads", "cache", "tmp", "data", "pub/media",
	"userfiles", "assets/uploads", NULL,
};

struct pf_wdirs *
pf_wdirs_build(struct pf_run *run, const struct pf_rules_opts *o)
{
	struct pf_wdirs *w = pf_alloc(run->arena, sizeof(*w));

	w->run = run;
	w->opts = o;
	w->who = "the pool user";
	return w;
}

const struct pf_pool *
pf_wdirs_modphp(struct pf_wdirs *w, const char *user)
{
	if (user == NULL)
		return NULL;
	if (w->modphp == NULL || strcmp(w->modphp->user.s, user) != 0) {
		w->modphp = pf_alloc(w->run->arena, sizeof(*w->modphp));
		w->modphp->name = "mod_php";
		w->modphp->user.s = pf_strdup(w->run->arena, user);
	}
	return w->modphp;
}

static int
is_dir_on_disk(struct pf_run *run, const char *p)
{
	struct stat st;

	return stat(pf_host_path(run, p), &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- users ---------------------------------------------------------- */

static void
read_passwd_file(struct pf_wdirs *w, const char *path)
{
	struct pf_run *run = w->run;
	char *data, *line, *save = NULL;
	size_t len;

	if (pf_read_file(run, path, &data, &len) != 0)
		return;
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[7];
		int i = 0;
		char *p = line;
		struct pwent e;

		f[0] = p;
		while (i < 6 && (p = strchr(p, ':')) != NULL) {
			*p++ = '\0';
			f[++i] = p;
		}
		if (i < 3)
			continue;
		e.uid = atol(f[2]);
		e.gid = atol(f[3]);
		e.name = f[0];
		PF_PUSH(run->arena, w->pw, e);
		/* The first line that names the user, or has it as uid. */
		if (pf_smap_get(&w->pw_by_name, f[0]) == 0)
			pf_smap_put(run->arena, &w->pw_by_name, f[0], w->pw.n);
		if (pf_smap_get(&w->pw_by_uid, f[2]) == 0)
			pf_smap_put(run->arena, &w->pw_by_uid, f[2], w->pw.n);
	}
}

static void
read_group_file(struct pf_wdirs *w, const char *path)
{
	struct pf_run *run = w->run;
	char *data, *line, *save = NULL;
	size_t len;

	if (pf_read_file(run, path, &data, &len) != 0)
		return;
	w->gr_ok = 1;
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *f[4], *p = line, *m, *ms = NULL;
		int i = 0;

		f[0] = p;
		while (i < 3 && (p = strchr(p, ':')) != NULL) {
			*p++ = '\0';
			f[++i] = p;
		}
		if (i < 3)
			continue;
		/* The first line of a name counts, as for NSS. */
		if (pf_smap_get(&w->gr_by_name, f[0]) == 0)
			pf_smap_put(run->arena, &w->gr_by_name, f[0],
			    (size_t)atol(f[2]) + 1);
		for (m = strtok_r(f[3], ",", &ms); m != NULL;
		    m = strtok_r(NULL, ",", &ms)) {
			struct grent g = { atol(f[2]), 0 };
			size_t t = pf_smap_get(&w->gr_tail, m);

			PF_PUSH(run->arena, w->gr, g);
			if (t == 0)
				pf_smap_put(run->arena, &w->gr_head, m,
				    w->gr.n);
			else
				w->gr.v[t - 1].next = w->gr.n;
			pf_smap_put(run->arena, &w->gr_tail, m, w->gr.n);
		}
	}
}

/* The flat files of the passwd and group databases, in nsswitch.conf's
 * order (etc/passwd, then libnss-extrausers' files with Froxlor's
 * customers): the first line of a name counts, as for NSS. */
static void
read_passwd(struct pf_wdirs *w)
{
	const char *paths[PF_NSS_MAX_FILES];
	int i, n = pf_nss_files(w->run, "passwd", paths);

	w->pw_read = 1;
	for (i = 0; i < n; i++)
		read_passwd_file(w, paths[i]);
}

static void
read_group(struct pf_wdirs *w)
{
	const char *paths[PF_NSS_MAX_FILES];
	int i, n = pf_nss_files(w->run, "group", paths);

	w->gr_read = 1;
	for (i = 0; i < n; i++)
		read_group_file(w, paths[i]);
}

/* A user by name or numeric id: its uid, primary and other groups. */
static int
read_user(struct pf_wdirs *w, const char *user, struct ids *ids)
{
	size_t a, b, k;
	const struct pwent *e;
	char name[256];

	ids->uid = -1;
	ids->ngids = 0;
	if (user == NULL)
		return -1;
	if (!w->pw_read)
		read_passwd(w);
	a = pf_smap_get(&w->pw_by_name, user);
	b = pf_smap_get(&w->pw_by_uid, user);
	if (a == 0 && b == 0)
		return -1;
	e = &w->pw.v[(a == 0 || (b != 0 && b < a) ? b : a) - 1];
	ids->uid = e->uid;
	ids->gids[ids->ngids++] = e->gid;
	if (!w->gr_read)
		read_group(w);
	if (!w->gr_ok)
		return 0;
	snprintf(name, sizeof(name), "%s", e->name);
	for (k = pf_smap_get(&w->gr_head, name); k != 0 && ids->ngids < 64;
	    k = w->gr.v[k - 1].next)
		ids->gids[ids->ngids++] = w->gr.v[k - 1].gid;
	return 0;
}

/* read_user(), remembered per user name: walks and vhosts ask often. */
static int
lookup_user(struct pf_wdirs *w, const char *user, struct ids *ids)
{
	size_t k;

	if (user == NULL) {
		ids->uid = -1;
		ids->ngids = 0;
		return -1;
	}
	if ((k = pf_smap_get(&w->user_map, user)) == 0) {
		struct ids x;

		x.found = read_user(w, user, &x) == 0;
		PF_PUSH(w->run->arena, w->ids, x);
		k = w->ids.n;
		pf_smap_put(w->run->arena, &w->user_map,
		    pf_strdup(w->run->arena, user), k);
	}
	*ids = w->ids.v[k - 1];
	return ids->found ? 0 : -1;
}

static int
in_groups(const struct ids *ids, long gid)
{
	int i;

	for (i = 0; i < ids->ngids; i++)
		if (ids->gids[i] == gid)
			return 1;
	return 0;
}

/* POSIX ACL entries that grant perm (2 write, 1 search) to ids
 * (system.posix_acl_access). */
static int
acl_grants_perm(const char *path, const struct ids *ids, int want,
    const char **why, struct pf_arena *a)
{
	unsigned char buf[4096];
	ssize_t n = getxattr(path, "system.posix_acl_access", buf, sizeof(buf));
	int i, mask = 7, hit = 0;
	long hid = -1;

	if (n < 4 || buf[0] != 2)
		return 0;
	for (i = 4; i + 8 <= n; i += 8)
		if ((buf[i] | buf[i + 1] << 8) == 0x10)
			mask = buf[i + 2];
	for (i = 4; i + 8 <= n; i += 8) {
		int tag = buf[i] | buf[i + 1] << 8, perm = buf[i + 2];
		long id = (long)((unsigned long)buf[i + 4] |
		    (unsigned long)buf[i + 5] << 8 |
		    (unsigned long)buf[i + 6] << 16 |
		    (unsigned long)buf[i + 7] << 24);

		if ((perm & mask & want) == 0)
			continue;
		if ((tag == 0x02 && id == ids->uid) ||
		    (tag == 0x08 && in_groups(ids, id))) {
			hit = tag;
			hid = id;
		}
	}
	if (hit)
		*why = pf_printf(a, "a POSIX ACL grants %s to %s %ld",
		    want == 4 ? "read" : want == 2 ? "write" : "search",
		    hit == 0x02 ? "user" :
		    "group", hid);
	return hit != 0;
}

static int
acl_grants(const char *path, const struct ids *ids, const char **why,
    struct pf_arena *a)
{
	return acl_grants_perm(path, ids, 2, why, a);
}

int
pf_wdirs_user_can_write(struct pf_wdirs *w, const char *dir,
    const char *user, const char **why)
{
	struct pf_run *run = w->run;
	struct stat st;
	struct ids ids;
	const char *real = pf_host_path(run, dir);

	*why = NULL;
	if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
		return -1;
	if ((st.st_mode & 0002) != 0) {
		*why = pf_printf(run->arena, "world-writable (mode %04o)",
		    (unsigned)(st.st_mode & 07777));
		return 1;
	}
	if (lookup_user(w, user, &ids) < 0)
		return -1;
	if (ids.uid == 0) {
		*why = "the pool runs as root";
		return 1;
	}
	if ((long)st.st_uid == ids.uid && (st.st_mode & 0200) != 0) {
		*why = pf_printf(run->arena, "owned by %s, mode %04o", user,
		    (unsigned)(st.st_mode & 07777));
		return 1;
	}
	if (in_groups(&ids, (long)st.st_gid) && (st.st_mode & 0020) != 0) {
		*why = pf_printf(run->arena, "group %ld (of %s) has write, "
		    "mode %04o", (long)st.st_gid, user,
		    (unsigned)(st.st_mode & 07777));
		return 1;
	}
	if (acl_grants(real, &ids, why, run->arena))
		return 1;
	return 0;
}

/* ---- FPM sockets ---------------------------------------------------- */

/* A group by name or numeric id ('#' allowed, as Apache's Group). */
static long
group_id(struct pf_wdirs *w, const char *g)
{
	size_t k;
	char *end;
	long id;

	if (*g == '#')
		g++;
	id = strtol(g, &end, 10);
	if (*g != '\0' && *end == '\0')
		return id;
	if (!w->gr_read)
		read_group(w);
	k = pf_smap_get(&w->gr_by_name, g);
	return k == 0 ? -1 : (long)k - 1;
}

/* Is one of the comma-separated principals of list ids' user or group? */
static int
acl_lists(struct pf_wdirs *w, const char *list, int groups,
    const struct ids *ids)
{
	char *copy, *t, *save = NULL;
	struct ids x;

	if (list == NULL || *list == '\0')
		return 0;
	copy = pf_strdup(w->run->arena, list);
	for (t = strtok_r(copy, ",", &save); t != NULL;
	    t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ' || *t == '\t')
			t++;
		if (groups ? in_groups(ids, group_id(w, t)) :
		    lookup_user(w, t, &x) == 0 && x.uid == ids->uid)
			return 1;
	}
	return 0;
}

/*
 * Do mode's bits grant want (4 read, 2 write, 1 search) to ids for a
 * file owned by uid:gid?  The owner's class, else the group's, else
 * other's, as the kernel picks the one class that applies.
 */
static int
class_grants(long uid, long gid, unsigned long mode, const struct ids *ids,
    unsigned want)
{
	if (uid == ids->uid)
		return (mode & (want << 6)) != 0;
	if (in_groups(ids, gid))
		return (mode & (want << 3)) != 0;
	return (mode & want) != 0;
}

/* The ancestors remembered that path shares with the last one. */
static void
anc_begin(struct pf_wdirs *w, const char *path)
{
	size_t common = 0, len = strlen(path);

	if (w->anc_path != NULL)
		while (w->anc_path[common] != '\0' &&
		    w->anc_path[common] == path[common])
			common++;
	while (w->nanc > 0 && w->anc[w->nanc - 1].n > common)
		w->nanc--;
	if (len + 1 > w->anc_cap) {
		w->anc_cap = len + 64;
		w->anc_path = pf_alloc(w->run->arena, w->anc_cap);
		w->nanc = 0;	/* (the old text is gone) */
	}
	memcpy(w->anc_path, path, len + 1);
}

/*
 * stat() of the first n bytes of the path anc_begin() was given (a
 * directory above it), once while the paths share it: 0, or -1 when stat
 * fails.
 */
static int
dir_stat(struct pf_wdirs *w, size_t n, struct stat *st)
{
	struct dstat *e = NULL;
	struct stat sb;
	size_t k;
	char c;

	for (k = 0; k < w->nanc; k++)
		if (w->anc[k].n == n)
			e = &w->anc[k];
	if (e == NULL) {
		memset(&sb, 0, sizeof(sb));
		c = w->anc_path[n];
		w->anc_path[n] = '\0';
		k = (size_t)stat(pf_host_path(w->run, w->anc_path), &sb);
		w->anc_path[n] = c;
		if (w->nanc == NANC) {
			*st = sb;
			return (int)k;
		}
		e = &w->anc[w->nanc++];
		e->n = n;
		e->rc = (int)k;
		e->mode = sb.st_mode;
		e->uid = sb.st_uid;
		e->gid = sb.st_gid;
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = e->mode;
	st->st_uid = e->uid;
	st->st_gid = e->gid;
	return e->rc;
}

/*
 * connect(2) resolves the socket's path: every directory on the way needs
 * search permission (unix(7)).  Directories this machine (or --root)
 * lacks are not judged: php-fpm would not start (fpm-listen says so).
 */
static int
dirs_searchable(struct pf_wdirs *w, const char *path, const struct ids *ids,
    const char *user, const char *what, const char **why)
{
	struct pf_arena *a = w->run->arena;
	const char *slash;
	struct stat st;

	anc_begin(w, path);
	for (slash = strchr(path + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		const char *dir;

		if (dir_stat(w, (size_t)(slash - path), &st) != 0 ||
		    !S_ISDIR(st.st_mode))
			return 1;
		if (class_grants((long)st.st_uid, (long)st.st_gid,
		    st.st_mode, ids, 1))
			continue;
		/* (the name made only here: this runs for every file) */
		dir = pf_strndup(a, path, (size_t)(slash - path));
		if (!acl_grants_perm(pf_host_path(w->run, dir), ids, 1, why,
		    a)) {
			*why = pf_printf(a, "the directory %s (owner %ld, group "
			    "%ld, mode %04o) does not let %s through to %s",
			    dir, (long)st.st_uid, (long)st.st_gid,
			    (unsigned)(st.st_mode & 07777), user, what);
			return 0;
		}
	}
	return 1;
}

/* Apache's children: User's ids, with Group added (initgroups). */
static int
apache_ids(struct pf_wdirs *w, const char *user, const char *group,
    struct ids *ids)
{
	long gid;

	if (user == NULL)
		return -1;
	if (*user == '#')
		user++;
	if (lookup_user(w, user, ids) < 0)
		return -1;
	if (group != NULL) {
		if ((gid = group_id(w, group)) < 0)
			return -1;
		if (!in_groups(ids, gid) && ids->ngids < 64)
			ids->gids[ids->ngids++] = gid;
	}
	return 0;
}

int
pf_wdirs_socket_access(struct pf_wdirs *w, const struct pf_pool *p,
    const char *user, const char *group, const char **why)
{
	struct pf_arena *a = w->run->arena;
	const char *owner = p->listen_owner.s, *grp = p->listen_group.s;
	const char *acl_u = p->listen_acl_users.s, *acl_g = p->listen_acl_groups.s;
	unsigned long mode = 0660;
	long suid = 0, sgid = 0;
	struct ids ids, o;
	char *end;

	*why = NULL;
	if (p->listen.kind != PF_LISTEN_UNIX ||
	    apache_ids(w, user, group, &ids) < 0)
		return -1;
	if (ids.uid == 0)
		return 1;
	if (*user == '#')
		user++;
	if (!dirs_searchable(w, p->listen.path, &ids, user, "the socket",
	    why))
		return 0;
	/* fpm_unix_resolve_socket_premissions(): mode 0660 unless given;
	 * ACLs (listen.acl_users/acl_groups) leave the socket to the master
	 * (root) and add entries; else listen.owner (with its primary group)
	 * and listen.group, each unset keeping the master's. */
	if (p->listen_mode.s != NULL && *p->listen_mode.s != '\0')
		mode = strtoul(p->listen_mode.s, NULL, 8);
	if ((acl_u != NULL && *acl_u != '\0') ||
	    (acl_g != NULL && *acl_g != '\0')) {
		if (acl_lists(w, acl_u, 0, &ids) || acl_lists(w, acl_g, 1, &ids))
			return 1;
		*why = pf_printf(a, "listen.acl_users/acl_groups name neither "
		    "%s nor a group of it, and the socket is root's, mode "
		    "%04lo", user, mode & 07777);
		return class_grants(0, 0, mode, &ids, 2);
	}
	if (owner != NULL && *owner != '\0') {
		suid = strtol(owner, &end, 10);
		if (*end != '\0') {
			if (lookup_user(w, owner, &o) < 0)
				return -1;
			suid = o.uid;
			sgid = o.ngids > 0 ? o.gids[0] : 0;
		}
	}
	if (grp != NULL && *grp != '\0' && (sgid = group_id(w, grp)) < 0)
		return -1;
	*why = pf_printf(a, "the socket is owned by %s%s, group %s%s, mode "
	    "%04lo, and %s is %s", owner && *owner ? owner : "root",
	    owner && *owner ? "" : " (the master's user: listen.owner unset)",
	    grp && *grp ? grp : owner && *owner ? "of the owner" : "root",
	    grp && *grp ? "" : " (listen.group unset)", mode & 07777, user,
	    suid == ids.uid ? "its owner" : in_groups(&ids, sgid) ?
	    "in its group" : "neither its owner nor in its group");
	return class_grants(suid, sgid, mode, &ids, 2);
}

int
pf_wdirs_read_access(struct pf_wdirs *w, const char *path, const char *user,
    const char *group, const char **why)
{
	struct pf_arena *a = w->run->arena;
	const char *real = pf_host_path(w->run, path), *u = user;
	struct ids ids;
	struct stat st;

	*why = NULL;
	if (apache_ids(w, user, group, &ids) < 0)
		return -1;
	if (ids.uid == 0 || stat(real, &st) != 0 || !S_ISREG(st.st_mode))
		return 1;
	if (*u == '#')
		u++;
	if (!dirs_searchable(w, path, &ids, u, path, why))
		return 0;
	if (class_grants((long)st.st_uid, (long)st.st_gid, st.st_mode, &ids,
	    4) || acl_grants_perm(real, &ids, 4, why, a))
		return 1;
	*why = pf_printf(a, "the file is owner %ld, group %ld, mode %04o, and "
	    "%s is %s", (long)st.st_uid, (long)st.st_gid,
	    (unsigned)(st.st_mode & 07777), u, (long)st.st_uid == ids.uid ?
	    "its owner" : in_groups(&ids, (long)st.st_gid) ? "in its group" :
	    "neither its owner nor in its group");
	return 0;
}

/* ---- per vhost ------------------------------------------------------ */

/* Adds path, unless there: the new entry, or NULL. */
static struct pf_wdir *
add(struct pf_run *run, void *vec, const char *path, const char *why,
    struct pf_loc loc, int on_disk)
{
	PF_VEC(struct pf_wdir) *v = vec;
	struct pf_wdir d;
	size_t i, n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (i = 0; i < v->n; i++)
		if (strlen(v->v[i].path) == n &&
		    strncmp(v->v[i].path, path, n) == 0)
			return NULL;
	memset(&d, 0, sizeof(d));
	d.path = pf_strndup(run->arena, path, n);
	d.why = why;
	d.loc = loc;
	d.on_disk = on_disk;
	PF_PUSH(run->arena, *v, d);
	return &v->v[v->n - 1];
}

/* dir/name without a double '/' (a DocumentRoot of "/" lists "/tmp"). */
static const char *
jpath(struct pf_arena *a, const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return pf_printf(a, "%s%s%s", dir, n > 0 && dir[n - 1] == '/' ? "" :
	    "/", name);
}

static void walk(struct pf_wdirs *, void *, const char *, const char *,
    int, int *);
static void deep_note(struct pf_wdirs *, const char *, const char *);

/*
 * One name of a directory walk() lists (type: its d_type).  With user
 * NULL the walk is for deep_note() alone (a vhost without a pool whose
 * user cannot write the DocumentRoot): no folder is judged writable or
 * skipped as such, and the names of the last level listed are not
 * looked at further.
 */
static void
walk_entry(struct pf_wdirs *w, void *vec, const char *dir, const char *name,
    unsigned char type, const char *user, int depth, int *budget)
{
	struct pf_run *run = w->run;
	const char *p, *why;
	struct stat st;

	/* (the top's names are pf_wdirs_docroot_secrets()'s) */
	if (depth > 0 && w->deep != NULL)
		deep_note(w, dir, name);
	if (name[0] == '.' || (user == NULL && depth >= 3) ||
	    (type != DT_DIR && type != DT_UNKNOWN && type != DT_LNK))
		return;
	p = jpath(w->wa, dir, name);
	/* (d_type is lstat()'s answer; a file system without it is
	 * asked) */
	if (type == DT_UNKNOWN) {
		if (lstat(pf_host_path(run, p), &st) != 0)
			return;
		type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ?
		    DT_LNK : DT_REG;
		if (type == DT_REG)
			return;
	}
	/*
	 * A link to a folder (a deploy tool's uploads -> ../../shared/
	 * uploads, Debian's tt-rss: www/feed-icons -> /var/lib/tt-rss/
	 * feed-icons, www-data's): Apache follows it where FollowSymLinks
	 * holds, which the probes ask the simulator.  Judged as the folder
	 * it leads to, never walked below (no loops).
	 */
	if (type == DT_LNK) {
		if (user == NULL || stat(pf_host_path(run, p), &st) != 0 ||
		    !S_ISDIR(st.st_mode))
			return;
		(*budget)--;
		if (pf_wdirs_user_can_write(w, p, user, &why) == 1)
			add(run, vec, p, pf_printf(run->arena, "%s can "
			    "write the folder it links to: %s", w->who, why),
			    PF_NOLOC, 1);
		return;
	}
	(*budget)--;
	if (user != NULL && pf_wdirs_user_can_write(w, p, user, &why) == 1) {
		add(run, vec, p, pf_printf(run->arena, "%s can write "
		    "it: %s", w->who, why), PF_NOLOC, 1);
		return;		/* below it is writable anyway */
	}
	walk(w, vec, p, user, depth + 1, budget);
}

/* Walks below dir (depth-limited) for directories user can write: the
 * listing read ahead with the DocumentRoot's, else its own. */
static void
walk(struct pf_wdirs *w, void *vec, const char *dir, const char *user,
    int depth, int *budget)
{
	DIR *d;
	struct dirent *e;
	size_t k, i;

	if (depth > 3 || *budget <= 0)
		return;
	if (w->cur != NULL && strlen(dir) > w->ncur &&
	    (k = pf_smap_get(&w->cur->subs, dir + w->ncur + 1)) != 0) {
		const struct dsub *sd = &w->cur->sub.v[k - 1];

		for (i = 0; sd->ok && i < sd->names.n && *budget > 0; i++)
			walk_entry(w, vec, dir, sd->names.v[i],
			    sd->types.v[i], user, depth, budget);
		return;
	}
	d = opendir(pf_host_path(w->run, dir));
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && *budget > 0)
		walk_entry(w, vec, dir, e->d_name, e->d_type, user, depth,
		    budget);
	closedir(d);
}

/* walk() of a directory whose names are known, in readdir's order. */
static void
walk_names(struct pf_wdirs *w, void *vec, const char *dir,
    const char *const *names, const unsigned char *types, size_t n,
    const char *user, int *budget)
{
	size_t i;

	for (i = 0; i < n && *budget > 0; i++)
		walk_entry(w, vec, dir, names[i], types[i], user, 0, budget);
}

static int php_backup(const char *);

int
pf_wdirs_keeps_name(const char *name, unsigned char type)
{
	/* (links too: the simulator's memo asks whether a DocumentRoot
	 * holds one, sim_docroot_links()) */
	if (name[0] != '.' && (type == DT_DIR || type == DT_UNKNOWN ||
	    type == DT_LNK))
		return 1;
	/* (.user.ini, or another user_ini.filename that ends in .ini: the
	 * rules read the sites' own, r_php.c user_inis) */
	return (name[0] == '.' && (strcmp(name, ".git") == 0 ||
	    strcmp(name, ".env") == 0)) || (strlen(name) >= 4 &&
	    strcmp(name + strlen(name) - 4, ".ini") == 0) ||
	    php_backup(name);
}

/* Does a listing hold a folder (or a name of unknown type) to walk? */
static int
list_has_folder(const char *const *names, const unsigned char *types,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i][0] != '.' && (types[i] == DT_DIR ||
		    types[i] == DT_UNKNOWN))
			return 1;
	return 0;
}

static int
has_folder(const struct dres *r)
{
	return list_has_folder(r->order.v, r->types.v, r->order.n);
}

/* The names in a directory (in arena a), and if asked in readdir's
 * order with their d_type; 0 if unreadable. */
static int
list_dir(struct pf_arena *a, const char *real, struct pf_smap *names,
    namevec *order, typevec *types)
{
	DIR *d = opendir(real);
	struct dirent *e;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		const char *name = pf_strdup(a, e->d_name);

		pf_smap_put(a, names, name, 1);
		if (order != NULL) {
			PF_PUSH(a, *order, name);
			PF_PUSH(a, *types, e->d_type);
		}
	}
	closedir(d);
	return 1;
}

/* ---- read-ahead of DocumentRoots ---------------------------------- */

#define DENTS_BUF	16384

/* The listing readdir() makes of an open directory, without its fstat,
 * fcntl and buffer allocation (an error ends it, as readdir's NULL
 * does); names into a (and into *names if given). */
static void
list_fd(struct pf_arena *a, int fd, char *buf, struct pf_smap *names,
    namevec *order, typevec *types)
{
	struct dirent64 *e;
	ssize_t got;
	size_t off;

	while ((got = getdents64(fd, buf, DENTS_BUF)) > 0)
		for (off = 0; off < (size_t)got; off += e->d_reclen) {
			const char *name;

			e = (struct dirent64 *)(void *)(buf + off);
			if (e->d_reclen == 0)
				break;
			name = pf_strdup(a, e->d_name);
			if (names != NULL)
				pf_smap_put(a, names, name, 1);
			PF_PUSH(a, *order, name);
			PF_PUSH(a, *types, e->d_type);
		}
}

/*
 * The folders below a DocumentRoot's top that walk() may enter, listed
 * in walk()'s order: not dot folders, not symlinks (O_NOFOLLOW: lstat()'s
 * answer), three levels, at most *budget of them.  Each is opened from
 * its parent's descriptor: no path is resolved again.  Once *left names
 * are held no more folder is read (the ring holds AHEAD such answers):
 * walk() lists the rest itself, as it does a folder not read here.
 */
#define DEEP_NAMES	1024
static void
read_sub(struct dres *r, int pfd, const char *prel, namevec names,
    typevec types, int depth, char *buf, int *budget, size_t *left)
{
	size_t i;

	for (i = 0; i < names.n && *budget > 0 && *left > 0; i++) {
		const char *name = names.v[i], *rel;
		struct dsub sd;
		int fd;

		if (name[0] == '.' || (types.v[i] != DT_DIR &&
		    types.v[i] != DT_UNKNOWN))
			continue;
		fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd < 0 && (errno == ENOTDIR || errno == ELOOP ||
		    errno == ENOENT))
			continue;	/* not a folder (walk() asks lstat) */
		(*budget)--;
		memset(&sd, 0, sizeof(sd));
		rel = prel[0] != '\0' ? pf_printf(r->a, "%s/%s", prel, name) :
		    name;
		if (fd >= 0) {
			list_fd(r->a, fd, buf, NULL, &sd.names, &sd.types);
			sd.ok = 1;
			*left = sd.names.n < *left ? *left - sd.names.n : 0;
		}
		PF_PUSH(r->a, r->sub, sd);
		pf_smap_put(r->a, &r->subs, rel, r->sub.n);
		if (fd >= 0 && depth < 3)
			read_sub(r, fd, rel, sd.names, sd.types, depth + 1,
			    buf, budget, left);
		if (fd >= 0)
			close(fd);
	}
}

/*
 * What is_dir_on_disk() and list_dir() would say of a path: one open
 * (O_DIRECTORY follows symlinks as stat does) instead of a stat and an
 * opendir; odd errors take the long way.  With d->deep the folders
 * below it too (read_sub()).
 */
static void
read_slot(const struct dslot *d, struct dres *r)
{
	struct stat st;
	_Alignas(struct dirent64) char buf[DENTS_BUF];
	int fd, budget = WALK_BUDGET;
	size_t left = DEEP_NAMES;

	if (r->a == NULL)
		r->a = pf_arena_new();
	else
		pf_arena_reset(r->a);
	memset(&r->names, 0, sizeof(r->names));
	memset(&r->order, 0, sizeof(r->order));
	memset(&r->types, 0, sizeof(r->types));
	memset(&r->subs, 0, sizeof(r->subs));
	memset(&r->sub, 0, sizeof(r->sub));
	r->isdir = r->listed = 0;
	/* The reader listed it (and the folders below, or there is no
	 * folder to read below it): no system call here. */
	if (d->list != NULL && (!d->deep || d->list->subs != NULL ||
	    !list_has_folder(d->list->names, d->list->types, d->list->n))) {
		size_t i;

		r->isdir = r->listed = 1;
		for (i = 0; i < d->list->n; i++) {
			pf_smap_put(r->a, &r->names, d->list->names[i], 1);
			PF_PUSH(r->a, r->order, d->list->names[i]);
			PF_PUSH(r->a, r->types, d->list->types[i]);
		}
		for (i = 0; d->deep && d->list->subs != NULL &&
		    i < d->list->subs->n; i++) {
			const struct pf_dirsub *ls = &d->list->subs->v[i];
			struct dsub sd;

			/* (read only: walk() reads names and types) */
			sd.names.v = (const char **)(uintptr_t)ls->names;
			sd.names.n = sd.names.cap = ls->n;
			sd.types.v = (unsigned char *)(uintptr_t)ls->types;
			sd.types.n = sd.types.cap = ls->n;
			sd.ok = 1;
			PF_PUSH(r->a, r->sub, sd);
			pf_smap_put(r->a, &r->subs, ls->rel, r->sub.n);
		}
		return;
	}
	fd = open(d->real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return;
		r->isdir = stat(d->real, &st) == 0 && S_ISDIR(st.st_mode);
		if (r->isdir)
			r->listed = list_dir(r->a, d->real, &r->names,
			    &r->order, &r->types);
		return;
	}
	r->isdir = 1;
	list_fd(r->a, fd, buf, &r->names, &r->order, &r->types);
	r->listed = 1;
	if (d->deep)
		read_sub(r, fd, "", r->order, r->types, 1, buf, &budget,
		    &left);
	close(fd);
}

static void
wake(struct prefetch *p)
{
	pthread_mutex_lock(&p->mu);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/*
 * The thread reads two or more slots past the one pf_wdirs_for() wants
 * next: those closer it reads itself if it gets there first.  Starting at
 * the consumer's slot made the two move in step, the consumer waiting
 * for each read the thread had just begun.
 */
static void *
prefetch_main(void *arg)
{
	struct prefetch *p = arg;
	size_t i = 0, c;
	unsigned char fr;

	while (!p->stop) {
		c = p->consumed;
		if (i < c + 2)
			i = c + 2;
		if (i >= p->n)
			break;
		if (i + 1 >= c + AHEAD) {
			/* A full ring: back when half of it is taken, not
			 * woken per vhost. */
			size_t at = i + 2 - AHEAD / 2;

			p->pwake_at = at;
			pthread_mutex_lock(&p->mu);
			p->pwait++;
			while (!p->stop && p->consumed < at)
				pthread_cond_wait(&p->cv, &p->mu);
			p->pwait--;
			pthread_mutex_unlock(&p->mu);
			continue;
		}
		fr = S_FREE;
		if (atomic_compare_exchange_strong(&p->state[i], &fr,
		    S_THREAD)) {
			read_slot(&p->slots[i], &p->ring[i % AHEAD]);
			p->state[i] = S_READY;
			if (p->cwait)
				wake(p);
		}
		i++;
	}
	return NULL;
}

/*
 * Marks the first slot of each DocumentRoot (not walked before) as the
 * one whose folders are read: vhosts sharing it are walked once
 * (pf_wdirs_for()).  A table of slot numbers by the paths' hash, freed
 * here (10,000 vhosts: 128 KB for a moment).
 */
static void
first_slots(struct pf_wdirs *w, struct dslot *sl, size_t n)
{
	size_t cap = 64, mask, i, j;
	uint32_t *t;

	while (cap < 2 * n)
		cap *= 2;
	mask = cap - 1;
	/* (mapped, not malloc()ed: freeing a block that size raises
	 * malloc's mmap threshold for the rest of the run, which costs
	 * the rules' arenas more than the block) */
	t = mmap(NULL, cap * sizeof(*t), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);	/* slot + 1, zeroed */
	if (t == MAP_FAILED)
		pf_oom();
	for (i = 0; i < n; i++) {
		uint64_t h = 14695981039346656037ULL;
		const unsigned char *c;

		for (c = (const unsigned char *)sl[i].path; *c != '\0'; c++)
			h = (h ^ *c) * 1099511628211ULL;
		for (j = (size_t)(h ^ h >> 32) & mask; t[j] != 0 &&
		    strcmp(sl[t[j] - 1].path, sl[i].path) != 0;
		    j = (j + 1) & mask)
			;
		sl[i].deep = t[j] == 0 &&
		    pf_smap_get(&w->walked, sl[i].path) == 0;
		if (t[j] == 0)
			t[j] = (uint32_t)(i + 1);
		else
			sl[i].shared = sl[t[j] - 1].shared = 1;
	}
	munmap(t, cap * sizeof(*t));
}

void
pf_wdirs_prefetch(struct pf_wdirs *w, const char *const *docroots, size_t n)
{
	struct prefetch *p;
	size_t i, k = 0;
	const char *e = getenv("PF_RULES_PREFETCH");

	/* PF_RULES_PREFETCH=off: every vhost looks itself (tests compare);
	 * =on: a thread whatever the list or the machine. */
	if (w->pf != NULL || (e != NULL && strcmp(e, "off") == 0) ||
	    ((e == NULL || strcmp(e, "on") != 0) && (n < 32 ||
	    sysconf(_SC_NPROCESSORS_ONLN) < 2)))
		return;
	p = pf_alloc(w->run->arena, sizeof(*p));
	p->slots = pf_alloc(w->run->arena, (n + 1) * sizeof(*p->slots));
	p->ring = pf_alloc(w->run->arena, AHEAD * sizeof(*p->ring));
	p->state = pf_alloc(w->run->arena, n + 1);	/* S_FREE */
	for (i = 0; i < n; i++)
		if (docroots[i] != NULL) {
			p->slots[k].path = docroots[i];
			p->slots[k].real = pf_host_path(w->run, docroots[i]);
			p->slots[k].list = pf_dirlist_get(w->run,
			    p->slots[k].real);
			k++;
		}
	p->n = k;
	p->partial = k < n || w->partial;
	first_slots(w, p->slots, k);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	while (p->nthr < NPROD && pthread_create(&p->thr[p->nthr], NULL,
	    prefetch_main, p) == 0)
		p->nthr++;
	if (p->nthr == 0) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		return;
	}
	w->pf = p;
}

void
pf_wdirs_prefetch_end(struct pf_wdirs *w)
{
	struct prefetch *p = w->pf;
	size_t i;

	if (p == NULL)
		return;
	p->stop = 1;
	wake(p);
	for (i = 0; i < (size_t)p->nthr; i++)
		pthread_join(p->thr[i], NULL);
	for (i = 0; i < AHEAD; i++)
		pf_arena_free(p->ring[i].a);
	pf_arena_free(p->own.a);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	w->pf = NULL;
}

struct pf_wdirs *
pf_wdirs_fork(struct pf_wdirs *w, struct pf_run *run, int partial)
{
	struct pf_wdirs *w2 = pf_wdirs_build(run, w->opts);

	w->partial = w2->partial = partial;
	return w2;
}

/* The entries of w2's map m2 (into w2->sec) that w's map m lacks, added
 * to w->sec and m. */
static void
join_secs(struct pf_wdirs *w, const struct pf_wdirs *w2, struct pf_smap *m,
    const struct pf_smap *m2)
{
	struct pf_arena *a = w->run->arena;
	size_t j;

	for (j = 0; j < m2->cap; j++)
		if (m2->k[j] != NULL && pf_smap_get(m, m2->k[j]) == 0) {
			PF_PUSH(a, w->sec, w2->sec.v[m2->v[j] - 1]);
			pf_smap_put(a, m, m2->k[j], w->sec.n);
		}
}

void
pf_wdirs_join(struct pf_wdirs *w, struct pf_wdirs *w2)
{
	struct pf_arena *a = w->run->arena;
	size_t j;

	/* (w2's strings and arrays live in an arena the caller adopts) */
	for (j = 0; j < w2->capmemo; j++) {
		const struct wmemo *e = &w2->memo[j];
		struct wmemo *slot;

		if (e->docroot == NULL)
			continue;
		slot = memo_slot(w, e->v, e->docroot, e->pool, 1);
		if (slot->docroot == NULL) {
			*slot = *e;
			w->nmemo++;
		}
	}
	for (j = 0; j < w2->walked.cap; j++)
		if (w2->walked.k[j] != NULL &&
		    pf_smap_get(&w->walked, w2->walked.k[j]) == 0)
			pf_smap_put(a, &w->walked, w2->walked.k[j], 1);
	join_secs(w, w2, &w->sec_map, &w2->sec_map);
	join_secs(w, w2, &w->dir_map, &w2->dir_map);
}

/*
 * The read-ahead answer for docroot if it is the next in the list or a
 * little further (those skipped are dropped), else NULL.  It stays valid
 * until the next call.
 */
static const struct dres *
prefetch_take(struct pf_wdirs *w, const char *docroot)
{
	struct prefetch *p = w->pf;
	const struct dres *r;
	size_t j, c, end;
	unsigned char fr;

	if (p == NULL)
		return NULL;
	c = p->consumed;
	end = c + AHEAD - 1 < p->n ? c + AHEAD - 1 : p->n;
	for (j = c; j < end; j++)
		if (strcmp(p->slots[j].path, docroot) == 0)
			break;
	if (j == end)
		return NULL;
	fr = S_FREE;
	if (atomic_compare_exchange_strong(&p->state[j], &fr, S_OWN)) {
		read_slot(&p->slots[j], &p->own);
		r = &p->own;
	} else {
		if (p->state[j] != S_READY) {
			pthread_mutex_lock(&p->mu);
			p->cwait = 1;
			while (p->state[j] != S_READY)
				pthread_cond_wait(&p->cv, &p->mu);
			p->cwait = 0;
			pthread_mutex_unlock(&p->mu);
		}
		r = &p->ring[j % AHEAD];
	}
	w->taken_shared = p->slots[j].shared;
	p->consumed = j + 1;
	if (p->pwait > 0 && p->consumed >= p->pwake_at)
		wake(p);
	return r;
}

/* Does the first component of a conventional pattern exist (or is it a
 * pattern itself)? */
static int
first_exists(const struct pf_smap *names, const char *pat)
{
	size_t l = strcspn(pat, "/");
	char buf[64];

	if (strcspn(pat, "*?[") < l || l >= sizeof(buf))
		return 1;
	memcpy(buf, pat, l);
	buf[l] = '\0';
	return pf_smap_get(names, buf) != 0;
}

/* What a DocumentRoot must not serve, by the name at its top, and the
 * file that shows it is there. */
static const struct {
	unsigned	 bit;
	const char	*name, *file;
} secret_files[] = {
	{ PF_WSECRET_GIT, ".git", ".git/config" },
	{ PF_WSECRET_ENV, ".env", ".env" },
};

/* Does a URL path spell the name (or path) as it is? */
static int
url_safe(const char *q)
{
	for (; *q != '\0'; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		    (*q >= '0' && *q <= '9') || strchr("._-~/", *q) != NULL))
			return 0;
	return 1;
}

/*
 * A backup or swap copy of a PHP file, which Apache would serve as text:
 * "wp-config.php~", "config.php.bak", ".index.php.swp" (vim), ...  Only
 * names a URL path can spell as they are.
 */
static int
php_backup(const char *n)
{
	static const char *const suf[] = { "~", ".bak", ".old", ".orig",
	    ".save", ".swp", ".tmp", ".copy", NULL };
	const char *p = strstr(n, ".php");
	int i;

	/* (the suffix first: walk() asks of every name it lists) */
	if (p == NULL || p == n)
		return 0;
	for (i = 0; suf[i] != NULL; i++)
		if (strcmp(p + 4, suf[i]) == 0)
			return url_safe(n);
	return 0;
}

/*
 * A name walk() lists below a DocumentRoot's top (dir is under it): a
 * .git repository (its config a regular file), a .env file or a backup
 * copy of a PHP file, kept as a path relative to the top when a URL path
 * can spell it as it is (at most MAX_DEEP_KIND of each kind).
 */
static void
deep_note(struct pf_wdirs *w, const char *dir, const char *name)
{
	struct deepc *c = w->deep;
	struct pf_arena *a = w->run->arena;
	const char *file, *p;
	struct stat st;
	int kind;

	if (name[0] == '.' && strcmp(name, ".git") == 0) {
		kind = DEEP_GIT;
		file = ".git/config";
	} else if (name[0] == '.' && strcmp(name, ".env") == 0) {
		kind = DEEP_ENV;
		file = ".env";
	} else if (php_backup(name)) {
		kind = DEEP_BACKUP;
		file = name;
	} else
		return;
	if (c->per[kind] >= MAX_DEEP_KIND || strncmp(dir, c->top,
	    c->ntop) != 0 || dir[c->ntop] != '/' || !url_safe(dir + c->ntop))
		return;
	p = jpath(w->wa, dir, file);
	if (kind != DEEP_BACKUP && (lstat(pf_host_path(w->run, p), &st) != 0 ||
	    !S_ISREG(st.st_mode)))
		return;
	if (c->v == NULL)
		c->v = pf_alloc(a, NDEEP_KINDS * MAX_DEEP_KIND *
		    sizeof(*c->v));
	c->v[c->n++] = pf_strdup(a, p + c->ntop + 1);
	c->per[kind]++;
}

/* The names of a listing that php_backup() takes, into the run's arena
 * (a few per DocumentRoot at most). */
#define MAX_LEAKS	4
static void
leak_names(struct pf_run *run, const char *const *names, size_t n,
    const char ***out, size_t *nout)
{
	size_t i;

	for (i = 0; i < n && *nout < MAX_LEAKS; i++)
		if (names[i] != NULL && php_backup(names[i])) {
			if (*out == NULL)
				*out = pf_alloc(run->arena, MAX_LEAKS *
				    sizeof(**out));
			(*out)[(*nout)++] = pf_strdup(run->arena, names[i]);
		}
}

/*
 * The names of a listing that people give a page calling phpinfo():
 * phpinfo.php, info.php, i.php, pi.php, test.php, php_info.php,
 * infophp.php, phptest.php ... (a .php name whose rest holds "info" or
 * "test", or is one of a few short ones), into the run's arena; at most
 * MAX_INFOS per DocumentRoot.  pf_wdirs_docroot_infos() hands them out
 * and the rule reads the files.
 */
#define MAX_INFOS	4
static int
info_name(const char *n)
{
	static const char *const shortn[] = { "i", "pi", "p", "php", "x",
		"php-version", "version", "check", NULL };
	size_t l = strlen(n), k;
	char b[64];

	if (l < 5 || l - 4 >= sizeof(b) || strcasecmp(n + l - 4, ".php") != 0)
		return 0;
	for (k = 0; k < l - 4; k++)
		b[k] = (char)(n[k] >= 'A' && n[k] <= 'Z' ? n[k] + 32 : n[k]);
	b[k] = '\0';
	if (strstr(b, "info") != NULL || strstr(b, "test") != NULL)
		return 1;
	for (k = 0; shortn[k] != NULL; k++)
		if (strcmp(b, shortn[k]) == 0)
			return 1;
	return 0;
}

static void
info_names(struct pf_run *run, const char *const *names,
    const unsigned char *types, size_t n, const char ***out, size_t *nout)
{
	size_t i;

	for (i = 0; i < n && *nout < MAX_INFOS; i++)
		if (names[i] != NULL && types[i] != DT_DIR &&
		    info_name(names[i])) {
			if (*out == NULL)
				*out = pf_alloc(run->arena, MAX_INFOS *
				    sizeof(**out));
			(*out)[(*nout)++] = pf_strdup(run->arena, names[i]);
		}
}

static unsigned
secret_names(const struct pf_smap *names)
{
	unsigned b = 0;
	size_t i;

	for (i = 0; i < sizeof(secret_files) / sizeof(secret_files[0]); i++)
		if (pf_smap_get(names, secret_files[i].name) != 0)
			b |= secret_files[i].bit;
	return b;
}

/* The names of cand whose file is a regular file in dir. */
static unsigned
confirm_secrets(struct pf_wdirs *w, const char *dir, unsigned cand)
{
	struct stat st;
	unsigned b = 0;
	size_t i;

	for (i = 0; i < sizeof(secret_files) / sizeof(secret_files[0]); i++)
		if ((cand & secret_files[i].bit) && lstat(pf_host_path(w->run,
		    jpath(w->run->arena, dir, secret_files[i].file)),
		    &st) == 0 && S_ISREG(st.st_mode))
			b |= secret_files[i].bit;
	return b;
}

unsigned
pf_wdirs_docroot_secrets(struct pf_wdirs *w, const char *docroot)
{
	size_t k = pf_smap_get(&w->sec_map, docroot);

	return confirm_secrets(w, docroot, k != 0 ?
	    w->sec.v[k - 1].secrets : 0);
}

unsigned
pf_wdirs_dir_secrets(struct pf_wdirs *w, const char *dir,
    const char *const **names, size_t *n)
{
	size_t k = pf_smap_get(&w->dir_map, dir);

	if (k == 0) {
		struct pf_arena *la = pf_arena_new();
		struct pf_smap ln = { 0 };
		struct wsec ws = { 0, NULL, 0, NULL, 0, NULL, 0 };

		if (list_dir(la, pf_host_path(w->run, dir), &ln, NULL, NULL)) {
			ws.secrets = secret_names(&ln);
			leak_names(w->run, ln.k, ln.cap, &ws.leaks,
			    &ws.nleaks);
		}
		pf_arena_free(la);
		PF_PUSH(w->run->arena, w->sec, ws);
		k = w->sec.n;
		pf_smap_put(w->run->arena, &w->dir_map,
		    pf_strdup(w->run->arena, dir), k);
	}
	*names = (const char *const *)w->sec.v[k - 1].leaks;
	*n = w->sec.v[k - 1].nleaks;
	return confirm_secrets(w, dir, w->sec.v[k - 1].secrets);
}

size_t
pf_wdirs_docroot_deep(struct pf_wdirs *w, const char *docroot,
    const char *const **paths)
{
	size_t k = pf_smap_get(&w->sec_map, docroot);

	*paths = k != 0 ? (const char *const *)w->sec.v[k - 1].deep : NULL;
	return k != 0 ? w->sec.v[k - 1].ndeep : 0;
}

size_t
pf_wdirs_docroot_infos(struct pf_wdirs *w, const char *docroot,
    const char *const **names)
{
	size_t k = pf_smap_get(&w->sec_map, docroot);

	*names = k != 0 ? (const char *const *)w->sec.v[k - 1].infos : NULL;
	return k != 0 ? w->sec.v[k - 1].ninfos : 0;
}

size_t
pf_wdirs_docroot_leaks(struct pf_wdirs *w, const char *docroot,
    const char *const **names)
{
	size_t k = pf_smap_get(&w->sec_map, docroot);

	*names = k != 0 ? (const char *const *)w->sec.v[k - 1].leaks : NULL;
	return k != 0 ? w->sec.v[k - 1].nleaks : 0;
}

size_t
pf_wdirs_for(struct pf_wdirs *w, const struct pf_vhost *v,
    const char *docroot, const struct pf_pool *pool,
    const struct pf_wdir **out)
{
	struct pf_run *run = w->run;
	struct pf_model *m = pf_model_get(run);
	PF_VEC(struct pf_wdir) vec = { 0 };
	size_t i, j;
	int k, budget = WALK_BUDGET;
	struct wmemo wm;
	const struct dres *ds;
	const char *dwhy;	/* the DocumentRoot's writability */

	struct wmemo *hit;
	unsigned secrets = 0;
	const char **leaks = NULL, **infos = NULL;
	size_t nleaks = 0, ninfos = 0;
	struct deepc deep;
	struct dres own;	/* the listing made here (no read-ahead) */
	/* docroot as the joins below use it: "/srv/www/" is often what
	 * DocumentRoot says (httpd joins it without a double '/'). */
	const char *dj = docroot;

	memset(&deep, 0, sizeof(deep));
	memset(&own, 0, sizeof(own));
	if (docroot != NULL && strlen(docroot) > 1 &&
	    docroot[strlen(docroot) - 1] == '/') {
		size_t n = strlen(docroot);

		while (n > 1 && docroot[n - 1] == '/')
			n--;
		dj = pf_strndup(run->arena, docroot, n);
	}

	/* Several passes ask about each vhost: answer from the memo. */
	if (docroot != NULL &&
	    (hit = memo_slot(w, v, docroot, pool, 0)) != NULL) {
		*out = hit->dirs;
		return hit->n;
	}

	if (v != NULL)
		for (i = 0; i < v->upload_dirs.n; i++) {
			const struct pf_sval *u = &v->upload_dirs.v[i];
			const struct pf_source *src = pf_source_get(run,
			    u->loc.file);
			const char *p = u->s[0] == '/' || docroot == NULL ?
			    u->s : jpath(run->arena, dj, u->s);

			add(run, &vec, p, src != NULL && (src->kind ==
			    PF_SRC_SITE || src->kind == PF_SRC_GENERATED) ?
			    "declared as an upload directory in the site "
			    "description" : "named by --upload-dir", u->loc,
			    is_dir_on_disk(run, p));
		}
	if ((v == NULL || v->upload_dirs.n == 0) && w->opts != NULL)
		for (i = 0; i < w->opts->nupload_dirs; i++) {
			const char *u = w->opts->upload_dirs[i];
			const char *p = u[0] == '/' || docroot == NULL ? u :
			    jpath(run->arena, dj, u);

			add(run, &vec, p, "named by --upload-dir", PF_NOLOC,
			    is_dir_on_disk(run, p));
		}
	for (i = 0; i < m->sites.n; i++) {
		const struct pf_site *s = m->sites.v[i];

		if (s->document_root.s == NULL || docroot == NULL ||
		    strcmp(s->document_root.s, docroot) != 0)
			continue;
		for (j = 0; j < s->upload_dirs.n; j++) {
			const char *p = s->upload_dirs.v[j].s;

			if (p[0] != '/')
				p = jpath(run->arena, dj, p);
			add(run, &vec, p, "declared as an upload directory in "
			    "the site description", s->upload_dirs.v[j].loc,
			    is_dir_on_disk(run, p));
		}
	}
	/* The DocumentRoot's listing: the read-ahead's, else made here the
	 * same way (one listing, whatever follows uses it). */
	ds = docroot != NULL ? prefetch_take(w, docroot) : NULL;
	if (docroot != NULL && ds == NULL) {
		struct dslot sl;

		sl.path = docroot;
		sl.real = pf_host_path(run, docroot);
		sl.deep = pf_smap_get(&w->walked, dj) == 0;
		sl.list = pf_dirlist_get(run, sl.real);
		read_slot(&sl, &own);
		ds = &own;
	}
	if (ds != NULL && ds->isdir) {
		/* Conventional names only stand in for declarations: a site
		 * that lists its upload dirs (or --upload-dir) is believed
		 * (security-rules.md 3.2), so uploads/ is not guessed when
		 * uploads/images is what users write. */
		int listed = ds->listed, upload_walk, deepwalk;

		/* The names pf_wdirs_docroot_secrets() looks for, from the
		 * listing (no lookup per vhost). */
		if (listed) {
			secrets = secret_names(&ds->names);
			leak_names(run, ds->order.v, ds->order.n, &leaks,
			    &nleaks);
			info_names(run, ds->order.v, ds->types.v, ds->order.n,
			    &infos, &ninfos);
		}
		for (k = 0; vec.n == 0 && conventional[k] != NULL; k++) {
			const char *pat;
			glob_t g;

			/* glob() only where the first component exists: one
			 * listing of the DocumentRoot instead of a lookup per
			 * name, per vhost. */
			if (listed && !first_exists(&ds->names,
			    conventional[k]))
				continue;
			pat = jpath(run->arena, pf_host_path(run, dj),
			    conventional[k]);
			if (glob(pat, GLOB_ONLYDIR, NULL, &g) != 0)
				continue;
			for (i = 0; i < g.gl_pathc; i++) {
				const char *p = g.gl_pathv[i], *why;
				struct pf_wdir *d;
				int can = -1;

				if (run->root != NULL)
					p += strlen(run->root);
				/* A name is a guess: where the pool's user
				 * surely cannot write the folder (root's
				 * 0755 data/ beside a declared upload dir,
				 * another site's root) it is not one.  An
				 * unknown answer (no user database under
				 * --root, no pool) keeps the guess, and the
				 * findings say it is one. */
				if (pool != NULL && pool->user.s != NULL &&
				    (can = pf_wdirs_user_can_write(w, p,
				    pool->user.s, &why)) == 0)
					continue;
				d = add(run, &vec, p, can == 1 ?
				    pf_printf(run->arena, "a conventional "
				    "upload location (%s), and %s can write "
				    "it: %s", conventional[k], pool->user.s,
				    why) : pf_printf(run->arena, "a "
				    "conventional upload location (%s) that "
				    "exists; whether %s can write it is not "
				    "known here", conventional[k],
				    pool != NULL && pool->user.s != NULL ?
				    pool->user.s : "PHP's user"), PF_NOLOC, 1);
				if (d != NULL)
					d->guessed = can != 1;
			}
			globfree(&g);
		}
		/* A folder the pool's user can write, in a DocumentRoot it
		 * cannot, was made so on purpose: uploads.  Where the user
		 * owns the whole DocumentRoot (a panel's site account:
		 * ISPConfig's web1, HestiaCP's and cPanel's users) every
		 * folder below is writable for the same reason and none is
		 * more an upload folder than the rest; the writable
		 * DocumentRoot itself is user-ini-upload's finding. */
		upload_walk = pool != NULL && pool->user.s != NULL &&
		    pf_wdirs_user_can_write(w, dj, pool->user.s, &dwhy) != 1;
		/* Secrets below the top: noted by the upload walk, else (no
		 * pool known, or its user writes the whole DocumentRoot) by
		 * the same walk without a user, once per DocumentRoot per
		 * run, and only where the top holds a folder. */
		deepwalk = listed && has_folder(ds) &&
		    pf_smap_get(&w->walked, dj) == 0;
		if (upload_walk || deepwalk) {
			deep.top = dj;
			deep.ntop = strlen(dj);
			w->deep = &deep;
			/* (the folders below: read with the top, unless
			 * another vhost's walk had them) */
			w->cur = ds;
			w->ncur = deep.ntop > 1 ? deep.ntop : 0;
			w->wa = pf_arena_new();
			w->who = pool != NULL && pool == w->modphp ?
			    "Apache's user, which mod_php runs PHP as," :
			    "the pool user";
			if (listed)
				walk_names(w, &vec, dj, ds->order.v,
				    ds->types.v, ds->order.n, upload_walk ?
				    pool->user.s : NULL, &budget);
			else
				walk(w, &vec, dj, pool->user.s, 0, &budget);
			w->deep = NULL;
			w->cur = NULL;
			pf_arena_free(w->wa);
			w->wa = NULL;
			/* (a DocumentRoot of one read-ahead slot, with
			 * a slot for every vhost, is asked for once) */
			if (deepwalk && (ds == &own || w->pf->partial ||
			    w->taken_shared))
				pf_smap_put(run->arena, &w->walked,
				    pf_strdup(run->arena, dj), 1);
		}
		if (secrets != 0 || nleaks != 0 || deep.n != 0 ||
		    ninfos != 0) {
			size_t e = pf_smap_get(&w->sec_map, docroot);
			struct wsec ws = { secrets, leaks, nleaks,
			    deep.v, deep.n, infos, ninfos };

			if (e == 0) {
				PF_PUSH(run->arena, w->sec, ws);
				/* docroot may live in a vhost's scratch
				 * arena */
				pf_smap_put(run->arena, &w->sec_map,
				    pf_strdup(run->arena, docroot), w->sec.n);
			} else if (w->sec.v[e - 1].ndeep == 0) {
				/* (another vhost's pool did not walk it) */
				w->sec.v[e - 1].deep = deep.v;
				w->sec.v[e - 1].ndeep = deep.n;
			}
		}
	}
	pf_arena_free(own.a);
	if (docroot != NULL) {
		wm.v = v;
		wm.docroot = docroot;
		wm.pool = pool;
		wm.dirs = vec.v;
		wm.n = vec.n;
		*memo_slot(w, v, docroot, pool, 1) = wm;
		w->nmemo++;
	}
	*out = vec.v;
	return vec.n;
}
