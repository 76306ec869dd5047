/*
 * responder.h - the runtime's application: answers each FastCGI request
 * with php-fpm's verdict (fpm_verdict.h) as a small JSON document, and
 * the pool's ping and status pages as FPM formats them.
 */
#ifndef PF_RESPONDER_H
#define PF_RESPONDER_H

#include <time.h>

#include "runtime/fcgi_conn.h"
#include "runtime/fpm_verdict.h"

/* Counters of a running runtime (shown on the status page). */
struct pf_rt_stats {
	time_t		 start_time;
	unsigned long	 accepted_conns;
	unsigned long	 requests;
	unsigned	 active_conns;
	unsigned	 max_active_conns;
	unsigned long	 timeouts;	/* connections closed by a timeout */
	unsigned long	 protocol_errors;
};

struct pf_responder {
	struct pf_fpm_policy policy;
	const char	*pool;		/* pool name for the status page */
	const struct pf_rt_stats *stats;
};

/* A pf_fcgi_app_fn; ctx is a struct pf_responder. */
void	pf_responder_answer(void *ctx, const struct pf_fcgi_request *,
	    struct pf_buf *out, struct pf_buf *err);

/* Length of the valid UTF-8 sequence at p (at most n bytes; an ASCII
 * byte is 1), or 0 when the bytes there are not one: overlong forms,
 * surrogates, code points above U+10FFFF, sequences cut short. */
size_t	pf_utf8_len(const unsigned char *p, size_t n);
/* Appends s (len bytes) as a JSON string; invalid UTF-8 bytes become
 * \u00XX escapes. */
void	pf_json_str(struct pf_buf *, const char *s, size_t len);

#endif
