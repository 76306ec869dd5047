#!/usr/bin/python3
"""startup_oracle.py - what PHP itself does at startup with a php.ini,
against the php.ini reader: php.ini files that make PHP refuse to start
(a removed directive set on, zlib.output_compression with an
output_handler) must give lint an error, files PHP starts with must not;
values PHP's INI handlers refuse (memory_limit below 2 MiB, session
limits, a date.timezone the system tzdata lacks) must leave the built-in value in pf_php_effective (ini-probe) and
a phpini-value-refused warning, exactly where PHP warns.

Found by tests/phpini/ini_corpus.py on real-world files (php.ini-development
of PHP 5.3 .. 7.4 sets track_errors = On: PHP 8 refuses to start).

usage: startup_oracle.py PROXYFPM INI_PROBE
exit: 0 all agree, 1 a disagreement, 77 php8.2 missing
"""
import json, os, re, shutil, subprocess, sys, tempfile, time

proxyfpm, probe = sys.argv[1], sys.argv[2]
PHP = shutil.which('php8.2') or '/usr/bin/php8.2'
if not os.path.exists(PHP):
    if os.environ.get('CI') == 'true':
        print('FAIL: php8.2 is required in CI'); sys.exit(1)
    print('SKIP: php8.2 missing'); sys.exit(77)

# (name, php.ini text, conf.d files {name: text})
START = [
    ('track_errors on', 'track_errors = On\n', {}),
    ('track_errors off', 'track_errors = Off\n', {}),
    ('track_errors quoted On is 0', 'track_errors = "On"\n', {}),
    ('magic_quotes_gpc 1', '[PHP]\nmagic_quotes_gpc = 1\n', {}),
    ('safe_mode 2abc', 'safe_mode = 2abc\n', {}),
    ('register_globals -1', 'register_globals = -1\n', {}),
    ('register_globals yes', 'register_globals = yes\n', {}),
    ('5.x production block off', 'register_globals = Off\nmagic_quotes_gpc = Off\nsafe_mode = Off\n'
     'allow_call_time_pass_reference = Off\nasp_tags = Off\nregister_long_arrays = Off\n', {}),
    ('register_globals in [PATH=]', '[PATH=/srv/www]\nregister_globals = On\n', {}),
    ('register_globals on in conf.d', 'memory_limit = 64M\n', {'20-old.ini': 'register_globals = On\n'}),
    ('on in php.ini, off in conf.d', 'register_globals = On\n', {'99-fix.ini': 'register_globals = Off\n'}),
    ('zend.ze1_compatibility_mode', 'zend.ze1_compatibility_mode = On\n', {}),
    ('y2k_compliance is only unknown', 'y2k_compliance = On\nallow_url_include = On\n', {}),
    ('zlib on + output_handler', 'output_handler = ob_gzhandler\nzlib.output_compression = On\n', {}),
    ('zlib 4096 + output_handler', 'zlib.output_compression = 4096\noutput_handler = mb_output_handler\n', {}),
    ('zlib "off" + output_handler', 'output_handler = ob_gzhandler\nzlib.output_compression = "off"\n', {}),
    ('zlib on, no output_handler', 'output_handler =\nzlib.output_compression = On\n', {}),
    ('zlib 0 + output_handler', 'output_handler = ob_gzhandler\nzlib.output_compression = 0\n', {}),
]
# (setting, value as written): compared with ini_get() and PHP's warning
REFUSE = [('memory_limit', v) for v in
          ['10240', '1M', '0', '""', '2M', '2097151', '2097152', '0x100000', '0x200000', '"128MB"',
           '"2M junk"', '0010', '010M', '-1', '2047K', '2048K', '"1 k"', '" 64M"', '1.5G', '"5e6"',
           'abc', '1G']] + \
    [('session.sid_length', v) for v in ['10', '22', '"26"', '256', '257', '"30x"']] + \
    [('session.sid_bits_per_character', v) for v in ['3', '4', '6', '7']] + \
    [('session.cookie_lifetime', v) for v in ['0', '-1', '3600', '"-5"']] + \
    [('date.timezone', v) for v in ['Europe/Berlin', '"europe/berlin"', 'Mars/Base', 'UTC', 'Europe', 'EST',
                                    '"GMT+1"', '"Etc/GMT+1"', '"Europe/Berlin "', '', '"Europe//Berlin"',
                                    '"./UTC"', '"Etc/../UTC"', '"Europe/Berlin/"', 'America/Argentina/Buenos_Aires',
                                    'Asia/Calcutta']]
