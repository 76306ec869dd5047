/*
 * httpd_handlers.c - what the handlers of mod_rewrite, mod_alias, the
 * regex-taking directives and Listen refuse
 * when httpd reads them (`apache2 -t`), with their messages:
 *
 *  - RewriteRule and RewriteCond (mod_rewrite.c cmd_rewriterule,
 *    cmd_rewritecond): the argument line split by mod_rewrite's own
 *    parseargline ("bad argument line"), the [flags] field
 *    (cmd_parseflagfield and the setflag functions: "unknown flag",
 *    R=code), the pattern compiled with [NC] as AP_REG_ICASE, a
 *    RewriteCond's expr compiled as an ap_expr;
 *  - ProxyPassMatch, AliasMatch, ScriptAliasMatch, RedirectMatch
 *    ("Regular expression could not be compiled."), SetEnvIf and its kin
 *    ("SetEnvIf regex could not be compiled."), <LocationMatch>,
 *    <DirectoryMatch>, <FilesMatch>, <ProxyMatch> and the "~" forms
 *    ("Regex could not be compiled").
 *
 * Regexes are compiled with PCRE2 as ap_regcomp does (what RegexDefault-
 * Options adds changes what matches, not what compiles).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/fpm_int.h"
#include "parsers/httpd_int.h"

/* ap_pregcomp's verdict on re (PCRE2, as Debian's httpd builds it) */
int
pf_hrd_regex_compiles(const char *re, int icase)
{
	pcre2_code *c;
	int err;
	PCRE2_SIZE off;

	c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
	    icase ? PCRE2_CASELESS : 0, &err, &off, NULL);
	pcre2_code_free(c);
	return c != NULL;
}

/* HTTP statuses httpd has a status line for (http_protocol.c
 * status_lines): RewriteRule [R=code] takes no other. */
int
pf_hrd_known_status(int s)
{
	static const short codes[] = { 100, 101, 102, 200, 201, 202, 203,
	    204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
	    308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411,
	    412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 426, 428, 429,
	    431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511 };
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i] == s)
			return 1;
	return 0;
}

static int
is(const char *k, const char *a, const char *b)
{
	return (a != NULL && strcasecmp(k, a) == 0) ||
	    (b != NULL && strcasecmp(k, b) == 0);
}

/*
 * cmd_rewriterule_setflag's plain flags: the first letter, then what may
 * follow it (case-insensitive; "" is the letter alone), e.g. F, forbidden.
 */
static const struct { char c; const char *rest[4]; } plain_flags[] = {
	{ 'c', { "", "hain", "ookie", "O" } },
	{ 'e', { "", "nv", "nd", NULL } },
	{ 'f', { "", "orbidden", NULL, NULL } },
	{ 'g', { "", "one", NULL, NULL } },
	{ 'h', { "", "andler", NULL, NULL } },
	{ 'l', { "", "ast", NULL, NULL } },
	{ 'n', { "", "E", "oescape", "ext" } },
	{ 'n', { "S", "osubreq", "C", "ocase" } },
	{ 'p', { "", "roxy", "T", "assthrough" } },
	{ 'q', { "SA", "sappend", "SD", "sdiscard" } },
	{ 'q', { "SL", "slast", NULL, NULL } },
	{ 's', { "", "kip", NULL, NULL } },
	{ 't', { "", "ype", NULL, NULL } },
	{ 'u', { "nsafePrefixStat", "nsafeAllow3F", "NC", NULL } },
	{ 'b', { "", "ackrefescaping", "NP", "ackrefernoplus" } },
	{ 'b', { "CTLS", NULL, NULL, NULL } },
};

/* cmd_rewriterule_setflag: key is the whole flag name, val its value
 * (empty when there is no '='). */
static const char *
rule_flag(struct hrd *r, const char *key, const char *val, int *icase)
{
	const char *k = key + 1;
	char c = (char)tolower((unsigned char)key[0]);
	size_t i, j;

	if (c == 'n' && is(k, "C", "ocase"))
		*icase = 1;
	if (c == 'b' && is(k, "NE", NULL))
		return val == NULL || *val == '\0' ? "flag 'BNE' wants a list "
		    "of characters (i.e. [BNE=...])" : NULL;
	if (c == 'r' && (!*k || is(k, "edirect", NULL))) {
		if (val != NULL && isdigit((unsigned char)*val) &&
		    atoi(val) != 500 && !pf_hrd_known_status(atoi(val)))
			return pf_printf(r->a, "invalid HTTP response code "
			    "'%s' for flag 'R'", val);
		return NULL;
	}
	if (c == 'd')
		return NULL;	/* httpd's D branch has no error */
	for (i = 0; i < sizeof(plain_flags) / sizeof(plain_flags[0]); i++)
		for (j = 0; plain_flags[i].c == c && j < 4 &&
		    plain_flags[i].rest[j] != NULL; j++)
			if (strcasecmp(k, plain_flags[i].rest[j]) == 0)
				return NULL;
	return pf_printf(r->a, "unknown flag '%s'", key);
}

/* cmd_rewritecond_setflag */
static const char *
cond_flag(struct hrd *r, const char *key, int *icase)
{
	if (is(key, "nocase", "NC")) {
		*icase = 1;
		return NULL;
	}
	if (is(key, "ornext", "OR") || is(key, "novary", "NV"))
		return NULL;
	return pf_printf(r->a, "unknown flag '%s'", key);
}

/* cmd_parseflagfield over "[a,b=c, d]" (modified in place). */
static const char *
flags(struct hrd *r, char *f, int rule, int *icase)
{
	char *key, *next, *end, *val;
	const char *err;
	size_t n = strlen(f);

	if (n == 0 || f[0] != '[' || f[n - 1] != ']')
		return "bad flag delimiters";
	f[n - 1] = ',';
	for (key = f + 1; *key != '\0'; key = next + 1) {
		while (pf_hrd_space(*key))
			key++;
		if (*key == '\0' || (next = strchr(key, ',')) == NULL)
			break;
		for (end = next - 1; end >= key && pf_hrd_space(*end); end--)
			;
		end[1] = '\0';
		if ((val = strchr(key, '=')) != NULL)
			*val++ = '\0';
		else
			val = end + 1;	/* httpd: the empty end of the key */
		err = rule ? rule_flag(r, key, val, icase) :
		    cond_flag(r, key, icase);
		if (err != NULL)
			return err;
	}
	return NULL;
}

/*
 * What cmd_rewriterule and cmd_rewritecond do first: the argument line
 * split by parseargline, then the [flags] field (whose NC decides how the
 * pattern compiles).  Returns their error, "RewriteRule: ..." or
 * "RewriteCond: ...", or NULL with the words and *icase set.
 */
static const char *
rewrite_line(struct hrd *r, const char *raw, int rule, char **a1, char **a2,
    int *icase)
{
	const char *who = rule ? "RewriteRule" : "RewriteCond", *err, *w[3];
	size_t l[3];
	int n;

	*icase = 0;
	if ((n = pf_hrd_rewrite_split(raw, w, l)) < 0)
		return pf_printf(r->a, "%s: bad argument line '%s'", who, raw);
	*a1 = pf_strndup(r->a, w[0], l[0]);
	*a2 = pf_strndup(r->a, w[1], l[1]);
	if (n > 2 && (err = flags(r, pf_strndup(r->a, w[2], l[2]), rule,
	    icase)) != NULL)
		return pf_printf(r->a, "%s: %s", who, err);
	return NULL;
}

static const char *
rewrite_rule(struct hrd *r, const char *raw)
{
	char *a1, *a2;
	const char *err;
	int icase;

	if ((err = rewrite_line(r, raw, 1, &a1, &a2, &icase)) != NULL)
		return err;
	if (*a1 == '!')
		a1++;
	if (!pf_hrd_regex_compiles(a1, icase))
		return pf_printf(r->a, "RewriteRule: cannot compile regular "
		    "expression '%s'", a1);
	return NULL;
}

static const char *
rewrite_cond(struct hrd *r, const char *raw, int htaccess)
{
	char *a1, *a2;
	const char *err;
	int icase, regex = 1;

	if ((err = rewrite_line(r, raw, 0, &a1, &a2, &icase)) != NULL)
		return err;
	if (*a2 == '!')
		a2++;
	if (strcasecmp(a1, "expr") == 0) {
		if ((err = pf_hrd_expr_check(r, a2, htaccess ?
		    PF_HEXPR_HTACCESS : 0)) != NULL)
			/* apache2 2.4.71 as Debian ships it: no ':', and
			 * mod_rewrite's "cannot compile expression%s" adds
			 * " in htaccess context" in an .htaccess file only
			 * (not in <Directory>; found by the htaccess corpus) */
			return pf_printf(r->a, "RewriteCond: cannot compile "
			    "expression%s \"%s\" %s", htaccess ?
			    " in htaccess context" : "", a2, err);
		return NULL;
	}
	/* the pattern types that are no regex (cmd_rewritecond) */
	if (a2[0] != '\0' && a2[1] != '\0') {
		if (a2[0] == '-' && a2[2] == '\0')
			regex = strchr("fsdxhLlUF", a2[1]) == NULL;
		else if (a2[0] == '-' && a2[3] != '\0')
			regex = !(strncmp(a2 + 1, "lt", 2) == 0 ||
			    strncmp(a2 + 1, "le", 2) == 0 ||
			    strncmp(a2 + 1, "gt", 2) == 0 ||
			    strncmp(a2 + 1, "ge", 2) == 0 ||
			    strncmp(a2 + 1, "eq", 2) == 0 ||
			    strncmp(a2 + 1, "ne", 2) == 0);
		else if (a2[0] == '<' || a2[0] == '>' || a2[0] == '=')
			regex = 0;
	}
	if (regex && !pf_hrd_regex_compiles(a2, icase))
		return pf_printf(r->a, "RewriteCond: cannot compile regular "
		    "expression '%s'", a2);
	return NULL;
}

