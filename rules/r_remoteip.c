/*
 * r_remoteip.c - remoteip-spoofable: mod_remoteip taking the client's
 * address from a header that any client sends.
 *
 * What mod_remoteip does (modules/metadata/mod_remoteip.c, 2.4,
 * remoteip_modify_request, run in post_read_request with the request's
 * vhost): with RemoteIPHeader set, it reads the header's addresses from
 * the right.  With no RemoteIPInternalProxy / RemoteIPTrustedProxy (or
 * their *List forms) in effect, no connecting address is checked at all:
 * every address of the header is taken in turn, so the client's own,
 * leftmost public one becomes r->useragent_ip, the address that
 * mod_authz_host's `Require ip`, mod_access_compat's `Allow from`, the
 * logs and mod_proxy_fcgi's REMOTE_ADDR (PHP's $_SERVER['REMOTE_ADDR'])
 * use.  Such "external" addresses exclude 10/8, 127/8, 169.254/16,
 * 172.16/12 and 192.168/16 and, in IPv6, all but 2000::/3 ("appears to be
 * a private IP or nonsensical.  Ignored"), so `Require local` and private
 * ranges still hold then.  A list that would hold every address cannot be
 * written: apr_ipsubnet_create() refuses a /0 ("The specified network mask
 * is invalid", the reader says so too).  With a list, a client that is
 * not a listed proxy keeps its own address, and a listed proxy's header
 * is read only back to the first address that is not a proxy.
 *
 * Per server (merge_remoteip_server_config): a vhost's header and its
 * proxy list each replace the main server's when set.
 * tests/rules/remoteip_oracle.sh shows each case on the real server.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

struct rip_srv {
	const struct pf_node *header;	/* last RemoteIPHeader */
	const struct pf_node *list;	/* first proxy-list line */
};

enum { ACL_PUBLIC = 1, ACL_PRIVATE = 2 };	/* what an ACL lets in */

struct rip_acl {
	const struct pf_node *n;
	size_t		 srv;		/* 0: main server, .htaccess: all */
	int		 kind;		/* ACL_* */
};

struct rip {
	struct pf_rctx	*c;
	struct rip_srv	*srv;		/* [0] main, [i + 1] vhosts.v[i] */
	PF_VEC(struct rip_acl) acls;
};

/*
 * Does an IPv4 network (a.b.c.d, a partial a.b, CIDR or netmask form)
 * hold only RFC 3330 private or loopback addresses, the ones mod_remoteip
 * refuses from an external proxy's header?
 */
static int
v4_private(const char *s)
{
	unsigned long o[4] = { 0, 0, 0, 0 };
	int n = 0, bits, need;
	const char *p = s, *slash;
	char *e;

	while (n < 4) {
		o[n++] = strtoul(p, &e, 10);
		if (e == p || o[n - 1] > 255)
			return 0;
		p = e;
		if (*p != '.')
			break;
		/* "10." and "192.168.1." are 10/8 and 192.168.1/24 to
		 * apr_ipsubnet_create: on 2.4.71 "Require ip 10." and
		 * "Allow from 192.168.1." still refuse a forged 10.1.2.3 /
		 * 192.168.1.9 (403) */
		if (*++p == '\0' || *p == '/')
			break;
	}
	bits = 8 * n;
	if ((slash = strchr(s, '/')) != NULL) {
		if (strchr(slash + 1, '.') != NULL) {	/* a netmask */
			unsigned long m[4] = { 0, 0, 0, 0 };
			int k;

			p = slash + 1;
			for (k = 0; k < 4; k++) {
				m[k] = strtoul(p, &e, 10);
				p = *e == '.' ? e + 1 : e;
			}
			for (bits = 0, k = 0; k < 4; k++)
				for (; m[k] & 0x80; m[k] = (m[k] << 1) & 0xff)
					bits++;
		} else
			bits = atoi(slash + 1);
	}
	if (o[0] == 10 || o[0] == 127)
		need = 8;
	else if (o[0] == 169 && o[1] == 254)
		need = 16;
	else if (o[0] == 172 && (o[1] & 0xf0) == 16)
		need = 12;
	else if (o[0] == 192 && o[1] == 168)
		need = 16;
	else
		return 0;
	return bits >= need;
}

