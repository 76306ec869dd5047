/*
 * sim.h - the request simulator: what Apache and PHP-FPM do with a URL.
 *
 * Given a vhost and a decoded URL path, it follows a request the way
 * httpd 2.4 and php-fpm handle it (reference/semantics.md 1.13-1.14,
 * part 2, 3.5-3.6):
 *
 *  1. translate_name: the vhost's RewriteRules (server context: [P], [H=],
 *     local substitutions, [F], [R]); a local substitution without [PT]
 *     is r->filename (below DocumentRoot unless mod_rewrite's prefix_stat
 *     keeps it) and ends translate_name, r->uri staying the URL; with
 *     [PT] it is the new URI for the rest: ProxyPass of the <Location>
 *     sections that match, then the server's ProxyPass/ProxyPassMatch in
 *     configuration order (main server's first unless ProxyPassInherit
 *     Off; "!" excludes); Alias/AliasMatch/ScriptAlias; mod_userdir's
 *     /~user/ (sim_userdir.c: after every Alias, a URL target is a 302);
 *     DocumentRoot.
 *  2. map to storage: the first existing regular file ends r->filename,
 *     the rest is PATH_INFO; a missing component is kept in the filename.
 *  3. sections, in merge order: <Directory> (shortest first) and
 *     .htaccess, <DirectoryMatch> (against the full filename), <Files>/
 *     <FilesMatch> (basename; top-level ones, then those nested in the
 *     matched directories), <Location>/<LocationMatch>, <If> last; main
 *     server's before the vhost's in each step.  Proxied requests skip
 *     Directory and Files and use <Proxy> instead.  The named groups of
 *     a regex section that matched set MATCH_NAME in the request's
 *     environment, which a handler expression's %{env:MATCH_NAME} reads
 *     (sim.c match_env, sim_fpm.c env_socket).
 *  4. the handler: RewriteRule [H=], else the last SetHandler (none
 *     resets), else mod_mime over every extension of the name (AddHandler,
 *     AddType + Action; none for a directory); authorization (Require,
 *     the last section that has any; Order/Deny/Allow).
 *  5. fixups: per-directory mod_rewrite (the rules of the deepest
 *     <Directory>, .htaccess or <Location> with a mod_rewrite line, those
 *     above with RewriteOptions Inherit*; refused without FollowSymLinks
 *     or SymLinksIfOwnerMatch; RewriteBase; each rule sees the file name
 *     with the path info after it, [DPI] drops it; a proxied request's
 *     <Location> rules see "proxy:URL"), then mod_dir for a directory
 *     (DirectorySlash's 301; each DirectoryIndex name looked up as a
 *     sub-request, the first proxied or existing one served in its
 *     place) or FallbackResource for a missing file.
 *  6. what reaches FPM (SCRIPT_FILENAME, percent-encoded for URL routes,
 *     SCRIPT_NAME, PATH_INFO, PATH_TRANSLATED, reshaped by
 *     proxy-fcgi-pathinfo as SetEnvIf and RewriteRule [E=] leave it, in
 *     the order httpd runs them, SetEnv too for a handler route; mod_dir's
 *     lookups run no SetEnvIf and inherit their parent's), then changed
 *     by the merged sections' ProxyFCGISetEnvIf lines in order
 *     (sim_fpm.c fcgi_setenv: set or '!' unset, ap_expr conditions and
 *     values on the request and the variables made so far), and what FPM
 *     does with it under the pool's effective cgi.fix_pathinfo and
 *     security.limit_extensions.
 *  7. ap_die(): an error status Apache answers itself goes to the
 *     ErrorDocument of the configuration in effect where it arose (the
 *     server's before translate_name and when map_to_storage fails,
 *     with <Location>/<If> at translate_name, all sections after); a
 *     local URL is a new request (pf_sim_errdoc below).
 *
 * Files: the simulator knows only the files a caller declares (struct
 * pf_sim_fs): an attacker who can write an upload dir makes any name
 * there exist; legitimate probes declare /index.php.  Every parent of a
 * declared file, each DocumentRoot and Alias target is a directory.
 * Patterns are compiled with PCRE2 as Apache does (DOTALL and
 * DOLLAR_ENDONLY unless RegexDefaultOptions says otherwise).
 */
