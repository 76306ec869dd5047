#!/bin/bash
# memo.sh - the simulator's memo (rules/sim_memo.c) never changes a verdict.
#
#  1. gen-bigconf trees (a template stamped N times: one pool per site, a
#     user per site, several vhosts per file): lint's findings with the
#     memo equal those without it (PF_RULES_MEMO=off), and the memo is
#     used (answers taken from it, none different in verify mode).
#  2. Every rule case with vhosts, its vhosts stamped three more times
#     with their own DocumentRoot and socket (memo_stamp.py): linted with
#     PF_RULES_MEMO=verify, which simulates each answer the memo gives and
#     reports a difference (rules-memo-mismatch).
#  3. A tree whose every DocumentRoot has the same .htaccess (see below).
#  4. A tree under SymLinksIfOwnerMatch whose upload folders are folders,
#     links httpd follows and links it refuses (see below).
#  5. Every DocumentRoot a link (a deploy tool's), and a strict Options
#     line elsewhere, then over them (see below).
set -u
. "$PF_SRC/tests/lib/need.sh"
need_gen
pf_tmpdir
fail=0

lint_tree() {	# DIR: lint a gen-bigconf tree, report on stdout
	"$PROXYFPM" lint --no-config --format compact \
	    --httpd "$1/etc/apache2/apache2.conf" -d "$1/etc/apache2" \
	    --envvars "$1/etc/apache2/envvars" \
	    --fpm "$1/etc/php/8.2/fpm/php-fpm.conf" 2>&1
}

same_on_off() {	# VAR WHAT: lint of $D with VAR=on and =off agree
	local on off
	on=$(export "$1=on"; lint_tree "$D")
	off=$(export "$1=off"; lint_tree "$D")
	if [ "$off" != "$on" ]; then
		echo "FAIL $2"
		diff <(echo "$off") <(echo "$on") | head -20
		fail=1
	fi
}

n=0
for opts in "" "--fpm-users per-site --seed 7" "--per-file 5 --seed 3"; do
	n=$((n + 1))
	D="$T/big$n"
	# shellcheck disable=SC2086
	"$PY" "$GEN" $opts 300 "$D" >/dev/null || { echo "FAIL: gen-bigconf $opts"; exit 1; }
	off=$(PF_RULES_MEMO=off lint_tree "$D")
	on=$(lint_tree "$D")
	if [ "$off" != "$on" ]; then
		echo "FAIL big$n ($opts): findings differ with the memo"
		diff <(echo "$off") <(echo "$on") | head -20
		fail=1
	fi
	# DocumentRoots read ahead on a thread (rules/writable.c) answer as
	# a look per vhost does: some roots get conventional upload dirs.
	for k in 3 5 8 13 21 34 55 89 144 233; do
		for r in "$D"/srv/www/*/public; do
			k=$((k - 1))
			[ $k -eq 0 ] && mkdir -p "$r/uploads" "$r/wp-content/uploads" && break
		done
	done
	same_on_off PF_RULES_PREFETCH "big$n ($opts): findings differ with the read-ahead"
	# The routing pass on two threads (rules/r_routing.c, a split of
	# the vhosts) reports what one thread does, in the same order.
	same_on_off PF_RULES_SPLIT "big$n ($opts): findings differ on two threads"
	st=$(PF_RULES_MEMO=verify lint_tree "$D" | grep 'rules-memo\]')
	hits=$(sed -n 's/.*; \([0-9]*\) answers from the memo.*/\1/p' <<<"$st")
	if ! grep -q '; 0 differed' <<<"$st" || [ "${hits:-0}" -lt 3000 ]; then
		echo "FAIL big$n ($opts): $st"
		fail=1
	fi
done

# 3. Every DocumentRoot with the same .htaccess (WordPress's block), each
#    with a line Apache refuses (php_value without mod_php: every request
#    below answers 500, and the answer names that line): vhosts of one
#    template still share answers (the refused line is indexed like the
#    nodes the simulator reads; before, no answer was kept).
D="$T/ht"
"$PY" "$GEN" 200 "$D" >/dev/null || { echo "FAIL: gen-bigconf ht"; exit 1; }
sed -i 's/AllowOverride None/AllowOverride All/' "$D"/etc/apache2/sites-available/*.conf
for r in "$D"/srv/www/*/public; do
	printf '%s\n' 'RewriteEngine On' 'RewriteBase /' \
	    'RewriteRule ^index\.php$ - [L]' \
	    'RewriteCond %{REQUEST_FILENAME} !-f' \
	    'RewriteRule . /index.php [L]' \
	    'php_value upload_max_filesize 64M' > "$r/.htaccess"
