/*
 * fpm_users.c - user and group lookups for the pool checks php-fpm -t
 * makes (getpwnam/getgrnam of user, group, listen.owner, listen.group).
 * Under --root the target's etc/passwd and etc/group are read, and the
 * other flat files its nsswitch.conf names (the NSS of this machine says
 * nothing about that tree); otherwise this machine's
 * own lookups are used, as php-fpm would.  Results are cached by name.
 */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "model/nss.h"
#include "parsers/fpm_int.h"

struct ent {
	const char	*name;
	long long	 id, gid;
	const char	*home;
	int		 found;
	struct ent	*next;
};

#define NBUCKET 1024

struct fpm_users {
	struct pf_run	*run;
	int		 from_root;
	struct ent	*users[NBUCKET], *groups[NBUCKET];
	int		 loaded;
	int		 no_passwd, no_group;	/* absent under --root */
	struct ent	*last_user, *last_group;	/* the last answers:
					 * thousands of pools name one user */
};

static size_t
h(const char *s)
{
	size_t v = 5381;

	while (*s)
		v = v * 33 + (unsigned char)*s++;
	return v & (NBUCKET - 1);
}

static struct ent *
add(struct fpm_users *u, struct ent **tab, const char *name, size_t n)
{
	struct ent *e = pf_alloc(u->run->arena, sizeof(*e));
	char *nm = pf_strndup(u->run->arena, name, n);

	e->name = nm;
	e->next = tab[h(nm)];
	tab[h(nm)] = e;
	return e;
}

static struct ent *
get(struct ent **tab, const char *name)
{
	struct ent *e;

	for (e = tab[h(name)]; e != NULL; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

/* Splits a passwd/group line into at most 7 ':' fields. */
static int
fields(const char *p, const char *end, const char **f, size_t *fl, int max)
{
	int k = 0;

	while (k < max) {
		const char *c = memchr(p, ':', (size_t)(end - p));

		f[k] = p;
		if (c == NULL) {
			fl[k++] = (size_t)(end - p);
			break;
		}
		fl[k++] = (size_t)(c - p);
		p = c + 1;
	}
	return k;
}

/* Reads one passwd or group file; 0 if it could not be read. */
static int
load_file(struct fpm_users *u, const char *path, int groups)
{
	char *data;
	size_t len, pos = 0;

	if (pf_read_file(u->run, path, &data, &len) != 0)
		return 0;
	while (pos < len) {
		const char *p = data + pos, *nl = memchr(p, '\n', len - pos);
		const char *end = nl ? nl : data + len;
		const char *f[7] = { 0 };
		size_t fl[7] = { 0 };
		int k = fields(p, end, f, fl, 7);

		pos = (size_t)(end - data) + 1;
		if (fl[0] == 0 || f[0][0] == '#' || f[0][0] == '+' ||
		    f[0][0] == '-')
			continue;
		if (groups && k >= 3) {
			struct ent *e;
			char *nm = pf_strndup(u->run->arena, f[0], fl[0]);

			if (get(u->groups, nm) != NULL)
				continue;	/* the first entry counts */
			e = add(u, u->groups, f[0], fl[0]);
			e->id = strtoll(pf_strndup(u->run->arena, f[2], fl[2]),
			    NULL, 10);
			e->found = 1;
		} else if (!groups && k >= 4) {
			struct ent *e;
			char *nm = pf_strndup(u->run->arena, f[0], fl[0]);

			if (get(u->users, nm) != NULL)
				continue;
			e = add(u, u->users, f[0], fl[0]);
			e->id = strtoll(pf_strndup(u->run->arena, f[2], fl[2]),
			    NULL, 10);
			e->gid = strtoll(pf_strndup(u->run->arena, f[3], fl[3]),
			    NULL, 10);
			if (k >= 6)
				e->home = pf_strndup(u->run->arena, f[5],
				    fl[5]);
			e->found = 1;
		}
	}
	return 1;
}

/*
 * The target's user and group databases: every flat file its
 * nsswitch.conf lists (etc/passwd, then libnss-extrausers' files where
 * Froxlor keeps its customers), the first entry of a name winning as in
 * NSS's lookup order.
 */
static void
load_db(struct fpm_users *u)
{
	const char *paths[PF_NSS_MAX_FILES];
	int i, n, ok;

	for (n = pf_nss_files(u->run, "passwd", paths), ok = i = 0; i < n; i++)
		ok |= load_file(u, paths[i], 0);
	u->no_passwd = !ok;
	for (n = pf_nss_files(u->run, "group", paths), ok = i = 0; i < n; i++)
		ok |= load_file(u, paths[i], 1);
	u->no_group = !ok;
	u->loaded = 1;
}

struct fpm_users *
fpm_users_new(struct pf_run *run)
{
	struct fpm_users *u = pf_alloc(run->arena, sizeof(*u));

	u->run = run;
	u->from_root = run->root != NULL;
	return u;
}

int
fpm_users_db_missing(struct fpm_users *u, int groups)
{
	if (!u->from_root)
		return 0;
	if (!u->loaded) {
		load_db(u);
	}
	return groups ? u->no_group : u->no_passwd;
}

int
fpm_user_lookup(struct fpm_users *u, const char *name, long long *uid,
    long long *gid, const char **home)
{
	struct ent *e;

	if (u->from_root && !u->loaded) {
		load_db(u);
	}
	if (u->last_user != NULL && strcmp(u->last_user->name, name) == 0)
		e = u->last_user;
	else if ((e = get(u->users, name)) == NULL) {
		struct passwd *pw;

		if (u->from_root)
			return -1;
		e = add(u, u->users, name, strlen(name));
		if ((pw = getpwnam(name)) != NULL) {
			e->found = 1;
			e->id = pw->pw_uid;
			e->gid = pw->pw_gid;
			e->home = pf_strdup(u->run->arena, pw->pw_dir);
		}
	}
	u->last_user = e;
	if (!e->found)
		return -1;
	*uid = e->id;
	*gid = e->gid;
	if (home != NULL)
		*home = e->home;
	return 0;
}

int
fpm_group_lookup(struct fpm_users *u, const char *name, long long *gid)
{
	struct ent *e;

	if (u->from_root && !u->loaded) {
		load_db(u);
	}
	if (u->last_group != NULL && strcmp(u->last_group->name, name) == 0)
		e = u->last_group;
	else if ((e = get(u->groups, name)) == NULL) {
		struct group *gr;

		if (u->from_root)
			return -1;
		e = add(u, u->groups, name, strlen(name));
		if ((gr = getgrnam(name)) != NULL) {
			e->found = 1;
			e->id = gr->gr_gid;
		}
	}
	u->last_group = e;
	if (!e->found)
		return -1;
	*gid = e->id;
	return 0;
}

int
fpm_uid_lookup(struct fpm_users *u, long long uid, long long *gid)
{
	struct passwd *pw;
	size_t i;

	if (u->from_root) {
		struct ent *e;

		if (!u->loaded)
			load_db(u);
		for (i = 0; i < NBUCKET; i++)
			for (e = u->users[i]; e != NULL; e = e->next)
				if (e->found && e->id == uid) {
					*gid = e->gid;
					return 0;
				}
		return -1;
	}
	if (uid < 0 || (pw = getpwuid((uid_t)uid)) == NULL)
		return -1;
	*gid = pw->pw_gid;
	return 0;
}
