#!/bin/bash
# differential.sh - proxyfpm's request simulator against the real servers
# (issue 7 point 4, DESIGN.md 2.4): every routing case in testdata/ is
# run by 'proxyfpm selftest --compare-simulator': real apache2 in front
# of proxyfpm's runtime answers the probe matrix, the simulator predicts
# each probe, and every probe must agree.
#
# Cases: the site descriptions of testdata/site/ (compiled), the httpd +
# php-fpm trees of testdata/rules/*/{fire,safe}/* (deployed; identical
# trees run once: a known disagreement may name any of them) and
# testdata/selftest/*/ (vhost.conf + pool.conf [+ php.ini] [+ args, where
# @CASE@ is the case's folder]).  A disagreement fails the test; the real servers
# are the truth.  testdata/selftest/known-disagreements lists the ones
# already reported to the simulator's owner ("CASE HOST URL"): they are
# printed as KNOWN and still fail the test until the simulator is fixed,
# and an entry that no longer disagrees fails it too (remove it).
#
# Usage: differential.sh [CASE-NAME-PATTERN]   (a grep -E over case names)
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2
pf_tmpdir
# selftest's sandboxes go here (so the test sees anything left behind):
# a folder www-data can pass, named in lower case as selftest wants it
base=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
export TMPDIR=$base/pf-selftest-diff-$$-$RANDOM
mkdir -m 711 "$TMPDIR" || exit 1
trap 'rm -rf "$TMPDIR"; pf_cleanup' EXIT
mkdir -p "$T/out"
PY=${PYTHON:-/usr/bin/python3}
KNOWN=$PF_TESTDATA/selftest/known-disagreements
ONLY=${1:-}
ncase=0 nprobe=0 nna=0 nrefused=0 fail=0
: > "$T/disagree"
: > "$T/na"
: > "$T/alias"

# run_case NAME ARGS...: selftest with the simulator alongside.
run_case() {
	local name=$1 rc
	shift
	if [ -n "$ONLY" ] && ! grep -Eq "$ONLY" <<<"$name"; then
		return
	fi
	ncase=$((ncase + 1))
	"$PROXYFPM" selftest --compare-simulator --no-redact \
	    --format "json:$T/out/r.json" "$@" > "$T/out/table" 2> "$T/out/err"
	rc=$?
	case $rc in
	0|1) ;;
	3)	# apache2 (or a reader) refuses the case: nothing to compare
		nrefused=$((nrefused + 1))
		echo "not comparable: $name: $("$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" / ".join(f["message"].replace("\n", " ")[:300]
    for f in r.get("findings", []) if f.get("severity") == "error"))
' "$T/out/r.json" 2>/dev/null)"
		return ;;
	*)	echo "FAIL $name: selftest exited $rc"
		sed 's/^/    /' "$T/out/err" | head -20
		fail=$((fail + 1))
		return ;;
	esac
	if [ -n "$(ls -A "$TMPDIR")" ]; then
		echo "FAIL $name: the sandbox was left behind: $(ls "$TMPDIR")"
		fail=$((fail + 1))
	fi
	local n na
	read -r n na < <(sed -n 's/^selftest: \([0-9]*\) probes.*differ, \([0-9]*\) not comparable.*/\1 \2/p' "$T/out/table")
	nprobe=$((nprobe + ${n:-0}))
	nna=$((nna + ${na:-0}))
	grep -o '^  [^ ]*.* n/a (.*)$' "$T/out/table" |
	    sed -E "s|^  ([^ ]+).* n/a \((.*)\)$|    n/a: $name \1: \2|" >> "$T/na"
	"$PY" - "$T/out/r.json" "$name" >> "$T/disagree" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
for f in r.get("findings", []):
    if f.get("id") == "selftest-simulator-disagrees":
        m = f["message"]
        url, rest = m.split(" on ", 1)
        print("%s %s %s\t%s" % (sys.argv[2], rest.split(":", 1)[0],
            url.split(" ")[0], m))
PYEOF
}

