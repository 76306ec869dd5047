/*
 * site_values.c - the value syntax of site descriptions: sizes (K/M/G,
 * 1024-based), times (ms/s/m/h/d), booleans, names, paths, host names,
 * addresses and lists (docs/site-format.md "Values").
 *
 * Each checker reports a diagnostic at the value's location and returns
 * -1 when the value is not acceptable, so the caller only stores values
 * that are known to be good.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/site_int.h"

#define ERR(run, loc, ...) \
	pf_diag_add((run), PF_SEV_ERROR, "site-value", (loc), __VA_ARGS__)

/* Parses leading decimal digits into *n; returns the end, NULL on overflow
 * or when there are no digits. */
static const char *
digits(const char *s, long long *n)
{
	long long v = 0;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (LLONG_MAX - 9) / 10)
			return NULL;
		v = v * 10 + (*p - '0');
	}
	*n = v;
	return p;
}

int
sv_size(struct pf_run *run, const char *key, const char *v, struct pf_loc loc,
    long long *out)
{
	long long n, mul = 1;
	const char *p = digits(v, &n);

	if (p == NULL)
		goto bad;
	switch (toupper((unsigned char)*p)) {
	case '\0':
		break;
	case 'K':
		mul = 1LL << 10;
		p++;
		break;
	case 'M':
		mul = 1LL << 20;
		p++;
		break;
	case 'G':
		mul = 1LL << 30;
		p++;
		break;
	case 'T':
		mul = 1LL << 40;
		p++;
		break;
	default:
		goto bad;
	}
	if (mul > 1 && toupper((unsigned char)*p) == 'B')
		p++;
	if (*p != '\0')
		goto bad;
	if (n > LLONG_MAX / mul) {
		ERR(run, loc, "%s: '%s' is too large", key, v);
		return -1;
	}
	*out = n * mul;
	return 0;
bad:
	ERR(run, loc, "%s: '%s' is not a size (a number with an optional "
	    "K, M, G or T suffix, 1024-based: 512M, 8G)", key, v);
	return -1;
}

int
sv_time(struct pf_run *run, const char *key, const char *v, struct pf_loc loc,
    int allow_ms, long long *out_ms)
{
	long long n, mul = 1000;
	const char *p = digits(v, &n);

	if (p == NULL)
		goto bad;
	if (strcmp(p, "ms") == 0) {
		if (!allow_ms) {
			ERR(run, loc, "%s: '%s': this time is in whole "
			    "seconds (s, m, h or d)", key, v);
			return -1;
		}
		mul = 1;
	} else if (*p == '\0' || strcmp(p, "s") == 0)
		mul = 1000;
	else if (strcmp(p, "m") == 0)
		mul = 60 * 1000;
	else if (strcmp(p, "h") == 0)
		mul = 3600 * 1000;
	else if (strcmp(p, "d") == 0)
		mul = 86400LL * 1000;
	else
		goto bad;
	/* Ten years is more than any timeout or max-age needs. */
	if (n > 10LL * 366 * 86400 * 1000 / mul) {
		ERR(run, loc, "%s: '%s' is too long", key, v);
		return -1;
	}
	*out_ms = n * mul;
	return 0;
bad:
	ERR(run, loc, "%s: '%s' is not a time (a number with an optional "
	    "suffix %ss, m, h or d: 60s, 5m)", key, v, allow_ms ? "ms, " : "");
	return -1;
}

