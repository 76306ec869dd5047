/*
 * fcgi_codec.c - FastCGI 1.0 records and name-value pairs over buffers
 * (spec: FastCGI-Archives/fcgi2 doc/fcgi-spec.html sections 3.3-3.4).
 */
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "runtime/fcgi.h"

enum { RD_HEADER, RD_CONTENT, RD_PAD, RD_ERROR };

void
pf_fcgi_header_pack(uint8_t out[PF_FCGI_HEADER_LEN], uint8_t type,
    uint16_t id, uint16_t clen, uint8_t plen)
{
	out[0] = PF_FCGI_VERSION;
	out[1] = type;
	out[2] = (uint8_t)(id >> 8);
	out[3] = (uint8_t)id;
	out[4] = (uint8_t)(clen >> 8);
	out[5] = (uint8_t)clen;
	out[6] = plen;
	out[7] = 0;
}

void
pf_fcgi_header_unpack(const uint8_t in[PF_FCGI_HEADER_LEN],
    struct pf_fcgi_header *h)
{
	h->version = in[0];
	h->type = in[1];
	h->id = (uint16_t)(in[2] << 8 | in[3]);
	h->clen = (uint16_t)(in[4] << 8 | in[5]);
	h->plen = in[6];
}

void
pf_fcgi_reader_init(struct pf_fcgi_reader *r)
{
	memset(r, 0, sizeof(*r));
	r->state = RD_HEADER;
}

size_t
pf_fcgi_reader_feed(struct pf_fcgi_reader *r, const uint8_t *p, size_t n,
    struct pf_fcgi_event *ev)
{
	size_t take, used = 0;

	memset(ev, 0, sizeof(*ev));
	for (;;) {
		switch (r->state) {
		case RD_ERROR:
			ev->kind = PF_FCGI_EV_ERROR;
			ev->hdr = r->hdr;
			return used;
		case RD_HEADER:
			if (used == n)
				return used;	/* NONE */
			take = PF_FCGI_HEADER_LEN - r->hn;
			if (take > n - used)
				take = n - used;
			memcpy(r->hb + r->hn, p + used, take);
			r->hn += (uint8_t)take;
			used += take;
			if (r->hn < PF_FCGI_HEADER_LEN)
				return used;
			r->hn = 0;
			pf_fcgi_header_unpack(r->hb, &r->hdr);
			ev->hdr = r->hdr;
			if (r->hdr.version != PF_FCGI_VERSION) {
				r->state = RD_ERROR;
				ev->kind = PF_FCGI_EV_ERROR;
				return used;
			}
			r->content_left = r->hdr.clen;
			r->pad_left = r->hdr.plen;
			r->state = RD_CONTENT;
			ev->kind = PF_FCGI_EV_HEADER;
			return used;
		case RD_CONTENT:
			if (r->content_left == 0) {
				r->state = RD_PAD;
				break;
			}
			if (used == n)
				return used;
			take = r->content_left;
			if (take > n - used)
				take = n - used;
			ev->kind = PF_FCGI_EV_CONTENT;
			ev->hdr = r->hdr;
			ev->data = p + used;
			ev->len = take;
			r->content_left -= (uint32_t)take;
			return used + take;
		case RD_PAD:
			take = r->pad_left;
			if (take > n - used)
				take = n - used;
			r->pad_left -= (uint32_t)take;
			used += take;
			if (r->pad_left > 0)
				return used;
			r->state = RD_HEADER;
			ev->kind = PF_FCGI_EV_END;
			ev->hdr = r->hdr;
			return used;
		}
	}
}

/* ---- name-value pairs ---- */

enum { NV_NLEN, NV_VLEN, NV_NAME, NV_VALUE };

void
pf_fcgi_params_init(struct pf_fcgi_params *pp, size_t limit,
    size_t max_pairs)
{
	memset(pp, 0, sizeof(*pp));
	pp->limit = limit;
	pp->max_pairs = max_pairs;
}

void
pf_fcgi_params_reset(struct pf_fcgi_params *pp)
{
	pp->len = 0;
	pp->n = 0;
	pp->received = 0;
	pp->overflow = 0;
	pp->state = NV_NLEN;
	pp->ln = 0;
	pp->nlen = pp->vlen = pp->got = 0;
}

void
pf_fcgi_params_free(struct pf_fcgi_params *pp)
{
	free(pp->buf);
	free(pp->v);
	pp->buf = NULL;
	pp->v = NULL;
	pp->cap = pp->cap_pairs = 0;
	pf_fcgi_params_reset(pp);
}

