#!/bin/bash
# selftest.sh - how long 'proxyfpm selftest' takes from start to verdict on
# this machine (issue 7: under one second), beside its anchor, a cold
# 'apache2 -v' (the cost of starting the binary at all), in interleaved
# rounds.  Prints median [min-max] of the wall time of the whole command
# (start to exit: sandbox, servers, probes, teardown, removal) and of the
# verdict (the moment the last probe is answered, from -v).
#
#   bench/selftest.sh [PROXYFPM] [SITE.ini]      ROUNDS=20
set -u
PROXYFPM=${1:-build/proxyfpm}
SITE=${2:-examples/shop.ini}
ROUNDS=${ROUNDS:-20}
PY=/usr/bin/python3
export PATH="$PATH:/usr/sbin:/sbin"
command -v apache2 >/dev/null || { echo "apache2 is not installed"; exit 1; }
fpm=()
command -v php-fpm8.2 >/dev/null && fpm=(--fpm)

"$PY" - "$PROXYFPM" "$SITE" "$ROUNDS" "${fpm[@]}" <<'PY'
import re, statistics, subprocess, sys, time
proxyfpm, site, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = {
    "apache2 -v (anchor)": ["apache2", "-v"],
    "selftest (runtime)": [proxyfpm, "selftest", "-q", "-v", site],
}
if len(sys.argv) > 4:
    runs["selftest --fpm (php-fpm8.2)"] = [proxyfpm, "selftest", "-q", "-v",
                                           "--fpm", site]
wall = {k: [] for k in runs}
verdict = {k: [] for k in runs}
for _ in range(rounds):
    for name, cmd in runs.items():
        t = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, text=True)
        wall[name].append((time.monotonic() - t) * 1000)
        if p.returncode != 0 and name != "apache2 -v (anchor)":
            sys.exit("%s: exit %d\n%s" % (name, p.returncode, p.stderr))
        m = re.search(r"([0-9.]+) ms [0-9]+ probes answered", p.stderr)
        if m:
            verdict[name].append(float(m.group(1)))
def f(v):
    return "%.0f ms [%.0f-%.0f]" % (statistics.median(v), min(v), max(v)) \
        if v else "-"
print("| command | whole run | verdict |")
print("|---|---:|---:|")
for name in runs:
    print("| %s | %s | %s |" % (name, f(wall[name]), f(verdict[name])))
print("%d interleaved rounds, %s" % (rounds, open("/proc/loadavg").read()
      .split()[0] + " load average at the end"))
PY
