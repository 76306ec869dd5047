#!/bin/bash
# outputs.sh - a report file (--format NAME:FILE) or --write-baseline FILE
# that cannot be written is found before any input is read: exit 4 at
# once, with the file, the directory at fault and the reason, for lint,
# check, compile and selftest; nothing of the run happens (no report on
# standard output, no compiled files, no apache2).  The check creates and
# truncates nothing: the previous report stays as it was.  Files that can
# be written (a new file, a relative name, an existing file) still are.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fails=0
fail() { echo "FAIL: $*"; cat "$T/out" "$T/err"; fails=$((fails + 1)); }
run() {	# EXIT PATTERN ARGS...: exit code, PATTERN on stderr
	local code=$1 pat=$2 rc
	shift 2
	timeout 60 "$PROXYFPM" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	[ $rc = "$code" ] || fail "$*: exit $rc, want $code"
	[ -z "$pat" ] || grep -qF -- "$pat" "$T/err" ||
		fail "$*: no \"$pat\" on stderr"
}
nothing_ran() {	# nothing on standard output: no input was read
	[ -s "$T/out" ] && fail "$*: the run went on (standard output above)"
}
cd "$T" || exit 1
printf '[global]\n[www]\nuser = www-data\nlisten = /run/x.sock\npm = static\npm.max_children = 1\n' > fpm.conf
cp "$PF_SRC/examples/shop.ini" shop.ini
NODIR="$T/nodir: No such file or directory"

# lint: an input error would be in the text report; the report path is
# said first, and alone.
run 4 "proxyfpm lint: cannot write $T/nodir/r.json (the json report): $NODIR" \
	lint --no-config --httpd "$T/none.conf" --format text,json:"$T/nodir/r.json"
nothing_ran "lint --format json:nodir/r.json"
grep -q "Could not open" "$T/err" && fail "lint read its input before saying the report path is bad"
run 4 "cannot write $T (the json report): Is a directory" \
	lint --no-config --fpm fpm.conf --format text --format json:"$T"
nothing_ran "lint --format json:DIR"
run 4 "cannot write $T/fpm.conf/r.sarif (the sarif report): Not a directory" \
	lint --no-config --fpm fpm.conf --format text --format sarif:"$T/fpm.conf/r.sarif"
nothing_ran "lint --format sarif:FILE/r.sarif"
run 4 "proxyfpm lint: cannot write baseline $T/nodir/b.txt: $NODIR" \
	lint --no-config --fpm fpm.conf --format text --write-baseline "$T/nodir/b.txt"
nothing_ran "lint --write-baseline nodir/b.txt"

# The previous report is kept: a good output beside a bad one is neither
# written nor truncated.
echo OLD > r.json
run 4 "cannot write $T/nodir/r.sarif (the sarif report)" \
	lint --no-config --fpm fpm.conf --format json:r.json --format sarif:"$T/nodir/r.sarif"
[ "$(cat r.json)" = OLD ] || fail "the previous report r.json was overwritten by a failing run"

# check, compile, selftest.
run 4 "proxyfpm check: cannot write $T/nodir/x.sarif (the sarif report): $NODIR" \
	check --no-config shop.ini --format text,sarif:"$T/nodir/x.sarif"
nothing_ran "check --format sarif:nodir/x.sarif"
run 4 "proxyfpm compile: cannot write $T/nodir/x.json (the json report): $NODIR" \
	compile --no-config shop.ini -o "$T/o" --format json:"$T/nodir/x.json"
[ -e "$T/o" ] && fail "compile wrote its files with a report it cannot write"
run 4 "proxyfpm selftest: cannot write $T/nodir/x.xml (the junit report): $NODIR" \
	selftest shop.ini --format junit:"$T/nodir/x.xml"
grep -q "apache2\|sandbox" "$T/err" && fail "selftest went on with a report it cannot write"

# Writable: a new file, a bare name in the working directory, an existing
# file (replaced at the end, as before).
run 0 "" lint --no-config --fpm fpm.conf --format compact,json:"$T/new.json",sarif:r.sarif \
	--format json:r.json --write-baseline b.txt --fail-on none
grep -q '"command"' "$T/new.json" || fail "new.json not written"
grep -q '"version"' r.sarif || fail "r.sarif not written"
grep -q '"command"' r.json || fail "r.json not replaced"
grep -q '^# proxyfpm baseline' b.txt || fail "b.txt not written"

# A read-only file and a read-only directory, as a user other than root
# (root writes them anyway).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
	chmod 755 "$T"
	mkdir ro rw && chmod 555 ro && chmod 777 rw
	echo OLD > rw/old.json && chmod 644 rw/old.json
	chmod 644 fpm.conf
	if "${AS[@]}" test -x "$PROXYFPM"; then
		timeout 60 "${AS[@]}" "$PROXYFPM" lint --no-config --fpm fpm.conf \
			--format json:rw/old.json > "$T/out" 2> "$T/err"
		[ $? = 4 ] || fail "nobody, a read-only report file: exit not 4"
		grep -qF "cannot write rw/old.json (the json report): Permission denied" "$T/err" ||
			fail "nobody, a read-only report file: no message"
		[ "$(cat rw/old.json)" = OLD ] || fail "a read-only report was changed"
		timeout 60 "${AS[@]}" "$PROXYFPM" lint --no-config --fpm fpm.conf \
			--format json:ro/new.json > "$T/out" 2> "$T/err"
		[ $? = 4 ] || fail "nobody, a read-only directory: exit not 4"
		grep -qF "cannot write ro/new.json (the json report): ro: Permission denied" "$T/err" ||
			fail "nobody, a read-only directory: no message"
	fi
fi

[ $fails = 0 ] || exit 1
echo ok
