# HestiaCP's on-disk layout that git does not keep (v-add-user,
# v-add-web-domain, hst-install-debian.sh): module files, per-user and
# per-domain directories with their owners and modes, log directories.
mkdir -p usr/lib/apache2
ln -s /usr/lib/apache2/modules usr/lib/apache2/modules
mkdir -p var/log/apache2/domains var/run/apache2 var/lock/apache2 run/php \
	var/www/html var/www/document_errors
chmod 751 var/log/apache2/domains
user() {	# NAME UID
	mkdir -p "home/$1/web" "home/$1/tmp" "home/$1/conf/web"
	chmod a+x "home/$1"
	chown "$2:$2" "home/$1" "home/$1/tmp"
	chmod 700 "home/$1/tmp"
	chown "0:$2" "home/$1/web"
	chmod 751 "home/$1/conf/web"
}
domain() {	# USER UID DOMAIN
	local d="home/$1/web/$3" f
	for f in public_html document_errors cgi-bin private stats logs; do
		mkdir -p "$d/$f"
	done
	chown -R "$2:$2" "$d"
	chmod 751 "$d"/*
	chmod 551 "$d/stats" "$d/logs"
	chmod 755 "$d/public_html"
	chmod 551 "$d"		# DOMAINDIR_WRITABLE=no
	chown -h "$2:33" "$d/public_html"
	chown "0:$2" "home/$1/conf/web/$3/apache2.conf"
	chmod 640 "home/$1/conf/web/$3/apache2.conf"
	touch "var/log/apache2/domains/$3.log" \
		"var/log/apache2/domains/$3.error.log" \
		"var/log/apache2/domains/$3.bytes"
}
user admin 1001
user bob 1002
domain admin 1001 example.com
domain admin 1001 blog.example.com
domain bob 1002 shop.example.org
# The panel's self-signed certificate (hst-install-debian.sh generates it;
# mod_ssl's SSLCertificateFile wants a non-empty file at apache2 -t)
mkdir -p usr/local/hestia/ssl
echo "placeholder certificate" > usr/local/hestia/ssl/certificate.crt
echo "placeholder key" > usr/local/hestia/ssl/certificate.key
chmod 600 usr/local/hestia/ssl/certificate.key
# example.com's SSL vhost (default.stpl): the certificate files HestiaCP
# keeps in the user's conf/web/DOMAIN/ssl (placeholders: apache2 -t only
# checks that they exist).
mkdir -p home/admin/conf/web/example.com/ssl
for f in crt key ca; do
	echo "placeholder $f" > "home/admin/conf/web/example.com/ssl/example.com.$f"
done
chown -R 0:1001 home/admin/conf/web/example.com/ssl
chmod 640 home/admin/conf/web/example.com/ssl/*
chown 0:1001 home/admin/conf/web/example.com/apache2.ssl.conf
chmod 640 home/admin/conf/web/example.com/apache2.ssl.conf