/*
 * cmd_rewritemap: txt:, rnd: and plain maps are files, and a prg: map's
 * program is one, that httpd stats when it reads the line; int: names
 * one of the maps mod_rewrite registers (case matters); dbd: and
 * fastdbd: need mod_dbd.  dbm:FILE and dbm=TYPE:FILE name a DBM type
 * Debian's apr-util has a driver for (sdbm built in, db and gdbm
 * modules; "default" is db), whose file httpd stats: FILE.dir for sdbm,
 * FILE for the others (apr_dbm_get_usednames_ex).  Under --root a
 * missing map file is a note (a copy of the configuration often lacks
 * it).
 */
static const char *
rewrite_map(struct hrd *r, const struct pf_node *n)
{
	const char *name = n->argv[0], *a = n->argv[1], *f = NULL;
	struct stat st;

	if (strncasecmp(a, "int:", 4) == 0) {
		if (strcmp(a + 4, "tolower") && strcmp(a + 4, "toupper") &&
		    strcmp(a + 4, "escape") && strcmp(a + 4, "unescape") &&
		    !r->third_party)
			return pf_printf(r->a, "RewriteMap: internal map not "
			    "found:%s", a + 4);
		return NULL;
	}
	if (strncasecmp(a, "dbd:", 4) == 0 ||
	    strncasecmp(a, "fastdbd:", 8) == 0)
		return pf_hrd_module_loaded(r, "dbd_module") ? NULL :
		    "RewriteMap types dbd and fastdbd require mod_dbd!";
	if (strncasecmp(a, "txt:", 4) == 0 || strncasecmp(a, "rnd:", 4) == 0)
		f = a + 4;
	else if (strncasecmp(a, "prg:", 4) == 0)
		/* the program: the first word (apr_tokenize_to_argv) */
		f = pf_strndup(r->a, a + 4, strcspn(a + 4, " \t"));
	else if (strncasecmp(a, "dbm", 3) == 0) {
		const char *type = "default", *colon;

		if (a[3] == ':')
			f = a + 4;
		else if (a[3] == '=' && (colon = strchr(a + 4, ':')) != NULL) {
			type = pf_strndup(r->a, a + 4, (size_t)(colon - a - 4));
			f = colon + 1;
		}
		if (f == NULL)
			return pf_printf(r->a, "RewriteMap: bad map:%s", a);
		if (strcasecmp(type, "default") != 0 &&
		    strcasecmp(type, "db") != 0 &&
		    strcasecmp(type, "gdbm") != 0 &&
		    strcasecmp(type, "sdbm") != 0)
			return pf_printf(r->a, "RewriteMap: dbm type %s is "
			    "invalid", type);
		if (strcasecmp(type, "sdbm") == 0)
			f = pf_printf(r->a, "%s.dir", f);
	} else
		f = a;
	f = f[0] == '/' ? f : pf_hrd_join(r->a, r->server_root, "/", f);
	if (stat(pf_host_path(r->run, f), &st) == 0)
		return NULL;
	if (r->run->root != NULL) {
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value", n->loc,
		    "RewriteMap: the file of map %s, %s, is not in the tree "
		    "under --root (apache2 -t there fails unless it exists)",
		    name, f);
		return NULL;
	}
	return pf_printf(r->a, "RewriteMap: file for map %s not found:%s",
	    name, f);
}

static void
report_listen(struct hrd *r, const struct pf_node *n, const char *msg)
{
	pf_diag_add(r->run, PF_SEV_ERROR, "httpd-value", n->loc, "%s", msg);
}

/* ap_is_url: a scheme (letters, digits, '+', '-', '.') and ':'. */
int
pf_httpd_is_url(const char *u)
{
	size_t x;

	for (x = 0; u[x] != ':'; x++)
		if (u[x] == '\0' || (!isalnum((unsigned char)u[x]) &&
		    u[x] != '+' && u[x] != '-' && u[x] != '.'))
			return 0;
	return x > 0;
}

/* In a per-directory section or an .htaccess file (cmd->path set). */
static int
in_dir(const struct pf_node *n)
{
	const struct pf_node *p;

	for (p = n->parent; p != NULL && p->parent != NULL; p = p->parent)
		if ((p->flags & PF_NODE_SECTION) && (p->flags &
		    PF_NODE_HTACCESS || (pf_hrd_kind(p) >= HK_DIRECTORY &&
		    pf_hrd_kind(p) <= HK_LIMITEXCEPT)))
			return 1;
	return 0;
}

/* Redirect, RedirectMatch, RedirectPermanent, RedirectTemp (not
 * RedirectRelative, mod_alias's On/Off flag). */
static int
is_redirect(const char *l)
{
	return strncmp(l, "redirect", 8) == 0 &&
	    strcmp(l, "redirectrelative") != 0;
}

/*
 * mod_alias add_redirect_internal: Redirect [status] URL-path [URL],
 * RedirectMatch [status] regex [URL], RedirectPermanent and
 * RedirectTemp URL-path URL.
 */
static const char *
redirect(struct hrd *r, const struct pf_node *n)
{
	const char *l = n->def->lname;
	const char *a1 = n->argc > 0 ? n->argv[0] : NULL;
	const char *a2 = n->argc > 1 ? n->argv[1] : NULL;
	const char *a3 = n->argc > 2 ? n->argv[2] : NULL;
	const char *fake, *url;
	int status = strcmp(l, "redirectpermanent") == 0 ? 301 : 302;
	int grok = 1, regex = strcmp(l, "redirectmatch") == 0;

	if (a1 == NULL || (strcmp(l, "redirectpermanent") == 0 ||
	    strcmp(l, "redirecttemp") == 0) ? n->argc != 2 : 0)
		return NULL;	/* the arity check says it */
	if (strcasecmp(a1, "permanent") == 0)
		status = 301;
	else if (strcasecmp(a1, "temp") == 0)
		status = 302;
	else if (strcasecmp(a1, "seeother") == 0)
		status = 303;
	else if (strcasecmp(a1, "gone") == 0) {
		status = 410;
		grok = -1;
	} else if (isdigit((unsigned char)*a1)) {
		status = atoi(a1);
		if (status < 300 || status > 399)
			grok = -1;
	} else
		grok = 0;
	if (a3 != NULL && !grok)
		return "Redirect: invalid first argument (of three)";
	if (in_dir(n) && ((grok > 0 && a2 != NULL && a3 == NULL) ||
	    (!grok && a2 == NULL))) {
		/* mod_alias add_redirect_internal: the section's URL, a
		 * string expression (ap_expr_parse_cmd: restricted in an
		 * .htaccess file) */
		const char *u = a2 != NULL ? a2 : a1, *e;

		if (!regex && (e = pf_hrd_expr_check(r, u, PF_HEXPR_STRING |
		    (n->flags & PF_NODE_HTACCESS ? PF_HEXPR_HTACCESS : 0))) !=
		    NULL)
			return pf_printf(r->a, "Cannot parse redirect "
			    "expression '%s': %s", u, e);
		return NULL;
	}
	if (grok < 0 && a2 == NULL)
		return NULL;
	fake = a2;
	url = a3;
	if (a3 == NULL && !grok) {
		fake = a1;
		url = a2;
	}
	if (regex && fake != NULL && !pf_hrd_regex_compiles(fake, 0))
		return "Regular expression could not be compiled.";
	if (status >= 300 && status <= 399) {
		if (url == NULL)
			return "URL to redirect to is missing";
		if (!regex && !pf_httpd_is_url(url) && url[0] != '/')
			return "Redirect to non-URL";
	} else if (url != NULL)
		return "Redirect URL not valid for this status";
	return NULL;
}

/* mod_expires check_code: "A3600" / "M3600", or <base> [plus] {<num>
 * <type>}* where only the first letter (two for months and minutes) of
 * each word counts. */
