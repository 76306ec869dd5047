# Froxlor 2.x's on-disk layout that git does not keep: module files, the
# customer roots (Froxlor's mkDirWithCorrectOwnership: owned by the
# customer's uid/gid 10000+, users in libnss-extrausers' files), tmp and
# log directories, the panel's own files (froxlorlocal), the socket dir.
mkdir -p usr/lib/apache2
ln -s /usr/lib/apache2/modules usr/lib/apache2/modules
mkdir -p var/log/apache2 var/run/apache2 var/lock/apache2 run/php \
	var/www/html/froxlor/lib var/customers/logs var/lib/apache2/fastcgi
chown -R 1000:1000 var/www/html/froxlor
chown 33:33 var/lib/apache2/fastcgi
cust() {	# LOGIN UID DOCROOT...
	local l=$1 u=$2 d
	shift 2
	mkdir -p "var/customers/webs/$l/goaccess" "var/customers/tmp/$l"
	chown "$u:$u" "var/customers/webs/$l" "var/customers/webs/$l/goaccess" \
	    "var/customers/tmp/$l"
	chmod 0750 "var/customers/tmp/$l"
	for d in "$@"; do
		mkdir -p "var/customers/webs/$l/$d"
		chown "$u:$u" "var/customers/webs/$l/$d"
	done
}
cust web1 10000 example.com shop.example.com
cust web2 10001
touch var/customers/logs/web1-error.log var/customers/logs/web1-access.log \
	var/customers/logs/web2-error.log var/customers/logs/web2-access.log
chown 33:33 var/customers/logs/*.log
