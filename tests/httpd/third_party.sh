#!/bin/bash
# third_party.sh - third-party modules Debian packages, against apache2 -t.
# The directive table holds their directives too (gen_directives.py reads
# them from the packages), so with such a module loaded a misspelled or
# misplaced directive gets apache2 -t's verdict, a right one passes with no
# note, and <IfModule mod_security2.c> / <IfModule mod_php.c> are true.
# The modules come from the packages scripts/setup.sh --test downloads into
# build/testdebs (not installed: their postinst would enable them in the
# machine's /etc/apache2); each case of testdata/httpd-third-party/ gets
# them in its modules/ folder and goes to tests/httpd/oracle.py, with a
# module no table knows built here (_stub/mod_foo.c), whose command table
# the reader reads from its file.  Then: under --root without a module's
# file an unknown name is a note, once per name.
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2 dpkg-deb cc
need "$PYTHON"
MODSEC=$(pf_testdeb libapache2-mod-security2) || exit $?
MODPHP=$(pf_testdeb libapache2-mod-php8.2) || exit $?
pf_tmpdir
mkdir -p "$T/x" "$T/modules"
for f in "$MODSEC" "$MODPHP"; do
	dpkg-deb -x "$f" "$T/x"
done
cp "$T/x/usr/lib/apache2/modules/mod_security2.so" \
    "$T/x/usr/lib/apache2/modules/libphp8.2.so" "$T/modules/"
# a module no table knows (apache2 loads it and runs its commands)
cc -shared -fPIC -o "$T/modules/mod_foo.so" \
    "$PF_TESTDATA/httpd-third-party/_stub/mod_foo.c" || exit 1
bad=0 n=0
for c in "$PF_TESTDATA"/httpd-third-party/[!_]*/; do
	name=$(basename "$c")
	rm -rf "$T/case"
	cp -r "$c" "$T/case"
	cp -r "$T/modules" "$T/case/modules"
	n=$((n + 1))
	if ! out=$("$PYTHON" "$PF_SRC/tests/httpd/oracle.py" \
	    "$PF_BUILD/httpd-probe" "$T/case" 2>&1); then
		echo "FAIL: $name:"
		echo "$out" | tail -20 | sed 's/^/    /'
		bad=1
		continue
	fi
	echo "$name: $out"
done

# The reader's own words on the cases: no note for a module it knows, and
# the fix for a directive whose module is not loaded names the package.
run() {	# CASE: the reader's diagnostics on testdata's case, as oracle.py runs it
	rm -rf "$T/case"
	cp -r "$PF_TESTDATA/httpd-third-party/$1" "$T/case"
	cp -r "$T/modules" "$T/case/modules"
	grep -rl '@ROOT@' "$T/case" | xargs -r sed -i "s|@ROOT@|$T/case|g"
	printf 'ServerRoot "%s"\nServerName t.test\nErrorLog /dev/null\nPidFile %s/pid\nDefaultRuntimeDir %s\nLoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n' \
	    "$T/case" "$T/case" "$T/case" > "$T/case/base.conf"
	"$PROXYFPM" lint --no-config --fail-on none \
	    --httpd "$T/case/httpd.conf" -d "$T/case" 2>&1
}
check() {	# WHAT: the last command's status
	n=$((n + 1))
	if [ "$2" != 0 ]; then
		echo "FAIL: $1"
		bad=1
	fi
}
out=$(run modsec-ok)
! grep -qE 'httpd-unknown-directive|httpd-third-party-module' <<<"$out"
check "modsec-ok: no note on mod_security2's directives" $?
out=$(run php-ok)
! grep -qE 'httpd-unknown-directive|httpd-third-party-module' <<<"$out"
check "php-ok: no note on mod_php's directives" $?
out=$(run foo-ok)
! grep -qE 'httpd-unknown-directive|httpd-third-party-module' <<<"$out"
check "foo-ok: no note on the directives of a module whose command table was read" $?
# the modules' own command tables, read from their files, against the
# table's rows for them (which apache2 -L gave)
out=$(MODDIR="$T/modules" ALL=1 "$PF_BUILD/so-cmds")
check "so-cmds on mod_security2 and mod_php: $out" $?
out=$(run modsec-not-loaded)
grep -q "fix: LoadModule security2_module (mod_security2.c defines it; in Debian, package libapache2-mod-security2)" <<<"$out"
check "modsec-not-loaded: the fix names the package" $?

# A module no table knows, under --root without its file (a
# configuration-only copy): nothing says what it defines, so an unknown
# name is a note, once per name however many lines use it.
mkdir -p "$T/copy/etc/apache2"
{
	printf 'ServerName stub.test\nErrorLog /dev/null\nPidFile /run/pid\nDefaultRuntimeDir /run\nLoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\nLoadModule foo_module /usr/lib/apache2/modules/mod_foo.so\n'
	printf 'FooRule one\nFooRule two\nFooEngine On\nfoorule three\n<Directory /srv>\n\tFooRule four\n</Directory>\n'
} > "$T/copy/etc/apache2/httpd.conf"
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
    --root "$T/copy" --httpd /etc/apache2/httpd.conf -d /etc/apache2 2>&1)
[ "$(grep -c "httpd-unknown-directive" <<<"$out")" = 2 ]
check "--root: one note per unknown name (FooRule, FooEngine)" $?
grep -q "httpd.conf:8:1: note: 'FooRule' is not a directive of any module Apache ships or Debian packages; foo_module, loaded here, may define it (its command table could not be read) (3 more lines use it, not noted)" <<<"$out"
check "--root: FooRule's note at its first line, counting the 3 others" $?
grep -q "httpd.conf:7:1: note: module foo_module is not one Apache ships or Debian packages, and its command table could not be read: its directives are not checked \[httpd-third-party-module\]" <<<"$out"
check "--root: the module's note" $?
# RHEL 8's php.conf routes PHP to PHP-FPM only where mod_php is not
# loaded (<IfModule !mod_php7.c>); 15-php.conf loads php7_module on
# prefork.  Under --root without libphp7.so the module's source name is
# taken to be the usual one, mod_php7.c, so the handler stays mod_php's.
mkdir -p "$T/rhel/etc/httpd/conf"
printf 'ServerRoot /etc/httpd\nServerName rhel.test\nErrorLog /dev/null\nPidFile /run/pid\nLoadModule mpm_prefork_module modules/mod_mpm_prefork.so\nLoadModule authz_core_module modules/mod_authz_core.so\nLoadModule php7_module modules/libphp7.so\n<IfModule !mod_php7.c>\n\tDefine FPM_HANDLER\n</IfModule>\n<IfModule mod_php7.c>\n\tDefine MOD_PHP7\n</IfModule>\n' \
    > "$T/rhel/etc/httpd/conf/httpd.conf"
out=$("$PF_BUILD/httpd-probe" --json --root "$T/rhel" -d /etc/httpd \
    /etc/httpd/conf/httpd.conf 2>/dev/null | "$PYTHON" -c \
    'import json, sys; print(" ".join(d["name"] for d in json.load(sys.stdin)["defines"]))')
grep -qw MOD_PHP7 <<<"$out" && ! grep -qw FPM_HANDLER <<<"$out"
check "--root: <IfModule mod_php7.c> true for php7_module without its file (defines: $out)" $?
[ $bad = 0 ] || { echo "$out" | sed 's/^/    /'; echo "0 passed, 1 failed"; exit 1; }
echo "$n checks agree (testdata/httpd-third-party against apache2 -t, and the reader's notes)"
echo "1 passed, 0 failed"
