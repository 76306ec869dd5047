#!/bin/bash
# modphp_oracle.sh - the handler names a loaded mod_php takes, against
# the real apache2 with Debian's libapache2-mod-php8.2 (php_module, on
# mpm_prefork as its php8.2.load requires; loaded from the package that
# scripts/setup.sh --test downloads into build/testdebs, never installed).
# One vhost per handler name for .php, each asked for /index.php, whose
# source holds a marker (SECRET) that running it does not print:
#   phpdebian  Debian's own php8.2.conf (mods-available): FilesMatch
#              ".+\.ph(?:ar|p|tml)$" SetHandler application/x-httpd-php
#              -> runs, no php-source-served (lint said high before: no
#              module took the handler)
#   addhandler AddHandler application/x-httpd-php .php -> runs
#   upper      SetHandler APPLICATION/X-HTTPD-PHP (core lower-cases it)
#              -> runs
#   script     SetHandler php-script (PHP 8's PHP_SCRIPT) -> runs
#   php8script SetHandler php8-script (no PHP's name) -> the source,
#              php-source-served
#   php82type  AddHandler application/x-httpd-php82 .php (a panel's
#              versioned name, not mod_php's) -> the source,
#              php-source-served
. "$PF_SRC/tests/lib/need.sh"
pf_modphp_start
mkdir -p "$T/www"
printf '<?php echo "ran"; // SECRET\n' > "$T/www/index.php"
chmod -R a+rX "$T"
PORT=$(pf_free_port)
NAMES="phpdebian addhandler upper script php8script php82type"
{
	pf_modphp_head "$T" "$PORT" mime dir
	for n in $NAMES; do
		printf '<VirtualHost *:%s>\n    ServerName %s.test\n    DocumentRoot "%s/www"\n    <Directory "%s/www">\n        Require all granted\n    </Directory>\n' \
		    "$PORT" "$n" "$T" "$T"
		case $n in
		phpdebian) printf '    <FilesMatch ".+\\.ph(?:ar|p|tml)$">\n        SetHandler application/x-httpd-php\n    </FilesMatch>\n' ;;
		addhandler) echo '    AddHandler application/x-httpd-php .php' ;;
		upper) printf '    <FilesMatch "\\.php$">\n        SetHandler APPLICATION/X-HTTPD-PHP\n    </FilesMatch>\n' ;;
		script) printf '    <FilesMatch "\\.php$">\n        SetHandler php-script\n    </FilesMatch>\n' ;;
		php8script) printf '    <FilesMatch "\\.php$">\n        SetHandler php8-script\n    </FilesMatch>\n' ;;
		php82type) echo '    AddHandler application/x-httpd-php82 .php' ;;
		esac
		echo '</VirtualHost>'
	done
} > "$T/httpd.conf"
pf_apache_run "$T/httpd.conf" "$PORT" || fail "apache2 did not start"
out=$("$PROXYFPM" lint --no-config --format compact --fail-on none \
    --httpd "$T/httpd.conf" 2>&1)
bad=0 n=0
for name in $NAMES; do
	body=$(curl -s -H "Host: $name.test" "http://127.0.0.1:$PORT/index.php")
	case $body in
	ran) ran=1 ;;
	*SECRET*) ran=0 ;;
	*) echo "FAIL: $name.test: neither ran nor the source: $(head -c 80 <<<"$body")"; bad=1; continue ;;
	esac
	case $name in	# the handler lint's finding would name
	phpdebian|addhandler|upper) h='application/x-httpd-php' ;;
	script) h='php-script' ;;
	php8script) h='php8-script' ;;
	php82type) h='application/x-httpd-php82' ;;
	esac
	if grep "\[php-source-served\]" <<<"$out" | grep -qi "\"$h\""; then
		lint=0
	else
		lint=1
	fi
	n=$((n + 1))
	if [ "$ran" != "$lint" ]; then
		echo "FAIL: $name.test: apache2 $([ $ran = 1 ] && echo runs || echo sends the source of) /index.php; lint says it $([ $lint = 1 ] && echo runs || echo sends the source)"
		bad=1
	fi
done
if [ $bad != 0 ]; then
	grep "php-source-served" <<<"$out" | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$n handler names: lint's php-source-served agrees with apache2 + mod_php 8.2"
echo "1 passed, 0 failed"
