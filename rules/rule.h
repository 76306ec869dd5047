/*
 * rule.h - inside the rule engine: the rule table, the context a check
 * gets, and how a check records a finding.  Not for use outside rules/.
 *
 * A rule is an id with its metadata (struct pf_rule_info, shared with the
 * reports).  Checks are "passes": one function may report findings for
 * several rule ids (the routing pass asks the simulator once per probe
 * and reports greedy routes, unanchored handlers, ...).  Every pass runs;
 * pf_finding() drops findings of rules that are not enabled.
 */
#ifndef PF_RULES_RULE_H
#define PF_RULES_RULE_H

#include <stdarg.h>

#include "model/model.h"
#include "model/run.h"
#include "rules/rules.h"

struct pf_sim;
struct pf_wdirs;

/* The catalog (catalog.c): every rule, in listing order. */
extern struct pf_rule_info pf_rule_table[];
extern const size_t pf_rule_table_n;

/* Embedded docs (generated from docs/rules/<id>.md at build time). */
struct pf_rule_doc {
	const char	*id;
	const char	*text;
};
extern const struct pf_rule_doc pf_rule_docs[];
extern const size_t pf_rule_docs_n;

/*
 * Small open-addressing maps in the run's arena (util.c): the passes look
 * things up per vhost and per pool, and trees have 10,000 of each, so no
 * lookup may be a scan.  Values are nonzero (0 = absent).
 */
struct pf_pmap {			/* pointer or nonzero integer -> size_t */
	uint64_t	*k;
	size_t		*v;
	size_t		 n, cap;
};
size_t	pf_pmap_get(const struct pf_pmap *, const void *key);
void	pf_pmap_put(struct pf_arena *, struct pf_pmap *, const void *key,
	    size_t val);
size_t	pf_imap_get(const struct pf_pmap *, uint64_t key);
void	pf_imap_put(struct pf_arena *, struct pf_pmap *, uint64_t key,
	    size_t val);
struct pf_smap {			/* string (not copied) -> size_t */
	const char	**k;
	size_t		*v;
	size_t		 n, cap;
};
size_t	pf_smap_get(const struct pf_smap *, const char *key);
void	pf_smap_put(struct pf_arena *, struct pf_smap *, const char *key,
	    size_t val);

/* A vhost and the pool its ordinary scripts (/index.php) reach. */
struct pf_vpool {
	const struct pf_vhost *v;
	const char	*docroot;
	struct pf_pool	*pool;
	const struct pf_node *route;
	enum pf_route_kind via;
	struct pf_backend backend;
	const char	*path;		/* what follows the backend URL in the
					 * request (the script for handlers) */
	const char	*label;		/* "shop.example.com", "main server" */
};

/* A URL apache-status-exposed asks (r_routing.c status_urls()). */
struct pf_surl {
	const char	*url;
	const struct pf_node *owner;	/* its <VirtualHost>, NULL: main */
	size_t		 next;		/* the owner's next entry + 1 */
};

/* A .user.ini line that lifts a pool's limit for some of its scripts. */
struct pf_ui_limit {
	long long	 v;		/* the value (max_execution_time: s) */
	struct pf_loc	 loc;		/* the line */
};

struct pf_dir_index;

