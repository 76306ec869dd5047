#!/bin/bash
# badinput.sh - bad site descriptions: each gives the diagnostic text at
# the right file:line:col and the documented exit code, never a crash, and
# compile writes nothing for them.
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
cd "$T" || exit 1
HOSTS=$'[host]\ncores = 2\nmemory = 2G\n'
SITE=$'[site a]\nserver_name = a.example\ndocument_root = /srv/a\n'
rc=0

# expect NAME EXIT PATTERN...: proxyfpm check NAME must exit EXIT and
# print a line matching each PATTERN (grep -E, on the text report).
expect() {
	name=$1 want=$2
	shift 2
	NO_COLOR=1 timeout 60 "$PROXYFPM" check "$name" > out.txt 2>&1
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $name: exit $got, expected $want" >&2
		head -20 out.txt >&2
		rc=1
		return
	fi
	for pat in "$@"; do
		if ! grep -Eq -- "$pat" out.txt; then
			echo "FAIL: $name: no line matches '$pat'" >&2
			head -20 out.txt >&2
			rc=1
		fi
	done
	# compile must not write anything for an input error
	rm -rf outdir
	NO_COLOR=1 timeout 60 "$PROXYFPM" compile "$name" -o outdir \
	    > /dev/null 2>&1
	got=$?
	if [ "$want" -ge 3 ] && { [ "$got" != "$want" ] ||
	    [ -n "$(find outdir -type f 2>/dev/null)" ]; }; then
		echo "FAIL: compile $name: exit $got or files written" >&2
		rc=1
	fi
}

: > empty.ini
expect empty.ini 3 '^empty\.ini:1:1: error: empty\.ini is empty: a site description needs a \[site NAME\] or \[host\] section \[site-empty\]$'

printf '; comments only\n\n# nothing else\n' > comments.ini
expect comments.ini 3 '^comments\.ini:1:1: error: .* is empty'

printf '[site x]\nab\001\002\000\377\376garbage\n' > binary.ini
expect binary.ini 3 '^binary\.ini:2:5: error: binary\.ini is not a text file \(NUL byte\); a site description is INI text \[site-binary\]$'
head -c 4096 /dev/urandom | tr -d '\000' | tr '\n' '\001' > garbage.ini
expect garbage.ini 3 '^garbage\.ini:1:[0-9]+: error: control character 0x[0-9a-f]{2} in line \[site-syntax\]$'

{ printf '%s[site a]\nserver_name = a.example\n' "$HOSTS"
  printf 'document_root = /srv/'; head -c 10485760 /dev/zero | tr '\0' a
  printf '\nhttp2 = maybe\n'; } > long.ini
expect long.ini 3 \
    '^long\.ini:6:1: error: line is too long \(10485781 bytes; at most 198\): continue a long list on indented lines \[site-line-too-long\]$' \
    '^long\.ini:7:9: error: http2: .maybe. is not a boolean'

printf '%s%s[virtualhost a]\nDocumentRoot /srv/a\n[pool]\n' "$HOSTS" "$SITE" > section.ini
expect section.ini 3 \
    '^section\.ini:7:1: error: unknown section \[virtualhost a\]: expected \[host\], \[site NAME\], \[pool NAME\] or \[php NAME\] \[site-section\]$' \
    '^section\.ini:9:1: error: \[pool\] needs a name: \[pool NAME\]'

printf '%s%smax_children = 4\nsever_name = typo\n' "$HOSTS" "$SITE" > key.ini
expect key.ini 3 \
    "^key\.ini:7:1: error: unknown key 'max_children' in \[site a\] \[site-unknown-key\]$" \
    "fix: 'max_children' belongs in \[pool a\]" \
    "^key\.ini:8:1: error: unknown key 'sever_name'" \
    "fix: did you mean 'server_name'\\?"
printf '[host]\ncors = 4\n%s[pool a]\nmax_chilren = 4\nxyzzy = 1\n' "$SITE" > keytypo.ini
expect keytypo.ini 3 \
    "^keytypo\.ini:2:1: error: unknown key 'cors' in \[host\]" \
    "fix: did you mean 'cores'\\?" \
    "fix: did you mean 'max_children'\\?"

printf '[host]\ncores = four\nmemory = 2 GB\n%s' "$SITE" > type.ini
expect type.ini 3 \
    "^type\.ini:2:9: error: cores: 'four' is not a whole number \[site-value\]$" \
    "^type\.ini:3:10: error: memory: '2 GB' is not a size"

printf '%s[site a]\nserver_name = a.example\n' "$HOSTS" > missing.ini
expect missing.ini 3 "^missing\.ini:4:1: error: \[site a\] has no 'document_root' \(required\) \[site-missing-key\]$"

printf '%s%s[site A]\nserver_name = b.example\ndocument_root = /srv/b\n' "$HOSTS" "$SITE" > dup.ini
expect dup.ini 3 "^dup\.ini:7:1: error: duplicate site name 'A' \[site-duplicate\]$" \
    '^  dup\.ini:4:1: note: \[site a\] is first defined here$'

