#!/bin/bash
# cli.sh - `proxyfpm dump --httpd` and `lint --httpd` on small trees:
# JSON that parses, exit 0 for a good tree, exit 3 with file:line for a bad
# one, and the default-layout search under --root.
. "$PF_SRC/tests/lib/need.sh"
need "$PYTHON"
pf_tmpdir
fail=0
# (logs/: the compiled-in ErrorLog of a main server that sets none)
mkdir -p "$T/etc/apache2/sites-enabled" "$T/etc/apache2/logs"
cat > "$T/etc/apache2/apache2.conf" <<EOC
ServerName cli.test
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
IncludeOptional sites-enabled/*.conf
EOC
printf '<VirtualHost *:80>\nServerName a.test\n<FilesMatch "\\.php$">\nSetHandler "proxy:fcgi://127.0.0.1:9000"\n</FilesMatch>\n</VirtualHost>\n' \
    > "$T/etc/apache2/sites-enabled/a.conf"
"$PROXYFPM" dump --httpd "$T/etc/apache2/apache2.conf" -d "$T/etc/apache2" --json > "$T/out.json"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL dump exit $rc"; fail=1; }
"$PYTHON" - "$T/out.json" <<'EOP' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
h = d.get("httpd", d)
v = h["vhosts"][0]["vhost"]
assert v["server_name"]["value"] == "a.test", v
r = v["routes"][0]
assert r["kind"] == "sethandler" and r["backend"]["port"] == 9000, r
print("ok   dump --json: vhost a.test, route to 127.0.0.1:9000")
EOP
# Without -d and with no ServerRoot line, a relative Include is read from
# the compiled-in /etc/apache2, as `apache2 -f FILE -t -D DUMP_INCLUDES`
# shows: a copied tree is read mixed with this machine's files.  One
# warning at the first Include whose target lies beside the main file;
# none with -d, nor when the file sets its ServerRoot.
"$PROXYFPM" lint --no-config --httpd "$T/etc/apache2/apache2.conf" --format compact > "$T/nod.txt" 2>&1
"$PROXYFPM" lint --no-config --httpd "$T/etc/apache2/apache2.conf" -d "$T/etc/apache2" --format compact > "$T/d.txt" 2>&1
sed "1i ServerRoot $T/etc/apache2" "$T/etc/apache2/apache2.conf" > "$T/etc/apache2/sr.conf"
"$PROXYFPM" lint --no-config --httpd "$T/etc/apache2/sr.conf" --format compact > "$T/sr.txt" 2>&1
if [ "$(grep -c 'is read from the ServerRoot' "$T/nod.txt")" != 1 ] ||
    ! grep -q "apache2.conf:4:1: warning: sites-enabled/\*.conf is read from the ServerRoot /etc/apache2 .*not from $T/etc/apache2 beside the main file.*pass -d $T/etc/apache2 " "$T/nod.txt" ||
    grep -q 'is read from the ServerRoot' "$T/d.txt" "$T/sr.txt"; then
	echo "FAIL ServerRoot warning for a tree read without -d"; cat "$T/nod.txt" "$T/d.txt" "$T/sr.txt"; fail=1
else
	echo "ok   warning: relative Includes read from the compiled-in ServerRoot"
fi
rm -f "$T/etc/apache2/sr.conf"
# A relative --httpd FILE is read from the ServerRoot (as apache2 -f): when
# the current directory holds another file of that name, a warning says
# which was read; none when they are the same file.
mkdir -p "$T/other/logs"
printf 'ServerName other.test\n' > "$T/other/apache2.conf"
( cd "$T/etc/apache2" && "$PROXYFPM" lint --no-config -d "$T/other" --httpd apache2.conf --format compact ) > "$T/rel1.txt" 2>&1
( cd "$T/other" && "$PROXYFPM" lint --no-config -d "$T/other" --httpd apache2.conf --format compact ) > "$T/rel2.txt" 2>&1
if ! grep -q "warning: --httpd apache2.conf was read from the ServerRoot, as $T/other/apache2.conf .*not the apache2.conf in the current directory" "$T/rel1.txt" ||
    grep -q 'was read from the ServerRoot' "$T/rel2.txt"; then
	echo "FAIL relative --httpd beside another file of that name"; cat "$T/rel1.txt" "$T/rel2.txt"; fail=1
else
	echo "ok   warning: relative --httpd read from the ServerRoot, not the current directory"
fi
# --root: the default Debian location below the root
"$PROXYFPM" dump --root "$T" -d /etc/apache2 --httpd /etc/apache2/apache2.conf > "$T/out.txt"
rc=$?
grep -q 'ServerName a.test' "$T/out.txt" && [ $rc -eq 0 ] || { echo "FAIL dump --root (exit $rc)"; fail=1; }
# Every line of the text dump is FILE:LINE:<tab>..., a closing tag with
# the line of its opening (and #(inactive) when the section is).
printf '<IfModule nosuch_module>\nServerAdmin x@y\n</IfModule>\n' >> "$T/etc/apache2/sites-enabled/a.conf"
"$PROXYFPM" dump --root "$T" -d /etc/apache2 --httpd /etc/apache2/apache2.conf > "$T/out.txt"
A=/etc/apache2/sites-enabled/a.conf
if grep -v '^#' "$T/out.txt" | grep -qv $'^[^\t]*:[0-9]*:\t' ||
    ! grep -qxF "$A:3:"$'\t'"  </FilesMatch>" "$T/out.txt" ||
    ! grep -qxF "$A:1:"$'\t'"</VirtualHost>" "$T/out.txt" ||
    ! grep -qxF "$A:7:"$'\t'"#(inactive) </IfModule>" "$T/out.txt"; then
	echo "FAIL dump text: a line without FILE:LINE, or closing tags"; cat "$T/out.txt"; fail=1
else
	echo "ok   dump text: closing tags located"
fi
printf '<Directory /x>\n' >> "$T/etc/apache2/sites-enabled/a.conf"
"$PROXYFPM" lint --httpd "$T/etc/apache2/apache2.conf" -d "$T/etc/apache2" > "$T/lint.txt" 2>&1
rc=$?
if [ $rc -ne 3 ] || ! grep -q 'a.conf:10' "$T/lint.txt"; then
	echo "FAIL lint exit $rc (want 3 and a.conf:10)"; cat "$T/lint.txt"; fail=1
else
	echo "ok   lint: exit 3 at a.conf:10"
fi
# A DocumentRoot written with a trailing '/': its .htaccess is named as
# httpd names it (one '/'), in the reader's warning and the rules' paths.
mkdir -p "$T/slash/www/data"
chmod 0777 "$T/slash/www/data"
printf 'RequestReadTimeout body=0\n' > "$T/slash/www/.htaccess"
cat > "$T/slash/h.conf" <<EOC
ServerRoot $T/slash
PidFile $T/slash/pid
ErrorLog /dev/null
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule reqtimeout_module /usr/lib/apache2/modules/mod_reqtimeout.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
<VirtualHost *:80>
DocumentRoot $T/slash/www/
<Directory $T/slash/www/>
AllowOverride All
</Directory>
<FilesMatch "\.php\$">
SetHandler "proxy:fcgi://127.0.0.1:9000"
</FilesMatch>
</VirtualHost>
EOC
"$PROXYFPM" lint --no-config --httpd "$T/slash/h.conf" -d "$T/slash" --format compact > "$T/lint.txt" 2>&1
if grep -q '//' "$T/lint.txt" ||
    ! grep -q "^$T/slash/www/.htaccess:1:1: warning: RequestReadTimeout not allowed here" "$T/lint.txt" ||
    ! grep -q "$T/slash/www/data is an upload folder by its name" "$T/lint.txt"; then
	echo "FAIL DocumentRoot with a trailing '/'"; cat "$T/lint.txt"; fail=1
else
	echo "ok   DocumentRoot with a trailing '/': one '/' in every path"
fi
# dump reads that .htaccess file under its <Directory>, and leaves it out
# with --no-htaccess, as lint does
"$PROXYFPM" dump --httpd "$T/slash/h.conf" -d "$T/slash" > "$T/d1.txt" 2>&1
"$PROXYFPM" dump --httpd "$T/slash/h.conf" -d "$T/slash" --no-htaccess > "$T/d2.txt" 2>&1
if ! grep -q "^$T/slash/www/.htaccess:1:"$'\t'".*RequestReadTimeout body=0" "$T/d1.txt" ||
    grep -q 'htaccess' "$T/d2.txt"; then
	echo "FAIL dump --no-htaccess"; cat "$T/d1.txt" "$T/d2.txt"; fail=1
else
	echo "ok   dump reads .htaccess files, not with --no-htaccess"
fi
# ProxyFCGISetEnvIf with $0-$9 in its value and no capturing regex in its
# condition: apache2 2.4.71's child segfaults on every request it applies to
# (checked with php-fpm8.2): a high finding of the rule
# fcgi-setenv-backref-crash on those lines only (exit 1 under --fail-on
# high, though apache2 -t accepts them), and no reader warning besides.
mkdir -p "$T/bref/logs"
cat > "$T/bref/h.conf" <<'EOC'
ServerName bref.test
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
<Location /a>
ProxyFCGISetEnvIf "true" SCRIPT_FILENAME /var/www/vhost1/$1
ProxyFCGISetEnvIf "-n %{REQUEST_URI}" X "a$9b"
ProxyFCGISetEnvIf "%{REQUEST_URI} =~ m#(?:b)#" X "v$0"
ProxyFCGISetEnvIf "%{REQUEST_URI} =~ /[(]|b/" X "v$0"
ProxyFCGISetEnvIf "%{REQUEST_URI} =~ m#^/(c)#" X "v$1$2"
ProxyFCGISetEnvIf "%{REQUEST_URI} =~ /(?<n>b)/" X "v$1"
ProxyFCGISetEnvIf "true" X "v\$1"
ProxyFCGISetEnvIf true !X
</Location>
EOC
"$PROXYFPM" lint --no-config --fail-on high --httpd "$T/bref/h.conf" -d "$T/bref" --format compact > "$T/lint.txt" 2>&1
rc=$?
got=$(grep ': high: .*\[fcgi-setenv-backref-crash\]$' "$T/lint.txt" | sed -n 's/^[^:]*:\([0-9]*\):.*/\1/p' | tr '\n' ' ')
if [ $rc -ne 1 ] || [ "$got" != "5 6 7 8 " ] || grep -q 'httpd-fcgi-backref' "$T/lint.txt"; then
	echo "FAIL ProxyFCGISetEnvIf backreference (exit $rc, lines '$got', want exit 1, '5 6 7 8 ')"; cat "$T/lint.txt"; fail=1
