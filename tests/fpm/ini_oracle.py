#!/usr/bin/python3
"""ini_oracle.py - effective php.ini values against the real PHP-FPM SAPI:
for this machine's /etc/php/8.2/fpm/php.ini + conf.d and for generated
php.ini files with a scan directory (syntax variants, later files
overriding earlier ones, [PATH=] sections, constants, ${VAR}, quoting),
`php-fpm8.2 -c FILE -i` (PHP_INI_SCAN_DIR set) must show the value that
pf_php_effective() computes, for every setting the build knows.

usage: ini_oracle.py INI_PROBE
exit: 0 all agree, 1 mismatches, 77 php-fpm8.2 missing
"""
import os, random, re, shutil, subprocess, sys, tempfile

probe = sys.argv[1]
fpm = shutil.which('php-fpm8.2') or '/usr/sbin/php-fpm8.2'
if not os.path.exists(fpm):
    if os.environ.get('CI') == 'true':
        print('FAIL: php-fpm8.2 is required in CI'); sys.exit(1)
    print('SKIP: php-fpm8.2 missing'); sys.exit(77)
env = dict(os.environ, PFI_SET='from-env', LC_ALL='C')
env.pop('PFI_UNSET', None)

def phpinfo(ini, scan):
    e = dict(env, PHP_INI_SCAN_DIR=scan or '')
    out = subprocess.run([fpm, '-c', ini, '-i'], env=e, capture_output=True).stdout.decode('utf-8', 'replace')
    vals = {}
    for line in out.splitlines():
        m = re.match(r'^([A-Za-z0-9_.]+) => (.*) => (.*)$', line)
        if m:
            vals[m.group(1)] = m.group(3)   # master value
    return vals

ON = {'1', 'on', 'yes', 'true'}
OFF = {'', '0', 'off', 'no', 'none', 'false'}

def same(mine, shown):
    if shown == 'no value':
        return mine == ''
    if shown in ('On', 'Off') and mine.lower() in ON | OFF:
        return (shown == 'On') == (mine.lower() in ON)
    return mine == shown

def compare(name, ini, scan):
    shown = phpinfo(ini, scan)
    # highlight.* are shown as HTML, not as their values
    keys = sorted(k for k in shown if ('.' in k or k.islower()) and not k.startswith('highlight.'))
    out = subprocess.run([probe, ini, scan or '-'] + keys, env=env, capture_output=True).stdout.decode('utf-8', 'replace')
    mine = dict(l.split('\t', 1) for l in out.splitlines() if '\t' in l)
    bad = []
    for k in keys:
        m = mine.get(k, '(null)')
        if m == '(null)':
            continue    # a setting of an extension php.ini loads: not ours
        # unset, PHP 8 reports E_ALL; phpinfo shows the INI value's NULL
        if k == 'error_reporting' and shown[k] == 'no value' and m == '32767':
            continue
        # phpinfo shows display_errors=stderr/stdout as On
        if k == 'display_errors' and m.lower() in ('stderr', 'stdout') and shown[k] == 'On':
            continue
        if not same(m, shown[k]):
            bad.append((k, m, shown[k]))
    for k, m, s in bad[:10]:
        print('MISMATCH %s: %s: proxyfpm %r, php-fpm -i %r' % (name, k, m, s))
    return len(keys), len(bad)

T = tempfile.mkdtemp(prefix='pf-ini-oracle-')
try:
    total = bad = cases = 0
    if os.path.exists('/etc/php/8.2/fpm/php.ini'):
        n, b = compare('system', '/etc/php/8.2/fpm/php.ini', '/etc/php/8.2/fpm/conf.d')
        total += n; bad += b; cases += 1
    r = random.Random(3)
    SET = [('memory_limit', ['64M', '"256M"', "'1G'", '-1']), ('expose_php', ['On', 'off', '"1"', 'no', 'None']),
           ('display_errors', ['stderr', 'On', 'Off', '"0"']), ('error_reporting', ['E_ALL', 'E_ALL & ~E_NOTICE', '(E_ALL|1)', '~E_DEPRECATED', '32767']),
           ('cgi.fix_pathinfo', ['0', '1', 'off']), ('upload_tmp_dir', ['/tmp', '"/var/tmp x"', '${PFI_SET}', '"${PFI_UNSET}"']),
           ('open_basedir', ['/srv:/tmp', '"/srv;/x"']), ('disable_functions', ['exec,system', '"exec, system"']),
           ('max_execution_time', ['30', '0', '120']), ('user_ini.filename', ['', '".htuser.ini"']),
           ('allow_url_include', ['On', 'Off']), ('session.save_path', ['"3;/var/lib/php/s"', '/tmp'])]
    for i in range(40):
        d = os.path.join(T, 'c%02d' % i)
        os.makedirs(os.path.join(d, 'conf.d'))
        lines = []
        for k, vs in r.sample(SET, r.randint(2, len(SET))):
            lines.append('%s = %s' % (k, r.choice(vs)))
            if r.random() < 0.2:
                lines.append('; a comment\n# a hash line')
            if r.random() < 0.15:
                lines.append('[PATH=/srv/x]\n%s = %s\n[PHP]' % (k, r.choice(vs)))
            if r.random() < 0.1:
                lines.append('[Session]')
        with open(os.path.join(d, 'php.ini'), 'w') as f:
            f.write('[PHP]\n' + '\n'.join(lines) + '\n')
        for j in range(r.randint(0, 3)):
            k, vs = r.choice(SET)
            with open(os.path.join(d, 'conf.d', '%02d-x.ini' % (j * 10)), 'w') as f:
                f.write('%s = %s\n' % (k, r.choice(vs)))
        n, b = compare('generated %d' % i, os.path.join(d, 'php.ini'), os.path.join(d, 'conf.d'))
        total += n; bad += b; cases += 1
    print('php.ini oracle: %d configurations, %d settings compared, %d mismatches' % (cases, total, bad))
    print('%d passed, %d failed' % (total - bad, bad))
    sys.exit(1 if bad else 0)
finally:
    shutil.rmtree(T)
