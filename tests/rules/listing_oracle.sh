#!/bin/bash
# listing_oracle.sh - rule directory-listing against the real apache2: a
# server with mod_dir and mod_autoindex and Options Indexes on the whole
# tree (as Debian's apache2.conf has it for /var/www), WordPress-like
# sites whose wp-content/uploads the pool's user (www-data) can write.
# curl asks each vhost for / and its upload folder; a 200 "Index of" page
# that names an entry is a listing.  lint must report exactly the vhosts
# and URLs Apache lists, with the reader's DocumentRoot listings (16
# DocumentRoots or more: fill1-4.test, quiet) and without them
# (PF_HTACCESS_LIST=off: the rule looks up the index files itself):
#   wp.test        uploads listed, / has index.php (DirectoryIndex names it)
#   home.test      DirectoryIndex index.html in the vhost, index.php at the
#                  top: / is a listing; its uploads too
#   closed.test    <Directory uploads> Options -Indexes: 403
#   silent.test    uploads/index.php ("silence is golden"): no listing
#   denied.test    uploads Require all denied: 403
#   hta.test       uploads/.htaccess Options -Indexes (AllowOverride
#                  Options=Indexes): 403
#   htaon.test     Options -Indexes for the site, its top .htaccess
#                  Options +Indexes (AllowOverride All): uploads listed
#   chosen.test    <Directory uploads> Options +Indexes: listed, but
#                  chosen for that folder (a download area): lint quiet
#   alias.test     the upload folder outside the DocumentRoot, served by
#                  Alias /files: listed; reported when --upload-dir names
#                  it (a second lint run)
#   noindex.test   DirectoryIndex disabled: / and uploads listed
#   bare.test      no index file at all, its own <Directory> with Options
#                  +FollowSymLinks (Indexes still the tree's): / listed
#   ignall.test    uploads/.htaccess IndexIgnore * (AllowOverride Indexes):
#                  the listing names nothing, not reported
#   reset.test     IndexIgnore * for the site, IndexIgnoreReset On for its
#                  uploads: their names are listed again
#   wprw.test      WordPress's .htaccess (front controller for what is no
#                  file and no folder): uploads listed
#   frontrw.test   a front controller for every non-file (no !-d): the
#                  uploads URL goes to index.php, no listing
# A second server without mod_autoindex answers 404 for the same folders
# (the default handler), and lint is quiet there.
. "$PF_SRC/tests/lib/need.sh"
need apache2 curl
pf_tmpdir
fail() { echo "FAIL: $*"; tail -20 "$T/logs/error.log" 2>/dev/null; exit 1; }
chmod 755 "$T"
for s in wp home closed silent denied hta htaon chosen noindex ignall reset wprw frontrw; do
	mkdir -p "$T/$s/wp-content/uploads/2026/11"
	echo "<?php echo 'home of $s';" > "$T/$s/index.php"
	echo "photo of $s" > "$T/$s/wp-content/uploads/2026/11/$s-photo.jpg"
done
# (sites with an index and no upload folder, quiet: with them lint has
# 16 DocumentRoots, enough for the reader's threads, whose listings the
# rule then takes; PF_HTACCESS_LIST=off below makes it look by itself)
FILL="fill1 fill2 fill3 fill4"
for s in $FILL; do
	mkdir -p "$T/$s/css"
	echo "<?php echo 'home of $s';" > "$T/$s/index.php"
done
mkdir -p "$T/bare"
echo "read me" > "$T/bare/readme.txt"
mkdir -p "$T/alias/www" "$T/alias/files"
echo "<?php echo 'home';" > "$T/alias/www/index.php"
echo "a file" > "$T/alias/files/invoice-2026.pdf"
echo "<?php // silence is golden" > "$T/silent/wp-content/uploads/index.php"
echo "Options -Indexes" > "$T/hta/wp-content/uploads/.htaccess"
echo "Options +Indexes" > "$T/htaon/.htaccess"
echo "IndexIgnore *" > "$T/ignall/wp-content/uploads/.htaccess"
cat > "$T/wprw/.htaccess" <<'EOF'
# BEGIN WordPress
<IfModule mod_rewrite.c>
RewriteEngine On
RewriteBase /
RewriteRule ^index\.php$ - [L]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME} !-d
RewriteRule . /index.php [L]
</IfModule>
# END WordPress
EOF
cat > "$T/frontrw/.htaccess" <<'EOF'
RewriteEngine On
RewriteCond %{REQUEST_FILENAME} !-f
RewriteRule ^ index.php [L]
EOF
chmod -R a+rX,go-w "$T"
for s in wp home closed silent denied hta htaon chosen noindex ignall reset wprw frontrw; do
	chown -R www-data:www-data "$T/$s/wp-content/uploads"
