/*
 * apache.h - Apache httpd as read from a configuration tree.
 *
 * Two levels: the evaluated directive tree (pf_node, what httpd builds
 * after Include, Define, IfModule and Macro), which the request simulator
 * walks, and a summary for rules and reports (server settings, vhosts,
 * routes to FastCGI, proxy workers).  Inactive branches (false IfModule,
 * IfDefine, ...) stay in the tree, flagged, so findings can mention them.
 */
#ifndef PF_APACHE_H
#define PF_APACHE_H

#include "model/value.h"

struct pf_directive;		/* a row of the httpd directive table */
struct pf_pool;

/*
 * Tree shape (what httpd builds, plus what it throws away, flagged):
 * - root is a PF_NODE_SECTION named "" whose children are the main
 *   server's directives in file order; a section's children are its body.
 * - Active read-time conditionals (<IfModule>, <IfDefine>, <IfVersion>,
 *   <IfFile>, <IfDirective>, <IfSection>) vanish: their bodies are spliced
 *   in place, as in httpd.  A false one stays as a section flagged
 *   PF_NODE_INACTIVE | PF_NODE_COND whose (unevaluated) body is flagged
 *   PF_NODE_INACTIVE too: walkers that want the effective config skip
 *   PF_NODE_INACTIVE.
 * - Read-time directives (Include, IncludeOptional, Define, UnDefine,
 *   ServerRoot, LoadModule, LoadFile, Use, UndefMacro, <Macro>) stay as
 *   nodes flagged PF_NODE_READ; the text they pull in follows them as
 *   siblings (an Include'd file's nodes carry their own file in loc, whose
 *   pf_source.included_from is the Include line: the chain), a Use's
 *   nodes are flagged PF_NODE_MACRO with loc in the macro body and
 *   pf_node_use() the Use line.  <Macro> bodies are not parsed (kept raw
 *   in the node).
 * - .htaccess files are read under the <Directory> they apply to (a
 *   synthetic section named "Directory" with PF_NODE_HTACCESS).
 * The parent of a node is always a real section (or root): conditionals
 * and includes never appear as parents of active nodes.
 */
enum {
	PF_NODE_SECTION	 = 1 << 0,	/* <Name ...> ... </Name> */
	PF_NODE_INACTIVE = 1 << 1,	/* inside a false conditional */
	PF_NODE_HTACCESS = 1 << 2,	/* read from an .htaccess file */
	PF_NODE_MACRO	 = 1 << 3,	/* produced by a Use of a macro */
	PF_NODE_COND	 = 1 << 4,	/* a false <IfModule> etc. */
	PF_NODE_READ	 = 1 << 5,	/* executed while reading */
	PF_NODE_UNKNOWN	 = 1 << 6,	/* no loaded module defines it */
	/*
	 * .htaccess nodes only (with PF_NODE_HTACCESS), set by the reader
	 * from the AllowOverride, AllowOverrideList and AllowOverride
	 * Options=... in effect for the file's directory (no AllowOverride
	 * at all: httpd reads the file and allows nothing):
	 * FORBIDDEN: httpd refuses the directive when it reads the file at
	 * request time ("X not allowed here", "Option X not allowed here",
	 * or an unknown, misspelt or malformed directive), so it answers
	 * 500 for every request under that directory, whatever the rest of
	 * the file says.  IGNORED: AllowOverride Nonfatal=Override (or
	 * Unknown, or All) makes httpd skip a directive it would refuse,
	 * with a warning in its log: the node has no effect.
	 */
	PF_NODE_FORBIDDEN = 1 << 7,
	PF_NODE_IGNORED	 = 1 << 8,
};

struct pf_node {
	const char	*name;		/* as written; sections without '<' */
	char		**argv;		/* words after ${} and unquoting; for
					 * sections the text before the last
					 * '>' split the same way */
	int		 argc;
	unsigned	 flags;		/* PF_NODE_* (here to pack the struct) */
	const char	*raw;		/* argument text after ${}, unsplit
					 * (sections: up to the last '>');
					 * raw and argv may be shared by
					 * nodes of the same text: read-only */
	struct pf_loc	 loc;		/* the directive name (a word's column
					 * is found again from raw when a
					 * message needs it: trees hold
					 * millions of words) */
	const struct pf_directive *def;	/* NULL if unknown */
	struct pf_node	*parent, *child, *next;
};

