#!/bin/bash
# manpage.sh - the manual pages render without warnings and document every
# subcommand and every option the checking commands share.
set -u
. "$PF_SRC/tests/lib/need.sh"
need groff
fail=0
for page in "$PF_SRC/docs/man/proxyfpm.1" "$PF_SRC/docs/man/proxyfpm-site.5"; do
	warn=$(groff -mandoc -Tutf8 -ww "$page" 2>&1 >/dev/null)
	[ -z "$warn" ] || { echo "FAIL: $page: $warn"; fail=1; }
done
man1="$PF_SRC/docs/man/proxyfpm.1"
for cmd in $("$PROXYFPM" --help | awk '/^commands:/{on=1; next} on && !NF {exit} on {print $1}'); do
	grep -q "^\.It Cm $cmd\$" "$man1" || { echo "FAIL: command $cmd not in proxyfpm.1"; fail=1; }
done
# Report and rule options, as 'lint --help' lists them after "rules:".
for opt in $("$PROXYFPM" lint --help | awk '/^rules:/{on=1} on' |
    grep -oE '^  --[a-z-]+' | sed 's/^  --//'); do
	grep -qE "Fl -$opt( |$)" "$man1" || { echo "FAIL: --$opt not in proxyfpm.1"; fail=1; }
done
# Every long option of the commands the page describes option by option.
for cmd in compile check lint dump rules; do
	for opt in $("$PROXYFPM" $cmd --help | grep -oE '^  (-[a-zA-Z], )?--[a-z0-9-]+' |
	    sed 's/.*--//'); do
		[ "$opt" = help ] && continue
		grep -qE "Fl -$opt( |$)" "$man1" ||
			{ echo "FAIL: $cmd --$opt not in proxyfpm.1"; fail=1; }
	done
done
# Every exit code of cli/cli.h is documented.
for code in $(sed -n 's/.*PF_EXIT_[A-Z]* = \([0-9]\),.*/\1/p' "$PF_SRC/cli/cli.h"); do
	grep -q "^\.It $code\$" "$man1" || { echo "FAIL: exit $code not in proxyfpm.1"; fail=1; }
done
[ $fail = 0 ] && echo ok
exit $fail