struct pf_rctx {
	struct pf_run	*run;
	struct pf_model	*m;
	const struct pf_rules_opts *opts;
	unsigned char	*enabled;	/* per pf_rule_table index */
	int		*sev_override;	/* -1 or a severity, per index */
	const char	*apache_version;	/* effective, or NULL */
	const char	*php_version;
	struct pf_sim	*sim;		/* built once per run */
	struct pf_link_index *lx;	/* route -> pool/worker lookups */
	struct pf_wdirs	*wdirs;		/* attacker-writable directories */
	/* Filled by the routing pass for the later ones. */
	PF_VEC(struct pf_vpool) vpools;	/* which vhost reaches which pool */
	PF_VEC(struct pf_pool *) exposed;	/* pools behind a routing or
						 * upload finding */
	PF_VEC(const struct pf_node *) exposed_by;	/* ... and why */
	struct pf_pmap	 exposed_map;	/* pool -> index in exposed + 1 */
	struct pf_pmap	 ui_memory;	/* pool -> the highest memory_limit
					 * (bytes) a DocumentRoot's .user.ini
					 * gives its scripts (r_php.c; the
					 * sizing's bound per worker) */
	struct pf_pmap	 ui_exec;	/* pool -> the struct pf_ui_limit of
					 * the longest max_execution_time a
					 * .user.ini gives its scripts (r_php.c;
					 * timeout-mismatch) */
	struct pf_smap	 alias_file;	/* an Alias target -> 1 a regular
					 * file, 2 not (r_routing.c
					 * alias_probes: a main server's Alias
					 * is every vhost's) */
	/* Indexes over vpools (util.c), rebuilt when vpools grows. */
	size_t		 vpx_n;		/* vpools.n they were built for */
	struct pf_pmap	 vp_by_vhost;	/* vhost -> its last vpool + 1 */
	struct pf_pmap	 vp_by_pool;	/* pool -> its first vpool + 1 */
	size_t		*vp_next;	/* next vpool of the same pool + 1 */
	size_t		 site_count;	/* pf_site_count() */
	/* Up to two distinct users of pools that do not run as Apache's
	 * user (r_fpm.c other_pool_user), found once. */
	const char	*pool_users[2];
	int		 npool_users;	/* -1 not counted yet */
	/* pf_frel(): (file, line) of the related notes of big findings. */
	struct pf_pmap	 rel_sets;	/* diag -> index in rel_set + 1 */
	PF_VEC(struct pf_pmap) rel_set;
	/* Restricting Directory/Files sections of the main server (the
	 * routing pass collects them once, not once per vhost). */
	PF_VEC(const struct pf_node *) root_acls;
	const char	**root_acl_sample;	/* acl_file_sample() of each */
	int		 root_acls_done;
	/* The main server's handler nodes outside <VirtualHost>
	 * (php-source-served's areas, r_routing.c), found once. */
	PF_VEC(const struct pf_node *) main_handlers;
	int		 main_handlers_done;
	/* ... by the directory of their <Directory> (r_routing.c
	 * main_candidates): the main server's handlers and its routes that
	 * are handlers, so a vhost looks only at those below its
	 * DocumentRoot and Alias targets (a panel's <Directory> and handler
	 * per site in the main server: 10,000 for each vhost). */
	struct pf_dir_index *mh_index, *mr_index;
	/* ... and its PHP handler in a false <IfModule>, if any. */
	const struct pf_node *unrouted_main, *unrouted_ifm;
	const char	*unrouted_mod;
	int		 unrouted_done;
	/* authorization-not-passed (r_authpass.c): a line of the main
	 * server that passes the header on, found once. */
	int		 auth_srv, auth_done;
	/* pf_node_server(): <VirtualHost> node -> index in vhosts + 1. */
	struct pf_pmap	 vhost_nodes;
	/* apache-status-exposed's URLs (r_routing.c), found once. */
	struct pf_surl	*status_urls;	/* in order, the main server's
					 * first (owner NULL) */
	size_t		 nstatus_urls, nstatus_main;
	struct pf_pmap	 status_own;	/* <VirtualHost> node -> its first
					 * entry + 1 (next chains them) */
	int		 status_urls_done;
	/* pf_pool_sites() answers, built once from vpools. */
	struct pf_pool	**sites_pool;
	size_t		*sites_n;
	size_t		 sites_cap;
	/* r_symlinks.c: what the main server's sections hold (0: not
	 * looked yet, else 4 | 1 mod_rewrite lines | 2 an Options line that
	 * may take both symlink options away). */
	int		 symlinks_main;
	/* engine.c: the findings already reported (pf_finding's dedupe). */
	void		*seen;
	/* Set in a copy of the context that runs part of a pass on a
	 * second thread (pf_rctx_fork): what it found, merged in order by
	 * pf_rctx_join. */
	struct pf_rfork	*fork;
};

/*
 * A pass over the vhosts on two threads (r_routing.c): c2 becomes a copy
 * of c whose findings, exposed pools and allocations are its own (run is
 * a diagnostics sink with arena a, sim and wdirs the caller's for that
 * thread).  pf_rctx_join, on c's thread once the other is done, appends
 * them to c's as if c had found them after its own, in order (the same
 * dedupe, cap and exposed list), adopts a and frees the copy's state.
 */
void	pf_rctx_fork(struct pf_rctx *c, struct pf_rctx *c2, struct pf_arena *a);
void	pf_rctx_join(struct pf_rctx *c, struct pf_rctx *c2);
/* pf_mark_exposed(_if) on a forked context: recorded for the join. */
void	pf_rfork_mark(struct pf_rctx *, const struct pf_diag *d,
	    struct pf_pool *, const struct pf_node *why);

