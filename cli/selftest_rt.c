/*
 * selftest_rt.c - proxyfpm's FastCGI runtime behind the sandbox's Apache:
 * one listener per pool, on the pool's (sandbox) address, each with the
 * pool's policy (cgi.fix_pathinfo, cgi.discard_path,
 * security.limit_extensions, status and ping), run in threads of this
 * process.  The threads block the signals selftest handles, so Ctrl-C
 * always reaches the main thread.
 */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli/selftest.h"
#include "runtime/rt.h"

int
st_runtimes_start(struct st_ctx *c)
{
	struct pf_rt_config cfg;
	sigset_t block, old;
	struct pf_rt *rt;
	char err[512];
	size_t i;
	int rc = 0;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < c->pools.n && rc == 0; i++) {
		struct st_pool *p = &c->pools.v[i];

		memset(&cfg, 0, sizeof(cfg));
		cfg.listen = p->listen;
		cfg.socket_mode = p->socket_mode;
		if (geteuid() == 0) {
			cfg.socket_owner = p->owner;
			cfg.socket_group = p->group;
		}
		cfg.policy.fix_pathinfo = p->fix_pathinfo;
		cfg.policy.discard_path = p->discard_path;
		cfg.policy.limit_extensions = p->limit_ext;
		cfg.policy.status_path = p->status_path;
		cfg.policy.ping_path = p->ping_path;
		cfg.policy.ping_response = p->ping_response;
		cfg.pool = p->name;
		cfg.idle_timeout_ms = 60000;
		cfg.read_timeout_ms = 10000;
		if ((rt = pf_rt_open(&cfg, err, sizeof(err))) == NULL) {
			st_error(c, "selftest-backend-failed", PF_NOLOC,
			    "pool %s: proxyfpm's runtime cannot listen on %s: "
			    "%s", p->name, p->listen, err);
			rc = -1;
			break;
		}
		if (pf_rt_start(rt, err, sizeof(err)) < 0) {
			st_error(c, "selftest-backend-failed", PF_NOLOC,
			    "pool %s: cannot start proxyfpm's runtime: %s",
			    p->name, err);
			pf_rt_close(rt);
			rc = -1;
			break;
		}
		p->rt = rt;
		if (c->verbose)
			st_say("pool %s: proxyfpm's runtime on %s", p->name,
			    pf_rt_address(rt));
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void
st_runtimes_stop(struct st_ctx *c)
{
	size_t i;

	for (i = 0; i < c->pools.n; i++)
		if (c->pools.v[i].rt != NULL) {
			pf_rt_close(c->pools.v[i].rt);
			c->pools.v[i].rt = NULL;
		}
}
