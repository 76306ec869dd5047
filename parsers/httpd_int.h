/*
 * httpd_int.h - state shared by the httpd reader's files (internal).
 *
 * httpd_read.c turns files into the pf_node tree (lines, words, ${},
 * Include, conditionals, Macro); httpd_check.c judges every directive
 * against the table (unknown, module not loaded, context, arity);
 * httpd_model.c extracts the pf_apache summary; httpd_htaccess.c reads the
 * .htaccess files AllowOverride lets Apache read; httpd_layout.c finds
 * default layouts, envvars and the installed version; httpd_dump.c prints.
 */
#ifndef PF_HTTPD_INT_H
#define PF_HTTPD_INT_H

#include <stdint.h>
#include <string.h>

#include "model/apache.h"
#include "model/run.h"
#include "parsers/httpd.h"
#include "parsers/httpd_table.h"
#include "parsers/httpd_so.h"

/* Private node flag: a section opener without '>'. */
#define PF_NODE_NOGT	(1u << 15)

/* A string hash set/map in the arena (open addressing). */
struct pf_hmap {
	/* h: the key's hash, kept so that a probe or a rehash reads
	 * no other key */
	struct pf_hent { const char *k; void *v; uint32_t h; } *e;
	size_t		 n, cap;
};

/* A loaded module that is not Apache's (struct hrd tpmods). */
struct hrd_tpmod {
	const char	*id;
	const char	*path;		/* its file on this machine */
	int		 known;		/* in the table (Debian's) */
	/* its module structure, as its file has it (so.have_cmds: its
	 * command table) */
	struct pf_so_module so;
};
void	*pf_hmap_get(const struct pf_hmap *, const char *);
/* Sets k -> v (v NULL deletes); keys are not copied.  The table is
 * malloc'd (the arena argument is unused): pf_hmap_free() releases it. */
void	 pf_hmap_put(struct pf_arena *, struct pf_hmap *, const char *, void *);
void	 pf_hmap_free(struct pf_hmap *);
/* apr_fnmatch_test: whether a path is a wildcard pattern */
int	 pf_hrd_fnmatch_test(const char *);
int	 pf_hrd_regex_compiles(const char *re, int icase);
/* apr_ipsubnet_create(addr, mask or NULL): 0 or why not (httpd_expr.c) */
enum { PF_SUBNET_INVAL = 1, PF_SUBNET_BADIP, PF_SUBNET_BADMASK };
int	 pf_hrd_subnet(const char *addr, const char *mask);
/* ... of a word "addr[/mask]" as httpd splits it at its first '/' (*ip:
 * the address part, NULL to ignore), and the reason apr_strerror gives
 * for a failure that is not EINVAL after ": " ("" for EINVAL, 0). */
int	 pf_hrd_subnet_word(struct pf_arena *, const char *w,
	    const char **ip);
const char *pf_hrd_subnet_why(int e);
int	 pf_apr_pton6(const char *, unsigned char [16]);

/* PF_PUSH for the many small per-vhost and per-file vectors: capacity
 * 2, 4, 8, ... instead of 8, 16, ... (10,000 vhosts with one route each
 * would otherwise keep room for 80,000). */
#define HPUSH(arena, vec, item) do {					\
	if ((vec).n == (vec).cap) {					\
		size_t nc_ = (vec).cap ? (vec).cap * 2 : 2;		\
		(vec).v = pf_grow((arena), (vec).v, (vec).n, nc_,	\
		    sizeof(*(vec).v));					\
		(vec).cap = nc_;					\
	}								\
	(vec).v[(vec).n++] = (item);					\
} while (0)

/* A Define: value NULL for a name-only Define. */
struct hdef {
	const char	*name;
	const char	*value;
};

struct hmacro;

/*
 * What AllowOverride, AllowOverride Options=... and AllowOverrideList
 * leave to an .htaccess file (core.c set_override, set_allow_opts,
 * set_override_list; invoke_cmd and set_options check them when httpd
 * reads the file at request time).
 */
#define PF_HOVR_NF_OVERRIDE 1		/* Nonfatal=Override (or All) */
#define PF_HOVR_NF_UNKNOWN 2		/* Nonfatal=Unknown (or All) */
struct pf_hovr {
	unsigned	 ovr;		/* PF_OVR_* classes allowed */
	unsigned	 opts;		/* OPT_* bits Options may set */
	unsigned	 nonfatal;	/* PF_HOVR_NF_* */
	int		 unset;		/* no AllowOverride applies: read, and
					 * nothing is allowed */
	const struct pf_node *list;	/* AllowOverrideList in effect */
};
/* The OPT_* bits of an Options keyword, -1 if it is none. */
int	 pf_hrd_option_bits(const char *);