#ifndef PF_RULES_SIM_H
#define PF_RULES_SIM_H

#include "model/nss.h"
#include "model/model.h"
#include "model/run.h"

struct pf_sim;
struct pf_wdirs;

enum pf_sim_outcome {
	PF_SIM_STATIC = 0,	/* Apache sends the file's bytes */
	PF_SIM_NOT_FOUND,	/* Apache answers 404 */
	PF_SIM_DENIED,		/* Apache answers 403 (authz, [F]) */
	PF_SIM_FPM,		/* sent to a FastCGI backend: see fpm */
	PF_SIM_OTHER,		/* redirect, another handler or proxy; or an
				 * error Apache answers itself (status) */
	PF_SIM_NO_ANSWER,	/* Apache's child dies on the request: the
				 * client gets no answer, the connection is
				 * closed (status_node: the line) */
};

enum pf_sim_fpm {
	PF_FPM_NONE = 0,
	PF_FPM_EXEC,		/* FPM runs `executed` as PHP */
	PF_FPM_DENIED,		/* 403 "Access denied." (limit_extensions) */
	PF_FPM_NOT_FOUND,	/* 404 "File not found." / "No input file" */
	PF_FPM_STATUS,		/* FPM answers its status or ping page */
	PF_FPM_NO_BACKEND,	/* no pool listens there: Apache answers 503
				 * (only said when FPM configuration was read) */
};

/*
 * Outcome STATIC (or NOT_FOUND) although a "proxy:" handler was set:
 * mod_proxy declined it, so the default handler sent the file's bytes
 * (a PHP script's source).  2.4.x proxy_handler canonicalises a
 * handler's URL first (ap_proxy_canon_url) and returns DECLINED, with
 * r->filename restored, when no loaded module's canon hook takes its
 * scheme.  Tried on 2.4.71 with /index.php: "proxy:unix/run/x.sock|fcgi:
 * //localhost" (no ':' after unix), "proxy:fgci://...", "proxy:unix:
 * /run/x.sock" (no scheme), "|http://localhost" without mod_proxy_http,
 * mod_proxy_fcgi not loaded, mod_proxy not loaded: 200 with the source.
 */
enum pf_sim_decline {
	PF_DECLINE_NONE = 0,
	PF_DECLINE_NO_PROXY,	/* mod_proxy is not loaded: nothing knows
				 * the handler */
	PF_DECLINE_NO_MODULE,	/* the scheme's module is not loaded */
	PF_DECLINE_SCHEME,	/* no module has the URL's scheme */
	PF_DECLINE_NOT_PROXY,	/* a proxy URL without "proxy:" at the
				 * start: no module takes the handler */
	PF_DECLINE_NO_TAKER,	/* another name no loaded module takes
				 * (declined_module: the module that
				 * would, or NULL) */
	PF_DECLINE_PHP_ENGINE,	/* mod_php takes the name, but its engine
				 * is off there (status_node: the line) */
};

enum pf_sim_authz {
	PF_AUTHZ_GRANTED = 0,	/* anyone */
	PF_AUTHZ_RESTRICTED,	/* depends on the client (ip, local, user) */
	PF_AUTHZ_DENIED,	/* nobody */
};

/*
 * The AuthType in effect (mod_authn_core: the last AuthType line, None
 * resets it), for a request whose Require lines need a user: with no
 * credentials check_user_id answers 401 when a loaded module takes the
 * scheme, else 500 (AH00027 "No authentication done but request not
 * allowed without authentication", AH01796 "AuthType Digest configured
 * without corresponding module"; verified on 2.4.71).
 */
enum pf_sim_authn {
	PF_AUTHN_NONE = 0,	/* no AuthType: 500 */
	PF_AUTHN_ASKS,		/* a module takes it: 401 */
	PF_AUTHN_NO_MODULE,	/* no loaded module takes it: 500 */
	PF_AUTHN_NO_NAME,	/* Basic or Digest without an AuthName: 500
				 * (AH01615, AH01780 "need AuthName") */
};

