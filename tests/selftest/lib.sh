# lib.sh - sourced by the selftest tests (after tests/lib/need.sh).
#
#   st_setup          pf_tmpdir, and TMPDIR for selftest's sandboxes: a
#                     folder www-data can pass, named in lower case (as
#                     selftest wants it), in /dev/shm as selftest's own
#                     default, removed at exit
#   no_leftovers LOG  nothing of a selftest run is left: its sandbox is
#                     gone from TMPDIR, and no process of the process groups
#                     it reported (-v) nor any process naming the sandbox
#                     runs; what is found is reported, then killed by PID
st_setup() {
	pf_tmpdir
	local base=/tmp
	[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
	export TMPDIR=$base/pf-selftest-t$$-$RANDOM
	mkdir -m 711 "$TMPDIR" || exit 1
	# (the test's own shell only: see pf_cleanup)
	trap '[ "$BASHPID" = "$$" ] && rm -rf "$TMPDIR"; pf_cleanup' EXIT
}

no_leftovers() {
	local log=$1 g pids left=0
	if [ -n "$(ls -A "$TMPDIR")" ]; then
		echo "FAIL: left behind in $TMPDIR: $(ls -A "$TMPDIR")"
		left=1
	fi
	for g in $(sed -n 's/.*process group \([0-9][0-9]*\).*/\1/p' "$log"); do
		pids=$(ps -eo pid=,pgid= | awk -v g="$g" '$2 == g { print $1 }')
		if [ -n "$pids" ]; then
			echo "FAIL: process group $g still runs:"
			ps -o pid,pgid,args -p "$(echo $pids | tr ' ' ,)"
			kill -9 $pids 2>/dev/null
			left=1
		fi
	done
	pids=$(ps -eo pid=,args= | grep -F "$TMPDIR/" | grep -v grep |
	    awk '{ print $1 }')
	if [ -n "$pids" ]; then
		echo "FAIL: processes of the sandbox still run:"
		ps -o pid,pgid,args -p "$(echo $pids | tr ' ' ,)"
		kill -9 $pids 2>/dev/null
		left=1
	fi
	return $left
}
