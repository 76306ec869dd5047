/*
 * sim_int.h - the simulator's internals shared by sim*.c.
 */
#ifndef PF_RULES_SIM_INT_H
#define PF_RULES_SIM_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rules/rule.h"
#include "rules/sim.h"
#include "rules/sim_kind.h"

struct pf_sim_re {
	const char	*pat;
	int		 icase;
	pcre2_code	*code;		/* NULL: does not compile */
	struct pf_sim_re *next;
};

struct pf_sim {
	struct pf_run	*run;
	struct pf_arena	*tmp;		/* per-request allocations, or NULL */
	struct pf_model	*m;
	struct pf_wdirs	*wdirs;
	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	pcre2_match_data *md;
	uint32_t	 re_opts;	/* from RegexDefaultOptions */
	int		 no_mod_dir;	/* modules known, dir_module not one */
	int		 mods_known;	/* the model lists its modules */
	int		 handlers_known;	/* and each loaded module's
					 * handler names (sim.c) */
	int		 any_errdoc;	/* an ErrorDocument is in the tree */
	int		 any_encoded;	/* a ProxyPass* with mapping=encoded */
	struct pf_sim_re *re_tab[512];
	const struct pf_vhost **serving;
	size_t		 nserving;
	int		 serving_done;
	/* Active children per node (sim.c kids_of), open addressing; the
	 * nodes of a <VirtualHost> while a scratch arena is set go in a
	 * table in that arena (vhost_kids), dropped with it. */
	struct pf_sim_kids *kid_tab;
	size_t		 kid_n, kid_cap;
	struct pf_sim_kids *vkid_tab;
	size_t		 vkid_n, vkid_cap;
	struct pf_link_index *lx;	/* route -> pool lookups */
	/* Route -> pool links already made (sim_fpm.c). */
	struct pf_sim_link *link_tab;
	size_t		 link_n, link_cap;
	/* The memo (sim_memo.c) and the own strings of the vhost whose
	 * answers it keeps (nsig 0: none); taint is set where a decision
	 * looks into one of them. */
	struct sim_memo	*memo;
	const struct pf_vhost *memo_v;	/* the vhost answered from it */
#define PF_SIM_NSIG	9
	const char	*sig[PF_SIM_NSIG];
	size_t		 siglen[PF_SIM_NSIG];
	int		 nsig;
	int		 sig_upper;	/* one of them has capitals */
	int		 sig_auth;	/* one of them is a host:port */
	int		 taint;
	struct sim_users *users;	/* passwd, for UserDir (sim_userdir.c) */
	const char	*client;	/* pf_sim_set_client(), or NULL */
	/* Some Options line may leave a directory without FollowSymLinks
	 * or with SymLinksIfOwnerMatch: the walk looks for links then
	 * (sim_symlink.c), with the facts of each path kept in lnk. */
	int		 sym_strict;
	struct pf_smap	 lnk;
	int		 no_openat2;	/* it failed as unsupported */
	/* Where those lines are (sim_strict_near): strict_any, outside a
	 * <Directory> of a plain path; else in strict_dirs, each such
	 * <Directory>'s path (normalized, as dnorm) -> 1, and each folder
	 * above one -> 2 (or both, 3). */
	int		 strict_any;
	struct pf_smap	 strict_dirs;
	/* Some Options line may turn Indexes on (pf_sim_indexes_may), and
	 * the names the tree's DirectoryIndex lines look up. */
	int		 any_indexes;
	/* mod_proxy_fcgi refuses a '?' in a path it forwards as it is (a
	 * nocanon route's query): 2.4.63 and later (or no version known) */
	int		 fcgi_query_403;
	/* mod_mime's TypesConfig file (sim.c types_config): its text
	 * (types_got: read; NULL: it cannot be), whether it names a type
	 * mod_php takes (types_scanned: known), extension -> index in
	 * types + 1 (types_read: parsed), its line (NULL: the compiled
	 * default). */
	const char	*types_buf;
	int		 types_got, types_scanned, types_php, types_read;
	struct pf_smap	 types_ext;
	PF_VEC(const char *) types;
	const struct pf_node *types_node;
	const char	**index;
	size_t		 nindex, cindex;
};

struct sim_dindex;