static const char *
expires_code(struct hrd *r, const char *code)
{
	const char *p = code, *w;

	if (code[0] == 'A' || code[0] == 'M')
		return NULL;
	w = pf_hrd_getword(r->a, &p);
	if (strchr("nNaAmM", w[0]) == NULL || w[0] == '\0')
		return pf_printf(r->a, "bad expires code, unrecognised <base> "
		    "'%s'", w);
	w = pf_hrd_getword(r->a, &p);
	if (w[0] == 'p' || w[0] == 'P')
		w = pf_hrd_getword(r->a, &p);
	while (w[0] != '\0') {
		if (!isdigit((unsigned char)w[0]))
			return pf_printf(r->a, "bad expires code, numeric "
			    "value expected <num> '%s'", w);
		w = pf_hrd_getword(r->a, &p);
		if (w[0] == '\0')
			return "bad expires code, missing <type>";
		if (strchr("yYwWdDhHsS", w[0]) == NULL &&
		    strncasecmp(w, "mo", 2) != 0 && strncasecmp(w, "mi", 2) != 0)
			return pf_printf(r->a, "bad expires code, unrecognised "
			    "<type>'%s'", w);
		w = pf_hrd_getword(r->a, &p);
	}
	return NULL;
}

static const char *regex_error(struct hrd *, const struct pf_node *);

/* mod_remoteip's proxies_set of one word a of directive name: an IP or
 * network (a name is resolved by httpd: not checked here). */
const char *
pf_hrd_remoteip_word(struct hrd *r, const char *a, const char *name)
{
	const char *sl = strchr(a, '/');
	int e = pf_hrd_subnet_word(r->a, a, NULL);

	if (e == PF_SUBNET_INVAL && sl != NULL)
		return pf_printf(r->a, "RemoteIP: Error parsing IP %s the "
		    "subnet /%s is invalid for %s", a, sl + 1, name);
	if (e == PF_SUBNET_BADIP || e == PF_SUBNET_BADMASK)
		return pf_printf(r->a, "RemoteIP: Error parsing IP %s (%s "
		    "error) for %s", a, e == PF_SUBNET_BADIP ? "The specified "
		    "IP address is invalid." : "The specified network mask is "
		    "invalid.", name);
	return NULL;
}

/*
 * The directives regex_error judges outside sections: exactly the names it
 * compares and those of httpd_modvals.c and httpd_logfmt.c (and the
 * Redirect* prefix; rx_init adds mod_md's md* rows).  A row not among
 * them is answered NULL without walking the chain of comparisons, which
 * every directive of every vhost went through (4.3 million strcmp calls
 * at 10,000 vhosts).
 * A name added to regex_error must be added here.
 */
static const char *const rx_names[] = {
	"addoutputfilterbytype", "alias", "aliasmatch", "allow",
	"allowconnect", "allowmethods", "authbasicfake", "authbasicprovider",
	"authnzfcgidefineprovider",
	"authdigestprovider", "authformprovider", "authldapurl", "authname",
	"browsermatch", "browsermatchnocase", "buffersize", "cachedirlength",
	"cachedirlevels", "cacheenable", "cachekeybaseurl", "cgivar",
	"chrootdir", "cookiedomain", "cookieexpires", "coredumpdirectory",
	"customlog", "dav",
	"deflatecompressionlevel", "deny", "directoryindexredirect", "error",
	"errordocument", "errorlogformat", "expiresbytype", "expiresdefault",
	"extfilterdefine", "filterprotocol", "filterprovider",
	"forcelanguagepriority", "globallog", "h2earlyhint", "h2padding",
	"h2pushdiarysize", "h2pushpriority", "h2pushresource", "header",
	"indexorderdefault", "keptbodysize", "ldaptrustedglobalcert",
	"limitxmlrequestbody", "logformat", "luamaphandler", "luascope",
	"proxyfcgisetenvif", "proxypassmatch", "proxypassreverse",
	"proxyremote", "proxyremotematch", "proxysourceaddress",
	"remoteipinternalproxy", "remoteipinternalproxylist",
	"remoteipproxyprotocolexceptions",
	"remoteiptrustedproxy", "remoteiptrustedproxylist", "requestheader",
	"requestreadtimeout", "rewritebase", "rewritecond", "rewritemap",
	"rewriterule", "scriptalias", "scriptaliasmatch", "serveralias",
	"servername", "setenvif", "setenvifexpr", "setenvifnocase",
	"sslrandomseed", "substitute", "substitutemaxlinelength",
	"suexecusergroup", "virtualdocumentroot", "virtualdocumentrootip",
	"virtualscriptalias", "virtualscriptaliasip",
};
enum {
	RX_JUDGED = 1,		/* regex_error judges the row */
	RX_WHERE = 2,		/* its verdict depends on where it is */
	RX_PPM = 4,		/* ProxyPassMatch */
};
static unsigned char rx_rows[PF_HRD_MAX_ROWS];	/* RX_* of each row */
static pthread_once_t rx_once = PTHREAD_ONCE_INIT;

static void
rx_init(void)
{
	size_t i, k;

	for (i = 0; i < pf_httpd_ndirectives && i < sizeof(rx_rows); i++) {
		const char *l = pf_httpd_directives[i].lname;
		unsigned char f = 0;

		for (k = 0; k < sizeof(rx_names) / sizeof(rx_names[0]); k++)
			if (strcmp(l, rx_names[k]) == 0)
				f = RX_JUDGED;
		if (is_redirect(l) ||
		    strcmp(l, "rewritebase") == 0 || strcmp(l, "alias") == 0 ||
		    strcmp(l, "scriptalias") == 0 ||
		    strcmp(l, "proxypassreverse") == 0 ||
		    strcmp(l, "serveralias") == 0 ||
		    strcmp(l, "filterprotocol") == 0 ||
		    strcmp(l, "cacheenable") == 0 ||
		    strcmp(l, "cachedirlevels") == 0 ||
		    strcmp(l, "cachedirlength") == 0)
			f = RX_JUDGED | RX_WHERE;
		/* a provider alias is known from its section on
		 * (pf_hrd_done_before): the same line may be refused above
		 * the section and taken below it */
		if (strcmp(l, "authbasicprovider") == 0 ||
		    strcmp(l, "authdigestprovider") == 0 ||
		    strcmp(l, "authformprovider") == 0)
			f = RX_JUDGED | RX_WHERE;
		if (strcmp(l, "proxypassmatch") == 0)
			f = RX_JUDGED | RX_PPM;
		/* mod_md's handlers look at the sections around them */
		if (strncmp(l, "md", 2) == 0 || strncmp(l, "<md", 3) == 0)
			f = RX_JUDGED | RX_WHERE;
		rx_rows[i] = f;
	}
}

/* The row's RX_* flags; a node with no table row is judged in full. */
static unsigned
rx_row(const struct pf_directive *d)
{
	size_t i = (size_t)(d - pf_httpd_directives);

	if (i >= sizeof(rx_rows))
		return RX_JUDGED | RX_WHERE;
	(void)pthread_once(&rx_once, rx_init);
	return rx_rows[i];
}

#define RMEMO	4096	/* slots, a power of two */

/*
 * The verdict depends on the row and the text only: nodes of the same
 * argument text share raw (the reader's cache), so a direct-mapped memo
 * by raw and row compiles a rule Included by 10,000 vhosts once.
 */
const char *
pf_hrd_handler_error(struct hrd *r, const struct pf_node *n)
{
	struct hvmemo *m;
	unsigned rx;

	if (n->def == NULL || n->raw == NULL)
		return NULL;
	rx = n->flags & PF_NODE_SECTION ? RX_JUDGED | (rx_row(n->def) &
	    RX_WHERE) : rx_row(n->def);
	if (rx == 0)
		return NULL;
	/* in a <Location(Match)> the section is ProxyPassMatch's regex:
	 * the verdict depends on more than the text */
	if ((rx & RX_PPM) && n->parent != NULL &&
	    (n->parent->flags & PF_NODE_SECTION) &&
	    (pf_hrd_kind(n->parent) == HK_LOCATION ||
	    pf_hrd_kind(n->parent) == HK_LOCATIONMATCH))
		return NULL;
	if (rx & RX_WHERE)
		return regex_error(r, n);	/* depends on where it is */
	if (r->rmemo == NULL && (r->rmemo = calloc(RMEMO,
	    sizeof(*r->rmemo))) == NULL)
		pf_oom();
	m = &r->rmemo[(((uintptr_t)n->raw >> 3) ^
	    (uintptr_t)(n->def - pf_httpd_directives)) & (RMEMO - 1)];
	if (m->argv != n->raw || m->def != n->def ||
	    m->ht != ((n->flags & PF_NODE_HTACCESS) != 0)) {
		m->argv = n->raw;
		m->def = n->def;
		m->ht = (n->flags & PF_NODE_HTACCESS) != 0;
		m->err = regex_error(r, n);
	}
	return m->err;
}

/*
 * mod_headers' header_cmd and header_inout_cmd: [always|onsuccess]
 * action header [value] [replacement] [early|env=...|expr=...], then
 * the value's format tags (parse_format_string).
 */
