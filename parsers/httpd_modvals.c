/*
 * httpd_modvals.c - what the handlers of modules outside the PHP stack
 * refuse when httpd reads them (`apache2 -t`), where the rule is more
 * than a row of httpd_values.c's table:
 *  - mod_ssl's SSLRandomSeed; mod_reqtimeout (each stage's timeout, range
 *    and MinRate);
 *  - mod_md: where its directives may stand around <MDomainSet> and
 *    <MDomain>, the domain names, MDRenewWindow and MDWarnWindow,
 *    MDPortMap, MDCertificateAuthority, MDHttpProxy, MDPrivateKeys;
 *  - mod_http2: H2Padding, H2PushDiarySize, H2PushPriority,
 *    H2PushResource, H2EarlyHint;
 *  - mod_substitute (the s/// pattern, SubstituteMaxLineLength), mod_dav
 *    (the provider), mod_allowmethods (each method known), mod_cache
 *    (CacheEnable's URL, CacheKeyBaseURL), mod_cache_disk (CacheDirLevels
 *    times CacheDirLength);
 *  - mod_lua's LuaScope (case matters) and LuaMapHandler, mod_usertrack's
 *    CookieDomain and CookieExpires, mod_buffer's BufferSize, mod_request's
 *    KeptBodySize, mod_ext_filter's ExtFilterDefine, util_ldap's
 *    LDAPTrustedGlobalCert, mod_authnz_ldap's AuthLDAPURL (apr-util's LDAP
 *    URL parser).
 * From the modules' 2.4.x sources (and apr-util 1.6's apr_ldap_url.c),
 * verified with apache2 2.4.71: the cases are in
 * testdata/httpd-values/values.txt.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/httpd_int.h"

/* mod_http2's handlers with more than one rule. */
static const char *
h2_error(const struct pf_node *n, const char *l)
{
	int v;

	if (strcmp(l, "h2padding") == 0) {
		v = (int)strtoll(n->argv[0], NULL, 10);
		return v < 0 ? "number of bits must be >= 0" : v > 8 ?
		    "number of bits must be <= 8" : NULL;
	}
	if (strcmp(l, "h2pushdiarysize") == 0) {
		v = (int)strtoll(n->argv[0], NULL, 10);
		if (v < 0)
			return "value must be >= 0";
		if (v > 0 && (v & (v - 1)))
			return "value must a power of 2";
		return v > (1 << 15) ? "value must <= 65536" : NULL;
	}
	if (strcmp(l, "h2pushpriority") == 0 && n->argc >= 2) {
		const char *dep = n->argv[1], *w = n->argc > 2 ? n->argv[2] :
		    NULL, *def = "16";

		if (n->argv[0][0] == '\0')
			return "1st argument must be a mime-type, like "
			    "'text/css' or '*'";
		if (w == NULL && isdigit((unsigned char)dep[0])) {
			w = dep;
			dep = "AFTER";
		}
		if (strcasecmp(dep, "BEFORE") == 0) {
			if (w != NULL)
				return "dependency 'Before' does not allow a "
				    "weight";
		} else if (strcasecmp(dep, "INTERLEAVED") == 0)
			def = "256";
		else if (strcasecmp(dep, "AFTER") != 0)
			return "dependency must be one of 'After', 'Before' or "
			    "'Interleaved'";
		return (int)strtoll(w != NULL ? w : def, NULL, 10) < 1 ?
		    "weight must be a number >= 1" : NULL;
	}
	if (strcmp(l, "h2pushresource") == 0 && n->argc >= 1) {
		const char *last = n->argc > 2 ? n->argv[2] : NULL;

		if (strcasecmp(n->argv[0], "add") != 0) {
			last = n->argc > 1 ? n->argv[1] : NULL;
			if (n->argc > 2)
				return "too many parameter";
		}
		return last != NULL && strcasecmp(last, "critical") != 0 ?
		    "unknown last parameter" : NULL;
	}
	if (strcmp(l, "h2earlyhint") == 0 && n->argc == 2) {
		const char *h = n->argv[1];

		if (n->argv[0][0] == '\0')
			return "Early Hint header name must not be empty";
		while (isspace((unsigned char)*h))
			h++;
		if (*h == '\0')
			return "Early Hint header value must not be empty/only "
			    "space";
		/* ap_scan_http_field_content: HTAB, SP, VCHAR, obs-text */
		for (; *h != '\0'; h++)
			if (((unsigned char)*h < 0x20 && *h != '\t') ||
			    *h == 0x7f)
				return "Early Hint header value contains "
				    "invalid characters";
	}
	return NULL;
}

/* mod_substitute's set_pattern. */
static const char *
substitute_error(const char *line)
{
	const char *from, *p, *to = NULL, *flags = NULL;
	char delim;
	int icase = 0, literal = 0;

	if (tolower((unsigned char)*line) != 's')
		return "Bad Substitute format, must be an s/// pattern";
	delim = line[1];
	from = p = delim != '\0' ? line + 2 : NULL;
	/* (set_pattern reads past the end of "s/" and "s/a/"; not here) */
	if (from != NULL && *p != '\0') {
		if (*p != delim)
			while (*++p != '\0' && *p != delim)
				;
		if (*p != '\0')
			to = ++p;
	}
	if (to != NULL && *p != '\0') {
		if (*p != delim)
			while (*++p != '\0' && *p != delim)
				;
		if (*p != '\0')
			flags = ++p;
	}
	if (delim == '\0' || from == NULL || *from == delim || *from == '\0' ||
	    to == NULL)
		return "Bad Substitute format, must be a complete s/// pattern";
	for (; flags != NULL && *flags != '\0'; flags++) {
		char f = (char)tolower((unsigned char)*flags);

		if (f == 'i')
			icase = 1;
		else if (f == 'n')
			literal = 1;
		else if (f != 'f' && f != 'q')
			return "Bad Substitute flag, only s///[infq] are "
			    "supported";
	}
	if (!literal) {
		/* from runs to the delimiter (or is empty, refused above) */
		size_t len = (size_t)(to - 1 - from);
		char *re = malloc(len + 1);
		int ok;

		if (re == NULL)
			pf_oom();
		memcpy(re, from, len);
		re[len] = '\0';
		ok = pf_hrd_regex_compiles(re, icase);
		free(re);
		if (!ok)
			return "Substitute could not compile regex";
	}
	return NULL;
}

