#!/bin/bash
# rootcopy.sh - `lint --root DIR` on a copy of only the configuration
# (etc/apache2 and etc/php of this machine's stock Debian packages), the
# way CI pipelines lint a tree taken from a server: the machine's state
# the copy lacks (etc/passwd and etc/group, /var/log, the /run/apache2
# that apache2ctl creates at start) is reported as not checked (warnings,
# exit 0), never as errors of the configuration; once the copy has it,
# the checks are made again, with php-fpm's and apache2's verdicts.
set -u
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2
need php-fpm8.2
[ -f /etc/apache2/apache2.conf ] && [ -f /etc/php/8.2/fpm/php-fpm.conf ] ||
	{ echo "SKIP: no stock /etc/apache2 or /etc/php/8.2/fpm" >&2; exit 77; }
pf_tmpdir
fail() { echo "FAIL: $*" >&2; cat "$T/out" >&2; exit 1; }
R=$T/root
mkdir -p "$R/etc/php"
cp -a /etc/apache2 "$R/etc/"
cp -a /etc/php/8.2 "$R/etc/php/"

# 1. Only the configuration: warnings that say what was not checked.
"$PROXYFPM" lint --root "$R" --fail-on none > "$T/out" 2>&1
rc=$?
[ $rc = 0 ] || fail "configuration-only copy: exit $rc, want 0"
grep -q ': error:' "$T/out" && fail "errors on a configuration-only copy"
grep -q "user 'www-data' not checked: the tree under --root has no etc/passwd" "$T/out" ||
	fail "no 'user not checked' warning"
grep -q "group 'www-data' not checked: the tree under --root has no etc/group" "$T/out" ||
	fail "no 'group not checked' warning"
grep -q 'DefaultRuntimeDir not checked' "$T/out" || fail "no DefaultRuntimeDir warning"
grep -q 'error_log (/var/log/php8.2-fpm.log) not checked' "$T/out" ||
	fail "no error_log warning"
