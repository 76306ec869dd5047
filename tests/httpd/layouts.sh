#!/bin/bash
# layouts.sh - what Gentoo's and SUSE's services add to apache2's command
# line, read by dump/lint when the main file is the service's (no --httpd
# under --root): Gentoo's APACHE2_OPTS (-D NAME, -DNAME), CONFIGFILE and
# SERVERROOT; SUSE's -DSYSCONFIG, APACHE_SERVER_FLAGS (NAME, -DNAME, -D
# NAME), the LoadModule/global lines made from APACHE_MODULES and
# APACHE_*, the Includes of APACHE_CONF_INCLUDE_FILES; the defines' lines
# in dump (text and JSON); none of it for another main file.
. "$PF_SRC/tests/httpd/layouts_lib.sh"

# --- Gentoo ---------------------------------------------------------------
G=$T/gentoo
mkdir -p "$G/etc/apache2" "$G/etc/conf.d" "$G/usr/lib64/apache2"
cat > "$G/etc/conf.d/apache2" <<'C'
# comment APACHE2_OPTS="-D WRONG"
APACHE2_OPTS="-D DEFAULT_VHOST -DPROXY
  -D PHP"
# added the way module packages' notes say: the shell keeps the above
APACHE2_OPTS="${APACHE2_OPTS} -D EXTRA"
C
cat > "$G/etc/apache2/httpd.conf" <<'C'
ServerRoot "/usr/lib64/apache2"
<IfDefine PROXY>
LoadModule proxy_module modules/mod_proxy.so
LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so
</IfDefine>
Listen 80
<IfDefine PHP>
<FilesMatch "\.php$">
SetHandler "proxy:unix:/run/php-fpm/www.sock|fcgi://localhost"
</FilesMatch>
</IfDefine>
<IfDefine WRONG>
ServerName wrong.test
</IfDefine>
C
"$PROXYFPM" dump --root "$G" --json > "$T/out" 2>/dev/null ||
	fail "gentoo: dump exited $?"
$py - "$T/out" <<'P' || fail "gentoo: dump JSON"
import json, sys
d = json.load(open(sys.argv[1]))
d = d.get("httpd", d)
defs = {x["name"]: x.get("from") for x in d["defines"]}
assert set(defs) == {"DEFAULT_VHOST", "PROXY", "PHP", "EXTRA"}, defs
assert defs["DEFAULT_VHOST"] == {"file": "/etc/conf.d/apache2", "line": 2}, defs
assert defs["PHP"]["line"] == 3, defs
assert defs["EXTRA"]["line"] == 5, defs
assert "proxy_fcgi_module" in d["modules"], d["modules"]
# the compiled-in MPM (no /var/db/pkg in the tree: prefork)
assert d["mpm"] == "prefork", d["mpm"]
assert d["server_root"] == "/usr/lib64/apache2", d["server_root"]
P
"$PROXYFPM" dump --root "$G" > "$T/out" 2>/dev/null
grep -qx '# -D PROXY (/etc/conf.d/apache2:2)' "$T/out" ||
	fail "gentoo: text dump does not say where -D PROXY comes from"
# -D on the command line adds to APACHE2_OPTS
"$PROXYFPM" dump --root "$G" -D WRONG --json > "$T/out" 2>/dev/null
grep -q '"wrong.test"' "$T/out" || fail "gentoo: -D WRONG not added"
# no /var/db/pkg: what Portage builds apache with (make.conf's
# APACHE2_MPMS, then a package.use line for www-servers/apache)
mkdir -p "$G/etc/portage/package.use"
printf 'USE="ssl"\nAPACHE2_MPMS="worker"\n' > "$G/etc/portage/make.conf"
"$PROXYFPM" dump --root "$G" --json 2>/dev/null | grep -q '"mpm":"worker"' ||
	fail "gentoo: MPM not taken from make.conf APACHE2_MPMS"
printf '# web\nwww-servers/apache threads ssl\n' > "$G/etc/portage/package.use/web"
"$PROXYFPM" dump --root "$G" --json 2>/dev/null | grep -q '"mpm":"event"' ||
	fail "gentoo: MPM not taken from package.use"
rm -r "$G/etc/portage"
# the MPM linked into the tree's own /usr/sbin/apache2 (its module's
# source file name, event.c / worker.c / prefork.c), over any USE
mkdir -p "$G/usr/sbin"
printf '\177ELF\0core.c\0prefork.cx\0worker.c\0http_core.c\0' > "$G/usr/sbin/apache2"
"$PROXYFPM" dump --root "$G" --json 2>/dev/null | grep -q '"mpm":"worker"' ||
	fail "gentoo: MPM not taken from the binary"
rm -r "$G/usr/sbin"
# the installed package's USE: event with APACHE2_MPMS=event
mkdir -p "$G/var/db/pkg/www-servers/apache-2.4.66"
echo "amd64 apache2_mpms_event ssl threads" > \
	"$G/var/db/pkg/www-servers/apache-2.4.66/USE"
