#!/bin/bash
# userdir_oracle.sh - mod_userdir against the real servers: apache2 with
# mod_userdir and mod_proxy_fcgi in front of php-fpm8.2 (one pool, as
# www-data, Debian's server-wide <FilesMatch> handler), one vhost per
# UserDir variant, on 127.0.0.1 with a private tree.  For each variant:
#  - every probe URL (/~alice/x.php, /~bob/, ...) fetched with curl must
#    get the verdict the simulator (sim-probe) predicts: which file PHP
#    executed, static, 404, 403, 301/302;
#  - lint (userdir-php-exec, with a passwd holding the accounts alice and
#    bob, uid 1001/1002) must fire exactly when the real servers ran a
#    user's own x.php from that user's directory in the www-data pool.
# Tests never add users: the UserDir targets are the '*' form below the
# test's directory (no home directory lookup), and lint reads its passwd
# from a --root whose link back to the test directory ends on the host.
# PF_ORACLE_SHOW=1 prints every probe.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2 curl
pf_tmpdir
chmod a+x "$T"	# the servers run as www-data
PROBE="$PF_BUILD/sim-probe"
[ -x "$PROBE" ] || { echo "FAIL: $PROBE missing"; exit 1; }
fail=0
pass=0
mods=/usr/lib/apache2/modules
U="$T/users/*/public_html"

URLS=(/~alice/x.php /~bob/x.php /~alice/ /~bob/ /~alice/x.txt /~carol/x.php
    /~alice /~bob/index.php/t)

# The tree: each user's public_html with x.php, index.php and x.txt; a
# DocumentRoot; the alias variant's directory.
for u in alice bob; do
	mkdir -p "$T/users/$u/public_html"
	for f in x.php index.php; do
		printf '<?php echo "EX"."EC:".__FILE__;' > "$T/users/$u/public_html/$f"
	done
	printf 'plain\n' > "$T/users/$u/public_html/x.txt"
done
mkdir -p "$T/www" "$T/aliased" "$T/logs"
# read only where AllowOverride lets httpd (htaccess-adds-handler)
printf '<FilesMatch "\\.php$">\n    SetHandler "proxy:unix:%s/php.sock|fcgi://localhost"\n</FilesMatch>\n' \
    "$T" > "$T/users/bob/public_html/.htaccess"
printf '<?php echo "EX"."EC:".__FILE__;' > "$T/aliased/x.php"
chmod -R a+rX "$T"

pf_fpm_conf "$T"

H="\"proxy:unix:$T/php.sock|fcgi://localhost\""
HEAD="ServerRoot $T
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule mime_module $mods/mod_mime.so
LoadModule alias_module $mods/mod_alias.so
LoadModule dir_module $mods/mod_dir.so
LoadModule userdir_module $mods/mod_userdir.so
LoadModule proxy_module $mods/mod_proxy.so
LoadModule proxy_fcgi_module $mods/mod_proxy_fcgi.so
TypesConfig /etc/mime.types
DirectoryIndex index.php index.html
ServerName localhost
PidFile $T/httpd.pid
ErrorLog $T/logs/error.log
Mutex file:$T default
DefaultRuntimeDir $T
User www-data
Group www-data
<Directory $T>
    Require all granted
</Directory>
# Debian 12's conf-available/php8.2-fpm.conf, server-wide
<FilesMatch \".+\\.ph(?:ar|p|tml)\$\">
    SetHandler $H
</FilesMatch>"

# The variants: NAME and the UserDir lines of its vhost.
NAMES=()
BODIES=()
variant() { NAMES+=("$1"); BODIES+=("$2"); }
variant enabled "UserDir $U"
variant disabled "UserDir $U
UserDir disabled"
variant disabled-alice "UserDir $U
UserDir disabled alice"
# cPanel's vhost.default without the mod_userdir Tweak: the enabled list
# alone restricts nothing.
variant enabled-alice-only "UserDir $U
UserDir enabled alice"
variant disabled-except-alice "UserDir $U
UserDir disabled
UserDir enabled alice"
variant handler-removed "UserDir $U
<Directory $U>
    <FilesMatch \".+\\.ph(?:ar|p|tml)\$\">
        SetHandler none
    </FilesMatch>
</Directory>"
variant php-denied "UserDir $U
<Directory $U>
    <FilesMatch \"\\.php\$\">
        Require all denied
    </FilesMatch>
</Directory>"
# The server takes PHP away in user directories, but AllowOverride
# FileInfo lets bob's .htaccess give it back (his <FilesMatch> comes after
# the configuration's in the merge): bob's x.php runs, alice's is served.
variant htaccess-adds-handler "UserDir $U
<Directory $U>
    AllowOverride FileInfo
    <FilesMatch \".+\\.ph(?:ar|p|tml)\$\">
        SetHandler none
    </FilesMatch>
</Directory>"
# Targets tried in turn: the first whose directory exists.
variant two-targets "UserDir $T/nowhere/* $U"
# mod_alias runs first: /~alice is an Alias.
variant alias-first "UserDir $U
Alias /~alice $T/aliased"
# A URL target: 302.
variant redirect "UserDir http://elsewhere.example/~*"
# A URL without '*' is no redirect in 2.4's translate_userdir() (only a
# '*' word whose prefix holds ':' is): it is a home directory word, and
# alice and bob are no accounts of this machine: declined.
# (Simulator only: lint's passwd has them.)
variant url-no-star "UserDir http://elsewhere.example/users"
# No UserDir line: nothing is mapped (2.4 has no default).
variant none ""

