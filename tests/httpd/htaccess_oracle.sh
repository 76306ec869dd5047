#!/bin/bash
# htaccess_oracle.sh - the .htaccess files the reader reads and the nodes it
# flags forbidden (model/apache.h PF_NODE_FORBIDDEN) against the real
# apache2: one private server on 127.0.0.1 with a directory per case
# (AllowOverride classes, Options=..., AllowOverrideList, Nonfatal=, no
# AllowOverride at all, a section below the document root, inheritance);
# for each URL the reader predicts 500 exactly when a forbidden node is in
# the .htaccess of the file's directory or of a parent, else 200, and
# apache2 must answer that.  Name-based vhosts on a second port have
# their DocumentRoot below a folder whose own .htaccess httpd reads (or,
# under AllowOverride None, does not), or an Alias to a folder outside
# it; one Alias is the main server's: the reader reads the same files.
set -u
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2 curl "$PYTHON"
pf_tmpdir
chmod a+x "$T"	# apache2's children run as www-data
PROBE="$PF_BUILD/httpd-probe"
[ -x "$PROBE" ] || { echo "FAIL: $PROBE missing"; exit 1; }
mods=/usr/lib/apache2/modules
w="$T/www"
port=$(pf_free_port)
port2=$(pf_free_port)
[ "$port2" != "$port" ] || port2=$(pf_free_port)