/* IPv6: only 2000::/3 counts as external (mod_remoteip). */
static int
v6_private(const char *s)
{
	char *e;
	unsigned long h;

	if (s[0] == ':')
		return strncasecmp(s, "::ffff:", 7) == 0 ? v4_private(s + 7) :
		    1;
	h = strtoul(s, &e, 16);
	if (*e != ':' || h > 0xffff)
		return 0;
	return (h & 0xe000) != 0x2000;
}

/* An address or network of Require ip / Allow from: ACL_* or 0 (a host
 * name, env=..., all: not an address).  apr_ipsubnet_create's
 * looks_like_ip: digits and dots only (before a '/'), or a ':'; anything
 * else ("Allow from 1and1.example") is a host name to mod_access_compat. */
static int
addr_kind(const char *w)
{
	size_t l = strcspn(w, "/");

	if (memchr(w, ':', l) != NULL)
		return v6_private(w) ? ACL_PRIVATE : ACL_PUBLIC;
	if (l > 0 && strspn(w, "0123456789.") == l)
		return v4_private(w) ? ACL_PRIVATE : ACL_PUBLIC;
	return 0;
}

/*
 * Does a RemoteIP*ProxyList file name a proxy?  proxylist_read() calls
 * proxies_set() for each word of each line up to a word starting with
 * '#'; a file with none (empty, comments only) leaves the server with no
 * list at all: on 2.4.71 an empty RemoteIPTrustedProxyList file (or one
 * of comments for RemoteIPInternalProxyList) lets a forged
 * X-Forwarded-For: 203.0.113.5 through Require ip 203.0.113.5 (200).
 * An unreadable file stops httpd; it counts as a list.
 */
static int
list_file_names_one(struct rip *r, const char *file)
{
	const char *sr = r->c->m->apache->server_root;
	char *data, *p;
	size_t len;

	if (file[0] != '/' && sr != NULL)
		file = pf_printf(r->c->run->arena, "%s/%s", sr, file);
	if (pf_read_file(r->c->run, file, &data, &len) != 0)
		return 1;
	for (p = data; *p != '\0'; p++) {
		p += strspn(p, " \t\r\f\v");
		if (*p != '\0' && *p != '\n' && *p != '#')
			return 1;
		p += strcspn(p, "\n");
		if (*p == '\0')
			break;
	}
	return 0;
}

/* .htaccess nodes count as the main server's: they apply to all. */
static size_t
srv_of(struct rip *r, const struct pf_node *n)
{
	return (n->flags & PF_NODE_HTACCESS) ? 0 : pf_node_server(r->c, n);
}

static void
note_acl(struct rip *r, const struct pf_node *n, int first)
{
	struct rip_acl a = { n, 0, 0 };
	int i;

	for (i = first; i < n->argc; i++)
		a.kind |= addr_kind(n->argv[i]);
	if (a.kind == 0)
		return;
	a.srv = srv_of(r, n);
	PF_PUSH(r->c->run->arena, r->acls, a);
}

static void
walk(struct rip *r, const struct pf_node *n)
{
	for (; n != NULL; n = n->next) {
		const char *nm = n->name;

		if (n->flags & (PF_NODE_INACTIVE | PF_NODE_FORBIDDEN |
		    PF_NODE_IGNORED | PF_NODE_UNKNOWN))
			continue;
		if (n->child != NULL)
			walk(r, n->child);
		if (nm == NULL || n->argc < 1)
			continue;
		/* Require local and private ranges hold (see the top); a
		 * <RequireNone> member is a block list, not an allow rule. */
		if (strcasecmp(nm, "Require") == 0) {
			if (strcasecmp(n->argv[0], "ip") == 0 &&
			    (n->parent == NULL || n->parent->name == NULL ||
			    strcasecmp(n->parent->name, "RequireNone") != 0))
				note_acl(r, n, 1);
		} else if (strcasecmp(nm, "Allow") == 0 && n->argc >= 2 &&
		    strcasecmp(n->argv[0], "from") == 0)
			note_acl(r, n, 1);
		else if (strncasecmp(nm, "RemoteIP", 8) == 0) {
			struct rip_srv *s = &r->srv[srv_of(r, n)];
			const char *k = nm + 8;

			if (strcasecmp(k, "Header") == 0)
				s->header = n;
			else if (s->list == NULL &&
			    (strcasecmp(k, "InternalProxy") == 0 ||
			    strcasecmp(k, "TrustedProxy") == 0))
				s->list = n;
			else if (s->list == NULL &&
			    (strcasecmp(k, "InternalProxyList") == 0 ||
			    strcasecmp(k, "TrustedProxyList") == 0) &&
			    list_file_names_one(r, n->argv[0]))
				s->list = n;
		}
	}
}

