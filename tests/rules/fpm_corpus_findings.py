#!/usr/bin/python3
"""fpm_corpus_findings.py - the rules' findings on the php-fpm corpus, for
a person to judge (a development tool, not a ctest test).

usage: fpm_corpus_findings.py PROXYFPM KEPT-DIR [--min-severity SEV]

KEPT-DIR is what tests/fpm/fpm_corpus.py --keep DIR left: one tree per
corpus file (tNNNN/php-fpm.conf with the file as main file, or including
it from pool.d/).  Each tree is linted with --fpm alone (no Apache
configuration: the rules about pools themselves) and -p the tree; the
findings at SEV (default medium) or above are grouped by rule with the
tree, file and line.  Findings in the stock [www] pool the corpus tool
adds before a fragment (pool.d/00-www.conf) are left out.

Paths of the corpus moved into the tree stay below its location: keep
the trees outside /tmp when judging rules that look at path names.
"""
import argparse, collections, json, os, subprocess, sys

sys.dont_write_bytecode = True
SEVS = ('critical', 'high', 'medium', 'low', 'info')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('proxyfpm')
    ap.add_argument('kept')
    ap.add_argument('--min-severity', default='medium', choices=SEVS)
    a = ap.parse_args()
    # (lint runs inside each tree: a relative KEPT-DIR would not be found
    # there, and every tree was skipped as refused)
    a.kept = os.path.abspath(a.kept)
    want = SEVS[:SEVS.index(a.min_severity) + 1]
    by = collections.defaultdict(list)
    for t in sorted(os.listdir(a.kept)):
        T = os.path.join(a.kept, t)
        main_conf = os.path.join(T, 'php-fpm.conf')
        if not os.path.exists(main_conf):
            continue
        p = subprocess.run([os.path.abspath(a.proxyfpm), 'lint', '--no-config', '--fpm',
                            main_conf, '-p', T, '--fail-on', 'none', '--format', 'json'],
                           cwd=T, capture_output=True, timeout=60)
        if p.returncode == 3:
            continue            # refused: fpm_corpus.py compares those
        try:
            doc = json.loads(p.stdout.decode('utf-8', 'replace'))
        except ValueError:
            print('no JSON from lint on %s' % t)
            continue
        for f in doc.get('findings', []):
            if f.get('kind') == 'diagnostic' or f.get('severity') not in want:
                continue
            loc = f.get('location') or {}
            path = loc.get('path') or ''
            if path.endswith('00-www.conf'):
                continue
            by[f['id']].append((f['severity'], t, '%s:%s' % (path.replace(T + '/', ''),
                                                              loc.get('line')), f['message']))
    for rid, fs in sorted(by.items(), key=lambda kv: -len(kv[1])):
        c = collections.Counter(s for s, *_ in fs)
        print('== %s: %d (%s)' % (rid, len(fs), ', '.join('%s %d' % kv for kv in c.items())))
        for s, t, at, m in fs:
            print('  %s %s %s\n      %s' % (s, t, at, m[:300]))
    print('fpm corpus findings: ' + ', '.join('%s %d' % (r, len(v)) for r, v in sorted(by.items())))
    return 0


if __name__ == '__main__':
    sys.exit(main())