/* The reader (one per pf_httpd_read). */
struct hrd {
	struct pf_node	*appended;	/* the last node pf_hrd_append() added */
	struct pf_run	*run;
	struct pf_arena	*a;
	struct pf_apache *ap;
	const struct pf_httpd_opts *o;
	const char	*server_root;
	struct pf_hmap	 defs;		/* name -> struct hdef */
	PF_VEC(const char *) defnames;	/* in order, for the dump */
	struct pf_hmap	 env;		/* envvars file: name -> value */
	struct pf_hmap	 mods;		/* loaded module ids and sources */
	unsigned char	*mod_on;	/* per pf_httpd_modules row: loaded */
	int		 all_shared;	/* the build has only core, mod_so and
					 * http_core compiled in (not Debian's) */
	int		 balancer_members;	/* a BalancerMember was read */
	/* A module not Apache's is loaded: it may register providers,
	 * filters, handlers... of its own; unknown_module: one not in the
	 * table either. */
	int		 third_party;
	int		 unknown_module;
	/* Output filters the configuration registers itself
	 * (ExtFilterDefine, LuaOutputFilter), found on first need. */
	PF_VEC(const char *) cfg_filters;
	int		 cfg_filters_done;
	/* balancer://NAME (lower case) -> its first FastCGI member's URL
	 * (pf_hrd_model) */
	struct pf_hmap	 balancers;
	/* Names the configuration defined so far, as the modules that
	 * refuse a second definition keep them (httpd_check.c): the
	 * ExtFilterDefine names of a server, "SERVER-NODE|name" in lower
	 * case (ext_filter_again), and <AuthnProviderAlias> aliases,
	 * "authn|ALIAS" (authn_alias); each -> its node. */
	struct pf_hmap	 cfg_names;
	/* Under --root: the one note for module files not in the tree,
	 * and how many there were. */
	struct pf_diag	*mods_missing_note;
	const char	*mods_missing_first;
	/* With a third-party module loaded: the one note per unknown
	 * directive name (lower case -> struct hrd_unknown), counting the
	 * lines after it (CRS's rules are ~900 SecRule lines). */
	struct pf_hmap	 unknown_noted;
	/* The loaded modules that are not Apache's, whose command tables
	 * tell which names they define (httpd_check.c tp_defines): a
	 * module's build newer than the table's, or one no table knows. */
	PF_VEC(struct hrd_tpmod *) tpmods;
	/* The ServerRoot is Debian's compiled-in /etc/apache2 (no -d, no
	 * ServerRoot line yet) while the main file lies elsewhere: its
	 * directory, for the one note on a relative Include (see
	 * root_note in httpd_read.c); NULL once given or not wanted. */
	const char	*root_note_dir;
	size_t		 mods_missing;
	/* What the distribution's service passes on apache2's command line
	 * (httpd_layout.c, pf_hrd_service): -D names with the line that
	 * sets them, and the -C / -c directive lines (one pseudo file
	 * each, as process_command_config reads them) with, per line, the
	 * line of the service's file it comes from. */
	PF_VEC(struct pf_sval) svc_defs;
	const char	*svc_pre_name, *svc_post_name;
	const char	*svc_pre, *svc_post;
	PF_VEC(struct pf_loc) svc_pre_from, svc_post_from;
	struct pf_hmap	 macros;	/* lower-cased name -> struct hmacro */
	struct pf_hmap	 files;		/* path -> struct hfile_cache */
	struct pf_hmap	 workers;	/* worker key -> struct pf_worker */
	int		 include_depth;
	size_t		 parsed;	/* bytes of files parsed so far */
	int		 abort;		/* stop reading (recursion, budget) */
	char		*mbuf;		/* scratch: a macro line (malloc) */
	char		*lbuf, *ebuf;	/* logical line, after ${} */
	size_t		 lcap, ecap;
	char		*ln;		/* the trimmed line inside lbuf */
	size_t		 ln_len;	/* its length */
	const char	*ln_src;	/* the same bytes where they stay for
					 * the run (file data, macro line), or
					 * NULL (joined lines, NUL bytes) */
	struct hlcache { uint32_t h, len; const char *text;
	    const struct pf_directive *def; struct pf_node *tmpl;
	    unsigned flags; uint32_t gen; } *lcache; /* line() cache
					 * (malloc) */
	struct pf_prefetch *pf;		/* the reader thread, or NULL */
	struct pf_job	*pf_jobs;	/* its jobs */
	struct pf_job	*pf_job;	/* its job for the next read_file */
	const char	*pf_name;	/* and that file's path */
	struct pf_prefetch *ht_pf;	/* probes of the document roots */
	struct pf_job	*ht_jobs;
	size_t		 ht_n;
	const char	**ht_paths;	/* each probe's .htaccess path */
	struct pf_hmap	 ht_map;	/* document root -> job + 1 */
	uint32_t	*ht_refs;	/* per job: vhosts yet to walk it */
	const struct pf_hovr *htovr;	/* the overrides of the .htaccess
					 * file being checked, or NULL */
	uint32_t	 gen;		/* bumped when modules or defines
					 * change (conditionals' verdicts) */
	char		*wbuf;		/* scratch: a directive name */
	size_t		 wcap;
	char		*abuf;		/* scratch: a line's words */
	size_t		 acap;
	size_t		*aoff;		/* scratch: their offsets in abuf */
	size_t		 aoffcap;
	char		*slab;		/* node_alloc's current slab */
	size_t		 slab_left;
	struct hacache { uint32_t h, len; struct pf_node *n; }
			*acache;	/* mknode's argument cache (malloc) */
	int		 acache_ready;
	/* mod_rewrite's RewriteRule and RewriteCond rows (mknode splits
	 * their lines as parseargline does), found on the first node */
	const struct pf_directive *d_rwrule, *d_rwcond;
	int		 rw_rows_set;
	struct hvmemo { const void *argv; const struct pf_directive *def;
	    const char *err;
	    int ht; } *vmemo;	/* value checks by argv (malloc); ht: rmemo's
				 * verdict is for an .htaccess line */
	struct hvmemo	*rmemo;		/* regex checks by raw (malloc) */
	/* The providers LuaAuthzProvider and AuthnzFcgiDefineProvider lines
	 * name (pf_hrd_collect_dyn, once dyn_ready): authz, authn. */
	struct pf_hmap	 dyn_authz, dyn_authn;
	int		 dyn_ready;
	int		 version[3];	/* --apache-version */
	const char	*version_str;
	int		 nerr_read;	/* errors while reading */
	PF_VEC(uint32_t) included;	/* sources in DUMP_INCLUDES order */
	PF_VEC(uint32_t) inc_line;	/* Include line that read each */
	PF_VEC(uint32_t) inc_depth;	/* Include depth of each */
};

