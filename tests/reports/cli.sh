#!/bin/bash
# cli.sh - the report options every checking command shares
# (cli/report_cli.c), through 'proxyfpm lint' on a small httpd file with
# an error and a secret: --format lists and files, standard output '-',
# unknown formats and two formats on stdout (usage, 2), unwritable
# outputs (4), the error exit (3), redaction and --no-redact, colour only
# on a terminal and never with NO_COLOR, SOURCE_DATE_EPOCH,
# --report-base, --min-severity.
. "$PF_SRC/tests/lib/need.sh"
need script
pf_tmpdir
P="$PROXYFPM"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

mkdir -p "$T/tree/conf"
cat >"$T/tree/conf/h.conf" <<'CONF'
ServerRoot /tmp
BogusDirective password=topsecret99
CONF
H="$T/tree/conf/h.conf"
cd "$T/tree" || exit 1

"$P" lint --httpd "$H" --format bogus >/dev/null 2>"$T/err"
[ $? = 2 ] || fail "unknown format: exit not 2"
grep -q "unknown format 'bogus'" "$T/err" || fail "unknown format message"
"$P" lint --httpd "$H" --format text --format json >/dev/null 2>&1
[ $? = 2 ] || fail "two formats on standard output: exit not 2"
"$P" lint --httpd "$H" --fail-on bogus >/dev/null 2>&1
[ $? = 2 ] || fail "--fail-on bogus: exit not 2"
"$P" lint --httpd "$H" --color sometimes >/dev/null 2>&1
[ $? = 2 ] || fail "--color sometimes: exit not 2"

# Several outputs at once, a comma list among them.
"$P" lint --httpd "$H" --format text,json:out.json \
	--format sarif:out.sarif,junit:out.xml --format html:out.html \
	--format checkstyle:cs.xml,github:gh.txt,gitlab:gl.json \
	>"$T/stdout" 2>"$T/stderr"
rc=$?
[ $rc = 3 ] || fail "an error diagnostic: exit $rc, not 3"
for f in out.json out.sarif out.xml out.html cs.xml gh.txt gl.json; do
	[ -s "$f" ] || fail "$f not written"
done
grep -q "^conf/h.conf:2:1: error: " "$T/stdout" ||
	fail "text on stdout: $(head -2 "$T/stdout")"
grep -q '"exit_code":	3' out.json || fail "json exit_code"
grep -q '::error file=conf/h.conf,line=2' gh.txt || fail "github: $(cat gh.txt)"
"$PYTHON" - out.json out.sarif <<'PY' || fail "json/sarif content"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["format"] == "proxyfpm-report" and j["summary"]["failed"], j
loc = [f for f in j["findings"] if f["severity"] == "error"][0]["location"]
assert loc["path"] == "conf/h.conf" and loc["line"] == 2, loc
s = json.load(open(sys.argv[2]))
run = s["runs"][0]
assert run["originalUriBaseIds"]["SRCROOT"]["uri"].endswith("/tree/"), run
al = [r for r in run["results"] if r["level"] == "error"][0]["locations"][0][
    "physicalLocation"]["artifactLocation"]
assert al == {"uri": "conf/h.conf", "uriBaseId": "SRCROOT", "index": 0}, al
PY
for f in "$T/stdout" out.json out.sarif out.xml out.html cs.xml gh.txt \
	gl.json; do
	grep -q topsecret99 "$f" && fail "secret in $f"
done
grep -q '\[redacted\]' "$T/stdout" || fail "no [redacted] in the text"
"$P" lint --httpd "$H" --no-redact 2>/dev/null | grep -q topsecret99 ||
	fail "--no-redact does not show the secret"

# '-' is standard output.
"$P" lint --httpd "$H" --format json:- 2>/dev/null | "$PYTHON" -c \
	'import json,sys; json.load(sys.stdin)' || fail "--format json:-"

# An output that cannot be written: exit 4 (I/O), the directory at fault
# named (before any input is read: tests/cli/outputs.sh).
"$P" lint --httpd "$H" --format json:/nonexistent/dir/x.json >/dev/null \
	2>"$T/err"
