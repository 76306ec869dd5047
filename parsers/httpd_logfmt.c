/*
 * httpd_logfmt.c - what httpd refuses in log formats and in mod_remoteip's
 * proxy lists when it reads them (`apache2 -t`), with its messages:
 *
 *  - LogFormat, CustomLog's and GlobalLog's format (mod_log_config.c
 *    parse_log_string / parse_log_item): a '%' item runs to its handler's
 *    letter through '!', '<', '>', ',', digits and "{...}"; the letter
 *    (or "^" and two letters) must be one a module registered in its
 *    pre_config, which runs after the whole tree is read, so a LoadModule
 *    anywhere counts: mod_log_config's own, mod_logio's (built into
 *    Debian's httpd) and mod_ssl's %c and %x.  A string that ends inside
 *    an item "Ran off end".  A backslash does not protect a '%' there.
 *  - ErrorLogFormat (core.c set_errorlog_format, parse_errorlog_item): the
 *    core's handlers, "%M" only in the main format and there required,
 *    '+' not in the main format, a level condition only there and at
 *    most 15 (trace8); a backslash does protect the next character.
 *  - RemoteIPTrustedProxyList, RemoteIPInternalProxyList (mod_remoteip.c
 *    proxylist_read): the file is read when the line is, each word up to
 *    a '#' judged as RemoteIPTrustedProxy judges its words.
 *
 * Verified with apache2 2.4.71 (tests/httpd/conf_gen.py's trees and the
 * cases in testdata/httpd-values/values.txt).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/httpd_int.h"

#define RAN_OFF	"Ran off end of LogFormat parsing args to some directive"

/* Is c (or the three characters at s, "^xx") a LogFormat handler? */
static int
log_handler(struct hrd *r, const char *s, int three)
{
	if (three)
		return strncmp(s, "^ti", 3) == 0 || strncmp(s, "^to", 3) == 0 ||
		    (strncmp(s, "^FB", 3) == 0 &&
		    pf_hrd_module_loaded(r, "logio_module"));
	if (*s != '\0' && strchr("haAlutfbBionLeVvpPHmqXCkrDTUsR", *s) != NULL)
		return 1;
	if (*s != '\0' && strchr("IOS", *s) != NULL)
		return pf_hrd_module_loaded(r, "logio_module");
	if (*s == 'c' || *s == 'x')
		return pf_hrd_module_loaded(r, "ssl_module");
	return 0;
}

/* mod_log_config's parse_log_string: NULL or its message. */
static const char *
logformat_error(struct hrd *r, const char *s)
{
	while (*s != '\0') {
		if (*s != '%') {
			/* parse_log_misc_string: up to the next '%' */
			s += strcspn(s, "%");
			continue;
		}
		if (*++s == '%') {
			s++;
			continue;
		}
		for (;;) {
			if (*s == '\0')
				return RAN_OFF;
			if (strchr("!<>,", *s) != NULL) {
				s++;
			} else if (*s == '{') {
				/* ap_getword: to the '}', past every '}' */
				s += 1 + strcspn(s + 1, "}");
				while (*s == '}')
					s++;
			} else if (*s >= '0' && *s <= '9') {
				while (*s >= '0' && *s <= '9')
					s++;
			} else {
				if (*s == '^' && s[1] != '\0' && s[2] != '\0' &&
				    log_handler(r, s, 1)) {
					s += 3;
					break;
				}
				if (log_handler(r, s, 0) || r->third_party) {
					s++;
					break;
				}
				return pf_printf(r->a, "Unrecognized LogFormat "
				    "directive %%%c", *s);
			}
		}
	}
	return NULL;
}

