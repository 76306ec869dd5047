#!/usr/bin/python3
"""ini_corpus.py - real-world php.ini, conf.d *.ini and .user.ini files as
an oracle for the php.ini reader: the real PHP 8.2 against proxyfpm's
reader (the ini-probe test binary) and `proxyfpm lint --php-ini`, file by
file.

usage: ini_corpus.py BUILD_DIR CORPUS... [--sources LIST] [--json FILE]
                     [--keep DIR] [--verbose] [--only SUBSTR] [--rules]

A development tool, not a ctest test: the corpus (distro php.ini-production
/-development of PHP 5.3 .. 8.4, Docker images' ini, Ansible/Chef
templates, panel templates, etckeeper trees) is others' content and stays
outside the repository (/work/phpini-corpus, see its README).  BUILD_DIR
holds proxyfpm and ini-probe.  Identical files are read once.

Each file gets a private temp dir T and becomes T/php.ini:
  * templates are instantiated as tests/fpm/fpm_corpus.py does (Jinja2,
    ERB, Go, Mustache, %name% panel placeholders; first branches); a file
    with template syntax left is skipped and counted;
  * ${VAR} is PHP's own syntax: each variable gets a plausible value in
    the environment both tools see;
  * PHP runs as `php8.2 -c T/php.ini` with PHP_INI_SCAN_DIR empty (no
    conf.d: -n would skip the -c file too), and error_log and
    opcache.preload forced with -d (so a file's paths are never written
    or run; those two keys are not compared).

Compared for every file:
  verdict   PHP's "PHP:  syntax error, unexpected ... on line N" against
            lint's phpini-syntax error (same line); PHP refusing to start
            (a "no longer available" directive set on: E_CORE_ERROR)
            against a lint error;
  values    every INI setting ini_get_all() reports (the CLI SAPI's six
            hard-coded settings excepted) against ini-probe's value
            (pf_php_effective without a pool); the FPM SAPI's cgi.* and
            fastcgi.* values from `php-fpm8.2 -c T/php.ini -i`;
  warnings  PHP startup warnings (an extension it cannot load, a value a
            setting refuses) are listed per kind, not failed.

With --rules, lint's findings of the php rules for each file are written
to the --json output for review (tests/phpini/README-style tallies).

Exit 1 if any verdict or value differs, 77 if php8.2 is missing.
"""
import argparse, hashlib, json, os, re, shutil, subprocess, sys, tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fpm'))
import fpm_corpus  # noqa: E402
from fpm_corpus import instantiate  # noqa: E402

PHP = shutil.which('php8.2') or '/usr/bin/php8.2'
FPM = shutil.which('php-fpm8.2') or '/usr/sbin/php-fpm8.2'
MARK = '@@PF-INI-JSON@@'
# sapi/cli/php_cli.c HARDCODED_INI: parsed after php.ini, so the CLI
# shows these whatever the file says; compared through php-fpm -i instead
CLI_FORCED = {'html_errors', 'register_argc_argv', 'implicit_flush', 'output_buffering',
              'max_execution_time', 'max_input_time'}
FORCED = {'error_log', 'opcache.preload'}   # -d below
ON = {'1', 'on', 'yes', 'true'}
OFF = {'', '0', 'off', 'no', 'none', 'false'}


def plausible(key):
    """A value for ${VAR} in a php.ini line setting KEY."""
    k = key.lower()
    if 'memory' in k or 'size' in k:
        return '128M'
    if 'timezone' in k:
        return 'UTC'
    if 'path' in k or 'dir' in k or k.endswith('file'):
        return '/tmp'
    if k.startswith(('display_', 'log_', 'expose', 'short_', 'allow_', 'opcache.enable',
                     'opcache.validate')):
        return 'Off'
    if 'host' in k:
        return 'localhost'
    return '1'