/* One finding per RemoteIPHeader line, for the servers it covers. */
struct rip_hit {
	const struct pf_node *header, *acl;
	size_t		 servers;
	const char	*label;		/* the first server's, or the first
					 * whose access rule is passed */
};

void
pf_pass_remoteip(struct pf_rctx *c)
{
	const struct pf_apache *ap = c->m->apache;
	struct rip r;
	PF_VEC(struct rip_hit) hits = { 0 };
	struct pf_pmap hmap = { 0 };	/* header node -> index + 1 */
	const struct pf_node **first;
	size_t i, k, h;

	if (ap == NULL || ap->root == NULL)
		return;
	if (!pf_apache_has_module(ap, "remoteip_module"))
		return;
	memset(&r, 0, sizeof(r));
	r.c = c;
	r.srv = pf_alloc(c->run->arena, (ap->vhosts.n + 1) * sizeof(*r.srv));
	walk(&r, ap->root->child);
	/* Per server, its first access rule a forged address passes. */
	first = pf_alloc(c->run->arena, (ap->vhosts.n + 1) * sizeof(*first));
	for (k = 0; k < r.acls.n; k++)
		if ((r.acls.v[k].kind & ACL_PUBLIC) &&
		    first[r.acls.v[k].srv] == NULL)
			first[r.acls.v[k].srv] = r.acls.v[k].n;

	for (i = 0; i <= ap->vhosts.n; i++) {
		const struct rip_srv *own = &r.srv[i], *main = &r.srv[0];
		const struct rip_srv *ls;
		const struct pf_node *hdr;
		const struct pf_node *acl;

		hdr = own->header != NULL ? own->header : main->header;
		ls = own->list != NULL ? own : main;
		if (hdr == NULL || ls->list != NULL)
			continue;
		acl = first[i] != NULL ? first[i] : first[0];
		if ((h = pf_pmap_get(&hmap, hdr)) == 0) {
			struct rip_hit z = { hdr, NULL, 0, NULL };

			z.label = pf_vhost_label(c, i > 0 ? ap->vhosts.v[i - 1] :
			    &ap->main);
			PF_PUSH(c->run->arena, hits, z);
			h = hits.n;
			pf_pmap_put(c->run->arena, &hmap, hdr, h);
		}
		hits.v[h - 1].servers++;
		if (hits.v[h - 1].acl == NULL && acl != NULL) {
			/* name the server whose rule is passed */
			hits.v[h - 1].acl = acl;
			hits.v[h - 1].label = pf_vhost_label(c, i > 0 ?
			    ap->vhosts.v[i - 1] : &ap->main);
		}
	}

	for (h = 0; h < hits.n; h++) {
		const struct rip_hit *x = &hits.v[h];
		const char *name = x->header->argv[0];
		const char *who = x->servers > 1 ? pf_printf(c->run->arena,
		    " (%s and %zu other server%s)", x->label, x->servers - 1,
		    x->servers > 2 ? "s" : "") :
		    pf_printf(c->run->arena, " (%s)", x->label);
		struct pf_diag *d;

		if (x->acl != NULL)
			d = pf_finding(c, "remoteip-spoofable", PF_SEV_HIGH,
			    x->header->loc, NULL, "RemoteIPHeader %s takes the "
			    "client's address from a header any client sends "
			    "(no RemoteIPTrustedProxy or RemoteIPInternalProxy "
			    "says who may): an access rule by address is passed "
			    "by sending '%s: <an allowed public address>'%s",
			    name, name, who);
		else
			d = pf_finding(c, "remoteip-spoofable", PF_SEV_MEDIUM,
			    x->header->loc, NULL, "RemoteIPHeader %s takes the "
			    "client's address from a header any client sends "
			    "(no RemoteIPTrustedProxy or RemoteIPInternalProxy "
			    "says who may): every client chooses the public "
			    "address Apache logs and checks and PHP gets as "
			    "REMOTE_ADDR%s", name, who);
		if (x->acl != NULL)
			pf_frel(c, d, x->acl->loc, "this %s %s is passed by "
			    "a forged %s", x->acl->name, x->acl->argv[0], name);
		pf_ffix(c, d, "RemoteIPTrustedProxy <your proxy's or load "
		    "balancer's address> (RemoteIPInternalProxy for one on a "
		    "private network), or remove RemoteIPHeader");
	}
}
