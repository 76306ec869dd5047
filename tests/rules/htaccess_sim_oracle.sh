#!/bin/bash
# htaccess_sim_oracle.sh - the request simulator against the real apache2
# + php-fpm8.2 with the real-world .htaccess shapes of
# testdata/rules/_htaccess_sim (see its README) as the DocumentRoot's
# .htaccess, PHP routed by a <FilesMatch> SetHandler and then by an
# AddHandler: every URL of corpus_sim_diff.py must get the same verdict.
# (corpus_sim_diff.py --htaccess runs real-world .htaccess corpora the
# same way; these are the cases it found.)
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2 curl
need "$PYTHON"
rc=0
for route in sethandler addhandler; do
	"$PYTHON" "$PF_SRC/tests/rules/corpus_sim_diff.py" "$PF_BUILD" \
	    "$PF_TESTDATA/rules/_htaccess_sim" --htaccess "$route" || rc=1
done
exit $rc