# case DIR ALLOWOVERRIDE-LINES HTACCESS-TEXT ('-': no <Directory> of its
# own, '': no .htaccess)
dirs=()
conf_dirs=""
mk() {
	local d=$1 ao=$2 ht=$3
	mkdir -p "$w/$d"
	echo "x" > "$w/$d/x.txt"
	[ -n "$ht" ] && printf '%b' "$ht" > "$w/$d/.htaccess"
	if [ "$ao" != - ]; then
		conf_dirs+="<Directory $w/$d>
$(printf '%b' "$ao")
</Directory>
"
	fi
	dirs+=("$d")
}
# not read at all: AllowOverride None
mk none 'AllowOverride None' 'Options -Indexes\nNoSuchDirective x\n'
# allowed classes
mk fileinfo-ok 'AllowOverride FileInfo' 'AddType text/plain .foo\nRewriteEngine On\n'
mk fileinfo-options 'AllowOverride FileInfo' 'AddType text/plain .foo\nOptions -Indexes\n'
mk authconfig-files 'AllowOverride AuthConfig' '<Files x.txt>\nRequire all granted\n</Files>\n'
mk authconfig-in-files 'AllowOverride AuthConfig' '<Files x.txt>\nAddType text/plain .foo\n</Files>\n'
mk never 'AllowOverride All' 'ServerAdmin me@example.test\n'
# AllowOverrideList alone
mk list-ok 'AllowOverride None\nAllowOverrideList Redirect' 'Redirect /list-ok/a /b\n'
mk list-bad 'AllowOverride None\nAllowOverrideList Redirect' 'Options -Indexes\n'
# Options=...
mk opts-ok 'AllowOverride Options=Indexes,FollowSymLinks' 'Options -Indexes +FollowSymLinks\n'
mk opts-bad 'AllowOverride Options=Indexes' 'Options +ExecCGI\n'
mk opts-bare-multi 'AllowOverride Options' 'Options +MultiViews\n'
mk opts-all-multi 'AllowOverride All' 'Options +MultiViews\n'
# Nonfatal=
mk nonfatal 'AllowOverride AuthConfig Nonfatal=Override' 'Options -Indexes\n'
mk nonfatal-then-all 'AllowOverride Nonfatal=Override All' 'ServerAdmin me@example.test\n'
mk unknown 'AllowOverride All' 'NoSuchDirective x\n'
mk unknown-nonfatal 'AllowOverride All Nonfatal=Unknown' 'NoSuchDirective x\n'
mk arity 'AllowOverride All' 'AddType\n'
mk include 'AllowOverride All' "Include $T/empty.conf\n"
# no AllowOverride for the directory: read, nothing allowed
mk unset - 'AddType text/plain .foo\n'
mk unset-empty - ''
# inherited by a subdirectory; a section below a None parent
mk inh 'AllowOverride FileInfo' 'AddType text/plain .foo\n'
mk inh/sub - 'Options -Indexes\n'
mk deep 'AllowOverride None' ''
mk deep/a 'AllowOverride FileInfo' 'Options -Indexes\n'
mk deep/b - 'Options -Indexes\n'
# vhosts whose DocumentRoot lies below a folder with an .htaccess
vhosts=""
vnames=()
pv() {	# NAME DOCROOT-BELOW-$T [ALIAS-URL ALIAS-TARGET-BELOW-$T]
	mkdir -p "$T/$2"
	echo "x" > "$T/$2/x.txt"
	vhosts+="<VirtualHost 127.0.0.1:$port2>
ServerName $1.test
DocumentRoot $T/$2
${3:+Alias $3 $T/$4}
</VirtualHost>
"
	vnames+=("$1 / $T/$2")
	if [ -n "${3:-}" ]; then
		mkdir -p "$T/$4"
		echo "x" > "$T/$4/x.txt"
		vnames+=("$1 $3/ $T/$4")
	fi
}
pdir() {	# DIR-BELOW-$T ALLOWOVERRIDE HTACCESS-TEXT
	mkdir -p "$T/$1"
	printf '%b' "$3" > "$T/$1/.htaccess"
	conf_dirs+="<Directory $T/$1>
$2
Require all granted
</Directory>
"
}
# a refused line two levels above the DocumentRoot: 500 for all of it
pv p1 p1/q/root
pdir p1 'AllowOverride All' 'ServerAdmin me@example.test\n'
# an allowed one: read, 200
pv p2 p2/root
pdir p2 'AllowOverride FileInfo' 'AddType text/plain .foo\n'
# AllowOverride None above: not read
pv p3 p3/root
pdir p3 'AllowOverride None' 'NoSuchDirective x\n'
# All above, None at the level between: the first read, not the second
pv p4 p4/mid/root
pdir p4 'AllowOverride All' 'AddType text/plain .bar\n'
pdir p4/mid 'AllowOverride None' 'NoSuchDirective x\n'
# a wildcard <Directory> above the DocumentRoot
pv p6 wild1/sub/root
printf 'ServerAdmin me@example.test\n' > "$T/wild1/sub/.htaccess"
conf_dirs+="<Directory $T/wild*/sub>
AllowOverride All
Require all granted
</Directory>
"
# a vhost's Alias to a folder with a refused line: 500 there only
pv p5 p5/root /app appdir
pdir appdir 'AllowOverride All' 'ServerAdmin me@example.test\n'
# two vhosts each with an Alias to one folder (templated vhosts): read
# once, as the main server's
pv p7 p7/root /shared sharedapp
pv p8 p8/root /shared sharedapp
pdir sharedapp 'AllowOverride All' 'ServerAdmin me@example.test\n'
# mod_userdir: the main server's "UserDir $T/users/*/pub" maps /~alice/
# below $T/users/alice/pub (any name: no account needed), and every vhost
# inherits it; "UserDir disabled carol" reaches the vhosts with no
# UserDir line of their own (they have the main server's config, lists
# and all: apache2 answers 404 for /~carol/ on p5), so carol's file is
# not read.  Vhost p9 has its own "UserDir $T/udir2" (DIR/user), and
# "UserDir disabled" with "UserDir enabled erin": dave's file not read.
udir() {	# DIR-BELOW-$T HTACCESS-TEXT
	mkdir -p "$T/$1"
	echo x > "$T/$1/x.txt"
	printf '%b' "$2" > "$T/$1/.htaccess"
}
udir users/alice/pub 'ServerAdmin me@example.test\n'
udir users/bob/pub 'AddType text/plain .foo\n'
udir users/carol/pub 'ServerAdmin me@example.test\n'
udir udir2/dave 'ServerAdmin me@example.test\n'
udir udir2/erin 'ServerAdmin me@example.test\n'
conf_dirs+="<Directory $T/users/*/pub>
AllowOverride FileInfo
Require all granted
</Directory>
<Directory $T/udir2>
AllowOverride FileInfo
Require all granted
</Directory>
"
vhosts+="<VirtualHost 127.0.0.1:$port2>
ServerName p9.test
DocumentRoot $T/p9
UserDir $T/udir2
UserDir disabled
UserDir enabled erin
</VirtualHost>
"
mkdir -p "$T/p9"
echo x > "$T/p9/x.txt"
vnames+=("p5 /~alice/ $T/users/alice/pub" "p5 /~bob/ $T/users/bob/pub"
    "p9 /~erin/ $T/udir2/erin")
# the main server's Alias: every vhost has it
mkdir -p "$T/mainapp"
echo x > "$T/mainapp/x.txt"
vnames+=("p5 /mapp/ $T/mainapp")
pdir mainapp 'AllowOverride All' 'ServerAdmin me@example.test\n'
: > "$T/empty.conf"
chmod -R a+rX "$T"