printf '%s[site a]\nserver_name = a.example\ndocument_root = srv/a\n' "$HOSTS" > relative.ini
expect relative.ini 3 "^relative\.ini:6:17: error: document_root: 'srv/a' is not an absolute path \(it must start with '/'\) \[site-value\]$"

printf '%s[site a]\nserver_name = a.example\ndocument_root = /\n' "$HOSTS" > fsroot.ini
expect fsroot.ini 3 "^fsroot\.ini:6:17: error: document_root = / serves the whole file system: give the site its own folder \[site-value\]$"

# Names no request can carry: httpd (HttpProtocolOptions Strict, the
# default) answers 400 to a Host whose last label does not start with a
# letter, or of digits and dots that is not an IPv4 address
# (tests/site/site_props.py: selftest got 400 for server_name x._92c).
printf '%s[site a]\nserver_name = x._92c\naliases = a.example 123 1.2.3.4 *.1x w.x* 01.2.3.4\ndocument_root = /srv/a\n' "$HOSTS" > unreachable.ini
expect unreachable.ini 3 \
    "^unreachable\.ini:5:15: error: server_name: 'x\._92c' can never be requested: Apache answers 400 to a Host whose last label does not start with a letter \(HttpProtocolOptions Strict, the default\) \[site-value\]$" \
    "^unreachable\.ini:6:21: error: aliases: '123' can never be requested: Apache answers 400 to a Host of digits and dots that is not an IPv4 address" \
    "^unreachable\.ini:6:33: error: aliases: '\*\.1x' can never be requested" \
    "^unreachable\.ini:6:43: error: aliases: '01\.2\.3\.4' can never be requested"
[ "$(grep -c ': error: ' out.txt)" = 5 ] || { echo "FAIL: unreachable.ini: not 5 errors (4 and server_name missing)" >&2; rc=1; }

# A '%' in the document root of a proxypassmatch site: it goes into the
# FastCGI URL, where Apache answered 500 for every script (503 and a DNS
# lookup of the worker name with '%/'); sethandler is fine.
printf '%s[site a]\nserver_name = a.example\ndocument_root = /srv/a%%41b\nhandler = proxypassmatch\n' "$HOSTS" > pct.ini
expect pct.ini 3 \
    "^pct\.ini:6:17: error: document_root: '/srv/a%41b' has a '%', which handler = proxypassmatch cannot put in its FastCGI URL \(every PHP request would fail\) \[site-value\]$" \
    "^  pct\.ini:7:11: note: handler set here$"
printf '%s[site a]\nserver_name = a.example\ndocument_root = /srv/a%%41b\n' "$HOSTS" > pctok.ini
expect pctok.ini 0

# An upload folder that is, or holds, another site's document root: that
# site would run PHP uploaded there (tests/site/site_props.py).
printf '%s%supload_dirs = /srv/b up\n[site b]\nserver_name = b.example\ndocument_root = /srv/b\n' "$HOSTS" "$SITE" > upother.ini
printf '[site c]\nserver_name = c.example\ndocument_root = /srv/a/up/www\n' >> upother.ini
expect upother.ini 3 \
    "^upother\.ini:7:15: error: upload_dirs: '/srv/b' is the document root of site b, which would run PHP uploaded there \[site-value\]$" \
    "^  upother\.ini:10:17: note: document root of site b$" \
    "^upother\.ini:7:22: error: upload_dirs: '/srv/a/up' contains the document root of site c, " \
    "^  upother\.ini:13:17: note: document root of site c$"
[ "$(grep -c ': error: ' out.txt)" = 2 ] || { echo "FAIL: upother.ini: not 2 errors" >&2; rc=1; }

printf '%s%s[pool a]\nlisten = 0.0.0.0:9000\n[site b]\nserver_name = b.example\ndocument_root = /srv/b\n[pool b]\nlisten = 9001\n' "$HOSTS" "$SITE" > public.ini
expect public.ini 3 \
    "^public\.ini:8:10: error: listen: '0\.0\.0\.0:9000' is reachable from other hosts; .* \[site-listen-public\]$" \
    "^public\.ini:13:10: error: listen: '9001' is reachable from other hosts" \
    'fix: use a unix socket'

printf '%s' "$SITE" > nohost.ini
expect nohost.ini 3 '^nohost\.ini:1:1: error: no host facts: sizing needs the machine.s cores and memory \[compile-no-host\]$' \
    'fix: add a \[host\] section'

printf '%s%s[pool a]\nreuse = on\n' "$HOSTS" "$SITE" > reuse.ini
expect reuse.ini 3 '^reuse\.ini:8:9: error: reuse = on cannot be sized safely: the number of Apache processes is not fixed'

printf '%s%s[pool a]\nrequest_timeout = 10s\nslowlog_after = 30s\n' "$HOSTS" "$SITE" > slow.ini
expect slow.ini 3 "^slow\.ini:9:17: error: slowlog_after \(30s\) is longer than request_timeout \(10s\); php-fpm refuses that \[site-slowlog\]$"