done
chown -R www-data:www-data "$T/alias/files"
pf_fpm_conf "$T"	# the pool lint links the PHP handler to (not started)
PORT=$(pf_free_port)
vhosts() {	# the vhosts, for both servers
	for s in $FILL; do
		printf '<VirtualHost *:%s>\n    ServerName %s.test\n    DocumentRoot "%s/%s"\n    <Directory "%s/%s">\n        AllowOverride All\n    </Directory>\n</VirtualHost>\n' \
		    "$1" "$s" "$T" "$s" "$T" "$s"
	done
	cat <<EOF
TypesConfig /etc/mime.types
<Directory "$T">
    Options Indexes FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>
DirectoryIndex index.html index.php
<FilesMatch "\\.php\$">
    SetHandler "proxy:unix:$T/php.sock|fcgi://localhost"
</FilesMatch>
<VirtualHost *:$1>
    ServerName wp.test
    DocumentRoot "$T/wp"
</VirtualHost>
<VirtualHost *:$1>
    ServerName home.test
    DocumentRoot "$T/home"
    DirectoryIndex index.html
</VirtualHost>
<VirtualHost *:$1>
    ServerName closed.test
    DocumentRoot "$T/closed"
    <Directory "$T/closed/wp-content/uploads">
        Options -Indexes
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName silent.test
    DocumentRoot "$T/silent"
</VirtualHost>
<VirtualHost *:$1>
    ServerName denied.test
    DocumentRoot "$T/denied"
    <Directory "$T/denied/wp-content/uploads">
        Require all denied
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName hta.test
    DocumentRoot "$T/hta"
    <Directory "$T/hta">
        AllowOverride Options=Indexes
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName htaon.test
    DocumentRoot "$T/htaon"
    <Directory "$T/htaon">
        Options -Indexes
        AllowOverride All
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName chosen.test
    DocumentRoot "$T/chosen"
    <Directory "$T/chosen">
        Options -Indexes
    </Directory>
    <Directory "$T/chosen/wp-content/uploads/">
        Options +Indexes
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName bare.test
    DocumentRoot "$T/bare"
    <Directory "$T/bare">
        Options +FollowSymLinks
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName ignall.test
    DocumentRoot "$T/ignall"
    <Directory "$T/ignall">
        AllowOverride Indexes
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName reset.test
    DocumentRoot "$T/reset"
    <IfModule mod_autoindex.c>
        <Directory "$T/reset">
            IndexIgnore *
        </Directory>
        <Directory "$T/reset/wp-content/uploads">
            IndexIgnoreReset On
        </Directory>
    </IfModule>
</VirtualHost>
<VirtualHost *:$1>
    ServerName wprw.test
    DocumentRoot "$T/wprw"
    <Directory "$T/wprw">
        AllowOverride All
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName frontrw.test
    DocumentRoot "$T/frontrw"
    <Directory "$T/frontrw">
        AllowOverride All
    </Directory>
</VirtualHost>
<VirtualHost *:$1>
    ServerName alias.test
    DocumentRoot "$T/alias/www"
    Alias /files "$T/alias/files"
</VirtualHost>
<VirtualHost *:$1>
    ServerName noindex.test
    DocumentRoot "$T/noindex"
    DirectoryIndex disabled
</VirtualHost>
EOF
}
{
	pf_apache_head "$T" "$PORT" alias dir autoindex mime rewrite proxy proxy_fcgi
	vhosts "$PORT"
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
PORT2=$(pf_free_port)
{
	pf_apache_head "$T/plain" "$PORT2" alias dir mime rewrite proxy proxy_fcgi
	vhosts "$PORT2"
} > "$T/plain.conf"
pf_apache_run "$T/plain.conf" "$PORT2" || fail "apache2 (no mod_autoindex) did not start"
bad=0
: > "$T/listed"	# "host url" Apache lists
ask() {	# PORT HOST URL: records a listing, says the status
	local out code
	out=$(curl -s -w '\n%{http_code}' -H "Host: $2" "http://127.0.0.1:$1$3")
	code=$(tail -1 <<<"$out")
	# (a listing that names something: an entry's link is relative,
	# the parent's starts with '/', the column sorts' with '?')
	if [ "$code" = 200 ] && grep -q "<title>Index of " <<<"$out" &&
	    grep -qE 'href="[^/?][^"]*"' <<<"$out"; then
		[ "$1" = "$PORT" ] && echo "$2 $3" >> "$T/listed"
		echo listed
	else
		echo "$code"
	fi
}
expect() {	# PORT HOST URL WANT
	local got
	got=$(ask "$1" "$2" "$3")
	[ "$got" = "$4" ] || { echo "FAIL: $2$3 on port $1: expected $4, got $got"; bad=1; }
}
for h in wp home closed silent denied hta htaon chosen noindex ignall reset wprw frontrw alias; do
	u=/wp-content/uploads/
	[ $h = alias ] && u=/files/
	case $h in
	home|noindex) w=listed ;;
	*) w=200 ;;	# index.php: sent to the (stopped) pool, 503
	esac
	[ $w = 200 ] && w=503
	expect "$PORT" $h.test / $w
	case $h in
	wp|home|htaon|chosen|alias|noindex|reset|wprw) w=listed ;;
	closed|denied|hta) w=403 ;;
	ignall) w=200 ;;
	silent|frontrw) w=503 ;;
	esac
	expect "$PORT" $h.test $u $w
	# without mod_autoindex the default handler answers 404
	case $h in
	silent|frontrw) w=503 ;;
	denied) w=403 ;;
	ignall) w=500 ;;	# (IndexIgnore: no module has it)
	*) w=404 ;;
	esac
	expect "$PORT2" $h.test $u $w
