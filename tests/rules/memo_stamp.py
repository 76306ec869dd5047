#!/usr/bin/python3
"""memo_stamp.py - stamp the vhosts of an httpd case the way hosting trees do.

usage: memo_stamp.py COPIES HTTPD_CONF [FPM_CONF]

Rewrites the files in place: every top-level <VirtualHost> block is followed
by COPIES copies in which its DocumentRoot and the unix sockets it routes to
get a suffix (-c1, -c2, ...), and every FPM pool that listens on such a
socket gets a copy listening on the renamed one.  Prints one "OLD NEW" line
per renamed DocumentRoot, so the caller can copy directories that exist.
Blocks without a DocumentRoot are left alone.
"""
import re
import sys


def blocks(lines):
    """Yields (start, end) line indexes of top-level <VirtualHost> blocks."""
    depth, start = 0, None
    for i, line in enumerate(lines):
        s = line.strip().lower()
        if s.startswith("<virtualhost"):
            if depth == 0:
                start = i
            depth += 1
        elif s.startswith("</virtualhost"):
            depth -= 1
            if depth == 0 and start is not None:
                yield start, i
                start = None


def main():
    copies = int(sys.argv[1])
    httpd = sys.argv[2]
    fpm = sys.argv[3] if len(sys.argv) > 3 else None
    lines = open(httpd).read().split("\n")
    out, last, socks, roots = [], 0, {}, []
    for start, end in blocks(lines):
        block = lines[start:end + 1]
        text = "\n".join(block)
        m = re.search(r'(?im)^\s*DocumentRoot\s+"?([^"\s]+)"?', text)
        out.extend(lines[last:end + 1])
        last = end + 1
        if m is None:
            continue
        root = m.group(1).rstrip("/")
        found = sorted(set(re.findall(r'unix:([^|"\s]+)\|', text)),
                       key=len, reverse=True)
        for n in range(1, copies + 1):
            suffix = "-c%d" % n
            t = text
            for s in found:
                t = t.replace(s, s + suffix)
            t = t.replace(root, root + suffix)
            t = re.sub(r'(?im)^(\s*ServerName\s+)', r'\1c%d.' % n, t)
            out.extend(t.split("\n"))
            roots.append((root, root + suffix))
            for s in found:
                if s + suffix not in socks.setdefault(s, []):
                    socks[s].append(s + suffix)
    out.extend(lines[last:])
    open(httpd, "w").write("\n".join(out))
    if fpm is not None and socks:
        flines = open(fpm).read().split("\n")
        sections, cur = [], None
        for line in flines:
            if re.match(r'^\s*\[', line):
                cur = [line]
                sections.append(cur)
            elif cur is not None:
                cur.append(line)
        head = flines[:len(flines) - sum(len(s) for s in sections)]
        res = list(head)
        for sec in sections:
            res.extend(sec)
            name = sec[0].strip()[1:-1]
            listen = None
            for line in sec[1:]:
                m = re.match(r'^\s*listen\s*=\s*(\S+)', line)
                if m:
                    listen = m.group(1)
            if name.lower() == "global" or listen not in socks:
                continue
            for n, new in enumerate(socks[listen], 1):
                res.append("[%s_c%d]" % (name, n))
                for line in sec[1:]:
                    if re.match(r'^\s*listen\s*=', line):
                        line = line.replace(listen, new)
                    res.append(line)
        open(fpm, "w").write("\n".join(res))
    for old, new in roots:
        print(old, new)


main()