[ $? = 4 ] || fail "unwritable output: exit not 4"
grep -q "^proxyfpm lint: cannot write /nonexistent/dir/x.json (the json report): /nonexistent/dir: No such file or directory" "$T/err" ||
	fail "unwritable output message"

# Colour: on a terminal only, never with NO_COLOR or --color never.
script -qec "env -u NO_COLOR TERM=xterm '$P' lint --httpd '$H'" /dev/null \
	>"$T/tty" 2>&1
grep -q $'\033\\[' "$T/tty" || fail "no colour on a terminal"
script -qec "env NO_COLOR=1 TERM=xterm '$P' lint --httpd '$H'" /dev/null \
	>"$T/tty" 2>&1
grep -q $'\033\\[' "$T/tty" && fail "colour despite NO_COLOR"
script -qec "env -u NO_COLOR TERM=xterm '$P' lint --httpd '$H' --color never" \
	/dev/null >"$T/tty" 2>&1
grep -q $'\033\\[' "$T/tty" && fail "colour despite --color never"
env -u NO_COLOR "$P" lint --httpd "$H" >"$T/pipe" 2>&1
grep -q $'\033\\[' "$T/pipe" && fail "colour into a pipe"

# SOURCE_DATE_EPOCH pins the only time reports show.
SOURCE_DATE_EPOCH=1700000000 "$P" lint --httpd "$H" --format junit:a.xml \
	--format html:a.html >/dev/null 2>&1
sleep 1
SOURCE_DATE_EPOCH=1700000000 "$P" lint --httpd "$H" --format junit:b.xml \
	--format html:b.html >/dev/null 2>&1
cmp -s a.xml b.xml || fail "junit differs between runs"
cmp -s a.html b.html || fail "html differs between runs"
grep -q 'timestamp="2023-11-14T22:13:20"' a.xml || fail "junit timestamp"

# --report-base: paths relative to another directory.
cd "$T" || exit 1
"$P" lint --httpd "$H" --report-base "$T/tree/conf" --format compact \
	2>/dev/null | grep -q '^h.conf:2:1: error' || fail "--report-base"
"$P" lint --httpd "$H" --report-base /nonexistent >/dev/null 2>&1
[ $? = 2 ] || fail "--report-base to a missing directory: exit not 2"

# One line Included by two vhosts gives two findings at one place: each
# says which vhost it is for (text, compact, junit); a finding alone at
# its place does not.
mkdir -p "$T/two/www" "$T/two/logs"
cat >"$T/two/php.conf" <<'CONF'
<FilesMatch "\.php$">
    SetHandler "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"
</FilesMatch>
CONF
cat >"$T/two/h.conf" <<CONF
ServerRoot $T/two
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
<VirtualHost *:80>
    ServerName one.test
    DocumentRoot $T/two/www
    Include php.conf
</VirtualHost>
<VirtualHost *:80>
    ServerName two.test
    DocumentRoot $T/two/www
    Include php.conf
</VirtualHost>
CONF
"$P" lint --no-config --httpd "$T/two/h.conf" --enable sethandler-no-file-check \
	--format text,compact:two.compact,junit:two.xml >two.text 2>&1
for s in one.test two.test; do
	grep -q "^  for: $s$" two.text || fail "text: no 'for: $s'"
	grep -q "(for $s) \[sethandler-no-file-check\]" two.compact ||
		fail "compact: no '(for $s)'"
	grep -q "sethandler-no-file-check (for $s)" two.xml ||
		fail "junit: no case named for $s"
done
head -n 10 "$T/two/h.conf" >"$T/two/one.conf"	# the first vhost only
"$P" lint --no-config --httpd "$T/two/one.conf" --enable sethandler-no-file-check \
	>one.text 2>&1
grep -q 'sethandler-no-file-check' one.text || fail "one vhost: no finding"
grep -q '^  for: ' one.text && fail "one vhost: a 'for:' line: $(cat one.text)"

# --min-severity: what is below it is in no report, does not fail the run
# and is counted in the summary; reader notes go above info, --severity
# applies first, .proxyfpm.ini sets it and the command line wins.
L="$T/two/h.conf"
"$P" lint --no-config --httpd "$L" --enable sethandler-no-file-check \
	--fail-on info --format text,html:two.html >ms0.text 2>&1
