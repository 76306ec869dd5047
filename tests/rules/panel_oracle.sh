# panel_oracle.sh - sourced by the panels' oracle.sh (tests/rules/panels.sh
# runs them with C, the path-remapped copy of the panel's tree): the real
# apache2 -t and php-fpm8.2 -t on that copy, each refusal a failure
# counted in $fail (the caller ends with `exit $fail`).
set -u
. "$PF_SRC/tests/lib/need.sh"
need apache2 php-fpm8.2
fail=0

# Absolute symlinks of the copy (a panel's sites-enabled links, Plesk's
# vhosts/DOMAIN.conf, conf.d/*.ini) pointed into it; links to this
# machine's modules stay.
po_links() {
	local l t
	find "$C" -type l | while IFS= read -r l; do
		t=$(readlink "$l")
		case $t in
		/etc/*|/var/*|/run|/run/*|/home/*|/srv/*|/opt/*|/usr/local/*)
			ln -sfn "$C$t" "$l" ;;
		esac
	done
}

# Is there no suexec binary here?  apache2 then refuses SuexecUserGroup
# ('configured, but suEXEC is disabled: Missing suexec binary'), which
# every server of these panels has; the copy goes without it.
po_no_suexec() {
	[ ! -x /usr/lib/apache2/suexec ]
}

# apache2 -t on a Debian layout ($C/etc/apache2, envvars sourced).
po_apache_debian() {
	local out
	out=$(set +u -a; APACHE_CONFDIR=$C/etc/apache2
		. "$C/etc/apache2/envvars"; set +a
		apache2 -t -d "$C/etc/apache2" -f "$C/etc/apache2/apache2.conf" 2>&1)
	po_syntax_ok "$out"
}

# apache2 -t with a ServerRoot and a main file (RHEL, the httpd image,
# cPanel, DirectAdmin).
po_apache() {	# SERVERROOT CONF
	po_syntax_ok "$(apache2 -t -d "$1" -f "$2" 2>&1)"
}

po_syntax_ok() {
	if ! grep -q 'Syntax OK' <<<"$1"; then
		echo "FAIL: apache2 -t refuses what lint accepts:"
		echo "$1"
		fail=1
	fi
}

# Debian's modules stand in for another build's: the LoadModule lines of
# FILEs for modules this machine lacks, or compiles into apache2 (log_config,
# unixd, version, ... where RHEL, Arch and Gentoo load them), are
# commented out of the copy.
po_local_modules() {	# FILE...
	local f id so m builtin
	builtin=$(apache2 -l | sed -n 's/^ *mod_\(.*\)\.c$/\1/p')
	for f in "$@"; do
		while read -r id so; do
			m=${so##*/mod_}; m=${m%.so}
			if [ ! -e "/usr/lib/apache2/modules/${so##*/}" ] ||
			    grep -qx "$m" <<<"$builtin"; then
				sed -i "s|^\([[:space:]]*\)LoadModule $id |\1#LoadModule $id |" "$f"
			fi
		done < <(sed -n 's/^[[:space:]]*LoadModule \([^ ]*\) \([^ ]*\)$/\1 \2/p' "$f")
	done
}

# php-fpm8.2 -t on a master, with its php.ini (or none: -n).
po_fpm() {	# PHP-FPM.CONF [PHP.INI]
	local out
	if [ $# -gt 1 ]; then
		out=$(php-fpm8.2 -t -y "$1" -c "$2" 2>&1)
	else
		out=$(php-fpm8.2 -t -n -y "$1" 2>&1)
	fi
	if ! grep -q 'test is successful' <<<"$out"; then
		echo "FAIL: php-fpm8.2 -t refuses $1:"
		echo "$out"
		fail=1
	fi
}