/*
 * PF_NODE_MACRO: the Use line that made the node, else NULL.  The reader
 * stores it in front of such a node (most nodes come from no macro).
 */
static inline const struct pf_loc *
pf_node_use(const struct pf_node *n)
{
	return (n->flags & PF_NODE_MACRO) ?
	    ((const struct pf_loc *const *)(const void *)n)[-1] : NULL;
}

/* Case-insensitive name test: pf_node_is(n, "SetHandler"). */
int	pf_node_is(const struct pf_node *, const char *name);

/* A <VirtualHost> address: host "*" or an IP/name, port 0 = any. */
struct pf_vaddr {
	const char	*host;
	int		 port;
};

/* How a request gets to FastCGI (reference/security-rules.md 1.1). */
enum pf_route_kind {
	PF_ROUTE_SETHANDLER = 0,	/* SetHandler "proxy:..." in a section */
	PF_ROUTE_ADDHANDLER,		/* AddHandler "proxy:..." .ext */
	PF_ROUTE_PROXYPASS,		/* ProxyPass /prefix fcgi://... */
	PF_ROUTE_PROXYPASSMATCH,	/* ProxyPassMatch re fcgi://... */
	PF_ROUTE_REWRITE_PROXY,		/* RewriteRule re fcgi://... [P] */
	PF_ROUTE_REWRITE_HANDLER,	/* RewriteRule re - [H=proxy:...] */
	PF_ROUTE_ACTION,		/* AddType/AddHandler + Action */
	PF_ROUTE_KIND_MAX
};

/* Where a route's FastCGI connection goes. */
struct pf_backend {
	const char	*socket;	/* unix:PATH, or NULL */
	const char	*host;		/* fcgi://HOST[:PORT] */
	int		 port;		/* 8000 when omitted (mod_proxy) */
	const char	*worker;	/* worker name: fcgi://host[:port] */
	const char	*path;		/* path part of the fcgi:// URL */
	/* A balancer://NAME target: the balancer (lower case) and the
	 * server that defines it (its <VirtualHost>, NULL: the main
	 * server); the fields above are its first FastCGI member's. */
	const char	*balancer;
	const struct pf_node *bserver;
};

/*
 * pattern by kind: SETHANDLER: NULL (the enclosing sections decide);
 * ADDHANDLER/ACTION: the extension(s) as written (".php"); PROXYPASS: the
 * URL prefix (NULL inside <Location>: the Location decides); PROXYPASSMATCH
 * and REWRITE_*: the regex (NULL for ProxyPassMatch in <LocationMatch>).
 * target: "proxy:..." handler for SETHANDLER/ADDHANDLER/REWRITE_HANDLER,
 * the backend URL for PROXYPASS/MATCH/REWRITE_PROXY, the Action's handler
 * for ACTION.  Routes of the main server apply to every vhost that does not
 * override them (ProxyPassInherit, merge of sections).
 * ACTION routes (mod_actions): node maps files to a handler or MIME type
 * (AddHandler/AddType: one route per extension; SetHandler in a section:
 * pattern NULL) for which an Action exists in the same server (or the main
 * server); target is the Action's URL ("/php-fcgi", "/cgi-bin/php-cgi"),
 * flags "virtual" when given, and backend is that of the ProxyPass or
 * <Location> SetHandler "proxy:..." route of the vhost (or main server) that
 * serves the URL, else empty (a CGI such as php-cgi).
 */
