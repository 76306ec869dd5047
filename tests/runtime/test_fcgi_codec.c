/*
 * test_fcgi_codec.c - the FastCGI codec: headers, the record reader fed
 * at every split point, padding, 1- and 4-byte name-value lengths, pairs
 * spanning records, malformed and oversized input, the writers.
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/fcgi.h"
#include "runtime/responder.h"
#include "t.h"

T_TEST(header_roundtrip)
{
	uint8_t h[8];
	struct pf_fcgi_header hd;

	pf_fcgi_header_pack(h, PF_FCGI_STDOUT, 0x1234, 0xfffe, 7);
	T_EQ_INT(h[0], 1);
	T_EQ_INT(h[1], 6);
	T_EQ_INT(h[2], 0x12);
	T_EQ_INT(h[3], 0x34);
	T_EQ_INT(h[4], 0xff);
	T_EQ_INT(h[5], 0xfe);
	T_EQ_INT(h[6], 7);
	T_EQ_INT(h[7], 0);		/* reserved byte zeroed */
	pf_fcgi_header_unpack(h, &hd);
	T_EQ_INT(hd.type, PF_FCGI_STDOUT);
	T_EQ_INT(hd.id, 0x1234);
	T_EQ_INT(hd.clen, 0xfffe);
	T_EQ_INT(hd.plen, 7);
}

/* A log of reader events, content concatenated per record. */
struct rlog {
	char	 text[8192];
	size_t	 len;
};

static void
rlog_add(struct rlog *l, const char *s, size_t n)
{
	if (l->len + n < sizeof(l->text)) {
		memcpy(l->text + l->len, s, n);
		l->len += n;
		l->text[l->len] = '\0';
	}
}

/* Feeds buf in pieces cut at the given offsets; logs H(type,id,clen)
 * C<content> E and X for errors. */
static void
read_split(const uint8_t *buf, size_t n, const size_t *cuts, size_t ncuts,
    struct rlog *log)
{
	struct pf_fcgi_reader r;
	struct pf_fcgi_event ev;
	size_t start = 0, end, i, used;
	char tmp[64];

	pf_fcgi_reader_init(&r);
	memset(log, 0, sizeof(*log));
	for (i = 0; i <= ncuts; i++) {
		end = i < ncuts ? cuts[i] : n;
		for (;;) {
			used = pf_fcgi_reader_feed(&r, buf + start,
			    end - start, &ev);
			start += used;
			if (ev.kind == PF_FCGI_EV_NONE)
				break;
			switch (ev.kind) {
			case PF_FCGI_EV_HEADER:
				snprintf(tmp, sizeof(tmp), "H(%u,%u,%u)",
				    ev.hdr.type, ev.hdr.id, ev.hdr.clen);
				rlog_add(log, tmp, strlen(tmp));
				break;
			case PF_FCGI_EV_CONTENT:
				rlog_add(log, (const char *)ev.data, ev.len);
				break;
			case PF_FCGI_EV_END:
				rlog_add(log, "E", 1);
				break;
			default:
				rlog_add(log, "X", 1);
				return;
			}
		}
	}
}

static size_t
build_stream(uint8_t *buf)
{
	struct pf_buf b = PF_BUF_INIT;
	uint8_t h[8];
	size_t n;

	pf_fcgi_put_begin(&b, 1, PF_FCGI_RESPONDER, PF_FCGI_KEEP_CONN);
	/* hand-made record with 5 bytes of padding */
	pf_fcgi_header_pack(h, PF_FCGI_PARAMS, 1, 3, 5);
	pf_buf_add(&b, h, 8);
	pf_buf_add(&b, "abc\0\0\0\0\0", 8);
	pf_fcgi_put_record(&b, PF_FCGI_PARAMS, 1, NULL, 0);
	/* empty record with padding */
	pf_fcgi_header_pack(h, PF_FCGI_STDIN, 1, 0, 3);
	pf_buf_add(&b, h, 8);
	pf_buf_add(&b, "\0\0\0", 3);
	pf_fcgi_put_record(&b, PF_FCGI_STDIN, 1, "hello", 5);
	n = b.len;
	memcpy(buf, b.p, n);
	pf_buf_free(&b);
	return n;
}

