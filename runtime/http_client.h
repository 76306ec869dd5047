/*
 * http_client.h - a small HTTP/1.1 client for selftest's probes.
 *
 * One kept connection to one TCP address (selftest talks to its private
 * Apache on 127.0.0.1), GET requests with a Host header and extra
 * headers, each response read whole: Content-Length, chunked, or until
 * the server closes.  A response larger than the cap is an error, every
 * wait has a deadline, and a cancel flag (set by a signal handler) ends a
 * wait early.  When a kept connection turns out to be closed before any
 * byte of the answer arrived, the request is sent again once on a new
 * connection (GET is idempotent; Apache closes idle connections after
 * KeepAliveTimeout and after MaxKeepAliveRequests).  Nothing here prints.
 */
#ifndef PF_HTTP_CLIENT_H
#define PF_HTTP_CLIENT_H

#include <signal.h>
#include <stddef.h>

struct pf_http_client;

struct pf_http_response {
	int		 status;	/* 200, 404, ... */
	int		 minor;		/* HTTP/1.x */
	char		*head;		/* status line and header lines, CRLF
					 * separated, NUL-terminated */
	size_t		 head_len;
	char		*body;		/* NUL-terminated (may hold NULs) */
	size_t		 body_len;
	int		 closed;	/* the connection ends after this one */
};

struct pf_http_opts {
	unsigned	 timeout_ms;	/* per request; 0: 10000 */
	size_t		 max_body;	/* 0: 8 MiB */
	volatile sig_atomic_t *cancel;	/* nonzero: give up (EINTR) */
};

/* A client for host:port (numeric IPv4 or IPv6); no connection yet. */
struct pf_http_client *pf_http_new(const char *host, int port,
		    const struct pf_http_opts *);
void		 pf_http_free(struct pf_http_client *);

/*
 * Sends "GET target HTTP/1.1" with Host: host_header and the extra header
 * lines ("Name: value", without CRLF) and reads the response into *r
 * (free it with pf_http_response_free).  Returns 0, or -1 with a message
 * in err (connection refused, timeout, cancelled, malformed response,
 * body over the cap).
 */
int		 pf_http_get(struct pf_http_client *, const char *target,
		    const char *host_header, const char *const *extra,
		    size_t nextra, struct pf_http_response *r, char *err,
		    size_t errlen);

/* The value of the first header named name (case-insensitive), its
 * length in *len; NULL if absent. */
const char	*pf_http_header(const struct pf_http_response *,
		    const char *name, size_t *len);

void		 pf_http_response_free(struct pf_http_response *);

/* Connections opened and requests sent so far. */
void		 pf_http_counts(const struct pf_http_client *,
		    unsigned long *connects, unsigned long *requests);

#endif