/* mod_substitute's set_max_line_length (apr_strtoff, then a unit). */
static const char *
max_line_error(const char *a)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(a, &end, 10);
	if (errno == 0 && *end != '\0' && !(end[1] == '\0' &&
	    strchr("KkMmGgBb", *end) != NULL))
		errno = EINVAL;
	return errno != 0 || v < 0 ? "SubstituteMaxLineLength must be a "
	    "non-negative integer optionally suffixed with 'b', 'k', 'm' or "
	    "'g'." : NULL;
}

/* mod_cache_disk: CacheDirLevels x CacheDirLength as the server's lines
 * before n leave them (2 and 2 at first; a <VirtualHost> starts again). */
static const char *
dirlevels_error(const struct pf_node *n, int levels)
{
	const struct pf_node *c;
	int lv = 2, ln = 2, v = atoi(n->argv[0]);

	if (v < 1)
		return levels ? "CacheDirLevels value must be an integer "
		    "greater than 0" : "CacheDirLength value must be an integer "
		    "greater than 0";
	for (c = n->parent != NULL ? n->parent->child : NULL; c != NULL &&
	    c != n; c = c->next) {
		if (c->flags & (PF_NODE_INACTIVE | PF_NODE_READ) ||
		    c->def == NULL || c->argc != 1 || atoi(c->argv[0]) < 1)
			continue;
		if (strcmp(c->def->lname, "cachedirlevels") == 0 &&
		    atoi(c->argv[0]) * ln <= 20)
			lv = atoi(c->argv[0]);
		else if (strcmp(c->def->lname, "cachedirlength") == 0 &&
		    atoi(c->argv[0]) * lv <= 20)
			ln = atoi(c->argv[0]);
	}
	return (long)v * (levels ? ln : lv) > 20 ? "CacheDirLevels*"
	    "CacheDirLength value must not be higher than 20" : NULL;
}

/* The path of n's <Location> (cmd->path), or NULL. */
static const char *
section_path(const struct pf_node *n)
{
	const struct pf_node *p = n->parent;

	if (p == NULL || !(p->flags & PF_NODE_SECTION) || p->argc == 0)
		return NULL;
	if (pf_hrd_kind(p) != HK_LOCATION && pf_hrd_kind(p) !=
	    HK_LOCATIONMATCH && pf_hrd_kind(p) != HK_PROXY &&
	    pf_hrd_kind(p) != HK_PROXYMATCH)
		return NULL;
	return p->argc == 2 && strcmp(p->argv[0], "~") == 0 ? p->argv[1] :
	    p->argv[0];
}

/*
 * mod_cache's set_cache_key_base_url: apr_uri_parse must take the URL
 * (apr_uri.c: without a scheme or an authority, a ':' before the first
 * '/' fails; a port must be digits; a '[' needs its ']') and find a
 * scheme, a host or a port in it (the host of "//" is set even when
 * empty).
 */
static const char *
base_url_error(struct hrd *r, const char *u)
{
	const char *s = u, *c, *slash, *end, *at, *port;
	int scheme = 0;

	if (u[0] == '/' && !(u[1] == '/' && u[2] != '/'))
		goto none;
	if (u[0] != '/') {
		if (isalpha((unsigned char)*s))
			while (isalnum((unsigned char)*++s) || *s == '+' ||
			    *s == '-' || *s == '.')
				;
		if (s != u && *s == ':') {
			scheme = 1;
			s++;
		} else
			s = u;
		if (s[0] != '/' || s[1] != '/') {
			c = strchr(u, ':');
			slash = strchr(u, '/');
			if (!scheme && c != NULL && (slash == NULL || c < slash))
				goto bad;
			return scheme ? NULL : pf_printf(r->a, "URL '%s' must "
			    "contain at least one of a scheme, a hostname or a "
			    "port.", u);
		}
	}
	s += 2;
	end = s + strcspn(s, "/?#");
	for (at = end; at > s && at[-1] != '@'; at--)
		;
	if (*at == '[') {
		const char *rb = memchr(at, ']', (size_t)(end - at));

		if (rb == NULL)
			goto bad;
		port = rb + 1 < end && rb[1] == ':' ? rb + 2 : NULL;
	} else {
		port = memchr(at, ':', (size_t)(end - at));
		port = port != NULL ? port + 1 : NULL;
	}
	for (; port != NULL && port < end; port++)
		if (!isdigit((unsigned char)*port))
			goto bad;
	return NULL;
bad:
	return pf_printf(r->a, "Could not parse '%s' as an URL.", u);
none:
	return pf_printf(r->a, "URL '%s' must contain at least one of a "
	    "scheme, a hostname or a port.", u);
}

/* mod_reqtimeout's parse_int: NULL or why not. */
static const char *
reqtimeout_int(struct hrd *r, const char *a, int *v)
{
	char *end;

	*v = (int)strtol(a, &end, 10);
	if (end == a)
		return pf_printf(r->a, "Value '%s' not numerical", end);
	if (*end != '\0')
		return pf_printf(r->a, "Cannot parse '%s'", end);
	return *v < 0 ? "Value must be non-negative" : NULL;
}