else
	echo "ok   ProxyFCGISetEnvIf backreference without a capturing regex: a high finding"
fi
# A provider alias is known from its section on, so the same
# AuthBasicProvider line is refused above the section and taken below it
# (the handler verdict memo must not carry the first answer to the second).
mkdir -p "$T/palias/logs"
cat > "$T/palias/h.conf" <<EOC
ServerRoot $T/palias
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authn_file_module /usr/lib/apache2/modules/mod_authn_file.so
LoadModule auth_basic_module /usr/lib/apache2/modules/mod_auth_basic.so
<Location /a>
AuthBasicProvider a1
</Location>
<AuthnProviderAlias file a1>
AuthUserFile /dev/null
</AuthnProviderAlias>
<Location /b>
AuthBasicProvider a1
</Location>
EOC
"$PROXYFPM" lint --no-config --httpd "$T/palias/h.conf" -d "$T/palias" --format compact > "$T/palias.txt" 2>&1
got=$(grep 'Unknown Authn provider: a1' "$T/palias.txt" | sed -n 's/^[^:]*:\([0-9]*\):.*/\1/p' | tr '\n' ' ')
if [ "$got" != "7 " ]; then
	echo "FAIL AuthBasicProvider above and below its alias (Unknown at lines '$got', want '7 ')"; cat "$T/palias.txt"; fail=1
