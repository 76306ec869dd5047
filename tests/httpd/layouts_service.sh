#!/bin/bash
# layouts_service.sh - the command line the distribution's service manager
# gives httpd, read by dump/lint under --root with no --httpd:
#  - RHEL/Fedora/Arch httpd.service as systemd reads it (parsers/
#    svc_unit.c): the unit on the search path or, absent, the RHEL 7 text
#    (EnvironmentFile=-/etc/sysconfig/httpd, $OPTIONS -DFOREGROUND);
#    EnvironmentFile's own syntax (not the shell's); drop-ins sorted by
#    name, /etc masking /usr/lib; EnvironmentFile over Environment=;
#    ExecStart= reset; $OPTIONS split into words, ${OPTIONS} one word;
#    -f/-d of the unit choosing the main file; the unit's environment in
#    ${VAR}; the verdict against apache2 -t with the same -D words;
#  - Alpine's OpenRC conf.d (HTTPD_OPTS, SERVERROOT, CONFIGFILE);
#  - Debian's apachectl: APACHE_ARGUMENTS from a drop-in's Environment=,
#    envvars winning.
. "$PF_SRC/tests/httpd/layouts_lib.sh"

# --- RHEL without the unit file in the copy: /etc/sysconfig/httpd -------
R=$T/rhel
mkdir -p "$R/etc/httpd/conf" "$R/etc/sysconfig"
cat > "$R/etc/httpd/conf/httpd.conf" <<'C'
<IfDefine SSL_OFF>
ServerName ssloff.test
</IfDefine>
ServerAdmin ${ADMIN}
C
# systemd's EnvironmentFile syntax: # and ; comments, "export X=" is no
# variable, single quotes literal, \" in double quotes, \<newline> joins,
# the last assignment wins, unquoted trailing blanks dropped
cat > "$R/etc/sysconfig/httpd" <<'C'
# OPTIONS=-DWRONG1
; OPTIONS=-DWRONG2
export OPTIONS=-DWRONG3
OPTIONS=-DWRONG4
OPTIONS="-DSSL_OFF \
  -C \"ServerTokens Prod\" -D'Q'"   
ADMIN=  'a@b.test'   
C
got=$(defs "$R")
want "$got" "FOREGROUND@httpd.service (the package's unit, not in the tree):4 Q@/etc/sysconfig/httpd:5 SSL_OFF@/etc/sysconfig/httpd:5" "rhel sysconfig"
"$PROXYFPM" dump --root "$R" > "$T/out" 2>/dev/null
grep -q 'ServerName ssloff.test' "$T/out" || fail "-DSSL_OFF not applied"
grep -q '(-C):1:	ServerTokens Prod' "$T/out" || fail "-C line not read"
# ${ADMIN}: not httpd's environment (an EnvironmentFile sets the unit's
# variables, which httpd inherits: it is)
grep -q 'ServerAdmin a@b.test' "$T/out" || fail "unit environment in \${}"

# --- the unit in the tree: RHEL 9's reads no sysconfig file --------------
mkdir -p "$R/usr/lib/systemd/system"
cat > "$R/usr/lib/systemd/system/httpd.service" <<'C'
[Unit]
Description=The Apache HTTP Server
[Service]
Type=notify
Environment=LANG=C

ExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND
ExecReload=/usr/sbin/httpd $OPTIONS -k graceful
C
got=$(defs "$R")
want "$got" "FOREGROUND@/usr/lib/systemd/system/httpd.service:7" "rhel9 unit"
# drop-ins: sorted by file name across directories, the /etc one masks
# the same name in /usr/lib; the later assignment wins
mkdir -p "$R/etc/systemd/system/httpd.service.d" \
	"$R/usr/lib/systemd/system/httpd.service.d"
printf '[Service]\nEnvironment=OPTIONS=-DA\n' > \
	"$R/usr/lib/systemd/system/httpd.service.d/10-a.conf"