/* mod_reqtimeout's set_reqtimeout_param for one stage=value. */
static const char *
reqtimeout_param(struct hrd *r, const char *key, const char *val)
{
	const char *rate, *e;
	char *init, *max;
	int timeout = 0, maxt = 0, minrate = 0;

	if (strcasecmp(key, "handshake") != 0 && strcasecmp(key, "header") !=
	    0 && strcasecmp(key, "body") != 0)
		return "Unknown RequestReadTimeout parameter";
	if ((rate = strcasestr(val, ",minrate=")) != NULL) {
		init = pf_strndup(r->a, val, (size_t)(rate - val));
		if ((e = reqtimeout_int(r, rate + 9, &minrate)) != NULL)
			return e;
		if (minrate == 0)
			return "Minimum data rate must be larger than 0";
		if ((max = strchr(init, '-')) != NULL) {
			*max++ = '\0';
			if ((e = reqtimeout_int(r, max, &maxt)) != NULL)
				return e;
		}
		e = reqtimeout_int(r, init, &timeout);
	} else {
		if (strchr(val, '-') != NULL)
			return "Must set MinRate option if using timeout range";
		e = reqtimeout_int(r, val, &timeout);
	}
	if (e != NULL)
		return e;
	return maxt != 0 && timeout >= maxt ? "Maximum timeout must be larger "
	    "than initial timeout" : NULL;
}

/* mod_reqtimeout's set_reqtimeouts: key=value words, each judged in
 * turn. */
static const char *
reqtimeout_error(struct hrd *r, const struct pf_node *n)
{
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *eq = strchr(n->argv[i], '='), *e;
		char *key;

		if (eq == NULL)
			return "Invalid RequestReadTimeout parameter. Parameter "
			    "must be in the form 'key=value'";
		key = pf_strndup(r->a, n->argv[i], (size_t)(eq - n->argv[i]));
		if ((e = reqtimeout_param(r, key, eq + 1)) != NULL)
			return pf_printf(r->a, "RequestReadTimeout: %s=%s: %s",
			    key, eq + 1, e);
	}
	return NULL;
}

/* mod_md's md_timeslice_parse (a duration, "d" by default, or a
 * percentage below 100), with the handler's name before its message. */
static const char *
md_window_error(struct hrd *r, const char *name, const char *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno != 0)
		return pf_printf(r->a, "%s has unrecognized format", name);
	if (*end == '\0')
		return NULL;			/* days */
	if (end != v && (strchr("DdSsHh", *end) != NULL ||
	    ((*end == 'M' || *end == 'm') && strchr("SsIi", end[1]) != NULL &&
	    end[1] != '\0')))
		return NULL;			/* md_duration_parse's units */
	if (*end == '%')
		return x < 0 ? pf_printf(r->a, "%s percent must be less than "
		    "100", name) : x >= 100 ? pf_printf(r->a, "%s a length of "
		    "100%% or more is not allowed.", name) : NULL;
	return pf_printf(r->a, "%s has unrecognized format", name);
}

/* mod_md's set_port_map for one word. */
static const char *
md_port_map_error(const char *v)
{
	const char *p;
	char *end;
	long long net, local;

	if (strncmp(v, "http:", 5) == 0) {
		net = 80;
		p = v + 4;
	} else if (strncmp(v, "https:", 6) == 0) {
		net = 443;
		p = v + 5;
	} else {
		errno = 0;
		net = strtoll(v, &end, 10);
		if (errno != 0)
			return "unable to parse first port number";
		p = end;
	}
	if (*p != ':')
		return "no ':' after first port number";
	p++;
	if (*p != '-') {
		errno = 0;
		local = strtoll(p, &end, 10);
		if (errno != 0)
			return "unable to parse second port number";
		if ((int)local <= 0 || (int)local > 65535)
			return "invalid number for port map, must be in ]0,65535]";
	}
	return net == 80 || net == 443 ? NULL : "mapped port number must be 80 "
	    "or 443";
}

/*
 * mod_md's md_util_abs_uri_check (http: the abs_http variant, which wants
 * the scheme http or https): why v is not an absolute URI, or NULL.  The
 * host name and port checks of uri_check's http branch are not repeated.
 */
static const char *
md_uri_error(const char *v, int http)
{
	const char *s = v, *err = NULL, *at;
	size_t sl = 0;
	int scheme = 0;

	if (isalpha((unsigned char)*s))
		while (isalnum((unsigned char)*++s) || *s == '+' || *s == '-' ||
		    *s == '.')
			;
	if (s == v || *s != ':') {
		const char *c = strchr(v, ':'), *slash = strchr(v, '/');

		if (v[0] != '/' && c != NULL && (slash == NULL || c < slash))
			err = "not an uri";
	} else if (scheme = 1, (sl = (size_t)(s - v)) + 1 >= strlen(v))
		err = "missing uri identifier";
	else if (strncmp(v, "http", 4) == 0 && (s[1] != '/' || s[2] != '/'))
		err = "missing hostname";
	else if (sl == 6 && strncmp(v, "mailto", 6) == 0) {
		at = strchr(v, '@');
		if (at == NULL)
			err = "missing @";
		else if (strchr(at + 1, '@') != NULL)
			err = "duplicate @";
		else if (at == s + 1)
			err = "missing local part";
		else if (at[1] == '\0')
			err = "missing hostname";
		else if (strstr(v, "..") != NULL)
			err = "double period";
	}
	if (strchr(v, ' ') != NULL || strchr(v, '\t') != NULL)
		err = "whitespace in uri";
	if (err == NULL && !scheme)
		err = "missing uri scheme";
	if (err == NULL && http && !((sl == 4 && strncasecmp(v, "http", 4) ==
	    0) || (sl == 5 && strncasecmp(v, "https", 5) == 0)))
		err = "uri scheme must be http or https";
	return err;
}

