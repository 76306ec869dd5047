#!/bin/bash
# conf_diff.sh - differential test of the reader against apache2 -t on
# random trees (conf_gen.py): COUNT trees of seed SEED (defaults 1 and
# 160; PF_CONF_DIFF_SEED / PF_CONF_DIFF_COUNT to explore others), each
# compared by oracle.py: the verdict, where apache2 stops, and for a tree
# apache2 accepts the files read, the defines and the vhosts.  A failing
# tree is kept and named, so it can become a testdata/httpd case.
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2
need "$PYTHON"
pf_tmpdir
SEED=${PF_CONF_DIFF_SEED:-1}
COUNT=${PF_CONF_DIFF_COUNT:-160}
"$PYTHON" "$PF_SRC/tests/httpd/conf_gen.py" "$SEED" "$COUNT" "$T/gen" || exit 1
fail=0 acc=0 rej=0
for c in "$T"/gen/c*; do
	if ! out=$("$PYTHON" "$PF_SRC/tests/httpd/oracle.py" \
	    "$PF_BUILD/httpd-probe" "$c" 2>&1); then
		fail=$((fail + 1))
		keep=$(mktemp -d /tmp/pf-conf-diff.XXXXXX)
		cp -r "$c/." "$keep/"
		echo "FAIL seed $SEED tree $(basename "$c") (mistake: $(cat "$c/mistake")), kept in $keep:"
		echo "$out" | tail -15
	fi
	case "$out" in
	*"apache2 exit 0"*) acc=$((acc + 1)) ;;
	*"apache2 exit 1"*) rej=$((rej + 1)) ;;
	esac
done
echo "seed $SEED: $COUNT trees, $acc accepted and $rej rejected in agreement, $fail differ"
# the generator must keep making both kinds, or the test proves little
if [ "$acc" -lt $((COUNT / 5)) ] || [ "$rej" -lt $((COUNT / 5)) ]; then
	echo "FAIL: too few accepted ($acc) or rejected ($rej) trees"
	exit 1
fi
[ "$fail" -eq 0 ]
