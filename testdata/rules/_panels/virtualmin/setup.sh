# Virtualmin on Debian 12: the modules the .load files name, the run and
# log directories, each virtual server's home as Virtualmin makes it
# (0750, the domain's group holding www-data), sub-server homes under the
# parent's domains/.
mkdir -p usr/lib/apache2
ln -s /usr/lib/apache2/modules usr/lib/apache2/modules
mkdir -p var/log/apache2 var/run/apache2 var/lock/apache2 var/log/virtualmin \
	run/php var/www/html \
	home/example/public_html home/example/cgi-bin home/example/tmp \
	home/example/domains/shop.example.com/public_html \
	home/example/domains/shop.example.com/cgi-bin \
	home/example/domains/shop.example.com/tmp \
	home/legacy/public_html home/legacy/cgi-bin home/legacy/tmp
chown -R 1001:1001 home/example
chown -R 1002:1002 home/legacy
chmod 0750 home/example home/legacy home/example/public_html \
	home/legacy/public_html home/example/domains/shop.example.com/public_html
chmod 1777 home/example/tmp home/legacy/tmp home/example/domains/shop.example.com/tmp
