#!/bin/bash
# cases.sh - every rule has a doc and test data, every "fire" case makes
# the rule report and every "safe" look-alike does not.
#
# Layout: testdata/rules/<rule-id>/{fire,safe}/<case>/ with any of
#   httpd.conf fpm.conf php.ini host.ini  - the inputs (@DIR@ is replaced by
#                                           the case's private copy)
#   args      - extra lint arguments, one line (@DIR@ replaced too)
#   setup     - a shell script run in the copy first (makes dirs, modes)
#   severity  - fire cases: the severity the finding must have
#   message   - fire cases: an extended regex one finding's line matches
# The case is linted as `proxyfpm lint --no-config --format compact`; the
# exit code must be 0 or 1 (never a usage, input or internal error).
# Usage: cases.sh [RULE-ID...]  (default: every rule)
set -u
. "$PF_SRC/tests/lib/need.sh"
pf_tmpdir
fail=0
pass=0

ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then
	mapfile -t ids < <("$PROXYFPM" rules | awk '{print $1}')
fi
[ ${#ids[@]} -gt 0 ] || { echo "FAIL: no rules listed"; exit 1; }

run_case() {	# rule kind dir
	local id=$1 kind=$2 src=$3 w out rc a
	w="$T/$id.$kind.$(basename "$src")"
	rm -rf "$w"; mkdir -p "$w"
	cp -r "$src/." "$w/"
	for f in "$w"/*; do
		[ -f "$f" ] && sed -i "s|@DIR@|$w|g" "$f"
	done
	if [ -f "$w/setup" ]; then
		(cd "$w" && bash ./setup) || { echo "FAIL $id/$kind/$(basename "$src"): setup"; return 1; }
	fi
	a=()
	[ -f "$w/httpd.conf" ] && a+=(--httpd "$w/httpd.conf")
	[ -f "$w/fpm.conf" ] && a+=(--fpm "$w/fpm.conf")
	[ -f "$w/php.ini" ] && a+=(--php-ini "$w/php.ini")
	[ -f "$w/host.ini" ] && a+=(--host "$w/host.ini")
	if [ -f "$w/args" ]; then
		read -r -a extra < "$w/args"
		a+=("${extra[@]}")
	fi
	out=$(cd "$w" && "$PROXYFPM" lint --no-config --format compact "${a[@]}" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "FAIL $id/$kind/$(basename "$src"): exit $rc"
		echo "$out" | sed 's/^/    /'
		return 1
	fi
	if [ "$kind" = fire ]; then
		if ! grep -q "\[$id\]\$" <<<"$out"; then
			echo "FAIL $id/fire/$(basename "$src"): rule did not fire"
			echo "$out" | sed 's/^/    /'
			return 1
		fi
		if [ -f "$w/severity" ]; then
			sev=$(tr -d ' \n' < "$w/severity")
			if ! grep -q ": $sev: .*\[$id\]\$" <<<"$out"; then
				echo "FAIL $id/fire/$(basename "$src"): not at $sev"
				grep "\[$id\]\$" <<<"$out" | sed 's/^/    /'
				return 1
			fi
		fi
		if [ -f "$w/message" ] &&
		    ! grep "\[$id\]\$" <<<"$out" | grep -Eq -f "$w/message"; then
			echo "FAIL $id/fire/$(basename "$src"): no finding says /$(cat "$w/message")/"
			grep "\[$id\]\$" <<<"$out" | sed 's/^/    /'
			return 1
		fi
	else
		if grep -q "\[$id\]\$" <<<"$out"; then
			echo "FAIL $id/safe/$(basename "$src"): rule fired on a safe look-alike"
			grep "\[$id\]\$" <<<"$out" | sed 's/^/    /'
			return 1
		fi
	fi
	return 0
}

for id in "${ids[@]}"; do
	d="$PF_TESTDATA/rules/$id"
	if [ ! -s "$PF_SRC/docs/rules/$id.md" ]; then
		echo "FAIL $id: no docs/rules/$id.md"; fail=$((fail + 1)); continue
	fi
	if ! "$PROXYFPM" explain "$id" | grep -q '^## Fix'; then
		echo "FAIL $id: 'proxyfpm explain' has no embedded doc"; fail=$((fail + 1))
	fi
	for kind in fire safe; do
		n=0
		for c in "$d/$kind"/*/; do
			[ -d "$c" ] || continue
			n=$((n + 1))
			if run_case "$id" "$kind" "${c%/}"; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
			fi
		done
		if [ $n -eq 0 ]; then
			echo "FAIL $id: no testdata/rules/$id/$kind/ case"
			fail=$((fail + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