/* mod_md's md_get_ca_url_from_name: a known CA or an absolute URI. */
static const char *
md_ca_error(struct hrd *r, const char *v)
{
	static const char *const known[] = { "LetsEncrypt", "LetsEncrypt-Test",
		"Buypass", "Buypass-Test" };
	const char *err;
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(v, known[i]) == 0)
			return NULL;
	err = md_uri_error(v, 0);
	return err == NULL ? NULL : pf_printf(r->a, "The CA name '%s' is not "
	    "known and it is not a URL either (%s). Known CA names are: "
	    "LetsEncrypt LetsEncrypt-Test Buypass Buypass-Test.", v, err);
}

/* Is n inside an <MDomainSet> or <MDomain> (inside_md_section)? */
static int
in_md_section(const struct pf_node *n)
{
	const struct pf_node *p;

	for (p = n->parent; p != NULL; p = p->parent)
		if ((p->flags & PF_NODE_SECTION) && p->name != NULL &&
		    (strcasecmp(p->name, "MDomainSet") == 0 ||
		    strcasecmp(p->name, "MDomain") == 0))
			return 1;
	return 0;
}

/* mod_md's md_conf_check_location and md_section_check where the
 * handler calls them first: the directives that are refused inside an
 * MD section (MD_LOC_NOT_MD), those only valid there (MD_LOC_MD), and
 * MDMember outside one (only auto or manual then). */
static const char *
md_where_error(struct hrd *r, const struct pf_node *n, const char *l)
{
	static const char *const not_md[] = { "<mdomainset", "<mdomain",
		"mdomain", "mdactivationdelay", "mdbaseserver",
		"mdcheckinterval", "mdchallengedns01version", "mdmatchnames",
		"mdretrydelay", "mdmessagecmd", "mdnotifycmd", "mdportmap",
		"mdretryfailover", "mdstoredir", "mdstorelocks" };
	/* (MDHttpProxy's handler says MD_LOC_NOT_MD in the 2.4.x sources,
	 * but apache2 2.4.71 takes it inside <MDomain>: not listed) */
	size_t i;
	int inside = in_md_section(n);

	for (i = 0; i < sizeof(not_md) / sizeof(not_md[0]); i++)
		if (strcmp(l, not_md[i]) == 0)
			return inside ? pf_printf(r->a, "%s is not allowed inside "
			    "an '<MDomainSet' context", n->def->name) : NULL;
	if (inside)
		return NULL;
	if (strcmp(l, "mdcertificatefile") == 0 ||
	    strcmp(l, "mdcertificatekeyfile") == 0)
		return pf_printf(r->a, "%s is only valid inside a "
		    "'<MDomainSet' context, not here", n->def->name);
	if (strcmp(l, "mdmember") == 0 || strcmp(l, "mdmembers") == 0) {
		if (n->argc != 1)
			return pf_printf(r->a, "%s is only valid inside a "
			    "'<MDomainSet' context, not here", n->def->name);
		return strcasecmp(n->argv[0], "auto") == 0 ||
		    strcasecmp(n->argv[0], "manual") == 0 ? NULL :
		    "unknown value, use \"auto|manual\"";
	}
	return NULL;
}

/* mod_md's section start (md_config_sec_start) and MDomain
 * (md_config_set_names): a domain name, and not only auto|manual for
 * MDomain. */
static const char *
md_names_error(const struct pf_node *n, int section)
{
	int i;

	if (section)
		return n->argc == 0 || n->argv[0][0] == '\0' ? "<MDomainSet > "
		    "section must specify a unique domain name" : NULL;
	for (i = 0; i < n->argc; i++)
		if (strcasecmp(n->argv[i], "auto") != 0 &&
		    strcasecmp(n->argv[i], "manual") != 0)
			return NULL;
	return "needs at least one domain name";
}

/* mod_md's md_config_set_pkeys: RSA sizes of 2048 bits or more, one RSA
 * key and each other type once. */
static const char *
md_pkeys_error(struct hrd *r, const struct pf_node *n)
{
	int i, j, rsa = 0;
	long long bits;

	for (i = 0; i < n->argc; i++) {
		const char *t = n->argv[i];

		if (strcasecmp(t, "Default") == 0) {
			if (n->argc > 1)
				return "'Default' allows no other parameter";
			continue;
		}
		bits = -1;
		if (strlen(t) > 3 && strncasecmp(t, "rsa", 3) == 0 &&
		    isdigit((unsigned char)t[3]))
			bits = (int)strtoll(t + 3, NULL, 10);
		else if (strcasecmp(t, "RSA") == 0)
			bits = i + 1 < n->argc &&
			    isdigit((unsigned char)n->argv[i + 1][0]) ?
			    (int)strtoll(n->argv[++i], NULL, 10) : 2048;
		if (bits >= 0) {
			if (bits < 2048)
				return "must be 2048 or higher in order to be "
				    "considered safe.";
			if (rsa++)
				return "two keys of type 'RSA' are not "
				    "possible.";
			continue;
		}
		for (j = 0; j < i; j++)
			if (strcasecmp(n->argv[j], t) == 0)
				return pf_printf(r->a, "two keys of type '%s' "
				    "are not possible.", t);
	}
	return NULL;
}

/* mod_usertrack's set_cookie_exp: all digits, or "[plus] {num type}*"
 * where the words are told apart by their first letters as it does. */
