/*
 * redact.h - hiding secrets in what reports print.
 *
 * Configuration holds secrets: FPM env[] values, php_admin_value
 * passwords, SetEnv DB_PASSWORD, AuthLDAPBindPassword, auth= in a Redis
 * session.save_path, user:password@ in URLs.  Every report format prints
 * source lines and messages, so every one goes through this filter unless
 * the user asks for --no-redact.
 *
 * Two layers:
 *   - pf_redact_scan() finds secret values in one line of configuration
 *     text by syntax (it knows the httpd, php-fpm, php.ini and site
 *     description dialects); snippets are masked span by span, so the
 *     caret still points at the right place.
 *   - a redactor collects every value that layer finds in the run's
 *     sources and model, and masks those values wherever else they turn
 *     up (messages, fixes, related notes), since a rule may quote a value.
 */
#ifndef PF_REDACT_H
#define PF_REDACT_H

#include <stddef.h>
#include <stdint.h>

struct pf_arena;
struct pf_run;

/* What replaces a secret. */
#define PF_REDACTED	"[redacted]"

struct pf_span {
	size_t	off, len;
};

/*
 * Is NAME (an environment variable, INI key, php setting, SetEnv name,
 * key= parameter) one whose value is a secret?  Matches words such as
 * password, passwd, pwd, pw, pass, secret, token, key, apikey, auth,
 * salt, credential(s), private, passphrase; case-insensitive, on the
 * parts of the name split at '.', '_', '-', '[' and the like.
 */
int		 pf_redact_secret_name(const char *name, size_t n);

/*
 * Finds the secret values in one line (n bytes, no newline) of
 * configuration text: env[NAME] = V, php_value[K] / php_admin_value[K] = V
 * and the Apache "php_admin_value K V" form, INI "K = V" and "K=V" pairs,
 * SetEnv / ProxyFCGISetEnvIf / [E=NAME:V] / SetEnvIf NAME=V, directives
 * whose name says password/passphrase/secret, Authorization headers,
 * user:password@ in URLs.  Commented-out lines are scanned too.  Writes
 * up to max spans (sorted, not overlapping; quotes around a value stay
 * outside the span) and returns how many it found (may exceed max).
 */
size_t		 pf_redact_scan(const char *line, size_t n,
		    struct pf_span *out, size_t max);

/*
 * Copies line with every span replaced by PF_REDACTED (arena; NUL
 * terminated; *outn gets the length).  If pos is not NULL, it holds byte
 * offsets into line (e.g. a caret's start and end) and is updated to the
 * matching offsets in the copy; an offset inside a span moves to the
 * start (for a start) or end (for an end, npos == 2, pos[1]) of its mask.
 */
char		*pf_redact_apply(struct pf_arena *, const char *line, size_t n,
		    const struct pf_span *, size_t nspans, size_t *outn,
		    size_t *pos, size_t npos);

/* The values to mask in free text, collected from a run. */
struct pf_redactor;

/*
 * Collects the secret values of a run: what pf_redact_scan() finds in
 * every source line, plus env[] values and secret-named php settings of
 * every pool in the model.  Values shorter than 4 bytes are not masked in
 * free text (they would mask ordinary words) but are masked in snippets.
 * Free with pf_redactor_free().
 */
struct pf_redactor *pf_redactor_new(struct pf_run *);
void		 pf_redactor_free(struct pf_redactor *);
/*
 * Starts the scan of every source read so far on a thread of its own,
 * when they are big enough to be worth one (lint calls it between
 * reading and the rules, whose time the scan then overlaps: it was a
 * tenth of lint's time at 10,000 vhosts).  The sources must stay as they
 * are; more may be added.  pf_redactor_new() takes the result and scans
 * only the sources added since; pf_redactor_prescan_end() (pf_run_free
 * calls it) waits for the thread and drops the result if nobody took it.
 */
void		 pf_redactor_prescan(struct pf_run *);
void		 pf_redactor_prescan_end(struct pf_run *);
/* Adds one value to mask in free text (a caller that knows more). */
void		 pf_redactor_add(struct pf_redactor *, const char *v, size_t n);
/* Number of distinct values held (for tests). */
size_t		 pf_redactor_count(const struct pf_redactor *);

/*
 * Masks every held value in s where it stands as a whole token (not
 * inside a longer word), and every span pf_redact_scan() finds in each
 * line of s.  Returns s itself when nothing changed, else an arena copy.
 */
const char	*pf_redact_text(struct pf_redactor *, struct pf_arena *,
		    const char *s);

#endif
