/*
 * rt.h - the bundled FastCGI runtime: a listener (unix socket or TCP) and
 * one epoll event loop serving many connections, each answered with
 * php-fpm's verdict (responder.h).
 *
 * Use from a command (serve):      rt = pf_rt_open(&cfg, err, sizeof err);
 *                                  pf_rt_run(rt);   (blocks; a signal
 *                                  handler calls pf_rt_stop(rt))
 *                                  pf_rt_close(rt);
 * Use in-process (selftest, tests): rt = pf_rt_open(...);
 *                                  pf_rt_start(rt);  (a thread runs it)
 *                                  ... pf_rt_address(rt) ...
 *                                  pf_rt_close(rt);  (stops and joins)
 * pf_rt_stop() is async-signal-safe and thread-safe.  Nothing here prints
 * or exits; messages go to cfg.log when set.
 */
#ifndef PF_RT_H
#define PF_RT_H

#include <stddef.h>

#include "runtime/fpm_verdict.h"
#include "runtime/responder.h"

enum pf_rt_log_level { PF_RT_LOG_ERROR, PF_RT_LOG_NOTICE, PF_RT_LOG_DEBUG };

struct pf_rt_config {
	/* "unix:/path", "/path", "host:port", "[v6]:port"; port 0 picks a
	 * free port (see pf_rt_address). */
	const char	*listen;
	int		 socket_mode;	/* unix socket mode; -1: 0660 */
	const char	*socket_owner;	/* user name or NULL */
	const char	*socket_group;	/* group name or NULL */
	int		 backlog;	/* 0: 511 */
	struct pf_fpm_policy policy;
	const char	*pool;		/* name on the status page */
	unsigned	 max_conns;	/* 0: 1024 */
	size_t		 max_params;	/* bytes per request; 0: 1 MiB */
	unsigned	 idle_timeout_ms; /* kept connection idle; 0: 300 s */
	unsigned	 read_timeout_ms; /* no progress in a request; 0: 30 s */
	void		(*log)(void *ctx, enum pf_rt_log_level, const char *);
	void		*log_ctx;
};

struct pf_rt;

/*
 * Binds the listener.  Returns NULL with a message in err on failure
 * (address in use, bad address, permissions).  An existing unix socket
 * that nobody listens on is replaced; any other file is not.
 */
struct pf_rt	*pf_rt_open(const struct pf_rt_config *, char *err,
		    size_t errlen);
/* The bound address: "unix:/path" or "HOST:PORT" with the real port. */
const char	*pf_rt_address(const struct pf_rt *);
/* Runs the loop in the calling thread until pf_rt_stop(); 0 or -1. */
int		 pf_rt_run(struct pf_rt *);
/* Runs the loop in a new thread; 0 or -1 (err as for pf_rt_open). */
int		 pf_rt_start(struct pf_rt *, char *err, size_t errlen);
/* Asks the loop to return; open connections are closed. */
void		 pf_rt_stop(struct pf_rt *);
/* Stops, joins the thread if any, closes everything, removes the unix
 * socket file and frees the runtime. */
void		 pf_rt_close(struct pf_rt *);
/*
 * Prefork (serve --workers): in the parent, before forking, makes the
 * listener wake one process per connection; in each forked child, gives
 * it its own event loop on the shared listener (and its own counters;
 * the socket file stays the parent's).  0, or -1 with err.
 */
void		 pf_rt_share_listener(struct pf_rt *);
int		 pf_rt_forked(struct pf_rt *, char *err, size_t errlen);
/* A copy of the counters. */
void		 pf_rt_stats(struct pf_rt *, struct pf_rt_stats *);

#endif
