/*
 * writable.h - directories an attacker can write (uploads), per vhost.
 *
 * Where a site description says so (upload_dirs), where the user said so
 * (--upload-dir, which the httpd reader puts in pf_vhost.upload_dirs),
 * else the conventional upload locations of PHP applications when they
 * exist on disk (uploads, media, files, wp-content/uploads, sites/x/files,
 * storage, var/cache, ...); and directories below the DocumentRoot that
 * the pool's user can write (owner/group/mode/POSIX ACLs; users and
 * groups from --root's etc/passwd and etc/group).  Each entry says why it
 * was taken as writable.  The same users, groups and permission checks
 * answer whether Apache's user may connect to a pool's unix socket.
 */
#ifndef PF_RULES_WRITABLE_H
#define PF_RULES_WRITABLE_H

#include "model/model.h"
#include "model/run.h"

struct pf_wdir {
	const char	*path;		/* absolute filesystem path */
	const char	*why;		/* "named by --upload-dir", ... */
	struct pf_loc	 loc;		/* where it was declared, if anywhere */
	int		 on_disk;	/* exists on this machine */
	int		 guessed;	/* an upload folder by its name alone:
					 * whether PHP's user can write it
					 * was not known */
};

struct pf_wdirs;

struct pf_rules_opts;

struct pf_wdirs	*pf_wdirs_build(struct pf_run *, const struct pf_rules_opts *);

/*
 * The writable directories of a vhost whose DocumentRoot is docroot and
 * whose PHP runs as pool (may be NULL).  Returns the count; *out points
 * at an arena array.
 */
size_t	pf_wdirs_for(struct pf_wdirs *, const struct pf_vhost *,
	    const char *docroot, const struct pf_pool *pool,
	    const struct pf_wdir **out);
/* The pool to ask pf_wdirs_for() with where mod_php runs a vhost's PHP
 * inside Apache as user (Apache's User): a stand-in of w's with that
 * user (NULL for a NULL user). */
const struct pf_pool *pf_wdirs_modphp(struct pf_wdirs *w, const char *user);

/*
 * Which files a DocumentRoot holds that a web server must not hand out:
 * PF_WSECRET_GIT (.git/config: a repository, its whole history) and
 * PF_WSECRET_ENV (.env: an application's secrets), as regular files on
 * this machine (under --root).  Ask after pf_wdirs_for() of that
 * DocumentRoot: its listing says which names to look at, so a vhost
 * without them costs no lookup.
 */
enum { PF_WSECRET_GIT = 1, PF_WSECRET_ENV = 2 };
unsigned pf_wdirs_docroot_secrets(struct pf_wdirs *, const char *docroot);

/*
 * The names at the top of a DocumentRoot that are backup or swap copies of
 * PHP files ("wp-config.php~", "config.php.bak", ".index.php.swp"), from
 * pf_wdirs_for()'s listing (ask after it); at most 4.
 */
size_t	pf_wdirs_docroot_leaks(struct pf_wdirs *, const char *docroot,
	    const char *const **names);

/*
 * The names at the top of a DocumentRoot that people give a page calling
 * phpinfo() (phpinfo.php, info.php, i.php, test.php ...), from
 * pf_wdirs_for()'s listing (ask after it); at most 4, not checked.
 */
size_t	pf_wdirs_docroot_infos(struct pf_wdirs *, const char *docroot,
	    const char *const **names);

/*
 * What pf_wdirs_for() saw below the top of a DocumentRoot, three levels
 * down and not into dot folders or symlinks: while it walked it for
 * folders the pool's user can write (a vhost with a pool whose user
 * cannot write the DocumentRoot; not into writable folders), else in the
 * same walk without a user (no pool known, or its user writes the
 * DocumentRoot), once per DocumentRoot per run: .git repositories whose
 * config is a regular file ("app/.git/config"), .env files ("api/.env")
 * and backup copies of PHP files ("inc/config.php.bak"), as paths
 * relative to the DocumentRoot that a URL path spells as they are, at
 * most 4 of each kind.
 */
