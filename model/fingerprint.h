/*
 * fingerprint.h - a finding's identity that survives unrelated edits.
 *
 * A fingerprint names "this rule, about this directive, in this file",
 * not "line 42": it hashes the rule id, the file's path, the subject and
 * the directive text at the finding's location with whitespace collapsed
 * and secrets redacted (never the line or column).  SARIF carries it in
 * partialFingerprints (so GitHub code scanning does not resurrect
 * dismissed alerts when lines move) and the baseline file stores it.
 *
 * When several findings of a run would get the same hash (the same rule
 * on two identical lines of a file), the second and later get ":2", ":3"
 * appended, in file order, so each stays unique.
 */
#ifndef PF_FINGERPRINT_H
#define PF_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "model/diag.h"

struct pf_run;

/* Bump when the recipe changes; stored beside fingerprints by consumers
 * (SARIF key "proxyfpm/v1", the baseline file's header). */
#define PF_FINGERPRINT_VERSION	1
/* 32 lowercase hex digits, ":N" for repeats, NUL. */
#define PF_FINGERPRINT_MAX	48

/* SHA-256 of a byte string (out: 32 bytes). */
void		 pf_sha256(const void *data, size_t len, uint8_t out[32]);

/*
 * The fingerprint of one diagnostic without the repeat suffix, written to
 * out (at least PF_FINGERPRINT_MAX bytes).  Diagnostics without an id use
 * "reader-<severity>".
 */
void		 pf_fingerprint_diag(struct pf_run *, const struct pf_diag *,
		    char *out);

/*
 * Gives every stored diagnostic of the run that has none a fingerprint
 * (in the run's arena), with repeat suffixes; sorts the diagnostics
 * (pf_run_sort_diags) first so the suffixes follow file order.  Call it
 * after all diagnostics are added (the rules do, before matching a
 * baseline; reports do if nobody has).  Idempotent.
 */
void		 pf_fingerprint_run(struct pf_run *);

/*
 * The id a diagnostic is reported under: its id, or "reader-error",
 * "reader-warning", ... for reader diagnostics that have none.
 */
const char	*pf_diag_effective_id(const struct pf_diag *);

#endif