def template_value(key, name='corpus'):
    """fpm_corpus.plausible for a php.ini template: a value a deployment
    would give KEY (instantiate() asks it for "key = {{ var }}")."""
    k = key.strip().strip('"\'').lower()
    table = {'memory_limit': '256M', 'date.timezone': 'UTC', 'upload_max_filesize': '64M',
             'post_max_size': '64M', 'max_execution_time': '60', 'max_input_time': '60',
             'max_input_vars': '3000', 'error_reporting': 'E_ALL & ~E_DEPRECATED',
             'opcache.memory_consumption': '128', 'opcache.max_accelerated_files': '10000',
             'opcache.interned_strings_buffer': '16', 'opcache.revalidate_freq': '2',
             'session.save_handler': 'files', 'session.sid_length': '32',
             'session.gc_maxlifetime': '1440', 'realpath_cache_size': '4096K',
             'realpath_cache_ttl': '600', 'default_socket_timeout': '60',
             'xdebug.mode': 'debug', 'xdebug.client_port': '9003', 'xdebug.remote_port': '9000'}
    if k in table:
        return table[k]
    if k.startswith('['):
        return name
    return plausible(k)


fpm_corpus.plausible = template_value


def prepare(idx, text, base):
    T = os.path.join(base, 'i%04d' % idx)
    # the file stands where Debian's PHP 8.2 keeps it: lint takes the PHP
    # version (track_errors refused from 8.0) from the path, as for a tree
    os.makedirs(os.path.join(T, 'etc', 'php', '8.2', 'fpm'))
    inst, kind = instantiate(text, 'corpus%d' % idx)
    if inst is None:
        return None, kind
    env = dict(os.environ, LC_ALL='C', PHP_INI_SCAN_DIR='')
    for m in re.finditer(r'^\s*([^=;\n]+?)\s*=.*?\$\{([^}\n]*)\}', inst, re.M):
        env.setdefault(m.group(2), plausible(m.group(1)))
    for var in re.findall(r'\$\{([^}\n]*)\}', inst):
        env.setdefault(var, '1')
    path = os.path.join(T, 'etc', 'php', '8.2', 'fpm', 'php.ini')
    with open(path, 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write(inst)
    return (T, path, env, kind), None


SYNTAX_RE = re.compile(r'PHP:\s+syntax error, (.*?) in (\S+) on line (\d+)')
FATAL_RE = re.compile(r"(?:PHP )?Fatal error:\s+(.*?)(?: in Unknown on line 0)?$", re.M)
# a startup failure that comes from this machine, not from the file: a
# browscap file or an extension of the server's tree that is not here
ENV_FATAL = ('Unable to start standard module', 'Unable to start')
WARN_RE = re.compile(r'^(?:PHP )?(Warning|Deprecated|Notice|Fatal error):\s+(.*?)(?: in Unknown on line 0)?$', re.M)


def php_run(T, path, env):
    args = [PHP, '-c', path, '-d', 'error_log=%s/php_errors.log' % T, '-d', 'opcache.preload=',
            '-r', 'echo "\\n%s", json_encode(ini_get_all(null, false), JSON_INVALID_UTF8_SUBSTITUTE);' % MARK]
    try:
        p = subprocess.run(args, cwd=T, env=env, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return {'status': 'timeout'}
    out = p.stdout.decode('utf-8', 'surrogateescape')
    err = p.stderr.decode('utf-8', 'surrogateescape')
    head, _, js = out.partition(MARK)
    r = {'status': p.returncode, 'values': None, 'syntax': None, 'fatal': None, 'warnings': []}
    if js:
        try:
            r['values'] = json.loads(js)
        except ValueError:
            pass
    text = err + '\n' + head
    try:    # log_errors with display_startup_errors off: only the log says
        with open(os.path.join(T, 'php_errors.log'), encoding='utf-8', errors='replace') as f:
            text += '\n' + re.sub(r'(?m)^\[[^]]*\] ', '', f.read())
    except OSError:
        pass
    m = SYNTAX_RE.search(text)
    if m:
        r['syntax'] = (m.group(1), int(m.group(3)))
    m = FATAL_RE.search(text)
    if m:
        r['fatal'] = m.group(1)
    for m in WARN_RE.finditer(text):
        r['warnings'].append('%s: %s' % (m.group(1), m.group(2)))
    return r


def fpm_info(path, env):
    """php-fpm -i's master values (the FPM SAPI's own settings)."""
    try:
        p = subprocess.run([FPM, '-c', path, '-d', 'error_log=/dev/null', '-d', 'opcache.preload=', '-i'],
                           env=env, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return {}
    vals = {}
    for line in p.stdout.decode('utf-8', 'replace').splitlines():
        m = re.match(r'^([A-Za-z0-9_.]+) => (.*) => (.*)$', line)
        if m:
            vals[m.group(1)] = m.group(3)
    return vals


def shown_same(mine, shown):
    """ini_oracle.py's comparison of a value with phpinfo's rendering."""
    if shown == 'no value':
        return mine == ''
    if shown in ('On', 'Off') and mine.lower() in ON | OFF:
        return (shown == 'On') == (mine.lower() in ON)
    return mine == shown


def probe(build, path, env, keys):
    p = subprocess.run([os.path.join(build, 'tests', 'ini-probe'), path, '-'] + keys, env=env,
                       capture_output=True, timeout=60)
    out = p.stdout.decode('utf-8', 'surrogateescape')
    vals = dict(l.split('\t', 1) for l in out.splitlines() if '\t' in l)
    return p.returncode, vals


# --rules: the php.ini judged behind one vhost and one pool that set
# nothing PHP-wise themselves (testdata/rules/*/fire/on's shape)
HTTPD = """ServerRoot @T@
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
PidFile @T@/httpd.pid
ErrorLog @T@/error.log
Listen 80
<VirtualHost *:80>
    ServerName site.example
    DocumentRoot @T@/www
    <FilesMatch ".+\\.php$">
        <If "-f %{REQUEST_FILENAME}">
            SetHandler "proxy:unix:@T@/site.sock|fcgi://localhost"
        </If>
    </FilesMatch>
</VirtualHost>
"""
POOL = """[global]
pid = @T@/fpm.pid
error_log = @T@/fpm.log
[site]
user = www-data
group = www-data
listen = @T@/site.sock
listen.owner = www-data
listen.group = www-data
listen.mode = 0660
pm = static
pm.max_children = 8
pm.max_requests = 500
"""
RULES = False
REVIEW = ('expose_php', 'display_errors', 'allow_url_include', 'allow_url_fopen', 'open_basedir',
          'upload_tmp_dir', 'file_uploads', 'user_ini.filename', 'memory_limit', 'disable_functions',
          'session.save_path', 'session.cookie_secure', 'session.use_strict_mode', 'log_errors',
          'error_reporting', 'auto_prepend_file', 'enable_dl')


def lint(build, T, path, env):
    extra = []
    if RULES:
        os.makedirs(os.path.join(T, 'www'), exist_ok=True)
        os.makedirs(os.path.join(T, 'no-conf.d'), exist_ok=True)
        for n, t in (('httpd.conf', HTTPD), ('fpm.conf', POOL)):
            with open(os.path.join(T, n), 'w') as f:
                f.write(t.replace('@T@', T))
        extra = ['--httpd', os.path.join(T, 'httpd.conf'), '--fpm', os.path.join(T, 'fpm.conf'),
                 '--php-ini-scan-dir', os.path.join(T, 'no-conf.d')]
    p = subprocess.run([os.path.join(build, 'proxyfpm'), 'lint', '--no-config', '--php-ini', path,
                        '--format', 'json', '--fail-on', 'none'] + extra, cwd=T, env=env,
                       capture_output=True, timeout=60)
    try:
        rep = json.loads(p.stdout.decode('utf-8', 'surrogateescape'))
    except ValueError:
        rep = {'findings': []}
    err = p.stderr.decode('utf-8', 'replace')
    return p.returncode, rep.get('findings', []), err


def compare(build, idx, name, text, base, want_rules):
    prep, why = prepare(idx, text, base)
    res = {'file': name, 'problems': [], 'warnings': [], 'findings': []}
    if prep is None:
        res['skipped'] = why
        return res
    T, path, env, kind = prep
    res['template'] = kind
    php = php_run(T, path, env)
    if php['status'] == 'timeout' or (php['values'] is None and not php['fatal']):
        res['problems'].append('php8.2 gave no values (exit %s)' % php['status'])
        return res
    res['warnings'] = php['warnings']
    rc, findings, err = lint(build, T, path, env)
    if rc not in (0, 1, 3):
        res['problems'].append('lint exit %d: %s' % (rc, err.strip()[-300:]))
    if 'Sanitizer' in err or 'runtime error' in err:
        res['problems'].append('sanitizer: ' + err.strip()[-300:])
    errs = [f for f in findings if f.get('severity') == 'error']
    syn = [f for f in findings if f['id'] == 'phpini-syntax']
    res['verdict'] = 'syntax' if php['syntax'] else 'fatal' if php['fatal'] else 'ok'
    if php['syntax']:
        line = php['syntax'][1]
        if not any(f['location'] and f['location'].get('line') == line for f in syn):
            got = ', '.join('line %s' % (f['location'] or {}).get('line') for f in syn) or 'none'
            res['problems'].append('verdict: PHP: syntax error, %s on line %d; lint: phpini-syntax %s'
                                   % (php['syntax'][0], line, got))
    elif syn:
        res['problems'].append('verdict: PHP accepts; lint: phpini-syntax line %s: %s'
                               % ((syn[0]['location'] or {}).get('line'), syn[0]['message']))
    if php['fatal'] and php['fatal'].startswith(ENV_FATAL):
        res['verdict'] = 'fatal (this machine: %s)' % php['fatal'][:40]
    elif php['fatal']:
        d = php['fatal'].split("'")[1] if "'" in php['fatal'] else 'output_handler'
        if not any(d in f['message'] for f in errs):
            res['problems'].append('verdict: PHP refuses to start (%s); lint: %s'
                                   % (php['fatal'], ', '.join(f['id'] for f in errs) or 'no error'))
    res['findings'] = [{'id': f['id'], 'severity': f['severity'], 'line': (f['location'] or {}).get('line'),
                        'message': f['message']} for f in findings] if want_rules else []
    vals = php['values'] or {}
    keys = sorted(k for k in vals if k not in CLI_FORCED and k not in FORCED)
    fpmv = fpm_info(path, env)
    fkeys = sorted(k for k in fpmv if k.startswith(('cgi.', 'fastcgi.')) or k in CLI_FORCED)
    prc, mine = probe(build, path, env, keys + fkeys)
    if prc != 0:
        res['problems'].append('ini-probe exit %d' % prc)
    n = 0
    for k in keys:
        m = mine.get(k, '(null)')
        if m == '(null)':
            continue        # an extension's setting the build does not know
        n += 1
        v = vals[k]
        if v is None:       # error_reporting unset: the engine uses E_ALL
            v = '32767' if k == 'error_reporting' else ''
        if m != v:
            res['problems'].append('value %s: proxyfpm %r, PHP %r' % (k, m, v))
    for k in fkeys:
        m = mine.get(k, '(null)')
        if m == '(null)':
            continue
        n += 1
        if k == 'display_errors' and m.lower() in ('stderr', 'stdout'):
            continue
        if not shown_same(m, fpmv[k]):
            res['problems'].append('value %s (fpm -i): proxyfpm %r, php-fpm %r' % (k, m, fpmv[k]))
    res['compared'] = n
    if want_rules:      # what PHP runs with, to review the findings by
        res['php'] = {k: vals.get(k) for k in REVIEW if k in vals}
        res['php'].update({k: fpmv[k] for k in fkeys if k.startswith('cgi.')})
    return res


def php_bool(v):
    """zend_ini_parse_bool."""
    if v is None:
        return False
    if v.lower() in ('true', 'yes', 'on'):
        return True
    m = re.match(r'\s*[-+]?\d+', v)
    return bool(m and int(m.group(0)) != 0)


def display_on(v):
    """php_get_display_errors_mode, a zend_uchar."""
    if v is None:
        return True
    if v.lower() in ('on', 'yes', 'true', 'stdout', 'stderr'):
        return True
    m = re.match(r'\s*[-+]?\d+', v)
    return bool(m and int(m.group(0)) % 256 != 0)


# what each php rule must do, from the values PHP itself runs with (the
# harness's pool and vhost set nothing PHP-wise): rule id -> predicate
EXPECT = {
    'expose-php': lambda P: php_bool(P.get('expose_php')),
    'display-errors-on': lambda P: display_on(P.get('display_errors')),
    'allow-url-include': lambda P: php_bool(P.get('allow_url_include')),
    'open-basedir-missing': lambda P: not P.get('open_basedir') or
    any(e and not e.strip('/') for e in P['open_basedir'].split(':')),
    # SetHandler route: fix_pathinfo=0 makes FPM run PATH_TRANSLATED
    'pathinfo-exposure': lambda P: P.get('cgi.fix_pathinfo') in ('0', 'Off'),
}


def review(done):
    """Each php rule's findings against PHP's values: (fired, agree, disagreements)."""
    out = {}
    for rid, want in EXPECT.items():
        fired = agree = 0
        bad = []
        for r in done:
            P = r.get('php')
            if not P or r.get('verdict', '').startswith('fatal'):
                continue    # PHP does not start: no value to judge by
            got = rid in {f['id'] for f in r['findings']}
            fired += got
            if got == want(P):
                agree += 1
            else:
                bad.append('%s (%s)' % (r['file'], 'fired' if got else 'missed'))
        out[rid] = (fired, agree, bad)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('build')
    ap.add_argument('corpus', nargs='+')
    ap.add_argument('--sources')
    ap.add_argument('--json')
    ap.add_argument('--keep')
    ap.add_argument('--only')
    ap.add_argument('--verbose', action='store_true')
    ap.add_argument('--rules', action='store_true')
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    global RULES
    RULES = a.rules
    if not os.path.exists(PHP):
        print('SKIP: php8.2 missing')
        sys.exit(77)
    files = []
    for c in a.corpus:
        if os.path.isdir(c):
            for d, _, fs in os.walk(c):
                files += [os.path.join(d, f) for f in sorted(fs)]
        else:
            files.append(c)
    files.sort()
    if a.only:
        files = [f for f in files if a.only in f]
    seen = set()
    base = a.keep or tempfile.mkdtemp(prefix='pf-ini-corpus-')
    os.makedirs(base, exist_ok=True)
    results = []
    try:
        for i, f in enumerate(files):
            with open(f, 'rb') as fh:
                raw = fh.read()
            h = hashlib.sha1(raw).hexdigest()
            if h in seen:
                continue
            seen.add(h)
            r = compare(a.build, i, os.path.basename(f), raw.decode('utf-8', 'surrogateescape'), base, a.rules)
            results.append(r)
            if r['problems'] or a.verbose:
                print('== %s%s' % (r['file'], ' (%s)' % r['template'] if r.get('template') else ''))
                for p in r['problems'][:12]:
                    print('   ' + p)
                if len(r['problems']) > 12:
                    print('   ... %d more' % (len(r['problems']) - 12))
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)
    done = [r for r in results if 'skipped' not in r]
    bad = [r for r in done if r['problems']]
    verdicts = {}
    for r in done:
        verdicts[r.get('verdict', '?')] = verdicts.get(r.get('verdict', '?'), 0) + 1
    warn = {}
    for r in done:
        for w in set(re.sub(r"'[^']*'|\"[^\"]*\"|\d+", 'X', w)[:90] for w in r['warnings']):
            warn[w] = warn.get(w, 0) + 1
    print('\nphp.ini corpus: %d files (%d skipped: template syntax left), %d compared: %s'
          % (len(results), len(results) - len(done), len(done),
             ', '.join('%s %d' % kv for kv in sorted(verdicts.items()))))
    print('settings compared: %d; files that disagree: %d'
          % (sum(r.get('compared', 0) for r in done), len(bad)))
    if a.verbose:
        print('PHP startup messages (files):')
        for w, c in sorted(warn.items(), key=lambda kv: -kv[1])[:25]:
            print('  %4d  %s' % (c, w))
    if a.rules:
        tally = {}
        for r in done:
            for f in r['findings']:
                tally[f['id']] = tally.get(f['id'], 0) + 1
        print('findings (files):', ', '.join('%s %d' % kv for kv in sorted(tally.items(), key=lambda kv: -kv[1])))
        for rid, (fired, agree, bad) in review(done).items():
            print('  %-22s fired on %3d files; agrees with PHP\'s values on %d%s'
                  % (rid, fired, agree, '' if not bad else '; differs: ' + ', '.join(bad[:8])))
    if a.json:
        with open(a.json, 'w') as fh:
            json.dump(results, fh, indent=1)
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
