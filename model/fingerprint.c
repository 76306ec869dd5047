/*
 * fingerprint.c - line-independent identity of findings (fingerprint.h),
 * and the SHA-256 it is built on (FIPS 180-4; no crypto library needed).
 */
#include "model/fingerprint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/buf.h"
#include "model/redact.h"
#include "model/run.h"

/* ---- SHA-256 ---- */

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))

static void
sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3)) + w[i - 7] + (ROR(w[i - 2], 17) ^
		    ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		    ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		    ((a & b) ^ (a & c) ^ (b & c));
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void
pf_sha256(const void *data, size_t len, uint8_t out[32])
{
	uint32_t h[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	const uint8_t *p = data;
	uint8_t tail[128];
	uint64_t bits = (uint64_t)len * 8;
	size_t rest, tn, i;

	for (; len >= 64; p += 64, len -= 64)
		sha256_block(h, p);
	rest = len;
	memset(tail, 0, sizeof(tail));
	memcpy(tail, p, rest);
	tail[rest] = 0x80;
	tn = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tn - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha256_block(h, tail);
	if (tn == 128)
		sha256_block(h, tail + 64);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h[i] >> 8);
		out[4 * i + 3] = (uint8_t)h[i];
	}
}

/* ---- fingerprints ---- */

const char *
pf_diag_effective_id(const struct pf_diag *d)
{
	static const char *const fallback[PF_SEV_MAX] = {
		"reader-note", "reader-warning", "reader-error",
		"rule-info", "rule-low", "rule-medium", "rule-high",
		"rule-critical",
	};

	if (d->id != NULL && d->id[0] != '\0')
		return d->id;
	return (unsigned)d->sev < PF_SEV_MAX ? fallback[d->sev] :
	    "proxyfpm";
}

/* Appends text with runs of blanks collapsed to one space, trimmed. */
static void
put_collapsed(struct pf_buf *b, const char *p, size_t n, int digits)
{
	size_t i;
	int space = 0, any = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (isspace(c)) {
			space = any;
			continue;
		}
		if (space)
			pf_buf_putc(b, ' ');
		space = 0;
		any = 1;
		/* Messages without a line to hash may quote counts that
		 * change with the configuration ("5 < 40"): one '#'. */
		if (digits && isdigit(c)) {
			while (i + 1 < n && isdigit((unsigned char)p[i + 1]))
				i++;
			pf_buf_putc(b, '#');
			continue;
		}
		pf_buf_putc(b, (char)c);
	}
}

/* The path as the command saw it, without "./" and "//" noise. */
static void
put_path(struct pf_buf *b, const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		for (p += 2; *p == '/'; p++)
			;
	for (; *p != '\0'; p++) {
		if (p[0] == '/' && p[1] == '/')
			continue;
		if (p[0] == '/' && p[1] == '.' && p[2] == '/') {
			p++;
			continue;
		}
		pf_buf_putc(b, *p);
	}
}

void
pf_fingerprint_diag(struct pf_run *run, const struct pf_diag *d, char *out)
{
	static const char hex[] = "0123456789abcdef";
	const struct pf_source *s = pf_source_get(run, d->loc.file);
	struct pf_buf b = PF_BUF_INIT;
	struct pf_span sp[64];
	const char *line;
	size_t n, ns, at, k;
	uint8_t md[32];
	int i;

	pf_buf_printf(&b, "proxyfpm-fingerprint-v%d", PF_FINGERPRINT_VERSION);
	pf_buf_putc(&b, '\0');
	pf_buf_puts(&b, pf_diag_effective_id(d));
	pf_buf_putc(&b, '\0');
	if (s != NULL)
		put_path(&b, s->path);
	pf_buf_putc(&b, '\0');
	if (d->subject != NULL)
		pf_buf_puts(&b, d->subject);
	pf_buf_putc(&b, '\0');
	if (s != NULL && d->loc.line > 0 &&
	    pf_source_line(run, d->loc.file, d->loc.line, &line, &n) == 0) {
		/* The directive, secrets masked: a rotated password is the
		 * same finding, and the hash never encodes the secret. */
		struct pf_buf l = PF_BUF_INIT;

		ns = pf_redact_scan(line, n, sp, 64);
		if (ns > 64)
			ns = 64;
		for (at = 0, k = 0; k < ns; k++) {
			pf_buf_add(&l, line + at, sp[k].off - at);
			pf_buf_puts(&l, PF_REDACTED);
			at = sp[k].off + sp[k].len;
		}
		pf_buf_add(&l, line + at, n - at);
		put_collapsed(&b, l.p, l.len, 0);
		pf_buf_free(&l);
	} else if (d->message != NULL)
		put_collapsed(&b, d->message, strlen(d->message), 1);
	pf_sha256(b.p, b.len, md);
	pf_buf_free(&b);
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[32] = '\0';
}

/* The slot of a fingerprint (without suffix) in an open-addressing
 * table of cap entries. */
static size_t
slot(const char **keys, size_t cap, const char *fp, size_t len)
{
	size_t h = 0, j;

	for (j = 0; j < 8 && j < len; j++)
		h = h * 31 + (unsigned char)fp[j];
	for (j = h & (cap - 1); keys[j] != NULL &&
	    (strncmp(keys[j], fp, len) != 0 || keys[j][len] != '\0');
	    j = (j + 1) & (cap - 1))
		;
	return j;
}

void
pf_fingerprint_run(struct pf_run *run)
{
	size_t i, j, cap, *cnt, len, k;
	const char **keys;
	char fp[PF_FINGERPRINT_MAX];

	pf_run_sort_diags(run);
	for (cap = 16; cap < run->diags.n * 2; cap *= 2)
		;
	keys = calloc(cap, sizeof(*keys));
	cnt = calloc(cap, sizeof(*cnt));
	if (keys == NULL || cnt == NULL)
		pf_oom();
	/* Fingerprints given earlier (or by the rules) keep their place:
	 * new repeats number after them. */
	for (i = 0; i < run->diags.n; i++) {
		const char *f = run->diags.v[i]->fingerprint, *colon;

		if (f == NULL)
			continue;
		colon = strchr(f, ':');
		len = colon ? (size_t)(colon - f) : strlen(f);
		k = colon ? strtoul(colon + 1, NULL, 10) : 1;
		j = slot(keys, cap, f, len);
		if (keys[j] == NULL)
			keys[j] = pf_strndup(run->arena, f, len);
		if (k > cnt[j])
			cnt[j] = k;
	}
	for (i = 0; i < run->diags.n; i++) {
		struct pf_diag *d = run->diags.v[i];

		if (d->fingerprint != NULL)
			continue;
		pf_fingerprint_diag(run, d, fp);
		j = slot(keys, cap, fp, strlen(fp));
		if (keys[j] == NULL)
			keys[j] = pf_strdup(run->arena, fp);
		if (cnt[j]++ == 0)
			d->fingerprint = keys[j];
		else
			d->fingerprint = pf_printf(run->arena, "%s:%zu", fp,
			    cnt[j]);
	}
	free(keys);
	free(cnt);
}
