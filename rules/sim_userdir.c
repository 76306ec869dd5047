/*
 * sim_userdir.c - mod_userdir in the request simulator: /~user/path to a
 * file, as httpd 2.4's modules/mappers/mod_userdir.c does.
 *
 * What the source says (2.4.x, translate_userdir(), set_user_dir(),
 * merge_userdir_config(), register_hooks()):
 *  - no default: DEFAULT_USER_DIR is NULL in 2.4, so without a "UserDir
 *    DIR" line (in the vhost or the main server) every /~user is declined
 *    and the URL maps below the DocumentRoot like any other;
 *  - the hook runs at translate_name after mod_rewrite's and mod_proxy's
 *    (APR_HOOK_FIRST) and after mod_alias's (its aszPre): a RewriteRule,
 *    a ProxyPass or an Alias that takes /~u/... wins; core's DocumentRoot
 *    mapping (REALLY_LAST) only runs when it declines;
 *  - r->uri must start "/~"; the user is the text up to the next '/',
 *    dname the rest ('/' kept; "/~u" alone gives dname "");
 *  - declined: an empty user, or one whose SECOND character is '.' with
 *    nothing or one more '.' after it (the test reads user[1], so "a."
 *    and "a.." are refused and "." is not: kept as written); a user on
 *    "UserDir disabled NAMES" (apr_table_get: names compare case-blind);
 *    under "UserDir disabled" one not on "UserDir enabled NAMES";
 *  - each target word in turn (ap_getword_conf): with a '*', prefix is
 *    the text before it, rest the text after.  Absolute (or rest empty):
 *    with '*', prefix + user + rest (a prefix holding ':' in a relative
 *    word is a URL: 302 to prefix + user + rest + dname), else DIR + "/"
 *    + user.  Relative with a ':' in prefix: 302 to prefix + user + dname.
 *    Otherwise the home directory form: apr_uid_homepath_get() (getpwnam)
 *    + "/" + the word (rest when it had a '*'); an unknown user gives no
 *    name and the next word is tried;
 *  - a name is taken when it is the last word or apr_stat() finds it (any
 *    type); r->filename = name + dname.  Nothing checks that the user is
 *    a person: root, daemon and www-data map like anyone (Debian's
 *    userdir.conf adds "UserDir disabled root" for that reason).
 * The rest of the request (Directory, FilesMatch, handlers, Require) is
 * the ordinary path walk of that r->filename.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/nss.h"
#include "rules/rule.h"
#include "rules/sim_int.h"

struct sim_users {
	struct pf_pwent	*v;
	size_t		 n;
	struct pf_smap	 by_name;	/* name -> index + 1 */
};

static struct sim_users *
users(struct pf_sim *s)
{
	struct sim_users *u;
	size_t i;

	if (s->users != NULL)
		return s->users;
	u = s->users = pf_alloc(s->run->arena, sizeof(*s->users));
	u->n = pf_passwd_accounts(s->run, &u->v);
	for (i = 0; i < u->n; i++)
		pf_smap_put(s->run->arena, &u->by_name, u->v[i].name, i + 1);
	return u;
}

size_t
pf_sim_users(struct pf_sim *s, const struct pf_pwent **out)
{
	struct sim_users *u = users(s);

	*out = u->v;
	return u->n;
}

static const char *
home_of(struct pf_sim *s, const char *user)
{
	struct sim_users *u = users(s);
	size_t k = pf_smap_get(&u->by_name, user);

	return k != 0 ? u->v[k - 1].home : NULL;
}

/* The core of translate_userdir() for user and dname (see above);
 * *which gets the target word that applied. */
static const char *
map_user(struct sreq *r, const struct pf_userdir *u, const char *user,
    const char *dname, int *redirect, const char **location,
    const char **which)
{
	struct pf_arena *a = SA(r->s);
	int i;

	if (redirect != NULL)
		*redirect = 0;
	if (u->targets == NULL || pf_userdir_declines(u, user))
		return NULL;
	for (i = 0; i < u->targets->argc; i++) {
		const char *w = u->targets->argv[i], *star = strchr(w, '*');
		const char *rest = star != NULL ? star + 1 : w, *name = NULL;
		char *prefix = star != NULL ? pf_strndup(a, w,
		    (size_t)(star - w)) : NULL;
		int absolute = w[0] == '/';

		if (rest[0] == '\0' || absolute) {
			if (prefix != NULL) {
				if (strchr(prefix, ':') != NULL && !absolute) {
					if (redirect != NULL)
						*redirect = 302;
					if (location != NULL)
						*location = pf_printf(a,
						    "%s%s%s%s", prefix, user,
						    rest, dname);
					*which = w;
					return NULL;
				}
				name = pf_printf(a, "%s%s%s", prefix, user,
				    rest);
			} else
				name = pf_printf(a, "%s/%s", w, user);
		} else if (prefix != NULL && strchr(prefix, ':') != NULL) {
			if (redirect != NULL)
				*redirect = 302;
			if (location != NULL)
				*location = pf_printf(a, "%s%s%s", prefix,
				    user, dname);
			*which = w;
			return NULL;
		} else {
			const char *home = home_of(r->s, user);

			if (home != NULL)
				name = pf_printf(a, "%s/%s", home, rest);
		}
		if (name != NULL && (i == u->targets->argc - 1 ||
		    sim_is_dir(r, name) || sim_is_file(r, name))) {
			*which = w;
			return pf_printf(a, "%s%s", name, dname);
		}
	}
	return NULL;
}

static const struct pf_userdir *
conf_of(struct pf_sim *s, const struct pf_vhost *v)
{
	if (v != NULL)
		return &v->userdir;
	return s->m->apache != NULL ? &s->m->apache->main.userdir : NULL;
}

const char *
sim_userdir(struct sreq *r, const char *uri, int *redirect,
    const char **location)
{
	const struct pf_userdir *u = conf_of(r->s, r->v);
	const char *dname, *which = NULL;
	char *user;

	if (redirect != NULL)
		*redirect = 0;
	if (u == NULL || u->targets == NULL || uri[0] != '/' || uri[1] != '~')
		return NULL;
	dname = uri + 2 + strcspn(uri + 2, "/");
	user = pf_strndup(SA(r->s), uri + 2, (size_t)(dname - uri - 2));
	return map_user(r, u, user, dname, redirect, location, &which);
}

const char *
pf_sim_userdir(struct pf_sim *s, const struct pf_vhost *v, const char *user,
    const struct pf_sim_fs *fs, const char **target, int *redirect)
{
	const struct pf_userdir *u = conf_of(s, v);
	struct sreq r;
	const char *which = NULL, *p;

	*target = NULL;
	*redirect = 0;
	if (u == NULL || u->targets == NULL)
		return NULL;
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.v = v;
	r.fs = fs;
	r.docroot = pf_sim_docroot(s, v);
	p = map_user(&r, u, user, "", redirect, NULL, &which);
	*target = which;
	return p;
}