{
	pf_apache_head "$T" "$port" mime alias rewrite userdir
	cat <<EOF
TypesConfig /etc/mime.types
DocumentRoot $w
<Directory $w>
Require all granted
</Directory>
$conf_dirs
Alias /mapp $T/mainapp
UserDir $T/users/*/pub
UserDir disabled carol
Listen 127.0.0.1:$port2
$vhosts
EOF
} > "$T/httpd.conf"
if ! /usr/sbin/apache2 -f "$T/httpd.conf" -k start 2>"$T/start.err"; then
	echo "FAIL: apache2 did not start"; cat "$T/start.err"; exit 1
fi
for _ in $(seq 100); do [ -s "$T/run/httpd.pid" ] && break; sleep 0.05; done
cat "$T/run/httpd.pid" >> "$T/pids"
for d in "${dirs[@]}"; do
	echo "$d $(curl -s -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$port/$d/x.txt")"
done > "$T/real"
for v in "${vnames[@]}"; do
	set -- $v
	echo "$3 $(curl -s -o /dev/null -w '%{http_code}' -H "Host: $1.test" \
	    "http://127.0.0.1:$port2${2}x.txt")"
done > "$T/real2"
carol=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: p5.test" \
    "http://127.0.0.1:$port2/~carol/x.txt")
if [ "$carol" != 404 ]; then
	echo "FAIL: /~carol/ on p5: apache2 answers $carol, not 404 (the" \
	    "main server's UserDir disabled carol)"
	exit 1
fi
"$PROBE" --json -d "$T" "$T/httpd.conf" > "$T/dump.json" 2>"$T/diags"
"$PYTHON" - "$T/dump.json" "$w" "$T/real" "$T/real2" "$T" <<'PY'
import json, sys
dump, www, real = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
real2, tdir = sys.argv[4], sys.argv[5]
# .htaccess sections: directory -> (forbidden?, ignored?)
ht = {}
nsec = {}
def walk(nodes, sec=None):
    for n in nodes:
        if n["name"] == "Directory" and "htaccess" in n["flags"] and sec is None:
            ht.setdefault(n["args"][0], [False, False])
            nsec[n["args"][0]] = nsec.get(n["args"][0], 0) + 1
            walk(n.get("children", []), n["args"][0])
            continue
        if sec is not None:
            ht[sec][0] |= "forbidden" in n["flags"]
            ht[sec][1] |= "ignored" in n["flags"]
        walk(n.get("children", []), sec)
walk(dump["tree"])
for v in dump["vhosts"]:
    pass
fail = 0
seen_forbidden = seen_ignored = False
for line in open(real):
    d, code = line.split()
    path = www + "/" + d
    want = "500" if any(f for k, (f, _) in ht.items()
        if path == k or path.startswith(k + "/")) else "200"
    seen_forbidden |= want == "500"
    seen_ignored |= ht.get(path, [False, False])[1]
    if d == "none" and path in ht:
        print("FAIL none: AllowOverride None, but the reader read the file")
        fail += 1
    if code != want:
        print("FAIL %s: apache2 answers %s, the reader predicts %s" %
            (d, code, want))
        fail += 1
# the vhosts below parents, and Alias targets: FOLDER code
for line in open(real2):
    root, code = line.split()
    path = root + "/x.txt"
    want = "500" if any(f for k, (f, _) in ht.items()
        if path.startswith(k + "/")) else "200"
    if code != want:
        print("FAIL %s: apache2 answers %s, the reader predicts %s" %
            (root, code, want))
        fail += 1
for d, read in (("p1", True), ("p2", True), ("p3", False), ("p4", True),
        ("p4/mid", False), ("appdir", True), ("mainapp", True),
        ("wild1/sub", True), ("sharedapp", True), ("users/alice/pub", True),
        ("users/carol/pub", False), ("udir2/erin", True),
        ("udir2/dave", False)):
    if (tdir + "/" + d in ht) != read:
        print("FAIL %s/.htaccess: httpd %s it, the reader %s" % (d,
            "reads" if read else "does not read",
            "does" if tdir + "/" + d in ht else "does not"))
        fail += 1
if nsec.get(tdir + "/sharedapp") != 1:
    print("FAIL sharedapp/.htaccess: read %s times for two vhosts' Alias "
        "(want once, as the main server's)" % nsec.get(tdir + "/sharedapp"))
    fail += 1
if nsec.get(tdir + "/users/alice/pub") != 1:
    print("FAIL users/alice/pub/.htaccess: read %s times for the main "
        "server's UserDir every vhost inherits (want once)" %
        nsec.get(tdir + "/users/alice/pub"))
    fail += 1
if not seen_forbidden or not seen_ignored:
    print("FAIL: no forbidden or no ignored node at all")
    fail += 1
print(" ".join("%s=%s" % tuple(l.split()) for l in open(real)))
print(" ".join("%s=%s" % (l.split()[0][len(tdir) + 1:], l.split()[1])
    for l in open(real2)))
print("htaccess oracle: %d directories, %d disagreements" %
    (sum(1 for _ in open(real)), fail))
sys.exit(1 if fail else 0)
PY
rc=$?
[ $rc -eq 0 ] || { cat "$T/diags"; tail -20 "$T/logs/error.log"; }
exit $rc
