#!/bin/bash
# oracle.sh - runs tests/httpd/oracle.py (the reader against apache2 -t and
# its DUMP_* output) on a testdata case, on the machine's own /etc/apache2
# (read-only: apache2 -t opens no log and writes nothing), or on a tree
# written by shared/tools/gen-bigconf.
. "$PF_SRC/tests/lib/need.sh"
need /usr/sbin/apache2
need "$PYTHON"
PROBE="$PF_BUILD/httpd-probe"
case "$1" in
case)	exec "$PYTHON" "$PF_SRC/tests/httpd/oracle.py" "$PROBE" "$2" ;;
system)
	if [ ! -f /etc/apache2/apache2.conf ]; then
		echo "SKIP: no /etc/apache2" >&2
		exit 77
	fi
	exec "$PYTHON" "$PF_SRC/tests/httpd/oracle.py" "$PROBE" --tree \
	    /etc/apache2/apache2.conf /etc/apache2 /etc/apache2/envvars ;;
bigconf)
	need "$PF_SHARED/tools/gen-bigconf"
	pf_tmpdir
	"$PF_SHARED/tools/gen-bigconf" --per-file 3 40 "$T/tree" >/dev/null || exit 1
	"$PYTHON" "$PF_SRC/tests/httpd/oracle.py" "$PROBE" --tree \
	    "$T/tree/etc/apache2/apache2.conf" "$T/tree/etc/apache2" \
	    "$T/tree/etc/apache2/envvars"
	exit $? ;;
esac
echo "usage: oracle.sh case DIR | system | bigconf" >&2
exit 2
