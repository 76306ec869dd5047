#!/bin/bash
# name_overlap.sh - testdata/site/name-overlap on the real apache2: the
# compiled vhosts, enabled as Debian does (sites-enabled/NAME.conf
# symlinks read through an IncludeOptional *.conf glob), answer each Host
# from the site check names.  Every one-host warning of check (a
# server_name or alias that another site's name or wildcard alias also
# matches) must name the site whose document root really serves that
# Host, and the hosts no warning names stay with their own site.
set -u
. "$PF_SRC/tests/lib/need.sh"
. "$PF_SRC/tests/site/lib.sh"
need apache2 curl openssl
pf_tmpdir
chmod 755 "$T"
ROOT=$T/root
DIR=$PF_TESTDATA/site/name-overlap
fail() {
	echo "FAIL: $*" >&2
	[ -f "$ROOT/apache-run/logs/error.log" ] &&
	    tail -20 "$ROOT/apache-run/logs/error.log" >&2
	exit 1
}

(cd "$DIR" && site_compile "$ROOT" sites.ini) >"$T/compile.out" 2>&1 ||
	{ cat "$T/compile.out" >&2; fail "compile"; }
(cd "$DIR" && NO_COLOR=1 "$PROXYFPM" check sites.ini) >"$T/check.out" 2>&1
site_prepare "$ROOT"
P80=$(pf_free_port)
P443=$(pf_free_port)
AV=$ROOT/etc/apache2/sites-available
EN=$ROOT/etc/apache2/sites-enabled
mkdir -p "$EN"
for f in "$AV"/*.conf; do
	sed -i "s/\*:80>/*:$P80>/; s/\*:443>/*:$P443>/" "$f"
	ln -s "$f" "$EN/"
	d=$(sed -n 's/^[[:space:]]*DocumentRoot "\(.*\)"$/\1/p' "$f" | head -1)
	mkdir -p "$d"
	basename "$f" .conf > "$d/who.txt"
done
chmod -R a+rX "$ROOT"
apache_wrapper "$ROOT" "$P80" "$T/httpd.conf"
cat >> "$T/httpd.conf" <<EOF
Listen 127.0.0.1:$P443 https
IncludeOptional "$EN/*.conf"
EOF
apache2 -t -f "$T/httpd.conf" >"$T/t.out" 2>&1 || { cat "$T/t.out" >&2; fail "apache2 -t"; }
apache2 -f "$T/httpd.conf" -DFOREGROUND >"$T/apache.out" 2>&1 &
echo $! >> "$T/pids"
for _ in $(seq 100); do
	curl -s -o /dev/null "http://127.0.0.1:$P80/" && break
	sleep 0.05
done

# who HOST -> the site that answers it on port 80: its who.txt, or the
# TLS site a redirect vhost sends to (redirect:NAME)
who() {
	local r
	r=$(curl -s -o "$T/body" -w '%{http_code} %{redirect_url}' \
	    -H "Host: $1" "http://127.0.0.1:$P80/who.txt")
	case "$r" in
	"200 "*) cat "$T/body" ;;
	"301 https://"*) echo "redirect:${r#301 https://}" ;;
	*) echo "?$r" ;;
	esac
}
expect() {	# HOST SITE
	got=$(who "$1")
	[ "$got" = "$2" ] || fail "Host $1 went to '$got', not $2"
	echo "ok: Host $1 -> $2"
}

# The hosts check warns about, with the site it says Apache serves.
grep -c 'warning: .*\[site-\(alias-overlap\|duplicate-name\)\]' "$T/check.out" |
    grep -qx 5 || { cat "$T/check.out" >&2; fail "check: not 5 warnings"; }
sed -n 's/^.*warning: \(server_name\|alias\) \([^ *?]*\) \(is also\|matches\) .*: Apache serves site \([^ ]*\) for it.*$/\2 \4/p;
    s/^.*warning: sites [^ ]* and [^ ]* have the same server_name \([^ ]*\) on [^ ]*: Apache serves site \([^ ,]*\),.*$/\1 \2/p' \
    "$T/check.out" > "$T/claims"
[ "$(wc -l < "$T/claims")" = 4 ] || { cat "$T/check.out" "$T/claims" >&2; fail "claims"; }
while read -r host site; do
	case "$site" in blog) site=redirect:blog.example.org/who.txt ;; esac
	expect "$host" "$site"
done < "$T/claims"
# alias *.example.com of zeta loses every host to alpha's, whose wildcard
# also takes shop's server_name; the names nobody else has stay put.
expect x.example.com alpha
expect www.example.com alpha
expect zeta.example.org zeta
expect blog.example.org redirect:blog.example.org/who.txt
expect media.example.net alpha
echo "name-overlap: apache2 serves each warned host from the site check names"