/* isspace() of the C locale (apr_isspace), whatever the process locale. */
static inline int
pf_hrd_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* httpd_util.c: words (ap_getword_conf) and directive kinds. */
size_t	 pf_hrd_word_scan(const char **line, const char **s, size_t *len,
	    char *quote);
char	*pf_hrd_word_copy(char *out, const char *s, size_t len, char quote);
size_t	 pf_hrd_word(const char **line, char *out);
/*
 * mod_rewrite's parseargline, which RewriteRule and RewriteCond use
 * instead of ap_getword_conf: up to three words, a quote around one
 * taken off, nothing unescaped ("\\.env$" keeps both backslashes; "\ "
 * neither ends a word nor loses its backslash), the rest of the line
 * after the third ignored.  w[i] and len[i] get the words found (they
 * point into s); returns their count, or -1 for httpd's "bad argument
 * line" (the line ends in or right after the first word; w[0] is set).
 */
int	 pf_hrd_rewrite_split(const char *s, const char *w[3], size_t len[3]);
const char *pf_hrd_getword(struct pf_arena *, const char **line);
/* x, sep and y in one arena string (paths: cheaper than pf_printf). */
char	*pf_hrd_join(struct pf_arena *, const char *x, const char *sep,
	    const char *y);

/* What a directive is to the walkers (from n->def, else its name). */
enum hkind {
	HK_NONE = 0,
	HK_VHOST, HK_DIRECTORY, HK_DIRECTORYMATCH, HK_LOCATION,
	HK_LOCATIONMATCH, HK_FILES, HK_FILESMATCH, HK_PROXY, HK_PROXYMATCH,
	HK_IF, HK_ELSEIF, HK_ELSE, HK_LIMIT, HK_LIMITEXCEPT, HK_MACRO,
	HK_SETHANDLER, HK_ADDHANDLER, HK_ADDTYPE, HK_ACTION, HK_PROXYPASS,
	HK_PROXYPASSMATCH, HK_REWRITERULE, HK_PROXYSET, HK_ALIAS,
	HK_ALIASMATCH, HK_SCRIPTALIAS, HK_SCRIPTALIASMATCH, HK_SERVERNAME,
	HK_SERVERALIAS, HK_DOCUMENTROOT, HK_SSLENGINE, HK_TIMEOUT,
	HK_PROXYTIMEOUT, HK_USER, HK_GROUP, HK_SERVERLIMIT,
	HK_THREADSPERCHILD, HK_THREADLIMIT, HK_MAXREQUESTWORKERS,
	HK_STARTSERVERS, HK_MINSPARE, HK_MAXSPARE, HK_MAXCONNPERCHILD,
	HK_KEEPALIVE, HK_ACCESSFILENAME, HK_ALLOWOVERRIDE,
	HK_ALLOWOVERRIDELIST,
	/* read-time conditionals and directives (the reader dispatches on
	 * these instead of comparing names) */
	HK_IFMODULE, HK_IFDEFINE, HK_IFVERSION, HK_IFFILE, HK_IFDIRECTIVE,
	HK_IFSECTION, HK_INCLUDE, HK_INCLUDEOPTIONAL, HK_DEFINE, HK_UNDEFINE,
	HK_SERVERROOT, HK_LOADMODULE, HK_LOADFILE, HK_USE, HK_UNDEFMACRO,
	HK_DEFAULTRUNTIMEDIR,
};
int	 pf_hrd_kind_slow(const struct pf_node *);
/* A command of a module's own table (httpd_so.c) as a table row; lname
 * is kept, not copied (httpd_check.c). */