# (name, php.ini text after an extension_dir line, conf.d files): PHP's
# startup warnings for extension lines ("Unable to load dynamic library",
# "Failed loading", "is already loaded") against lint's phpini-extension
EXTDIR = '/usr/lib/php/20220829'
EXT = [
    ('missing', 'extension=nosuchext\n', {}),
    ('present', 'extension=ctype\n', {}),
    ('present with .so', 'extension=ctype.so\n', {}),
    ('quoted', 'extension="ctype"\n', {}),
    ('twice, name and file', 'extension=ctype\nextension=ctype.so\n', {}),
    ('twice, php.ini and conf.d', 'extension=ctype\n', {'20-ctype.ini': 'extension=ctype\n'}),
    ('twice, name and path', 'extension=ctype\nextension=%s/ctype.so\n' % EXTDIR, {}),
    ('missing zend', 'zend_extension=nosuchzend\n', {}),
    ('present zend', 'zend_extension=opcache\n', {}),
    ('missing absolute', 'extension=%s/nope.so\n' % EXTDIR, {}),
    ('present absolute', 'extension=%s/ctype.so\n' % EXTDIR, {}),
    ('missing absolute zend', 'zend_extension=/nope/x.so\n', {}),
    ('key case', 'EXTENSION=nosuchext\nExtension=ctype\n', {}),
    ('in a [PATH=] section', '[PATH=/srv/www]\nextension=nosuchext\n', {}),
    ('array form', 'extension[]=nosuchext\n', {}),
    ('built into PHP 8', 'extension=json\n', {}),
    ('Windows name', 'extension=php_mysqli.dll\n', {}),
    ('dir with a slash', 'extension=ctype\n', {}),
    ('conf.d missing', '', {'30-gone.ini': 'extension=gone\n'}),
]
EXT_WARN = re.compile(r'Unable to load dynamic library|Failed loading|is already loaded')
# (name, php.ini lines after extension_dir, pool lines): a pool's
# php_value[extension] / php_admin_value[extension] against what php-fpm's
# workers say when they start (catch_workers_output); DIR2 is a second
# extension directory holding only other.so
FPM = shutil.which('php-fpm8.2') or '/usr/sbin/php-fpm8.2'
POOL_EXT = [
    ('missing, admin', '', ['php_admin_value[extension] = nosuchext']),
    ('missing, php_value', '', ['php_value[extension] = nosuchext']),
    ('present', '', ['php_admin_value[extension] = ctype']),
    ('present with .so', '', ['php_value[extension] = ctype.so']),
    ('php.ini loads it too', 'extension=ctype\n', ['php_admin_value[extension] = ctype']),
    ('twice in the pool', '', ['php_value[extension] = ctype', 'php_admin_value[extension] = ctype.so']),
    ('two missing, both kinds', '', ['php_admin_value[extension] = aaa', 'php_value[extension] = bbb',
                                     'php_admin_value[extension] = ccc']),
    ('extension_dir after it in the file', '', ['php_admin_value[extension] = ctype',
                                                 'php_admin_value[extension_dir] = DIR2']),
    ('extension_dir before it in the file', '', ['php_admin_value[extension_dir] = DIR2',
                                                  'php_admin_value[extension] = ctype']),
    ('php_value extension_dir, admin extension', '', ['php_value[extension_dir] = DIR2',
                                                      'php_admin_value[extension] = ctype']),
    ('absolute path', '', ['php_admin_value[extension] = %s/ctype.so' % EXTDIR]),
    ('absolute path missing', '', ['php_admin_value[extension] = /nope/x.so']),
    ('other settings only', '', ['php_admin_value[memory_limit] = 64M']),
]


def php(d, ini):
    env = dict(os.environ, PHP_INI_SCAN_DIR=os.path.join(d, 'conf.d'), LC_ALL='C')
    p = subprocess.run([PHP, '-c', ini, '-d', 'display_startup_errors=1', '-d', 'log_errors=0', '-r',
                        'echo "\\n@@", json_encode(ini_get_all(null, false));'],
                       env=env, capture_output=True, timeout=30)
    out = p.stdout.decode('utf-8', 'replace') + p.stderr.decode('utf-8', 'replace')
    head, _, js = out.partition('\n@@')
    # stderr (a zend_extension's 'Failed loading') may follow the JSON
    return head + (js[json.JSONDecoder().raw_decode(js)[1]:] if js else ''), \
        (json.JSONDecoder().raw_decode(js)[0] if js else None)