# The copy has no module files: one note counting them, not one each.
n=$(grep -c 'httpd-module\]' "$T/out")
[ "$n" = 1 ] || fail "$n httpd-module notes for missing module files, want 1"
nload=$(cat "$R"/etc/apache2/mods-enabled/*.load | grep -c '^LoadModule')
grep -q "note: $nload LoadModule files are not in the tree under --root, the first /usr/lib/apache2/modules/" "$T/out" ||
	fail "the note does not count the $nload missing module files"

# 2. The copy has a user database without www-data: php-fpm's error.
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$R/etc/passwd"
printf 'root:x:0:\n' > "$R/etc/group"
"$PROXYFPM" lint --root "$R" --fail-on none > "$T/out" 2>&1
rc=$?
[ $rc = 3 ] || fail "user database without www-data: exit $rc, want 3"
grep -q "error: \[pool www\] cannot get uid for user 'www-data'" "$T/out" ||
	fail "no uid error"
grep -q "error: \[pool www\] cannot get gid for group 'www-data'" "$T/out" ||
	fail "no gid error"

# 3. The whole state: nothing left unchecked, no warning of these kinds.
printf 'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n' >> "$R/etc/passwd"
printf 'www-data:x:33:\n' >> "$R/etc/group"
mkdir -p "$R/var/log" "$R/var/run/apache2"
"$PROXYFPM" lint --root "$R" --fail-on none > "$T/out" 2>&1
rc=$?
[ $rc = 0 ] || fail "complete copy: exit $rc, want 0"
grep -q 'not checked' "$T/out" && fail "still 'not checked' with the state copied"
grep -q ': error:' "$T/out" && fail "errors on the complete copy"
# RHEL's stock layout copied the same way: no errors, and its ACL users
# (listen.acl_users = apache,nginx) are not called missing either.
cp -a "$PF_TESTDATA/rules/_stock/rhel" "$T/rh"
"$PROXYFPM" lint --root "$T/rh" --fail-on none > "$T/out" 2>&1
rc=$?
[ $rc = 0 ] || fail "RHEL configuration-only copy: exit $rc, want 0"
grep -q ': error:' "$T/out" && fail "errors on the RHEL copy"
grep -q "user 'apache' not checked" "$T/out" || fail "RHEL: no 'user not checked'"
grep -q 'listen.acl_users: no user' "$T/out" && fail "RHEL: ACL users called missing"

# The report says which versions the rules judged by: detected from this
# machine's binaries when its own tree is read (not under --root, where
# the target's PHP may differ from this machine's).
want=$(/usr/sbin/apache2 -v | sed -n 's|^Server version: Apache/\([0-9.]*\).*|\1|p')
"$PROXYFPM" lint --fail-on none --format json > "$T/out" 2>/dev/null
got=$("$PYTHON" -c 'import json,sys; i=json.load(open(sys.argv[1]))["inputs"]; print(i["apache_version"], i["php_version"])' "$T/out")
case "$got" in
"$want 8.2."*) ;;
*) fail "versions in the JSON report: '$got', want '$want 8.2.x'" ;;
esac
# TLS in the copy: default-ssl enabled, but the copy has no etc/ssl.
# apache2 -t there stats the certificate and key (mod_ssl refuses a
# missing or empty one); here that is a note per file, not an error, and
# with the files in the copy nothing is said.
E=$R/etc/apache2
ln -sf ../mods-available/ssl.load ../mods-available/ssl.conf \
    ../mods-available/socache_shmcb.load "$E/mods-enabled/"
ln -sf ../sites-available/default-ssl.conf "$E/sites-enabled/"
"$PROXYFPM" lint --root "$R" --fail-on none > "$T/out" 2>&1
rc=$?
[ $rc = 0 ] || fail "TLS site without its files in the copy: exit $rc, want 0"
for f in "SSLCertificateFile: file '/etc/ssl/certs/ssl-cert-snakeoil.pem'" \
    "SSLCertificateKeyFile: file '/etc/ssl/private/ssl-cert-snakeoil.key'"; do
	grep -q "note: $f is not in the tree under --root" "$T/out" ||
		fail "no note for $f"
done
mkdir -p "$R/etc/ssl/certs" "$R/etc/ssl/private"
echo cert > "$R/etc/ssl/certs/ssl-cert-snakeoil.pem"
echo key > "$R/etc/ssl/private/ssl-cert-snakeoil.key"
"$PROXYFPM" lint --root "$R" --fail-on none > "$T/out" 2>&1
grep -q "SSLCertificate.*not in the tree" "$T/out" &&
	fail "a note for certificate files the copy has"
rm -f "$E/sites-enabled/default-ssl.conf"

# Read in place (no --root), with envvars naming a run directory that does
# not exist: apache2 -t alone refuses it, but apache2ctl and the service
# create APACHE_RUN_DIR before httpd starts, so a note, not an error.  A
# DefaultRuntimeDir that envvars does not create stays apache2's error.
A=$T/inplace
cp -a /etc/apache2 "$A"
sed -i "s|^export APACHE_RUN_DIR=.*|export APACHE_RUN_DIR=$T/norun|" "$A/envvars"
"$PROXYFPM" lint --httpd "$A/apache2.conf" -d "$A" --fail-on none > "$T/out" 2>&1
rc=$?
[ $rc = 0 ] || fail "missing APACHE_RUN_DIR: exit $rc, want 0"
grep -q "note: DefaultRuntimeDir $T/norun does not exist yet: apache2 -t alone refuses it" "$T/out" ||
	fail "no note for the run directory apache2ctl creates"
sed -i "s|^DefaultRuntimeDir .*|DefaultRuntimeDir $T/elsewhere|" "$A/apache2.conf"
"$PROXYFPM" lint --httpd "$A/apache2.conf" -d "$A" --fail-on none > "$T/out" 2>&1
rc=$?
[ $rc = 3 ] || fail "missing DefaultRuntimeDir: exit $rc, want 3"
grep -q 'error: DefaultRuntimeDir must be a valid directory' "$T/out" ||
	fail "no error for a DefaultRuntimeDir nobody creates"

# Other layouts found without --httpd (semantics.md 5.3, 5.4): FreeBSD's
# /usr/local/etc/apache24/httpd.conf (ServerRoot /usr/local), Alpine's
# /etc/apache2/httpd.conf; modules named relative to ServerRoot.
for layout in freebsd alpine httpd-image; do
	L=$T/$layout
	case $layout in
	freebsd) conf=usr/local/etc/apache24/httpd.conf sr=/usr/local
		mods=libexec/apache24 ;;
	httpd-image) conf=usr/local/apache2/conf/httpd.conf
		sr=/usr/local/apache2 mods=modules ;;
	alpine) conf=etc/apache2/httpd.conf sr=/var/www mods=modules ;;
	esac
	mkdir -p "$(dirname "$L/$conf")" "$L/srv/site"
	printf 'ServerRoot "%s"\nListen 80\nLoadModule mpm_event_module %s/mod_mpm_event.so\nLoadModule authz_core_module %s/mod_authz_core.so\nLoadModule proxy_module %s/mod_proxy.so\nLoadModule proxy_fcgi_module %s/mod_proxy_fcgi.so\nDocumentRoot /srv/site\n<FilesMatch "\\.php$">\n    SetHandler "proxy:fcgi://127.0.0.1:9000"\n</FilesMatch>\n' \
	    "$sr" "$mods" "$mods" "$mods" "$mods" > "$L/$conf"
	"$PROXYFPM" lint --root "$L" --no-config --fail-on none --format compact > "$T/out" 2>&1
	rc=$?
	[ $rc = 0 ] || fail "$layout layout: exit $rc, want 0"
	grep -q "^/$conf:9:5: info: .*\[sethandler-no-file-check\]$" "$T/out" ||
		fail "$layout layout: /$conf not found and read"
	grep -q "LoadModule files are not in the tree under --root, the first $sr/$mods/mod_mpm_event.so" "$T/out" ||
		fail "$layout layout: modules not taken relative to ServerRoot $sr"
done
# Alpine's ServerRoot /var/www was not copied: not checked (a warning).
"$PROXYFPM" lint --root "$T/alpine" --no-config --fail-on none --format compact > "$T/out" 2>&1
grep -q "^/etc/apache2/httpd.conf:1:1: warning: ServerRoot not checked: the directory is not in the tree under --root \[httpd-path\]$" "$T/out" ||
	fail "no warning for a ServerRoot outside the copy"

# The official php:8.2-fpm image (semantics.md 5.5): relative include to
# the /usr/local prefix, logs to /proc/self/fd/2 (the master's stderr,
# nothing to check in a copy), zz-docker.conf's listen = 9000 wins over
# www.conf's.
D=$T/docker/usr/local/etc
mkdir -p "$D/php-fpm.d"
printf '[global]\ninclude=etc/php-fpm.d/*.conf\n' > "$D/php-fpm.conf"
printf '[www]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:9000\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n' > "$D/php-fpm.d/www.conf"
printf '[global]\nerror_log = /proc/self/fd/2\nlog_limit = 8192\n[www]\naccess.log = /proc/self/fd/2\nclear_env = no\ncatch_workers_output = yes\ndecorate_workers_output = no\n' > "$D/php-fpm.d/docker.conf"
printf '[global]\ndaemonize = no\n[www]\nlisten = 9000\n' > "$D/php-fpm.d/zz-docker.conf"
"$PROXYFPM" lint --root "$T/docker" --fpm /usr/local/etc/php-fpm.conf --no-config --format compact > "$T/out" 2>&1
rc=$?
[ $rc = 1 ] || fail "docker image layout: exit $rc, want 1"
grep -q ': error:' "$T/out" && fail "errors on the docker image layout"
# /proc/self/fd/2 is the master's stderr in any process, no file of a
# copy: php-fpm -t opens it, lint says nothing.
grep -q 'access.log (/proc/self/fd/2)\|error_log (/proc/self/fd/2)' "$T/out" &&
	fail "docker: /proc/self/fd/2 reported as a file missing from the tree"
grep -q '^/usr/local/etc/php-fpm.d/zz-docker.conf:4:10: critical: pool www listens on 9000 (all interfaces)' "$T/out" ||
	fail "docker: zz-docker.conf's listen = 9000 not judged"

# Vendors' php-fpm masters beside the distribution's, found without --fpm:
# Plesk's /opt/plesk/php/X.Y and Remi's /etc/opt/remi/phpXY run as their
# own services; a vhost pinned to one is no route-no-pool.
V=$T/vendor
mkdir -p "$V/etc/apache2" "$V/etc/php/8.2/fpm/pool.d" \
	"$V/opt/plesk/php/8.3/etc/php-fpm.d" "$V/etc/opt/remi/php74/php-fpm.d" \
	"$V/var/www/a" "$V/var/www/b" "$V/var/www/c" "$V/run/php" \
	"$V/var/www/vhosts/system/b" "$V/var/opt/remi/php74/run"
pool() {	# file name listen
	printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s\nlisten.owner = www-data\nlisten.group = www-data\npm = static\npm.max_children = 2\npm.max_requests = 500\n' "$2" "$3" > "$1"
}
printf '[global]\nerror_log = /var/log/a.log\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n' > "$V/etc/php/8.2/fpm/php-fpm.conf"
pool "$V/etc/php/8.2/fpm/pool.d/a.conf" a /run/php/a.sock
printf '[global]\nerror_log = /var/log/b.log\ninclude=/opt/plesk/php/8.3/etc/php-fpm.d/*.conf\n' > "$V/opt/plesk/php/8.3/etc/php-fpm.conf"
pool "$V/opt/plesk/php/8.3/etc/php-fpm.d/b.conf" b /var/www/vhosts/system/b/php-fpm.sock
printf '[global]\nerror_log = /var/log/c.log\ninclude=/etc/opt/remi/php74/php-fpm.d/*.conf\n' > "$V/etc/opt/remi/php74/php-fpm.conf"
pool "$V/etc/opt/remi/php74/php-fpm.d/c.conf" c /var/opt/remi/php74/run/c.sock
{
	printf 'ServerRoot /etc/apache2\nPidFile /run/a.pid\nErrorLog /var/log/e.log\nListen 80\n'
	for m in mpm_event authz_core mime proxy proxy_fcgi; do
		printf 'LoadModule %s_module /usr/lib/apache2/modules/mod_%s.so\n' $m $m
	done
	for s in a:/run/php/a.sock b:/var/www/vhosts/system/b/php-fpm.sock c:/var/opt/remi/php74/run/c.sock; do
		printf '<VirtualHost *:80>\nServerName %s.test\nDocumentRoot /var/www/%s\n<FilesMatch "\\.php$">\nSetHandler "proxy:unix:%s|fcgi://localhost"\n</FilesMatch>\n</VirtualHost>\n' "${s%%:*}" "${s%%:*}" "${s#*:}"
	done
} > "$V/etc/apache2/apache2.conf"
mkdir -p "$V/var/log"
"$PROXYFPM" lint --root "$V" --no-config --format compact --fail-on none > "$T/out" 2>&1
grep -q 'route-no-pool\]$\|pool-unused\]$' "$T/out" &&
	fail "vendor masters: a pinned vhost's pool not found"
grep -q '^/opt/plesk/php/8.3/etc/php-fpm.d/b.conf' "$T/out" ||
	fail "vendor masters: Plesk's PHP 8.3 master not read"

echo "rootcopy: configuration-only copy warns, user database decides, complete copy clean, FreeBSD and Alpine layouts found"