T_TEST(reader_every_split)
{
	uint8_t buf[256];
	size_t n = build_stream(buf), cut, cut2;
	struct rlog whole, part;
	static const char expect[] = "H(1,1,8)\000\001\001\000\000\000"
	    "\000\000EH(4,1,3)abcEH(4,1,0)EH(5,1,0)EH(5,1,5)helloE";

	read_split(buf, n, NULL, 0, &whole);
	T_EQ_INT(whole.len, sizeof(expect) - 1);
	T_TRUE(memcmp(whole.text, expect, sizeof(expect) - 1) == 0);
	/* Every single cut and every pair of cuts gives the same log. */
	for (cut = 0; cut <= n; cut++) {
		read_split(buf, n, &cut, 1, &part);
		T_EQ_INT(part.len, whole.len);
		T_TRUE(memcmp(part.text, whole.text, whole.len) == 0);
		for (cut2 = cut; cut2 <= n; cut2 += 3) {
			size_t cuts[2] = { cut, cut2 };

			read_split(buf, n, cuts, 2, &part);
			T_TRUE(part.len == whole.len &&
			    memcmp(part.text, whole.text, whole.len) == 0);
		}
	}
	/* Byte by byte. */
	{
		size_t cuts[256], i;

		for (i = 0; i < n; i++)
			cuts[i] = i;
		read_split(buf, n, cuts, n, &part);
		T_TRUE(part.len == whole.len &&
		    memcmp(part.text, whole.text, whole.len) == 0);
	}
}

T_TEST(reader_bad_version)
{
	uint8_t buf[16] = { 2, 1, 0, 1, 0, 0, 0, 0 };
	struct rlog l;

	read_split(buf, 8, NULL, 0, &l);
	T_EQ_STR(l.text, "X");
	/* Garbage after a good record. */
	pf_fcgi_header_pack(buf, PF_FCGI_STDIN, 1, 0, 0);
	memcpy(buf + 8, "GET / HT", 8);
	read_split(buf, 16, NULL, 0, &l);
	T_EQ_STR(l.text, "H(5,1,0)EX");
}

T_TEST(nv_lengths)
{
	uint8_t out[600];
	char longv[300];
	size_t n;

	n = pf_fcgi_nv_encode(out, "A", 1, "bc", 2);
	T_EQ_INT(n, 5);
	T_EQ_INT(out[0], 1);
	T_EQ_INT(out[1], 2);
	memset(longv, 'x', sizeof(longv));
	n = pf_fcgi_nv_encode(out, "N", 1, longv, 127);
	T_EQ_INT(n, 1 + 1 + 1 + 127);	/* 127 still fits in one byte */
	n = pf_fcgi_nv_encode(out, "N", 1, longv, 128);
	T_EQ_INT(n, 1 + 4 + 1 + 128);
	T_EQ_INT(out[1], 0x80);
	T_EQ_INT(out[2], 0);
	T_EQ_INT(out[3], 0);
	T_EQ_INT(out[4], 128);
	n = pf_fcgi_nv_encode(out, longv, 200, "v", 1);
	T_EQ_INT(out[0], 0x80);
	T_EQ_INT(out[1] | out[2], 0);
	T_EQ_INT(out[3], 200);
	T_EQ_INT(out[4], 1);
	T_EQ_INT(n, 4 + 1 + 200 + 1);
	T_EQ_INT(pf_fcgi_nv_encode(NULL, "a", 0x80000000u, "b", 1), 0);
}

static void
feed_split(struct pf_fcgi_params *pp, const uint8_t *p, size_t n,
    size_t step)
{
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < step ? n - i : step;
		pf_fcgi_params_feed(pp, p + i, k);
	}
}

T_TEST(nv_decode_any_split)
{
	struct pf_buf b = PF_BUF_INIT;
	struct pf_fcgi_params pp;
	char big[1000];
	size_t step;

	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	pf_fcgi_put_nv(&b, "SCRIPT_FILENAME", "/srv/www/index.php");
	pf_fcgi_put_nv(&b, "EMPTY", "");
	pf_fcgi_put_nv(&b, big, "long name");
	pf_fcgi_put_nv(&b, "QUERY_STRING", big);
	pf_fcgi_put_nv(&b, "SCRIPT_FILENAME", "/later/wins.php");
	for (step = 1; step <= b.len; step += step < 20 ? 1 : 97) {
		pf_fcgi_params_init(&pp, 1 << 20, 100);
		feed_split(&pp, (const uint8_t *)b.p, b.len, step);
		T_EQ_INT(pf_fcgi_params_finish(&pp), 0);
		T_EQ_INT(pp.n, 5);
		T_EQ_STR(pf_fcgi_param(&pp, "SCRIPT_FILENAME"),
		    "/later/wins.php");
		T_EQ_STR(pf_fcgi_pair_value(&pp, 0), "/srv/www/index.php");
		T_EQ_STR(pf_fcgi_param(&pp, "EMPTY"), "");
		T_EQ_STR(pf_fcgi_param(&pp, big), "long name");
		T_EQ_STR(pf_fcgi_param(&pp, "QUERY_STRING"), big);
		T_TRUE(pf_fcgi_param(&pp, "MISSING") == NULL);
		pf_fcgi_params_free(&pp);
	}
	pf_buf_free(&b);
}