struct pf_sim_kids {
	const struct pf_node *node;
	const struct pf_node **v;
	unsigned char	*k;		/* enum sim_kind of each */
	size_t		 n;
	/* Views of them for the loops that read some kinds only (sim.c
	 * EACH_V, KV_*): the arrays above unless much shorter */
	struct pf_sim_kview {
		const struct pf_node **v;
		unsigned char	*k;
		size_t		 n;
	} view[5];		/* KV_MAX */
	struct pf_arena	*a;		/* where they (and dix) live */
	const struct sim_dindex *dix;	/* the <Directory> kids by path
					 * (sim.c dindex_of), or NULL */
	int		 dix_done;	/* dix looked for */
};

struct pf_sim_link {
	const char	*key;
	struct pf_pool	*pool;
};

/* A request in flight. */
#define SIM_NENV	8
extern const char sim_env_unknown[];

struct sreq {
	struct pf_sim	*s;
	const struct pf_vhost *v;
	const struct pf_sim_fs *fs;
	const char	*docroot;
	const char	*uri;
	struct pf_sim_verdict *out;
	/* The pool's chroot (no trailing '/'), NULL none: every path FPM
	 * looks at is below it (sim_fpm.c fpm_path) */
	const char	*croot;
	int		 depth;
	/* The sections merged for the request (a hash of them in order,
	 * 0: none walked), and for an ErrorDocument's request those of the
	 * request that failed (r->prev): the same per-directory config. */
	uint64_t	 sig, prev_sig;
	const char	*extra_file;	/* FallbackResource target: exists */
	/* set by the rewrite step */
	const char	*forced_handler;
	const struct pf_node *forced_node;
	/* A lookup whose handler, once mod_dir takes it (fast redirect),
	 * answers 500: [H=proxy:fcgi://HOST:PORT] on "redirect:URL". */
	int		 handler_500;
	/* The per-directory rules' 403 is mod_rewrite's refusal without
	 * FollowSymLinks (AH00670), no rule's answer. */
	int		 rw_sym;
	const char	*proxy_url;	/* [P] or ProxyPass target */
	int		 noencode;	/* proxy_url is sent as it is (nocanon,
					 * mapping=encoded) */
	/* The request as the client sent it (pf_sim_request_raw; NULL:
	 * the URI is all there is): its path (r->unparsed_uri, for
	 * nocanon), the path normalized but still encoded (what
	 * mapping=encoded matches), and the status ap_unescape_url() gave
	 * the rest of httpd (400, 404) or 0. */
	const char	*raw;
	/* QUERY_STRING (r->args): the client's (pf_sim_request_raw; lint's
	 * probes send none), as the rewrites applied so far left it;
	 * never NULL (but in sub-requests) */
	const char	*query;
	/* The client sent a '?' (r->args is "" then, not NULL, when
	 * nothing follows it); a rule that sets or drops the query clears
	 * it (mod_rewrite leaves an empty query NULL) */
	int		 qmark;
	const char	*enc_uri;
	int		 bad_status;
	const struct pf_node *proxy_node;
	const struct pf_node *proxy_section;
	enum pf_route_kind proxy_kind;
	int		 done;		/* outcome decided */
	/* The server-context rewrite (mod_rewrite's translate_name):
	 * r->filename it set to a local path without [PT] (no other
	 * translate_name hook runs then), the last rule that matched with
	 * a substitution (its output decides the DocumentRoot prefix),
	 * whether [PT] passed the result on as r->uri, and whether a rule
	 * ended the list ([L], [PT], [END]). */
	const char	*rw_file;
	const struct pf_node *rw_lastsub;
	int		 rw_pt;
	int		 rw_stop;
	int		 rw_end;	/* an [END] rule applied */
	int		 rw_dpi;	/* a per-directory [DPI] rule applied */
	/* During a rewrite pass: r->filename after a substitution (what
	 * %{REQUEST_FILENAME} reads), and the per-directory rules' one. */
	const char	*rw_file_now, *rw_dir_now;
	int		 rw_unsafe;	/* RewriteOptions UnsafePrefixStat */
	int		 rw_status;	/* of [R]: RW_REDIRECT, RW_STATUS */
	/* What mod_dir's sub-requests read back (sim.c dir_index). */
	int		 lookup_proxied;	/* handler "proxy-server" after
					 * fixups, in the request's own
					 * pass (before any internal
					 * redirect) */
	int		 redirect;	/* an external redirect ([R]) */
	int		 mapped;	/* map_to_storage ran: mapped_reg */
	int		 mapped_reg;	/* it found a regular file */
	/* proxy-fcgi-pathinfo in r->subprocess_env when mod_proxy_fcgi
	 * canonicalises the URL (SetEnvIf runs before, SetEnv after;
	 * sim.c pathinfo_env). */
	const char	*pathinfo_env;
	int		 pathinfo_cond;	/* set under an unknown condition */
	/* ... as the per-directory RewriteRules' [E=] left it (rw_env_set),
	 * and the server context's (srw_set). */
	const char	*rw_env;
	int		 rw_env_set;
	const char	*srw_env;
	int		 srw_set;
	/* Every variable the RewriteRules' [E=] set in this request
	 * (apr_table_set on r->subprocess_env, names without case), for a
	 * later %{ENV:NAME} (mod_rewrite lookup_variable): the value, NULL
	 * after [E=!NAME], sim_env_unknown when its expansion was unknown.
	 * Past SIM_NENV names (env_overflow), every lookup is unknown. */
	const char	*envk[SIM_NENV], *envv[SIM_NENV];
	int		 nenv, env_overflow;
	/* Of the last sim_expand(): where the first and the last '?' of
	 * the result came from (-1 none, 0 the text, 1 an expansion). */
	int		 exp_qmark, exp_qmark_last;
	/* ... after the fixups (mod_env's SetEnv; what a handler route
	 * and a sub-request see). */
	const char	*late_env;
	int		 late_cond;
	/* The URL post_read_request saw (server-context SetEnvIf). */
	const char	*orig_uri;
	/* A sub-request: no SetEnvIf runs, the env is a copy of the
	 * parent's (inh_env, inh_cond). */
	int		 sub;
	const char	*inh_env;
	int		 inh_cond;
	/* ErrorDocument: where an error would be answered from (ap_die
	 * reads r->per_dir_config): ED_FULL the merged sections (ed, ned:
	 * the ErrorDocument lines in merge order, ed_cond: one under an
	 * unknown <If>), ED_TRANSLATE the server's and <Location>/<If>'s
	 * of the URL (translate_name), ED_SERVER the server's only
	 * (map_to_storage). */
	const struct pf_node *const *ed;
	size_t		 ned;
	int		 ed_cond;
	int		 ed_phase;
	/* ... and ProxyErrorOverride's lines (merged), which make FPM's
	 * error answers to an initial request (not an internal redirect's:
	 * redirected) errors of Apache's. */
	const struct pf_node *const *eo;
	size_t		 neo;
	int		 redirected;
	/* ProxyFCGISetEnvIf lines of the merged sections, in merge order
	 * (fcgi_merge_dconf appends the override's to the base's; sim_fpm.c
	 * fcgi_setenv), fe_cond: one under an unknown <If>. */
	const struct pf_node *const *fe;
	size_t		 nfe;
	int		 fe_cond;
	int		 fcgi_generic;	/* ProxyFCGIBackendType GENERIC */
};
enum { ED_FULL = 0, ED_TRANSLATE, ED_SERVER };