def lint(d, ini):
    p = subprocess.run([proxyfpm, 'lint', '--no-config', '--php-ini', ini, '--php-ini-scan-dir',
                        os.path.join(d, 'conf.d'), '--format', 'json', '--fail-on', 'none'],
                       capture_output=True, timeout=30)
    return p.returncode, json.loads(p.stdout.decode('utf-8', 'replace'))['findings']


def setup(T, i, text, confd):
    # the path names the PHP asked (8.2), as Debian's does: the reader
    # takes the version from it (track_errors is refused from PHP 8.0)
    d = os.path.join(T, 'c%02d' % i, 'etc', 'php', '8.2', 'fpm')
    os.makedirs(os.path.join(d, 'conf.d'))
    with open(os.path.join(d, 'php.ini'), 'w') as f:
        f.write(text)
    for n, t in confd.items():
        with open(os.path.join(d, 'conf.d', n), 'w') as f:
            f.write(t)
    return d, os.path.join(d, 'php.ini')


T = tempfile.mkdtemp(prefix='pf-startup-oracle-')
passed = failed = 0
try:
    for i, (name, text, confd) in enumerate(START):
        d, ini = setup(T, i, text, confd)
        out, vals = php(d, ini)
        refuses = vals is None and 'Fatal error' in out
        rc, fs = lint(d, ini)
        errs = [f for f in fs if f['severity'] == 'error']
        ok = bool(errs) == refuses and rc == (3 if refuses else 0)
        if ok:
            passed += 1
        else:
            failed += 1
            print('FAIL %s: PHP %s; lint exit %d %s' % (name, 'refuses to start' if refuses else 'starts',
                                                        rc, [f['id'] for f in errs]))
    for i, (key, v) in enumerate(REFUSE):
        d, ini = setup(T, 100 + i, '%s = %s\n' % (key, v), {})
        out, vals = php(d, ini)
        shown = vals[key]
        warned = re.search(r'Failed to set memory limit|session\.configuration "%s"|CookieLifetime|'
                           r'Invalid date\.timezone' % re.escape(key), out) is not None
        mine = subprocess.run([probe, ini, '-', key], capture_output=True).stdout.decode().split('\t', 1)[1].strip('\n')
        rc, fs = lint(d, ini)
        refused = any(f['id'] == 'phpini-value-refused' for f in fs)
        if mine == shown and refused == warned:
            passed += 1
        else:
            failed += 1
            print('FAIL %s = %s: PHP %r%s; proxyfpm %r%s' % (key, v, shown, ' (warns)' if warned else '',
                                                            mine, ' (phpini-value-refused)' if refused else ''))
    for i, (name, text, confd) in enumerate(EXT):
        head = 'extension_dir = %s%s\n' % (EXTDIR, '/' if name == 'dir with a slash' else '')
        d, ini = setup(T, 200 + i, head + text, confd)
        out, vals = php(d, ini)
        want = len(EXT_WARN.findall(out))
        rc, fs = lint(d, ini)
        got = len([f for f in fs if f['id'] == 'phpini-extension'])
        if vals is not None and got == want:
            passed += 1
        else:
            failed += 1
            print('FAIL extension %s: PHP warns %d times%s, lint %d' % (
                name, want, '' if vals is not None else ' (did not start)', got))
    if not os.path.exists(FPM) and os.environ.get('CI') == 'true':
        failed += 1
        print('FAIL: php-fpm8.2 is required in CI')
    dir2 = os.path.join(T, 'extdir2')
    os.makedirs(dir2)
    open(os.path.join(dir2, 'other.so'), 'w').close()
    for i, (name, text, pool) in enumerate(POOL_EXT if os.path.exists(FPM) else []):
        # log_errors: the workers' warnings reach their stderr (as with
        # every distribution's php.ini; not PHP's built-in default)
        d, ini = setup(T, 300 + i, 'extension_dir = %s\nlog_errors = On\n' % EXTDIR + text, {})
        log, conf = os.path.join(d, 'fpm.log'), os.path.join(d, 'php-fpm.conf')
        with open(conf, 'w') as f:
            f.write('[global]\nerror_log = %s\ndaemonize = no\npid = %s/fpm.pid\n[p]\nlisten = %s/p.sock\n'
                    'pm = static\npm.max_children = 1\ncatch_workers_output = yes\n%s%s\n' % (
                        log, d, d, 'user = nobody\n' if os.geteuid() == 0 else '',
                        '\n'.join(pool).replace('DIR2', dir2)))
        env = dict(os.environ, PHP_INI_SCAN_DIR=os.path.join(d, 'conf.d'), LC_ALL='C')
        proc = subprocess.Popen([FPM, '-y', conf, '-c', ini] + (['-R'] if os.geteuid() == 0 else []),
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = ''
        try:
            for _ in range(50):     # the master is ready, then its worker speaks
                time.sleep(0.1)
                text = open(log).read() if os.path.exists(log) else ''
                if 'ready to handle connections' in text:
                    time.sleep(0.5)
                    text = open(log).read()
                    break
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        want = len(EXT_WARN.findall(text))
        p = subprocess.run([proxyfpm, 'lint', '--no-config', '--fpm', conf, '--php-ini', ini, '--php-ini-scan-dir',
                            os.path.join(d, 'conf.d'), '--format', 'json', '--fail-on', 'none'],
                           capture_output=True, timeout=30)
        fs = json.loads(p.stdout.decode('utf-8', 'replace'))['findings']
        got = len([f for f in fs if f['id'] == 'phpini-extension'])
        if 'ready to handle connections' in text and got == want:
            passed += 1
        else:
            failed += 1
            print('FAIL pool extension %s: php-fpm workers warn %d times%s, lint %d' % (
                name, want, '' if 'ready' in text else ' (did not start)', got))
    # the layout's built-in extension_dir, below --root: Debian's
    # /usr/lib/php/API beside /etc/php/X.Y; nothing said without it
    for libs, want in ((True, 1), (False, 0)):
        r = os.path.join(T, 'root%d' % libs)
        d = os.path.join(r, 'etc', 'php', '8.2', 'fpm')
        os.makedirs(os.path.join(d, 'conf.d'))
        with open(os.path.join(d, 'php.ini'), 'w') as f:
            f.write('extension=ctype\nextension=gone\n')
        if libs:
            os.makedirs(os.path.join(r, 'usr', 'lib', 'php', '20220829'))
            open(os.path.join(r, 'usr', 'lib', 'php', '20220829', 'ctype.so'), 'w').close()
        p = subprocess.run([proxyfpm, 'lint', '--no-config', '--root', r, '--php-ini', '/etc/php/8.2/fpm/php.ini',
                            '--format', 'json', '--fail-on', 'none'], capture_output=True, timeout=30)
        fs = json.loads(p.stdout.decode('utf-8', 'replace'))['findings']
        got = [f['message'].split(':')[0] for f in fs if f['id'] == 'phpini-extension']
        if len(got) == want and (not want or got[0] == 'extension = gone'):
            passed += 1
        else:
            failed += 1
            print('FAIL --root tree %s extension directory: want %d phpini-extension, got %s' % (
                'with its' if libs else 'without an', want, got))
    # a php.ini whose path names PHP 7.x: track_errors is only deprecated
    # there (lint-only: no PHP 7 here to ask)
    d = os.path.join(T, 'etc', 'php', '7.4', 'fpm')
    os.makedirs(os.path.join(d, 'conf.d'))
    with open(os.path.join(d, 'php.ini'), 'w') as f:
        f.write('track_errors = On\nregister_globals = On\n')
    rc, fs = lint(d, os.path.join(d, 'php.ini'))
    ids = [(f['id'], f['message'].split(' ')[0]) for f in fs if f['severity'] == 'error']
    if ids == [('phpini-removed-directive', 'register_globals')]:
        passed += 1
    else:
        failed += 1
        print('FAIL /etc/php/7.4/fpm/php.ini: want only register_globals refused, got %s' % ids)
    # no version in the path (the php images' /usr/local/etc/php): PHP 7
    # may read it, so track_errors is a warning there, register_globals
    # (refused since 5.4) still an error
    d = os.path.join(T, 'usr', 'local', 'etc', 'php')
    os.makedirs(os.path.join(d, 'conf.d'))
    with open(os.path.join(d, 'php.ini'), 'w') as f:
        f.write('track_errors = On\n')
    rc, fs = lint(d, os.path.join(d, 'php.ini'))
    sev = [(f['id'], f['severity']) for f in fs if f['id'].startswith('phpini-')]
    if rc == 0 and sev == [('phpini-removed-directive', 'warning')]:
        passed += 1
    else:
        failed += 1
        print('FAIL /usr/local/etc/php/php.ini: want a warning for track_errors, got exit %d %s' % (rc, sev))
finally:
    shutil.rmtree(T)
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
