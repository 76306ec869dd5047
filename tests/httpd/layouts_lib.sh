# layouts_lib.sh - sourced by the tests/httpd/layouts*.sh scripts: need.sh,
# a private $T, fail, want, and defs (the defines dump --json reports).
set -u
. "$PF_SRC/tests/lib/need.sh"
need /usr/bin/python3
pf_tmpdir
py=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; [ -f "$T/out" ] && cat "$T/out" >&2; exit 1; }
want() {	# GOT WANT WHAT
	[ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}
defs() {	# ROOT [ARGS]: "NAME@FILE:LINE" of dump --json's defines, sorted
	local root=$1
	shift
	"$PROXYFPM" dump --root "$root" --json "$@" > "$T/out" 2>/dev/null
	case $? in 0|3) ;; *) fail "dump exited $?" ;; esac
	$py - "$T/out" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
d = d.get("httpd", d)
out = []
for x in d["defines"]:
    f = x.get("from") or {}
    out.append("%s@%s:%s" % (x["name"], f.get("file", ""), f.get("line", "")))
print(" ".join(sorted(out)))
P
}