else
	echo "ok   an Authn alias is unknown above its section only"
fi
# The main file cannot be read: exit 3 with httpd's error, and no finding
# about an Apache configuration nobody saw (a precision audit: "no route
# of the Apache configuration reaches pool app", "no <Directory />
# denies" came from the empty tree).
mkdir -p "$T/unread"
printf '[global]\nerror_log = /dev/null\n[app]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 2\n' > "$T/unread/fpm.conf"
"$PROXYFPM" lint --no-config --httpd "$T/unread/none.conf" --fpm "$T/unread/fpm.conf" --format compact > "$T/unread.txt" 2>&1
rc=$?
if [ $rc -ne 3 ] || ! grep -q 'Could not open configuration file' "$T/unread.txt" ||
    grep -Eq '\[(pool-unused|root-directory-granted)\]' "$T/unread.txt"; then
	echo "FAIL lint of a main file that cannot be read (exit $rc)"; cat "$T/unread.txt"; fail=1
else
	echo "ok   an unread main file: exit 3, no finding about Apache"
fi
# mod_mime's types file that cannot be opened: apache2 -t says Syntax OK
# (the verdict stands: no error, exit 0 or 1), the server does not start:
# a warning at the TypesConfig line; /dev/null is a file httpd takes.
mkdir -p "$T/types"
for t in /nonexistent/mime.types /dev/null; do
	printf 'ServerRoot %s\nLoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\nLoadModule mime_module /usr/lib/apache2/modules/mod_mime.so\nErrorLog %s/error.log\nListen 80\nTypesConfig %s\n' \
	    "$T/types" "$T/types" "$t" > "$T/types/h.conf"
	"$PROXYFPM" lint --no-config --httpd "$T/types/h.conf" --format compact > "$T/types.txt" 2>&1
	rc=$?
	want=0
	[ "$t" = /dev/null ] || want=1
	got=$(grep -c "h.conf:7:1: warning: mod_mime cannot open its types file $t: apache2 -t says Syntax OK, but the server does not start (AH01597" "$T/types.txt")
	if [ $rc -eq 3 ] || [ "$got" != "$want" ]; then
		echo "FAIL TypesConfig $t (exit $rc, $got warnings, want $want)"; cat "$T/types.txt"; fail=1
	else
		echo "ok   TypesConfig $t: $want warning(s), the -t verdict kept"
	fi
done
exit $fail
