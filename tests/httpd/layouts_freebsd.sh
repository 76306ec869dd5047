#!/bin/bash
# layouts_freebsd.sh - what FreeBSD's rc script (www/apache24's
# apache24.in) adds to httpd's command line, read when the main file is
# /usr/local/etc/apache24/httpd.conf under --root: -DNOHTTPACCEPT unless
# apache24_http_accept_enable is YES (rc.subr's checkyesno), the -D words
# of apache24_flags, rc.conf then rc.conf.local then rc.conf.d (the last
# assignment wins); nothing of it for another main file.  Also the copy's
# own httpd binary giving the Apache version.
. "$PF_SRC/tests/httpd/layouts_lib.sh"
F=$T/freebsd
mkdir -p "$F/etc/rc.conf.d" "$F/usr/local/etc/apache24/Includes"
cat > "$F/usr/local/etc/apache24/httpd.conf" <<'C'
ServerRoot "/usr/local"
Include etc/apache24/Includes/*.conf
C
cat > "$F/usr/local/etc/apache24/Includes/no-accf.conf" <<'C'
<IfDefine NOHTTPACCEPT>
   AcceptFilter http none
   AcceptFilter https none
</IfDefine>
<IfDefine PHP>
ServerName php.test
</IfDefine>
C
# no rc.conf at all: the rc script's default (accept filters off)
got=$(defs "$F")
[ "$got" = "NOHTTPACCEPT@:" ] || fail "no rc.conf: '$got'"
# rc.conf says NO, apache24_flags adds -D PHP and -DSSL
cat > "$F/etc/rc.conf" <<'C'
apache24_enable="YES"
# apache24_flags="-D WRONG"
apache24_http_accept_enable="NO"
apache24_flags="-D PHP -DSSL"
C
got=$(defs "$F")
[ "$got" = "NOHTTPACCEPT@/etc/rc.conf:3 PHP@/etc/rc.conf:4 SSL@/etc/rc.conf:4" ] ||
	fail "rc.conf NO + flags: '$got'"
"$PROXYFPM" dump --root "$F" > "$T/out" 2>/dev/null
grep -q 'AcceptFilter http none' "$T/out" || fail "AcceptFilter not active"
grep -q 'ServerName php.test' "$T/out" || fail "-D PHP not applied"
# rc.conf.local and rc.conf.d/apache24 come later and win
printf 'apache24_http_accept_enable=yes\n' > "$F/etc/rc.conf.local"
printf 'apache24_flags=""\n' > "$F/etc/rc.conf.d/apache24"
got=$(defs "$F")
[ -z "$got" ] || fail "accept filters on, flags emptied: '$got'"
"$PROXYFPM" dump --root "$F" > "$T/out" 2>/dev/null
grep -q '(inactive) <IfDefine NOHTTPACCEPT>' "$T/out" ||
	fail "NOHTTPACCEPT block active with accept filters on"
# another main file: no service defines
cp "$F/usr/local/etc/apache24/httpd.conf" "$F/usr/local/etc/apache24/other.conf"
"$PROXYFPM" dump --root "$F" --httpd /usr/local/etc/apache24/other.conf \
	-d /usr/local --json > "$T/out" 2>/dev/null
grep -q '"defines":\[\]' "$T/out" ||
	fail "service defines for another file"
# The Apache version is the copy's own binary's (its banner, read and not
# run), not this machine's: IfVersion and the CVE rules judge that one.
mkdir -p "$F/usr/local/sbin"
printf '\177ELF\0junk Apache/2.4 x\0Apache/2.4.65 (FreeBSD)\0' \
	> "$F/usr/local/sbin/httpd"
"$PROXYFPM" dump --root "$F" --json > "$T/out" 2>/dev/null
grep -q '"version":"2.4.65"' "$T/out" || fail "tree's httpd banner not read"
"$PROXYFPM" dump --root "$F" --json --apache-version 2.4.58 > "$T/out" 2>/dev/null
grep -q '"version":"2.4.58"' "$T/out" || fail "--apache-version not first"
rm "$F/usr/local/sbin/httpd"
echo "1 passed, 0 failed"