void	 pf_hrd_so_row(const struct pf_so_cmd *, const char *lname,
		    struct pf_directive *);
/* Rows the generated table may have (httpd_util.c checks it): 757 of
 * Apache's modules and 1,011 of the third-party ones Debian packages. */
#define PF_HRD_MAX_ROWS	4096
extern unsigned char pf_hrd_row_kinds[PF_HRD_MAX_ROWS];	/* per row */

/* The kind of a node: from its table row (set by the reader and the
 * check), else from its name. */
static inline int
pf_hrd_kind(const struct pf_node *n)
{
	if (n->def != NULL &&
	    (size_t)(n->def - pf_httpd_directives) < PF_HRD_MAX_ROWS)
		return pf_hrd_row_kinds[n->def - pf_httpd_directives];
	return pf_hrd_kind_slow(n);
}

/* The kind of a name's first table row (NULL: HK_NONE). */
int	 pf_hrd_row_kind(const struct pf_directive *);
/* FNV-1a over a lower-cased name, for pf_hrd_dfind (callers lower-case
 * and hash in one loop). */
#define PF_HRD_HASH0	2166136261u
#define PF_HRD_HASH(h, c) (((h) ^ (unsigned char)(c)) * 16777619u)
const struct pf_directive *pf_hrd_dfind(const char *lname, uint32_t h,
	    size_t *n);

/* A hash of n bytes taken 8 at a time, for the reader's tables and caches.
 * The last multiply leaves a byte's change only in the bits above it, and
 * the tables index by the low bits: the finalizer (splitmix64's) spreads it
 * down.  Without it the 10,000 paths .../sites-enabled/siteNNNNN.conf of a
 * gen-bigconf tree took 21 extra probes each in the file table (0.2 with
 * it), the digits landing in the top bytes of the last word. */
static inline uint32_t
pf_hrd_hash_bytes(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = ((h << 5 | h >> 59) ^ w) * 0x517cc1b727220a95ull;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, p, n);
		h = ((h << 5 | h >> 59) ^ w) * 0x517cc1b727220a95ull;
	}
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(h ^ h >> 32);
}
size_t	 pf_hrd_rows(const struct pf_directive *first_row);

/* httpd_read.c */
int	 pf_hrd_read_main(struct hrd *, const char *path);
/* Reads one .htaccess file below parent (flags PF_NODE_HTACCESS). */
int	 pf_hrd_read_htaccess(struct hrd *, const char *path, char *data,
	    size_t len, struct pf_node *parent);
int	 pf_hrd_module_loaded(struct hrd *, const char *name);
int	 pf_hrd_builtin(struct hrd *, const struct pf_httpd_module *);
struct pf_node *pf_hrd_node_new(struct hrd *);
void	 pf_hrd_append(struct hrd *, struct pf_node *parent, struct pf_node *n);

/* httpd_check.c */
void	 pf_hrd_check(struct hrd *, struct pf_node *root);