static const char *
header(struct hrd *r, const struct pf_node *n, int out)
{
	const char *act, *hdr, *val, *subs, *env, *e, *s;
	int i = 0, unset, echo, edit;
	/* ap_expr_parse_cmd restricts expressions in an .htaccess file */
	unsigned ht = n->flags & PF_NODE_HTACCESS ? PF_HEXPR_HTACCESS : 0;

	act = n->argc > i ? n->argv[i++] : "";
	if (out && (strcasecmp(act, "always") == 0 ||
	    strcasecmp(act, "onsuccess") == 0))
		act = n->argc > i ? n->argv[i++] : "";
	hdr = n->argc > i ? n->argv[i++] : "";
	val = n->argc > i ? n->argv[i++] : NULL;
	subs = n->argc > i ? n->argv[i++] : NULL;
	env = n->argc > i ? n->argv[i++] : NULL;
	if (n->argc > i)
		return pf_printf(r->a, "%s has too many arguments",
		    n->def->name);
	if (!is(act, "set", "setifempty") && !is(act, "add", "append") &&
	    !is(act, "merge", "unset") && !is(act, "echo", "edit") &&
	    !is(act, "edit*", "note"))
		return NULL;	/* httpd_values.c says the action's message */
	unset = strcasecmp(act, "unset") == 0;
	echo = strcasecmp(act, "echo") == 0;
	edit = strncasecmp(act, "edit", 4) == 0;
	if (edit) {
		if (subs == NULL)
			return "Header edit requires a match and a substitution";
		if (!pf_hrd_regex_compiles(val, 0))
			return "Header edit regex could not be compiled";
	} else {
		if (env != NULL)
			return "Too many arguments to directive";
		env = subs;
	}
	if (unset || echo) {
		if (val != NULL) {
			if (env != NULL)
				return unset ? "header unset takes two "
				    "arguments" : "Header echo takes two "
				    "arguments";
			env = val;
			val = NULL;
		}
		if (echo && !out)
			return "Header echo only valid on Header directives";
		if (echo && !pf_hrd_regex_compiles(hdr, 0))
			return "Header echo regex could not be compiled";
	} else if (val == NULL)
		return "Header requires three arguments";
	if (env != NULL) {
		if (strncasecmp(env, "env=", 4) == 0) {
			if (env[4] == '\0' || (env[4] == '!' && env[5] == '\0'))
				return "error: missing environment variable "
				    "name. envclause should be in the form "
				    "env=envar ";
		} else if (strncasecmp(env, "expr=", 5) == 0) {
			if ((e = pf_hrd_expr_check(r, env + 5, ht)) != NULL)
				return pf_printf(r->a, "Can't parse "
				    "envclause/expression: %s", e);
		} else if (strcasecmp(env, "early") != 0)
			return pf_printf(r->a, "Unknown parameter: %s", env);
	}
	if (unset || echo)
		return NULL;
	s = edit ? subs : val;
	if (strncmp(s, "expr=", 5) == 0) {
		/* header_inout_cmd: the value is a string expression */
		if ((e = pf_hrd_expr_check(r, s + 5, PF_HEXPR_STRING | ht)) !=
		    NULL)
			return pf_printf(r->a, "Can't parse value expression : "
			    "%s", e);
		return NULL;
	}
	/* parse_format_tag: %% and a trailing % are a '%'; %{arg}X needs
	 * one of the tags mod_headers registers */
	while ((s = strchr(s, '%')) != NULL) {
		s++;
		if (*s == '%' || *s == '\0') {
			if (*s != '\0')
				s++;
			continue;
		}
		if (*s == '{') {
			while (*s != '\0' && *s != '}')
				s++;
			if (*s == '}')
				s++;
		}
		if (*s == '\0')
			return "Unrecognized header format %";
		if (strchr("Dteslib", *s) == NULL)
			return pf_printf(r->a, "Unrecognized header format %%%c",
			    *s);
		s++;
	}
	return NULL;
}

/*
 * mod_auth_basic, mod_auth_digest and mod_auth_form add_authn_provider:
 * each word a provider some loaded module registered (by name, case
 * kept) or an <AuthnProviderAlias>; Digest needs get_realm_hash, which
 * anon and ldap lack.
 */
static const struct { const char *name, *module; int realm; } authn_base[] = {
	{ "file", "authn_file_module", 1 },
	{ "dbm", "authn_dbm_module", 1 },
	{ "dbd", "authn_dbd_module", 1 },
	{ "socache", "authn_socache_module", 1 },
	{ "anon", "authn_anon_module", 0 },
	{ "ldap", "authnz_ldap_module", 0 },
};

int
pf_hrd_authn_base(struct hrd *r, const char *name)
{
	size_t k;

	for (k = 0; k < sizeof(authn_base) / sizeof(authn_base[0]); k++)
		if (strcmp(authn_base[k].name, name) == 0 &&
		    pf_hrd_module_loaded(r, authn_base[k].module))
			return 1;
	return 0;
}

/* An AuthnzFcgiDefineProvider line c's name into dyn, unless an earlier
 * line has it: where the name begins to be known (pf_hrd_done_before). */
static void
dyn_first(struct hrd *r, struct pf_hmap *dyn, const struct pf_node *c)
{
	if (pf_hmap_get(dyn, c->argv[1]) == NULL)
		pf_hmap_put(r->a, dyn, c->argv[1], (void *)c);
}

/* The providers LuaAuthzProvider (EXEC_ON_READ: before any Require) and
 * AuthnzFcgiDefineProvider lines register: authz names (Lua's, and the
 * latter's authz and authnz ones) into dyn_authz, authn names (its authn
 * and authnz ones) into dyn_authn.  Taken wherever they stand: an
 * accepted Require is the safer miss. */
static void
collect_dyn(struct hrd *r, const struct pf_node *p, int lua, int fcgi)
{
	const struct pf_node *c;
	const char *t;

	for (c = p->child; c != NULL; c = c->next) {
		if (c->flags & (PF_NODE_INACTIVE | PF_NODE_HTACCESS))
			continue;
		if (!(c->flags & PF_NODE_SECTION) && c->def != NULL) {
			if (lua && c->argc >= 1 &&
			    strcmp(c->def->lname, "luaauthzprovider") == 0)
				pf_hmap_put(r->a, &r->dyn_authz, c->argv[0],
				    (void *)c);
			else if (fcgi && c->argc >= 2 && strcmp(c->def->lname,
			    "authnzfcgidefineprovider") == 0) {
				t = c->argv[0];
				if (strcasecmp(t, "authz") == 0 ||
				    strcasecmp(t, "authnz") == 0)
					dyn_first(r, &r->dyn_authz, c);
				if (strcasecmp(t, "authn") == 0 ||
				    strcasecmp(t, "authnz") == 0)
					dyn_first(r, &r->dyn_authn, c);
			}
		}
		if (c->child != NULL)
			collect_dyn(r, c, lua, fcgi);
	}
}

void
pf_hrd_collect_dyn(struct hrd *r)
{
	if (r->dyn_ready)
		return;
	r->dyn_ready = 1;
	collect_dyn(r, r->ap->root, pf_hrd_module_loaded(r, "lua_module"),
	    pf_hrd_module_loaded(r, "authnz_fcgi_module"));
}

/* Is name in dyn (dyn_authz or dyn_authn) by the time httpd comes to
 * use?  A LuaAuthzProvider line is run as it is read, before any. */
int
pf_hrd_dyn_known(struct hrd *r, struct pf_hmap *dyn, const char *name,
    const struct pf_node *use)
{
	const struct pf_node *d;

	pf_hrd_collect_dyn(r);
	if ((d = pf_hmap_get(dyn, name)) == NULL)
		return 0;
	return d->def == NULL || strcmp(d->def->lname,
	    "authnzfcgidefineprovider") != 0 || pf_hrd_done_before(d, use);
}

int
pf_hrd_authn_dynamic(struct hrd *r, const char *name,
    const struct pf_node *use)
{
	if (r->third_party)
		return 1;
	return pf_hrd_dyn_known(r, &r->dyn_authn, name, use);
}

static const char *
authn_providers(struct hrd *r, const struct pf_node *n, int digest)
{
	size_t k;
	int i, known;

	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];

		/* AuthnzFcgiDefineProvider and third-party modules register
		 * providers of their own */
		known = pf_hrd_authn_dynamic(r, w, n);
		for (k = 0; k < sizeof(authn_base) / sizeof(authn_base[0]);
		    k++)
			if (strcmp(authn_base[k].name, w) == 0 &&
			    pf_hrd_module_loaded(r, authn_base[k].module)) {
				if (digest && !authn_base[k].realm)
					return pf_printf(r->a, "The '%s' Authn "
					    "provider doesn't support Digest "
					    "Authentication", w);
				known = 1;
			}
		if (!known && pf_hrd_alias_known(r, "AuthnProviderAlias", w, n))
			known = 1;
		if (!known)
			return pf_printf(r->a, "Unknown Authn provider: %s", w);
	}
	return NULL;
}

/*
 * apr_parse_addr_port (APR 1.7 network_io/unix/sockaddr.c) as
 * get_addresses (server/vhost.c) calls it on a <VirtualHost> address
 * after taking a ":*" or a lone "*" off: 0 or the error apache2 -t gives.
 * A name that does not resolve is only logged ("ignoring!").
 */
