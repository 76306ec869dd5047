#!/bin/bash
# httpd_bench.sh - issue 3 point 8: reading a gen-bigconf tree of N vhosts.
#
#   bench/httpd_bench.sh [BUILD_DIR] [N...]   (default build, 100 1000 10000)
#   ROUNDS=5 (interleaved rounds)
#   COLD=1     empty the page cache (sync; echo 3 > /proc/sys/vm/
#              drop_caches, as root) before each measured command: the
#              first run on a tree nothing has read lately, where most of
#              the time is waiting for the disk
#   USERDIR=U  mod_userdir on, as Debian's userdir.conf (a2enmod userdir)
#              with the target in the tree (UserDir DIR/users/*/public_html)
#              and U users' folders, each with an .htaccess: every vhost
#              inherits it, so the .htaccess walk, the simulator's memo and
#              userdir-php-exec meet U folders times N vhosts (a quadratic
#              there cost 5.5G instructions at 10,000 vhosts, 200 users)
#   MAINDIRS=1 a <Directory> block per site at the top level as well
#              (conf-enabled/sites-dirs.conf, AllowOverride All), as
#              panels write them: every request's walk and every
#              vhost's .htaccess walk meet N of them (before the indexes
#              of the thirty-first session, lint took 60 s and 947 MB
#              at 10,000 vhosts; apache2 -t 8 s and 2.1 GB)
#   MAINDIRS=php  the same, each <Directory> with the site's PHP handler
#              in it (<FilesMatch> SetHandler to the site's socket, as a
#              hand-made sites-available file puts it above its
#              <VirtualHost>): N main-server routes, which every vhost
#              links and simulates (before the thirty-seventh session,
#              lint took 42 s at 10,000 vhosts)
#   DEBIAN=1   the confs a Debian server has beside its sites: the stock
#              mods-enabled/alias.conf (Alias /icons/), and the packages'
#              javascript-common, phpmyadmin and certbot confs (Aliases in
#              the main server, which every vhost inherits, and
#              SymLinksIfOwnerMatch in their <Directory>: before the
#              thirty-second session one such line sent every vhost's
#              DocumentRoot to the link checks, lint 0.33 s against the
#              plain tree's 0.24 s at 10,000 vhosts)
#
# For each N, ROUNDS interleaved rounds of, in turn:
#   apache2    /usr/sbin/apache2 -t on the tree (envvars sourced)
#   lint       proxyfpm lint --httpd (reader + every rule)
#   dump       proxyfpm dump --httpd --json > /dev/null (the reader alone
#              plus printing; httpd-probe --json if proxyfpm is missing)
#   reader     the reader alone, nothing printed (httpd-probe, from the
#              build's tests; .htaccess walk included, as dump does)
#   readall    the anchor: bench/httpd_readall.c opens and reads each file
#              the reader reads (the distinct files of apache2's
#              -D DUMP_INCLUDES list), nothing else
#   floor      readall plus the file-system work lint's rules must do for
#              each DocumentRoot (probe .htaccess, stat, list it three
#              levels deep; the roots from dump --json): a floor under
#              lint's time that apache2 -t, which never looks at a
#              DocumentRoot, does not pay
# Prints, per command, the median wall time with the spread (min-max) and
# the median peak RSS (GNU time), then the apache2/lint, dump/readall and
# reader/readall and apache2/floor ratios of the medians, and the median CPU seconds (user +
# system, all threads) of apache2 -t and lint with their ratio: on a
# shared machine the CPU time moves less than the wall time.  The machine's load average is printed before and after:
# other work on the machine moves every figure, the ratios less.
set -u
B=${1:-build}; shift || true
NS=${*:-100 1000 10000}
ROUNDS=${ROUNDS:-5}
SRC=$(cd "$(dirname "$0")/.." && pwd)
case "$B" in /*) ;; *) B="$SRC/$B" ;; esac
GEN=${PF_SHARED:-$SRC/../shared}/tools/gen-bigconf
W=$(mktemp -d /tmp/pf-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
cc -O2 -o "$W/readall" "$SRC/bench/httpd_readall.c" || exit 1
PF="$B/proxyfpm"; PROBE="$B/httpd-probe"
[ -x "$PF" ] || [ -x "$PROBE" ] || { echo "no $PF or $PROBE" >&2; exit 1; }
measure() {	# OUT CMD...: appends "seconds maxrss_kb cpu_seconds" (wall to 1 ms)
	local out=$1 s e; shift
	if [ "${COLD:-0}" = 1 ]; then
		sync
		echo 3 > /proc/sys/vm/drop_caches || exit 1
	fi
	s=$(date +%s%N)
	/usr/bin/time -f '%M %U %S' -o "$W/t" "$@" >/dev/null 2>&1
	e=$(date +%s%N)
	echo "$(awk -v d=$((e - s)) 'BEGIN{printf "%.3f", d / 1e9}') $(tail -1 "$W/t" |
	    awk '{printf "%s %.2f", $1, $2 + $3}')" >> "$out"
}
stat1() {	# FILE COL: "median min max"
	cut -d' ' -f"$2" "$1" | sort -n | awk '{a[NR]=$1}
	    END {printf "%s %s %s", a[int((NR+1)/2)], a[1], a[NR]}'
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $ROUNDS rounds$([ "${COLD:-0}" = 1 ] && echo "; page cache emptied before each command")"
printf '%6s  %-25s %-25s %-25s %-25s %-19s %-19s %7s %9s %9s %8s %13s\n' N \
    "apache2 -t s (spread) MB" "lint s (spread) MB" "dump s (spread) MB" \
    "reader s (spread) MB" "readall s (spread)" "floor s (spread)" \
    "ap/lint" "dump/read" "reader/rd" "ap/floor" "cpu ap/lint"
for n in $NS; do
	T="$W/t$n"
	"$GEN" --per-file 1 "$n" "$T" >/dev/null || exit 1
	R="$T/etc/apache2"; C="$R/apache2.conf"
	if [ "${USERDIR:-0}" -gt 0 ]; then
		echo "LoadModule userdir_module /usr/lib/apache2/modules/mod_userdir.so" \
		    > "$R/mods-enabled/userdir.load"
		cat > "$R/mods-enabled/userdir.conf" <<EOF
<IfModule mod_userdir.c>
	UserDir $T/users/*/public_html
	UserDir disabled root
	<Directory $T/users/*/public_html>
		AllowOverride FileInfo AuthConfig Limit Indexes
		Options MultiViews Indexes SymLinksIfOwnerMatch IncludesNoExec
		Require method GET POST OPTIONS
	</Directory>
</IfModule>
EOF
		for u in $(seq "$USERDIR"); do
			mkdir -p "$T/users/u$u/public_html"
			echo 'AddType text/plain .txt' \
			    > "$T/users/u$u/public_html/.htaccess"
		done
	fi
	if [ "${MAINDIRS:-0}" = 1 ]; then
		# a panel's layout: each site's <Directory> at the top level
		# too (conf-enabled, Included before the vhosts)
		for f in "$R"/sites-enabled/*.conf; do
			sed -n 's|^[[:space:]]*DocumentRoot \(.*\)$|<Directory \1>\n\tOptions -Indexes +FollowSymLinks\n\tAllowOverride All\n\tRequire all granted\n</Directory>|p' "$f"
		done > "$R/conf-enabled/sites-dirs.conf"
	elif [ "${MAINDIRS:-0}" = php ]; then
		# ... each with the site's handler
		for f in "$R"/sites-enabled/*.conf; do
			awk '$1 == "DocumentRoot" { d = $2 }
			    $1 == "SetHandler" && h == "" { h = $2 }
			    END { printf "<Directory %s>\n\tAllowOverride All\n\tRequire all granted\n\t<FilesMatch \"\\.php$\">\n\t\tSetHandler %s\n\t</FilesMatch>\n</Directory>\n", d, h }' "$f"
		done > "$R/conf-enabled/sites-dirs.conf"
	fi
	if [ "${DEBIAN:-0}" = 1 ]; then
		cat > "$R/mods-enabled/alias.conf" <<'EOF'
<IfModule alias_module>
	Alias /icons/ "/usr/share/apache2/icons/"
	<Directory "/usr/share/apache2/icons">
		Options FollowSymlinks
		AllowOverride None
		Require all granted
	</Directory>
</IfModule>
EOF
		cat > "$R/conf-enabled/javascript-common.conf" <<'EOF'
Alias /javascript /usr/share/javascript/
<Directory "/usr/share/javascript/">
	Options FollowSymLinks MultiViews
</Directory>
EOF
		cat > "$R/conf-enabled/phpmyadmin.conf" <<'EOF'
Alias /phpmyadmin /usr/share/phpmyadmin
<Directory /usr/share/phpmyadmin>
	Options SymLinksIfOwnerMatch
	DirectoryIndex index.php
	<FilesMatch "\.php$">
		SetHandler "proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"
	</FilesMatch>
</Directory>
<Directory /usr/share/phpmyadmin/templates>
	Require all denied
</Directory>
<Directory /usr/share/phpmyadmin/libraries>
	Require all denied
</Directory>
EOF
		cat > "$R/conf-enabled/letsencrypt.conf" <<'EOF'
Alias /.well-known/acme-challenge/ /var/lib/letsencrypt/.well-known/acme-challenge/
<Directory "/var/lib/letsencrypt/">
	AllowOverride None
	Options MultiViews Indexes SymLinksIfOwnerMatch IncludesNoExec
	Require method GET POST OPTIONS
</Directory>
EOF
	fi
	set -a; . "$R/envvars"; set +a
	/usr/sbin/apache2 -d "$R" -f "$C" -t -D DUMP_INCLUDES 2>/dev/null |
	    sed -n 's/^ *([0-9*]*) //p' | awk '!seen[$0]++' > "$W/list"
	: > "$W/a"; : > "$W/l"; : > "$W/d"; : > "$W/p"; : > "$W/r"; : > "$W/f"
	: > "$W/roots"
	[ -x "$PF" ] && "$PF" dump --httpd "$C" -d "$R" --json 2>/dev/null |
	    python3 -c 'import json, sys
d = json.load(sys.stdin)
for s in [d["main"]] + [v["vhost"] for v in d["vhosts"]]:
    r = s.get("document_root") or {}
    if r.get("value"):
        print(r["value"])' | awk '!seen[$0]++' > "$W/roots"
	for _ in $(seq "$ROUNDS"); do
		measure "$W/a" /usr/sbin/apache2 -d "$R" -f "$C" -t
		if [ -x "$PF" ]; then
			measure "$W/l" "$PF" lint --httpd "$C" -d "$R"
			measure "$W/d" "$PF" dump --httpd "$C" -d "$R" --json
		else
			echo "0 0 0" >> "$W/l"
			measure "$W/d" "$PROBE" --json -d "$R" "$C"
		fi
		if [ -x "$PROBE" ]; then
			measure "$W/p" "$PROBE" -d "$R" "$C"
		else
			echo "0 0 0" >> "$W/p"
		fi
		measure "$W/r" "$W/readall" "$W/list"
		measure "$W/f" "$W/readall" "$W/list" "$W/roots"
	done
	read -r at a0 a1 <<<"$(stat1 "$W/a" 1)"; am=$(stat1 "$W/a" 2 | cut -d' ' -f1)
	read -r lt l0 l1 <<<"$(stat1 "$W/l" 1)"; lm=$(stat1 "$W/l" 2 | cut -d' ' -f1)
	read -r dt d0 d1 <<<"$(stat1 "$W/d" 1)"; dm=$(stat1 "$W/d" 2 | cut -d' ' -f1)
	read -r pt p0 p1 <<<"$(stat1 "$W/p" 1)"; pm=$(stat1 "$W/p" 2 | cut -d' ' -f1)
	read -r rt r0 r1 <<<"$(stat1 "$W/r" 1)"
	read -r ft f0 f1 <<<"$(stat1 "$W/f" 1)"
	ac=$(stat1 "$W/a" 3 | cut -d' ' -f1); lc=$(stat1 "$W/l" 3 | cut -d' ' -f1)
	ratio() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN{ if (b > 0 && a > 0) printf f, a / b; else printf "-" }'; }
	printf '%6s  %-25s %-25s %-25s %-25s %-19s %-19s %7s %9s %9s %8s %13s\n' "$n" \
	    "$at ($a0-$a1) $((am / 1024))" "$lt ($l0-$l1) $((lm / 1024))" \
	    "$dt ($d0-$d1) $((dm / 1024))" "$pt ($p0-$p1) $((pm / 1024))" \
	    "$rt ($r0-$r1)" "$ft ($f0-$f1)" "$(ratio "$at" "$lt" "%.1fx")" \
	    "$(ratio "$dt" "$rt" "%.2f")" "$(ratio "$pt" "$rt" "%.2f")" \
	    "$(ratio "$at" "$ft" "%.1fx")" \
	    "$ac/$lc $(ratio "$ac" "$lc" "%.1fx")"
	rm -rf "$T"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
