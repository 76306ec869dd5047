#!/bin/bash
# dump_pieces.sh - `proxyfpm dump` cuts a big tree into pieces that two
# threads write (parsers/httpd_dump.c, "Two cores"): the output must be the
# bytes the one-thread walk writes.  PF_DUMP_PIECES=N cuts every tree into
# pieces of N nodes (vhosts, workers), so on the small trees of testdata/
# every kind of boundary is crossed: a piece that starts at a first child,
# in the middle of a section, after closing several, a new file's header
# in the text form.  The reference is the same binary on one CPU (taskset),
# where the pieces are never made.
. "$PF_SRC/tests/lib/need.sh"
need "$PYTHON" taskset
pf_tmpdir
if [ "$(nproc)" -lt 2 ]; then
	echo "SKIP: one CPU: dump never cuts the tree"
	exit 77
fi
fail=0 n=0
one() {	# NAME CONF SERVERROOT [ENVVARS]
	local name=$1 conf=$2 root=$3 fmt k
	[ -n "${4:-}" ] && { set -a; . "$4"; set +a; }
	for fmt in json text; do
		f=--json; [ $fmt = text ] && f=
		# a DocumentRoot such as /tmp, whose .htaccess files come and
		# go with the tests running beside this one: without them
		# (two equal reference runs are no proof that the next ones
		# will see the same files)
		if grep -rqsE '^[[:space:]]*DocumentRoot[[:space:]]+"?/tmp/?"?[[:space:]]*$' \
		    "$(dirname "$conf")"; then
			f="$f --no-htaccess"
		fi
		taskset -c 0 "$PROXYFPM" dump --httpd "$conf" -d "$root" $f \
		    > "$T/ref" 2>/dev/null
		taskset -c 0 "$PROXYFPM" dump --httpd "$conf" -d "$root" $f \
		    > "$T/ref2" 2>/dev/null
		if ! cmp -s "$T/ref" "$T/ref2"; then
			f="$f --no-htaccess"
			taskset -c 0 "$PROXYFPM" dump --httpd "$conf" -d "$root" \
			    $f > "$T/ref" 2>/dev/null
		fi
		for k in 1 2 7; do
			PF_DUMP_PIECES=$k "$PROXYFPM" dump --httpd "$conf" \
			    -d "$root" $f > "$T/out" 2>/dev/null
			if ! cmp -s "$T/ref" "$T/out"; then
				echo "FAIL $name $fmt PF_DUMP_PIECES=$k differs from one thread:"
				diff "$T/ref" "$T/out" | head -5
				fail=1
			fi
		done
		n=$((n + 1))
	done
	# the pieces make one JSON document
	PF_DUMP_PIECES=2 "$PROXYFPM" dump --httpd "$conf" -d "$root" --json 2>/dev/null |
	    "$PYTHON" -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null ||
	    { echo "FAIL $name: the JSON of PF_DUMP_PIECES=2 does not parse"; fail=1; }
}
for d in "$PF_TESTDATA"/httpd/*/; do
	[ -f "$d/httpd.conf" ] || continue
	one "$(basename "$d")" "$d/httpd.conf" "$d"
done
# a generated tree: Include chains, many files, and the default sizes
# (PIECE_* in httpd_dump.c) on a tree big enough to be cut without the
# variable
if [ -x "$PF_SHARED/tools/gen-bigconf" ]; then
	"$PF_SHARED/tools/gen-bigconf" --per-file 3 1500 "$T/tree" >/dev/null || exit 1
	R="$T/tree/etc/apache2"
	one bigconf "$R/apache2.conf" "$R" "$R/envvars"
	set -a; . "$R/envvars"; set +a
	"$PROXYFPM" dump --httpd "$R/apache2.conf" -d "$R" --json > "$T/out"
	taskset -c 0 "$PROXYFPM" dump --httpd "$R/apache2.conf" -d "$R" \
	    --json > "$T/ref"
	cmp -s "$T/ref" "$T/out" || { echo "FAIL bigconf: default pieces differ"; fail=1; }
	n=$((n + 1))
fi
[ $fail = 0 ] && echo "ok   $n dumps the same in pieces as on one thread"
exit $fail
