/*
 * link.h - which FPM pool a PHP route reaches.
 *
 * A route names its backend as "proxy:unix:/run/php/x.sock|fcgi://name",
 * "fcgi://127.0.0.1:9000/path" or "proxy:fcgi://name" where a <Proxy
 * "unix:...|fcgi://name"> worker supplies the socket (RHEL's php.conf).
 * mod_proxy's default port for fcgi:// is 8000; "localhost", 127/8 and ::1
 * are the same host; /var/run is /run.
 */
#ifndef PF_RULES_LINK_H
#define PF_RULES_LINK_H

#include "model/model.h"
#include "model/run.h"

/*
 * Parses a handler or proxy URL into b (strings in the arena).  Returns 0
 * for a FastCGI backend (fcgi:// or unix:...|fcgi://), -1 otherwise
 * (http://, balancer://, a non-proxy handler).
 */
int	pf_backend_parse(struct pf_arena *, const char *target,
	    struct pf_backend *b);

/*
 * The worker (<Proxy>, ProxyPass params) whose name covers b, or NULL,
 * for a request served by server (its <VirtualHost>, NULL: the main
 * server): mod_proxy keeps workers per server and looks among the
 * server's and the main server's (the main server's first: its list
 * comes first in the merge), the longest name winning.
 */
const struct pf_worker *pf_link_worker(const struct pf_model *,
	    const struct pf_backend *b, const struct pf_node *server);

/*
 * The pool listening where b connects (through a matching worker's
 * socket if b has none), or NULL.
 */
struct pf_pool *pf_link_backend(const struct pf_model *,
	    const struct pf_backend *b, const struct pf_node *server);

/*
 * The same lookups through an index built once per run (hash maps of
 * socket paths, ports and worker names): linking thousands of vhosts to
 * thousands of pools must not be quadratic.  The index lives in the
 * run's arena and reflects the model as it was when built.
 */
struct pf_link_index;
struct pf_link_index *pf_link_index_new(struct pf_run *);
struct pf_pool *pf_link_backend_idx(const struct pf_link_index *,
	    const struct pf_backend *b, const struct pf_node *server);
const struct pf_worker *pf_link_worker_idx(const struct pf_link_index *,
	    const struct pf_backend *b, const struct pf_node *server);
/* The worker route r of v uses (its URL, a handler's with the
 * DocumentRoot's path), or NULL. */
const struct pf_worker *pf_link_route_worker(const struct pf_link_index *,
	    const struct pf_route *r, const struct pf_vhost *v);
/*
 * The pool route r reaches in a request served by v.  route->pool is
 * the pool in the context of the server that defines the route; a
 * main-server route that vhost v inherits may reach another in v's
 * context: v's workers (a <Proxy "unix:A|fcgi://localhost"> of v gives
 * SetHandler "proxy:fcgi://localhost" its socket, and wins over the
 * handler's own), and v's DocumentRoot (a worker named with a path and
 * a socket covers the files below it).  Looked up, nothing is stored
 * per vhost; route->pool when it cannot differ.
 */
struct pf_pool *pf_link_route_pool(const struct pf_link_index *,
	    const struct pf_route *r, const struct pf_vhost *v);
/* Nonzero if r is a main-server route whose pool may differ in some
 * vhost from route->pool (pf_link_route_pool() then looks it up). */
int	pf_link_route_varies(const struct pf_link_index *,
	    const struct pf_route *r);
/* The pool listening on the unix socket path, or NULL. */
struct pf_pool *pf_link_socket_pool(const struct pf_link_index *,
	    const char *path);
/* Nonzero if a worker named with a path has a unix: socket: then the
 * path of a handler's URL (the file) can decide the pool. */
int	pf_link_socket_paths(const struct pf_link_index *);
/* A handler expression's socket (SetHandler "proxy:unix:/run/php/
 * %{SERVER_NAME}.sock|..."): the one v's requests connect to (its
 * ServerName for %{SERVER_NAME} and %{HTTP_HOST}); sock itself when it
 * has no %{, or v no ServerName. */
const char *pf_link_expr_socket(const struct pf_link_index *,
		    const char *sock, const struct pf_vhost *v);
/* ... for a request whose SERVER_NAME is sname and Host header host (a
 * ServerAlias: host, and sname too unless UseCanonicalName is on). */
const char *pf_link_expr_socket_of(const struct pf_link_index *,
		    const char *sock, const char *sname, const char *host);

/*
 * Why TCP backend b (no pool reaches it) misses a pool on its port that
 * listens on a host name, for route-no-pool, or NULL: "pool a listens on
 * localhost:9000, which php-fpm binds to [::1]:9000 only, the first
 * address etc/hosts gives localhost", then "; NAME is ADDR, ... there"
 * when b's host is a name.  In the run's arena.
 */
const char *pf_link_tcp_miss(const struct pf_link_index *,
	    const struct pf_backend *b);

/* Nonzero if host names this machine's loopback ("localhost", 127/8, ::1). */
int	pf_host_is_loopback(const char *host);

/*
 * Links every route of every vhost (and of the main server) to its pool:
 * sets route->backend when the reader left it empty, route->pool, and
 * pool->used for the pools an active route reaches.  Site descriptions
 * without Apache output mark their sites' pools used.  Idempotent.
 */
void	pf_link(struct pf_run *);
/* pf_link() that hands back the index it built (for the rule passes). */
struct pf_link_index *pf_link_indexed(struct pf_run *);

#endif