static const char *
vhost_addr_error(const char *w)
{
	const char *end, *ch, *last, *rb;
	char tmp[INET6_ADDRSTRLEN + 1];
	unsigned char a6[16];
	size_t n = strlen(w), hl;
	long port = 0;

	if (n == 0)
		return NULL;
	if (w[n - 1] == '*') {
		if (n == 1)
			return NULL;
		if (w[n - 2] == ':')
			n -= 2;
	}
	end = w + n;
	for (ch = last = end - 1; ch >= w && isdigit((unsigned char)*ch);
	    ch--)
		;
	if (ch < w) {		/* the whole word is a port */
		port = strtol(w, NULL, 10);
		return port < 1 || port > 65535 ? "The address or port is "
		    "invalid" : "Missing address for VirtualHost";
	}
	if (*ch == ':' && ch < last) {
		if (ch == w)
			return "The address or port is invalid";
		port = strtol(ch + 1, NULL, 10);
		if (port < 1 || port > 65535)
			return "The address or port is invalid";
		last = ch - 1;
	}
	hl = (size_t)(last - w + 1);
	if (n > 0 && *w == '[') {
		rb = memchr(w, ']', hl);
		if (rb == NULL || rb != last || hl - 2 >= sizeof(tmp) ||
		    memchr(w, '%', hl) != NULL)
			return memchr(w, '%', hl) != NULL && rb == last ? NULL :
			    "The address or port is invalid";
		memcpy(tmp, w + 1, hl - 2);
		tmp[hl - 2] = '\0';
		if (pf_apr_pton6(tmp, a6) != 1)
			return "The address or port is invalid";
	}
	return NULL;
}

/*
 * Directives whose value is a string expression (ap_expr_parse_cmd with
 * AP_EXPR_FLAG_STRING_RESULT; in an .htaccess file restricted, so
 * %{file:...} is "not available in restricted context"): core.c
 * set_error_document (a message gets a '"' in front, text to the
 * parser), mod_authn_core set_authname, mod_auth_basic add_basic_fake
 * (apache2 2.4.71's words); and mod_filter filter_provider's condition,
 * a boolean one.  Found by the big projects' files (ErrorDocument with
 * %{...}, FilterProvider in a WordPress site's file), varied.
 */

/* ExtFilterDefine NAME (mode=output, the default) and LuaOutputFilter
 * NAME anywhere in the active configuration. */
static void
cfg_filters(struct hrd *r, const struct pf_node *n)
{
	int i, input;

	for (; n != NULL; n = n->next) {
		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ))
			continue;
		if (n->child != NULL)
			cfg_filters(r, n->child);
		if (n->argc < 1 || n->name == NULL)
			continue;
		if (strcasecmp(n->name, "LuaOutputFilter") == 0)
			PF_PUSH(r->a, r->cfg_filters, n->argv[0]);
		else if (strcasecmp(n->name, "ExtFilterDefine") == 0) {
			for (input = 0, i = 1; i < n->argc; i++)
				if (strcasecmp(n->argv[i], "mode=input") == 0)
					input = 1;
			if (!input)
				PF_PUSH(r->a, r->cfg_filters, n->argv[0]);
		}
	}
}

/*
 * mod_filter filter_provider: the provider must be an output filter
 * registered by now (ap_get_output_filter_handle, names without case):
 * "Unknown filter provider X" otherwise.  The names the server and each
 * module of httpd 2.4.71 register were found by asking apache2 -t about
 * every string of each module's file ('FilterProvider f NAME "true"'
 * with the module loaded).  Not judged with a third-party module loaded,
 * nor for mod_http2's internal H2_* filters (their names change between
 * versions).  Filters the configuration defines count wherever they are.
 */
static int
filter_registered(struct hrd *r, const char *name)
{
	static const struct { const char *module; const char *names; } t[] = {
		{ NULL, "byterange chunk content_length core http_header "
		    "http_outerror old_write subreq_core" },
		{ "logio_module", "logio_ttfb_out" },
		{ "brotli_module", "brotli_compress" },
		{ "bucketeer_module", "bucketeer" },
		{ "buffer_module", "buffer" },
		{ "cache_module", "cache cache_invalidate cache_out "
		    "cache_out_subreq cache_remove_url cache_save "
		    "cache_save_subreq" },
		{ "case_filter_module", "casefilter" },
		{ "charset_lite_module", "xlateout" },
		{ "data_module", "data" },
		{ "deflate_module", "deflate inflate" },
		{ "dumpio_module", "dumpio_out" },
		{ "expires_module", "mod_expires" },
		{ "headers_module", "fixup_headers_err fixup_headers_out" },
		{ "include_module", "includes" },
		{ "proxy_ftp_module", "proxy_send_dir" },
		{ "proxy_html_module", "proxy-html" },
		{ "ratelimit_module", "rate_limit" },
		{ "reqtimeout_module", "reqtimeout" },
		{ "sed_module", "sed" },
		{ "session_module", "mod_session_out" },
		{ "ssl_module", "ssl/tls filter|ssl/tls coalescing filter" },
		{ "substitute_module", "substitute" },
		{ "xml2enc_module", "xml2enc" },
	};
	size_t i, l = strlen(name);

	if (r->third_party || (strncasecmp(name, "h2_", 3) == 0 &&
	    pf_hrd_module_loaded(r, "http2_module")))
		return 1;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *p = t[i].names, *q;
		int ssl = strchr(p, '|') != NULL;

		if (t[i].module != NULL &&
		    !pf_hrd_module_loaded(r, t[i].module))
			continue;
		for (; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
			q = p + strcspn(p, ssl ? "|" : " ");
			if ((size_t)(q - p) == l && strncasecmp(p, name, l) == 0)
				return 1;
		}
	}
	if (!r->cfg_filters_done) {
		r->cfg_filters_done = 1;
		cfg_filters(r, r->ap->root->child);
	}
	for (i = 0; i < r->cfg_filters.n; i++)
		if (strcasecmp(r->cfg_filters.v[i], name) == 0)
			return 1;
	return 0;
}

/*
 * One ForceLanguagePriority line applied to the state st (mod_negotiation
 * set_force_priority: 1 None, 2 Prefer, 4 Fallback); its message, or
 * NULL.  Unknown words are the value check's.
 */
static const char *
flp_line(struct hrd *r, const struct pf_node *n, int *st)
{
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];

		if (strcasecmp(w, "none") == 0) {
			if (*st & ~1)
				return "Cannot combine ForceLanguagePriority "
				    "options with None";
			*st = 1;
		} else if (strcasecmp(w, "prefer") == 0 ||
		    strcasecmp(w, "fallback") == 0) {
			int pref = strcasecmp(w, "prefer") == 0;

			if (*st & 1)
				return pf_printf(r->a, "Cannot combine "
				    "ForceLanguagePriority options None and %s",
				    pref ? "Prefer" : "Fallback");
			*st |= pref ? 2 : 4;
		}
	}
	return NULL;
}

