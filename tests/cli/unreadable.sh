#!/bin/bash
# unreadable.sh - a configuration the user may not read (mode 000, read as
# a user other than root) is unreadable input, exit 3, for each reader:
# --httpd (main file and an Include), --fpm, --php-ini and a site
# description; the message names the file and says "Permission denied".
# An --envvars file that cannot be read is not skipped in silence.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fails=0
fail() { echo "FAIL: $*"; cat "$T/out"; fails=$((fails + 1)); }
# As root, read as nobody (root reads mode 000 files).
AS=()
if [ "$(id -u)" = 0 ]; then
	need setpriv
	AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
	chmod 755 "$T"
	"${AS[@]}" test -x "$PROXYFPM" ||
		{ echo "SKIP: nobody cannot run $PROXYFPM" >&2; exit 77; }
fi
run() {	# EXIT PATTERN ARGS...
	local code=$1 pat=$2 rc
	shift 2
	local extra=(--format compact --no-config)
	[ "$1" = dump ] && extra=()
	"${AS[@]}" "$PROXYFPM" "$@" "${extra[@]}" > "$T/out" 2>&1
	rc=$?
	[ $rc = "$code" ] || fail "$*: exit $rc, want $code"
	grep -qF -- "$pat" "$T/out" || fail "$*: no \"$pat\""
}
printf 'ServerRoot /tmp\n' > "$T/h.conf"
printf 'ServerRoot /tmp\nInclude %s/inc.conf\n' "$T" > "$T/hi.conf"
printf 'ServerName x\n' > "$T/inc.conf"
printf '[global]\n[www]\nlisten = /tmp/x.sock\npm = static\npm.max_children = 1\n' > "$T/fpm.conf"
printf '[PHP]\nengine = On\n' > "$T/php.ini"
cp "$PF_SRC/examples/shop.ini" "$T/shop.ini"
chmod 644 "$T/hi.conf"
chmod 000 "$T/h.conf" "$T/inc.conf" "$T/fpm.conf" "$T/php.ini" "$T/shop.ini"

run 3 "Could not open configuration file $T/h.conf: Permission denied" \
	lint --httpd "$T/h.conf"
run 3 "$T/inc.conf: Permission denied" lint --httpd "$T/hi.conf"
run 3 "failed to open configuration file '$T/fpm.conf': Permission denied" \
	lint --fpm "$T/fpm.conf"
run 3 "cannot read php.ini '$T/php.ini': Permission denied" \
	lint --php-ini "$T/php.ini"
run 3 "cannot read $T/shop.ini: Permission denied" check "$T/shop.ini"

printf 'ServerRoot /tmp\n' > "$T/ok.conf"
chmod 644 "$T/ok.conf"
run 3 "cannot read the --envvars file $T/none: No such file or directory" \
	lint --httpd "$T/ok.conf" --envvars "$T/none"
run 3 "cannot read the --envvars file $T/h.conf: Permission denied" \
	dump --httpd "$T/ok.conf" --envvars "$T/h.conf"

[ $fails = 0 ] || exit 1
echo ok
