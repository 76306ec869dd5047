#!/bin/bash
# golden.sh - compile every case of testdata/site (except e2e) and compare
# the emitted tree and the output of check --explain-sizing with the
# case's expected/ folder.  PF_UPDATE_GOLDEN=1 rewrites expected/ instead:
# do that only on purpose, and review the diff.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
rc=0
n=0
for DIR in "$PF_TESTDATA"/site/*/; do
	case=$(basename "$DIR")
	[ -f "$DIR/site.ini" ] || [ -f "$DIR/inputs" ] || continue
	inputs=site.ini
	[ -f "$DIR/inputs" ] && inputs=$(cat "$DIR/inputs")
	args=""
	[ -f "$DIR/args" ] && args=$(cat "$DIR/args")
	out=$T/$case
	mkdir -p "$out/tree"
	# shellcheck disable=SC2086
	(cd "$DIR" && "$PROXYFPM" compile -o "$out/tree" $args $inputs \
	    >/dev/null 2>"$out/compile.err") || {
		echo "FAIL: compile $case" >&2
		cat "$out/compile.err" >&2
		rc=1
		continue
	}
	# shellcheck disable=SC2086
	(cd "$DIR" && NO_COLOR=1 "$PROXYFPM" check --explain-sizing $args \
	    $inputs > "$out/tree/check.out" 2>&1)
	if [ "${PF_UPDATE_GOLDEN:-}" = 1 ]; then
		rm -rf "$DIR/expected"
		cp -r "$out/tree" "$DIR/expected"
		echo "updated $case"
		continue
	fi
	if ! diff -ru "$DIR/expected" "$out/tree" >&2; then
		echo "FAIL: $case differs from its expected/ (PF_UPDATE_GOLDEN=1" \
		    "rewrites it)" >&2
		rc=1
	fi
	n=$((n + 1))
done
[ $rc = 0 ] && echo "golden: $n cases match"
exit $rc