static const char *
string_exprs(struct hrd *r, const struct pf_node *n, const char *l)
{
	unsigned f = PF_HEXPR_STRING |
	    (n->flags & PF_NODE_HTACCESS ? PF_HEXPR_HTACCESS : 0);
	const char *e, *m;

	if (strcmp(l, "errordocument") == 0 && n->argc == 2) {
		m = n->argv[1];
		if (strcasecmp(m, "default") == 0)
			return NULL;
		/* the heuristic of set_error_document: a message unless a
		 * local path or a URL (only the '"' it adds differs) */
		if (strchr(m, ' ') != NULL ||
		    (m[0] != '/' && !pf_httpd_is_url(m)))
			m = pf_printf(r->a, "\"%s", m);
		if ((e = pf_hrd_expr_check(r, m, f)) != NULL)
			return pf_printf(r->a, "Cannot parse expression in "
			    "ErrorDocument: %s", e);
		return NULL;
	}
	if (strcmp(l, "authname") == 0 && n->argc == 1) {
		if ((e = pf_hrd_expr_check(r, n->argv[0], f)) != NULL)
			return pf_printf(r->a, "Cannot parse expression '%s' in "
			    "AuthName: %s", n->argv[0], e);
		return NULL;
	}
	if (strcmp(l, "authbasicfake") == 0 && n->argc >= 1 &&
	    strcasecmp(n->argv[0], "off") != 0) {
		if ((e = pf_hrd_expr_check(r, n->argv[0], f)) != NULL)
			return pf_printf(r->a, "Could not parse fake username "
			    "expression '%s': %s", n->argv[0], e);
		if (n->argc > 1 && (e = pf_hrd_expr_check(r, n->argv[1], f)) !=
		    NULL)
			return pf_printf(r->a, "Could not parse fake password "
			    "expression associated to user '%s': %s",
			    n->argv[0], e);
	}
	/* mod_filter filter_protocol: the filter and, with three
	 * arguments, its provider must have been declared by the lines
	 * before it in the same configuration (the section's live_filters:
	 * FilterDeclare, or FilterProvider, which declares too; filter names
	 * as written, provider names in any case) */
	if (strcmp(l, "filterprotocol") == 0 && (n->argc == 2 ||
	    n->argc == 3) && n->parent != NULL) {
		const struct pf_node *c;
		int declared = 0, provided = 0;

		for (c = n->parent->child; c != NULL && c != n; c = c->next) {
			if ((c->flags & (PF_NODE_INACTIVE | PF_NODE_READ |
			    PF_NODE_SECTION | PF_NODE_IGNORED)) ||
			    c->def == NULL || c->argc < 1 ||
			    strcmp(c->argv[0], n->argv[0]) != 0)
				continue;
			if (strcmp(c->def->lname, "filterdeclare") == 0)
				declared = 1;
			else if (strcmp(c->def->lname, "filterprovider") == 0 &&
			    c->argc == 3) {
				declared = 1;
				if (n->argc == 3 &&
				    strcasecmp(c->argv[1], n->argv[1]) == 0)
					provided = 1;
			}
		}
		if (!declared)
			return "FilterProtocol: No such filter";
		if (n->argc == 3 && !provided)
			return "FilterProtocol: No such provider for this "
			    "filter";
		return NULL;
	}
	/* core set_cgi_var: REQUEST_URI is the one variable it knows */
	if (strcmp(l, "cgivar") == 0 && n->argc == 2) {
		if (strcasecmp(n->argv[0], "REQUEST_URI") != 0)
			return pf_printf(r->a, "Unrecognized CGI variable: "
			    "\"%s\"", n->argv[0]);
		if (strcasecmp(n->argv[1], "current-uri") != 0 &&
		    strcasecmp(n->argv[1], "original-uri") != 0)
			return "Valid rules for REQUEST_URI are 'current-uri' "
			    "and 'original-uri'";
		return NULL;
	}
	/* mod_negotiation set_force_priority: None with another option;
	 * the state spans the lines of one section (its earlier
	 * ForceLanguagePriority siblings count, as for IndexOptions) */
	if (strcmp(l, "forcelanguagepriority") == 0) {
		const struct pf_node *p;
		const char *err;
		int st = 0;

		for (p = n->parent != NULL ? n->parent->child : NULL;
		    p != NULL && p != n; p = p->next)
			if (p->name != NULL && !(p->flags & PF_NODE_INACTIVE) &&
			    strcasecmp(p->name, "ForceLanguagePriority") ==
			    0 && (err = flp_line(r, p, &st)) != NULL)
				return NULL;	/* that line failed first */
		return flp_line(r, n, &st);
	}
	/* mod_autoindex set_default_order's second word (the first is a
	 * value check) */
	if (strcmp(l, "indexorderdefault") == 0 && n->argc == 2 &&
	    (strcasecmp(n->argv[0], "ascending") == 0 ||
	    strcasecmp(n->argv[0], "descending") == 0) &&
	    strcasecmp(n->argv[1], "name") != 0 &&
	    strcasecmp(n->argv[1], "date") != 0 &&
	    strcasecmp(n->argv[1], "size") != 0 &&
	    strcasecmp(n->argv[1], "description") != 0)
		return "Second keyword must be 'Name', 'Date', 'Size', or "
		    "'Description'";
	/* mod_filter's filter_bytype: each ';'-separated name in turn goes
	 * through add_filter's provider lookup (a TurnKey appliance's
	 * "AddOutputFilterByType SUBSTITUTE" without mod_substitute) */
	if (strcmp(l, "addoutputfilterbytype") == 0 && n->argc >= 2) {
		const char *p = n->argv[0];

		while (*p != '\0') {
			size_t len = strcspn(p, ";");
			const char *name = pf_strndup(r->a, p, len);

			if (len > 0 && !filter_registered(r, name))
				return pf_printf(r->a, "Unknown filter provider "
				    "%s", name);
			p += len + (p[len] == ';');
		}
	}
	/* httpd first looks the provider filter up, then parses the
	 * condition */
	if (strcmp(l, "filterprovider") == 0 && n->argc == 3 &&
	    !filter_registered(r, n->argv[1]))
		return pf_printf(r->a, "Unknown filter provider %s",
		    n->argv[1]);
	if (strcmp(l, "filterprovider") == 0 && n->argc == 3 &&
	    (e = pf_hrd_expr_check(r, n->argv[2], f & ~PF_HEXPR_STRING)) !=
	    NULL)
		return pf_printf(r->a, "Error parsing FilterProvider "
		    "expression:%s", e);
	return NULL;
}


/*
 * mod_proxy's add_proxy (ProxyRemote, ProxyRemoteMatch MATCH REMOTE
 * [CREDS]): REMOTE is scheme://host with something after "//", a ':' after
 * that starts a port sscanf("%u") must read and find <= 65535 as an int
 * (so "-1" and "4294967295" pass, and the ':' of "[::1]" is taken for
 * the port's); then ProxyRemoteMatch's pattern must compile.
 */
static const char *
proxy_remote(struct hrd *r, const struct pf_node *n, int regex)
{
	const char *rem = n->argv[1], *p = strchr(rem, ':'), *q;
	unsigned int port;

	(void)r;
	if (p == NULL || p[1] != '/' || p[2] != '/' || p[3] == '\0')
		return regex ? "ProxyRemoteMatch: Bad syntax for a remote proxy "
		    "server" : "ProxyRemote: Bad syntax for a remote proxy "
		    "server";
	if ((q = strchr(p + 3, ':')) != NULL &&
	    (sscanf(q + 1, "%u", &port) != 1 || (int)port > 65535))
		return regex ? "ProxyRemoteMatch: Bad syntax for a remote proxy "
		    "server (bad port number)" : "ProxyRemote: Bad syntax for "
		    "a remote proxy server (bad port number)";
	if (regex && !pf_hrd_regex_compiles(n->argv[0], 0))
		return "Regular expression for ProxyRemoteMatch could not be "
		    "compiled.";
	return NULL;
}

/*
 * mod_proxy's set_source_address: apr_sockaddr_info_get must resolve the
 * word.  An IPv4 address (inet_aton's forms: "0", "127.1") or an IPv6 one
 * (with a %scope) always does; a host name is this machine's resolver's
 * business and is not judged, only a word that cannot be a host name
 * anywhere: one with a character outside letters, digits, '.', '-' and
 * '_' ("[::1]", "1.2.3.4:80", a URL), or all digits and dots that is no
 * IPv4 address ("999.1.1.1").  Returns 0 for those.
 */
static int
source_address(const char *a)
{
	struct in_addr in4;
	struct in6_addr in6;
	const char *s;
	char *v6;
	size_t k;
	int ok;

	if (inet_aton(a, &in4) != 0 && strchr(a, ' ') == NULL)
		return 1;
	if (strchr(a, ':') != NULL) {
		k = strcspn(a, "%");
		if ((v6 = strndup(a, k)) == NULL)
			pf_oom();
		ok = inet_pton(AF_INET6, v6, &in6) == 1 && (a[k] == '\0' ||
		    a[k + 1] != '\0');
		free(v6);
		return ok;
	}
	if (a[strspn(a, "0123456789.")] == '\0')
		return 0;
	for (s = a; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' &&
		    *s != '_')
			return 0;
	return *a != '\0';
}

