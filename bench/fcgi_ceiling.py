#!/usr/bin/python3
"""fcgi_ceiling.py - how close to the static-file ceiling can any FastCGI
backend get behind the Apache setup 'proxyfpm compile' writes, on this
machine?  Issue 8 asks for a trivial PHP script at 0.42 of the static
ceiling; this measures the bound the Apache side sets, with a backend
that does no work at all.

Run it through bench/fcgi_ceiling.sh.  Two copies of the generated setup
(bench/stock_vs_generated.py's setup_generated: the same apache2.conf
defaults, modules, vhost, <Proxy> worker and MPM snippet) run at once on
127.0.0.1, pinned to one CPU, wrk on another:

  php     the generated pool in php-fpm8.2: <?php echo "ok";
  zero    the same Apache config, its socket served by a minimal libfcgi
          responder (bench/runtime_okfcgi.c: drains FCGI_STDIN, answers
          "ok"), as many processes as the pool has workers

Each round runs static (a 2-byte file of the same vhost: the ceiling)
and the FastCGI request on both, at 16 and 64 connections, in an order
that rotates each round.  The table gives the medians of req/s, the
median of the per-round ratios to the static file of the same Apache
(min-max), and the servers' CPU time per request.  When the zero-cost
backend's ratio is below a target, no backend (PHP included) reaches
that target through this Apache on this machine.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stock_vs_generated as svg  # noqa: E402

KINDS = ["php", "zero"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--proxyfpm", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--duration", type=int, default=3)
    ap.add_argument("--conns", default="16,64")
    ap.add_argument("--host", default="auto")
    ap.add_argument("--server-cpu", default="0")
    ap.add_argument("--client-cpu", default="1")
    a = ap.parse_args()
    concs = [int(x) for x in a.conns.split(",")]
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    lua = os.path.join(src, "bench", "stock_vs_generated.lua")
    T = tempfile.mkdtemp(prefix="pf-fcgiceil.")
    os.chmod(T, 0o755)
    servers = svg.Servers(a.server_cpu)

    def on_term(sig, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    try:
        ok = T + "/okfcgi"
        p = subprocess.run(["gcc", "-O2", "-o", ok, os.path.join(
            src, "bench", "runtime_okfcgi.c"), "-lfcgi"],
            capture_output=True, text=True)
        if p.returncode != 0:
            svg.die("cannot build the libfcgi responder (libfcgi-dev?):\n" +
                    p.stderr)
        setups = {}
        for k in KINDS:
            setups[k] = svg.setup_generated(T, svg.free_port(), a.proxyfpm,
                                            a.host, sub=k)
        for k, s in setups.items():
            p = subprocess.run(["apache2", "-t", "-f", s["httpd"]],
                               capture_output=True, text=True)
            if p.returncode != 0:
                svg.die("%s httpd.conf: %s" % (k, p.stderr))
        pool = open(setups["zero"]["files"][1]).read()
        m = re.search(r"^pm\.max_children = (\d+)", pool, re.M)
        nproc = int(m.group(1)) if m else 16
        servers.start("php-fpm", [svg.FPM, "-F", "-y", setups["php"]["fpm"]],
                      os.path.dirname(setups["php"]["fpm"]) + "/stdout.log")
        servers.start("okfcgi", [ok, setups["zero"]["sock"], str(nproc)],
                      T + "/okfcgi.log")
        for k, s in setups.items():
            servers.start(k + " apache2", ["apache2", "-f", s["httpd"],
                                           "-DFOREGROUND"],
                          os.path.dirname(s["httpd"]) + "/stdout.log")
        svg.wait_ready(setups, servers)
        print("# generated setup (compile --host %s --mpm), twice: php-fpm "
              "and a zero-cost libfcgi responder (%d processes) behind it"
              % (a.host, nproc))
        for line in open(setups["php"]["files"][0]):
            if "ProxySet" in line:
                print("#   " + line.strip())
        print("# %d rounds x %d s per run, conns %s, servers on CPU %s, wrk "
              "on CPU %s; load %s" % (a.rounds, a.duration, a.conns,
                                      a.server_cpu, a.client_cpu,
                                      open("/proc/loadavg").read().strip()))
        sys.stdout.flush()
        for k, s in setups.items():
            for path in ("/ok.txt", "/ok.php"):
                svg.one_run(s, "w", path, 16, 1, a.client_cpu, lua, T)
        sids = {p.pid for _, p in servers.procs}
        runs = [(k, w) for k in KINDS for w in ("static", "fcgi")]
        res = {}
        for r in range(a.rounds):
            for c in concs:
                order = runs[r % len(runs):] + runs[:r % len(runs)]
                for k, w in order:
                    x = svg.one_run(setups[k], w, "/ok.txt" if w == "static"
                                    else "/ok.php", c, a.duration,
                                    a.client_cpu, lua, T, sids)
                    res[(k, w, c, r)] = x
                    sys.stderr.write("round %d c%-2d %-4s %-6s %8.0f req/s "
                                     "err %d load %.1f\n" % (
                                         r + 1, c, k, w, x["rps"],
                                         x["errors"], x["load"]))
        print()
        print("| backend | conns | static req/s | FastCGI req/s | x static "
              "(paired) [min-max] | CPU us/req static / FastCGI | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for c in concs:
            for k in KINDS:
                st = [res[(k, "static", c, r)] for r in range(a.rounds)]
                fc = [res[(k, "fcgi", c, r)] for r in range(a.rounds)]
                ratio = [f["rps"] / s["rps"] for s, f in zip(st, fc)]
                lo, hi = svg.rng(ratio)
                print("| %s | %d | %s | %s | %.3f [%.3f-%.3f] | %.0f / %.0f "
                      "| %d |" % (
                          "php-fpm, <?php echo \"ok\";" if k == "php" else
                          "zero-cost libfcgi responder", c,
                          svg.fmt_rps(svg.med([x["rps"] for x in st])),
                          svg.fmt_rps(svg.med([x["rps"] for x in fc])),
                          svg.med(ratio), lo, hi,
                          svg.med([x["cpu_us"] for x in st]),
                          svg.med([x["cpu_us"] for x in fc]),
                          sum(x["errors"] for x in st + fc)))
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("fcgi_ceiling: interrupted\n")
        return 130
    finally:
        servers.stop()
        shutil.rmtree(T, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