int
sv_bool(struct pf_run *run, const char *key, const char *v, struct pf_loc loc,
    int *out)
{
	static const char *const yes[] = { "yes", "on", "true", "1" };
	static const char *const no[] = { "no", "off", "false", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	ERR(run, loc, "%s: '%s' is not a boolean (yes/no, on/off, "
	    "true/false, 1/0)", key, v);
	return -1;
}

int
sv_int(struct pf_run *run, const char *key, const char *v, struct pf_loc loc,
    long long min, long long max, long long *out)
{
	long long n;
	const char *p = digits(v, &n);

	if (p == NULL || *p != '\0') {
		ERR(run, loc, "%s: '%s' is not a whole number", key, v);
		return -1;
	}
	if (n < min || n > max) {
		ERR(run, loc, "%s: %lld is out of range (%lld to %lld)", key,
		    n, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

int
sv_name(struct pf_run *run, const char *what, const char *v, struct pf_loc loc)
{
	size_t i, n = strlen(v);

	if (n == 0) {
		ERR(run, loc, "%s is empty", what);
		return -1;
	}
	if (n > 32) {
		ERR(run, loc, "%s '%s' is longer than 32 characters", what, v);
		return -1;
	}
	if (!isalnum((unsigned char)v[0]))
		goto bad;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)v[i]) && v[i] != '_' &&
		    v[i] != '-' && v[i] != '.')
			goto bad;
	return 0;
bad:
	ERR(run, loc, "%s '%s' is not valid: use letters, digits, '_', "
	    "'-' and '.', starting with a letter or digit", what, v);
	return -1;
}

/*
 * Paths end up unquoted in php-fpm's INI dialect (where ';' starts a
 * comment, '"' quotes and '$' expands) and quoted in httpd's (where '"'
 * and '\' are special and ${} expands), so only a conservative set of
 * characters is accepted.
 */
static int
path_char_ok(unsigned char c)
{
	return isalnum(c) || strchr("/_.-+@,%~", c) != NULL;
}

static int
check_path_text(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	const char *p, *seg;
	struct pf_loc l;
	size_t n;

	for (p = v; *p != '\0'; p++)
		if (!path_char_ok((unsigned char)*p)) {
			l = loc;
			l.col += (uint32_t)(p - v);
			l.len = 1;
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				ERR(run, l, "%s: control character in path",
				    key);
			else
				ERR(run, l, "%s: '%c' is not allowed in paths "
				    "(use letters, digits and / _ . - + @ , %% ~)",
				    key, *p);
			return -1;
		}
	for (seg = v; *seg != '\0'; seg += n) {
		while (*seg == '/')
			seg++;
		n = strcspn(seg, "/");
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			ERR(run, loc, "%s: '%s' contains '..'", key, v);
			return -1;
		}
	}
	return 0;
}

int
sv_abspath(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	if (v[0] != '/') {
		ERR(run, loc, "%s: '%s' is not an absolute path (it must "
		    "start with '/')", key, v);
		return -1;
	}
	return check_path_text(run, key, v, loc);
}

int
sv_relpath(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	return check_path_text(run, key, v, loc);
}

int
sv_hostname(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc, int wildcard)
{
	size_t i, n = strlen(v), label = 0;

	if (n == 0 || n > 253)
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '.') {
			if (label == 0)
				goto bad;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-' && c != '_' &&
		    !(wildcard && (c == '*' || c == '?')))
			goto bad;
		if (++label > 63)
			goto bad;
	}
	if (label == 0)
		goto bad;
	return 0;
bad:
	ERR(run, loc, "%s: '%s' is not a host name%s", key, v,
	    wildcard ? " (wildcards * and ? are allowed)" : "");
	return -1;
}

/*
 * A server_name or alias that a Host header can carry.  With
 * HttpProtocolOptions Strict, httpd's default (vhost.c,
 * strict_hostname_check), every request whose Host is all digits and
 * dots but not a dotted-quad IPv4 address without leading zeros, or whose
 * last label does not start with a letter (RFC 1123 2.1), is answered
 * 400: a vhost named so is never reached by that name (found by
 * tests/site/site_props.py: "x._y", "123", "a.-b").  A wildcard in the
 * last label is left alone (it can match a letter).
 */
int
sv_servername(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc, int wildcard)
{
	const char *last, *p;
	int dotted = 1, dots = 0, zeros = 0;

	if (sv_hostname(run, key, v, loc, wildcard) < 0)
		return -1;
	for (p = v; *p != '\0'; p++) {
		if (*p == '.') {
			dots++;
			if (p[1] == '0' && isdigit((unsigned char)p[2]))
				zeros = 1;
		} else if (!isdigit((unsigned char)*p))
			dotted = 0;
	}
	if (dotted) {
		if (v[0] == '0' && isdigit((unsigned char)v[1]))
			zeros = 1;
		if (dots == 3 && !zeros)
			return 0;
	} else {
		last = strrchr(v, '.');
		last = last != NULL ? last + 1 : v;
		if (last == v || isalpha((unsigned char)*last) ||
		    strpbrk(last, "*?") != NULL)
			return 0;
	}
	pf_diag_add(run, PF_SEV_ERROR, "site-value", loc, "%s: '%s' can never "
	    "be requested: Apache answers 400 to a Host %s (HttpProtocolOptions "
	    "Strict, the default)", key, v, dotted ? "of digits and dots that "
	    "is not an IPv4 address" : "whose last label does not start with "
	    "a letter");
	return -1;
}

