/*
 * fuzz_fcgi.c - libFuzzer harness for the FastCGI codec and the
 * responder protocol: the input is what a client sends on a connection.
 * It is fed whole and again split at a point chosen by the input; both
 * runs must produce the same output, and every record the runtime writes
 * must be well formed (version 1, zero reserved byte, padded to 8).
 * The corpus (testdata/fuzz/fcgi/) is replayed by ctest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/fcgi_conn.h"
#include "runtime/responder.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct pf_fcgi_limits lim = { 4096, 300, 16, 64 * 1024 };

static void
check_output(const uint8_t *p, size_t n)
{
	struct pf_fcgi_header h;
	size_t off = 0;

	while (off < n) {
		if (n - off < 8)
			abort();
		pf_fcgi_header_unpack(p + off, &h);
		if (h.version != 1 || p[off + 7] != 0 ||
		    (h.clen + h.plen) % 8 != 0 || off + 8 + h.clen + h.plen > n)
			abort();
		if (h.type == PF_FCGI_END_REQUEST &&
		    (h.clen != 8 || (p[off + 13] | p[off + 14] | p[off + 15])))
			abort();
		off += 8 + (size_t)h.clen + h.plen;
	}
}

/* Feeds data in pieces (cut at `cut`), draining output as a server
 * would; returns everything written. */
static void
run(const uint8_t *data, size_t size, size_t cut, struct pf_buf *all)
{
	struct pf_responder r;
	struct pf_fcgi_conn c;
	size_t off = 0, end, used;

	memset(&r, 0, sizeof(r));
	r.policy.fix_pathinfo = data[0] & 1;
	r.policy.limit_extensions = (data[0] & 2) ? "" : NULL;
	r.policy.ping_path = "/ping";
	pf_fcgi_conn_init(&c, &lim, pf_responder_answer, &r);
	while (off < size && !c.closing) {
		end = off < cut ? cut : size;
		used = pf_fcgi_conn_input(&c, data + off, end - off);
		off += used;
		pf_buf_add(all, c.out.p ? c.out.p + c.out_off : "",
		    pf_fcgi_conn_pending(&c));
		pf_fcgi_conn_sent(&c, pf_fcgi_conn_pending(&c));
		if (used == 0 && off < end && !c.closing &&
		    pf_fcgi_conn_pending(&c) == 0)
			abort();	/* no progress with room to write */
	}
	pf_fcgi_conn_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pf_buf a = PF_BUF_INIT, b = PF_BUF_INIT;
	struct pf_fcgi_params pp;
	size_t cut;

	if (size < 2)
		return 0;
	cut = 1 + data[1] % size;
	run(data, size, size, &a);
	run(data, size, cut, &b);
	check_output((const uint8_t *)a.p, a.len);
	if (a.len != b.len || (a.len > 0 && memcmp(a.p, b.p, a.len) != 0))
		abort();
	/* The name-value decoder on its own, split in two. */
	pf_fcgi_params_init(&pp, 2048, 64);
	pf_fcgi_params_feed(&pp, data, cut);
	pf_fcgi_params_feed(&pp, data + cut, size - cut);
	(void)pf_fcgi_params_finish(&pp);
	if (pp.n > 0 && strlen(pf_fcgi_pair_name(&pp, 0)) == pp.v[0].nlen &&
	    pf_fcgi_param(&pp, pf_fcgi_pair_name(&pp, 0)) == NULL)
		abort();
	pf_fcgi_params_free(&pp);
	pf_buf_free(&a);
	pf_buf_free(&b);
	return 0;
}