printf '[Service]\nEnvironment=OPTIONS=-DLIB\n' > \
	"$R/usr/lib/systemd/system/httpd.service.d/20-b.conf"
printf '[Service]\n# comment\nEnvironment="OPTIONS=-DB -DC" \\\n  X=1\n' > \
	"$R/etc/systemd/system/httpd.service.d/20-b.conf"
got=$(defs "$R")
want "$got" "B@/etc/systemd/system/httpd.service.d/20-b.conf:3 C@/etc/systemd/system/httpd.service.d/20-b.conf:3 FOREGROUND@/usr/lib/systemd/system/httpd.service:7" "drop-ins"
# EnvironmentFile= overrides Environment= whatever their order
printf '[Service]\nEnvironmentFile=-/etc/sysconfig/httpd\n' > \
	"$R/etc/systemd/system/httpd.service.d/05-file.conf"
got=$(defs "$R")
want "$got" "FOREGROUND@/usr/lib/systemd/system/httpd.service:7 Q@/etc/sysconfig/httpd:5 SSL_OFF@/etc/sysconfig/httpd:5" "EnvironmentFile over Environment"
# a required EnvironmentFile= that is missing: systemd does not start it
printf '[Service]\nEnvironmentFile=/etc/sysconfig/nothere\n' > \
	"$R/etc/systemd/system/httpd.service.d/06-req.conf"
"$PROXYFPM" lint --no-config --root "$R" --fail-on none --format compact \
	> "$T/out" 2>&1
grep -q "06-req.conf:2:1: error: .*EnvironmentFile=/etc/sysconfig/nothere does not exist.*httpd-service" \
	"$T/out" || fail "a missing required EnvironmentFile"
sed -i 's|=/etc|=-/etc|' "$R/etc/systemd/system/httpd.service.d/06-req.conf"
"$PROXYFPM" lint --no-config --root "$R" --fail-on none --format compact \
	> "$T/out" 2>&1
grep -q "nothere" "$T/out" && fail "an optional EnvironmentFile reported"
# an empty EnvironmentFile= drops the earlier ones
printf '[Service]\nEnvironmentFile=\n' > \
	"$R/etc/systemd/system/httpd.service.d/30-reset.conf"
got=$(defs "$R")
want "$got" "B@/etc/systemd/system/httpd.service.d/20-b.conf:3 C@/etc/systemd/system/httpd.service.d/20-b.conf:3 FOREGROUND@/usr/lib/systemd/system/httpd.service:7" "EnvironmentFile= reset"
# ExecStart= then a new one: ${OPTIONS} is one word (-D "B -DC"), -f
# relative to the ServerRoot picks the main file lint reads
cp "$R/etc/httpd/conf/httpd.conf" "$R/etc/httpd/conf/alt.conf"
printf '[Service]\nExecStart=\nExecStart=/usr/sbin/httpd ${OPTIONS} -f conf/alt.conf\n' > \
	"$R/etc/systemd/system/httpd.service.d/40-exec.conf"
"$PROXYFPM" dump --root "$R" > "$T/out" 2>/dev/null
grep -q '^# httpd /etc/httpd/conf/alt.conf' "$T/out" ||
	fail "-f of ExecStart not followed"
grep -qx '# -D B -DC (/etc/systemd/system/httpd.service.d/20-b.conf:3)' \
	"$T/out" || fail "\${OPTIONS} not one word"
# "$X" as a whole word is X's words or none (systemd's replace_env_argv):
# $OPTIONS/x names no variable and goes; "$$" is a "$"
printf '[Service]\nExecStart=\nExecStart=/usr/sbin/httpd $OPTIONS/x -DA$$B -f conf/alt.conf\n' > \
	"$R/etc/systemd/system/httpd.service.d/40-exec.conf"
got=$(defs "$R")
want "$got" "A\$B@/etc/systemd/system/httpd.service.d/40-exec.conf:3" "\$X/x word, \$\$"
printf '[Service]\nExecStart=\nExecStart=/usr/sbin/httpd ${OPTIONS} -f conf/alt.conf\n' > \
	"$R/etc/systemd/system/httpd.service.d/40-exec.conf"
