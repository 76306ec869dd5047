#!/bin/bash
# manpage.sh - the manual pages render without warnings and document every
# subcommand, every long option of every command (as its getopt_long table
# has it; also in its --help, and for serve and selftest in
# docs/runtime.md and docs/selftest.md) and every exit code.
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
# Every long option of every command, as its getopt_long table in
# cli/cmd_CMD.c has it (with the report and rule options of cli.h and
# common.h when the table takes them), is in the command's --help, in
# proxyfpm.1, and for serve and selftest in the document that describes
# them (docs/runtime.md, docs/selftest.md).
table_opts() {	# the table's options but help, one a line
	local f="$PF_SRC/cli/cmd_$1.c" re='s/.*{ "\([a-z0-9-]*\)", [a-z_]*_argument.*/\1/p'
	{
		sed -n "$re" "$f"
		grep -q 'PF_REPORT_LONGOPTS,' "$f" && sed -n "$re" "$PF_SRC/cli/cli.h"
		grep -q 'PF_RULES_LONGOPTS,' "$f" && sed -n "$re" "$PF_SRC/cli/common.h"
	} | grep -vx help | sort -u
}
ncmd=0
for f in "$PF_SRC"/cli/cmd_*.c; do
	cmd=$(basename "$f" .c)
	cmd=${cmd#cmd_}
	opts=$(table_opts "$cmd")
	[ -n "$opts" ] || continue
	ncmd=$((ncmd + 1))
	help=$("$PROXYFPM" "$cmd" --help)
	case $cmd in
	serve) doc="$PF_SRC/docs/runtime.md" ;;
	selftest) doc="$PF_SRC/docs/selftest.md" ;;
	*) doc= ;;
	esac
	for opt in $opts; do
		grep -qE -- "--$opt([^a-z0-9-]|\$)" <<<"$help" ||
			{ echo "FAIL: $cmd --$opt not in '$cmd --help'"; fail=1; }
		grep -qE "Fl -$opt( |\$)" "$man1" ||
			{ echo "FAIL: $cmd --$opt not in proxyfpm.1"; fail=1; }
		[ -z "$doc" ] || grep -qE -- "--$opt([^a-z0-9-]|\$)" "$doc" ||
			{ echo "FAIL: $cmd --$opt not in ${doc#$PF_SRC/}"; fail=1; }
	done
done
# (the tables were found: compile check lint dump rules selftest serve)
[ $ncmd -ge 7 ] || { echo "FAIL: only $ncmd getopt tables found in cli/"; fail=1; }
# Every exit code of cli/cli.h is documented.
for code in $(sed -n 's/.*PF_EXIT_[A-Z]* = \([0-9]\),.*/\1/p' "$PF_SRC/cli/cli.h"); do
	grep -q "^\.It $code\$" "$man1" || { echo "FAIL: exit $code not in proxyfpm.1"; fail=1; }
done
[ $fail = 0 ] && echo ok
exit $fail
