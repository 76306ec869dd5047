#!/bin/bash
# wrongfile.sh - a configuration given to the wrong option (php-fpm.conf
# to --httpd, apache2.conf to --fpm or --php-ini, php.ini to --fpm) or a
# directory instead of its file: besides the reader's errors (what the
# server itself would say, unchanged), one note names the option or the
# file meant; a file given to its own option gets none.  A --root that is
# not a directory is one error naming it.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
P="$PROXYFPM"
fails=0
fail() { echo "FAIL: $*"; cat "$T/out"; fails=$((fails + 1)); }
# note EXIT PATTERN ARGS...: lint exits EXIT and prints the note
note() {
	local code=$1 pat=$2 rc
	shift 2
	"$P" lint --format compact --fail-on none --no-config "$@" > "$T/out" 2>&1
	rc=$?
	[ $rc = "$code" ] || fail "lint $*: exit $rc, want $code"
	grep -qF -- "$pat" "$T/out" || fail "lint $*: no \"$pat\""
}
nonote() {
	"$P" lint --format compact --fail-on none --no-config "$@" > "$T/out" 2>&1
	grep -q 'reads like\|takes a file' "$T/out" && fail "lint $*: a note"
}

cat > "$T/php-fpm.conf" <<'EOT'
; a php-fpm master
[global]
pid = /run/x.pid

[www]
listen = /run/x.sock
pm = static
pm.max_children = 2
EOT
cat > "$T/httpd.conf" <<'EOT'
# an httpd configuration
ServerRoot /tmp
<Directory />
	Require all denied
</Directory>
EOT
cat > "$T/php.ini" <<'EOT'
[PHP]
engine = On
memory_limit = 128M
EOT
mkdir -p "$T/fpmdir" "$T/apdir"
cp "$T/php-fpm.conf" "$T/fpmdir/"
cp "$T/httpd.conf" "$T/apdir/apache2.conf"

note 3 "note: $T/php-fpm.conf reads like a php-fpm configuration (line 2: [global]), not what --httpd takes: give it with --fpm [httpd-include]" \
	--httpd "$T/php-fpm.conf"
note 3 "$T/php.ini reads like a php.ini (line 1: [PHP]), not what --httpd takes: give it with --php-ini" \
	--httpd "$T/php.ini"
note 3 "$T/httpd.conf reads like an Apache httpd configuration (line 2: ServerRoot), not what --fpm takes: give it with --httpd [fpm-open]" \
	--fpm "$T/httpd.conf"
note 3 "$T/php.ini reads like a php.ini (line 1: [PHP]), not what --fpm takes: give it with --php-ini" \
	--fpm "$T/php.ini"
# PHP takes php-fpm.conf as a php.ini without an error: noted all the same.
note 0 "$T/php-fpm.conf reads like a php-fpm configuration (line 2: [global]), not what --php-ini takes: give it with --fpm [phpini-open]" \
	--php-ini "$T/php-fpm.conf"
note 0 "reads like an Apache httpd configuration (line 2: ServerRoot), not what --php-ini takes: give it with --httpd" \
	--php-ini "$T/httpd.conf"
note 3 "note: --fpm takes a file, and $T/fpmdir is a directory: the configuration in it is $T/fpmdir/php-fpm.conf [fpm-open]" \
	--fpm "$T/fpmdir"
note 3 "note: --httpd takes a file, and $T/apdir is a directory: the configuration in it is $T/apdir/apache2.conf" \
	--httpd "$T/apdir/"
note 3 "the configuration in it is $T/php.ini [phpini-open]" --php-ini "$T"
# dump says the same on standard error.
"$P" dump --httpd "$T/php-fpm.conf" > /dev/null 2> "$T/out"
grep -qF "reads like a php-fpm configuration" "$T/out" || fail "dump: no note"

# --root that is no directory: one error naming it, not three readers
# each finding nothing below it.
note 3 "error: cannot read the --root tree $T/none: No such file or directory [root]" \
	--root "$T/none"
grep -q 'found' "$T/out" && fail "--root missing: the readers still looked"
note 3 "error: --root $T/php.ini is not a directory" --root "$T/php.ini"
"$P" dump --root "$T/none" > /dev/null 2> "$T/out"
[ $? = 3 ] && grep -qF "cannot read the --root tree $T/none" "$T/out" ||
	fail "dump --root missing"

# Each file to its own option: no note.
nonote --fpm "$T/php-fpm.conf"
nonote --httpd "$T/httpd.conf"
nonote --php-ini "$T/php.ini"
nonote --httpd "$T/nonexistent.conf"

[ $fails = 0 ] || exit 1
echo ok