static const char *
cookie_expires_error(struct hrd *r, const char *a)
{
	const char *w;
	size_t len = strlen(a);

	if (len > 0 && isdigit((unsigned char)a[0]) &&
	    isdigit((unsigned char)a[len - 1]))
		return NULL;
	w = pf_hrd_getword(r->a, &a);
	if (strncasecmp(w, "plus", 1) == 0)
		w = pf_hrd_getword(r->a, &a);
	while (w[0] != '\0') {
		if (!isdigit((unsigned char)w[0]))
			return "bad expires code, numeric value expected.";
		w = pf_hrd_getword(r->a, &a);
		if (w[0] == '\0')
			return "bad expires code, missing <type>";
		if (strncasecmp(w, "years", 1) != 0 &&
		    strncasecmp(w, "months", 2) != 0 &&
		    strncasecmp(w, "weeks", 1) != 0 &&
		    strncasecmp(w, "days", 1) != 0 &&
		    strncasecmp(w, "hours", 1) != 0 &&
		    strncasecmp(w, "minutes", 2) != 0 &&
		    strncasecmp(w, "seconds", 1) != 0)
			return "bad expires code, unrecognized type";
		w = pf_hrd_getword(r->a, &a);
	}
	return NULL;
}

/* mod_ssl's ssl_cmd_SSLRandomSeed: startup|connect (any case, as
 * strcEQ compares), then builtin or a source (file:, exec:, a bare
 * path; egd: is refused, Debian's OpenSSL has no EGD) that must
 * exist, a byte count only for a source */
static const char *
ssl_random_seed_error(struct hrd *r, const struct pf_node *n)
{
	const char *src = n->argv[1], *path = NULL;
	struct stat st;

	if (strcasecmp(n->argv[0], "startup") != 0 &&
	    strcasecmp(n->argv[0], "connect") != 0)
		return pf_printf(r->a, "SSLRandomSeed: invalid context: `%s'",
		    n->argv[0]);
	if (strlen(src) > 5 && (strncmp(src, "file:", 5) == 0 ||
	    strncmp(src, "exec:", 5) == 0))
		path = src + 5;
	else if (strlen(src) > 4 && strncmp(src, "egd:", 4) == 0)
		return pf_printf(r->a, "Invalid SSLRandomSeed entropy source "
		    "`%s': This version of OpenSSL does not support the "
		    "Entropy Gathering Daemon (EGD).", src);
	else if (strcasecmp(src, "builtin") != 0)
		path = src;
	if (path != NULL) {
		path = path[0] == '/' ? path : pf_hrd_join(r->a,
		    r->server_root, "/", path);
		if (stat(pf_host_path(r->run, path), &st) != 0) {
			if (r->run->root == NULL)
				return pf_printf(r->a, "SSLRandomSeed: "
				    "source path '%s' does not exist",
				    path);
			pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value",
			    n->loc, "SSLRandomSeed: the source %s is "
			    "not in the tree under --root (apache2 -t "
			    "there fails unless it exists)", path);
		}
	}
	if (n->argc == 3 && path == NULL)
		return "SSLRandomSeed: byte specification not allowed for "
		    "builtin seed source";
	if (n->argc == 3 && atoi(n->argv[2]) < 0)
		return "SSLRandomSeed: invalid number of bytes specified";
	return NULL;
}

/* ap_getword_white: the word up to white space, and past that space. */
static const char *
word_white(struct hrd *r, const char **s)
{
	const char *p = *s;
	size_t n = 0;

	while (p[n] != '\0' && !isspace((unsigned char)p[n]))
		n++;
	*s = p + n;
	while (isspace((unsigned char)**s))
		(*s)++;
	return pf_strndup(r->a, p, n);
}

/* core's ap_mpm_set_coredumpdir (ServerRoot-relative) and mod_unixd's
 * unixd_set_chroot_dir: a directory that exists; under --root one the
 * copy lacks is a note. */
static const char *
dir_arg_error(struct hrd *r, const struct pf_node *n, int coredump)
{
	const char *d = n->argv[0];
	struct stat st;
	int e;

	if (coredump && d[0] != '/')
		d = pf_hrd_join(r->a, r->server_root, "/", d);
	e = stat(pf_host_path(r->run, d), &st);
	if (e == 0 && S_ISDIR(st.st_mode))
		return NULL;
	if (r->run->root != NULL) {
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value", n->loc, "%s: %s "
		    "is not a directory in the tree under --root (apache2 -t "
		    "there fails unless it is)", n->def->name, d);
		return NULL;
	}
	if (!coredump)
		return "ChrootDir must be a valid directory";
	return pf_printf(r->a, "CoreDumpDirectory %s %s", d, e != 0 ?
	    "does not exist" : "is not a directory");
}

/* mod_proxy_connect's set_allowed_ports: N or N-M, digits first. */
static const char *
allow_connect_error(struct hrd *r, const char *a)
{
	const char *p = a;
	char *end;

	if (!isdigit((unsigned char)a[0]))
		return "AllowCONNECT: port numbers must be numeric";
	(void)strtol(p, &end, 10);
	if (*end == '-') {
		p = end + 1;
		(void)strtol(p, &end, 10);
	}
	if (end == p || *end != '\0')
		return pf_printf(r->a, "Cannot parse '%s' as port number", p);
	return NULL;
}

/* One part of a %N.M interpolation: [-]DIGIT[+]. */
static int
va_part(const char **pp)
{
	const char *p = *pp;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	p++;
	if (*p == '+')
		p++;
	*pp = p;
	return 1;
}

/* mod_vhost_alias's vhost_alias_set: an absolute path or "none", and its
 * %N.M interpolations well formed. */
static const char *
vhost_alias_error(const char *map)
{
	const char *p = map;

	if (map[0] != '/')
		return strcasecmp(map, "none") == 0 ? NULL : "format string "
		    "must be an absolute path, or 'none'";
	while (*p != '\0') {
		if (*p++ != '%')
			continue;
		if (*p == 'p' || *p == '%') {
			p++;
			continue;
		}
		if (!va_part(&p) || (*p == '.' && (p++, !va_part(&p))))
			return "syntax error in format string";
	}
	return NULL;
}

/* mod_authnz_fcgi's fcgi_define_provider, up to the backend address's
 * form and port (FCGI_BACKEND_REGEX_STR, m%^fcgi://(.*):(\d{1,5})/?$%),
 * then no more words; the host name it resolves is not looked up. */
