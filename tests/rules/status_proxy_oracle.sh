#!/bin/bash
# status_proxy_oracle.sh - rule apache-status-exposed where Apache answers
# on loopback only, behind a proxy on the same host, against the real
# apache2 (three of them, all on 127.0.0.1):
#   back1  Listen 127.0.0.1 only, Debian's status.conf (<Location
#          /server-status> Require local);
#   back2  the same with RemoteIPHeader X-Forwarded-For and
#          RemoteIPInternalProxy 127.0.0.1 (the proxy's header gives
#          mod_remoteip the client's address back);
#   front  a reverse proxy (mod_proxy_http: /a/ to back1, /b/ to back2),
#          as nginx or Varnish would stand in front.
# A client the proxy forwards (its address in X-Forwarded-For, here the
# public 203.0.113.9) gets back1's status page (200) and back2's 403.
# lint reports back1's SetHandler line (a client of the proxy is "from
# this machine") and is silent on back2, and on back1's file with a
# public Listen (Require local then tells clients apart).  A vhost bound
# to 127.0.0.1 among public Listens is loopback-only too; with Listen
# [::1] only, "Require ip ::1" is this machine, "Require ip 127.0.0.1"
# not (lint alone: tests listen on 127.0.0.1).  Any other "Require local"
# section is the same (require-local-behind-proxy): back1's /admin answers
# the proxy's clients (200), back2's not (403); a RequireAll that also
# asks for a user still does (401), and is not reported.  The 2.2-style
# status page (mod_access_compat: Order deny,allow, Deny from all, Allow
# from 127.0.0.1 ::1) is the same: 200 through the proxy to back1, 403 to
# back2; reported on back1, as is /old-admin with those lines
# (require-local-behind-proxy, at its Allow line).
. "$PF_SRC/tests/lib/need.sh"
need apache2 curl
pf_tmpdir
fail() { echo "FAIL: $*"; tail -5 "$T"/*/logs/error.log 2>/dev/null; exit 1; }
chmod 755 "$T"
P1=$(pf_free_port); P2=$(pf_free_port); PF=$(pf_free_port)
back() {	# DIR PORT EXTRA
	mkdir -p "$1/www"
	echo hi > "$1/www/index.html"
	mkdir -p "$1/www/admin" "$1/www/staff" "$1/www/old-admin"
	echo admin > "$1/www/admin/index.html"
	echo admin > "$1/www/old-admin/index.html"
	echo staff > "$1/www/staff/index.html"
	pf_apache_head "$1" "$2" authz_host status remoteip dir auth_basic \
		authn_core authn_file authz_user access_compat
	cat <<EOF
DocumentRoot "$1/www"
<Directory "$1/www">
    Require all granted
</Directory>
$3
<IfModule mod_status.c>
    <Location /server-status>
        SetHandler server-status
        Require local
    </Location>
</IfModule>
<Location /admin>
    Require local
</Location>
<Location /old-admin>
    Order deny,allow
    Deny from all
    Allow from 127.0.0.1
</Location>
<Location /old-status>
    SetHandler server-status
    Order deny,allow
    Deny from all
    Allow from 127.0.0.1 ::1
</Location>
<Location /staff>
    <RequireAll>
        Require local
        Require valid-user
    </RequireAll>
    AuthType Basic
    AuthName staff
    AuthUserFile "$1/nonexistent"
</Location>
EOF
}
back "$T/back1" "$P1" "" > "$T/back1.conf"
back "$T/back2" "$P2" "RemoteIPHeader X-Forwarded-For
RemoteIPInternalProxy 127.0.0.1" > "$T/back2.conf"
mkdir -p "$T/front"
{
	pf_apache_head "$T/front" "$PF" proxy proxy_http
	cat <<EOF
ProxyPass /a/ http://127.0.0.1:$P1/
ProxyPass /b/ http://127.0.0.1:$P2/
EOF
} > "$T/front.conf"
pf_apache_run "$T/back1.conf" "$P1" || fail "back1 did not start"
pf_apache_run "$T/back2.conf" "$P2" || fail "back2 did not start"
pf_apache_run "$T/front.conf" "$PF" || fail "the proxy did not start"
bad=0
via() {	# PATH: the status through the proxy, for a client at 203.0.113.9
	curl -s -o "$T/body" -w '%{http_code}' \
	    -H "X-Forwarded-For: 203.0.113.9" "http://127.0.0.1:$PF$1"
}
expect() {	# PATH CODE: what a client of the proxy gets there
	local got
	got=$(via "$1")
	[ "$got" = "$2" ] ||
		{ echo "FAIL: $1 through the proxy: $got, not $2"; bad=1; }
}
# /a/ is back1 (loopback only), /b/ back2 (mod_remoteip)
expect /a/server-status 200
grep -q "Server Version" "$T/body" ||
	{ echo "FAIL: back1's status page does not show the server's status"; bad=1; }
for p in server-status old-status old-admin/ admin/; do
	expect "/a/$p" 200
	expect "/b/$p" 403
done
expect /a/staff/ 401	# RequireAll: local + valid-user

lint() {	# CONF [RULE]: that rule's lines (apache-status-exposed)
	"$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --httpd "$1" 2>&1 | grep "\[${2:-apache-status-exposed}\]\$"
}
# /admin: require-local-behind-proxy at its Require line; not /staff (a
# password still asked), not the status page (apache-status-exposed's)
adm=$(( $(grep -n '<Location /admin>' "$T/back1.conf" | cut -d: -f1) + 1 ))
oadm=$(( $(grep -n '<Location /old-admin>' "$T/back1.conf" | cut -d: -f1) + 3 ))
out=$(lint "$T/back1.conf" require-local-behind-proxy)
lines=$(sed -n 's/^[^:]*:\([0-9]*\):.*/\1/p' <<<"$out" | tr '\n' ' ')
[ "$lines" = "$adm $oadm " ] ||
	{ echo "FAIL: require-local-behind-proxy at '$lines', /admin's Require is line $adm, /old-admin's Allow $oadm"; echo "$out"; bad=1; }
out=$(lint "$T/back2.conf" require-local-behind-proxy)
[ -z "$out" ] ||
	{ echo "FAIL: back2 (mod_remoteip) reported: $out"; bad=1; }
st=$(grep -n 'SetHandler server-status' "$T/back1.conf" | sed -n 1p | cut -d: -f1)
old=$(grep -n 'SetHandler server-status' "$T/back1.conf" | sed -n 2p | cut -d: -f1)
out=$(lint "$T/back1.conf")
grep -q "^$T/back1.conf:$st:[0-9]*: medium: .*from this machine" <<<"$out" ||
	{ echo "FAIL: back1 (loopback only, Require local) not reported at line $st"; echo "$out"; bad=1; }
grep -q "^$T/back1.conf:$old:[0-9]*: medium: .*from this machine" <<<"$out" ||
	{ echo "FAIL: back1's /old-status (Allow from 127.0.0.1) not reported at line $old"; echo "$out"; bad=1; }
out=$(lint "$T/back2.conf")
[ -z "$out" ] ||
	{ echo "FAIL: back2 (mod_remoteip) reported: $out"; bad=1; }
sed "s/^Listen 127.0.0.1:$P1\$/Listen $P1/" "$T/back1.conf" > "$T/public.conf"
out=$(lint "$T/public.conf")
[ -z "$out" ] ||
	{ echo "FAIL: a public Listen reported: $out"; bad=1; }
{
	sed "s/^Listen 127.0.0.1:$P1\$/Listen $P1/" "$T/back1.conf"
	echo "<VirtualHost 127.0.0.1:$P1>"
	echo "    ServerName backend.test"
	echo "</VirtualHost>"
} > "$T/vhost.conf"
out=$(lint "$T/vhost.conf")
grep -q "/server-status on backend.test to requests from this machine" <<<"$out" ||
	{ echo "FAIL: a vhost on 127.0.0.1 among public Listens not reported: $out"; bad=1; }
# Listening on ::1 only, the proxy connects from ::1: "Require ip ::1"
# (or ::1/128) lets it in, "Require ip 127.0.0.1" does not.
for r in "ip ::1" "ip ::1/128" "ip 127.0.0.1"; do
	sed -e "s/^Listen 127.0.0.1:$P1\$/Listen [::1]:$P1/" \
	    -e "s#Require local#Require $r#" "$T/back1.conf" > "$T/v6.conf"
	out=$(lint "$T/v6.conf" | grep "answers /server-status ")
	case "$r" in
	*127.0.0.1) [ -z "$out" ] ||
		{ echo "FAIL: [::1] with Require $r reported: $out"; bad=1; } ;;
	*) grep -q "from this machine" <<<"$out" ||
		{ echo "FAIL: [::1] with Require $r not reported"; bad=1; } ;;
	esac
done
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