/* Index of a rule in pf_rule_table, or -1. */
int	pf_rule_index(const char *id);

/*
 * Records a finding of rule id at loc with severity sev (the rule's
 * contextual severity; an override from --severity replaces it).  Returns
 * NULL when the rule is disabled or the same finding (rule, location,
 * subject) was already reported; callers pass the result on to
 * pf_frel()/pf_ffix(), which accept NULL.
 */
struct pf_diag *pf_finding(struct pf_rctx *, const char *id,
	    enum pf_severity sev, struct pf_loc loc, const char *subject,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void	pf_frel(struct pf_rctx *, struct pf_diag *, struct pf_loc,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	pf_ffix(struct pf_rctx *, struct pf_diag *, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The default severity of a rule (the catalog's). */
enum pf_severity pf_rule_sev(const char *id);

/* Passes (one file per family). */
void	pf_pass_routing(struct pf_rctx *);	/* r_routing.c */
void	pf_pass_uploads(struct pf_rctx *);	/* r_uploads.c */
void	pf_pass_docroot_links(struct pf_rctx *);	/* r_symlinks.c */
/* r_access.c (from routing, with the vhost's memo and scratch arena a):
 * docroot-denied for v, whose DocumentRoot is dr. */
void	pf_docroot_denied(struct pf_rctx *, const struct pf_vhost *v,
	    const char *dr, struct pf_arena *a);
/* r_listing.c (from routing, with the vhost's memo and scratch arena a):
 * directory-listing for v (label), whose DocumentRoot is dr and whose
 * upload folders are wd[0..nwd). */
struct pf_wdir;
/* r_phpinfo.c (the same): phpinfo-exposed for v, DocumentRoot dr (after
 * pf_wdirs_for() of it). */
void	pf_phpinfo_served(struct pf_rctx *, const struct pf_vhost *v,
	    const char *label, const char *dr, struct pf_arena *a);
/* r_authpass.c (from routing): authorization-not-passed for v, whose
 * /index.php reaches FPM through route; pf_auth_once() before the
 * routing threads fork. */
void	pf_auth_passed(struct pf_rctx *, const struct pf_vhost *v,
	    const char *label, const char *docroot,
	    const struct pf_node *route);
void	pf_auth_once(struct pf_rctx *);
/* r_bodylimit.c (from routing): body-limit-ignored for the
 * verdict v of a vhost's /index.php. */
struct pf_sim_verdict;
void	pf_body_limit(struct pf_rctx *, const char *label,
	    const struct pf_sim_verdict *v);
/* r_fsroot.c (from pf_pass_apache, once): root-directory-granted. */
void	pf_root_granted(struct pf_rctx *);
void	pf_listing_served(struct pf_rctx *, const struct pf_vhost *v,
	    const char *label, const char *dr, const struct pf_wdir *wd,
	    size_t nwd, struct pf_arena *a);
/* r_access.c: is z a Require line of the main server's <Directory />
 * (the default denial docroot-denied reports)? */
int	pf_default_deny(const struct pf_node *z);
void	pf_pass_fpm(struct pf_rctx *);		/* r_fpm.c */
void	pf_pass_php(struct pf_rctx *);		/* r_php.c */
void	pf_pass_apache(struct pf_rctx *);	/* r_apache.c */
void	pf_pass_remoteip(struct pf_rctx *);	/* r_remoteip.c */
void	pf_pass_loopback_acl(struct pf_rctx *);	/* r_loopacl.c */
/* r_routing.c: mod_status's, mod_info's, the balancer-manager's handler. */
int	pf_status_handler(const char *handler);
/* The fix where Apache answers on loopback only, behind a proxy. */
#define PF_FIX_BEHIND_PROXY "RemoteIPHeader X-Forwarded-For with "	\
	"RemoteIPInternalProxy 127.0.0.1 ::1 (mod_remoteip takes the "	\
	"client's address from the proxy's header, which the proxy must " \
	"send)"

void	pf_pass_forward_proxy(struct pf_rctx *);	/* r_forward.c */
void	pf_pass_balancer(struct pf_rctx *);	/* r_balancer.c */
void	pf_pass_sizing(struct pf_rctx *);	/* r_sizing.c */
void	pf_pass_cross(struct pf_rctx *);	/* r_cross.c */
void	pf_pass_version(struct pf_rctx *);	/* r_version.c */
void	pf_pass_userdir(struct pf_rctx *);	/* r_userdir.c (from routing) */
/* r_badhost.c (from routing): route-bad-host when route answered url
 * with 400 through handler or URL h. */
void	pf_route_bad_host(struct pf_rctx *, const char *label,
	    const struct pf_node *route, enum pf_route_kind via, const char *h,
	    const char *url);
int	pf_route_target_bad_host(enum pf_route_kind via, const char *target);
/* r_symlinks.c (from routing): rewrite-symlinks-off for vhost v, given
 * the probes the simulator refused for want of FollowSymLinks and
 * SymLinksIfOwnerMatch (url, the Options line, the rules' section); a is
 * the vhost's scratch arena. */
struct pf_symref {
	const char	*url;
	const struct pf_node *off, *rules;
};
void	pf_rewrite_symlinks(struct pf_rctx *, const struct pf_vhost *v,
	    const char *label, struct pf_arena *a,
	    const struct pf_symref *found, size_t nfound);

/* Post-processing (suppress.c, baseline.c). */
void	pf_suppress_inline(struct pf_run *, size_t first_diag);
int	pf_baseline_apply(struct pf_run *, const char *path, size_t first);
int	pf_baseline_write(struct pf_run *, const char *path, size_t first);
void	pf_fingerprint_all(struct pf_run *, size_t first);

/* Small helpers shared by the passes (util.c). */
/* Nonzero if Apache's children take a vhost's user at request time
 * (mpm-itk's AssignUserID, mod_ruid2's RUidGid), so User is not the user
 * that reads .htaccess files or connects to FPM sockets. */
int	pf_apache_per_vhost_user(const struct pf_apache *);
/* The last active line named name at server level in top (the root or a
 * <VirtualHost>: Include'd files and true <IfModule> ... are spliced in
 * place; not in a <Directory>, <If> or other section), or NULL. */
const struct pf_node *pf_server_line(const struct pf_node *top,
	    const char *name);
/* The user Apache's children serve v's requests as (what mod_php runs
 * PHP as): mpm-itk's AssignUserID or mod_ruid2's RUidGid of v, else of
 * the main server, else User; NULL when not known. */
const char *pf_vhost_run_user(struct pf_rctx *, const struct pf_vhost *v);
/* The uids of people's accounts: login.defs' UID_MIN to UID_MAX (read under
 * --root), 1000 to 60000 without them. */
void	 pf_uid_range(struct pf_rctx *, long long *lo, long long *hi);
/*
 * Does pool p's security.limit_extensions let FPM run files that are not
 * PHP scripts?  0 no (unset: php-fpm's ".php .phar"; or only scripts),
 * 1 it is empty (every file), 2 it lists others (written to bad, n
 * bytes, space-separated; "" when n is 0).
 */
int	pf_limit_ext_weak(const struct pf_pool *p, char *bad, size_t n);
/* Is the module (its identifier, "remoteip_module") loaded? */
int	pf_apache_has_module(const struct pf_apache *, const char *id);
/* path is pat or below it, component by component with fnmatch(flags)
 * (exact: components without wildcards compared as they are). */
int	pf_path_wild_under(const char *path, const char *pat, int flags,
	    int exact);
/*
 * The server a node of the Apache tree is read in: ap->vhosts.v[i - 1]
 * for a return of i, 0 for the main server (its innermost <VirtualHost>
 * that is a vhost of the model; the first vhost of a node wins).
 */
size_t	pf_node_server(struct pf_rctx *, const struct pf_node *);
/* Is s one of v[0..n)? */
int	pf_str_in(const char *s, const char *const *v, size_t n);
/* A name for a vhost in messages. */
const char *pf_vhost_label(struct pf_rctx *, const struct pf_vhost *);
/*
 * A finding about one folder that others share: the same route or
 * AllowOverride line in the same vhost, which is the dedupe's key, so
 * pf_finding() keeps the first and the admin would learn of the next
 * only after fixing it.  The others are named in its message after it
 * (four, then how many more).  A folder below one already named is left
 * out: the fix, a <Directory>, holds below it too.
 */
#define PF_FOLDERS_NAMED	4
struct pf_folders {
	struct pf_diag	*d;		/* the finding (not NULL) */
	struct pf_loc	 loc;		/* its location */
	const char	*first;		/* its folder */
	PF_VEC(const char *) more;	/* the others, in the order found */
	const char	*named[PF_FOLDERS_NAMED];	/* "dir (why)" */
};
/* f for finding d about dir at loc (scratch a, the vhost's). */
void	pf_folders_init(struct pf_folders *f, struct pf_diag *d,
	    struct pf_loc loc, const char *dir);
/* Whether f's finding is at loc. */
int	pf_folders_at(const struct pf_folders *f, struct pf_loc loc);
/* One more folder; returns 1 if it was taken (not one named or below). */
int	pf_folders_add(struct pf_arena *a, struct pf_folders *f,
	    const char *dir, const char *why);
/* After the vhost: "; so are ..." onto the finding's message.  Returns
 * 1 when there were others (the caller then rewrites its fix). */
int	pf_folders_flush(struct pf_rctx *, struct pf_folders *f);
/* Marks a pool as behind a routing/upload finding (for combinations). */
void	pf_mark_exposed(struct pf_rctx *, struct pf_pool *,
	    const struct pf_node *why);
/* The same, only if finding d was reported (d not NULL; on a forked
 * context, once the join keeps d). */
void	pf_mark_exposed_if(struct pf_rctx *, const struct pf_diag *d,
	    struct pf_pool *, const struct pf_node *why);
/* The directive that exposed a pool (NULL if none). */
const struct pf_node *pf_exposed_by(struct pf_rctx *, const struct pf_pool *);
int	pf_is_exposed(struct pf_rctx *, const struct pf_pool *);
/* The vpool of a vhost (the last one recorded), or NULL. */
const struct pf_vpool *pf_vpool_of(struct pf_rctx *, const struct pf_vhost *);
/* The vpools whose PHP reaches pool, in order: the first (or NULL), then
 * pf_vpool_next() until NULL. */
const struct pf_vpool *pf_vpool_first(struct pf_rctx *, const struct pf_pool *);
const struct pf_vpool *pf_vpool_next(struct pf_rctx *, const struct pf_vpool *);
/* Number of distinct DocumentRoots whose PHP reaches pool (vpools). */
size_t	pf_pool_sites(struct pf_rctx *, const struct pf_pool *);
/* Distinct sites (DocumentRoots whose PHP reaches a pool); without
 * Apache, the number of pools. */
size_t	pf_site_count(struct pf_rctx *);
/*
 * check/compile read their output back: the model then holds the site
 * descriptions too.  The description's pool a read-back pool came from
 * (same name), or NULL; and how many described sites name that pool.
 */
const struct pf_pool *pf_desc_pool(struct pf_rctx *, const struct pf_pool *);
size_t	pf_desc_sharers(struct pf_rctx *, const struct pf_pool *);
/* The installed PHP-FPM's version for the configuration read (no
 * --root), or NULL. */
const char *pf_php_detect(struct pf_rctx *);
/* Pools worth judging: those a vhost reaches, or all without Apache. */
int	pf_pool_relevant(struct pf_rctx *, const struct pf_pool *);
/* Compares dotted versions numerically: <0, 0, >0. */
int	pf_vercmp(const char *a, const char *b);
/* Nonzero if php.ini-style boolean text is true ("1", "on", "yes"...). */
int	pf_ini_true(const char *);
/* Parses "128M", "1G", "-1" into bytes as PHP does (the last character
 * is the multiplier: "128MB" is 128); returns -2 if not a number. */
long long pf_ini_bytes(const char *);
/* max_execution_time's seconds as PHP reads them (main.c OnUpdateTimeout:
 * ZEND_ATOL, so "30s" is 30); 0 or less, no limit: LLONG_MAX. */
long long pf_ini_secs(const char *);
/* Name of a pool for messages. */
const char *pf_pool_label(const struct pf_pool *);
/* A pool's chroot as php-fpm applies it to its workers (no trailing '/';
 * NULL: none, or "/"): every path its PHP names is below it here. */
const char *pf_pool_chroot(struct pf_arena *, const struct pf_pool *);
/* The path here of path p as a process jailed in croot names it (croot
 * NULL, or p not absolute: p). */
const char *pf_chroot_path(struct pf_arena *, const char *croot,
	    const char *p);
/* The PHP setting a pool runs with (see pf_php_effective), NULL-safe. */
const char *pf_php_get(struct pf_rctx *, const struct pf_pool *,
	    const char *key, struct pf_loc *loc);
/* Nonzero if the php.ini or the pool says anything about key (so a
 * built-in default is not mistaken for a deployed value). */
int	pf_php_known(struct pf_rctx *, const struct pf_pool *, const char *key);

#endif
