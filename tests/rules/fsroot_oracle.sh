#!/bin/bash
# fsroot_oracle.sh - rule root-directory-granted against the real apache2:
# one server per access setup of the file system's root, each with
# "Alias /out OUTSIDE" (a folder no section names) and a symbolic link to
# the same folder inside the DocumentRoot.  GET /out/s.txt from 127.0.0.1
# says whether Apache serves what lies outside the sites; lint must report
# exactly the setups where it does:
#   none       no <Directory /> at all (Apache grants what no rule covers)
#   granted    <Directory /> Require all granted
#   compat     <Directory /> Order allow,deny + Allow from all
#   location   <Location /> Require all granted (every URL)
#   nosreq     <Directory /> with Options and AllowOverride only
#   denied     <Directory /> Require all denied (the stock setup)
#   compatdeny <Directory /> Order deny,allow + Deny from all
#   local      <Directory /> Require local (200 from 127.0.0.1, but a
#              choice that depends on the client: not reported)
#   ifdeny     the stock denial inside <IfModule authz_core_module>
# The link is served in every setup (<Directory> matches the path walked).
. "$PF_SRC/tests/lib/need.sh"
need apache2 curl
pf_tmpdir
chmod 755 "$T"
mkdir -p "$T/www" "$T/outside"
echo hi > "$T/www/a.txt"
echo secret > "$T/outside/s.txt"
ln -s "$T/outside" "$T/www/link"
chmod -R a+rX "$T"
bad=0
grant="<Directory $T/www>
    Require all granted
</Directory>"
body() {
	case $1 in
	none) ;;
	granted) printf '<Directory />\n    Require all granted\n</Directory>\n' ;;
	compat) printf '<Directory />\n    Order allow,deny\n    Allow from all\n</Directory>\n' ;;
	location) printf '<Location />\n    Require all granted\n</Location>\n' ;;
	nosreq) printf '<Directory />\n    Options FollowSymLinks\n    AllowOverride None\n</Directory>\n' ;;
	denied) printf '<Directory />\n    Require all denied\n</Directory>\n%s\n' "$grant" ;;
	compatdeny) printf '<Directory />\n    Order deny,allow\n    Deny from all\n</Directory>\n<Directory %s/www>\n    Order allow,deny\n    Allow from all\n</Directory>\n' "$T" ;;
	local) printf '<Directory />\n    Require local\n</Directory>\n' ;;
	ifdeny) printf '<IfModule authz_core_module>\n<Directory />\n    Require all denied\n</Directory>\n</IfModule>\n%s\n' "$grant" ;;
	esac
}
n=0
for s in none granted compat location nosreq denied compatdeny local ifdeny; do
	port=$(pf_free_port)
	mkdir -p "$T/$s"
	{
		pf_apache_head "$T/$s" "$port" mime alias access_compat authz_host
		printf 'TypesConfig /etc/mime.types\nDocumentRoot %s/www\nAlias /out %s/outside\n' "$T" "$T"
		body $s
	} > "$T/$s/httpd.conf"
	apache2 -f "$T/$s/httpd.conf" -DFOREGROUND &
	pid=$!
	echo $pid >> "$T/pids"
	for _ in $(seq 300); do
		curl -s -o /dev/null "http://127.0.0.1:$port/" && break
		sleep 0.01
	done
	out=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/out/s.txt")
	link=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/link/s.txt")
	kill "$pid"
	wait "$pid" 2>/dev/null
	lint=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --min-severity info --httpd "$T/$s/httpd.conf" 2>&1 |
	    grep -c '\[root-directory-granted\]$')
	case $s in
	none | granted | compat | location | nosreq | local) want=200 ;;
	*) want=403 ;;
	esac
	[ "$out" = "$want" ] ||
		{ echo "FAIL: $s: Apache answers $out for /out/s.txt, the test expects $want"; bad=1; }
	[ "$link" = 200 ] ||
		{ echo "FAIL: $s: Apache answers $link for /link/s.txt, the test expects 200"; bad=1; }
	if [ "$out" = 200 ] && [ "$s" != local ]; then w=1; else w=0; fi
	[ "$lint" = "$w" ] ||
		{ echo "FAIL: $s: lint reports $lint root-directory-granted findings, Apache answers $out outside the sites"; bad=1; }
	n=$((n + 1))
done
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$n setups: lint reports exactly those where Apache serves files outside the sites"
echo "1 passed, 0 failed"