struct pf_route {
	enum pf_route_kind kind;
	const struct pf_node *node;	/* the routing directive */
	const struct pf_node *section;	/* innermost enclosing section, NULL
					 * at server/vhost level */
	const char	*pattern;	/* regex, prefix or extension */
	const char	*target;	/* handler or URL as written */
	const char	*flags;		/* RewriteRule [flags] or ProxyPass
					 * key=value words, else NULL */
	struct pf_backend backend;
	int		 file_check;	/* inside <If "-f %{REQUEST_FILENAME}">
					 * (or -F) */
	int		 inactive;	/* in a false conditional (kept for
					 * findings; not effective) */
	struct pf_pool	*pool;		/* the pool listening there (rules
					 * link it; the reader leaves NULL) */
	const struct pf_node *action;	/* ACTION: the Action directive (node
					 * is the AddHandler/AddType/SetHandler
					 * that maps the files to its type) */
};

/* Alias, AliasMatch, ScriptAlias(Match) of a vhost. */
struct pf_alias {
	const struct pf_node *node;
	const char	*url;		/* prefix or regex */
	const char	*path;		/* target file path */
	int		 regex;		/* AliasMatch / ScriptAliasMatch */
	int		 script;	/* ScriptAlias* */
};

/* A mod_proxy worker (<Proxy URL>, ProxySet, ProxyPass key=value), or a
 * balancer's member (BalancerMember URL key=value). */
/*
 * A worker is named by its URL without the unix: part (mod_proxy matches
 * "fcgi://localhost" and "fcgi://localhost/" alike; name keeps it as
 * written, key is lower-cased without a trailing '/').  Integer params are
 * in seconds except acquire and connectiontimeout given with "ms" (then in
 * milliseconds, ms set).  enablereuse/disablereuse: 1 on, 0 off.
 */
struct pf_worker {
	const char	*name;		/* fcgi://host[:port][/path] */
	const char	*key;		/* name for matching */
	const char	*socket;	/* unix: path, or NULL */
	struct pf_loc	 loc;		/* first definition */
	const struct pf_node *node;	/* <Proxy>, ProxyPass or ProxySet */
	struct pf_ival	 enablereuse, disablereuse, max, timeout;
	struct pf_ival	 connectiontimeout, ttl, acquire, retry, min, smax;
	struct pf_ival	 flushpackets;	/* 0 off, 1 on, 2 auto */
	struct pf_ival	 keepalive;
	struct pf_svec	 params;	/* every key=value as written */
	int		 ms_connect, ms_acquire;
	/* The server that defines the worker (its <VirtualHost>, NULL: the
	 * main server): mod_proxy keeps workers per server, and a request
	 * looks among its vhost's and the main server's only, so two vhosts'
	 * <Proxy "fcgi://localhost/"> are two workers. */
	const struct pf_node *server;
	/* A member of balancer (lower case, "balancer://name") of server,
	 * or NULL: mod_proxy keeps a balancer's workers apart from the
	 * server's, so a member fcgi://h:9000 is not the worker a ProxyPass
	 * to fcgi://h:9000 uses, and each has its own parameters. */
	const char	*balancer;
};

/*
 * mod_userdir's server config (the UserDir lines of a server).  A vhost
 * without a UserDir line of its own has the main server's, lists and all
 * (config.c merge_server_configs(): a module that saw no directive in the
 * vhost has no config there, and the main server's is taken as is; the
 * real apache2 keeps Debian's "UserDir disabled root" in such vhosts,
 * tests/httpd/htaccess_oracle.sh).  A vhost with one is merged as
 * merge_userdir_config() does (httpd 2.4 mod_userdir.c): the targets (the
 * last "UserDir dir..." line's words) and the global switch ("UserDir
 * disabled" / "UserDir enabled" without names) are the vhost's when it
 * has them, else the main server's; the per-user lists are NOT merged:
 * with no "UserDir disabled|enabled NAMES" line of its own the vhost has
 * empty lists (the main server's "UserDir disabled root" does not reach
 * it).  No UserDir line at all (targets NULL): 2.4's
 * DEFAULT_USER_DIR is NULL and translate_userdir() declines every /~user
 * URL.  Nodes give the locations (NULL: not set).
 */