static const char *
regex_error(struct hrd *r, const struct pf_node *n)
{
	const char *l = n->def != NULL ? n->def->lname : "";
	const char *re = NULL, *e0;
	int i = 0;

	if (n->flags & PF_NODE_SECTION) {
		int k = pf_hrd_kind(n);

		if (strcmp(l, "<mdomainset") == 0 || strcmp(l, "<mdomain") == 0)
			return pf_hrd_modval_error(r, n);
		if (k == HK_VHOST) {
			for (i = 0; i < n->argc; i++)
				if ((re = vhost_addr_error(n->argv[i])) != NULL)
					return re;
			return NULL;
		}

		if (k == HK_LOCATIONMATCH || k == HK_DIRECTORYMATCH ||
		    k == HK_FILESMATCH || k == HK_PROXYMATCH)
			re = n->argc > 0 ? n->argv[0] : NULL;
		else if ((k == HK_LOCATION || k == HK_DIRECTORY ||
		    k == HK_FILES || k == HK_PROXY) && n->argc == 2 &&
		    strcmp(n->argv[0], "~") == 0)
			re = n->argv[1];
		return re != NULL && !pf_hrd_regex_compiles(re, 0) ?
		    "Regex could not be compiled" : NULL;
	}
	if (strcmp(l, "rewriterule") == 0)
		return rewrite_rule(r, n->raw);
	if (strcmp(l, "rewritecond") == 0)
		return rewrite_cond(r, n->raw,
		    (n->flags & PF_NODE_HTACCESS) != 0);
	if (strcmp(l, "rewritemap") == 0 && n->argc >= 2)
		return rewrite_map(r, n);
	/* alias_dir_conf's one-argument form: only where a path is */
	if (strcmp(l, "alias") == 0 || strcmp(l, "scriptalias") == 0)
		return n->argc == 1 && !in_dir(n) ? "Alias must have two "
		    "arguments when used globally" : NULL;
	if (strcmp(l, "proxypassreverse") == 0)
		return n->argc == 1 && !in_dir(n) ? "ProxyPassReverse needs a "
		    "path when not defined in a location" : NULL;
	if (strcmp(l, "serveralias") == 0) {
		const struct pf_node *p;

		for (p = n->parent; p != NULL; p = p->parent)
			if (pf_hrd_kind(p) == HK_VHOST)
				return NULL;
		return "ServerAlias only used in <VirtualHost>";
	}
	/* add_setenvif: the attribute and a regex (the variables after
	 * it are checked once the regex compiles, below) */
	if ((strcmp(l, "setenvif") == 0 || strcmp(l, "setenvifnocase") == 0) &&
	    n->argc == 1)
		return pf_printf(r->a, "Missing regular expression for %s",
		    n->def->name);
	if (strcmp(l, "directoryindexredirect") == 0 && n->argc == 1) {
		const char *a = n->argv[0];

		if (isdigit((unsigned char)*a))
			return atoi(a) >= 300 && atoi(a) <= 399 ? NULL :
			    "DirectoryIndexRedirect only accepts values between "
			    "300 and 399";
		return is(a, "on", "off") || is(a, "permanent", "temp") ||
		    is(a, "seeother", NULL) ? NULL : "DirectoryIndexRedirect "
		    "ON|OFF|permanent|temp|seeother|3xx";
	}
	if (strcmp(l, "rewritebase") == 0 && n->argc == 1) {
		if (!in_dir(n))
			return "RewriteBase: only valid in per-directory config "
			    "files";
		if (n->argv[0][0] == '\0')
			return "RewriteBase: empty URL not allowed";
		if (n->argv[0][0] != '/')
			return "RewriteBase: argument is not a valid URL";
		return NULL;
	}
	if (strcmp(l, "expiresbytype") == 0 && n->argc == 2) {
		const char *e;

		if (strchr(n->argv[0], '/') == NULL)
			return "Invalid mimetype: should contain a slash";
		e = expires_code(r, n->argv[1]);
		return e == NULL ? NULL : pf_printf(r->a, "'ExpiresByType %s "
		    "%s': %s", n->argv[0], n->argv[1], e);
	}
	if (strcmp(l, "expiresdefault") == 0 && n->argc == 1) {
		const char *e = expires_code(r, n->argv[0]);

		return e == NULL ? NULL : pf_printf(r->a, "'ExpiresDefault %s': "
		    "%s", n->argv[0], e);
	}
	if (strcmp(l, "deflatecompressionlevel") == 0 && n->argc == 1 &&
	    (atoi(n->argv[0]) < 1 || atoi(n->argv[0]) > 9))
		return "Compression Level must be between 1 and 9";
	if (strcmp(l, "setenvifexpr") == 0 && n->argc > 0) {
		const char *e;

		/* add_setenvifexpr */
		if (n->argv[0][0] == '\0')
			return "Missing expression for SetEnvIfExpr";
		e = pf_hrd_expr_check(r, n->argv[0],
		    n->flags & PF_NODE_HTACCESS ? PF_HEXPR_HTACCESS : 0);

		return e == NULL ? NULL : pf_printf(r->a, "Could not parse "
		    "expression \"%s\": %s", n->argv[0], e);
	}
	/* mod_access_compat's allow_cmd, called for each word after the
	 * first: "from", then all, env=[!]VAR, an IP or network
	 * (apr_ipsubnet_create), or a host name, which cannot hold a '#'
	 * ("Deny from all # comment" is an error) */
	if ((strcmp(l, "allow") == 0 || strcmp(l, "deny") == 0) &&
	    n->argc >= 2) {
		if (strcasecmp(n->argv[0], "from") != 0)
			return "allow and deny must be followed by 'from'";
		for (i = 1; i < n->argc; i++) {
			const char *a = n->argv[i], *sl = strchr(a, '/');
			int e;

			if (strncasecmp(a, "env=", 4) == 0 ||
			    strcasecmp(a, "all") == 0)
				continue;
			e = pf_hrd_subnet_word(r->a, a, NULL);
			if (e == PF_SUBNET_INVAL && sl != NULL)
				return "An IP address was expected";
			if (e == PF_SUBNET_BADIP)
				return "The specified IP address is invalid.";
			if (e == PF_SUBNET_BADMASK)
				return "The specified network mask is invalid.";
			if (e == PF_SUBNET_INVAL && strchr(a, '#') != NULL)
				return "No comments are allowed here";
		}
		return NULL;
	}
	/* mod_remoteip remoteip_disable_networks: apr_ipsubnet_create on
	 * each word (no name lookup), its address part in the message */
	if (strcmp(l, "remoteipproxyprotocolexceptions") == 0) {
		for (i = 0; i < n->argc; i++) {
			const char *ip;
			int e = pf_hrd_subnet_word(r->a, n->argv[i], &ip);

			if (e != 0)
				return pf_printf(r->a, "ip address '%s' appears "
				    "to be invalid%s", ip, pf_hrd_subnet_why(e));
		}
		return NULL;
	}
	if (strcmp(l, "remoteiptrustedproxy") == 0 ||
	    strcmp(l, "remoteipinternalproxy") == 0) {
		for (i = 0; i < n->argc; i++)
			if ((e0 = pf_hrd_remoteip_word(r, n->argv[i],
			    n->def->name)) != NULL)
				return e0;
		return NULL;
	}
	/* the handlers of httpd_modvals.c and httpd_logfmt.c (each judges
	 * the rows it knows, and answers NULL for the others) */
	if ((e0 = pf_hrd_modval_error(r, n)) != NULL ||
	    (e0 = pf_hrd_log_error(r, n)) != NULL)
		return e0;
	/* core's set_limit_xml_req_body */
	if (strcmp(l, "limitxmlrequestbody") == 0 && n->argc == 1 &&
	    atol(n->argv[0]) < 0)
		return "LimitXMLRequestBody requires a non-negative integer.";
	/* mod_suexec's set_suexec_ugid: mod_unixd turned suEXEC on at start
	 * only if its compiled-in SUEXEC_BIN is root's and runnable (setuid
	 * in Debian's build, file capabilities in RHEL's).  The binary is
	 * this machine's: a copied tree (--root) often leaves /usr out and
	 * is not judged. */
	if (strcmp(l, "suexecusergroup") == 0 && r->run->root == NULL) {
		const char *bin = NULL;
		int caps = 0;
		struct stat st;

		if (access("/usr/sbin/apache2", X_OK) == 0)
			bin = "/usr/lib/apache2/suexec";
		else if (access("/usr/sbin/httpd", X_OK) == 0) {
			bin = "/usr/sbin/suexec";
			caps = 1;
		}
		if (bin != NULL && stat(bin, &st) != 0)
			return pf_printf(r->a, "SuexecUserGroup configured, but "
			    "suEXEC is disabled: Missing suexec binary %s", bin);
		if (bin != NULL && (st.st_uid != 0 || (!caps &&
		    !(st.st_mode & S_ISUID)) || access(bin, R_OK | X_OK) != 0))
			return pf_printf(r->a, "SuexecUserGroup configured, but "
			    "suEXEC is disabled: Invalid owner or file mode for "
			    "%s", bin);
	}
	/* core's server_hostname_port */
	if (strcmp(l, "servername") == 0 && n->argc == 1) {
		const char *a = n->argv[0], *part = strstr(a, "://"), *port;
		int pn;

		if (pf_hrd_fnmatch_test(a))
			return pf_printf(r->a, "Invalid ServerName \"%s\" use "
			    "ServerAlias to set multiple server names.", a);
		port = strchr(part != NULL ? part + 3 : a, ':');
		pn = port != NULL ? (int)strtol(port + 1, NULL, 10) : 1;
		return pn > 0 && pn < 65536 ? NULL : pf_printf(r->a, "The port "
		    "number \"%s\" is outside the appropriate range (i.e., "
		    "1..65535).", a);
	}
	/* mod_proxy_fcgi's cmd_setenv: a condition, then a string
	 * expression unless the variable is unset (!NAME) */
	if (strcmp(l, "proxyfcgisetenvif") == 0 && n->argc >= 2) {
		const char *e, *v = n->argc > 2 ? n->argv[2] : "";

		if ((e = pf_hrd_expr_error(r, n->argv[0])) != NULL)
			return pf_printf(r->a, "Could not parse expression "
			    "\"%s\": %s", n->argv[0], e);
		if (n->argv[1][0] == '!') {
			if (n->argc > 2)
				return pf_printf(r->a, "Third argument (\"%s\") "
				    "is not allowed when using "
				    "ProxyFCGISetEnvIf's unset mode (%s)",
				    n->argv[2], n->argv[1]);
			if (n->argv[1][1] == '\0')
				return "ProxyFCGISetEnvIf: \"!\" is not a valid "
				    "variable name";
			return NULL;
		}
		if ((e = pf_hrd_expr_check(r, v, PF_HEXPR_STRING)) != NULL)
			return pf_printf(r->a, "Could not parse expression "
			    "\"%s\": %s", v, e);
		return NULL;
	}
	if ((strcmp(l, "proxyremote") == 0 ||
	    strcmp(l, "proxyremotematch") == 0) && n->argc >= 2)
		return proxy_remote(r, n, l[11] == 'm');
	if (strcmp(l, "proxysourceaddress") == 0 && n->argc == 1)
		return source_address(n->argv[0]) ? NULL : "ProxySourceAddress "
		    "invalid value";
	if (strcmp(l, "header") == 0 || strcmp(l, "requestheader") == 0)
		return header(r, n, l[0] == 'h');
	if (strcmp(l, "authbasicprovider") == 0 ||
	    strcmp(l, "authdigestprovider") == 0 ||
	    strcmp(l, "authformprovider") == 0)
		return authn_providers(r, n, l[4] == 'd');
	/* core's generate_error: the message, quotes stripped */
	if (strcmp(l, "error") == 0) {
		const char *a = n->raw;
		size_t len = strlen(a);

		if (len == 0)
			return "The Error directive was used with no message.";
		if ((a[0] == '"' || a[0] == '\'') && a[len - 1] == a[0])
			return len < 2 ? "" : pf_strndup(r->a, a + 1, len - 2);
		return a;
	}
	if ((e0 = string_exprs(r, n, l)) != NULL)
		return e0;
	if (strcmp(l, "proxypassmatch") == 0)
		re = n->argc > 0 ? n->argv[0] : NULL;
	else if (strcmp(l, "aliasmatch") == 0 ||
	    strcmp(l, "scriptaliasmatch") == 0)
		re = n->argc > 0 ? n->argv[0] : NULL;
	else if (is_redirect(l))
		return redirect(r, n);
	else if (strcmp(l, "setenvif") == 0 ||
	    strcmp(l, "setenvifnocase") == 0 ||
	    strcmp(l, "browsermatch") == 0 ||
	    strcmp(l, "browsermatchnocase") == 0) {
		i = l[0] == 's' ? 1 : 0;
		if (i >= n->argc)
			return NULL;
		/* mod_setenvif add_setenvif_core: ap_getword_conf gives ""
		 * for a missing word and for a quoted empty one alike */
		if (n->argv[i][0] == '\0')
			return pf_printf(r->a, "Missing regular expression for "
			    "%s", n->def->name);
		if (!pf_hrd_regex_compiles(n->argv[i], strstr(l, "nocase") != NULL))
			return pf_printf(r->a, "%s regex could not be "
			    "compiled.", n->def->name);
		/* then (add_envvars in 2.4.71) at least one variable, the
		 * list ending at the first empty word, for SetEnvIf as for
		 * BrowserMatch: "SetEnvIf Authorization (.*)" without
		 * HTTP_AUTHORIZATION=$1 is a 500 in an .htaccess */
		if (i + 1 >= n->argc || n->argv[i + 1][0] == '\0')
			return pf_printf(r->a, "Missing envariable expression "
			    "for %s", n->def->name);
		return NULL;
	}
	return re != NULL && !pf_hrd_regex_compiles(re, 0) ?
	    "Regular expression could not be compiled." : NULL;
}