# another main file is not the service's: no -D
"$PROXYFPM" dump --root "$R" --httpd /etc/httpd/conf/httpd.conf \
	> "$T/out" 2>/dev/null
grep -q '^# -D' "$T/out" && fail "service defines on a file it does not run"
rm "$R/etc/systemd/system/httpd.service.d/40-exec.conf"
# a unit that starts something else than httpd is not interpreted
printf '[Service]\nExecStart=\nExecStart=/usr/local/bin/wrapper $OPTIONS\n' > \
	"$R/etc/systemd/system/httpd.service.d/40-exec.conf"
got=$(defs "$R")
want "$got" "" "a wrapper's arguments"
rm -r "$R/etc/systemd/system/httpd.service.d" "$R/usr/lib/systemd/system/httpd.service.d"

# --- the verdict: apache2 -t with the same -D words ---------------------
if [ -x /usr/sbin/apache2 ]; then
	mkdir -p "$R/etc/httpd/logs"
	cat > "$R/etc/httpd/conf/httpd.conf" <<'C'
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
<IfDefine !SSL_OFF>
SSLEngine on
</IfDefine>
<IfDefine FOREGROUND>
ServerName fg.test
</IfDefine>
C
	# RHEL 7's way: the unit reads /etc/sysconfig/httpd
	mkdir -p "$R/etc/systemd/system/httpd.service.d"
	printf '[Service]\nEnvironmentFile=/etc/sysconfig/httpd\n' > \
		"$R/etc/systemd/system/httpd.service.d/sysconfig.conf"
	for opts in "-DSSL_OFF" "-DOTHER"; do
		printf 'OPTIONS="%s"\n' "$opts" > "$R/etc/sysconfig/httpd"
		"$PROXYFPM" lint --no-config --no-htaccess --root "$R" \
			--fail-on none --format compact > "$T/out" 2>&1
		lrc=$?
		/usr/sbin/apache2 -t -d "$R/etc/httpd" -f conf/httpd.conf \
			$opts -DFOREGROUND > "$T/ap" 2>&1
		arc=$?
		# the case must tell: -DSSL_OFF accepted, -DOTHER not
		case "$opts:$arc" in -DSSL_OFF:0|-DOTHER:[1-9]*) ;;
		*) cat "$T/ap" >&2; fail "apache2 -t $opts: $arc" ;; esac
		{ [ $arc = 0 ] && [ $lrc = 0 ]; } ||
			{ [ $arc != 0 ] && [ $lrc != 0 ]; } ||
			{ cat "$T/ap" >&2; fail "OPTIONS=$opts: lint $lrc, apache2 -t $arc"; }
	done
fi

# --- Alpine: OpenRC's /etc/conf.d/apache2 --------------------------------
A=$T/alpine
mkdir -p "$A/etc/apache2/alt" "$A/etc/conf.d" "$A/srv/www"
cat > "$A/etc/conf.d/apache2" <<'C'
HTTPD=/usr/sbin/httpd
HTTPD_OPTS="-D PHP"
HTTPD_OPTS="${HTTPD_OPTS} -DINFO -d /ignored"
C
printf '<IfDefine PHP>\nServerName php.test\n</IfDefine>\n' > \
	"$A/etc/apache2/httpd.conf"
got=$(defs "$A")
want "$got" "INFO@/etc/conf.d/apache2:3 PHP@/etc/conf.d/apache2:2" "alpine HTTPD_OPTS"
"$PROXYFPM" dump --root "$A" --json > "$T/out" 2>/dev/null
grep -q '"server_root":"/var/www"' "$T/out" || fail "alpine: -d /var/www"
# SERVERROOT and a CONFIGFILE relative to it
printf 'SERVERROOT=/srv/www\nCONFIGFILE=../../etc/apache2/alt/main.conf\nHTTPD_OPTS=-DALT\n' \
	> "$A/etc/conf.d/apache2"