/* core's parse_errorlog_string (main: the one-word form). */
static const char *
errorlogformat_error(struct hrd *r, const char *s, int main)
{
	int seen_msg = 0;

	while (*s != '\0') {
		int required = 0, message = 0;
		long level = 0;

		if (*s != '%') {
			/* parse_errorlog_misc_string: a backslash takes the
			 * next character, whatever it is */
			while (*s != '\0' && *s != '%') {
				if (*s == '\\' && s[1] != '\0')
					s++;
				s++;
			}
			continue;
		}
		s++;
		if (*s == ' ' || *s == '%') {
			/* "% " is a field separator (what follows is a new
			 * item), "%%" a '%' */
			s++;
			continue;
		}
		for (;;) {
			if (*s == '\0')
				return "Ran off end of error log format parsing "
				    "args to some directive";
			if (*s == '{') {
				s += 1 + strcspn(s + 1, "}");
				while (*s == '}')
					s++;
			} else if (*s == '+') {
				required = 1;
				s++;
			} else if (*s == '-') {
				s++;
			} else if (*s >= '0' && *s <= '9') {
				level = 0;
				while (*s >= '0' && *s <= '9') {
					if (level < 1000)
						level = level * 10 + (*s - '0');
					s++;
				}
			} else if (*s == 'M') {
				message = 1;
				s++;
				break;
			} else if (strchr("aAeEFiklLmnPtTvV", *s) != NULL) {
				s++;
				break;
			} else {
				return pf_printf(r->a, "Unrecognized error log "
				    "format directive %%%c", *s);
			}
		}
		if (message && !main)
			return "%M cannot be used in once-per-request or "
			    "once-per-connection formats";
		seen_msg |= message;
		if (main && required)
			return "The '+' flag cannot be used in the main error "
			    "log format";
		if (!main && level != 0)
			return "The loglevel cannot be used as a condition in "
			    "once-per-request or once-per-connection formats";
		if (level > 15)
			return "The specified loglevel modifier is out of range";
	}
	if (main && !seen_msg)
		return "main ErrorLogFormat must contain message format string "
		    "'%M'";
	return NULL;
}

/* mod_remoteip's proxylist_read of n's file. */
static const char *
proxylist_error(struct hrd *r, const struct pf_node *n)
{
	const char *f = n->argv[0], *p, *end, *e;
	char *text;
	size_t len;
	unsigned line = 0;
	int err;

	f = f[0] == '/' ? f : pf_hrd_join(r->a, r->server_root, "/", f);
	err = pf_read_file(r->run, f, &text, &len);
	if (err != 0 && r->run->root != NULL) {
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value", n->loc,
		    "%s: the file %s is not in the tree under --root (apache2 "
		    "-t there fails unless it can be read)", n->def->name, f);
		return NULL;
	}
	if (err != 0)
		/* ap_pcfg_openfile refuses what is not a regular file with
		 * APR_EBADF */
		return pf_printf(r->a, "%s: Could not open file %s: %s",
		    n->def->name, f, strerror(err == EISDIR || err == EINVAL ?
		    EBADF : err));
	for (p = text; p < text + len; p = end + (end < text + len)) {
		const char *w, *lp;

		end = memchr(p, '\n', (size_t)(text + len - p));
		if (end == NULL)
			end = text + len;
		line++;
		lp = pf_strndup(r->a, p, (size_t)(end - p));
		while (*(w = pf_hrd_getword(r->a, &lp)) != '\0' && *w != '#')
			if ((e = pf_hrd_remoteip_word(r, w, n->def->name)) !=
			    NULL)
				return pf_printf(r->a, "%s at line %u of %s", e,
				    line, f);
	}
	return NULL;
}

const char *
pf_hrd_log_error(struct hrd *r, const struct pf_node *n)
{
	const char *l = n->def->lname;

	if (strcmp(l, "logformat") == 0 && n->argc >= 1)
		return logformat_error(r, n->argv[0]);
	if ((strcmp(l, "customlog") == 0 || strcmp(l, "globallog") == 0) &&
	    n->argc >= 2)
		return logformat_error(r, n->argv[1]);
	/* TAKE12: an empty second word is none (invoke_cmd) */
	if (strcmp(l, "errorlogformat") == 0 && (n->argc == 1 ||
	    (n->argc == 2 && n->argv[1][0] == '\0')))
		return errorlogformat_error(r, n->argv[0], 1);
	if (strcmp(l, "errorlogformat") == 0 && n->argc == 2) {
		if (strcasecmp(n->argv[0], "connection") != 0 &&
		    strcasecmp(n->argv[0], "request") != 0)
			return "ErrorLogFormat type must be one of request, "
			    "connection";
		return errorlogformat_error(r, n->argv[1], 0);
	}
	if ((strcmp(l, "remoteiptrustedproxylist") == 0 ||
	    strcmp(l, "remoteipinternalproxylist") == 0) && n->argc == 1)
		return proxylist_error(r, n);
	return NULL;
}
