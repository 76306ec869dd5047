#!/bin/bash
# config.sh - every problem of the project settings file (.proxyfpm.ini,
# read with libinih, which gives no line numbers) is said as a compiler
# says it: PATH:LINE:COL: error: ..., one line each, in line order, exit 2
# before any work: unknown settings, rules, severities, fail-on values and
# sections, a header without ']', a line that is not NAME = VALUE (each
# of them, not only the first libinih names), a line too long for
# libinih, a NUL byte.  What is right is still read: fail-on/fail_on with
# every value --fail-on takes (none and never too), a list continued on
# indented lines, a byte order mark.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fails=0
fail() { echo "FAIL: $*"; cat "$T/err"; fails=$((fails + 1)); }
C="$T/proj/.proxyfpm.ini"
mkdir -p "$T/proj"
cd "$T/proj" || exit 1
printf '[global]\n[www]\nuser = www-data\nlisten = /run/x.sock\npm = static\npm.max_children = 1\n' > fpm.conf
lint() { "$PROXYFPM" lint --fpm fpm.conf --format compact "$@" >"$T/out" 2>"$T/err"; }
# bad EXPECTED-STDERR-LINES...: the file (in $C) is refused with exactly
# these lines on stderr
bad() {
	local rc
	lint; rc=$?
	[ $rc = 2 ] || fail "exit $rc, want 2 for: $(cat "$C")"
	printf '%s\n' "$@" | sed "s|^|$C:|" | diff - "$T/err" > "$T/diff" ||
		{ fail "stderr differs:"; cat "$T/diff"; }
	[ -s "$T/out" ] && fail "the run went on with a bad .proxyfpm.ini"
}

printf '; settings\n[proxyfpm]\ndisabel = expose-php\n' > "$C"
bad "3:1: error: unknown setting 'disabel'; did you mean 'disable'?"

# Every problem, in line order, at the column of what is wrong (the
# rule in a list, the value); keys under a bad header are not judged.
printf '%s\n' '[proxyfpm]' 'fail-on = hihg' 'disable = expose-php, max-request-unset' \
	'  cve-*, max-requests-unst' 'foo' '[severity]' 'open-basedir-mising = low' \
	'expose-php = urgent' 'bar ; a=b' '[sev]' 'x = 1' '[proxyfpm' 'fail-on = high' \
	'zzzzzzzzzzzzzzzz = 1' > "$C"
bad "2:11: error: bad fail-on 'hihg' (critical, high, medium, low, info, none or never)" \
	"3:23: error: unknown rule 'max-request-unset'; did you mean 'max-requests-unset'?" \
	"4:10: error: unknown rule 'max-requests-unst'; did you mean 'max-requests-unset'?" \
	"5:1: error: expected 'NAME = VALUE' or a [section], not 'foo'" \
	"7:1: error: unknown rule 'open-basedir-mising'; did you mean 'open-basedir-missing'?" \
	"8:14: error: bad severity 'urgent' for expose-php (critical, high, medium, low, info)" \
	"9:1: error: expected 'NAME = VALUE' or a [section], not 'bar ; a=b'" \
	"10:1: error: unknown section [sev] ([proxyfpm] or [severity])" \
	"12:1: error: section header without ']'"

# A line libinih would cut (and read the rest of as a line of its own).
{ printf '[proxyfpm]\nfail-on = high\ndisable = expose-php'
  for _ in $(seq 20); do printf ', expose-php'; done; printf '\n'; } > "$C"
bad "3: error: line of 260 bytes, longer than the 198 that libinih reads; continue a list on indented lines"
printf '[proxyfpm]\nfail-on = high\n\0\n' > "$C"
bad "3:1: error: NUL byte: $C is not a text file"

# What is right is read: every value of --fail-on, both spellings; a
# list on indented lines; a byte order mark; comments.
for v in critical high medium low info none never NEVER; do
	for k in fail-on fail_on; do
		printf '[proxyfpm]\n%s = %s ; why\n' "$k" "$v" > "$C"
		lint; rc=$?
		[ $rc = 0 ] || [ $rc = 1 ] || fail "$k = $v: exit $rc"
	done
done
printf '[proxyfpm]\nfail-on = never\n' > "$C"
lint || fail "fail-on = never: exit $?, want 0"
printf '\xef\xbb\xbf[proxyfpm]\nfail-on = low\ndisable = expose-php,\n  max-requests-unset\n\tslowlog-missing\n' > "$C"
lint; rc=$?
# (those two are the low and info findings of fpm.conf)
[ $rc = 0 ] || fail "BOM, continued list: exit $rc, want 0"
grep -E '\[(max-requests-unset|slowlog-missing)\]' "$T/out" &&
	fail "a rule on a continuation line was not disabled"

# A file that cannot be read has no line: the command says it.
"$PROXYFPM" lint --fpm fpm.conf --config "$T/none.ini" >/dev/null 2>"$T/err"
[ $? = 2 ] || fail "--config none.ini: exit not 2"
grep -qxF "proxyfpm lint: cannot read $T/none.ini: No such file or directory" "$T/err" ||
	fail "--config none.ini: message"

[ $fails = 0 ] || exit 1
echo ok
