# ISPConfig 3.2's on-disk layout that git does not keep: the modules the
# .load files name, the per-web directories with the owners and modes
# apache2_plugin.inc.php gives them, /var/www/DOMAIN symlinks, socket dirs.
mkdir -p usr/lib/apache2
ln -s /usr/lib/apache2/modules usr/lib/apache2/modules
mkdir -p var/log/apache2 var/run/apache2 var/lock/apache2 run/php \
	var/lib/php8.2-fpm var/lib/php8.1-fpm var/log/ispconfig/httpd \
	var/www/html var/www/conf
web() {	# DOCUMENT_ROOT UID GID WEB_FOLDER...
	local d=$1 u=$2 g=$3 f
	shift 3
	mkdir -p "var$d"
	for f in private tmp cgi-bin webdav ssl log .ssh "$@"; do
		mkdir -p "var$d/$f"
	done
	chown 0:0 "var$d" "var$d/ssl" "var$d/log"
	chmod 0755 "var$d" "var$d/ssl" "var$d/log"
	chown "$u:$g" "var$d/private" "var$d/tmp" "var$d/cgi-bin" \
	    "var$d/webdav" "var$d/.ssh"
	chmod 0710 "var$d/private" "var$d/webdav"
	chmod 0770 "var$d/tmp"
	chmod 0700 "var$d/.ssh"
	for f in "$@"; do
		mkdir -p "var$d/$f/error" "var$d/$f/stats"
		chown -R "$u:$g" "var$d/$f"
		chmod 0711 "var$d/$f"
	done
}
web /www/clients/client1/web1 5004 5005 web blog
web /www/clients/client2/web2 5005 5006 web
web /www/clients/client3/web4 5007 5008 web
# website_symlinks: /var/www/[website_domain]/ and
# /var/www/clients/client[client_id]/[website_domain]/ (absolute, as ln -s)
for s in example.com:client1/web1 blog.example.com:client1/web1 \
    shop.example.org:client2/web2 jail.example.net:client3/web4; do
	d=${s%%:*} w=${s#*:}
	ln -s "/var/www/clients/$w/" "var/www/$d"
	ln -s "/var/www/clients/$w/" "var/www/clients/${w%%/*}/$d"
done
# /var/log/ispconfig/httpd/DOMAIN (apache2_plugin's log folder; ErrorLog)
for d in example.com blog.example.com shop.example.org jail.example.net; do
	mkdir -p "var/log/ispconfig/httpd/$d"
done
# example.com's Let's Encrypt certificate as ISPConfig links it
# (letsencrypt.inc.php: ln -s LIVE_FILE web1/ssl/example.com-le.crt) to
# certbot's live/ links (relative, into archive/): placeholders, apache2 -t
# only checks that the files exist.
mkdir -p etc/letsencrypt/archive/example.com etc/letsencrypt/live/example.com
echo "placeholder certificate" > etc/letsencrypt/archive/example.com/fullchain1.pem
echo "placeholder key" > etc/letsencrypt/archive/example.com/privkey1.pem
ln -s ../../archive/example.com/fullchain1.pem etc/letsencrypt/live/example.com/fullchain.pem
ln -s ../../archive/example.com/privkey1.pem etc/letsencrypt/live/example.com/privkey.pem
ln -s /etc/letsencrypt/live/example.com/fullchain.pem \
	var/www/clients/client1/web1/ssl/example.com-le.crt
ln -s /etc/letsencrypt/live/example.com/privkey.pem \
	var/www/clients/client1/web1/ssl/example.com-le.key