cp "$A/etc/apache2/httpd.conf" "$A/etc/apache2/alt/main.conf"
"$PROXYFPM" dump --root "$A" > "$T/out" 2>/dev/null
grep -q '^# httpd /srv/www/../../etc/apache2/alt/main.conf, ServerRoot /srv/www' \
	"$T/out" || fail "alpine: CONFIGFILE/SERVERROOT"
grep -q '^# -D ALT' "$T/out" || fail "alpine: defines with CONFIGFILE"

# the verdict against apache2 -t with the init script's words
if [ -x /usr/sbin/apache2 ]; then
	mkdir -p "$A/srv/www/logs"
	cat > "$A/etc/apache2/alt/main.conf" <<'C'
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
<IfDefine !ALT>
ProxyPass / fcgi://127.0.0.1:9000/
</IfDefine>
C
	for opts in "-DALT" "-DOTHER"; do
		printf 'SERVERROOT=/srv/www
CONFIGFILE=/etc/apache2/alt/main.conf
HTTPD_OPTS="%s"
' 			"$opts" > "$A/etc/conf.d/apache2"
		"$PROXYFPM" lint --no-config --no-htaccess --root "$A" 			--fail-on none --format compact > "$T/out" 2>&1
		lrc=$?
		/usr/sbin/apache2 -t $opts -d "$A/srv/www" 			-f "$A/etc/apache2/alt/main.conf" > "$T/ap" 2>&1
		arc=$?
		case "$opts:$arc" in -DALT:0|-DOTHER:[1-9]*) ;;
		*) cat "$T/ap" >&2; fail "alpine: apache2 -t $opts: $arc" ;; esac
		{ [ $arc = 0 ] && [ $lrc = 0 ]; } ||
			{ [ $arc != 0 ] && [ $lrc != 0 ]; } ||
			{ cat "$T/ap" >&2; fail "alpine HTTPD_OPTS=$opts: lint $lrc, apache2 -t $arc"; }
	done
fi

# --- Debian: apachectl's APACHE_ARGUMENTS ---------------------------------
D=$T/debian
mkdir -p "$D/etc/apache2" "$D/etc/systemd/system/apache2.service.d"
printf '<IfDefine PHP_ON>\nServerName php.test\n</IfDefine>\n' > \
	"$D/etc/apache2/apache2.conf"
printf 'export APACHE_RUN_USER=www-data\n#export APACHE_ARGUMENTS=""\n' > \
	"$D/etc/apache2/envvars"
printf '[Service]\nEnvironment="APACHE_ARGUMENTS=-D PHP_ON -C \\"ServerTokens Prod\\""\n' \
	> "$D/etc/systemd/system/apache2.service.d/override.conf"
got=$(defs "$D")
want "$got" "PHP_ON@/etc/systemd/system/apache2.service.d/override.conf:2" "debian drop-in"
"$PROXYFPM" dump --root "$D" > "$T/out" 2>/dev/null
# the shell splits ${APACHE_ARGUMENTS} on blanks and keeps the quotes:
# -C '"ServerTokens' then 'Prod"', which is no option: httpd prints its
# usage and does not start (as apache2 does with a stray word)
grep -q '(-C):1:	ServerTokens$' "$T/out" || fail "debian: -C word as the shell splits it"
"$PROXYFPM" lint --no-config --root "$D" --fail-on none --format compact \
	> "$T/out" 2>&1
grep -q "override.conf:2:1: error: apachectl: httpd's argument 'Prod\"' is not an option.*httpd-service" \
	"$T/out" || fail "debian: a stray word of APACHE_ARGUMENTS"
# envvars is sourced after: its APACHE_ARGUMENTS wins
printf 'export APACHE_ARGUMENTS="-DFROM_ENVVARS"\n' >> "$D/etc/apache2/envvars"
got=$(defs "$D")
want "$got" "FROM_ENVVARS@/etc/apache2/envvars:3" "debian envvars"
echo "1 passed, 0 failed"