size_t	pf_wdirs_docroot_deep(struct pf_wdirs *, const char *docroot,
	    const char *const **paths);

/*
 * The same two answers for another directory (an Alias target): listed on
 * the first question of the run and remembered; the leaks into *names.
 */
unsigned pf_wdirs_dir_secrets(struct pf_wdirs *, const char *dir,
	    const char *const **names, size_t *n);

/*
 * Reads the DocumentRoots that pf_wdirs_for() will be asked about, in that
 * order (NULL entries skipped), on two threads a bounded number ahead:
 * whether each is a directory and its names (a stat, an open and a
 * listing per vhost, often read from disk, were half of the rules' time
 * on 10,000 vhosts), and for the first vhost of each DocumentRoot the
 * folders its walk lists below the top (up to 1,024 names; the walk
 * lists the rest itself).  pf_wdirs_for() takes an answer when its
 * DocumentRoot is the next one (or a little further) in the list, and
 * otherwise looks itself; the answers are the same.
 * pf_wdirs_prefetch_end() stops the threads.  A small list, or a machine
 * with one CPU, gets none (PF_RULES_PREFETCH=off|on overrides).
 */
void	pf_wdirs_prefetch(struct pf_wdirs *, const char *const *docroots,
	    size_t n);
/*
 * Does the walk below a DocumentRoot's top look at this name of a listing
 * (a folder it may enter, or a name deep_note() keeps), or the rules at
 * it (a name that ends in ".ini": the sites' .user.ini files, whatever
 * user_ini.filename calls them, r_php.c)?  The httpd reader keeps the
 * listings it makes below document roots with these names only
 * (pf_httpd_opts.keep_name), and the walk takes them.
 */
int	pf_wdirs_keeps_name(const char *name, unsigned char d_type);
void	pf_wdirs_prefetch_end(struct pf_wdirs *);

/*
 * A second set for a thread that judges other vhosts (r_routing.c), in
 * run's arena (a diagnostics sink's), with w's options; partial: the
 * read-ahead lists of both are parts of one that leaves vhosts out (what
 * pf_wdirs_prefetch() would say of the whole list; set on both).
 * pf_wdirs_join() adds what w2 learnt to w (both threads done): valid
 * when the two were asked about different DocumentRoots, as a split of
 * the vhosts whose DocumentRoots the halves do not share is.
 */
struct pf_wdirs	*pf_wdirs_fork(struct pf_wdirs *w, struct pf_run *run,
		    int partial);
void	pf_wdirs_join(struct pf_wdirs *w, struct pf_wdirs *w2);

/*
 * Can user (a name or numeric id; NULL: nobody in particular) write dir
 * on this machine (under --root)?  Returns 1 yes, 0 no, -1 unknown (dir
 * or user missing); *why gets the reason ("owned by shop, mode 0755").
 */
int	pf_wdirs_user_can_write(struct pf_wdirs *, const char *dir,
	    const char *user, const char **why);

/*
 * Can a process of user (Apache's User; name or #id), with group (its
 * Group) and the groups user is a member of, connect to the unix socket
 * php-fpm makes for pool p (listen.owner, listen.group, listen.mode,
 * listen.acl_users/acl_groups; a master running as root)?  connect(2)
 * wants write permission on the socket.  1 yes, 0 no, -1 unknown (a
 * user or group the databases lack, a TCP pool); *why says how the
 * socket is made when known.
 */
int	pf_wdirs_socket_access(struct pf_wdirs *, const struct pf_pool *p,
	    const char *user, const char *group, const char **why);

/*
 * Can a process of user with group (Apache's User and Group, as above)
 * open path (a host path under --root) for reading: search permission on
 * every directory on the way, read permission on the file (owner, group,
 * other, POSIX ACL)?  1 yes (or not a regular file here), 0 no, -1
 * unknown user or group; *why says why not.
 */
int	pf_wdirs_read_access(struct pf_wdirs *, const char *path,
	    const char *user, const char *group, const char **why);

#endif