/* Where a request's temporary strings go (pf_sim_scratch). */
#define SA(s)	((s)->tmp != NULL ? (s)->tmp : (s)->run->arena)

/* Tri-state results of conditions. */
enum { T_FALSE = 0, T_TRUE = 1, T_UNKNOWN = 2 };

/* sim.c */
const struct pf_sim_kids *sim_kids(struct pf_sim *, const struct pf_node *);
int	 sim_request_real(struct pf_sim *, const struct pf_vhost *,
	    const char *url, const struct pf_sim_fs *, struct pf_sim_verdict *);
int	 sim_is_file(struct sreq *, const char *path);
/* A URL past its "unix:PATH|" part, if any (mod_proxy's socket). */
const char *sim_past_uds(const char *url);
int	 sim_is_dir(struct sreq *, const char *path);
/* What a sub-request for uri maps to (r->filename + r->path_info), as
 * ap_add_cgi_vars() asks for PATH_TRANSLATED. */
const char *sim_lookup_path(struct sreq *, const char *uri);
/* ap_find_path_info(): where PATH_INFO starts in uri. */
size_t	 sim_find_path_info(const char *uri, const char *path_info);
/* The first .htaccess section on the way to path (below a directory
 * that is a prefix of it) holding a line httpd refuses; its directory
 * in *dir. */
const struct pf_node *sim_ht_refused_on(struct sreq *, const char *path,
	    const char **dir);
const char *sim_arg(const struct pf_node *, int i);
int	 sim_node_active(const struct pf_node *);
/* The first node of an .htaccess section httpd refuses, or NULL. */
const struct pf_node *sim_ht_refused(const struct pf_node *sec);

