#!/bin/bash
# layouts_instances.sh - several httpd servers of one machine, each its own
# service instance: lint/dump read the main one and name the others in a
# note; --instance NAME reads instance NAME with its service's command
# line: RHEL/Arch httpd@NAME.service (-f conf/NAME.conf, HTTPD_INSTANCE in
# ${}), Debian apache2@NAME.service (/etc/apache2-NAME, its envvars and a
# drop-in's APACHE_ARGUMENTS), SUSE apache2@NAME (/etc/sysconfig/
# apache2@NAME), FreeBSD apache24_profiles (apache24_NAME_configfile,
# _flags, _http_accept_enable, the PidFile -c line); an unknown NAME is an
# input error listing the instances there are.
. "$PF_SRC/tests/httpd/layouts_lib.sh"
lintc() {	# ROOT [ARGS]: compact lint output in $T/out, exit status in $rc
	local root=$1
	shift
	"$PROXYFPM" lint --no-config --no-htaccess --root "$root" \
		--fail-on none --format compact "$@" > "$T/out" 2>&1
	rc=$?
}

# --- RHEL: httpd@site1.service --------------------------------------------
R=$T/rhel
mkdir -p "$R/etc/httpd/conf" "$R/etc/systemd/system/multi-user.target.wants" \
	"$R/etc/systemd/system/httpd@site1.service.d"
printf 'ServerName main.test\n' > "$R/etc/httpd/conf/httpd.conf"
cat > "$R/etc/httpd/conf/site1.conf" <<'C'
ServerName ${HTTPD_INSTANCE}.test
<IfDefine SITE1>
ServerAdmin site1@example.test
</IfDefine>
C
ln -s /usr/lib/systemd/system/httpd@.service \
	"$R/etc/systemd/system/multi-user.target.wants/httpd@site1.service"
printf '[Service]\nEnvironment=OPTIONS=-DSITE1\n' > \
	"$R/etc/systemd/system/httpd@site1.service.d/override.conf"
lintc "$R"
grep -q "note: other httpd instances are set up here: site1 (/etc/systemd/system/multi-user.target.wants/httpd@site1.service); this is the main one (/etc/httpd/conf/httpd.conf)" \
	"$T/out" || fail "rhel: instances not named"
got=$(defs "$R" --instance site1)
want "$got" "FOREGROUND@httpd@site1.service (the package's unit, not in the tree):4 SITE1@/etc/systemd/system/httpd@site1.service.d/override.conf:2" "rhel instance"
"$PROXYFPM" dump --root "$R" --instance site1 > "$T/out" 2>/dev/null
grep -q '^# httpd /etc/httpd/conf/site1.conf' "$T/out" || fail "rhel: conf/%i.conf"
grep -q 'ServerName site1.test' "$T/out" || fail "rhel: \${HTTPD_INSTANCE}"
grep -q 'ServerAdmin site1@example.test' "$T/out" || fail "rhel: -DSITE1"
# the template in the tree is the one read (%i, %I specifiers)
mkdir -p "$R/usr/lib/systemd/system"
printf '[Service]\nExecStart=/usr/sbin/httpd -DI_%%i -f conf/%%I.conf\n' > \
	"$R/usr/lib/systemd/system/httpd@.service"
got=$(defs "$R" --instance site1)
want "$got" "I_site1@/usr/lib/systemd/system/httpd@.service:2" "rhel template in the tree"
lintc "$R" --instance nope
[ $rc = 3 ] || fail "rhel: unknown instance exit $rc"
grep -q "error: no httpd service instance 'nope' in $R (site1 (" "$T/out" ||
	fail "rhel: unknown instance message"

# --- Debian: /etc/apache2-www2 ----------------------------------------------
D=$T/debian
mkdir -p "$D/etc/apache2" "$D/etc/apache2-www2" \
	"$D/etc/systemd/system/apache2@www2.service.d"
printf 'ServerName main.test\n' > "$D/etc/apache2/apache2.conf"
cat > "$D/etc/apache2-www2/apache2.conf" <<'C'
ServerName ${APACHE_RUN_USER}.test
<IfDefine WWW2>
ServerAdmin ${APACHE_STARTED_BY_SYSTEMD}@www2.test
</IfDefine>
C
printf 'export APACHE_RUN_USER=www2$SUFFIX\n' > "$D/etc/apache2-www2/envvars"
# the unit's value of a variable envvars sets too loses (sourced after)
mkdir -p "$D/etc/systemd/system/apache2@.service.d"
printf '[Service]\nEnvironment=APACHE_RUN_USER=unit\n' > \
	"$D/etc/systemd/system/apache2@.service.d/user.conf"
printf '[Service]\nEnvironment=APACHE_ARGUMENTS=-DWWW2\n' > \
	"$D/etc/systemd/system/apache2@www2.service.d/args.conf"
lintc "$D"
grep -q "other httpd instances are set up here: www2 (/etc/apache2-www2/apache2.conf)" \
	"$T/out" || fail "debian: instance not named"
"$PROXYFPM" dump --root "$D" --instance www2 --json > "$T/out" 2>/dev/null
grep -q '"server_root":"/etc/apache2-www2"' "$T/out" || fail "debian: -d"
"$PROXYFPM" dump --root "$D" --instance www2 > "$T/out" 2>/dev/null
grep -q 'ServerName www2-www2.test' "$T/out" || fail "debian: envvars SUFFIX"
grep -q 'ServerAdmin true@www2.test' "$T/out" ||
	fail "debian: APACHE_ARGUMENTS / unit environment"

