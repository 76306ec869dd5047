#!/bin/bash
# htaccess_userdir.sh - the .htaccess files below mod_userdir's targets in
# the home directory form ("UserDir public_html", Debian's userdir.conf),
# in a tree copied from another machine (--root): the accounts are the
# tree's passwd database as its nsswitch.conf lists it (etc/passwd, then
# libnss-extrausers' file), never this machine's.  The absolute forms
# ("UserDir DIR/*/x", "UserDir DIR") are compared with the real apache2 in
# htaccess_oracle.sh.
#   alice  /home/alice: her public_html/.htaccess and one a level down read
#   bob    AddType allowed: read, no warning
#   root   "UserDir disabled root": not read (AllowOverride All there)
#   nopub  no public_html: nothing
#   carol  an extrausers account (/srv/extra/carol): read
#   alice  a second line for alice with another home: the first line of
#          a name counts (/home/alice2 not read)
# Vhost c.test has its own "UserDir public_html /srv/udirs" (the first
# target that exists, else the last word):
#   erin   an account without public_html: /srv/udirs/erin read
#   ghost  no account: the home form finds no name, /srv/udirs/ghost read
# Vhost d.test: "UserDir pub_*" (a name relative to httpd's working
# directory, "/"): /pub_zed read.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fail=0
R="$T/root"
mkdir -p "$R/etc/apache2" "$R/var/www/html" "$R/var/log/apache2" \
    "$R/home/alice/public_html/sub" "$R/home/bob/public_html" \
    "$R/root/public_html" "$R/home/nopub" "$R/srv/extra/carol/public_html" \
    "$R/var/lib/extrausers" "$R/home/alice2/public_html"
cat > "$R/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
alice:x:1000:1000::/home/alice:/bin/bash
bob:x:1001:1001::/home/bob:/bin/bash
nopub:x:1002:1002::/home/nopub:/bin/bash
erin:x:1004:1004::/home/erin:/bin/bash
alice:x:1003:1003::/home/alice2:/bin/bash
EOF
printf 'passwd: files extrausers\n' > "$R/etc/nsswitch.conf"
printf 'carol:x:2000:2000::/srv/extra/carol:/bin/sh\n' \
    > "$R/var/lib/extrausers/passwd"
cat > "$R/etc/apache2/apache2.conf" <<'EOF'
ServerRoot /etc/apache2
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule userdir_module /usr/lib/apache2/modules/mod_userdir.so
PidFile /tmp/httpd.pid
ErrorLog /var/log/apache2/error.log
Listen 80
DocumentRoot /var/www/html
<Directory />
	AllowOverride None
	Require all denied
</Directory>
UserDir public_html
UserDir disabled root
<Directory /home/*/public_html>
	AllowOverride FileInfo
	Require all granted
</Directory>
<Directory /srv/extra/*/public_html>
	AllowOverride FileInfo
	Require all granted
</Directory>
<Directory /root/public_html>
	AllowOverride All
</Directory>
<VirtualHost *:80>
	ServerName a.test
	DocumentRoot /var/www/html
</VirtualHost>
<VirtualHost *:80>
	ServerName b.test
	DocumentRoot /var/www/html
</VirtualHost>
<VirtualHost *:80>
	ServerName c.test
	DocumentRoot /var/www/html
	UserDir public_html /srv/udirs
	UserDir disabled root
	<Directory /srv/udirs>
		AllowOverride FileInfo
	</Directory>
</VirtualHost>
<VirtualHost *:80>
	ServerName d.test
	DocumentRoot /var/www/html
	UserDir pub_*
	<Directory /pub_zed>
		AllowOverride FileInfo
	</Directory>
</VirtualHost>
EOF
printf 'Options +ExecCGI\n' > "$R/home/alice/public_html/.htaccess"
printf 'ServerAdmin x@y\n' > "$R/home/alice/public_html/sub/.htaccess"
printf 'AddType text/plain .foo\n' > "$R/home/bob/public_html/.htaccess"
printf 'ServerAdmin x@y\n' > "$R/root/public_html/.htaccess"
printf 'ServerAdmin x@y\n' > "$R/srv/extra/carol/public_html/.htaccess"
printf 'ServerAdmin x@y\n' > "$R/home/alice2/public_html/.htaccess"
mkdir -p "$R/home/erin" "$R/srv/udirs/erin" "$R/srv/udirs/ghost"
printf 'ServerAdmin x@y\n' > "$R/srv/udirs/erin/.htaccess"
printf 'ServerAdmin x@y\n' > "$R/srv/udirs/ghost/.htaccess"
mkdir -p "$R/pub_zed"
printf 'ServerAdmin x@y\n' > "$R/pub_zed/.htaccess"

out=$("$PROXYFPM" lint --no-config --format compact --root "$R" \
    --httpd /etc/apache2/apache2.conf -d /etc/apache2 2>&1)
dump=$("$PROXYFPM" dump --root "$R" --httpd /etc/apache2/apache2.conf \
    -d /etc/apache2 2>&1)
want() {	# PATTERN WHAT
	grep -qF -- "$1" <<<"$out" || { echo "FAIL: no $2"; fail=1; }
}
want "/home/alice/public_html/.htaccess:1:1: warning: Options not allowed" \
    "warning for alice's public_html/.htaccess"
want "/home/alice/public_html/sub/.htaccess:1:1: warning: ServerAdmin" \
    "warning for the file a level below alice's public_html"
want "/srv/extra/carol/public_html/.htaccess:1:1: warning: ServerAdmin" \
    "warning for the extrausers account's file"
want "/srv/udirs/erin/.htaccess:1:1: warning: ServerAdmin" \
    "warning for erin's second-target folder"
want "/srv/udirs/ghost/.htaccess:1:1: warning: ServerAdmin" \
    "warning for a name without an account under an absolute target"
want "/pub_zed/.htaccess:1:1: warning: ServerAdmin" \
    "warning for a folder a relative UserDir pattern maps to"
for bad in /root/public_html /home/alice2/public_html; do
	if grep -qF -- "$bad/.htaccess" <<<"$out$dump"; then
		echo "FAIL: $bad/.htaccess was read"; fail=1
	fi
done
# bob's file: in the tree, once (two vhosts and the main server inherit
# the one UserDir line), and no finding
n=$(grep -c '^# /home/bob/public_html/.htaccess$' <<<"$dump")
[ "$n" = 1 ] || { echo "FAIL: bob's .htaccess in the dump $n times (want 1)"; fail=1; }
if grep -qF -- "/home/bob/" <<<"$out"; then
	echo "FAIL: a finding for bob's allowed AddType"; fail=1
fi
# the walk reads the tree under --root, not this machine's /home
if grep -E -- "^/home/[^ ]*: " <<<"$out" | grep -vqE '^/home/alice/'; then
	echo "FAIL: a file outside the tree's accounts was read"
	grep -E -- "^/home/" <<<"$out"; fail=1
fi
[ $fail -eq 0 ] && echo "userdir walk: alice, carol, bob, erin, ghost and zed read; root and a duplicate account's home not"
exit $fail