int
sv_urlpath(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	const char *p;

	/* php-fpm's rule for status and ping paths (fpm_conf.c), which is
	 * also a safe alphabet for a front controller. */
	if (v[0] != '/' || strlen(v) < 2) {
		ERR(run, loc, "%s: '%s' must be a URL path starting with '/'",
		    key, v);
		return -1;
	}
	for (p = v; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-.~", *p)) {
			ERR(run, loc, "%s: '%s' may contain only letters, "
			    "digits and / _ - . ~", key, v);
			return -1;
		}
	if (strstr(v, "/../") != NULL || strstr(v, "//") != NULL ||
	    (strlen(v) >= 3 && strcmp(v + strlen(v) - 3, "/..") == 0)) {
		ERR(run, loc, "%s: '%s' is not a normalised URL path", key, v);
		return -1;
	}
	return 0;
}

static int
port_ok(const char *s, long *port)
{
	char *end;
	long n;

	if (!isdigit((unsigned char)s[0]))
		return 0;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > 65535)
		return 0;
	*port = n;
	return 1;
}

int
sv_vaddr(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	char host[256];
	const char *colon, *close;
	struct in6_addr a6;
	struct in_addr a4;
	long port;
	size_t n;

	if (v[0] == '[') {
		close = strchr(v, ']');
		if (close == NULL || (size_t)(close - v - 1) >= sizeof(host))
			goto bad;
		n = (size_t)(close - v - 1);
		memcpy(host, v + 1, n);
		host[n] = '\0';
		if (inet_pton(AF_INET6, host, &a6) != 1)
			goto bad;
		if (close[1] == '\0')
			return 0;
		if (close[1] != ':' || !port_ok(close + 2, &port))
			goto bad;
		return 0;
	}
	colon = strrchr(v, ':');
	n = colon ? (size_t)(colon - v) : strlen(v);
	if (n == 0 || n >= sizeof(host))
		goto bad;
	memcpy(host, v, n);
	host[n] = '\0';
	if (colon != NULL && !port_ok(colon + 1, &port))
		goto bad;
	if (strcmp(host, "*") == 0 || strcmp(host, "_default_") == 0 ||
	    inet_pton(AF_INET, host, &a4) == 1)
		return 0;
	if (strchr(host, ':') != NULL)
		goto bad;	/* IPv6 needs brackets */
	if (sv_hostname(run, key, host, loc, 0) < 0)
		return -1;
	pf_diag_add(run, PF_SEV_WARNING, "site-vhost-hostname", loc,
	    "%s: '%s' is resolved by Apache at start-up; an IP address or "
	    "'*' is more robust", key, v);
	return 0;
bad:
	ERR(run, loc, "%s: '%s' is not a virtual host address (*:80, "
	    "192.0.2.1:443, [2001:db8::1]:443)", key, v);
	return -1;
}

int
sv_ipmask(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	char ip[64];
	const char *slash = strchr(v, '/');
	size_t n = slash ? (size_t)(slash - v) : strlen(v);
	unsigned char a[16];
	long bits;
	int six;

	if (strcmp(v, "local") == 0)
		return 0;
	if (n == 0 || n >= sizeof(ip))
		goto bad;
	memcpy(ip, v, n);
	ip[n] = '\0';
	six = strchr(ip, ':') != NULL;
	if (inet_pton(six ? AF_INET6 : AF_INET, ip, a) != 1)
		goto bad;
	if (slash != NULL) {
		char *end;

		if (!isdigit((unsigned char)slash[1]))
			goto bad;
		errno = 0;
		bits = strtol(slash + 1, &end, 10);
		if (*end != '\0')
			goto bad;
		if (errno != 0 || bits > (six ? 128 : 32)) {
			ERR(run, loc, "%s: '%s' is not a network: an %s mask "
			    "has at most %d bits", key, v, six ? "IPv6" :
			    "IPv4", six ? 128 : 32);
			return -1;
		}
		/* Apache takes it (Require ip 0.0.0.0/0): everyone. */
		if (bits == 0) {
			ERR(run, loc, "%s: '%s' matches every %s address: "
			    "anyone who reaches the site would read the "
			    "status page (every request's URL and client); "
			    "name the monitoring hosts or networks, or "
			    "'local'", key, v, six ? "IPv6" : "IPv4");
			return -1;
		}
	}
	return 0;
bad:
	if (strchr(v, ',') != NULL)
		ERR(run, loc, "%s: '%s' is not an IP address, a network "
		    "(10.0.0.0/8) or 'local' (items of a list are separated "
		    "by spaces, not commas)", key, v);
	else
		ERR(run, loc, "%s: '%s' is not an IP address, a network "
		    "(10.0.0.0/8) or 'local'", key, v);
	return -1;
}