static int
params_reserve(struct pf_fcgi_params *pp, size_t more)
{
	size_t nc;

	if (pp->len + more > pp->limit + 2 * pp->max_pairs) {
		pp->overflow = 1;
		return -1;
	}
	if (pp->len + more <= pp->cap)
		return 0;
	nc = pp->cap ? pp->cap : 1024;
	while (nc < pp->len + more)
		nc *= 2;
	pp->buf = pf_xrealloc(pp->buf, nc);
	pp->cap = nc;
	return 0;
}

/* Reads one length (1 or 4 bytes); returns 1 when complete. */
static int
nv_len(struct pf_fcgi_params *pp, const uint8_t **p, const uint8_t *end,
    uint32_t *out)
{
	while (*p < end) {
		pp->lb[pp->ln++] = *(*p)++;
		if (pp->ln == 1 && !(pp->lb[0] & 0x80)) {
			*out = pp->lb[0];
			pp->ln = 0;
			return 1;
		}
		if (pp->ln == 4) {
			*out = (uint32_t)(pp->lb[0] & 0x7f) << 24 |
			    (uint32_t)pp->lb[1] << 16 |
			    (uint32_t)pp->lb[2] << 8 | pp->lb[3];
			pp->ln = 0;
			return 1;
		}
	}
	return 0;
}

int
pf_fcgi_params_feed(struct pf_fcgi_params *pp, const uint8_t *p, size_t n)
{
	const uint8_t *end;
	struct pf_fcgi_pair *pr;
	size_t take;

	pp->received += n;
	if (pp->overflow)
		return -1;
	/* an empty stream record, or an empty GET_VALUES body whose buffer
	 * was never allocated: p may be NULL (NULL + 0 is undefined) */
	if (n == 0)
		return 0;
	end = p + n;
	while (p < end) {
		switch (pp->state) {
		case NV_NLEN:
			if (!nv_len(pp, &p, end, &pp->nlen))
				return 0;
			pp->state = NV_VLEN;
			break;
		case NV_VLEN:
			if (!nv_len(pp, &p, end, &pp->vlen))
				return 0;
			if (pp->n == pp->max_pairs ||
			    (size_t)pp->nlen + pp->vlen > pp->limit ||
			    params_reserve(pp, (size_t)pp->nlen + pp->vlen + 2)
			    < 0) {
				pp->overflow = 1;
				return -1;
			}
			if (pp->n == pp->cap_pairs) {
				pp->cap_pairs = pp->cap_pairs ?
				    pp->cap_pairs * 2 : 32;
				pp->v = pf_xrealloc(pp->v,
				    pp->cap_pairs * sizeof(*pp->v));
			}
			pr = &pp->v[pp->n];
			pr->name = (uint32_t)pp->len;
			pr->nlen = pp->nlen;
			pr->value = (uint32_t)(pp->len + pp->nlen + 1);
			pr->vlen = pp->vlen;
			pp->got = 0;
			pp->state = NV_NAME;
			__attribute__((fallthrough));
		case NV_NAME:
			take = pp->nlen - pp->got;
			if (take > (size_t)(end - p))
				take = (size_t)(end - p);
			memcpy(pp->buf + pp->len, p, take);
			pp->len += take;
			pp->got += (uint32_t)take;
			p += take;
			if (pp->got < pp->nlen)
				return 0;
			pp->buf[pp->len++] = '\0';
			pp->got = 0;
			pp->state = NV_VALUE;
			__attribute__((fallthrough));
		case NV_VALUE:
			take = pp->vlen - pp->got;
			if (take > (size_t)(end - p))
				take = (size_t)(end - p);
			memcpy(pp->buf + pp->len, p, take);
			pp->len += take;
			pp->got += (uint32_t)take;
			p += take;
			if (pp->got < pp->vlen)
				return 0;
			pp->buf[pp->len++] = '\0';
			pp->n++;
			pp->state = NV_NLEN;
			break;
		}
	}
	return 0;
}

int
pf_fcgi_params_finish(const struct pf_fcgi_params *pp)
{
	if (pp->overflow)
		return 0;
	return pp->state == NV_NLEN && pp->ln == 0 ? 0 : -1;
}

const char *
pf_fcgi_param(const struct pf_fcgi_params *pp, const char *name)
{
	size_t i, nl = strlen(name);

	for (i = pp->n; i-- > 0;)
		if (pp->v[i].nlen == nl &&
		    memcmp(pp->buf + pp->v[i].name, name, nl) == 0)
			return pp->buf + pp->v[i].value;
	return NULL;
}