printf '%s%shandler = proxypassmatch\npathinfo = on\n' "$HOSTS" "$SITE" > ppm.ini
expect ppm.ini 3 '^ppm\.ini:8:12: error: pathinfo = on needs handler = sethandler'

printf '%s%s[pool a]\nuser = root\n' "$HOSTS" "$SITE" > root.ini
expect root.ini 3 '^root\.ini:8:8: error: a pool never runs as root'

printf '%s%s[php b]\nmemory_limit = 1G\n' "$HOSTS" "$SITE" > php.ini
expect php.ini 3 '^php\.ini:7:1: error: \[php b\]: there is no pool named b'

printf '%s%s[pool a]\nmax_children = 100\nworker_memory = 1G\n' "$HOSTS" "$SITE" > big.ini
expect big.ini 1 "memory-overcommit\]$" "^big\.ini:3:10: warning: the pools are given 100G but host memory 2G leaves them 1965M after Apache and the php-fpm masters \[sizing-oversize\]$"

# php-fpm puts its prefix (/usr) before a relative value of error_log,
# sendmail_path, session.cookie_path, ... (FPM_PHP_INI_TO_EXPAND): the
# pool would not run with what the description says (property seed 786:
# sendmail_path = ~~E_ALL ran as /usr/32767).
printf '%s%s[php a]\nsendmail_path = ~~E_ALL\nerror_log = php_errors.log\n' "$HOSTS" "$SITE" > prefixed.ini
printf 'session.cookie_path = app\nextension_dir =\nsoap.wsdl_cache_dir = off\n' >> prefixed.ini
printf 'session.save_path = rel\n' >> prefixed.ini
expect prefixed.ini 3 \
    "^prefixed\.ini:8:17: error: sendmail_path = ~~E_ALL is not an absolute path: php-fpm puts its prefix before a relative sendmail_path, so the pool would run with sendmail_path = /usr/32767 \[site-php-relative-path\]$" \
    "^prefixed\.ini:9:13: error: error_log = php_errors\.log is not an absolute path: .* error_log = /usr/php_errors\.log \[site-php-relative-path\]$" \
    "fix: give the absolute path of the log file, or error_log = syslog" \
    "^prefixed\.ini:10:23: error: session\.cookie_path = app is not an absolute path: .* session\.cookie_path = /usr/app " \
    "fix: a URL path starts with '/' \(session\.cookie_path = /app\), or leave it out \(default /\)" \
    '^prefixed\.ini:11:16: error: extension_dir = "" is not an absolute path: .* extension_dir = /usr/ ' \
    "^prefixed\.ini:12:23: error: soap\.wsdl_cache_dir = off is not an absolute path: .* soap\.wsdl_cache_dir = /usr/0 " \
    "^summary: 5 errors"
# php_admin_value[error_log] = syslog (any case) and absolute paths stay.
printf '%s%s[php a]\nerror_log = SysLog\nsendmail_path = /usr/sbin/sendmail -t -i\n' "$HOSTS" "$SITE" > kept.ini
printf 'session.save_path = rel\nsession.cookie_path = /\n' >> kept.ini
expect kept.ini 0

expect does-not-exist.ini 3 '^proxyfpm: error: cannot read does-not-exist\.ini: No such file or directory \[site-unreadable\]$'

# Usage errors come before any work.
"$PROXYFPM" check > /dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: check without files" >&2; rc=1; }
"$PROXYFPM" compile empty.ini > /dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: compile without -o" >&2; rc=1; }
# status_allow: every address, too many mask bits, comma-separated lists
allow() {	# NAME VALUE PATTERN
	printf '%s%s[pool a]\nstatus_path = /st\nstatus_allow = %s\n' \
	    "$HOSTS" "$SITE" "$2" > "$1.ini"
	expect "$1.ini" 3 "^$1\\.ini:9:16: error: status_allow: $3"
}
allow all4 '0.0.0.0/0' "'0\\.0\\.0\\.0/0' matches every IPv4 address: anyone who reaches the site would read the status page"
allow all6 '::/0' "'::/0' matches every IPv6 address"
allow bits '10.0.0.0/33' "'10\\.0\\.0\\.0/33' is not a network: an IPv4 mask has at most 32 bits"
allow comma 'local, 10.0.0.0/8' "'local,' is not an IP address, a network \\(10\\.0\\.0\\.0/8\\) or 'local' \\(items of a list are separated by spaces, not commas\\)"
allow junk '10.0.0.0/0x' "'10\\.0\\.0\\.0/0x' is not an IP address, a network \\(10\\.0\\.0\\.0/8\\) or 'local' \\[site-value\\]"
printf '%s%s[pool a]\nstatus_path = /st\nstatus_allow = 10.1.2.3/8 ::1/128 local\n' "$HOSTS" "$SITE" > allowok.ini
expect allowok.ini 0

"$PROXYFPM" compile --layout suse -o x empty.ini > /dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: --layout suse" >&2; rc=1; }
"$PROXYFPM" compile --user-map bad -o x empty.ini > /dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: --user-map bad" >&2; rc=1; }

[ $rc = 0 ] && echo "badinput: every case gave its diagnostic and exit code"
exit $rc