static const char *
fcgi_provider_error(struct hrd *r, const struct pf_node *n)
{
	const char *t = n->argc > 0 ? n->argv[0] : NULL, *b, *c, *d;
	size_t k;

	if (t == NULL)
		return "AuthnzFcgiDefineProvider: No type given";
	if (strcasecmp(t, "authn") != 0 && strcasecmp(t, "authz") != 0 &&
	    strcasecmp(t, "authnz") != 0)
		return pf_printf(r->a, "AuthnzFcgiDefineProvider: Invalid "
		    "provider type %s", t);
	if (n->argc < 2)
		return "AuthnzFcgiDefineProvider: No provider name given";
	if (n->argc < 3)
		return "AuthnzFcgiDefineProvider: No backend-address given";
	b = n->argv[2];
	k = strlen(b);
	d = k > 0 && b[k - 1] == '/' ? b + k - 1 : b + k;
	/* the last ':' before 1-5 digits that end the address */
	for (c = d; c > b && isdigit((unsigned char)c[-1]); c--)
		;
	if (strncmp(b, "fcgi://", 7) != 0 || c == d || d - c > 5 ||
	    c - 1 < b + 7 || c[-1] != ':')
		return pf_printf(r->a, "AuthnzFcgiDefineProvider: "
		    "backend-address '%s' has invalid form", b);
	if (atoi(c) > 65535)
		return pf_printf(r->a, "AuthnzFcgiDefineProvider: "
		    "backend-address '%s' has invalid port", b);
	/* (an empty host does not resolve; a name is not looked up) */
	if (c - 1 == b + 7)
		return "AuthnzFcgiDefineProvider: Error resolving backend "
		    "address";
	if (n->argc > 3)
		return pf_printf(r->a, "AuthnzFcgiDefineProvider: Unexpected "
		    "parameter %s", n->argv[3]);
	return NULL;
}

/* mod_ext_filter's define_filter and parse_cmd on the raw arguments (a
 * name already defined in the server: httpd_check.c ext_filter_again). */
static const char *
ext_filter_error(struct hrd *r, const char *a)
{
	const char *t;

	(void)word_white(r, &a);	/* the name */
	while (*a != '\0') {
		while (isspace((unsigned char)*a))
			a++;
		if (strncasecmp(a, "preservescontentlength", 22) == 0) {
			t = word_white(r, &a);
			if (strcasecmp(t, "preservescontentlength") != 0)
				return pf_printf(r->a, "mangled argument `%s'",
				    t);
		} else if (strncasecmp(a, "mode=", 5) == 0) {
			a += 5;
			t = word_white(r, &a);
			if (strcasecmp(t, "output") != 0 &&
			    strcasecmp(t, "input") != 0)
				return pf_printf(r->a, "Invalid mode: `%s'", t);
		} else if (strncasecmp(a, "ftype=", 6) == 0 ||
		    strncasecmp(a, "enableenv=", 10) == 0 ||
		    strncasecmp(a, "disableenv=", 11) == 0 ||
		    strncasecmp(a, "intype=", 7) == 0 ||
		    strncasecmp(a, "outtype=", 8) == 0) {
			(void)word_white(r, &a);
		} else if (strncasecmp(a, "cmd=", 4) == 0) {
			a += 4;
			if (*a == '"') {
				const char *start = ++a;
				int esc = 0, words = 0;

				while (*a != '\0' && (*a != '"' || esc)) {
					esc = !esc && *a == '\\';
					a++;
				}
				if (*a != '"')
					return "Expected cmd= delimiter";
				for (t = start; t < a; t++)
					if (!isspace((unsigned char)*t))
						words = 1;
				a++;
				if (!words)	/* apr_tokenize_to_argv: none */
					return "Invalid cmd= parameter";
			} else
				(void)word_white(r, &a);
		} else
			return pf_printf(r->a, "Unexpected parameter: `%s'", a);
	}
	return NULL;
}

/* apr-util's apr_ldap_pvt_hex_unescape, in place. */
static void
ldap_unescape(char *s)
{
	char *p = s;

	for (; *s != '\0'; ++s) {
		if (*s == '%') {
			int c;

			if (*++s == '\0')
				break;
			c = *s;
			*p = (char)((c >= '0' && c <= '9' ? c - '0' : c >= 'A' &&
			    c <= 'F' ? c - 'A' + 10 : c - 'a' + 10) << 4);
			if (*++s == '\0')
				break;
			c = *s;
			*p = (char)(*p + (c >= '0' && c <= '9' ? c - '0' : c >=
			    'A' && c <= 'F' ? c - 'A' + 10 : c - 'a' + 10));
			p++;
		} else
			*p++ = *s;
	}
	*p = '\0';
}

/* apr-util's apr_ldap_url_parse_ext (ldap/apr_ldap_url.c), as
 * mod_authnz_ldap's AuthLDAPURL calls it: its reason, or NULL. */
