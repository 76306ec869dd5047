/*
 * fcgi.h - the FastCGI 1.0 codec: pure functions over byte buffers.
 *
 * Nothing here does I/O.  The record reader takes bytes in pieces of any
 * size (a record may be split at every byte) and reports headers, content
 * fragments and record ends; the name-value decoder takes the PARAMS
 * stream in pieces of any size, so pairs may span records, as the spec
 * allows (reference/semantics.md 4.1).  The writers append records with
 * zeroed reserved bytes and 8-byte padding to a pf_buf.
 */
#ifndef PF_FCGI_H
#define PF_FCGI_H

#include <stddef.h>
#include <stdint.h>

#include "model/buf.h"

#define PF_FCGI_VERSION		1
#define PF_FCGI_HEADER_LEN	8
#define PF_FCGI_MAX_CONTENT	65535
#define PF_FCGI_NULL_ID		0
#define PF_FCGI_KEEP_CONN	1

enum pf_fcgi_type {
	PF_FCGI_BEGIN_REQUEST = 1,
	PF_FCGI_ABORT_REQUEST = 2,
	PF_FCGI_END_REQUEST = 3,
	PF_FCGI_PARAMS = 4,
	PF_FCGI_STDIN = 5,
	PF_FCGI_STDOUT = 6,
	PF_FCGI_STDERR = 7,
	PF_FCGI_DATA = 8,
	PF_FCGI_GET_VALUES = 9,
	PF_FCGI_GET_VALUES_RESULT = 10,
	PF_FCGI_UNKNOWN_TYPE = 11,
};

enum pf_fcgi_role {
	PF_FCGI_RESPONDER = 1,
	PF_FCGI_AUTHORIZER = 2,
	PF_FCGI_FILTER = 3,
};

enum pf_fcgi_protocol_status {
	PF_FCGI_REQUEST_COMPLETE = 0,
	PF_FCGI_CANT_MPX_CONN = 1,
	PF_FCGI_OVERLOADED = 2,
	PF_FCGI_UNKNOWN_ROLE = 3,
};

struct pf_fcgi_header {
	uint8_t		 version;
	uint8_t		 type;
	uint16_t	 id;
	uint16_t	 clen;		/* content length */
	uint8_t		 plen;		/* padding length */
};

/* Writes / reads the 8 header bytes (big-endian, reserved byte zero). */
void	pf_fcgi_header_pack(uint8_t out[PF_FCGI_HEADER_LEN], uint8_t type,
	    uint16_t id, uint16_t clen, uint8_t plen);
void	pf_fcgi_header_unpack(const uint8_t in[PF_FCGI_HEADER_LEN],
	    struct pf_fcgi_header *);

/* ---- record reader ---- */

enum pf_fcgi_ev {
	PF_FCGI_EV_NONE = 0,	/* all input consumed; feed more */
	PF_FCGI_EV_HEADER,	/* ev.hdr holds a new record's header */
	PF_FCGI_EV_CONTENT,	/* ev.data/ev.len: a piece of its content */
	PF_FCGI_EV_END,		/* the record (content and padding) ended */
	PF_FCGI_EV_ERROR,	/* version is not 1: the stream is garbage */
};

struct pf_fcgi_event {
	enum pf_fcgi_ev	 kind;
	struct pf_fcgi_header hdr;	/* valid for every event but NONE */
	const uint8_t	*data;		/* points into the input */
	size_t		 len;
};

struct pf_fcgi_reader {
	int		 state;
	uint8_t		 hb[PF_FCGI_HEADER_LEN];
	uint8_t		 hn;
	struct pf_fcgi_header hdr;
	uint32_t	 content_left;
	uint32_t	 pad_left;
};

void	pf_fcgi_reader_init(struct pf_fcgi_reader *);
/*
 * Consumes input and reports at most one event.  Returns the number of
 * bytes used; call again with the rest (also with n == 0: a record with
 * no content ends without more input) until the event is NONE.  After
 * ERROR the reader stays in error.
 */
size_t	pf_fcgi_reader_feed(struct pf_fcgi_reader *, const uint8_t *p,
	    size_t n, struct pf_fcgi_event *ev);

/* ---- name-value pairs ---- */

/* Decoded pairs; names and values are stored NUL-terminated in buf. */
struct pf_fcgi_pair {
	uint32_t	 name, nlen;	/* offsets into buf */
	uint32_t	 value, vlen;
};

struct pf_fcgi_params {
	char		*buf;
	size_t		 len, cap;
	struct pf_fcgi_pair *v;
	size_t		 n, cap_pairs;
	size_t		 limit;		/* max bytes of names and values */
	size_t		 max_pairs;
	size_t		 received;	/* stream bytes fed, incl. lengths */
	int		 overflow;	/* over a limit: the rest is skipped */
	/* decoder state */
	int		 state;
	uint8_t		 lb[4];
	uint8_t		 ln;
	uint32_t	 nlen, vlen, got;
};

/* limit: max bytes of name and value data; max_pairs: max pairs. */
void	pf_fcgi_params_init(struct pf_fcgi_params *, size_t limit,
	    size_t max_pairs);
void	pf_fcgi_params_reset(struct pf_fcgi_params *);
void	pf_fcgi_params_free(struct pf_fcgi_params *);
/* Feeds a piece of the PARAMS (or GET_VALUES) stream.  Returns 0, or -1
 * once a limit was exceeded (then ->overflow is set and later bytes are
 * only counted). */
int	pf_fcgi_params_feed(struct pf_fcgi_params *, const uint8_t *p,
	    size_t n);
/* At the end of the stream: 0 if it ended between pairs, -1 if a pair
 * was cut short (malformed). */
int	pf_fcgi_params_finish(const struct pf_fcgi_params *);
/* The value of the LAST pair with this name (later pairs win, as in
 * php-fpm's table), or NULL. */
const char *pf_fcgi_param(const struct pf_fcgi_params *, const char *name);
const char *pf_fcgi_pair_name(const struct pf_fcgi_params *, size_t i);
const char *pf_fcgi_pair_value(const struct pf_fcgi_params *, size_t i);

/* Encodes one pair (1-byte lengths up to 127, else 4 bytes); returns the
 * encoded size.  out may be NULL to measure.  Lengths over 2^31-1 are
 * not representable: returns 0. */
size_t	pf_fcgi_nv_encode(uint8_t *out, const char *name, size_t nlen,
	    const char *value, size_t vlen);
void	pf_fcgi_put_nv(struct pf_buf *, const char *name, const char *value);

/* ---- writers (append to a pf_buf) ---- */

/* One record; content at most PF_FCGI_MAX_CONTENT; padded to 8. */
void	pf_fcgi_put_record(struct pf_buf *, uint8_t type, uint16_t id,
	    const void *content, size_t len);
/* A stream's data split into records (no terminator); nothing for len 0. */
void	pf_fcgi_put_stream(struct pf_buf *, uint8_t type, uint16_t id,
	    const void *data, size_t len);
void	pf_fcgi_put_begin(struct pf_buf *, uint16_t id, uint16_t role,
	    uint8_t flags);
void	pf_fcgi_put_end_request(struct pf_buf *, uint16_t id,
	    uint32_t app_status, uint8_t protocol_status);
void	pf_fcgi_put_unknown_type(struct pf_buf *, uint8_t type);

const char *pf_fcgi_type_name(unsigned type);

#endif