done
# memo_agrees NAME MIN-HITS: lint of $D says the same with the memo and
# without (its findings in $on), none of the memo's answers differs in
# verify mode, and at least MIN-HITS were taken from it.
memo_agrees() {
	local off st hits
	off=$(PF_RULES_MEMO=off lint_tree "$D")
	on=$(lint_tree "$D")
	if [ "$off" != "$on" ]; then
		echo "FAIL $1: findings differ with the memo"
		diff <(echo "$off") <(echo "$on") | head -20
		fail=1
	fi
	st=$(PF_RULES_MEMO=verify lint_tree "$D" | grep 'rules-memo\]')
	hits=$(sed -n 's/.*; \([0-9]*\) answers from the memo.*/\1/p' <<<"$st")
	if ! grep -q '; 0 differed' <<<"$st" || [ "${hits:-0}" -lt "$2" ]; then
		echo "FAIL $1: $st"
		fail=1
	fi
}
memo_agrees ht 2000
grep -q 'modphp-directive-under-fpm' <<<"$on" ||
    { echo "FAIL ht: the refused php_value lines were not read"; fail=1; }

# 4. SymLinksIfOwnerMatch over every DocumentRoot, and each vhost's
#    uploads/ (writable by the pools' user) in turn a folder, a link with
#    its target's owner (followed) and root's link to www-data's folder
#    (refused: 403 below it, rules/sim_symlink.c): one template, three
#    answers.  The memo must not hand a vhost the answer of a twin whose
#    walk met no link.
D="$T/sym"
"$PY" "$GEN" 60 "$D" >/dev/null || { echo "FAIL: gen-bigconf sym"; exit 1; }
sed -i 's/Options Indexes FollowSymLinks/Options SymLinksIfOwnerMatch/' \
    "$D/etc/apache2/apache2.conf"
i=0
want=0
for r in "$D"/srv/www/*/public; do
	i=$((i + 1))
	case $((i % 3)) in
	0) mkdir -p "$D/shared/$i" && chown www-data "$D/shared/$i" &&
	       ln -s "$D/shared/$i" "$r/uploads" ;;
	1) mkdir -p "$r/uploads" && chown www-data "$r/uploads"
	   want=$((want + 1)) ;;
	2) mkdir -p "$D/own/$i" && chown www-data "$D/own/$i" &&
	       ln -s "$D/own/$i" "$r/uploads" && chown -h www-data "$r/uploads"
	   want=$((want + 1)) ;;
	esac
done
memo_agrees sym 50
got=$(grep -c 'upload-under-docroot' <<<"$on")
[ "$got" -eq "$want" ] ||
    { echo "FAIL sym: upload-under-docroot for $got vhosts, not $want"; fail=1; }

# 5. A deploy tool's layout: each site's public/ is a link to
#    releases/1, and Debian's phpmyadmin.conf has SymLinksIfOwnerMatch
#    in <Directory /usr/share/phpmyadmin>.  That line holds for no walk
#    to a DocumentRoot, so the links are followed and the vhosts share
#    answers: only the first of each shape is simulated in full (before
#    sim_strict_near, one strict line anywhere sent every vhost with a
#    link on its DocumentRoot's way to a full simulation: 60 of 60).  Then the line over /srv/www:
#    each link to a folder of another owner is refused (403 for the
#    whole site, docroot-link-refused), the others followed.
D="$T/deploy"
"$PY" "$GEN" 60 "$D" >/dev/null || { echo "FAIL: gen-bigconf deploy"; exit 1; }
i=0
want=0
for r in "$D"/srv/www/*/public; do
	i=$((i + 1))
	s=$(dirname "$r")
	mkdir -p "$s/releases" && mv "$r" "$s/releases/1" && ln -s releases/1 "$r"
	if [ $((i % 3)) -eq 0 ]; then
		chown www-data "$s/releases/1"
		want=$((want + 1))
	fi
