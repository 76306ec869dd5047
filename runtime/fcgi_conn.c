/*
 * fcgi_conn.c - one connection's FastCGI responder protocol (no I/O).
 */
#include <stdio.h>
#include <string.h>

#include "runtime/fcgi_conn.h"

/* How the record being read is used. */
enum {
	M_SKIP,		/* inactive request id, or nothing to do */
	M_BEGIN,	/* BEGIN_REQUEST: collect the 8-byte body */
	M_PARAMS,
	M_STDIN,
	M_ABORT,
	M_GET_VALUES,	/* collect the names */
	M_UNKNOWN_MGMT,	/* answer UNKNOWN_TYPE at the end */
};

void
pf_fcgi_conn_init(struct pf_fcgi_conn *c, const struct pf_fcgi_limits *lim,
    pf_fcgi_app_fn *app, void *ctx)
{
	struct pf_buf empty = PF_BUF_INIT;

	memset(c, 0, sizeof(*c));
	c->lim = lim;
	c->app = app;
	c->ctx = ctx;
	pf_fcgi_reader_init(&c->rd);
	pf_fcgi_params_init(&c->params, lim->max_params, lim->max_pairs);
	c->mgmt = c->out = c->resp = c->err = empty;
}

void
pf_fcgi_conn_free(struct pf_fcgi_conn *c)
{
	pf_fcgi_params_free(&c->params);
	pf_buf_free(&c->mgmt);
	pf_buf_free(&c->out);
	pf_buf_free(&c->resp);
	pf_buf_free(&c->err);
}

int
pf_fcgi_conn_busy(const struct pf_fcgi_conn *c)
{
	return c->active || c->rd.hn > 0 || c->rd.state != 0;
}

size_t
pf_fcgi_conn_pending(const struct pf_fcgi_conn *c)
{
	return c->out.len - c->out_off;
}

void
pf_fcgi_conn_sent(struct pf_fcgi_conn *c, size_t n)
{
	c->out_off += n;
	if (c->out_off >= c->out.len) {
		c->out.len = 0;
		c->out_off = 0;
		/* Do not keep a large buffer for an idle connection. */
		if (c->out.cap > 256 * 1024)
			pf_buf_free(&c->out);
	}
}

static void
answer_get_values(struct pf_fcgi_conn *c)
{
	struct pf_fcgi_params names;
	struct pf_buf res = PF_BUF_INIT;
	char num[32];
	const char *name;
	size_t i;

	pf_fcgi_params_init(&names, PF_FCGI_MAX_CONTENT, 1024);
	pf_fcgi_params_feed(&names, (const uint8_t *)c->mgmt.p, c->mgmt.len);
	snprintf(num, sizeof(num), "%u", c->lim->max_conns);
	for (i = 0; i < names.n; i++) {
		name = pf_fcgi_pair_name(&names, i);
		if (strcmp(name, "FCGI_MAX_CONNS") == 0 ||
		    strcmp(name, "FCGI_MAX_REQS") == 0)
			pf_fcgi_put_nv(&res, name, num);
		else if (strcmp(name, "FCGI_MPXS_CONNS") == 0)
			pf_fcgi_put_nv(&res, name, "0");
		if (res.len > PF_FCGI_MAX_CONTENT - 64)
			break;
	}
	pf_fcgi_put_record(&c->out, PF_FCGI_GET_VALUES_RESULT,
	    PF_FCGI_NULL_ID, res.p, res.len);
	pf_buf_free(&res);
	pf_fcgi_params_free(&names);
	c->mgmt.len = 0;
}

static void
finish_request(struct pf_fcgi_conn *c)
{
	c->active = 0;
	c->requests++;
	if (!c->keep)
		c->closing = 1;
}

static void
respond(struct pf_fcgi_conn *c)
{
	struct pf_fcgi_request req;

	memset(&req, 0, sizeof(req));
	req.id = c->id;
	req.role = c->role;
	req.keep_conn = c->keep;
	req.params = &c->params;
	req.stdin_len = c->stdin_len;
	req.params_overflow = c->params.overflow;
	req.params_malformed = pf_fcgi_params_finish(&c->params) != 0;
	c->resp.len = 0;
	c->err.len = 0;
	c->app(c->ctx, &req, &c->resp, &c->err);
	if (c->err.len > 0) {
		pf_fcgi_put_stream(&c->out, PF_FCGI_STDERR, c->id, c->err.p,
		    c->err.len);
		pf_fcgi_put_record(&c->out, PF_FCGI_STDERR, c->id, NULL, 0);
	}
	pf_fcgi_put_stream(&c->out, PF_FCGI_STDOUT, c->id, c->resp.p,
	    c->resp.len);
	pf_fcgi_put_record(&c->out, PF_FCGI_STDOUT, c->id, NULL, 0);
	pf_fcgi_put_end_request(&c->out, c->id, 0, PF_FCGI_REQUEST_COMPLETE);
	/* A request whose parameters were cut short leaves the stream in
	 * doubt: do not reuse the connection. */
	if (req.params_malformed)
		c->keep = 0;
	finish_request(c);
	if (c->resp.cap > 256 * 1024)
		pf_buf_free(&c->resp);
	if (c->params.cap > 256 * 1024)
		pf_fcgi_params_free(&c->params);
}

