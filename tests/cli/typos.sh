#!/bin/bash
# typos.sh - what a mistyped command line gets: usage errors (exit 2)
# that name the command ("proxyfpm lint: unrecognized option", not
# getopt's bare "lint:") and offer the closest command, long option,
# report format, rule or category; 'proxyfpm help COMMAND'; explain of a
# reader's diagnostic id says which reader's document lists it.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
P="$PROXYFPM"
fails=0
fail() { echo "FAIL: $*"; cat "$T/err"; fails=$((fails + 1)); }
# want EXIT PATTERN ARGS...: the command exits EXIT, stderr has PATTERN
want() {
	local code=$1 pat=$2 rc
	shift 2
	"$P" "$@" >/dev/null 2>"$T/err"
	rc=$?
	[ $rc = "$code" ] || fail "proxyfpm $*: exit $rc, want $code"
	grep -qF -- "$pat" "$T/err" || fail "proxyfpm $*: no \"$pat\""
}

want 2 "proxyfpm: did you mean 'lint'?" lnt
want 2 "proxyfpm: did you mean 'selftest'?" seftest
want 2 "options follow the command" --httpd /etc/apache2/apache2.conf
want 2 "proxyfpm lint: unrecognized option '--htpd'" lint --htpd x
want 2 "proxyfpm lint: did you mean '--httpd'?" lint --htpd x
want 2 "proxyfpm lint: did you mean '--php-ini'?" lint --phpini=x
want 2 "proxyfpm check: did you mean '--explain-sizing'?" check \
	--explain-sizng x.ini
want 2 "proxyfpm compile: did you mean '--output'?" compile --ouptut d x.ini
want 2 "proxyfpm dump: did you mean '--json'?" dump --jsno
want 2 "proxyfpm dump: the dump is text, or JSON with --json" dump --format json
want 2 "or JSON with --json" dump --format=json
want 2 "proxyfpm rules: did you mean '--category'?" rules --categroy x
want 2 "proxyfpm serve: did you mean '--listen'?" serve --lisen x
want 2 "proxyfpm selftest: did you mean '--hold'?" selftest --hodl 3 x.ini
# An ambiguous prefix is getopt's to explain; nothing is guessed.
want 2 "is ambiguous" lint --fp x
grep -q "did you mean" "$T/err" && fail "a guess for an ambiguous prefix"
# Far from every option: no guess.
want 2 "unrecognized option '--zzzzzzzz'" lint --zzzzzzzz
grep -q "did you mean" "$T/err" && fail "a guess for --zzzzzzzz"
want 2 "option '--httpd' requires an argument" lint --httpd
# One httpd configuration and one php.ini per run (--fpm repeats): a
# second is refused, not silently taken instead of the first.
want 2 "proxyfpm lint: --httpd given twice ('a.conf', then 'b.conf')" \
	lint --httpd a.conf --httpd b.conf
want 2 "proxyfpm lint: --php-ini given twice" lint --php-ini a --php-ini b
want 2 "proxyfpm dump: --fpm given twice" dump --fpm a --fpm b

want 2 "unknown format 'sarf'; did you mean 'sarif'?" lint --format sarf
want 2 "--fail-on: 'hihg' is not one of critical" lint --fail-on hihg
want 2 "did you mean 'routing'?" lint --enable routng
want 2 "proxyfpm rules: no category or rule 'routng'; did you mean 'routing'?" \
	rules --category routng
want 2 "did you mean 'max-requests-unset'?" lint --disable max-request-unset
want 2 "no rule 'max-requests-unsett'; did you mean 'max-requests-unset'?" \
	explain max-requests-unsett
want 2 "'fpm-open' is not a rule: it is a diagnostic of the php-fpm reader" \
	explain fpm-open
want 2 "listed in docs/httpd-reader.md" explain httpd-include
want 2 "no rule 'qqqqqq' (see 'proxyfpm rules')" explain qqqqqq

# .proxyfpm.ini: a mistyped setting or rule is named with the closest.
mkdir -p "$T/proj"
printf '[proxyfpm]\ndisabel = expose-php\n' > "$T/proj/.proxyfpm.ini"
want 2 ".proxyfpm.ini:2:1: error: unknown setting 'disabel'; did you mean 'disable'?" \
	lint --config "$T/proj/.proxyfpm.ini"
printf '[proxyfpm]\ndisable = expose-phpp\n' > "$T/proj/.proxyfpm.ini"
want 2 ".proxyfpm.ini:2:11: error: unknown rule 'expose-phpp'; did you mean 'expose-php'?" \
	lint --config "$T/proj/.proxyfpm.ini"
printf '[severity]\nopen-basedir-mising = low\n' > "$T/proj/.proxyfpm.ini"
want 2 "did you mean 'open-basedir-missing'?" \
	lint --config "$T/proj/.proxyfpm.ini"

# proxyfpm help COMMAND is proxyfpm COMMAND --help.
"$P" help lint > "$T/out" 2>"$T/err"
[ $? = 0 ] || fail "help lint: exit not 0"
head -1 "$T/out" | grep -q '^usage: proxyfpm lint ' || fail "help lint: not lint's usage"
want 2 "did you mean 'dump'?" help dmup

[ $fails = 0 ] || exit 1
echo "ok"