int
sv_php_version(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	long long n;
	const char *p = digits(v, &n);

	if (p == NULL || *p != '.' || (p = digits(p + 1, &n)) == NULL ||
	    *p != '\0' || strlen(v) > 8) {
		ERR(run, loc, "%s: '%s' is not a PHP version (MAJOR.MINOR, "
		    "e.g. 8.2)", key, v);
		return -1;
	}
	return 0;
}

int
sv_fpm_path(struct pf_run *run, const char *key, const char *v,
    struct pf_loc loc)
{
	return sv_abspath(run, key, v, loc);
}

int
sv_listen(struct pf_run *run, const char *v, struct pf_loc loc,
    struct pf_listen *l)
{
	char host[256];
	const char *colon;
	struct in_addr a4;
	struct in6_addr a6;
	long port;
	size_t n;

	memset(l, 0, sizeof(*l));
	l->loc = loc;
	if (v[0] == '/') {
		if (sv_abspath(run, "listen", v, loc) < 0)
			return -1;
		/* sun_path is 108 bytes on Linux, NUL included; php-fpm
		 * truncates longer paths with only a warning. */
		if (strlen(v) > 107) {
			ERR(run, loc, "listen: the socket path is %zu bytes; "
			    "unix socket paths are limited to 107", strlen(v));
			return -1;
		}
		l->kind = PF_LISTEN_UNIX;
		l->path = v;
		l->loopback = 1;
		return 0;
	}
	l->kind = PF_LISTEN_TCP;
	if (port_ok(v, &port)) {
		/* A bare port binds every interface (semantics.md 3.4). */
		l->port = (int)port;
		l->any = 1;
		return 0;
	}
	colon = strrchr(v, ':');
	if (colon == NULL || !port_ok(colon + 1, &port))
		goto bad;
	l->port = (int)port;
	n = (size_t)(colon - v);
	if (n >= 2 && v[0] == '[' && v[n - 1] == ']') {
		v++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(host))
		goto bad;
	memcpy(host, v, n);
	host[n] = '\0';
	l->host = pf_strdup(run->arena, host);
	if (strcmp(host, "*") == 0) {
		l->any = 1;
	} else if (inet_pton(AF_INET, host, &a4) == 1) {
		l->any = a4.s_addr == htonl(INADDR_ANY);
		l->loopback = (ntohl(a4.s_addr) >> 24) == 127;
	} else if (inet_pton(AF_INET6, host, &a6) == 1) {
		l->any = IN6_IS_ADDR_UNSPECIFIED(&a6);
		l->loopback = IN6_IS_ADDR_LOOPBACK(&a6);
	} else if (strcasecmp(host, "localhost") == 0) {
		l->loopback = 1;
	} else if (sv_hostname(run, "listen", host, loc, 0) < 0) {
		return -1;
	}
	return 0;
bad:
	ERR(run, loc, "listen: '%s' is not a unix socket path or a "
	    "HOST:PORT address (/run/php/site.sock, 127.0.0.1:9001)", v);
	return -1;
}

void
sv_split(struct pf_run *run, const char *v, struct pf_loc loc,
    struct pf_svec *out)
{
	const char *p = v, *s;
	struct pf_sval item;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		s = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		item.s = pf_strndup(run->arena, s, (size_t)(p - s));
		item.loc = loc;
		item.loc.col = loc.col + (uint32_t)(s - v);
		item.loc.len = (uint32_t)(p - s);
		PF_PUSH(run->arena, *out, item);
	}
}

const char *
sv_size_str(struct pf_arena *a, long long b)
{
	if (b > 0 && b % (1LL << 40) == 0)
		return pf_printf(a, "%lldT", b >> 40);
	if (b > 0 && b % (1LL << 30) == 0)
		return pf_printf(a, "%lldG", b >> 30);
	if (b > 0 && b % (1LL << 20) == 0)
		return pf_printf(a, "%lldM", b >> 20);
	if (b > 0 && b % (1LL << 10) == 0)
		return pf_printf(a, "%lldK", b >> 10);
	return pf_printf(a, "%lld", b);
}
