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
# The .deb of a test-only package that scripts/setup.sh --test downloads,
# not installed, into build/testdebs: prints its path, or says why not
# and returns 77 (1 under CI=true, where it must be there).
#   f=$(pf_testdeb libapache2-mod-php8.2) || exit $?
pf_testdeb() {
	local d f
	for d in "$PF_BUILD/testdebs" "$PF_SRC/build/testdebs"; do
		for f in "$d/$1"_*.deb; do
			[ -f "$f" ] && { echo "$f"; return 0; }
		done
	done
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1's package is not in build/testdebs (scripts/setup.sh --test downloads it)" >&2
		return 1
	fi
	echo "SKIP: $1's package is not in build/testdebs" >&2
	return 77
}
# A private temp dir removed on exit; tests put everything under it.
pf_tmpdir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/pf-test.XXXXXX")
	# Every process this test starts inherits the tag: pf_cleanup kills
	# a listed PID only while it still carries it (or names $T), never a
	# process of another test that got the PID after ours ended (PIDs
	# wrap at 32768, and a ctest run starts tens of thousands).
	export PF_TEST_TAG=$T
	trap 'pf_cleanup' EXIT
}
pf_ours() {	# PID: still a process of this test?
	[ -r "/proc/$1/environ" ] || return 1
	# (2>/dev/null first: the process may be gone by the '<')
	tr '\0' '\n' 2>/dev/null < "/proc/$1/environ" |
		grep -qxF "PF_TEST_TAG=$T" && return 0
	tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline" | grep -qF "$T"
}
# Kills every PID listed in $T/pids (written by tests that start servers)
# that is still this test's.  Only the test's own shell cleans up: a
# subshell forked for a background job inherits the EXIT trap, and one
# that a signal ends before it execs (a Ctrl-C sent right after `cmd &`)
# would run it and remove $T under the running test.
pf_cleanup() {
	[ "${BASHPID:-$$}" = "$$" ] || return 0
	if [ -n "${T:-}" ] && [ -f "$T/pids" ]; then
		local ours=() pid
		while read -r pid; do
			[ -n "$pid" ] && pf_ours "$pid" && ours+=("$pid")
		done < "$T/pids"
		if [ ${#ours[@]} -gt 0 ]; then
			kill "${ours[@]}" 2>/dev/null
			# apache2's graceful stop takes a while on a loaded
			# machine; a parent killed -9 before its children
			# leaves them running, holding ctest's output pipe
			# (a test that passed then timed out at 600 s)
			local i left
			for i in $(seq 100); do
				left=0
				for pid in "${ours[@]}"; do
					pf_ours "$pid" && left=1 && break
				done
				[ $left = 0 ] && break
				sleep 0.05
			done
			for pid in "${ours[@]}"; do
				pf_ours "$pid" && kill -9 "$pid" 2>/dev/null
			done
			# and whatever they started that is still ours (the
			# tag is in the environment of every program the test
			# ran, the servers' children too)
			for pid in $(grep -lzxF "PF_TEST_TAG=$T" \
			    /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
				[ "$pid" != "$$" ] && pf_ours "$pid" &&
					kill -9 "$pid" 2>/dev/null
			done
		fi
	fi
	[ -n "${T:-}" ] && rm -rf "$T"
}
# A free TCP port on 127.0.0.1.
# A free port on 127.0.0.1.  Nothing holds it until the server binds it, so
# two calls may name the same port (rules.sim-oracle once got "Cannot
# define multiple Listeners on the same IP:port"): the ports given out are
# kept in $T/.ports (after pf_tmpdir) and never given twice in one test.
pf_free_port() {
	"${PYTHON:-/usr/bin/python3}" - "${T:-}" <<'EOP'
import os, socket, sys
f = os.path.join(sys.argv[1], ".ports") if sys.argv[1] and os.path.isdir(sys.argv[1]) else None
used = set(open(f).read().split()) if f and os.path.exists(f) else set()
for _ in range(1000):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    if str(p) not in used:
        break
if f:
    with open(f, "a") as o:
        o.write("%d\n" % p)
print(p)
EOP
}
# The head of a private Apache configuration, on stdout: ServerRoot DIR,
# its pid file, runtime dir, mutexes and error log in DIR (DIR/run and
# DIR/logs, made here), children as www-data, Listen 127.0.0.1:PORT, the
# event MPM, mod_authz_core and each MODULE named (mod_MODULE.so from
# Debian's module directory).  Tests append their own sections.
#   pf_apache_head DIR PORT [MODULE...] > DIR/httpd.conf
# Reads "STATUS SECONDS" lines (curl's %{http_code} %{time_total}) and
# prints "STATUS S" where the time lies within S - 0.3 .. S + 0.8, else the
# time itself: a loaded machine answers late, never early, and rounding to
# the nearest second made a busy CI run's 2.6 s a 3.
pf_secs_near() {	# S
	awk -v s="$1" '{t = $2 + 0; printf "%s %s", $1,
	    (t >= s - 0.3 && t <= s + 0.8) ? s : t}'
}

pf_apache_head() {
	local d=$1 port=$2 m M=/usr/lib/apache2/modules
	shift 2
	mkdir -p "$d/run" "$d/logs"
	cat <<EOT
ServerRoot "$d"
ServerName 127.0.0.1
PidFile "$d/run/httpd.pid"
DefaultRuntimeDir "$d/run"
Mutex file:$d/run default
ErrorLog "$d/logs/error.log"
User www-data
Group www-data
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
EOT
	for m in "$@"; do
		echo "LoadModule ${m}_module $M/mod_$m.so"
	done
	echo "Listen 127.0.0.1:$port"
}
# The start of an oracle test of apache2 with Debian's mod_php
# (libapache2-mod-php8.2 from build/testdebs, unpacked, never installed):
# needs apache2, curl and dpkg-deb, makes $T and sets SO, the module file.
pf_modphp_start() {
	local deb
	need apache2 curl dpkg-deb
	deb=$(pf_testdeb libapache2-mod-php8.2) || exit $?
	pf_tmpdir
	dpkg-deb -x "$deb" "$T/x" || exit 1
	SO="$T/x/usr/lib/apache2/modules/libphp8.2.so"
}
# pf_apache_head's lines on mpm_prefork (php8.2.load's Depends) with
# $SO loaded as php_module and the system's mime.types.
#   pf_modphp_head DIR PORT [MODULE...]
pf_modphp_head() {
	pf_apache_head "$@" |
	    sed 's/mpm_event_module \(.*\)mod_mpm_event.so/mpm_prefork_module \1mod_mpm_prefork.so/'
	echo "LoadModule php_module $SO"
	echo "TypesConfig /etc/mime.types"
}
# Writes DIR/fpm.conf: a php-fpm master (pid, logs in DIR/logs, in the
# foreground) with one static pool [t] of 2 www-data workers on
# DIR/php.sock, plus the lines EXTRA.
#   pf_fpm_conf "$T" 'php_admin_value[x] = y'
pf_fpm_conf() {
	local d=$1
	mkdir -p "$d/logs"
	cat > "$d/fpm.conf" <<EOT
[global]
pid = $d/fpm.pid
error_log = $d/logs/fpm.log
daemonize = no
[t]
user = www-data
group = www-data
listen = $d/php.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 2
${2:-}
EOT
}
# Starts apache2 in the foreground on CONF (a test's pf_apache_head file),
# its PID listed for pf_cleanup, and waits until it answers on PORT;
# returns 1 if it does not within 3 s.
#   pf_apache_run CONF PORT || fail "apache2 did not start"
pf_apache_run() {
	# in a session of its own: prefork's parent ends by signalling its
	# whole process group (ap_unixd_killpg), which would be the test's
	# and ctest's (mod_php needs prefork).  setsid execs in place (a
	# background job is no group leader), so $! is apache2's PID.
	setsid apache2 -f "$1" -DFOREGROUND &
	echo $! >> "$T/pids"
	for _ in $(seq 300); do
		curl -s -o /dev/null "http://127.0.0.1:$2/" && return 0
		sleep 0.01
	done
	return 1
}
# Asks the servers (Host NAME.test on 127.0.0.1:$PORT) and the simulator
# (sim-probe on $T/httpd.conf and $T/fpm.conf, vhost VI) for each URL of
# $URLS, whose scripts print "EXEC:" and __FILE__; ROOT: the pool's chroot
# (PHP names its files below it), or "".  Counts the URLs in n and sets
# bad=1 with a line for each difference.
#   pf_sim_agree VI NAME ROOT
pf_sim_agree() {
	local vi=$1 name=$2 root=$3 sim u body want got i=0
	mapfile -t sim < <("$PF_BUILD/sim-probe" --httpd "$T/httpd.conf" \
	    --fpm "$T/fpm.conf" --vhost "$vi" $URLS)
	for u in $URLS; do
		body=$(curl -s -w ' %{http_code}' -H "Host: $name.test" \
		    "http://127.0.0.1:$PORT$u")
		case $body in
		EXEC:*) want=${body% *}; want="exec:$root${want#EXEC:}" ;;
		*"File not found."*) want=fpm404 ;;
		*"Access denied."*) want=fpm403 ;;
		*'"EX"."EC:"'*) want=static ;;	# the script's source
		*) want=${body##* } ;;	# Apache's own page: its status
		esac
		got=${sim[$i]#* }
		n=$((n + 1))
		[ "$want" = "$got" ] || {
			echo "FAIL: $name.test$u: the servers say $want, the simulator $got"
			bad=1
		}
		i=$((i + 1))
	done
}
# The start of an oracle test that runs apache2 in front of php-fpm8.2
# (its master as root, pools as www-data): needs both and curl, makes $T
# (searchable by the servers' users), skips (77) unless root, and defines
# fail MSG, which prints the servers' logs ($T/logs, $T/*/logs) and exits 1.
pf_fpm_oracle_start() {
	need apache2 php-fpm8.2 curl
	pf_tmpdir
	fail() {
		echo "FAIL: $*"
		cat "$T"/logs/*.log "$T"/*/logs/*.log 2>/dev/null | tail -20
		exit 1
	}
	[ "$(id -u)" = 0 ] || { echo "SKIP: php-fpm must start as root"; exit 77; }
	getent passwd www-data >/dev/null || fail "no user www-data"
	chmod 755 "$T"
}
# After pf_fpm_oracle_start: php-fpm8.2 in the foreground on $T/fpm.conf
# (its output to $T/logs/fpm.out, its PID to $T/pids); waits for SOCKET
# (the last pool's) or fails.
pf_fpm_run() {
	php-fpm8.2 -F -y "$T/fpm.conf" 2>>"$T/logs/fpm.out" &
	echo $! >> "$T/pids"
	for _ in $(seq 300); do [ -S "$1" ] && break; sleep 0.01; done
	[ -S "$1" ] || fail "php-fpm did not start"
}
# One pool per setup, each with its own settings, each behind a folder:
# after pf_fpm_oracle_start, with the associative array X (NAME -> the
# pool's extra lines, WWW in them standing for its folder DIR/wNAME, made
# with SCRIPT as s.php), writes $T/fpm.conf (a static pool of one
# www-data worker per NAME on $T/NAME.sock), starts php-fpm, and writes
# $T/httpd.conf (apache2 on $PORT, a free port, serving DIR, each folder
# sending its .php files to its pool); then starts apache2.
#   declare -A X=([a]="php_admin_value[x] = 1" [b]="")
#   pf_pool_dirs "$T" '<?php echo 1;' a b	# http://127.0.0.1:$PORT/wa/s.php
pf_pool_dirs() {
	local dir=$1 script=$2 p
	shift 2
	mkdir -p "$T/logs"
	{
		printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
		for p in "$@"; do
			mkdir -p "$dir/w$p"
			echo "$script" > "$dir/w$p/s.php"
			printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s/%s.sock\nlisten.mode = 0666\npm = static\npm.max_children = 1\n%s\n' \
			    "$p" "$T" "$p" "${X[$p]//WWW/$dir/w$p}"
		done
	} > "$T/fpm.conf"
	chmod -R a+rX "$dir"
	pf_fpm_run "$T/${!#}.sock"
	PORT=$(pf_free_port)
	{
		pf_apache_head "$T" "$PORT" mime dir proxy proxy_fcgi
		echo "TypesConfig /etc/mime.types"
		echo "DocumentRoot $dir"
		printf '<Directory %s>\n    Require all granted\n</Directory>\n' "$dir"
		for p in "$@"; do
			printf '<Directory %s/w%s>\n    <FilesMatch "\\.php$">\n        SetHandler "proxy:unix:%s/%s.sock|fcgi://localhost"\n    </FilesMatch>\n</Directory>\n' \
			    "$dir" "$p" "$T" "$p"
		done
	} > "$T/httpd.conf"
	pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
}
# After pf_fpm_oracle_start: $T/fpm.conf with one static pool per NAME,
# as www-data on $T/NAME.sock (mode 0666), env[POOL] = NAME, plus the
# lines EXTRA in each (NAME=DIR: that pool chrooted to DIR); then
# pf_fpm_run.
#   pf_fpm_pools 'pm.max_children = 1' a b "c=$T/c"
pf_fpm_pools() {
	local extra=$1 p n last=
	shift
	mkdir -p "$T/logs"
	{
		printf '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\ndaemonize = no\n' "$T" "$T"
		for p in "$@"; do
			n=${p%%=*}
			printf '[%s]\nuser = www-data\ngroup = www-data\nlisten = %s/%s.sock\nlisten.mode = 0666\npm = static\nenv[POOL] = %s\n%s\n' \
				"$n" "$T" "$n" "$n" "$extra"
			[ "$n" = "$p" ] || printf 'chroot = %s\nchdir = /\n' "${p#*=}"
			last=$n
		done
	} > "$T/fpm.conf"
	pf_fpm_run "$T/$last.sock"
}

# need_gen: PY (python3) and GEN (shared/tools/gen-bigconf), or exit 77.
need_gen() {
	PY=${PYTHON:-/usr/bin/python3}
	need "$PY"
	GEN=${PF_SHARED:-$PF_SRC/../shared}/tools/gen-bigconf
	[ -f "$GEN" ] || need "$GEN"
}
# gen_allow_all N DIR: gen-bigconf's tree of N vhosts in DIR, its vhosts'
# AllowOverride FileInfo made All (the .htaccess walks' tests); exits on
# failure.
gen_allow_all() {
	"$PY" "$GEN" "$1" "$2" >/dev/null || { echo "FAIL: gen-bigconf"; exit 1; }
	sed -i 's/AllowOverride FileInfo Options=Indexes/AllowOverride All/' \
	    "$2"/etc/apache2/sites-available/*.conf
}
# After an oracle test's servers: lint of $T/httpd.conf and $T/fpm.conf
# (Debian's FPM php.ini), compact, into out (returns lint's status);
# pf_check WHAT WANT GOT counts a check in n and sets bad when lint's
# figure differs.
pf_lint_tree() {
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --httpd "$T/httpd.conf" --fpm "$T/fpm.conf" \
	    --php-ini /etc/php/8.2/fpm/php.ini "$@" 2>&1)
}
pf_check() {
	n=$((n + 1))
	[ "$2" = "$3" ] || { echo "FAIL: $1: want $2, lint says $3"; bad=1; }
}
# The end of such a test: on a failed check, lint's lines that match the
# extended regex RE and exit 1; else the summary line SAID.
pf_lint_end() {	# RE SAID
	if [ "$bad" -ne 0 ]; then
		grep -E "$1" <<<"$out" | sed 's/^/    /'
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "$2"
	echo "1 passed, 0 failed"
}