nv=${#NAMES[@]}
PORTS=()
{
	echo "$HEAD"
	for ((i = 0; i < nv; i++)); do
		PORTS+=("$(pf_free_port)")
		echo "Include $T/v$i.conf"
		{
			echo "Listen 127.0.0.1:${PORTS[$i]}"
			echo "<VirtualHost 127.0.0.1:${PORTS[$i]}>"
			echo "    ServerName ${NAMES[$i]}.test"
			echo "    DocumentRoot $T/www"
			echo "${BODIES[$i]}"
			echo "</VirtualHost>"
		} > "$T/v$i.conf"
		# lint's copy: the same head and only this vhost
		printf '%s\nInclude %s\n' "$HEAD" "$T/v$i.conf" > "$T/lint$i.conf"
	done
} > "$T/httpd.conf"

# lint's --root: passwd with the two accounts; links that resolve to
# themselves under --root end on the host (the test tree, modules, types).
R="$T/root"
mkdir -p "$R/etc" "$R$(dirname "$T")" "$R$mods"
rmdir "$R$mods"
ln -s "$T" "$R$T"
ln -s "$mods" "$R$mods"
ln -s /etc/mime.types "$R/etc/mime.types"
cat > "$R/etc/passwd" <<EOT
root:x:0:0:root:/root:/bin/bash
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
alice:x:1001:1001::/home/alice:/bin/bash
bob:x:1002:1002::/home/bob:/bin/bash
EOT
printf 'root:x:0:\nwww-data:x:33:\nalice:x:1001:\nbob:x:1002:\n' > "$R/etc/group"

php-fpm8.2 -F -y "$T/fpm.conf" 2>"$T/logs/fpm.err" &
fpid=$!
echo "$fpid" >> "$T/pids"
for _ in $(seq 100); do [ -S "$T/php.sock" ] && break; sleep 0.05; done
[ -S "$T/php.sock" ] || { echo "FAIL: php-fpm8.2 did not start"; cat "$T/logs/fpm.err"; exit 1; }
if ! apache2 -f "$T/httpd.conf" -k start 2>"$T/logs/start.err"; then
	echo "FAIL: apache2 did not start"; cat "$T/logs/start.err"; exit 1
fi
for _ in $(seq 100); do [ -s "$T/httpd.pid" ] && break; sleep 0.05; done
cat "$T/httpd.pid" >> "$T/pids"
for _ in $(seq 100); do
	curl -s -o /dev/null "http://127.0.0.1:${PORTS[0]}/" && break
	sleep 0.02
done

# real_verdict CODE BODY-FILE: the verdict in want.
real_verdict() {
	local code=$1 body=
	IFS= read -r -d '' -N 300 body < "$2"
	case "$code:$body" in
	200:*EXEC:*) want="exec:${body#*EXEC:}" ;;
	*"Access denied."*) want=fpm403 ;;
	*"File not found."*|*"No input file specified."*) want=fpm404 ;;
	200:*) want=static ;;
	404:*) want=404 ;;
	403:*) want=403 ;;
	30[0-9]:*) want=$code ;;
	500:*) want=500 ;;
	503:*) want=503 ;;
	*) want="other($code)" ;;
	esac
}

for ((i = 0; i < nv; i++)); do
	name=${NAMES[$i]}
	port=${PORTS[$i]}
	mapfile -t sim < <("$PROBE" --httpd "$T/lint$i.conf" --fpm "$T/fpm.conf" \
	    --vhost 0 "${URLS[@]}")
	if [ ${#sim[@]} -ne ${#URLS[@]} ]; then
		echo "FAIL $name: sim-probe failed"
		fail=$((fail + 1))
		continue
	fi
	args=()
	k=0
	for u in "${URLS[@]}"; do
		args+=(-o "$T/body.$k" "http://127.0.0.1:$port$u")
		k=$((k + 1))
	done
	rm -f "$T"/body.*
	mapfile -t codes < <(curl -s -w '%{http_code}\n' "${args[@]}")
	runs=no
	k=0
	for u in "${URLS[@]}"; do
		[ -f "$T/body.$k" ] || : > "$T/body.$k"
		real_verdict "${codes[$k]:-000}" "$T/body.$k"
		got=${sim[$k]#* }
		k=$((k + 1))
		case "$u:$want" in
		/~alice/x.php:exec:$T/users/alice/public_html/x.php|\
		/~bob/x.php:exec:$T/users/bob/public_html/x.php)
			runs=yes ;;
		esac
		[ -n "${PF_ORACLE_SHOW:-}" ] && echo "$name $u $want $got"
		if [ "$want" = "$got" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL $name $u: apache+php-fpm: $want, simulator: $got"
			fail=$((fail + 1))
		fi
	done
	[ "$name" = url-no-star ] && continue
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --root "$R" --httpd "$T/lint$i.conf" --fpm "$T/fpm.conf" \
	    --enable userdir-php-exec 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: lint exited $rc"
		echo "$out" | sed 's/^/    /'
		fail=$((fail + 1))
		continue
	fi
	fires=no
	grep -q '\[userdir-php-exec\]$' <<<"$out" && fires=yes
	[ -n "${PF_ORACLE_SHOW:-}" ] && echo "$name: user PHP runs: $runs, lint fires: $fires"
	if [ "$fires" = "$runs" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: a user's x.php ran in the www-data pool: $runs; userdir-php-exec fired: $fires"
		echo "$out" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	# The finding names the pool and its user.
	if [ "$fires" = yes ] && ! grep -q 'FPM pool \[t\] as www-data' <<<"$out"; then
		echo "FAIL $name: the finding does not name pool [t] as www-data"
		echo "$out" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
kill "$(cat "$T/httpd.pid")" 2>/dev/null
kill "$fpid" 2>/dev/null
wait "$fpid" 2>/dev/null

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