static const char *
ldap_url_error(struct hrd *r, const char *in)
{
	char *url, *p, *q;
	size_t n;
	int enclosed = 0, ext = 0;

	if (*in == '<') {
		enclosed = 1;
		in++;
	}
	if (strncasecmp(in, "URL:", 4) == 0)
		in += 4;
	if (strncasecmp(in, "ldap://", 7) == 0)
		in += 7;
	else if (strncasecmp(in, "ldaps://", 8) == 0 ||
	    strncasecmp(in, "ldapi://", 8) == 0)
		in += 8;
	else
		return "The scheme was not recognised as a valid LDAP URL "
		    "scheme.";
	url = pf_strdup(r->a, in);
	if (enclosed) {
		if ((n = strlen(url)) == 0 || url[n - 1] != '>')
			return "Bad enclosure error while parsing LDAP URL.";
		url[n - 1] = '\0';
	}
	if ((p = strchr(url, '/')) != NULL)
		*p++ = '\0';
	if (*url == '[') {
		if ((q = strchr(url, ']')) == NULL)
			return "Bad LDAP URL while parsing IPV6 syntax.";
		*q++ = '\0';
		q = strrchr(q, ':');
	} else
		q = strrchr(url, ':');
	if (q != NULL) {
		ldap_unescape(++q);
		if (*q == '\0')
			return "Bad LDAP URL while parsing.";
	}
	if (p == NULL || (q = strchr(p, '?')) == NULL)
		return NULL;		/* no dn, or nothing after it */
	p = q + 1;			/* the attributes */
	if ((q = strchr(p, '?')) == NULL)
		return NULL;
	p = q + 1;			/* the scope */
	if ((q = strchr(p, '?')) != NULL)
		*q++ = '\0';
	if (*p != '\0') {
		ldap_unescape(p);
		if (strcasecmp(p, "one") != 0 && strcasecmp(p, "onetree") != 0 &&
		    strcasecmp(p, "base") != 0 && strcasecmp(p, "sub") != 0 &&
		    strcasecmp(p, "subtree") != 0)
			return "Bad scope encountered while parsing LDAP URL.";
	}
	if (q == NULL)
		return NULL;
	p = q;				/* the filter */
	if ((q = strchr(p, '?')) != NULL)
		*q++ = '\0';
	if (*p != '\0') {
		ldap_unescape(p);
		if (*p == '\0')
			return "Bad filter encountered while parsing LDAP URL.";
	}
	if (q == NULL)
		return NULL;
	if (strchr(q, '?') != NULL)	/* the extensions, then no more */
		return "Bad URL encountered while parsing LDAP URL.";
	for (; *q != '\0'; q++)		/* strtok's tokens */
		if (*q != ',')
			ext = 1;
	return ext ? NULL : "Bad extensions encountered while parsing LDAP "
	    "URL.";
}

/* util_ldap's util_ldap_set_trusted_global_cert: a type it knows and,
 * but for a nickname, a path that exists (ServerRoot-relative). */
static const char *
ldap_global_cert_error(struct hrd *r, const struct pf_node *n)
{
	static const char *const types[] = { "CA_DER", "CA_BASE64",
		"CA_CERT7_DB", "CA_SECMOD", "CERT_DER", "CERT_BASE64", "CERT_PFX",
		"CERT_KEY3_DB", "CERT_NICKNAME", "KEY_DER", "KEY_BASE64",
		"KEY_PFX" };
	const char *f = n->argv[1];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(n->argv[0], types[i]) == 0)
			break;
	if (i == sizeof(types) / sizeof(types[0]))
		return pf_printf(r->a, "The certificate type %s is not "
		    "recognised. It should be one of CA_DER, CA_BASE64, "
		    "CA_CERT7_DB, CA_SECMOD, CERT_DER, CERT_BASE64, "
		    "CERT_KEY3_DB, CERT_NICKNAME, KEY_DER, KEY_BASE64",
		    n->argv[0]);
	if (strcasecmp(n->argv[0], "CERT_NICKNAME") == 0)
		return NULL;
	f = f[0] == '/' ? f : pf_hrd_join(r->a, r->server_root, "/", f);
	if (stat(pf_host_path(r->run, f), &st) == 0)
		return NULL;
	if (r->run->root != NULL) {
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value", n->loc, "%s: the "
		    "file %s is not in the tree under --root (apache2 -t there "
		    "fails unless it exists)", n->def->name, f);
		return NULL;
	}
	return "Invalid global certificate file path";
}

