/*
 * fcgi_conn.h - the FastCGI responder protocol of one connection, without
 * I/O: bytes in, bytes to send out.
 *
 * The event loop (rt.c) reads a socket into pf_fcgi_conn_input() and
 * writes what collects in conn->out; tests and the fuzz harness drive it
 * with buffers.  It plays the responder role only and never multiplexes:
 * GET_VALUES is answered (MPXS_CONNS=0), other management types get
 * UNKNOWN_TYPE, a second BEGIN_REQUEST while one is active gets
 * END_REQUEST(CANT_MPX_CONN), other roles END_REQUEST(UNKNOWN_ROLE),
 * ABORT_REQUEST ends the request at once.  A request is answered when its
 * PARAMS and STDIN streams have both ended, so STDIN is always drained
 * before END_REQUEST (reference/perf-baselines.md section 7).
 */
#ifndef PF_FCGI_CONN_H
#define PF_FCGI_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "model/buf.h"
#include "runtime/fcgi.h"

/* What the application sees of a complete request. */
struct pf_fcgi_request {
	uint16_t	 id;
	uint16_t	 role;
	int		 keep_conn;
	const struct pf_fcgi_params *params;
	size_t		 stdin_len;	/* body bytes received (discarded) */
	int		 params_overflow; /* over the size limit: cut short */
	int		 params_malformed; /* a pair was cut at the end */
};

/*
 * Writes the CGI response (headers, blank line, body) to out and any
 * message for the web server's error log to err.
 */
typedef void pf_fcgi_app_fn(void *ctx, const struct pf_fcgi_request *,
    struct pf_buf *out, struct pf_buf *err);

struct pf_fcgi_limits {
	size_t		 max_params;	/* bytes of names+values per request */
	size_t		 max_pairs;
	unsigned	 max_conns;	/* what GET_VALUES reports */
	size_t		 out_high;	/* stop taking input above this */
};

struct pf_fcgi_conn {
	const struct pf_fcgi_limits *lim;
	pf_fcgi_app_fn	*app;
	void		*ctx;
	struct pf_fcgi_reader rd;
	int		 mode;		/* how the current record is used */
	/* the active request */
	int		 active;
	uint16_t	 id, role;
	int		 keep;
	int		 params_done, stdin_done;
	size_t		 stdin_len;
	struct pf_fcgi_params params;
	uint8_t		 body[8];	/* BEGIN_REQUEST body */
	size_t		 bodyn;
	struct pf_buf	 mgmt;		/* GET_VALUES content */
	struct pf_buf	 out;		/* to send; out_off bytes already sent */
	size_t		 out_off;
	struct pf_buf	 resp, err;	/* scratch for the application */
	int		 closing;	/* close once out is flushed */
	int		 error;		/* the input was not FastCGI */
	unsigned long	 requests;	/* answered on this connection */
};

void	pf_fcgi_conn_init(struct pf_fcgi_conn *, const struct pf_fcgi_limits *,
	    pf_fcgi_app_fn *, void *ctx);
void	pf_fcgi_conn_free(struct pf_fcgi_conn *);
/*
 * Takes input; returns the bytes consumed.  It stops early when the
 * connection is to be closed or when more than lim->out_high bytes wait
 * to be sent (feed the rest after sending).
 */
size_t	pf_fcgi_conn_input(struct pf_fcgi_conn *, const uint8_t *p, size_t n);
/* A request has begun and is not answered yet (or a record is half
 * read): the read timeout applies rather than the idle timeout. */
int	pf_fcgi_conn_busy(const struct pf_fcgi_conn *);
/* Bytes waiting in out. */
size_t	pf_fcgi_conn_pending(const struct pf_fcgi_conn *);
/* Marks n bytes of out as sent. */
void	pf_fcgi_conn_sent(struct pf_fcgi_conn *, size_t n);

#endif
