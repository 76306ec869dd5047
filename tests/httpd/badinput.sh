#!/bin/bash
# badinput.sh - hostile trees (issue 3 point 7): each must give a
# diagnostic with file:line and exit 3 - never a crash, a hang or unbounded
# memory (run under a 20 s / 1 GiB limit; ASan in the second CI pass).
. "$PF_SRC/tests/lib/need.sh"
need "$PYTHON"
pf_tmpdir
PROBE="$PF_BUILD/httpd-probe"
fail=0
# ASan reserves terabytes of address space: cap memory only without it.
VLIMIT=1048576
grep -q __asan_init "$PROBE" 2>/dev/null && VLIMIT=unlimited
# expect NAME PATTERN: runs the reader on $T/NAME/httpd.conf
expect() {
	local name=$1 pat=$2 out rc
	out=$( (ulimit -v $VLIMIT; timeout 60 "$PROBE" -d "$T/$name" \
	    "$T/$name/httpd.conf") 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 3 ]; then
		echo "FAIL $name: exit $rc (want 3)"; echo "$out" | head -5
		fail=1
	elif ! printf '%s\n' "$out" | grep -Eq "$pat"; then
		echo "FAIL $name: no diagnostic matching /$pat/"
		echo "$out" | head -5
		fail=1
	else
		echo "ok   $name: $(printf '%s\n' "$out" | grep -E "$pat" | head -1 | cut -c1-150)"
	fi
}
# (with logs/: a main server without ErrorLog logs below the ServerRoot)
mk() { mkdir -p "$T/$1/logs"; }
mk cycle; printf 'Include %s/cycle/a.conf\n' "$T" > "$T/cycle/httpd.conf"
printf 'Include %s/cycle/b.conf\n' "$T" > "$T/cycle/a.conf"
printf 'Include %s/cycle/a.conf\n' "$T" > "$T/cycle/b.conf"
expect cycle '[ab].conf:1:1: error: Exceeded maximum include depth'
mk missing; printf '\n\nInclude nothere.conf\n' > "$T/missing/httpd.conf"
expect missing 'httpd.conf:3:1: error: Could not open configuration file .*nothere.conf'
mk unreadable; printf 'Include sub\n' > "$T/unreadable/httpd.conf"
mkdir -p "$T/unreadable/sub"; printf 'x\n' > "$T/unreadable/sub/a.conf"
mkfifo "$T/unreadable/sub/b.fifo"
expect unreadable 'httpd.conf:1:1: error: .*not a regular file'
mk isdir; mkdir -p "$T/isdir/httpd.conf"
expect isdir 'error: .*httpd.conf'
mk binary; head -c 4096 /bin/ls > "$T/binary/httpd.conf"
expect binary 'httpd.conf:[0-9]+:[0-9]+: error: '
mk nul; printf 'Define A x\000y\nBogus\000 x\n' > "$T/nul/httpd.conf"
expect nul 'httpd.conf:1:1: warning: NUL byte'
mk crlf; printf 'Define A x\r\n<Directory /x>\r\n' > "$T/crlf/httpd.conf"
expect crlf 'httpd.conf:2:1: error: .*<Directory> was not closed'
mk longline; "$PYTHON" -c 'import sys; sys.stdout.write("Define X " + "a" * (20 << 20) + "\n")' > "$T/longline/httpd.conf"
expect longline 'httpd.conf:1:1: error: Line too long'
mk deep; "$PYTHON" -c 'print("<Directory /x>\n" + "<If true>\n" * 10000 + "</If>\n" * 9999)' > "$T/deep/httpd.conf"
expect deep 'httpd.conf:1:1: error: .*<Directory> was not closed'
mk deepsoak; "$PYTHON" -c 'print("<IfDefine NOPE>\n" + "<If true>\n" * 10000 + "</If>\n" * 10000)' > "$T/deepsoak/httpd.conf"
# (at the skipped section's line, as apache2 -t reports it)
expect deepsoak 'httpd.conf:1:1: error: Expected </IfDefine> before end'
mk unterminated; printf '<VirtualHost *:80>\nServerName x\n' > "$T/unterminated/httpd.conf"
expect unterminated 'httpd.conf:1:1: error: .*<VirtualHost> was not closed'
mk macroloop; printf 'LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so\n<Macro A>\nUse B\n</Macro>\n<Macro B>\nUse A\n</Macro>\nUse A\n' > "$T/macroloop/httpd.conf"
expect macroloop 'httpd.conf:[0-9]+:[0-9]+: error: recursive use of macro'
# A file that Includes itself twice: httpd stops at the depth error; going
# on with the second Include of every level would take 2^128 reads.
mk twice; printf 'Include %s/twice/a.conf\n' "$T" > "$T/twice/httpd.conf"
printf 'Include %s/twice/a.conf\nInclude %s/twice/a.conf\n' "$T" "$T" > "$T/twice/a.conf"
expect twice 'a.conf:1:1: error: Exceeded maximum include depth'
# Macros that Use the previous one twice: 2^30 lines from 95; the reader
# stops at its memory budget.
mk macrobomb; "$PYTHON" -c '
print("LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so")
print("<Macro M0>\nServerAdmin x@example.test\n</Macro>")
for i in range(1, 31):
    print("<Macro M%d>\nUse M%d\nUse M%d\n</Macro>" % (i, i - 1, i - 1))
print("Use M30")' > "$T/macrobomb/httpd.conf"
expect macrobomb 'error: the configuration takes more than [0-9]+ MiB'
# LoadFile of a bare library name: found through the LD_LIBRARY_PATH the
# envvars file beside the configuration exports (apache2ctl sources it
# before httpd dlopens), else "Cannot load" as apache2 -t says.
mk loadfile; mkdir -p "$T/loadfile/lib"; : > "$T/loadfile/lib/libpfx.so.1"
printf 'LoadFile libpfx.so.1\n' > "$T/loadfile/httpd.conf"
expect loadfile 'httpd.conf:1:1: error: Cannot load libpfx.so.1 into server'
printf 'export LD_LIBRARY_PATH=%s/loadfile/lib\n' "$T" > "$T/loadfile/envvars"
out=$("$PROBE" -d "$T/loadfile" "$T/loadfile/httpd.conf" 2>&1 >/dev/null)
if [ $? -ne 0 ]; then
	echo "FAIL loadfile with envvars: $out" | head -3; fail=1
else
	echo "ok   loadfile with envvars: found through LD_LIBRARY_PATH"
fi
# A relative --httpd FILE is taken from the ServerRoot, as httpd's -f:
# when it exists in the current directory instead, a note says so.
mk relative; printf 'ServerName x\n' > "$T/relative/rel.conf"
out=$(cd "$T/relative" && "$PROXYFPM" lint --no-config --httpd rel.conf \
    -d "$T/noroot" 2>&1)
rc=$?
if [ $rc -ne 3 ] || ! printf '%s\n' "$out" | grep -q "error: Could not open configuration file $T/noroot/rel.conf" ||
    ! printf '%s\n' "$out" | grep -q "note: a relative --httpd FILE is read from the ServerRoot ($T/noroot).*rel.conf exists in the current directory"; then
	echo "FAIL relative: exit $rc"; echo "$out" | head -5; fail=1
else
	echo "ok   relative: $(printf '%s\n' "$out" | grep note: | cut -c1-150)"
fi
exit $fail