/* sim_symlink.c: one component of the directory walk, path (no trailing
 * '/'), under Options whose FollowSymLinks (follow) and
 * SymLinksIfOwnerMatch (owner) bits are given: SIM_LINK_ON the walk goes
 * on below it, SIM_LINK_END it ends there (not there, or no directory),
 * SIM_LINK_REFUSED httpd answers 403 (AH00037). */
enum { SIM_LINK_ON, SIM_LINK_END, SIM_LINK_REFUSED };
int	 sim_link_step(struct pf_sim *, const char *path, int follow,
	    int owner);
/* Is there a symbolic link on the way to docroot, among its entries, or
 * among those of the folders the reader listed below it (the memo keeps
 * no answer for a vhost where one may change the walk)? */
int	 sim_docroot_links(struct pf_sim *, const char *docroot);
/* 1: path exists and no component of it is a symbolic link (so no walk
 * to it can refuse one); 0: a component is one; -1: not known (ask
 * component by component).  One openat2() with RESOLVE_NO_SYMLINKS. */
int	 sim_resolves_plain(struct pf_sim *, const char *path);
/* Could an Options line that leaves out FollowSymLinks (or adds
 * SymLinksIfOwnerMatch) hold for path, a folder above it or one below
 * it, so that a walk to path or into it may look for links?  (sim.c) */
int	 sim_strict_near(const struct pf_sim *, const char *path);

/* sim_userdir.c: mod_userdir's translate_name for r->uri-like uri on
 * r->v: r->filename, or NULL (declined); a URL target sets *redirect to
 * 302 and *location (both may be NULL when the caller only maps). */
const char *sim_userdir(struct sreq *, const char *uri, int *redirect,
	    const char **location);

/* sim_memo.c */
int	 sim_memo_request(struct pf_sim *, const struct pf_vhost *,
	    const char *url, const struct pf_sim_fs *, struct pf_sim_verdict *);
/* The first aligned occurrence of an own string in str. */
int	 sim_sig_find(const struct pf_sim *, const char *str, size_t *pos,
	    size_t *len);
int	 sim_sig_in(const struct pf_sim *, const char *str);
/* Taints the answer in progress if str holds an own string. */
void	 sim_taint_if(struct pf_sim *, const char *str);
/* The fork s shares p's facts of the main server (pf_sim_memo_prepare
 * found them before the fork; read only from then on). */
void	 sim_memo_share_main(struct pf_sim *s, const struct pf_sim *p);

/* sim_expr.c: <If> expressions and RewriteCond. */
int	 sim_if_eval(struct sreq *, const char *expr, const char *filename);
/* The value an earlier [E=] of the request gave NAME (nl bytes):
 * sim_env_unknown when that is unknown, NULL when no [E=] set it or it
 * was unset (getenv() might still have it). */
const char *sim_env_get(const struct sreq *, const char *name, size_t nl);
/*
 * No expansion (nor a query [QSA] builds) grows past this: Apache takes a
 * request line of 8190 bytes (LimitRequestLine), but chained rules each
 * doubling the URL or the query ("RewriteRule ^(.*)$ $1$1",
 * "?a%{QUERY_STRING}%{QUERY_STRING}") would grow it 2^n-fold, 24 rules
 * past the machine's memory.
 */
#define SIM_EXPAND_MAX	(64u << 10)
const char *sim_expand(struct sreq *, const char *s, const char *subject,
	    const long *rov, int rn, const char *csubj, const long *cov,
	    int cn, int *unknown);
int	 sim_cond_eval(struct sreq *, const struct pf_node *cond,
	    const char *subject, const long *rov, int rn, long *cov,
	    int *cn, const char **csubj);

/*
 * ap_expr as mod_proxy_fcgi evaluates ProxyFCGISetEnvIf (sim_fpm.c): var
 * answers %{NAME} (request_rec's fields), env reqenv()/env() and
 * %{reqenv:NAME}/%{env:NAME} (r->subprocess_env), NULL when the simulator
 * does not know the value; a condition's =~ match leaves its captures for
 * the value's $0..$9.
 */
struct sim_apx {
	const char	*(*var)(void *ctx, const char *name, size_t n);
	const char	*(*env)(void *ctx, const char *name, size_t n);
	void		*ctx;
	const char	*subj;		/* of the last =~ that matched */
	long		 ov[20];
};
int	 sim_apx_cond(struct sreq *, const char *expr, struct sim_apx *);
const char *sim_apx_string(struct sreq *, const char *expr,
	    struct sim_apx *, int *unknown);

#endif
