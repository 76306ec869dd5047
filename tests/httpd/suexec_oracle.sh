#!/bin/bash
# suexec_oracle.sh - SuexecUserGroup with mod_suexec loaded: apache2 -t
# refuses it unless mod_unixd found this machine's suexec binary root's,
# setuid and runnable ('suEXEC is disabled: Missing suexec binary ...' /
# 'Invalid owner or file mode for ...'); lint must give the same verdict
# and message, whichever state this machine is in.
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2
pf_tmpdir
M=/usr/lib/apache2/modules
cat > "$T/h.conf" <<CONF
ServerRoot $T
ServerName v.test
ErrorLog /dev/null
PidFile $T/pid
DefaultRuntimeDir $T
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule suexec_module $M/mod_suexec.so
Listen 127.0.0.1:8999
<VirtualHost *:8999>
    ServerName a.test
    SuexecUserGroup www-data www-data
</VirtualHost>
CONF
a=$(apache2 -t -d "$T" -f "$T/h.conf" 2>&1)
l=$("$PROXYFPM" lint --no-config --format compact --httpd "$T/h.conf" \
	--fpm /dev/null 2>&1)
want=$(sed -n 's/^\(SuexecUserGroup configured.*\)$/\1/p' <<<"$a")
if grep -q 'Syntax OK' <<<"$a"; then
	if grep -q 'SuexecUserGroup' <<<"$l"; then
		echo "FAIL: apache2 accepts SuexecUserGroup, lint says:"; echo "$l"
		exit 1
	fi
elif [ -z "$want" ]; then
	echo "FAIL: apache2 -t refuses for another reason:"; echo "$a"; exit 1
elif ! grep -qF "h.conf:12:5: error: $want [httpd-value]" <<<"$l"; then
	echo "FAIL: apache2 -t: $want"; echo "lint:"; echo "$l"; exit 1
fi
echo "1 passed, 0 failed"