# Site descriptions, compiled as 'proxyfpm compile' would.
for d in "$PF_TESTDATA"/site/*/; do
	n=$(basename "$d")
	if [ -f "$d/site.ini" ]; then
		run_case "site/$n" "$d/site.ini"
	elif [ -f "$d/host.ini" ]; then
		run_case "site/$n" "$d/host.ini"
	elif [ -f "$d/site.ini.in" ]; then
		for h in sethandler proxypassmatch; do
			sed "s/@PORT@/8080/; s/@HANDLER@/$h/" "$d/site.ini.in" \
			    > "$T/$n-$h.ini"
			run_case "site/$n-$h" "$T/$n-$h.ini"
		done
	fi
done

# The rule cases: deployed trees (each distinct tree once).
declare -A seen
for d in "$PF_TESTDATA"/rules/*/*/*/; do
	[ -f "$d/httpd.conf" ] && [ -f "$d/fpm.conf" ] || continue
	key=$(cat "$d/httpd.conf" "$d/fpm.conf" "$d/php.ini" "$d/setup" \
	    2>/dev/null | md5sum | cut -c1-16)
	rel=${d#"$PF_TESTDATA"/}
	rel=${rel%/}
	if [ -n "${seen[$key]:-}" ]; then
		# the same tree under another name: it says what that one says
		echo "$rel ${seen[$key]}" >> "$T/alias"
		continue
	fi
	seen[$key]=$rel
	w=$T/case/$rel
	mkdir -p "$w"
	cp -r "$d/." "$w/"
	for f in "$w"/*; do
		[ -f "$f" ] && sed -i "s|@DIR@|$w|g" "$f"
	done
	if [ -f "$w/setup" ]; then
		(cd "$w" && bash ./setup >/dev/null 2>&1) || continue
	fi
	a=(--httpd "$w/httpd.conf" --fpm "$w/fpm.conf")
	[ -f "$w/php.ini" ] && a+=(--php-ini "$w/php.ini")
	if [ -f "$w/args" ]; then
		read -r -a extra < "$w/args"
		for ((i = 0; i < ${#extra[@]}; i++)); do
			[ "${extra[$i]}" = --upload-dir ] &&
			    a+=(--upload-dir "${extra[$((i + 1))]}")
		done
	fi
	run_case "$rel" "${a[@]}"
done

# selftest's own routing cases.
for d in "$PF_TESTDATA"/selftest/*/; do
	[ -f "$d/vhost.conf" ] || continue
	n=$(basename "$d")
	a=(--httpd "$d/vhost.conf" --fpm "$d/pool.conf")
	[ -f "$d/php.ini" ] && a+=(--php-ini "$d/php.ini")
	if [ -f "$d/args" ]; then
		read -r -a extra < <(sed "s|@CASE@|${d%/}|g" "$d/args")
		a+=("${extra[@]}")
	fi
	run_case "selftest/$n" "${a[@]}"
done

# Disagreements against the list of known ones.
"$PY" - "$T/disagree" "$KNOWN" "$ONLY" "$T/alias" <<'PYEOF'
import re, sys
got = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
alias = {}
for l in open(sys.argv[4]):
    a, b = l.split()
    alias.setdefault(b, []).append(a)
known = {}
for l in open(sys.argv[2]):
    l = l.split("#", 1)[0].strip()
    if l:
        known[" ".join(l.split()[:3])] = 0
only = sys.argv[3]
for key, msg in got:
    case, rest = key.split(" ", 1)
    names = [case] + alias.get(case, [])
    hits = [n for n in names if "%s %s" % (n, rest) in known]
    for n in hits:
        known["%s %s" % (n, rest)] = 1
    tag = "KNOWN, reported" if hits else "NEW"
    also = " (also %s)" % ", ".join(names[1:]) if len(names) > 1 else ""
    print("DISAGREE (%s) %s%s\n    %s" % (tag, key, also, msg))
for key, hit in sorted(known.items()):
    if not hit and (not only or re.search(only, key.split()[0])):
        print("STALE known disagreement (it agrees now: remove it from "
              "the list): %s" % key)
PYEOF
# What could not be compared, and why (never silently).
sort "$T/na" | uniq
nd=$(wc -l < "$T/disagree")
stale=$("$PY" - "$T/disagree" "$KNOWN" "$ONLY" "$T/alias" <<'PYEOF'
import re, sys
got = {l.split("\t")[0] for l in open(sys.argv[1]) if l.strip()}
for l in open(sys.argv[4]):
    a, b = l.split()
    got |= {"%s %s" % (a, k.split(" ", 1)[1]) for k in list(got)
            if k.split(" ", 1)[0] == b}
n = 0
for l in open(sys.argv[2]):
    l = l.split("#", 1)[0].strip()
    if l:
        k = " ".join(l.split()[:3])
        if k not in got and (not sys.argv[3] or
                re.search(sys.argv[3], k.split()[0])):
            n += 1
print(n)
PYEOF
)
echo "differential: $ncase cases, $nprobe probes, $nd disagreements," \
    "$stale stale list entries, $nna probes not comparable (the n/a" \
    "lines), $nrefused cases apache2 refused, $fail errors"
[ "$fail" -eq 0 ] && [ "$nd" -eq 0 ] && [ "$stale" -eq 0 ]