const char *
pf_fcgi_pair_name(const struct pf_fcgi_params *pp, size_t i)
{
	return pp->buf + pp->v[i].name;
}

const char *
pf_fcgi_pair_value(const struct pf_fcgi_params *pp, size_t i)
{
	return pp->buf + pp->v[i].value;
}

static size_t
put_len(uint8_t *out, size_t len)
{
	if (len <= 127) {
		if (out != NULL)
			out[0] = (uint8_t)len;
		return 1;
	}
	if (out != NULL) {
		out[0] = (uint8_t)(0x80 | (len >> 24));
		out[1] = (uint8_t)(len >> 16);
		out[2] = (uint8_t)(len >> 8);
		out[3] = (uint8_t)len;
	}
	return 4;
}

size_t
pf_fcgi_nv_encode(uint8_t *out, const char *name, size_t nlen,
    const char *value, size_t vlen)
{
	size_t k;

	if (nlen > 0x7fffffffu || vlen > 0x7fffffffu)
		return 0;
	k = put_len(out, nlen);
	k += put_len(out ? out + k : NULL, vlen);
	if (out != NULL) {
		memcpy(out + k, name, nlen);
		memcpy(out + k + nlen, value, vlen);
	}
	return k + nlen + vlen;
}

void
pf_fcgi_put_nv(struct pf_buf *b, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	size_t need = pf_fcgi_nv_encode(NULL, name, nl, value, vl);
	uint8_t *tmp = pf_xmalloc(need ? need : 1);

	pf_fcgi_nv_encode(tmp, name, nl, value, vl);
	pf_buf_add(b, tmp, need);
	free(tmp);
}

/* ---- writers ---- */

void
pf_fcgi_put_record(struct pf_buf *b, uint8_t type, uint16_t id,
    const void *content, size_t len)
{
	static const uint8_t zeros[8];
	uint8_t h[PF_FCGI_HEADER_LEN];
	uint8_t pad = (uint8_t)((8 - (len & 7)) & 7);

	pf_fcgi_header_pack(h, type, id, (uint16_t)len, pad);
	pf_buf_add(b, h, sizeof(h));
	if (len > 0)
		pf_buf_add(b, content, len);
	if (pad > 0)
		pf_buf_add(b, zeros, pad);
}

void
pf_fcgi_put_stream(struct pf_buf *b, uint8_t type, uint16_t id,
    const void *data, size_t len)
{
	const uint8_t *p = data;
	/* The largest multiple of 8 that fits: no padding mid-stream. */
	const size_t chunk = PF_FCGI_MAX_CONTENT & ~(size_t)7;
	size_t k;

	while (len > 0) {
		k = len < chunk ? len : chunk;
		pf_fcgi_put_record(b, type, id, p, k);
		p += k;
		len -= k;
	}
}

void
pf_fcgi_put_begin(struct pf_buf *b, uint16_t id, uint16_t role,
    uint8_t flags)
{
	uint8_t body[8] = { (uint8_t)(role >> 8), (uint8_t)role, flags,
	    0, 0, 0, 0, 0 };

	pf_fcgi_put_record(b, PF_FCGI_BEGIN_REQUEST, id, body, sizeof(body));
}

void
pf_fcgi_put_end_request(struct pf_buf *b, uint16_t id, uint32_t app_status,
    uint8_t protocol_status)
{
	uint8_t body[8] = { (uint8_t)(app_status >> 24),
	    (uint8_t)(app_status >> 16), (uint8_t)(app_status >> 8),
	    (uint8_t)app_status, protocol_status, 0, 0, 0 };

	pf_fcgi_put_record(b, PF_FCGI_END_REQUEST, id, body, sizeof(body));
}

void
pf_fcgi_put_unknown_type(struct pf_buf *b, uint8_t type)
{
	uint8_t body[8] = { type, 0, 0, 0, 0, 0, 0, 0 };

	pf_fcgi_put_record(b, PF_FCGI_UNKNOWN_TYPE, PF_FCGI_NULL_ID, body,
	    sizeof(body));
}

const char *
pf_fcgi_type_name(unsigned type)
{
	static const char *const names[] = { "0", "BEGIN_REQUEST",
	    "ABORT_REQUEST", "END_REQUEST", "PARAMS", "STDIN", "STDOUT",
	    "STDERR", "DATA", "GET_VALUES", "GET_VALUES_RESULT",
	    "UNKNOWN_TYPE" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] :
	    "unknown";
}
