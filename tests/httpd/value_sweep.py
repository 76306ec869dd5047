#!/usr/bin/python3
"""value_sweep.py - every directive of every module apache2 ships, with a
garbage value, against apache2 -t: the verdicts that differ (run by hand;
not a ctest: the known differences are listed in the README).

usage: value_sweep.py PROBE [VALUE...]     (default value: x)

All module files are loaded (mpm_event first, then the others in name
order); each directive of parsers/httpd_directives_gen.c is written once
at the top of the configuration and once in a <Directory>, with each
VALUE; a line prints when apache2 -t and the reader (httpd-probe) do not
agree on accepting it, with apache2's last message.
"""
import os, re, subprocess, sys, tempfile

APACHE = "/usr/sbin/apache2"
MODS = "/usr/lib/apache2/modules"


def main():
    probe = sys.argv[1]
    vals = sys.argv[2:] or ["x"]
    src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "../../parsers/httpd_directives_gen.c")).read()
    names = sorted(set(m.group(1) for m in re.finditer(
        r'\{ "[a-z0-9_]+", "([A-Za-z0-9_]+)", \d+,', src)))
    tmp = tempfile.mkdtemp(prefix="pf-sweep.")
    files = sorted(f for f in os.listdir(MODS) if f.startswith("mod_") and
                   f.endswith(".so") and not f.startswith("mod_mpm_"))
    head = ("ServerRoot %s\nServerName m.test\nErrorLog /dev/null\n"
            "PidFile %s/pid\nDefaultRuntimeDir %s\n"
            "LoadModule mpm_event_module %s/mod_mpm_event.so\n"
            % (tmp, tmp, tmp, MODS))
    head += "".join("LoadModule %s_module %s/%s\n" % (f[4:-3], MODS, f)
                    for f in files)
    conf = os.path.join(tmp, "h.conf")
    differ = 0
    for d in names:
        for v in vals:
            for where in ("top", "dir"):
                line = "%s %s" % (d, v)
                body = line if where == "top" else \
                    "<Directory /x>\n%s\n</Directory>" % line
                with open(conf, "w") as f:
                    f.write(head + body + "\n")
                a = subprocess.run([APACHE, "-d", tmp, "-f", conf, "-t"],
                                   capture_output=True, text=True)
                p = subprocess.run([probe, "--no-htaccess", "-d", tmp, conf],
                                   capture_output=True, text=True)
                if (a.returncode == 0) != (p.returncode == 0):
                    differ += 1
                    msg = [l for l in (a.stdout + a.stderr).splitlines()
                           if "AH00558" not in l]
                    print("%-34s %s apache2 %d %s | reader %d" % (
                        line[:34], where, a.returncode,
                        msg[-1][:100] if msg else "", p.returncode))
    print("%d directives, %d verdicts differ" % (len(names), differ))


if __name__ == "__main__":
    main()
