# bash completion for proxyfpm                              -*- shell-script -*-
#
# Installed as share/bash-completion/completions/proxyfpm (bash-completion
# loads it on first use); or source it from ~/.bashrc.
#
# Everything it offers comes from the proxyfpm being completed, so it never
# drifts from the binary: the commands from 'proxyfpm --help', a command's
# options from 'proxyfpm COMMAND --help', the report formats from
# 'proxyfpm --formats', rule ids and categories from 'proxyfpm rules'.

_proxyfpm_commands()
{
	"$1" --help 2>/dev/null |
	    sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

_proxyfpm_options()	# PROXYFPM COMMAND
{
	# every --long option the help names (its table, and those it
	# mentions beside another: "--config FILE ... --no-config"), and
	# the short ones that start a line of the table ("  -d, --...")
	"$1" "$2" --help 2>/dev/null | awk '{
		s = $0
		while (match(s, /(^|[^a-zA-Z0-9-])--[a-z][a-z0-9-]*/)) {
			w = substr(s, RSTART, RLENGTH)
			sub(/^[^-]/, "", w)
			print w
			s = substr(s, RSTART + RLENGTH)
		}
	}
	/^ +-[a-zA-Z]/ { w = $1; sub(/,$/, "", w); if (w !~ /^--/) print w }' |
	    sort -u
	echo --help
}

_proxyfpm_rule_words()	# PROXYFPM: ids, categories, all
{
	"$1" rules 2>/dev/null | awk '{ print $1; print $3 }' | sort -u
	echo all
}

_proxyfpm()
{
	local cur prev pf cmd i w
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	pf=${COMP_WORDS[0]}
	[[ $pf == */* ]] || pf=$(type -P "$pf") || return 0

	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		[[ $w == -* ]] && continue
		cmd=$w
		break
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--help --version --formats' \
			    -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_proxyfpm_commands "$pf")" \
			    -- "$cur"))
		fi
		return 0
	fi

	# --opt=value is completed as its value
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi
	case $prev in
	--format)
		# FMT[:FILE], a comma list: complete the last format
		local head= fmts
		[[ $cur == *,* ]] && head=${cur%,*},
		fmts=$("$pf" --formats 2>/dev/null | awk '{ print $1 }')
		COMPREPLY=($(compgen -P "$head" -W "$fmts" -- "${cur##*,}"))
		return 0
		;;
	--enable | --disable)
		COMPREPLY=($(compgen -W "$(_proxyfpm_rule_words "$pf")" \
		    -- "$cur"))
		return 0
		;;
	--severity)
		COMPREPLY=($(compgen -W "$("$pf" rules 2>/dev/null |
		    awk '{ print $1 "=" }')" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return 0
		;;
	--fail-on)
		COMPREPLY=($(compgen -W 'critical high medium low info none never' \
		    -- "$cur"))
		return 0
		;;
	--color)
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return 0
		;;
	--host)
		COMPREPLY=($(compgen -W auto -- "$cur") $(compgen -f -- "$cur"))
		return 0
		;;
	-d | --server-root | --root | -p | --fpm-prefix | -o | --remap-root | \
	--upload-dir | --php-ini-scan-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0
		;;
	--httpd | --fpm | --php-ini | --envvars | --config | --baseline | \
	--write-baseline)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_proxyfpm_options "$pf" "$cmd")" \
		    -- "$cur"))
		return 0
	fi
	case $cmd in
	explain)
		COMPREPLY=($(compgen -W "$("$pf" rules 2>/dev/null |
		    awk '{ print $1 }') selftest-probe-failed \
		    selftest-simulator-disagrees" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
	return 0
}
complete -o filenames -F _proxyfpm proxyfpm