const char *
pf_hrd_modval_error(struct hrd *r, const struct pf_node *n)
{
	const char *l = n->def->lname, *path;
	int i;

	if (strncmp(l, "h2", 2) == 0 && n->argc >= 1)
		return h2_error(n, l);
	if (strncmp(l, "md", 2) == 0 || strncmp(l, "<md", 3) == 0) {
		const char *e = md_where_error(r, n, l);

		if (e != NULL)
			return e;
		if (strcmp(l, "<mdomainset") == 0 || strcmp(l, "<mdomain") == 0 ||
		    strcmp(l, "mdomain") == 0)
			return md_names_error(n, l[0] == '<');
		if (strcmp(l, "mdhttpproxy") == 0 && n->argc == 1)
			return md_uri_error(n->argv[0], 1);
	}
	if ((strcmp(l, "mdrenewwindow") == 0 ||
	    strcmp(l, "mdwarnwindow") == 0) && n->argc == 1)
		return md_window_error(r, n->def->name, n->argv[0]);
	if (strcmp(l, "mdportmap") == 0) {
		const char *e = NULL;

		for (i = 0; i < n->argc && e == NULL; i++)
			e = md_port_map_error(n->argv[i]);
		return e;
	}
	if (strcmp(l, "mdcertificateauthority") == 0) {
		const char *e = NULL;

		for (i = 0; i < n->argc && e == NULL; i++)
			e = md_ca_error(r, n->argv[i]);
		return e;
	}
	if (strcmp(l, "mdprivatekeys") == 0)
		return n->argc == 0 ? "needs to specify the private key type" :
		    md_pkeys_error(r, n);
	if (strcmp(l, "requestreadtimeout") == 0)
		return reqtimeout_error(r, n);
	if (strcmp(l, "sslrandomseed") == 0 && n->argc >= 2)
		return ssl_random_seed_error(r, n);
	if (strcmp(l, "extfilterdefine") == 0 && n->raw != NULL)
		return ext_filter_error(r, n->raw);
	if ((strcmp(l, "coredumpdirectory") == 0 ||
	    strcmp(l, "chrootdir") == 0) && n->argc == 1)
		return dir_arg_error(r, n, l[1] == 'o');
	if (strcmp(l, "allowconnect") == 0) {
		const char *e = NULL;

		for (i = 0; i < n->argc && e == NULL; i++)
			e = allow_connect_error(r, n->argv[i]);
		return e;
	}
	if (strncmp(l, "virtual", 7) == 0 && n->argc == 1)
		return vhost_alias_error(n->argv[0]);
	if (strcmp(l, "authnzfcgidefineprovider") == 0)
		return fcgi_provider_error(r, n);
	/* mod_authnz_ldap's mod_auth_ldap_parse_url: the URL, then the
	 * connection mode (TAKE12: an empty second word is none) */
	if (strcmp(l, "authldapurl") == 0 && n->argc >= 1) {
		const char *e = ldap_url_error(r, n->argv[0]);

		if (e != NULL)
			return e;
		if (n->argc == 2 && n->argv[1][0] != '\0' &&
		    strcasecmp(n->argv[1], "NONE") != 0 &&
		    strcasecmp(n->argv[1], "SSL") != 0 &&
		    strcasecmp(n->argv[1], "TLS") != 0 &&
		    strcasecmp(n->argv[1], "STARTTLS") != 0)
			return "Invalid LDAP connection mode setting: must be "
			    "one of NONE, SSL, or TLS/STARTTLS";
		return NULL;
	}
	if (strcmp(l, "cookieexpires") == 0 && n->argc == 1)
		return cookie_expires_error(r, n->argv[0]);
	if (strcmp(l, "ldaptrustedglobalcert") == 0 && n->argc >= 2)
		return ldap_global_cert_error(r, n);
	/* mod_buffer's set_buffer_size, mod_request's set_kept_body_size
	 * (apr_strtoff, the latter to the end of the word) */
	if ((strcmp(l, "buffersize") == 0 || strcmp(l, "keptbodysize") == 0) &&
	    n->argc == 1) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(n->argv[0], &end, 10);
		if (l[0] == 'b')
			return errno != 0 || v <= 0 ? "BufferSize must be a size "
			    "in bytes, and greater than zero" : NULL;
		return errno != 0 || v < 0 || *end != '\0' ? "KeptBodySize "
		    "must be a valid size in bytes, or zero." : NULL;
	}
	/* mod_lua's register_mapped_file_function_hook: ap_regcomp */
	if (strcmp(l, "luamaphandler") == 0 && n->argc >= 1)
		return pf_hrd_regex_compiles(n->argv[0], 0) ? NULL :
		    "Invalid regex pattern!";
	/* mod_lua's register_lua_scope compares with strcmp */
	if (strcmp(l, "luascope") == 0 && n->argc >= 1 &&
	    strcmp(n->argv[0], "once") != 0 &&
	    strcmp(n->argv[0], "request") != 0 &&
	    strcmp(n->argv[0], "conn") != 0 &&
	    strcmp(n->argv[0], "thread") != 0 &&
	    strcmp(n->argv[0], "server") != 0)
		return pf_printf(r->a, "Invalid value for LuaScope, '%s', "
		    "acceptable values are: 'once', 'request', 'conn', "
		    "'thread', 'server'", n->argv[0]);
	/* mod_usertrack's set_cookie_domain */
	if (strcmp(l, "cookiedomain") == 0 && n->argc == 1) {
		const char *d = n->argv[0];

		if (d[0] == '\0')
			return "CookieDomain values may not be null";
		if (d[0] != '.')
			return "CookieDomain values must begin with a dot";
		return strchr(d + 1, '.') == NULL ? "CookieDomain values must "
		    "contain at least one embedded dot" : NULL;
	}
	if (strcmp(l, "substitute") == 0 && n->argc == 1)
		return substitute_error(n->argv[0]);
	if (strcmp(l, "substitutemaxlinelength") == 0 && n->argc == 1)
		return max_line_error(n->argv[0]);
	if (strcmp(l, "dav") == 0 && n->argc == 1) {
		const char *a = n->argv[0];

		if (strcasecmp(a, "off") == 0 || r->third_party)
			return NULL;	/* (a module may register more) */
		if (strcasecmp(a, "on") == 0)
			a = "filesystem";
		if (strcmp(a, "filesystem") == 0 &&
		    pf_hrd_module_loaded(r, "dav_fs_module"))
			return NULL;
		return pf_printf(r->a, "Unknown DAV provider: %s", a);
	}
	if (strcmp(l, "allowmethods") == 0) {
		if (n->argc == 0)
			return "AllowMethods: No method or 'reset' keyword "
			    "given";
		if (n->argc == 1 && strcasecmp(n->argv[0], "reset") == 0)
			return NULL;
		for (i = 0; i < n->argc; i++)
			if (!pf_hrd_method_known(r, n->argv[i]))
				return pf_printf(r->a, "AllowMethods: Invalid "
				    "Method '%s'", n->argv[i]);
		return NULL;
	}
	if (strcmp(l, "cacheenable") == 0 && n->argc >= 1) {
		if (n->argv[0][0] == '/')
			return pf_printf(r->a, "provider (%s) starts with a "
			    "'/'.  Are url and provider switched?", n->argv[0]);
		path = section_path(n);
		if (n->argc == 1 && path == NULL)
			return pf_printf(r->a, "CacheEnable provider (%s) is "
			    "missing an URL.", n->argv[0]);
		if (n->argc == 2 && path != NULL &&
		    strncmp(path, n->argv[1], strlen(path)) != 0)
			return "When in a Location, CacheEnable must specify a "
			    "path or an URL below that location.";
		return NULL;
	}
	if (strcmp(l, "cachekeybaseurl") == 0 && n->argc == 1)
		return base_url_error(r, n->argv[0]);
	if ((strcmp(l, "cachedirlevels") == 0 ||
	    strcmp(l, "cachedirlength") == 0) && n->argc == 1)
		return dirlevels_error(n, strcmp(l, "cachedirlevels") == 0);
	return NULL;
}