# --- SUSE: /etc/sysconfig/apache2@shop --------------------------------------
S=$T/suse
mkdir -p "$S/etc/apache2" "$S/etc/apache2@shop" "$S/etc/sysconfig"
printf 'APACHE_SERVER_FLAGS="MAIN"\n' > "$S/etc/sysconfig/apache2"
printf 'APACHE_SERVER_FLAGS="SHOP"\nAPACHE_MPM="event"\n' > \
	"$S/etc/sysconfig/apache2@shop"
printf 'Listen 80\n' > "$S/etc/apache2/httpd.conf"
printf 'Listen 81\n' > "$S/etc/apache2@shop/httpd.conf"
got=$(defs "$S" --instance shop)
want "$got" "SHOP@/etc/sysconfig/apache2@shop:1 SYSCONFIG@/etc/sysconfig/apache2@shop:0" "suse instance"
"$PROXYFPM" dump --root "$S" --instance shop > "$T/out" 2>/dev/null
grep -q '^# httpd /etc/apache2@shop/httpd.conf.*MPM event' "$T/out" ||
	fail "suse: instance's main file and MPM"
got=$(defs "$S")
want "$got" "MAIN@/etc/sysconfig/apache2:1 SYSCONFIG@/etc/sysconfig/apache2:0" "suse main"

# --- Gentoo and Alpine: OpenRC's apache2.NAME -------------------------------
G=$T/gentoo
mkdir -p "$G/etc/apache2" "$G/etc/conf.d" "$G/etc/init.d" "$G/usr/lib64/apache2"
printf 'APACHE2_OPTS="-D DEFAULT_VHOST"\n' > "$G/etc/conf.d/apache2"
# conf.d/apache2 is sourced first, then conf.d/apache2.two
printf 'APACHE2_OPTS="${APACHE2_OPTS} -D TWO"\nCONFIGFILE=/etc/apache2/two.conf\n' \
	> "$G/etc/conf.d/apache2.two"
printf 'ServerName main.test\n' > "$G/etc/apache2/httpd.conf"
printf '<IfDefine TWO>\nServerName two.test\n</IfDefine>\n' > "$G/etc/apache2/two.conf"
ln -s apache2 "$G/etc/init.d/apache2.two"
: > "$G/etc/init.d/apache2.bak"
lintc "$G"
grep -q "other httpd instances are set up here: two (/etc/init.d/apache2.two); this" \
	"$T/out" || fail "gentoo: OpenRC instance not named (or a backup named)"
got=$(defs "$G" --instance two)
want "$got" "DEFAULT_VHOST@/etc/conf.d/apache2:1 TWO@/etc/conf.d/apache2.two:1" "gentoo apache2.two"
"$PROXYFPM" dump --root "$G" --instance two > "$T/out" 2>/dev/null
grep -q '^# httpd /etc/apache2/two.conf' "$T/out" || fail "gentoo: CONFIGFILE of apache2.two"
grep -q 'ServerName two.test' "$T/out" || fail "gentoo: -D TWO"
got=$(defs "$G")
want "$got" "DEFAULT_VHOST@/etc/conf.d/apache2:1" "gentoo main beside apache2.two"
A=$T/alpine
mkdir -p "$A/etc/apache2" "$A/etc/conf.d" "$A/etc/init.d"
printf 'HTTPD_OPTS=\n' > "$A/etc/conf.d/apache2"
printf 'HTTPD_OPTS="-D B"\nCONFIGFILE=/etc/apache2/b.conf\n' > "$A/etc/conf.d/apache2.b"
printf 'Listen 80\n' > "$A/etc/apache2/httpd.conf"
printf 'Listen 81\n' > "$A/etc/apache2/b.conf"
ln -s apache2 "$A/etc/init.d/apache2.b"
got=$(defs "$A" --instance b)
want "$got" "B@/etc/conf.d/apache2.b:1" "alpine apache2.b"
"$PROXYFPM" dump --root "$A" --instance b --json > "$T/out" 2>/dev/null
grep -q '"config":"/etc/apache2/b.conf","server_root":"/var/www"' "$T/out" ||
	fail "alpine: apache2.b's main file and -d"

# --- FreeBSD: apache24_profiles -------------------------------------------
F=$T/freebsd
mkdir -p "$F/etc" "$F/usr/local/etc/apache24"
printf 'ServerName main.test\n' > "$F/usr/local/etc/apache24/httpd.conf"
printf '<IfDefine B>\nServerName b.test\n</IfDefine>\n' > \
	"$F/usr/local/etc/apache24/b.conf"
cat > "$F/etc/rc.conf" <<'C'
apache24_enable="YES"
apache24_flags="-DGLOBAL"
apache24_profiles="a b"
apache24_b_configfile="/usr/local/etc/apache24/b.conf"
apache24_b_flags="-DB -C 'ServerTokens Prod'"
apache24_b_http_accept_enable="YES"
C
lintc "$F"
grep -q "other httpd instances are set up here: a b (apache24_profiles)" \
	"$T/out" || fail "freebsd: profiles not named"
got=$(defs "$F" --instance b)
want "$got" "B@/etc/rc.conf:5" "freebsd profile b"
"$PROXYFPM" dump --root "$F" --instance b > "$T/out" 2>/dev/null
grep -q '^# httpd /usr/local/etc/apache24/b.conf' "$T/out" ||
	fail "freebsd: profile configfile"
grep -q '(-c):1:	PidFile /var/run/httpd.b.pid' "$T/out" ||
	fail "freebsd: the profile's PidFile"
grep -q '(-C):1:	ServerTokens Prod' "$T/out" ||
	fail "freebsd: eval of the profile flags"
# a profile without a configfile: the rc script refuses it
lintc "$F" --instance a
[ $rc = 3 ] || fail "freebsd: profile without configfile exit $rc"
echo "1 passed, 0 failed"
