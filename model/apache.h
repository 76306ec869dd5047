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

enum {
	PF_NODE_SECTION	 = 1 << 0,	/* <Name ...> ... </Name> */
	PF_NODE_INACTIVE = 1 << 1,	/* inside a false conditional */
	PF_NODE_HTACCESS = 1 << 2,	/* read from an .htaccess file */
	PF_NODE_MACRO	 = 1 << 3,	/* produced by a Use of a macro */
};

struct pf_node {
	const char	*name;		/* as written; sections without '<' */
	char		**argv;		/* words after ${} and unquoting */
	int		 argc;
	const char	*raw;		/* argument text after ${}, unsplit */
	struct pf_loc	 loc;		/* the directive name */
	struct pf_loc	*arg_loc;	/* one per argument, or NULL */
	unsigned	 flags;
	const struct pf_directive *def;	/* NULL if unknown */
	struct pf_node	*parent, *child, *last_child, *next;
};

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
};

struct pf_route {
	enum pf_route_kind kind;
	const struct pf_node *node;	/* the routing directive */
	const struct pf_node *section;	/* innermost enclosing section */
	const char	*pattern;	/* regex, prefix or extension */
	const char	*target;	/* handler or URL as written */
	struct pf_backend backend;
	int		 file_check;	/* inside <If "-f %{REQUEST_FILENAME}"> */
	struct pf_pool	*pool;		/* the pool listening there, if found */
};

/* A mod_proxy worker (<Proxy URL>, ProxySet, ProxyPass key=value). */
struct pf_worker {
	const char	*name;		/* fcgi://host[:port] */
	const char	*socket;	/* unix: path, or NULL */
	struct pf_loc	 loc;
	struct pf_ival	 enablereuse, max, timeout, connectiontimeout, ttl;
	struct pf_ival	 acquire, retry, min, smax;
};

struct pf_vhost {
	const struct pf_node *node;	/* <VirtualHost>; NULL: main server */
	struct pf_loc	 loc;
	PF_VEC(struct pf_vaddr) addrs;
	struct pf_sval	 server_name;
	struct pf_svec	 aliases;
	struct pf_sval	 document_root;
	PF_VEC(struct pf_route) routes;
	struct pf_svec	 upload_dirs;	/* --upload-dir or conventional */
	int		 tls;		/* SSLEngine on */
};

struct pf_apache {
	const char	*config;	/* main file */
	const char	*server_root;
	const char	*version;	/* target version, e.g. "2.4.71" */
	struct pf_node	*root;		/* the evaluated tree */
	struct pf_svec	 modules;	/* loaded module identifiers */
	struct pf_sval	 mpm;		/* event | worker | prefork */
	struct pf_ival	 server_limit, threads_per_child, thread_limit;
	struct pf_ival	 max_request_workers, start_servers;
	struct pf_ival	 timeout, proxy_timeout;
	struct pf_sval	 user, group;
	struct pf_vhost	 main;		/* the main server */
	PF_VEC(struct pf_vhost *) vhosts;
	PF_VEC(struct pf_worker *) workers;
};

#endif
