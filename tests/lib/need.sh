# need.sh - sourced by test scripts: skip (77) when a needed program is
# missing, except under CI=true, where a missing program is a failure.
need() {
	for p in "$@"; do
		if ! command -v "$p" >/dev/null 2>&1 && [ ! -x "$p" ]; then
			if [ "${CI:-}" = true ]; then
				echo "FAIL: $p is required in CI but missing" >&2
				exit 1
			fi
			echo "SKIP: $p not installed" >&2
			exit 77
		fi
	done
}
export PATH="$PATH:/usr/sbin:/sbin"
# A private temp dir removed on exit; tests put everything under it.
pf_tmpdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/pf-test.XXXXXX")
	trap 'pf_cleanup' EXIT
}
# Kills every PID listed in $T/pids (written by tests that start servers).
pf_cleanup() {
	if [ -n "${T:-}" ] && [ -f "$T/pids" ]; then
		while read -r pid; do
			kill "$pid" 2>/dev/null
		done < "$T/pids"
		sleep 0.2
		while read -r pid; do
			kill -9 "$pid" 2>/dev/null
		done < "$T/pids"
	fi
	[ -n "${T:-}" ] && rm -rf "$T"
}
# A free TCP port on 127.0.0.1.
pf_free_port() {
	"${PYTHON:-/usr/bin/python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
