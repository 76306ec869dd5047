# The two containers' files in one tree (their paths do not overlap): the
# httpd:2.4 image's modules (this machine's), its empty dirs, the
# bind-mounted ./app (a framework's public/ front controller, an uploads
# directory the php container's www-data writes) and ./admin.
mkdir -p usr/local/apache2/logs usr/local/apache2/cgi-bin \
	var/www/html/public/uploads var/www/admin
ln -sfn /usr/lib/apache2/modules usr/local/apache2/modules
printf '<?php require __DIR__."/../src/app.php";\n' \
	> var/www/html/public/index.php
printf '<?php phpinfo();\n' > var/www/admin/index.php
chown 33:33 var/www/html/public/uploads