/*
 * ap_set_listener and alloc_listener over the main server's Listen lines:
 * a port is required and must be 1-65535 (apr_parse_addr_port), and the
 * same address and port twice is "Cannot define multiple Listeners on
 * the same IP:port" (Debian's ports.conf has Listen 80; a vhost file
 * that says it again stops apache2).  Addresses are compared as written
 * ("*" is none): httpd resolves them, so 0.0.0.0:80 and 80 differ.
 */
void
pf_hrd_check_listen(struct hrd *r, const struct pf_node *root)
{
	struct seen { const char *host; size_t hl; long port; } *v = NULL;
	size_t nv = 0, cap = 0, i;
	const struct pf_node *n;

	for (n = root->child; n != NULL; n = n->next) {
		const char *a, *colon, *host;
		size_t hl;
		long port;
		char *e;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ |
		    PF_NODE_SECTION) || n->def == NULL ||
		    strcmp(n->def->lname, "listen") != 0 || n->argc < 1 ||
		    n->argc > 2)
			continue;
		a = n->argv[0];
		if (a[0] == '[') {
			const char *rb = strchr(a, ']');

			if (rb == NULL)
				continue;
			host = a + 1;
			hl = (size_t)(rb - a - 1);
			colon = rb[1] == ':' ? rb + 1 : NULL;
			if (colon == NULL && rb[1] != '\0')
				continue;
		} else {
			colon = strrchr(a, ':');
			if (colon != NULL && strchr(a, ':') != colon)
				continue;	/* IPv6 without brackets */
			host = a;
			hl = colon != NULL ? (size_t)(colon - a) : 0;
		}
		if (colon == NULL && strspn(a, "0123456789") == strlen(a)) {
			host = NULL;	/* a port alone */
			hl = 0;
			colon = a - 1;
		}
		if (colon == NULL) {
			report_listen(r, n, "Port must be specified");
			continue;
		}
		port = strtol(colon + 1, &e, 10);
		if (*e != '\0' || e == colon + 1 || port < 1 || port > 65535 ||
		    (host != NULL && hl == 0)) {
			report_listen(r, n, "Invalid address or port");
			continue;
		}
		if (host != NULL && hl == 1 && host[0] == '*')
			host = NULL;
		for (i = 0; i < nv; i++)
			if (v[i].port == port && (v[i].host == NULL) ==
			    (host == NULL) && (host == NULL || (v[i].hl == hl &&
			    strncasecmp(v[i].host, host, hl) == 0)))
				break;
		if (i < nv) {
			report_listen(r, n, "Cannot define multiple Listeners "
			    "on the same IP:port");
			continue;
		}
		if (nv == cap) {
			cap = cap ? cap * 2 : 8;
			v = pf_grow(r->a, v, nv, cap, sizeof(*v));
		}
		v[nv].host = host;
		v[nv].hl = hl;
		v[nv].port = port;
		nv++;
	}
}

/*
 * What the main server's User, Group and DocumentRoot must be when httpd
 * reads them: mod_unixd resolves the names then (ap_uname2id/ap_gname2id:
 * "bad user name", apache2 -t exits) and core's set_document_root refuses
 * a main-server DocumentRoot that is no directory (a vhost's is only a
 * warning at start).  Under --root the target's etc/passwd and etc/group
 * decide; a copy without them, or without the DocumentRoot, is said as a
 * warning or a note, not as httpd's error.  A User that is uid 0 (root,
 * "#0", or "#" and no number: atol) is refused by unixd_set_user
 * (Debian's httpd is not built with BIG_SECURITY_HOLE).
 */
static void
user_root(struct hrd *r, const struct pf_node *n)
{
	pf_diag_add(r->run, PF_SEV_ERROR, "httpd-user", n->loc, "Error: Apache "
	    "has not been designed to serve pages while running as root (User "
	    "%s is uid 0; httpd refuses it: name a non-root user)",
	    n->argv[0]);
}

void
pf_hrd_check_server(struct hrd *r, const struct pf_node *root)
{
	const struct pf_node *n;
	struct fpm_users *u = NULL;
	struct stat st;

	for (n = root->child; n != NULL; n = n->next) {
		const char *l, *a;
		int grp;
		long long id, gid;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_READ |
		    PF_NODE_SECTION) || n->def == NULL || n->argc != 1)
			continue;
		l = n->def->lname;
		a = n->argv[0];
		if (strcmp(l, "documentroot") == 0) {
			const char *d = a[0] == '/' ? a : pf_hrd_join(r->a,
			    r->server_root, "/", a);

			if (stat(pf_host_path(r->run, d), &st) == 0 &&
			    S_ISDIR(st.st_mode))
				continue;
			if (r->run->root != NULL)
				pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value",
				    n->loc, "DocumentRoot '%s' is not in the "
				    "tree under --root (apache2 -t there fails "
				    "unless it is a directory)", d);
			else
				pf_diag_add(r->run, PF_SEV_ERROR,
				    "httpd-value", n->loc, "DocumentRoot '%s' is "
				    "not a directory, or is not readable", d);
			continue;
		}
		grp = strcmp(l, "group") == 0;
		if (!grp && strcmp(l, "user") != 0)
			continue;
		if (a[0] == '#') {
			if (!grp && atol(a + 1) == 0)
				user_root(r, n);
			continue;
		}
		if (u == NULL)
			u = fpm_users_new(r->run);
		if (fpm_users_db_missing(u, grp)) {
			pf_diag_add(r->run, PF_SEV_WARNING, "httpd-user", n->loc,
			    "%s '%s' not checked: the tree under --root has no "
			    "%s", grp ? "Group" : "User", a, grp ? "etc/group" :
			    "etc/passwd");
			continue;
		}
		if ((grp ? fpm_group_lookup(u, a, &gid) :
		    fpm_user_lookup(u, a, &id, &gid, NULL)) != 0)
			pf_diag_add(r->run, PF_SEV_ERROR, "httpd-user", n->loc,
			    "bad %s name %s (apache2 exits: %s)", grp ?
			    "group" : "user", a, grp ? "AH00544" : "AH00543");
		else if (!grp && id == 0)
			user_root(r, n);
	}
}