T_TEST(nv_binary_values)
{
	struct pf_fcgi_params pp;
	uint8_t enc[32];
	size_t n = pf_fcgi_nv_encode(enc, "K\0Y", 3, "a\0b", 3);

	pf_fcgi_params_init(&pp, 1024, 10);
	pf_fcgi_params_feed(&pp, enc, n);
	T_EQ_INT(pp.n, 1);
	T_EQ_INT(pp.v[0].nlen, 3);
	T_EQ_INT(pp.v[0].vlen, 3);
	T_TRUE(memcmp(pp.buf + pp.v[0].value, "a\0b", 3) == 0);
	pf_fcgi_params_free(&pp);
}

T_TEST(nv_malformed_and_limits)
{
	struct pf_fcgi_params pp;
	uint8_t enc[64];
	size_t n;

	/* A pair cut short at the end of the stream. */
	n = pf_fcgi_nv_encode(enc, "NAME", 4, "value", 5);
	pf_fcgi_params_init(&pp, 1024, 10);
	pf_fcgi_params_feed(&pp, enc, n - 2);
	T_EQ_INT(pf_fcgi_params_finish(&pp), -1);
	T_EQ_INT(pp.n, 0);
	pf_fcgi_params_free(&pp);
	/* Half a 4-byte length. */
	pf_fcgi_params_init(&pp, 1024, 10);
	enc[0] = 0x80;
	enc[1] = 0;
	pf_fcgi_params_feed(&pp, enc, 2);
	T_EQ_INT(pf_fcgi_params_finish(&pp), -1);
	pf_fcgi_params_free(&pp);
	/* A claimed 2 GB value: refused by the limit, not allocated. */
	pf_fcgi_params_init(&pp, 1024, 10);
	enc[0] = 1;
	enc[1] = 0xff;
	enc[2] = 0xff;
	enc[3] = 0xff;
	enc[4] = 0xff;
	enc[5] = 'N';
	T_EQ_INT(pf_fcgi_params_feed(&pp, enc, 6), -1);
	T_TRUE(pp.overflow);
	T_TRUE(pp.cap <= 4096);
	T_EQ_INT(pf_fcgi_params_feed(&pp, enc, 6), -1);
	T_EQ_INT(pp.received, 12);
	pf_fcgi_params_free(&pp);
	/* Too many pairs. */
	pf_fcgi_params_init(&pp, 1024, 2);
	n = pf_fcgi_nv_encode(enc, "A", 1, "1", 1);
	pf_fcgi_params_feed(&pp, enc, n);
	pf_fcgi_params_feed(&pp, enc, n);
	T_EQ_INT(pf_fcgi_params_feed(&pp, enc, n), -1);
	T_EQ_INT(pp.n, 2);
	pf_fcgi_params_free(&pp);
}

T_TEST(writers_pad_and_split)
{
	struct pf_buf b = PF_BUF_INIT;
	struct pf_fcgi_header h;
	char *data = malloc(200000);
	size_t off, total = 0, recs = 0, i;

	memset(data, 'z', 200000);
	pf_fcgi_put_record(&b, PF_FCGI_STDOUT, 1, "abc", 3);
	T_EQ_INT(b.len, 16);
	pf_fcgi_header_unpack((uint8_t *)b.p, &h);
	T_EQ_INT(h.clen, 3);
	T_EQ_INT(h.plen, 5);
	for (i = 11; i < 16; i++)
		T_EQ_INT(b.p[i], 0);
	b.len = 0;
	pf_fcgi_put_stream(&b, PF_FCGI_STDOUT, 1, data, 200000);
	for (off = 0; off < b.len; off += 8 + h.clen + h.plen) {
		pf_fcgi_header_unpack((uint8_t *)b.p + off, &h);
		T_TRUE(h.clen <= PF_FCGI_MAX_CONTENT);
		T_EQ_INT((h.clen + h.plen) % 8, 0);
		T_EQ_INT(b.p[off + 7], 0);
		total += h.clen;
		recs++;
	}
	T_EQ_INT(total, 200000);
	T_EQ_INT(recs, 4);
	b.len = 0;
	pf_fcgi_put_end_request(&b, 7, 0x01020304, PF_FCGI_UNKNOWN_ROLE);
	T_EQ_INT(b.len, 16);
	T_EQ_INT(b.p[8], 1);
	T_EQ_INT(b.p[11], 4);
	T_EQ_INT(b.p[12], PF_FCGI_UNKNOWN_ROLE);
	T_EQ_INT(b.p[13] | b.p[14] | b.p[15], 0);	/* reserved zeroed */
	b.len = 0;
	pf_fcgi_put_unknown_type(&b, 42);
	T_EQ_INT(b.p[1], PF_FCGI_UNKNOWN_TYPE);
	T_EQ_INT(b.p[8], 42);
	pf_buf_free(&b);
	free(data);
}