"$PROXYFPM" dump --root "$G" --json 2>/dev/null | grep -q '"mpm":"event"' ||
	fail "gentoo: MPM not taken from USE"
# CONFIGFILE: another main file is the service's; httpd.conf is not
mkdir -p "$G/etc/apache2/alt"
cp "$G/etc/apache2/httpd.conf" "$G/etc/apache2/alt/main.conf"
echo 'CONFIGFILE=/etc/apache2/alt/main.conf' >> "$G/etc/conf.d/apache2"
"$PROXYFPM" dump --root "$G" > "$T/out" 2>/dev/null
grep -q '^# httpd /etc/apache2/alt/main.conf' "$T/out" ||
	fail "gentoo: CONFIGFILE not followed"
grep -q '^# -D PROXY' "$T/out" || fail "gentoo: no defines for CONFIGFILE"
"$PROXYFPM" dump --root "$G" --httpd /etc/apache2/httpd.conf > "$T/out" \
	2>/dev/null
grep -q '^# -D' "$T/out" &&
	fail "gentoo: the service's defines on a file it does not start"

# Bad input: NAME="$NAME $NAME" 200 times doubles past any memory, an
# unterminated quote and NUL bytes: bounded, no crash
{
	echo 'APACHE2_OPTS="-D A"'
	for i in $(seq 200); do
		echo 'APACHE2_OPTS="$APACHE2_OPTS ${APACHE2_OPTS}"'
	done
	printf 'APACHE2_OPTS="-D B\0 -D C\n'
} > "$G/etc/conf.d/apache2"
timeout 20 "$PROXYFPM" lint --no-config --root "$G" --fail-on none \
	> "$T/out" 2>&1
rc=$?
[ $rc = 0 ] || [ $rc = 3 ] || fail "gentoo: doubling APACHE2_OPTS: exit $rc"

# --- Gentoo under systemd: the enabled apache2.service ----------------------
# (files/apache2.4-hardened.service: EnvironmentFile=/etc/conf.d/apache2,
# ExecStart=/usr/sbin/apache2 $APACHE2_OPTS -DFOREGROUND): systemd's
# syntax, so "${APACHE2_OPTS} -D EXTRA" is not expanded (httpd refuses the
# word), and no -d/-f: CONFIGFILE and SERVERROOT are OpenRC's only
G=$T/gentoo-systemd
mkdir -p "$G/etc/apache2" "$G/etc/conf.d" "$G/usr/lib64/apache2" \
	"$G/etc/systemd/system/multi-user.target.wants"
printf 'APACHE2_OPTS="-D DEFAULT_VHOST -D PHP"\nCONFIGFILE=/etc/apache2/other.conf\n' \
	> "$G/etc/conf.d/apache2"
printf '<IfDefine PHP>\nServerName php.test\n</IfDefine>\n' > \
	"$G/etc/apache2/httpd.conf"
ln -s /usr/lib/systemd/system/apache2.service \
	"$G/etc/systemd/system/multi-user.target.wants/apache2.service"
"$PROXYFPM" dump --root "$G" --json > "$T/out" 2>/dev/null ||
	fail "gentoo systemd: dump exited $?"
$py - "$T/out" <<'P' || fail "gentoo systemd: dump JSON"
import json, sys
d = json.load(open(sys.argv[1]))
d = d.get("httpd", d)
defs = {x["name"]: x.get("from") for x in d["defines"]}
assert set(defs) == {"DEFAULT_VHOST", "PHP", "FOREGROUND"}, defs
assert defs["PHP"] == {"file": "/etc/conf.d/apache2", "line": 1}, defs
assert d["config"] == "/etc/apache2/httpd.conf", d["config"]
assert d["server_root"] == "/usr/lib64/apache2", d["server_root"]
assert d["mpm"] == "prefork", d["mpm"]
P
printf 'APACHE2_OPTS="-D PHP"\nAPACHE2_OPTS="${APACHE2_OPTS} -D EXTRA"\n' \
	> "$G/etc/conf.d/apache2"
"$PROXYFPM" lint --no-config --root "$G" --fail-on none --format compact \
	> "$T/out" 2>&1
grep -q "/etc/conf.d/apache2:2:.*error: .*argument '\${APACHE2_OPTS}' is not an option" \
	"$T/out" || fail "gentoo systemd: \${APACHE2_OPTS} in systemd's EnvironmentFile"