/*
 * ErrorDocument (ap_die): how Apache answers an error status of its own
 * (outcome NOT_FOUND, DENIED, OTHER with a status, FPM NO_BACKEND's 503),
 * by the document of the per-directory configuration in effect where the
 * error arose.  The outcome stays what the URL's own route decided: an
 * upload script refused with 403 whose document is /error.php is not the
 * upload running; errdoc_v says what the document's request did.
 */
enum pf_sim_errdoc {
	PF_ERRDOC_NONE = 0,	/* Apache's own page ("default" included) */
	PF_ERRDOC_LOCAL,	/* a local URL: an internal redirect (GET,
				 * REDIRECT_STATUS) served as errdoc_v says */
	PF_ERRDOC_FAILED,	/* ... that failed itself: Apache's page of
				 * the first error with a note */
	PF_ERRDOC_TEXT,		/* a message */
	PF_ERRDOC_EXTERNAL,	/* a full URL: a 302 to it */
	PF_ERRDOC_EXPR,		/* a local URL made by an expression the
				 * simulator does not evaluate */
};

struct pf_sim_verdict {
	enum pf_sim_outcome outcome;
	/* How it was routed to FastCGI (outcome FPM). */
	enum pf_route_kind via;
	const struct pf_node *route;	/* the routing directive */
	const struct pf_node *route_section;	/* its section, or NULL */
	const char	*handler;	/* handler or backend URL */
	struct pf_backend backend;
	struct pf_pool	*pool;		/* NULL if no pool listens there */
	int		 file_check;	/* under <If "-f %{REQUEST_FILENAME}"> */
	int		 conditional;	/* depended on an unknown condition */
	const struct pf_node *handler_off;	/* a SetHandler none or
					 * default-handler that replaced a
					 * FastCGI handler for this file */
	int		 canon_refused;	/* mod_proxy_fcgi refused the path it
					 * was to forward (AH10414, 403:
					 * outcome DENIED, status_node the
					 * route) */
	int		 query_read;	/* a condition or variable read the
					 * query string (QUERY_STRING): the
					 * same URL with another query may be
					 * answered otherwise */
	/* Apache's side. */
	const char	*uri;		/* after server-context rewriting */
	const char	*filename;	/* r->filename (file requests) */
	const char	*path_info;	/* r->path_info, or NULL */
	enum pf_sim_authz authz;
	const struct pf_node *authz_node;	/* the Require that decided */
	/* Each module's rule in effect where it restricts (NULL: it lets
	 * anyone in): mod_authz_core's Require, mod_access_compat's
	 * Allow/Deny; satisfy_any: Satisfy Any (either suffices). */
	const struct pf_node *req_node, *compat_node;
	int		 satisfy_any;
	enum pf_sim_authn authn;	/* the AuthType in effect */
	/* What Directory/Files sections would have said had the request been
	 * mapped to a file (for proxied requests: the ACLs they bypass). */
	enum pf_sim_authz fs_authz;
	const struct pf_node *fs_authz_node;
	/* The FastCGI params (outcome FPM). */
	const char	*script_filename, *script_name;
	const char	*fpm_path_info, *path_translated;
	const char	*document_root;
	/* FPM's side. */
	enum pf_sim_fpm	 fpm;
	const char	*executed;	/* the script FPM resolved (below the
					 * pool's chroot: the path here) */
	/* FPM NOT_FOUND because the pool's chroot holds no such path: the
	 * script Apache names exists outside it (sim_fpm.c fpm_path). */
	int		 chroot_miss;
	int		 fix_pathinfo;	/* effective cgi.fix_pathinfo */
	struct pf_loc	 fix_pathinfo_loc;	/* file 0: the default */
	const char	*limit_ext;	/* effective list (NULL = default) */
	int		 redirects;	/* internal redirects followed */
	/* Outcome OTHER: the status Apache answers by itself when the
	 * simulator knows it (500: a directive an .htaccess file on the
	 * way may not use, status_node), else 0.  Outcome NO_ANSWER:
	 * status 0, status_node the line that kills Apache's child (a
	 * ProxyFCGISetEnvIf pf_sim_fcgi_backref_crash() names). */
	int		 status;
	const struct pf_node *status_node;
	/* 403: the symbolic link the directory walk refused, status_node
	 * the Options line that made it (rules/sim_symlink.c). */
	const char	*refused_link;
	/* Outcome DENIED for pf_sim_set_client()'s client: 401 (or 500,
	 * see pf_sim_authn) where the Require lines that refuse it want a
	 * user, else 0 (403). */
	int		 client_status;
	/* The 403, redirect or other status is a RewriteRule's answer
	 * ([F], [G], [R], [R=4xx]): mod_rewrite resets r->status before it
	 * returns it, which matters in an ErrorDocument's request. */
	int		 rw_status;
	/* ErrorDocument (see above): the directive, the status the client
	 * gets (the error's, 302 for a full URL, FPM's own 404/403 when
	 * FPM does not run the document), the document's request (LOCAL,
	 * FAILED; its own errdoc is always NONE). */
	enum pf_sim_errdoc errdoc;
	const struct pf_node *errdoc_node;
	int		 errdoc_status;
	const struct pf_sim_verdict *errdoc_v;
	/* ProxyErrorOverride: FPM's 404/403 (fpm above) is not sent, Apache
	 * answers the status itself (its page, or the ErrorDocument);
	 * the ProxyErrorOverride line. */
	const struct pf_node *intercepted;
	/* A "proxy:" handler mod_proxy declined (see above): route, via and
	 * handler name it, declined_scheme the scheme it saw ("" for
	 * none), declined_module the module that would take it. */
	enum pf_sim_decline declined;
	const char	*declined_scheme, *declined_module;
	/* Outcome DENIED by mod_rewrite's fixup because neither
	 * FollowSymLinks nor SymLinksIfOwnerMatch is in effect where
	 * per-directory rules apply (AH00670, whether they match or not):
	 * the Options line in effect, and the section (or .htaccess file)
	 * whose mod_rewrite config the request has. */
	const struct pf_node *symlinks_off, *symlinks_rules;
	/* mod_autoindex's answer (handler PF_SIM_DIR_HANDLER): IndexIgnore
	 * "*" is in effect, so a listing names no file. */
	int		 index_hides_all;
	/* core's LimitRequestBody in effect for the request (the merged
	 * sections, as for a file or a proxied URL): bytes, 0 unlimited,
	 * -1 not set (httpd's default: 1 GiB since 2.4.54), with its line;
	 * set once the sections are merged (outcome FPM, STATIC ...). */
	long long	 body_limit;
	const struct pf_node *body_limit_node;
	/* Outcome OTHER: mod_php runs r->filename (filename) in Apache's
	 * own processes (its handler takes the name and its engine is on
	 * where the file is). */
	int		 php_exec;
};

