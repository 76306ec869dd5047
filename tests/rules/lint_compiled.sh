#!/bin/bash
# lint_compiled.sh - lint(compile(site)) is clean: every example site
# description compiles, and `lint` of the output, installed into a copy of
# Debian's stock /etc/apache2 and php-fpm (never /etc itself), reports
# nothing at medium or above.
#
# The copy: compile -o ROOT writes the target tree; the generated sites
# and confs are enabled as a2ensite/a2enconf would; one php-fpm.conf
# includes the pool.d of every PHP version; the users and groups the pools
# name are added to the copy's etc/passwd and etc/group (the target has
# them); certificates named by the vhosts are created empty.  Host facts
# come from the description's [host] (--host).
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2
pf_tmpdir
fail=0
pass=0

sites=("$@")
if [ ${#sites[@]} -eq 0 ]; then
	for f in "$PF_TESTDATA"/site/*/site.ini "$PF_SRC"/examples/*.ini; do
		[ -f "$f" ] && sites+=("$f")
	done
fi
[ ${#sites[@]} -gt 0 ] || { echo "SKIP: no site descriptions"; exit 77; }
[ -d /etc/apache2 ] && [ -d /etc/php/8.2/fpm ] || { echo "SKIP: no stock tree"; exit 77; }

lint_one() {
	local ini=$1 name R out rc
	name=$(basename "$(dirname "$ini")")-$(basename "$ini" .ini)
	R="$T/$name"
	mkdir -p "$R/etc" "$R/usr/lib" "$R/var/log/apache2" "$R/run/php" \
	    "$R/var/run/apache2" "$R/var/lock/apache2" "$R/etc/proxyfpm-test"
	out=$("$PROXYFPM" compile "$ini" -o "$R" 2>&1)
	rc=$?
	# Exit 1 is findings (judged below by lint); the files are written.
	[ $rc -eq 1 ] && rc=0
	if [ $rc -eq 5 ] && grep -q 'not implemented' <<<"$out"; then
		echo "SKIP: compile is not implemented yet"; exit 77
	fi
	if [ $rc -ne 0 ]; then
		# Descriptions that are meant to be refused are not examples.
		if grep -qi 'error' <<<"$out" && [ -f "$(dirname "$ini")/expected/exit" ] &&
		    [ "$(cat "$(dirname "$ini")/expected/exit")" != 0 ]; then
			return 0
		fi
		echo "FAIL $name: compile exited $rc"; echo "$out" | sed 's/^/    /'
		return 1
	fi
	cp /etc/passwd /etc/group /etc/mime.types "$R/etc/" 2>/dev/null
	id=61000
	# the names as php-fpm reads them: compile quotes some ('no', 'E_ALL')
	for u in $(sed -n "s/^\\(user\\|group\\|listen\\.owner\\|listen\\.group\\) *= *'\\{0,1\\}\\([^']*\\)'\\{0,1\\}\$/\\2/p" \
	    "$R"/etc/php/*/fpm/pool.d/*.conf 2>/dev/null | sort -u); do
		grep -q "^$u:" "$R/etc/passwd" ||
		    echo "$u:x:$id:$id::/nonexistent:/usr/sbin/nologin" >> "$R/etc/passwd"
		grep -q "^$u:" "$R/etc/group" || echo "$u:x:$id:" >> "$R/etc/group"
		id=$((id + 1))
	done
	cp -a /etc/apache2/. "$R/etc/apache2/"
	mkdir -p "$R/etc/php/8.2"
	cp -an /etc/php/8.2/fpm "$R/etc/php/8.2/"
	[ -e "$R/usr/lib/apache2" ] || ln -s /usr/lib/apache2 "$R/usr/lib/apache2"
	for m in proxy proxy_fcgi setenvif ssl socache_shmcb headers http2 rewrite; do
		for ext in load conf; do
			[ -f "$R/etc/apache2/mods-available/$m.$ext" ] &&
			    ln -sf "../mods-available/$m.$ext" "$R/etc/apache2/mods-enabled/$m.$ext"
		done
	done
	for f in "$R"/etc/apache2/sites-available/*.conf; do
		b=$(basename "$f")
		case "$b" in 000-default.conf|default-ssl.conf) continue ;; esac
		ln -sf "../sites-available/$b" "$R/etc/apache2/sites-enabled/$b"
	done
	for f in "$R"/etc/apache2/conf-available/proxyfpm*.conf; do
		[ -f "$f" ] && ln -sf "../conf-available/$(basename "$f")" \
		    "$R/etc/apache2/conf-enabled/$(basename "$f")"
	done
	grep -hoE 'SSLCertificate(Key|Chain)?File +"?[^" ]+' "$R"/etc/apache2/sites-available/*.conf 2>/dev/null |
	    awk '{print $2}' | tr -d '"' | while read -r c; do
		mkdir -p "$R$(dirname "$c")"; : > "$R$c"
	done
	# php-fpm -t opens slowlog and access.log: their directories exist.
	grep -hE '^(slowlog|access\.log) *=' "$R"/etc/php/*/fpm/pool.d/*.conf 2>/dev/null |
	    sed 's/^[^=]*= *//' | while read -r l; do mkdir -p "$R$(dirname "$l")"; done
	printf '[global]\npid = /run/php/test.pid\nerror_log = /var/log/php-fpm-test.log\ninclude=/etc/php/*/fpm/pool.d/*.conf\n' \
	    > "$R/etc/proxyfpm-test/php-fpm.conf"
	local hostarg=()
	# --host is read below --root like every input.
	if grep -q '^\[host\]' "$ini"; then
		awk '/^\[/{h=($0 ~ /^\[host\]/)} h' "$ini" \
		    > "$R/etc/proxyfpm-test/host.ini"
		hostarg=(--host /etc/proxyfpm-test/host.ini)
	fi
	# Findings the description accepts: its own proxyfpm-ignore comments
	# and testdata/rules/_lint_compiled/accepted.
	local acc=() id
	for id in $(sed -n 's/.*proxyfpm-ignore: *\([a-z0-9, -]*\) --.*/\1/p' "$ini" | tr ', ' '\n\n') \
	    $(awk -v s="$(basename "$(dirname "$ini")")" '$1 == s {print $2}' \
	    "$PF_TESTDATA/rules/_lint_compiled/accepted"); do
		[ -n "$id" ] && acc+=(--disable "$id")
	done
	out=$(cd "$T" && "$PROXYFPM" lint --no-config --format compact --fail-on medium "${acc[@]}" \
	    --root "$R" --httpd /etc/apache2/apache2.conf \
	    --fpm /etc/proxyfpm-test/php-fpm.conf --php-ini /etc/php/8.2/fpm/php.ini \
	    "${hostarg[@]}" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || grep -qE ': (medium|high|critical): ' <<<"$out"; then
		echo "FAIL $name: lint(compile) exited $rc"
		grep -E ': (error|medium|high|critical): ' <<<"$out" | sed 's/^/    /'
		return 1
	fi
	return 0
}

for s in "${sites[@]}"; do
	if lint_one "$s"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