done
expect "$PORT" bare.test / listed
expect "$PORT2" bare.test / 404
# (the folders a pool's user can write below a DocumentRoot are upload
# folders with or without --upload-dir; /files/ is one only with it)
want=$(grep -v -e '^alias' -e '^chosen' "$T/listed" | sort | tr '\n' ';')
want2=$(grep -v '^chosen' "$T/listed" | sort | tr '\n' ';')
nlisted=$(wc -l < "$T/listed")
reported() {	# "host url" of each URL lint's findings name
	sed -n 's/.*GET \([^ ]*\) on \([^ ]*\) \(.*\)/\2 \1\n\3/p' <<<"$1" |
	    sed -n -e '/^[^ ]*\.test \//p' \
	    -e 's/.*(also listed: \([^)]*\)).*/\1/p' | awk -v h="" '
	    /\.test \// { h = $1; print; next }
	    { n = split($0, a, ", "); for (i = 1; i <= n; i++) print h " " a[i] }'
}
agree() {	# WHAT WANT CONF LINT-ARGS...: lint's URLs are WANT
	local what=$1 want=$2 conf=$3 out got
	shift 3
	out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
	    --httpd "$conf" --fpm "$T/fpm.conf" "$@" 2>&1 |
	    grep '\[directory-listing\]$')
	got=$(reported "$out" | sort | tr '\n' ';')
	if [ "$got" != "$want" ]; then
		echo "FAIL: $what: lint reports '$got', Apache lists '$want'"
		echo "$out" | sed 's/^/    /'
		bad=1
	fi
}
agree "lint" "$want" "$T/httpd.conf"
PF_HTACCESS_LIST=off agree "lint without the reader's listings" "$want" \
    "$T/httpd.conf"
agree "with --upload-dir" "$want2" "$T/httpd.conf" --upload-dir "$T/alias/files"
agree "without mod_autoindex" "" "$T/plain.conf" --upload-dir "$T/alias/files"
if [ $bad -ne 0 ]; then
	echo "0 passed, 1 failed"
	exit 1
fi
echo "19 vhosts on two servers: the folders Apache lists ($nlisted) and lint's findings agree"
echo "1 passed, 0 failed"
