#!/bin/sh
# setup.sh - set up proxyfpm on Debian 12 (run as root).
#
#   scripts/setup.sh          install what is missing, build into build/,
#                             compile the bundled example (examples/)
#   scripts/setup.sh --test   the same, plus the test-only packages; runs
#                             the whole test suite, then again under
#                             ASan+UBSan (build-asan/); benchmarks excluded
#   --werror                  build with -Werror (what .ci/run uses)
set -eu

cd "$(dirname "$0")/.."
TEST=0
WERROR=OFF
for a in "$@"; do
	case "$a" in
	--test) TEST=1 ;;
	--werror) WERROR=ON ;;
	*) echo "usage: scripts/setup.sh [--test] [--werror]" >&2; exit 2 ;;
	esac
done

# Build and run-time packages; apache2 and php8.2-fpm are the oracles the
# tests run and the servers selftest starts.
PKGS="gcc make cmake pkg-config libpcre2-dev libinih-dev libxml2-dev
libcjson-dev apache2 php8.2-fpm"
# Test-only: fuzz harnesses (clang), report validation (jsonschema,
# chromium for the HTML report), helpers the test scripts call, and the
# Apache manual (apache2-doc), whose examples are an oracle.
TEST_PKGS="clang python3 python3-jsonschema chromium curl iproute2 procps
libfcgi-bin wrk apache2-doc strace liblua5.1-0 libyajl2"
# Test-only, downloaded but not installed (their postinst would enable them
# in this machine's /etc/apache2): third-party modules the reader's tests
# load from a private copy (tests/httpd/third_party.sh); liblua5.1-0 and
# libyajl2 above are mod_security2's libraries.
TEST_DEBS="libapache2-mod-security2 libapache2-mod-php8.2"

missing=""
want="$PKGS"
[ "$TEST" = 1 ] && want="$PKGS $TEST_PKGS"
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi

if [ "$TEST" = 1 ]; then
	mkdir -p build/testdebs
	for p in $TEST_DEBS; do
		ls build/testdebs/"$p"_*.deb >/dev/null 2>&1 && continue
		echo "== downloading $p (not installed) into build/testdebs"
		(cd build/testdebs &&
		    { apt-get download -qq -o APT::Sandbox::User=root "$p" ||
		    { apt-get update -qq &&
		    apt-get download -qq -o APT::Sandbox::User=root "$p"; }; })
	done
fi

JOBS=$(nproc 2>/dev/null || echo 2)

echo "== building into build/"
cmake -S . -B build -DPF_WERROR="$WERROR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$JOBS"

echo "== compiling the bundled example"
rm -rf build/example
./build/proxyfpm compile examples/shop.ini -o build/example
find build/example -type f | sort

if [ "$TEST" = 0 ]; then
	echo "== done: build/proxyfpm"
	exit 0
fi

echo "== test suite"
(cd build && ctest --output-on-failure -j "$JOBS" -LE bench)

echo "== test suite under ASan+UBSan (build-asan/)"
CC=clang cmake -S . -B build-asan -DPF_WERROR="$WERROR" -DPF_SANITIZE=ON \
	-DPF_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug
cmake --build build-asan -j "$JOBS"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j "$JOBS" -LE bench)
echo "== all tests passed"
