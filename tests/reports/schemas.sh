#!/bin/bash
# schemas.sh - validates what the report formats write against their
# schemas: SARIF against the OASIS SARIF 2.1.0 schema (shared/schemas),
# the json report and the rule list against docs/report-schema.json, the
# GitLab Code Quality output against the fields GitLab requires.  Uses
# Debian's python3-jsonschema.  Argument: the test_reports binary.
. "$PF_SRC/tests/lib/need.sh"
need "${PYTHON:-/usr/bin/python3}"
if ! "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
	need python3-jsonschema-module-missing
fi
SARIF_SCHEMA="$PF_SHARED/schemas/sarif-schema-2.1.0.json"
[ -f "$SARIF_SCHEMA" ] || need "$SARIF_SCHEMA"
pf_tmpdir
"$1" --write "$T/out" || { echo "FAIL: test_reports --write"; exit 1; }
# Not exec: the EXIT trap removes $T (an exec'ed validator left one
# directory of reports in /tmp per run).
"$PYTHON" "$PF_SRC/tests/reports/validate.py" "$T/out" "$SARIF_SCHEMA" \
	"$PF_SRC/docs/report-schema.json"
