# The two containers' files in one tree (their paths do not overlap): the
# httpd:2.4 image's modules (this machine's), the bind-mounted ./src at
# /var/www/html (host files: root-owned here), the image's logs/ dir.
mkdir -p usr/local/apache2/logs var/www/html
ln -sfn /usr/lib/apache2/modules usr/local/apache2/modules
printf '<?php phpinfo();\n' > var/www/html/index.php