/* The handler of outcome OTHER when mod_autoindex answers for a directory
 * no DirectoryIndex name fits (its content type, which it takes): status
 * 200, its listing, with Options Indexes in effect (status_node the
 * Options line that turned it on), else 403 (status_node the last Options
 * line, or NULL). */
#define PF_SIM_DIR_HANDLER	"httpd/unix-directory"

/* Files the simulation treats as existing (see above). */
struct pf_sim_fs {
	const char *const *files;	/* absolute paths of regular files */
	size_t		 nfiles;
	int		 real;		/* also look on disk (under --root) */
};

/* Builds the simulator for the run's model (lives in the run's arena).
 * It indexes the tree and the pools: build it after the readers, and a
 * new one if the model changes. */
struct pf_sim	*pf_sim_new(struct pf_run *, struct pf_wdirs *);
/* A second simulator of p's model for another thread, in run's arena
 * (a diagnostics sink's) with wdirs w: what pf_sim_new() and
 * pf_sim_links() found copied, the memo mode p's, caches its own. */
struct pf_sim	*pf_sim_fork(const struct pf_sim *p, struct pf_run *run,
		    struct pf_wdirs *w);

/* Uses an index of the run's routes and pools (link.h) that the caller
 * already built, instead of building one on the first request. */
struct pf_link_index;
void	 pf_sim_links(struct pf_sim *, struct pf_link_index *);
/* An fcgi:// URL (after "proxy:" and "unix:PATH|") whose host is digits
 * alone: mod_proxy_fcgi answers 400 for every request to it. */
