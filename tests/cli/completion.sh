#!/bin/bash
# completion.sh - scripts/completion/proxyfpm.bash offers what the binary
# has: every command, every long option of every command's getopt_long
# table (cli/cmd_*.c, with the report and rule options it takes), every
# report format after --format (also inside a comma list), every rule id
# and category after --enable/--disable and explain, the --fail-on
# levels; and cmake --install puts it where bash-completion looks.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fail=0
COMP="$PF_SRC/scripts/completion/proxyfpm.bash"
bash -n "$COMP" || { echo "FAIL: $COMP does not parse"; exit 1; }

comp() {	# words...: the completions of the last word, one a line
	bash -c 'source "$1"; shift; COMP_WORDS=("$@");
	    COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _proxyfpm;
	    printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP" "$PROXYFPM" "$@"
}
has() {	# what list...: every word of list among the completions of what
	local what=$1 got w; shift	# (a last word "_" stands for "")
	if [ "${what##* }" = _ ]; then
		got=$(comp ${what% _} "")
	else
		got=$(comp $what)
	fi
	for w in "$@"; do
		grep -qxF -- "$w" <<<"$got" ||
			{ echo "FAIL: '$what' does not offer $w"; fail=1; }
	done
}

cmds=$("$PROXYFPM" --help | awk '/^commands:/{on=1; next} on && !NF {exit} on {print $1}')
[ -n "$cmds" ] || { echo "FAIL: no commands in --help"; exit 1; }
[ "$(comp "" | sort)" = "$(sort <<<"$cmds")" ] ||
	{ echo "FAIL: commands offered: $(comp "" | tr '\n' ' ')"; fail=1; }
[ "$(comp li)" = lint ] || { echo "FAIL: 'li' is not completed to lint"; fail=1; }

re='s/.*{ "\([a-z0-9-]*\)", [a-z_]*_argument.*/\1/p'
n=0
for f in "$PF_SRC"/cli/cmd_*.c; do
	cmd=$(basename "$f" .c)
	cmd=${cmd#cmd_}
	opts=$({
		sed -n "$re" "$f"
		grep -q 'PF_REPORT_LONGOPTS,' "$f" && sed -n "$re" "$PF_SRC/cli/cli.h"
		grep -q 'PF_RULES_LONGOPTS,' "$f" && sed -n "$re" "$PF_SRC/cli/common.h"
	} | grep -vx help | sort -u | sed 's/^/--/')
	[ -n "$opts" ] || continue
	n=$((n + 1))
	has "$cmd --" $opts
done
[ $n -ge 7 ] || { echo "FAIL: only $n getopt tables found"; fail=1; }

has "lint --format _" $("$PROXYFPM" --formats | awk '{print $1}')
has "lint --format json,s" json,sarif
has "lint --format=sa" sarif
ids=$("$PROXYFPM" rules | awk '{print $1}')
has "lint --enable _" $ids routing sizing all
has "lint --disable _" $ids
has "explain _" $ids
has "lint --fail-on _" critical high medium low info none
has "lint --severity path" pathinfo-exposure=
# files and directories where a path goes
mkdir -p "$T/etc/apache2" && : > "$T/etc/apache2/apache2.conf"
has "lint --httpd $T/etc/apache2/apa" "$T/etc/apache2/apache2.conf"
has "lint -d $T/et" "$T/etc"

if cmake --install "$PF_BUILD" --prefix "$T/inst" >/dev/null 2>&1; then
	[ -f "$T/inst/share/bash-completion/completions/proxyfpm" ] ||
		{ echo "FAIL: not installed to share/bash-completion/completions/proxyfpm"; fail=1; }
else
	echo "FAIL: cmake --install"; fail=1
fi
[ $fail -eq 0 ] && echo "completion: ok"
exit $fail