# --- Alpine's /etc/conf.d/apache2 is not Gentoo's --------------------------
# (apache2.confd: HTTPD, HTTPD_OPTS; its MPM is a module, loaded by
# httpd.conf: taking Gentoo's compiled-in MPM was "More than one MPM")
A=$T/alpine
mkdir -p "$A/etc/apache2" "$A/etc/conf.d" "$A/usr/lib/apache2"
printf 'HTTPD="/usr/sbin/httpd"\nHTTPD_OPTS=\n' > "$A/etc/conf.d/apache2"
cat > "$A/etc/apache2/httpd.conf" <<'C'
ServerRoot /var/www
LoadModule mpm_prefork_module modules/mod_mpm_prefork.so
Listen 80
C
"$PROXYFPM" lint --no-config --root "$A" --fail-on none --format compact \
	> "$T/out" 2>&1
grep -qE 'More than one MPM|is already loaded' "$T/out" &&
	fail "alpine: taken as Gentoo (its MPM compiled in)"
"$PROXYFPM" dump --root "$A" > "$T/out" 2>/dev/null
grep -q '^# -D\|conf.d/apache2' "$T/out" && fail "alpine: Gentoo's defines"

# --- SUSE -----------------------------------------------------------------
S=$T/suse
mkdir -p "$S/etc/apache2" "$S/etc/sysconfig"
cat > "$S/etc/sysconfig/apache2" <<'C'
APACHE_CONF_INCLUDE_FILES="extra.conf missing.conf"
APACHE_MODULES="authz_core mod_proxy cgi php8"
APACHE_MODULES="$APACHE_MODULES proxy_fcgi"
APACHE_SERVER_FLAGS="SSL -DSTATUS -D HTTP2"
APACHE_MPM="event"
APACHE_SERVERNAME="suse.test"
APACHE_ACCESS_LOG="/var/log/apache2/access_log combined,/var/log/apache2/agent_log agent"
APACHE_EXTENDED_STATUS="on"
C
cat > "$S/etc/apache2/httpd.conf" <<'C'
<IfDefine !SYSCONFIG>
Include /etc/apache2/loadmodule.conf
</IfDefine>
Listen 80
LogFormat "%h" combined
LogFormat "%h" agent
C
echo 'ServerAdmin extra@suse.test' > "$S/etc/apache2/extra.conf"
"$PROXYFPM" dump --root "$S" --json > "$T/out" 2>/dev/null ||
	fail "suse: dump exited $?"
$py - "$T/out" <<'P' || fail "suse: dump JSON"
import json, sys
d = json.load(open(sys.argv[1]))
d = d.get("httpd", d)
defs = {x["name"]: x.get("from") for x in d["defines"]}
assert set(defs) == {"SYSCONFIG", "SSL", "STATUS", "HTTP2",
    "EXTENDED_STATUS"}, defs
assert defs["STATUS"] == {"file": "/etc/sysconfig/apache2", "line": 4}, defs
assert d["mpm"] == "event", d["mpm"]
assert d["server_root"] == "/srv/www", d["server_root"]
for m in ("proxy_module", "proxy_fcgi_module", "cgid_module", "php_module"):
    assert m in d["modules"], (m, d["modules"])
assert "cgi_module" not in d["modules"], d["modules"]
P
"$PROXYFPM" dump --root "$S" > "$T/out" 2>/dev/null
grep -q 'LoadModule cgid_module /usr/lib64/apache2/mod_cgid.so' "$T/out" ||
	fail "suse: cgi not made cgid for the event MPM"
grep -q 'ServerName suse.test' "$T/out" || fail "suse: no ServerName line"
grep -q 'CustomLog /var/log/apache2/agent_log agent' "$T/out" ||
	fail "suse: APACHE_ACCESS_LOG's second log"
grep -q 'ServerAdmin extra@suse.test' "$T/out" ||
	fail "suse: APACHE_CONF_INCLUDE_FILES not included (-c)"
grep -q 'missing.conf' "$T/out" &&
	fail "suse: a missing APACHE_CONF_INCLUDE_FILES file is included"
# APACHE_MPM empty: the MPM update-alternatives chose (find_mpm)
sed -i 's/^APACHE_MPM=.*/APACHE_MPM=""/' "$S/etc/sysconfig/apache2"
mkdir -p "$S/etc/alternatives"
ln -s /usr/sbin/httpd-worker "$S/etc/alternatives/httpd"
"$PROXYFPM" dump --root "$S" > "$T/out" 2>/dev/null
grep -q '^# httpd .*MPM worker$' "$T/out" ||
	fail "suse: MPM not taken from /etc/alternatives/httpd"
grep -qx '# -D SYSCONFIG (/etc/sysconfig/apache2)' "$T/out" ||
	fail "suse: -D SYSCONFIG's provenance"
# the -C lines point at the sysconfig line they come from
"$PROXYFPM" lint --no-config --root "$S" --fail-on none --format compact \
	> "$T/out" 2>&1
grep -q '^/etc/sysconfig/apache2:2:[0-9]*: note: .*LoadModule files are not in the tree' "$T/out" ||
	fail "suse: LoadModule lines not mapped to APACHE_MODULES"
echo "1 passed, 0 failed"