/*
 * The verdict's JSON strings: printable ASCII as it is, '"' and '\\' and
 * the usual controls escaped, other controls and bytes that are not
 * valid UTF-8 (overlong, surrogates, cut short, above U+10FFFF) as
 * \u00XX, valid UTF-8 kept: fixed cases for each kind (they check the
 * UTF-8 rules), and random bytes against a byte-at-a-time reference that
 * shares pf_utf8_len (it checks the in-place writer).
 */
static void
ref_json(struct pf_buf *b, const unsigned char *p, size_t n)
{
	size_t i = 0, k;

	pf_buf_putc(b, '"');
	while (i < n) {
		unsigned c = p[i];

		if (c == '"' || c == '\\') {
			pf_buf_putc(b, '\\');
			pf_buf_putc(b, (char)c);
		} else if (c == '\n')
			pf_buf_puts(b, "\\n");
		else if (c == '\r')
			pf_buf_puts(b, "\\r");
		else if (c == '\t')
			pf_buf_puts(b, "\\t");
		else if (c >= 0x20 && c < 0x80)
			pf_buf_putc(b, (char)c);
		else if (c >= 0x80 && (k = pf_utf8_len(p + i, n - i)) > 0) {
			pf_buf_add(b, p + i, k);
			i += k;
			continue;
		} else
			pf_buf_printf(b, "\\u%04x", c);
		i++;
	}
	pf_buf_putc(b, '"');
}

T_TEST(json_strings)
{
	static const struct { const char *in; size_t n; const char *want; }
	    cases[] = {
		{ "", 0, "\"\"" },
		{ "a\"b\\c", 5, "\"a\\\"b\\\\c\"" },
		{ "\n\r\t\x01\x1f\x7f", 6, "\"\\n\\r\\t\\u0001\\u001f\x7f\"" },
		{ "\0x", 2, "\"\\u0000x\"" },
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9,
		    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"" },
		{ "\xc0\x80", 2, "\"\\u00c0\\u0080\"" },
		{ "\xed\xa0\x80", 3, "\"\\u00ed\\u00a0\\u0080\"" },
		{ "\xe2\x82", 2, "\"\\u00e2\\u0082\"" },
		{ "\xf4\x90\x80\x80", 4, "\"\\u00f4\\u0090\\u0080\\u0080\"" },
	};
	struct pf_buf got = PF_BUF_INIT, want = PF_BUF_INIT;
	unsigned char rnd[4096];
	unsigned seed = 12345;
	size_t i, j, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got.len = 0;
		pf_buf_puts(&got, "x");
		pf_json_str(&got, cases[i].in, cases[i].n);
		T_EQ_INT(got.len, strlen(cases[i].want) + 1);
		T_EQ_STR(got.p + 1, cases[i].want);
	}
	for (i = 0; i < 300; i++) {
		n = i * 13 % sizeof(rnd);
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly text, some UTF-8 lead and continuation bytes;
			 * from 150 on, printable runs with a rare '"', '\\',
			 * control or high byte at any offset (the writer copies
			 * eight plain bytes at a time). */
			if (i < 150)
				rnd[j] = (unsigned char)((seed >> 16) % 5 == 0 ?
				    0x80 + (seed >> 8) % 0x78 :
				    (seed >> 20) & 0x7f);
			else if ((seed >> 16) % 23 == 0)
				rnd[j] = (unsigned char)"\"\\\n\x01\x7f\x80\xc3\x1f"
				    [(seed >> 8) % 8];
			else
				rnd[j] = (unsigned char)(0x20 + (seed >> 20) % 0x5f);
		}
		got.len = want.len = 0;
		pf_buf_puts(&got, "");
		pf_buf_puts(&want, "");
		pf_json_str(&got, (const char *)rnd, n);
		ref_json(&want, rnd, n);
		T_EQ_INT(got.len, want.len);
		T_TRUE(got.len == want.len &&
		    memcmp(got.p, want.p, got.len) == 0);
		/* Terminated, and no raw NUL inside. */
		T_EQ_INT(strlen(got.p), got.len);
	}
	pf_buf_free(&got);
	pf_buf_free(&want);
}

int
main(void)
{
	T_RUN(header_roundtrip);
	T_RUN(reader_every_split);
	T_RUN(reader_bad_version);
	T_RUN(nv_lengths);
	T_RUN(nv_decode_any_split);
	T_RUN(nv_binary_values);
	T_RUN(nv_malformed_and_limits);
	T_RUN(writers_pad_and_split);
	T_RUN(json_strings);
	return t_done();
}
