#!/bin/bash
# status_oracle.sh - rule apache-status-exposed against the real apache2:
# mod_status and mod_info behind <Location>/<LocationMatch> sections, one
# open, one restricted (Require ip 192.0.2.1), one open in a vhost, and an
# open balancer-manager in another.  A request from 127.0.0.1 says which
# page answers (200, and what it shows) and which does not (403), and an
# anonymous POST to the balancer-manager disables a member; lint must
# report exactly the open ones, at their SetHandler lines (the
# balancer-manager at high).  Vhost d.test: mod_access_compat's "Satisfy
# Any" lets a request the host rules pass (none at all, or Allow from
# all) through without a look at the Require lines: open behind Require
# valid-user, Require all denied and Require ip; not behind Deny from all,
# nor without Satisfy Any, nor where a later section says Satisfy All.
# And mod_authz_core's AuthMerging: Or with the DocumentRoot's "Require
# all granted" opens a "Require ip" section (without it: 403); And with a
# "Require all denied" <Directory> (e.test's DocumentRoot) keeps "Require
# all granted" shut.  Vhost f.test: "Require env" of a variable that
# "SetEnvIf X-Forwarded-For" sets opens the page to anyone who sends the
# header; one that only "SetEnvIf Remote_Addr 192.0.2.1" sets, or that
# nothing sets, keeps it shut.  "Require expr" true for the request's
# URL opens it; one on the client's address keeps it shut.  The SetEnvIf
# lines of the sections merged for the request count too (mod_setenvif's
# header_parser runs them before the access check): a header in the
# page's own <Location> or in a later <LocationMatch> opens it, as does
# a Request_URI that matches; a Remote_Addr there, a header line in a
# <Location> the URL is not under, or a section's RewriteRule [E=] (per-
# directory rules run in fixups, after the check) keeps it shut.
. "$PF_SRC/tests/lib/need.sh"
need apache2 curl
pf_tmpdir
fail() { echo "FAIL: $*"; tail -20 "$T/logs/error.log" 2>/dev/null; exit 1; }
chmod 755 "$T"
mkdir -p "$T/www" "$T/www2"
echo hi > "$T/www/index.html"
PORT=$(pf_free_port)
auth="AuthType Basic
        AuthName x
        AuthUserFile \"$T/nonexistent\""
{
	pf_apache_head "$T" "$PORT" authz_host status info proxy proxy_http \
		proxy_balancer slotmem_shm lbmethod_byrequests access_compat \
		auth_basic authn_core authn_file authz_user setenvif rewrite
	cat <<EOF
DocumentRoot "$T/www"
<Directory "$T/www">
    Require all granted
</Directory>
<Location /server-status>
    SetHandler server-status
</Location>
<Location /server-info>
    SetHandler server-info
    Require ip 192.0.2.1
</Location>
<VirtualHost *:$PORT>
    ServerName b.test
    DocumentRoot "$T/www"
    <LocationMatch "^/info\$">
        SetHandler server-info
    </LocationMatch>
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName c.test
    DocumentRoot "$T/www"
    <Proxy balancer://app>
        BalancerMember http://127.0.0.1:9
    </Proxy>
    <Location /balancer-manager>
        SetHandler balancer-manager
    </Location>
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName d.test
    DocumentRoot "$T/www"
    <Location /sa-user>
        SetHandler server-status
        $auth
        Require valid-user
        Satisfy Any
    </Location>
    <Location /sa-denied>
        SetHandler server-status
        Require all denied
        Satisfy Any
    </Location>
    <Location /sa-ip>
        SetHandler server-status
        Require ip 192.0.2.1
        Satisfy Any
    </Location>
    <Location /sa-allow-all>
        SetHandler server-status
        $auth
        Require valid-user
        Order allow,deny
        Allow from all
        Satisfy Any
    </Location>
    <Location /sa-deny>
        SetHandler server-status
        $auth
        Require valid-user
        Order deny,allow
        Deny from all
        Allow from 192.0.2.1
        Satisfy Any
    </Location>
    <Location /all-user>
        SetHandler server-status
        $auth
        Require valid-user
        Order allow,deny
        Allow from all
    </Location>
    <Location /sa-then-all>
        SetHandler server-status
        Require all denied
        Satisfy Any
    </Location>
    <Location /sa-then-all>
        Satisfy All
    </Location>
    <Location /am-or>
        SetHandler server-status
        AuthMerging Or
        Require ip 192.0.2.1
    </Location>
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName f.test
    DocumentRoot "$T/www"
    SetEnvIf X-Forwarded-For "^10\\.1\\.2\\.3\$" trusted
    SetEnvIf Remote_Addr "^192\\.0\\.2\\.1\$" office
    <Location /env-xff>
        SetHandler server-status
        Require env trusted
    </Location>
    <Location /env-addr>
        SetHandler server-status
        Require env office
    </Location>
    <Location /env-none>
        SetHandler server-status
        Require env nothere
    </Location>
    <Location /ex-uri>
        SetHandler server-status
        Require expr "%{REQUEST_URI} =~ m#^/ex-uri#"
    </Location>
    <Location /ex-addr>
        SetHandler server-status
        Require expr "%{REMOTE_ADDR} == '192.0.2.1'"
    </Location>
    <Location /es-own>
        SetHandler server-status
        SetEnvIf X-Forwarded-For "^10\\." lan
        Require env lan
    </Location>
    <Location /es-later>
        SetHandler server-status
        Require env later
    </Location>
    <LocationMatch "^/es-lat">
        SetEnvIfNoCase X-Real-IP "." later
    </LocationMatch>
    <Location /es-uri>
        SetHandler server-status
        SetEnvIf Request_URI "^/es-uri" here
        Require env here
    </Location>
    <Location /es-addr>
        SetHandler server-status
        SetEnvIf Remote_Addr "^192\\.0\\.2\\.1\$" office2
        Require env office2
    </Location>
    <Location /es-else>
        SetHandler server-status
        Require env elsewhere
    </Location>
    <Location /other>
        SetEnvIf X-Forwarded-For "." elsewhere
    </Location>
    <Location /es-rw>
        SetHandler server-status
        RewriteEngine On
        RewriteRule ^ - [E=rwset:1]
        Require env rwset
    </Location>
</VirtualHost>
<VirtualHost *:$PORT>
    ServerName e.test
    DocumentRoot "$T/www2"
    <Directory "$T/www2">
        Require all denied
    </Directory>
    <Location /am-and>
        SetHandler server-status
        AuthMerging And
        Require all granted
    </Location>
</VirtualHost>
EOF
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
bad=0
get() {	# HOST URL: "CODE BODY"
	curl -s -w '\n%{http_code}' -H "Host: $1" "http://127.0.0.1:$PORT$2"
}
check() {	# what HOST URL CODE [TEXT]
	local out
	out=$(get "$2" "$3")
	[ "$(tail -1 <<<"$out")" = "$4" ] ||
		{ echo "FAIL: $1: expected $4, got $(tail -1 <<<"$out")"; bad=1; }
	[ -z "${5:-}" ] || grep -qF -- "$5" <<<"$out" ||
		{ echo "FAIL: $1: the page does not show '$5'"; bad=1; }
}
check "server-status shows other requests' URLs with their query" \
	c.test "/server-status?token=s3cr3t" 200 "token=s3cr3t"
check "server-info restricted" c.test /server-info 403
check "server-info in b.test shows the configuration" b.test /info 200 \
	"$T/httpd.conf"
check "c.test has no /info" c.test /info 404
for u in sa-user sa-denied sa-ip sa-allow-all; do
	check "Satisfy Any opens /$u" d.test "/$u" 200 "Server Version"
done
check "Satisfy Any behind Deny from all" d.test /sa-deny 401
check "Require valid-user with Allow from all, no Satisfy Any" d.test \
	/all-user 401
check "Satisfy All after Satisfy Any" d.test /sa-then-all 403
check "AuthMerging Or opens /am-or" d.test /am-or 200 "Server Version"
check "AuthMerging And keeps /am-and shut" e.test /am-and 403
check "Require env trusted, no header" f.test /env-xff 403
xff=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: f.test" \
    -H "X-Forwarded-For: 10.1.2.3" "http://127.0.0.1:$PORT/env-xff")
[ "$xff" = 200 ] || { echo "FAIL: /env-xff with X-Forwarded-For: $xff, not 200"; bad=1; }
check "Require env set by Remote_Addr" f.test /env-addr 403
check "Require env set by nothing" f.test /env-none 403
check "Require expr on the URL" f.test /ex-uri 200 "Server Version"
check "Require expr on the client's address" f.test /ex-addr 403
hdr() {	# URL HEADER: the status of f.test's URL with that header
	curl -s -o /dev/null -w '%{http_code}' -H "Host: f.test" -H "$2" \
	    "http://127.0.0.1:$PORT$1"
}
check "a section's SetEnvIf on a header, no header" f.test /es-own 403
[ "$(hdr /es-own "X-Forwarded-For: 10.0.0.9")" = 200 ] ||
	{ echo "FAIL: /es-own with X-Forwarded-For is not 200"; bad=1; }
[ "$(hdr /es-later "X-Real-IP: 1")" = 200 ] ||
	{ echo "FAIL: /es-later with X-Real-IP (a later section's SetEnvIf) is not 200"; bad=1; }
check "a section's SetEnvIf Request_URI" f.test /es-uri 200 "Server Version"
check "a section's SetEnvIf Remote_Addr" f.test /es-addr 403
[ "$(hdr /es-else "X-Forwarded-For: 1")" = 403 ] ||
	{ echo "FAIL: /es-else (SetEnvIf in another Location) is not 403"; bad=1; }
check "a section's RewriteRule [E=]" f.test /es-rw 403
# The form's nonce, then a POST with the page as Referer (AH10187 ignores
# the parameters without it): the member is disabled.
U="http://127.0.0.1:$PORT/balancer-manager"
nonce=$(curl -s -H "Host: c.test" "$U" | grep -o 'nonce=[0-9a-f-]*' | head -1 | cut -d= -f2)
[ -n "$nonce" ] || { echo "FAIL: the balancer-manager page has no nonce"; bad=1; }
curl -s -H "Host: c.test" "$U" | grep -q "<td>Init Ok" ||
	{ echo "FAIL: the member is not Init Ok before the POST"; bad=1; }
curl -s -o /dev/null -H "Host: c.test" -e "http://c.test/balancer-manager" \
	-d "b=app&w=http://127.0.0.1:9&w_status_D=1&w_lf=1&w_ls=0&w_wr=&w_rr=&nonce=$nonce" "$U"
curl -s -H "Host: c.test" "$U" | grep -q "<td>Init Dis" ||
	{ echo "FAIL: an anonymous POST did not disable the member"; bad=1; }

out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" 2>&1 | grep '\[apache-status-exposed\]$')
lines=$(sed -n 's/^[^:]*:\([0-9]*\):.*/\1/p' <<<"$out" | sort -n | tr '\n' ' ')
st=$(grep -n 'SetHandler server-status' "$T/httpd.conf" | sed -n 1p | cut -d: -f1)
inf=$(grep -n 'SetHandler server-info' "$T/httpd.conf" | sed -n 2p | cut -d: -f1)
bm=$(grep -n 'SetHandler balancer-manager' "$T/httpd.conf" | cut -d: -f1)
# d.test's five open ones and f.test's: the SetHandler lines after their
# <Location>
sa=$(for u in sa-user sa-denied sa-ip sa-allow-all am-or env-xff ex-uri \
    es-own es-later es-uri; do
	echo $(( $(grep -n "<Location /$u>" "$T/httpd.conf" | cut -d: -f1) + 1 ))
done | tr '\n' ' ')
if [ "$lines" != "$st $inf $bm $sa" ]; then
	echo "FAIL: lint reports lines '$lines', Apache answers open pages at $st, $inf, $bm and $sa"
	echo "$out" | sed 's/^/    /'
	bad=1
fi
grep -q ":$bm:[0-9]*: high: balancer-manager" <<<"$out" ||
	{ echo "FAIL: the balancer-manager is not reported at high"; bad=1; }
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "24 pages: Apache's answers and lint's findings agree"
echo "1 passed, 0 failed"