int	 pf_sim_fcgi_digits_host(const char *url);
/* Why mod_proxy answers 400 for every request to the fcgi URL url (after
 * "proxy:", a "unix:PATH|" part included): "AH01059: Invalid host/port"
 * and the like, or NULL.  uds: a handler or RewriteRule [P] URL (it goes
 * through fixup_uds_filename), not ProxyPass*'s; path: a handler's URL,
 * which r->filename follows. */
const char	*pf_sim_fcgi_url_400(const char *url, int uds, int path);
/*
 * Whether node n sits in an <If>/<ElseIf>/<Else> branch the machine
 * (under --root) never takes: its own condition, or an earlier one of its
 * chain, is nothing but a file test on a constant path ("-e
 * '/run/php/php8.2-fpm.sock'") that this machine answers no, or yes.
 * FreedomBox picks its pool by the php-fpm socket that exists.
 */
int	 pf_sim_branch_never(struct pf_run *, const struct pf_node *n);
/*
 * A ProxyFCGISetEnvIf line (active, three words, no '!') whose value
 * uses $0-$9 while its condition has no regular expression with a
 * capturing group: apache2 2.4's child dies of a segmentation fault in
 * mod_proxy_fcgi's fix_cgivars on every request the line applies to
 * (rule fcgi-setenv-backref-crash).  Returns the digit of the first
 * backreference ('0'-'9'), or 0.
 */
int	 pf_sim_fcgi_backref_crash(const struct pf_node *n);
/* Whether the configuration loads mod_php (any of its module names); 0
 * when it lists no modules. */
int	 pf_sim_modphp_loaded(const struct pf_sim *);

/*
 * Sends the strings and vectors of later requests to a (NULL: back to
 * the run's arena).  The rules give each vhost a scratch arena they free
 * after its probes: what a verdict points at (strings, the backend) is
 * valid only until then, except nodes and pools.
 */
void	 pf_sim_scratch(struct pf_sim *, struct pf_arena *a);

/*
 * Simulates a GET of url (a decoded path starting with '/', then
 * "?QUERY" if the request has a query string) on vhost v.
 * Returns 0, or -1 if the model has no Apache configuration.
 */
int	 pf_sim_request(struct pf_sim *, const struct pf_vhost *v,
	    const char *url, const struct pf_sim_fs *, struct pf_sim_verdict *);

/*
 * pf_sim_request with the URL's path mapped below dir instead of v's
 * DocumentRoot (as an Alias, a RewriteRule to a path or a UserDir maps a
 * request elsewhere): what the tree's sections give a place no site's
 * section names (dir NULL: the DocumentRoot).  Not answered from the
 * memo.
 */
int	 pf_sim_request_in(struct pf_sim *, const struct pf_vhost *v,
	    const char *dir, const char *url, const struct pf_sim_fs *,
	    struct pf_sim_verdict *);

/*
 * Answers shared by vhosts stamped from one template (sim_memo.c says
 * when two vhosts are of one shape and what is swapped between them).
 * Between pf_sim_memo_begin(s, v) and pf_sim_memo_end(s), requests for v
 * whose files are declared only (fs->real == 0) may be answered from a
 * vhost of the same shape.  Off unless pf_sim_memo_mode() turns it on;
 * VERIFY also simulates each such answer and reports a difference as an
 * error diagnostic (rules-memo-mismatch).
 */
enum pf_sim_memo_mode {
	PF_SIM_MEMO_OFF = 0,
	PF_SIM_MEMO_ON,
	PF_SIM_MEMO_VERIFY,
};
struct pf_sim_memo_stats {
	size_t		 vhosts;	/* begun */
	size_t		 classes;	/* distinct shapes */
	size_t		 unmemoized;	/* vhosts simulated in full */
	size_t		 hits, misses;	/* answers from the memo, simulated */
	size_t		 mismatches;	/* VERIFY: answers that differed */
};
void	 pf_sim_memo_mode(struct pf_sim *, enum pf_sim_memo_mode);

