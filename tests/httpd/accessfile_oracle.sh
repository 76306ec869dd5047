#!/bin/bash
# accessfile_oracle.sh - which per-directory file Apache reads, and when it
# refuses a directory because it cannot, against lint: AccessFileName with
# two names (ap_parse_htaccess reads the first that opens; one that is not
# there passes to the next), a vhost's own AccessFileName (it replaces the
# main server's), a name that is a directory (not a regular file: 403), a
# file mode 0600 of root's that Apache's user www-data cannot read (403,
# AH00529, rule htaccess-unreadable).
#
# For each directory: Apache's answer to GET DIR/x (x does not exist) is
# 404 when the file read is fine, 500 when it does not parse, 403 when it
# cannot be opened; lint must say the same of the file the test names: a
# reader warning located in it for 500, htaccess-unreadable or the
# reader's httpd-path warning located in it for 403, and nothing located
# in the directory's files for 404.
. "$PF_SRC/tests/lib/need.sh"
need apache2 curl "$PYTHON"
pf_tmpdir
fail() { echo "FAIL: $*"; tail -20 "$T/logs/error.log" 2>/dev/null; exit 1; }
[ "$(id -u)" = 0 ] || { echo "SKIP: the 0600 file must be root's"; exit 77; }
getent passwd www-data >/dev/null || fail "no user www-data"
chmod 755 "$T"
mk() {	# PATH CONTENT [MODE]
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" > "$1"
	chmod "${3:-644}" "$1"
}
# vhost a (the main server's names: .acl, then .htaccess)
mk "$T/a/d1/.acl" "Bogus1 on"
mk "$T/a/d1/.htaccess" "Options -Indexes"
mk "$T/a/d2/.htaccess" "Bogus2 on"
mkdir -p "$T/a/d3/.acl"
mk "$T/a/d3/.htaccess" "Bogus3 on"
mk "$T/a/d4/.acl" "Options -Indexes" 600
mk "$T/a/d4/.htaccess" "Bogus4 on"
mk "$T/a/d5/.htaccess" "Options -Indexes"
mk "$T/a/d6/.htaccess" "Options -Indexes" 600
# vhost b (its own AccessFileName .vh)
mk "$T/b/d1/.htaccess" "Bogus5 on"
mk "$T/b/d2/.vh" "Bogus6 on"
mk "$T/b/d3/.vh" "Options -Indexes"
# host dir: Apache's status, the file lint must name
CASES="a.test d1 500 a/d1/.acl
a.test d2 500 a/d2/.htaccess
a.test d3 403 a/d3/.acl
a.test d4 403 a/d4/.acl
a.test d5 404 -
a.test d6 403 a/d6/.htaccess
b.test d1 404 -
b.test d2 500 b/d2/.vh
b.test d3 404 -"

PORT=$(pf_free_port)
{
	pf_apache_head "$T" "$PORT"
	cat <<EOF
AccessFileName .acl .htaccess
<Directory "$T">
    AllowOverride All
    Require all granted
</Directory>
<VirtualHost 127.0.0.1:$PORT>
    ServerName a.test
    DocumentRoot "$T/a"
</VirtualHost>
<VirtualHost 127.0.0.1:$PORT>
    ServerName c.test
    DocumentRoot "$T/a"
</VirtualHost>
<VirtualHost 127.0.0.1:$PORT>
    ServerName b.test
    DocumentRoot "$T/b"
    AccessFileName .vh
</VirtualHost>
EOF
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
"$PROXYFPM" lint --no-config --format compact --fail-on none \
	--httpd "$T/httpd.conf" > "$T/lint" 2>&1
bad=0
while read -r host dir want file; do
	got=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" \
		"http://127.0.0.1:$PORT/$dir/x")
	if [ "$got" != "$want" ]; then
		echo "FAIL: $host /$dir: Apache answered $got, the test expects $want"
		bad=1
	fi
	top=${host%.test}
	here=$(grep -E "^$T/$top/$dir/[^/:]+:[0-9]+:[0-9]+: (warning|error|medium):" "$T/lint")
	case $got in
	404)	[ -z "$here" ] || { echo "FAIL: $host /$dir: 404 from Apache, lint: $here"; bad=1; } ;;
	500)	grep -E "^$T/$file:[0-9]+:[0-9]+: (warning|error): " <<<"$here" |
		    grep -qv "httpd-path\]$" ||
		    { echo "FAIL: $host /$dir: 500 from Apache, lint names no error in $file"; bad=1; }
		[ "$(grep -cv "^$T/$file:" <<<"$here")" = 0 ] ||
		    { echo "FAIL: $host /$dir: lint also blames another file"; bad=1; } ;;
	403)	grep -qE "^$T/$file:1:1: (warning|medium): .*\[(httpd-path|htaccess-unreadable)\]$" <<<"$here" ||
		    { echo "FAIL: $host /$dir: 403 from Apache, lint does not say $file cannot be read"; bad=1; }
		[ "$(grep -cv "^$T/$file:" <<<"$here")" = 0 ] ||
		    { echo "FAIL: $host /$dir: lint also blames another file"; bad=1; } ;;
	esac
done <<<"$CASES"
grep -q "AH00529" "$T/logs/error.log" || { echo "FAIL: no AH00529 in Apache's log"; bad=1; }
# c.test shares a's DocumentRoot: each diagnostic is still said once
dups=$(grep -E "^$T/a/[^ ]*:[0-9]+:[0-9]+: " "$T/lint" | sort | uniq -d)
[ -z "$dups" ] || { echo "FAIL: reported more than once: $dups"; bad=1; }
# dump shows each server's own names: the main server's two, b's one
"$PROXYFPM" dump --httpd "$T/httpd.conf" --json > "$T/dump.json" 2>/dev/null
"$PYTHON" - "$T/dump.json" <<'EOF' || bad=1
import json, sys
d = json.load(open(sys.argv[1]))
vh = {v["vhost"]["server_name"]["value"]: v["vhost"]["access_file_names"]
      for v in d["vhosts"]}
if vh != {"a.test": [], "b.test": [".vh"], "c.test": []} or \
        d["main"]["access_file_names"] != [".acl", ".htaccess"]:
    print("FAIL: dump's access_file_names: %r, main %r"
          % (vh, d["main"].get("access_file_names")))
    sys.exit(1)
EOF
if [ $bad -ne 0 ]; then
	sed 's/^/    /' "$T/lint"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "9 directories: Apache's answers and lint's diagnostics agree"
echo "1 passed, 0 failed"