[ $? = 1 ] || fail "min-severity baseline: exit not 1"
# html: a rule's text once, at its first finding; the others link to it
[ "$(grep -c '<details class="about" id="about-sethandler-no-file-check">' two.html)" = 1 ] ||
	fail "html: the rule's text not exactly once"
[ "$(grep -c '<a href="#about-sethandler-no-file-check">About ' two.html)" = 1 ] ||
	fail "html: no link to the rule's text from the second finding"
"$P" lint --no-config --httpd "$L" --enable sethandler-no-file-check \
	--fail-on info --min-severity low \
	--format text,json:ms.json,sarif:ms.sarif,html:ms.html >ms1.text 2>&1
rc=$?
grep -q '2 more below --min-severity low were counted but not shown' ms.html ||
	fail "--min-severity: html says nothing"
[ $rc = 0 ] || fail "--min-severity low: info findings fail the run ($rc)"
grep -q 'sethandler-no-file-check' ms1.text &&
	fail "--min-severity low: info finding shown: $(cat ms1.text)"
grep -q '^summary: nothing to report; 2 info below --min-severity low not shown$' \
	ms1.text || fail "--min-severity summary: $(tail -1 ms1.text)"
"$PYTHON" - ms.json ms.sarif <<'PY' || fail "--min-severity json/sarif"
import json, sys
j = json.load(open(sys.argv[1]))
s = j["summary"]
assert s["min_severity"] == "low" and s["below_min_severity"] == 2, s
assert s["by_severity"]["info"] == 0 and not j["findings"], j
r = json.load(open(sys.argv[2]))["runs"][0]
assert r["properties"]["belowMinSeverity"] == 2 and not r["results"], r
PY
"$P" lint --no-config --httpd "$L" --enable sethandler-no-file-check \
	--severity sethandler-no-file-check=medium --min-severity low \
	>ms2.text 2>&1
[ $? = 1 ] || fail "--severity then --min-severity: exit not 1"
[ "$(grep -c 'medium: .*\[sethandler-no-file-check\]' ms2.text)" = 2 ] ||
	fail "--severity raised above --min-severity: $(cat ms2.text)"
"$P" lint --no-config --httpd two/h.conf --min-severity low >ms3.text 2>&1
[ $? = 3 ] || fail "--min-severity: the error must still exit 3"
grep -q 'error: Could not open' ms3.text || fail "error hidden: $(cat ms3.text)"
grep -q 'note:' ms3.text && fail "note shown above info: $(cat ms3.text)"
grep -q '1 note below --min-severity low not shown' ms3.text ||
	fail "note not counted: $(cat ms3.text)"
"$P" lint --no-config --httpd "$L" --min-severity hihg >/dev/null 2>ms4.err
[ $? = 2 ] || fail "--min-severity hihg: exit not 2"
grep -q "not one of critical" ms4.err || fail "--min-severity hihg: $(cat ms4.err)"
mkdir -p "$T/cfg" && printf '[proxyfpm]\nmin-severity = low\nfail-on = info\n' \
	>"$T/cfg/.proxyfpm.ini"
(cd "$T/cfg" && "$P" lint --httpd "$L" --enable sethandler-no-file-check) \
	>ms5.text 2>&1
[ $? = 0 ] || fail ".proxyfpm.ini min-severity: $(cat ms5.text)"
(cd "$T/cfg" && "$P" lint --httpd "$L" --enable sethandler-no-file-check \
	--min-severity info) >ms6.text 2>&1
[ $? = 1 ] || fail "--min-severity info over the file: exit not 1"
printf '[proxyfpm]\nmin-severity = lo\n' >"$T/cfg/.proxyfpm.ini"
(cd "$T/cfg" && "$P" lint --httpd "$L") >ms7.text 2>&1
[ $? = 2 ] || fail "bad min-severity in the file: exit not 2"
grep -q ".proxyfpm.ini:2:16: error: bad min-severity 'lo'" ms7.text ||
	fail "bad min-severity message: $(cat ms7.text)"

[ $fails = 0 ] && echo "report CLI: all checks passed"
exit $((fails > 0))