/*
 * Judges the access checks for one client, an anonymous GET from the IPv4
 * or IPv6 address ip (NULL: for anyone, the default, where a check that
 * depends on the client is PF_AUTHZ_RESTRICTED and lets the request on,
 * and a block list such as "Require not ip" lets it on too).  With a
 * client every section's Require and Order/Allow/Deny lines are granted
 * or denied as mod_authz_core and mod_access_compat decide for it, in
 * lookups and error documents as well, and lines that want a user deny
 * with client_status 401.  What the simulator cannot decide from an
 * address (host names, env=, expr) stays as without a client.  For the
 * oracle tests, which ask from 127.0.0.1; not with the memo.
 */
void	 pf_sim_set_client(struct pf_sim *, const char *ip);
/* The mode set (PF_SIM_MEMO_OFF if none). */
enum pf_sim_memo_mode pf_sim_memo_mode_of(const struct pf_sim *);
void	 pf_sim_memo_begin(struct pf_sim *, const struct pf_vhost *);
/* The memo's facts of the main server, found now rather than by the
 * first vhost, so that pf_sim_fork()'s forks share them (a main server
 * with a <Directory> and handler per site: 10,000 of them cost each
 * fork 40 MB). */
void	 pf_sim_memo_prepare(struct pf_sim *);
void	 pf_sim_memo_end(struct pf_sim *);
void	 pf_sim_memo_stats(struct pf_sim *, struct pf_sim_memo_stats *);

/*
 * Simulates a GET of raw, the URL's path as a client sends it (%XX
 * escapes; a query is dropped): httpd normalizes it (unreserved escapes
 * decoded, dot segments and repeated slashes removed; above the root or
 * a bad escape is 400), matches ProxyPass* mapping=encoded on that, then
 * decodes it (an encoded '/' or NUL: 404) for the rest; nocanon routes
 * send the path as it was sent.  Not answered from the memo.
 */
int	 pf_sim_request_raw(struct pf_sim *, const struct pf_vhost *v,
	    const char *raw, const struct pf_sim_fs *, struct pf_sim_verdict *);

/*
 * What Apache answers a request it refuses with status before mapping
 * it (ap_process_request_internal(): a bad escape is 400, an encoded '/'
 * 404): Apache's page, or the ErrorDocument of the server and vhost
 * (their configuration is the one in effect then).
 */
int	 pf_sim_refused(struct pf_sim *, const struct pf_vhost *v, int status,
	    const struct pf_sim_fs *, struct pf_sim_verdict *);

/* A one-line description of a verdict ("FPM executes /srv/x/a.jpg ..."). */
const char *pf_sim_describe(struct pf_sim *, const struct pf_sim_verdict *);

/* The vhosts that serve requests: every <VirtualHost>, and the main
 * server when some Listen address has no vhost (or there is none). */
size_t	 pf_sim_vhosts(struct pf_sim *, const struct pf_vhost ***out);

/* The DocumentRoot a vhost serves from (its own, else the main
 * server's, else the compiled default), or NULL without Apache. */
const char *pf_sim_docroot(struct pf_sim *, const struct pf_vhost *);

/* The URL path under which a filesystem path is served by v
 * (DocumentRoot or Alias), or NULL if it is not served. */
const char *pf_sim_url_of(struct pf_sim *, const struct pf_vhost *,
	    const char *path);

/*
 * The effective AllowOverride of a directory for v (merged <Directory>
 * sections), as the PF_OVR_* bits below; *node gets the deciding
 * directive (NULL: the default None).
 */
enum {
	PF_OVR_AUTHCONFIG = 1 << 0,
	PF_OVR_FILEINFO	= 1 << 1,
	PF_OVR_INDEXES	= 1 << 2,
	PF_OVR_LIMIT	= 1 << 3,
	PF_OVR_OPTIONS	= 1 << 4,
	PF_OVR_LIST	= 1 << 5,	/* AllowOverrideList names directives */
	PF_OVR_ALL	= 0x1f,
};
unsigned pf_sim_allow_override(struct pf_sim *, const struct pf_vhost *,
	    const char *dir, const struct pf_node **node);
/* The symbolic link on the way into dir (dir itself included) that
 * httpd's directory walk refuses on v (403 for every request below it,
 * whose .htaccess files it never reads), with the Options line that makes
 * it refuse and, if owner is not NULL, whether that is for want of the
 * same owner (SymLinksIfOwnerMatch), or NULL (rules/sim_symlink.c). */
