#!/bin/bash
# panels.sh - hosting panels' real layouts: lint finds exactly what the
# panel's files deserve, no more, no less.
#
#   panels.sh PANEL       testdata/rules/_panels/PANEL
#
# A panel directory holds:
#   root/      the tree as the panel writes it (etc/..., var/..., home/...),
#              linted with --root as if it stood at /
#   setup.sh   optional, sourced with R set to the private copy of root/:
#              symlinks to this machine's modules, empty directories,
#              modes git does not keep (a 1777 upload folder, ...)
#   args       optional, lint arguments, one per line (--httpd FILE, ...)
#   expect     every finding and reader diagnostic at low or above (error,
#              warning, critical, high, medium, low) the run must report,
#              one per line:  SEVERITY RULE-ID /PATH:LINE
#              '#' starts a comment; info and note lines are not compared
#   oracle.sh  optional, run with C set to a copy of root/ whose absolute
#              paths (/etc, /var, /home, /srv, /opt, /usr/local, /run)
#              point into C (pf_remap), and T, PROXYFPM: it runs the real
#              server (apache2 -t, php-fpm8.2 -t) on that copy and fails
#              when lint's verdict differs
#   README     where the files come from (panel, version, template)
#
# The comparison is exact both ways: a missing finding is a missed
# problem, an extra one a false alarm on a real panel's output.
set -u
. "$PF_SRC/tests/lib/need.sh"
P="$PF_TESTDATA/rules/_panels/$1"
[ -d "$P/root" ] || { echo "FAIL: no panel $1"; exit 1; }
pf_tmpdir
R="$T/root"
cp -a "$P/root" "$R"
if [ -f "$P/setup.sh" ]; then
	# shellcheck disable=SC1090
	( cd "$R" && . "$P/setup.sh" ) || { echo "FAIL: setup.sh"; exit 1; }
fi
args=()
if [ -f "$P/args" ]; then
	while IFS= read -r a; do
		[ -n "$a" ] && args+=("$a")
	done < "$P/args"
fi

fail=0
out=$(cd "$T" && "$PROXYFPM" lint --no-config --format compact \
	--fail-on none --root "$R" "${args[@]}" 2>&1)
rc=$?
echo "$out" > "$T/out"
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
	echo "FAIL: lint exited $rc"
	fail=1
fi
# "PATH:LINE:COL: SEV: message [rule]" -> "SEV RULE PATH:LINE"
sed -nE 's/^([^ ]+):([0-9]+):[0-9]+: (error|warning|critical|high|medium|low): .* \[([^]]+)\]$/\3 \4 \1:\2/p' \
	"$T/out" | sort -u > "$T/got"
sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' \
	"$P/expect" | grep -v '^$' | sort -u > "$T/want"
if ! cmp -s "$T/got" "$T/want"; then
	echo "FAIL: findings differ from expect (< missing, > unexpected)"
	diff "$T/want" "$T/got" | grep '^[<>]'
	fail=1
fi
if [ $rc -eq 3 ] && ! grep -q '^error ' "$T/want"; then
	echo "FAIL: lint exited 3 (input errors) on a layout expected to read"
	fail=1
fi

# Absolute paths in the configuration files of a copy, pointed into it.
pf_remap() {
	local dir=$1 f
	grep -rlIE '(/etc|/var|/home|/srv|/opt|/usr/local|/run)/' "$dir" |
	while IFS= read -r f; do
		sed -i -E "s#(^|[[:space:]\"'=:(,])/(etc|var|home|srv|opt|usr/local|run)/#\\1$dir/\\2/#g" "$f"
	done
}
if [ $fail -eq 0 ] && [ -f "$P/oracle.sh" ]; then
	C="$T/oracle"
	cp -a "$R" "$C"
	pf_remap "$C"
	export C T PROXYFPM
	if ! bash "$P/oracle.sh"; then
		echo "FAIL: oracle.sh"
		fail=1
	fi
fi
if [ $fail -ne 0 ]; then
	sed 's/^/    /' "$T/out"
	echo "0 passed, 1 failed"
	exit 1
fi
sed 's/^/    /' "$T/got"
echo "1 passed, 0 failed"