/* httpd_values.c: the value check of the handler, or NULL if fine (n->def
 * is the loaded row). */
const char *pf_hrd_value_error(struct hrd *, const struct pf_node *);

/* httpd_expr.c: what httpd says of an ap_expr (grammar, names, regular
 * expressions), or NULL.  pf_hrd_expr_error: a boolean expression;
 * pf_hrd_expr_check: with PF_HEXPR_STRING a string expression
 * (AP_EXPR_FLAG_STRING_RESULT), with PF_HEXPR_REQUIRE the line of
 * Require expr (quotes around it removed), with PF_HEXPR_HTACCESS as
 * ap_expr_parse_cmd parses in an .htaccess file (restricted). */
#define PF_HEXPR_STRING		1
#define PF_HEXPR_REQUIRE	2
#define PF_HEXPR_HTACCESS	4	/* AP_EXPR_FLAG_RESTRICTED */
const char *pf_hrd_expr_error(struct hrd *, const char *expr);
const char *pf_hrd_expr_check(struct hrd *, const char *expr, unsigned flags);

/* httpd_handlers.c: what the handler of a regex-taking directive or section
 * refuses (RewriteRule/RewriteCond lines and flags, *Match patterns), or
 * NULL. */
const char *pf_hrd_handler_error(struct hrd *, const struct pf_node *);
/* A loaded module registers Authn provider NAME (file, dbm, ...). */
int	 pf_hrd_authn_base(struct hrd *, const char *name);
/* A third-party module, or an AuthnzFcgiDefineProvider line, may
 * register Authn provider NAME. */
int	 pf_hrd_authn_dynamic(struct hrd *, const char *name,
	    const struct pf_node *use);
/* Is name in dyn (dyn_authz or dyn_authn) by the time httpd comes to
 * use (pf_hrd_done_before)? */
int	 pf_hrd_dyn_known(struct hrd *, struct pf_hmap *dyn, const char *name,
	    const struct pf_node *use);
/* Fills dyn_authz and dyn_authn (once). */
void	 pf_hrd_collect_dyn(struct hrd *);
/* Has httpd processed def (after its body) when it comes to use? */
int	 pf_hrd_done_before(const struct pf_node *def,
	    const struct pf_node *use);
/* Does an active <SECTION BASE NAME> of the main configuration
 * (AuthnProviderAlias, AuthzProviderAlias) register NAME before use? */
int	 pf_hrd_alias_known(struct hrd *, const char *section,
	    const char *name, const struct pf_node *use);
/* mod_remoteip's verdict on one word of a RemoteIP*Proxy line (name: the
 * directive's), and httpd_logfmt.c's on the log formats and proxy lists */
const char *pf_hrd_remoteip_word(struct hrd *, const char *,
	    const char *name);
const char *pf_hrd_log_error(struct hrd *, const struct pf_node *);
/* httpd_modvals.c: mod_http2, mod_substitute, mod_dav, mod_allowmethods,
 * mod_cache(_disk) handlers' verdicts */
const char *pf_hrd_modval_error(struct hrd *, const struct pf_node *);
/* A method ap_method_number_of knows: built in, or registered by a
 * <Limit>/<LimitExcept> or RegisterHttpMethod of the server configuration */
int	 pf_hrd_method_known(struct hrd *, const char *);
/* Has httpd a status line for this HTTP status (http_protocol.c)? */
int	 pf_hrd_known_status(int);
/* The main server's Listen lines: ports and duplicates. */
void	 pf_hrd_check_listen(struct hrd *, const struct pf_node *root);
/* The main server's User, Group and DocumentRoot. */
void	 pf_hrd_check_server(struct hrd *, const struct pf_node *root);

/* httpd_model.c */
void	 pf_hrd_model(struct hrd *);

/* httpd_htaccess.c: _start sends the reader thread to probe the
 * document roots while the tree is checked and extracted. */
void	 pf_hrd_htaccess_start(struct hrd *);
void	 pf_hrd_htaccess(struct hrd *);

/* httpd_layout.c */
const char *pf_hrd_default_config(struct pf_run *, const char **root);
const char *pf_hrd_instance_config(struct pf_run *, const char *inst,
	    const char **root);
void	 pf_hrd_envvars(struct hrd *, const char *config);
void	 pf_hrd_service(struct hrd *, const char *config);
const char *pf_hrd_installed_version(struct pf_arena *);
const char *pf_hrd_tree_version(struct pf_run *);

#endif