const char *pf_sim_link_refused(struct pf_sim *, const struct pf_vhost *,
	    const char *dir, const struct pf_node **node, int *owner);
/* May some Options line of the tree make the walk refuse a link? */
int	 pf_sim_links_may_refuse(const struct pf_sim *);
/* Is mod_autoindex loaded, and may some Options line of the tree turn
 * Indexes on, so that it lists a folder without an index file? */
int	 pf_sim_indexes_may(const struct pf_sim *);
/* The names the tree's DirectoryIndex lines look up in a folder (the last
 * part of a URL word; "disabled" left out), without mod_dir's default
 * index.html unless a line names it. */
size_t	 pf_sim_index_names(const struct pf_sim *, const char *const **out);

/*
 * mod_userdir (sim_userdir.c).  The accounts of the passwd database (the
 * flat files nsswitch.conf names, under --root; first line of a name
 * counts), as getpwnam() answers translate_userdir(); and the directory
 * the UserDir in effect on v maps /~user/ to (as translate_userdir()
 * picks the target, a target's directory existing as fs says), or NULL
 * when mod_userdir declines /~user (no UserDir, disabled for the user, an
 * unknown user for the home-directory forms) or redirects (*redirect 1).
 * *target gets the UserDir word that applied.
 */
/* The passwd database's accounts (model/nss.h), read once per run. */
size_t	 pf_sim_users(struct pf_sim *, const struct pf_pwent **out);
const char *pf_sim_userdir(struct pf_sim *, const struct pf_vhost *v,
	    const char *user, const struct pf_sim_fs *, const char **target,
	    int *redirect);

/*
 * Matches a pattern as Apache compiles it (icase adds (?i)); returns
 * 1 match, 0 no match, -1 bad pattern.  ovec (2 * nvec entries, may be
 * NULL) receives the capture offsets, -1 for unset groups.
 */
int	 pf_sim_regex(struct pf_sim *, const char *pattern, int icase,
	    const char *subject, long *ovec, int nvec);

/*
 * What an anonymous GET (no credentials) from the IPv4 address ip gets
 * from the Require lines that decided v (v->authz_node's section, as
 * mod_authz_core evaluates them: RequireAll/Any/None, "not", <Limit>):
 * 0 granted, 403, 401 or 500 when they need a user (v->authn says
 * which), -1 when the simulator cannot tell (host names, env, expr and
 * other providers, mod_access_compat's lines decided).
 */
int	 pf_sim_authz_client(struct pf_sim *, const struct pf_sim_verdict *v,
	    const char *ip);

/* What an anonymous GET from ip gets from section sec's own Require
 * lines (as pf_sim_authz_client: 0 granted, 403, 401 when they need a
 * user, -1 unknown). */
int	 pf_sim_section_client(struct pf_sim *, const struct pf_node *sec,
	    const char *ip);
/* ... and from its mod_access_compat lines (Order/Allow/Deny): 0, 403,
 * -1 unknown (a host name, env=), -2 when it has none. */
int	 pf_sim_section_compat_client(struct pf_sim *,
	    const struct pf_node *sec, const char *ip);

/*
 * Whether every connection that reaches server v (NULL: the main server)
 * comes from this machine: it answers on loopback addresses only (its
 * <VirtualHost> addresses, else the Listen lines of its ports), and no
 * RemoteIPHeader gives requests another client address.  Then whatever
 * serves the world from the host (a reverse proxy: nginx, Varnish,
 * HAProxy, a Tor onion service) connects from 127.0.0.1 or ::1.  *why:
 * the line that shows it (a Listen, or the <VirtualHost>); *client: the
 * address the proxy comes from, "127.0.0.1" or "::1" (the family of
 * that line's first address).
 */
int	 pf_sim_loopback_only(struct pf_sim *, const struct pf_vhost *v,
	    const struct pf_node **why, const char **client);

/* The access a section's own rules give an anonymous GET: *req (Require
 * lines), *compat (Order/Allow/Deny); returns bit 1 / bit 2 when the
 * section has either (see sim.c). */
int	 pf_sim_section_authz(struct pf_sim *, const struct pf_node *sec,
	    enum pf_sim_authz *req, enum pf_sim_authz *compat);

#endif