done
printf '<Directory %s/usr/share/phpmyadmin>\n\tOptions SymLinksIfOwnerMatch\n</Directory>\n' \
    "$D" >> "$D/etc/apache2/apache2.conf"
memo_agrees deploy 500
st=$(PF_RULES_MEMO=verify lint_tree "$D" | grep 'rules-memo\]')
shapes=$(sed -n 's/.* vhosts, \([0-9]*\) shapes, .*/\1/p' <<<"$st")
full=$(sed -n 's/.* shapes, \([0-9]*\) simulated in full.*/\1/p' <<<"$st")
[ -n "$full" ] && [ "$full" = "$shapes" ] ||
    { echo "FAIL deploy: more vhosts simulated in full than shapes: $st"; fail=1; }
! grep -q 'docroot-link-refused' <<<"$on" ||
    { echo "FAIL deploy: a followed link refused"; fail=1; }
sed -i "s|<Directory $D/usr/share/phpmyadmin>|<Directory $D/srv/www>|" \
    "$D/etc/apache2/apache2.conf"
memo_agrees deploy-strict 0
got=$(grep -c 'docroot-link-refused' <<<"$on")
[ "$got" -eq "$want" ] ||
    { echo "FAIL deploy-strict: docroot-link-refused for $got vhosts, not $want"; fail=1; }

total=0
cases=0
for d in "$PF_TESTDATA"/rules/*/{fire,safe}/*/; do
	[ -f "$d/httpd.conf" ] || continue
	grep -qi '<VirtualHost' "$d/httpd.conf" || continue
	id=$(basename "$(dirname "$(dirname "$d")")")
	w="$T/c/$id.$(basename "$(dirname "$d")").$(basename "$d")"
	mkdir -p "$w"
	cp -r "$d/." "$w/"
	for f in "$w"/*; do
		[ -f "$f" ] && sed -i "s|@DIR@|$w|g" "$f"
	done
	if [ -f "$w/setup" ]; then
		(cd "$w" && bash ./setup >/dev/null 2>&1) || continue
	fi
	if [ -f "$w/fpm.conf" ]; then
		roots=$("$PY" "$PF_SRC/tests/rules/memo_stamp.py" 3 "$w/httpd.conf" "$w/fpm.conf")
	else
		roots=$("$PY" "$PF_SRC/tests/rules/memo_stamp.py" 3 "$w/httpd.conf")
	fi
	while read -r old new; do
		[ -n "$old" ] && [ -e "$old" ] && [ ! -e "$new" ] && cp -a "$old" "$new"
	done <<<"$roots"
	a=(--httpd "$w/httpd.conf")
	[ -f "$w/fpm.conf" ] && a+=(--fpm "$w/fpm.conf")
	[ -f "$w/php.ini" ] && a+=(--php-ini "$w/php.ini")
	[ -f "$w/host.ini" ] && a+=(--host "$w/host.ini")
	if [ -f "$w/args" ]; then
		read -r -a extra < "$w/args"
		a+=("${extra[@]}")
	fi
	out=$(cd "$w" && PF_RULES_MEMO=verify "$PROXYFPM" lint --no-config \
	    --format compact "${a[@]}" 2>&1)
	rc=$?
	cases=$((cases + 1))
	if [ $rc -ne 0 ] && [ $rc -ne 1 ] && [ $rc -ne 3 ]; then
		echo "FAIL $w: exit $rc"
		echo "$out" | tail -5 | sed 's/^/    /'
		fail=1
		continue
	fi
	# Exit 3: stamping made the input invalid (two pools on one
	# listen address, say); the memo must still agree.
	if grep -q 'rules-memo-mismatch' <<<"$out" ||
	    ! grep -q '; 0 differed' <<<"$out"; then
		echo "FAIL $w: the memo answered differently"
		grep 'rules-memo' <<<"$out" | sed 's/^/    /'
		fail=1
	fi
	h=$(sed -n 's/.*; \([0-9]*\) answers from the memo.*/\1/p' <<<"$out")
	total=$((total + ${h:-0}))
done
echo "stamped rule cases: $cases, answers from the memo: $total"
if [ "$cases" -lt 100 ] || [ "$total" -lt 1000 ]; then
	echo "FAIL: too few stamped cases or memo answers to mean anything"
	fail=1
fi
exit $fail