static void
on_header(struct pf_fcgi_conn *c, const struct pf_fcgi_header *h)
{
	c->mode = M_SKIP;
	if (h->id == PF_FCGI_NULL_ID) {
		if (h->type == PF_FCGI_GET_VALUES) {
			c->mode = M_GET_VALUES;
			c->mgmt.len = 0;
		} else
			c->mode = M_UNKNOWN_MGMT;
		return;
	}
	if (h->type == PF_FCGI_BEGIN_REQUEST) {
		c->mode = M_BEGIN;
		c->bodyn = 0;
		return;
	}
	if (!c->active || h->id != c->id)
		return;		/* records of inactive requests are ignored */
	switch (h->type) {
	case PF_FCGI_PARAMS:
		if (!c->params_done)
			c->mode = M_PARAMS;
		break;
	case PF_FCGI_STDIN:
		if (!c->stdin_done)
			c->mode = M_STDIN;
		break;
	case PF_FCGI_ABORT_REQUEST:
		c->mode = M_ABORT;
		break;
	default:
		break;	/* DATA and anything else: ignored */
	}
}

static void
on_content(struct pf_fcgi_conn *c, const uint8_t *p, size_t n)
{
	size_t k;

	switch (c->mode) {
	case M_BEGIN:
		k = n;
		if (k > sizeof(c->body) - c->bodyn)
			k = sizeof(c->body) - c->bodyn;
		memcpy(c->body + c->bodyn, p, k);
		c->bodyn += k;
		break;
	case M_PARAMS:
		pf_fcgi_params_feed(&c->params, p, n);
		break;
	case M_STDIN:
		c->stdin_len += n;
		break;
	case M_GET_VALUES:
		pf_buf_add(&c->mgmt, p, n);
		break;
	default:
		break;
	}
}

static void
on_begin(struct pf_fcgi_conn *c, const struct pf_fcgi_header *h)
{
	uint16_t role;
	uint8_t flags;

	if (h->clen != 8) {
		c->error = 1;	/* not a BEGIN_REQUEST body: garbage */
		c->closing = 1;
		return;
	}
	role = (uint16_t)(c->body[0] << 8 | c->body[1]);
	flags = c->body[2];
	if (c->active) {
		if (h->id != c->id)
			pf_fcgi_put_end_request(&c->out, h->id, 0,
			    PF_FCGI_CANT_MPX_CONN);
		else {
			/* The same id begun twice: the stream is confused. */
			c->error = 1;
			c->closing = 1;
		}
		return;
	}
	if (role != PF_FCGI_RESPONDER) {
		pf_fcgi_put_end_request(&c->out, h->id, 0,
		    PF_FCGI_UNKNOWN_ROLE);
		if (!(flags & PF_FCGI_KEEP_CONN))
			c->closing = 1;
		return;
	}
	c->active = 1;
	c->id = h->id;
	c->role = role;
	c->keep = flags & PF_FCGI_KEEP_CONN;
	c->params_done = c->stdin_done = 0;
	c->stdin_len = 0;
	pf_fcgi_params_reset(&c->params);
}

static void
on_end(struct pf_fcgi_conn *c, const struct pf_fcgi_header *h)
{
	switch (c->mode) {
	case M_BEGIN:
		on_begin(c, h);
		break;
	case M_PARAMS:
		if (h->clen == 0)
			c->params_done = 1;
		break;
	case M_STDIN:
		if (h->clen == 0)
			c->stdin_done = 1;
		break;
	case M_ABORT:
		pf_fcgi_put_end_request(&c->out, c->id, 0,
		    PF_FCGI_REQUEST_COMPLETE);
		finish_request(c);
		break;
	case M_GET_VALUES:
		answer_get_values(c);
		break;
	case M_UNKNOWN_MGMT:
		pf_fcgi_put_unknown_type(&c->out, h->type);
		break;
	default:
		break;
	}
	if ((c->mode == M_PARAMS || c->mode == M_STDIN) && c->active &&
	    c->params_done && c->stdin_done)
		respond(c);
	c->mode = M_SKIP;
}

size_t
pf_fcgi_conn_input(struct pf_fcgi_conn *c, const uint8_t *p, size_t n)
{
	struct pf_fcgi_event ev;
	size_t used = 0, k;

	while (!c->closing) {
		if (pf_fcgi_conn_pending(c) > c->lim->out_high)
			break;
		k = pf_fcgi_reader_feed(&c->rd, p + used, n - used, &ev);
		used += k;
		switch (ev.kind) {
		case PF_FCGI_EV_NONE:
			return used;
		case PF_FCGI_EV_HEADER:
			on_header(c, &ev.hdr);
			break;
		case PF_FCGI_EV_CONTENT:
			on_content(c, ev.data, ev.len);
			break;
		case PF_FCGI_EV_END:
			on_end(c, &ev.hdr);
			break;
		case PF_FCGI_EV_ERROR:
			c->error = 1;
			c->closing = 1;
			break;
		}
	}
	return used;
}