enum pf_userdir_global {
	PF_USERDIR_DEFAULT = 0,		/* no "UserDir disabled|enabled" */
	PF_USERDIR_ENABLED,		/* "UserDir enabled" (no names) */
	PF_USERDIR_DISABLED,		/* "UserDir disabled": only the users
					 * named by "enabled NAMES" map */
};
struct pf_userdir {
	const struct pf_node *targets;	/* the "UserDir dir..." line; its
					 * argv are the targets in order */
	enum pf_userdir_global global;
	const struct pf_node *global_node;
	struct pf_svec	 enabled;	/* "UserDir enabled NAMES" names */
	struct pf_svec	 disabled;	/* "UserDir disabled NAMES" names */
	int		 own;		/* the server has UserDir lines */
};

/* Does translate_userdir() decline /~user/ before looking at a target
 * (an empty name, "x." or "x.." (its test reads user[1]), a name on the
 * "disabled" list, or not on "enabled" under "UserDir disabled")? */
int	pf_userdir_declines(const struct pf_userdir *, const char *user);

/*
 * sections: the server's own container nodes, in file order: a vhost's
 * node's children (the main server's, which apply to its requests too,
 * are in main.sections, not repeated here); each is a pf_node subtree.
 * For the main server (node NULL), root's.  server_name and document_root of a vhost are
 * what it sets itself (unset: the main server's applies); the main
 * server's document_root defaults to the compiled one (/var/www/html).
 */
struct pf_vhost {
	const struct pf_node *node;	/* <VirtualHost>; NULL: main server */
	struct pf_loc	 loc;
	PF_VEC(struct pf_vaddr) addrs;
	struct pf_sval	 server_name;
	struct pf_svec	 aliases;
	struct pf_sval	 document_root;
	PF_VEC(const struct pf_node *) sections;
	PF_VEC(struct pf_alias) alias_map;
	PF_VEC(struct pf_route) routes;
	struct pf_svec	 upload_dirs;	/* --upload-dir: absolute ones inside
					 * the effective DocumentRoot, relative
					 * ones joined to it (the reader); rules
					 * may add conventional ones */
	int		 tls;		/* SSLEngine on */
	/* The server's own Timeout and ProxyTimeout (unset: the main
	 * server's apply: core and mod_proxy merge them per vhost, and
	 * mod_proxy waits for a backend the worker's timeout=, else
	 * ProxyTimeout, else Timeout). */
	struct pf_ival	 timeout, proxy_timeout;
	struct pf_svec	 access_names;	/* its last AccessFileName's names,
					 * in order (none: the main server's;
					 * the main server's none: .htaccess) */
	struct pf_userdir userdir;	/* effective (merged with the main
					 * server's, see above) */
};

struct pf_apache {
	const char	*config;	/* main file */
	const char	*server_root;
	const char	*version;	/* target version, e.g. "2.4.71" */
	struct pf_node	*root;		/* the evaluated tree */
	struct pf_svec	 modules;	/* loaded module identifiers, in
					 * load order (built-ins first) */
	struct pf_svec	 defines;	/* "NAME" or "NAME=value" at the end of
					 * reading (as -D DUMP_RUN_CFG) */
	PF_VEC(uint32_t) files;		/* sources read, as DUMP_INCLUDES */
	struct pf_sval	 mpm;		/* event | worker | prefork */
	struct pf_ival	 server_limit, threads_per_child, thread_limit;
	struct pf_ival	 max_request_workers, start_servers;
	struct pf_ival	 min_spare, max_spare;	/* threads or servers */
	struct pf_ival	 max_connections_per_child;
	struct pf_ival	 timeout, proxy_timeout;	/* Timeout defaults 60 */
	struct pf_ival	 keepalive;		/* 1 On, 0 Off */
	struct pf_sval	 user, group;
	struct pf_sval	 access_file_name;	/* default ".htaccess" */
	struct pf_vhost	 main;		/* the main server */
	PF_VEC(struct pf_vhost *) vhosts;
	PF_VEC(struct pf_worker *) workers;
};

#endif
