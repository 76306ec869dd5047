#!/usr/bin/python3
"""corpus_sim_diff.py - the request simulator against the real servers on
real-world vhost configurations (a development tool, not a ctest test: the
corpus is not committed).

usage: corpus_sim_diff.py BUILD-DIR FILE-OR-DIR... [--show] [--keep DIR]
                          [--only SUBSTRING] [--url URL]...
                          [--htaccess sethandler|addhandler]
                          [--htaccess-dir SUBDIR] [--app-conf FILE]

Each corpus file that routes PHP to FastCGI (SetHandler proxy:, ProxyPass
or ProxyPassMatch to fcgi://, a RewriteRule [P] or a balancer) becomes a
private runnable setup: its first vhost with such a route (or the whole
file, wrapped in one, when it has no vhost) on a free port of 127.0.0.1,
its DocumentRoot moved to a temporary tree with a small file set, every
FastCGI address (unix: socket or fcgi://host:port) pointed at a php-fpm8.2
pool in the tree, ${VARS} substituted, and the lines Apache refuses here
(SSL, logs, Include, mod_php, modules not installed...) dropped one by one
as apache2 -t names them.  Each probe URL goes to the real apache2 +
php-fpm8.2 (curl) and to build/sim-probe on the same files; the verdicts
(tests/rules/sim_oracle.sh's: exec:FILE, static, 404, fpm404...) must
agree.  Prints each disagreement and a summary; exits 1 if any.
Must run as root (php-fpm's master); the servers' children as www-data.

With --htaccess ROUTE each corpus file is a real-world .htaccess instead
(WordPress's, Drupal's, a security plugin's, a hosting panel's handler
block ...): it becomes the DocumentRoot's .htaccess of one fixed vhost
(AllowOverride All, Options FollowSymLinks) that routes PHP to the pool
by a <FilesMatch "\.php$"> SetHandler (sethandler) or by an AddHandler in
the DocumentRoot's <Directory> (addhandler, which an .htaccess AddHandler
for .php replaces), and the same URLs are asked.  A file Apache refuses
is a 500 for every URL, on both sides.  --htaccess-dir uploads puts it in
that folder instead (an uploads folder's protection: "SetHandler none",
"php_flag engine off", a <Files> denial), so the URLs below it meet it.

With --app-conf FILE each corpus file is the Apache conf a packaged web
application ships (Debian's phpmyadmin, roundcube, dokuwiki ... in
conf-enabled), read in the main server after FILE, the conf that routes
PHP to FPM for the whole server (Debian's php8.2-fpm.conf: a
<FilesMatch> SetHandler "proxy:unix:...").  Its absolute paths under
/usr, /var, /etc, /srv, /opt and /home move into the tree; each folder an
Alias or ScriptAlias maps gets the file set; the URLs are asked below each
Alias (the application's PHP there: executed, a source, a 403?) beside a
plain vhost.

On 2026-11-29, --htaccess with 126 real-world .htaccess files (WordPress
and its security and cache plugins, Drupal, Joomla, Magento, Nextcloud,
Laravel, CakePHP, phpMyAdmin, panels' handler blocks ...; 3780 probes per
route) found six simulator errors (and one a first fix brought in), now
fixed and kept as the shapes of
testdata/rules/_htaccess_sim; the only disagreements left are rules on
the client's Host, Referer and X-Forwarded-Proto (so also with
--htaccess-dir uploads, both routes: 8 probes of 3780).  The vhost corpus of
the same day (76 files, 70 runnable) found three more (SetHandler's "$1",
a relative -f, an Alias file target's missing folder); left there:
template placeholders this tool does not fill ("<PHP_SOCKET>", "$php":
apache2's DNS lookup fails, 500, where the simulator says 503 or runs),
and %2f under Wikimedia's AllowEncodedSlashes On (sim-probe's raw
requests decode as with Off: a 404).

On 2026-11-29, --app-conf with Debian 12's php8.2-fpm.conf and the
Apache confs of 49 Debian packages (phpmyadmin, roundcube, dokuwiki,
zoneminder, mediawiki, cacti, icingaweb2, the apache2-doc examples ...;
38 with an Alias, 1710 probes below them) found one simulator error:
a type-map handler (httpd-multilang-errordoc.conf's ErrorDocuments) on a
missing file is a 404 (now sim_oracle.sh scenario handler-opens-file).

Disagreements left on the corpus (2026-11, 142 configs, 4260 probes):
rules on %{HTTP_HOST} / X-Forwarded-Proto (curl sends Host 127.0.0.1:PORT;
the simulator lets the client pick, by design), AuthType Basic (401: not
simulated), and a ProxyFCGIBackendType GENERIC vhost on which apache2
2.4.71 segfaults.  mod_autoindex is not loaded here: the simulator answers
404 for a directory without an index (Apache with mod_autoindex: 403, or
a listing with Options Indexes).
"""
import argparse, os, re, shutil, socket, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sim_random import real_verdict, stop_apache  # noqa: E402
MODS = '/usr/lib/apache2/modules'
MODULES = ('authz_core authz_host authz_user authn_core authn_file auth_basic '
           'access_compat mime alias rewrite proxy proxy_fcgi proxy_http '
           'proxy_balancer lbmethod_byrequests slotmem_shm setenvif env dir '
           'headers expires deflate filter negotiation actions '
           'remoteip status include unique_id').split()

ROUTE = re.compile(r'proxy:(unix|fcgi|balancer)|fcgi://|ProxyPassMatch|'
                   r'\[[^]]*\bP\b[^]]*\]|FcgidWrapper|proxy:', re.I)

URLS = ['/', '/index.php', '/sub/x.php', '/index.php/foo', '/nope.php',
        '/uploads/evil.jpg/x.php', '/uploads/x.php', '/x.txt',
        '/index.php/t/y.php', '/.dot/x.php', '/.dot/', '/sub/', '/foo/bar',
        '/sub/%2e%2e/index.php', '/%2e/index.php', '/sub%2fx.php',
        '/index.php%2ffoo', '/index.php.', '/sub/x.php..', '/index.php?x=1',
        '/nope.php?a=b', '/sub/x.php/', '/INDEX.PHP', '/sub/x.php%20',
        '/uploads/x.txt', '/index.php/uploads/x.php', '/x.txt/y.php',
        '/sub/x.php%3fa', '/index.php%00', '/sub//x.php']

UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'

FILES_PHP = ['index.php', 'sub/x.php', 'uploads/x.php', '.dot/x.php',
             't/y.php', 'public/index.php']
FILES_STATIC = ['uploads/evil.jpg', 'x.txt', 'uploads/x.txt']


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    p = s.getsockname()[1]
    s.close()
    return p


def blocks(text, tag):
    """(start, end) offsets of each top-level <tag ...>...</tag>."""
    out, depth, start = [], 0, 0
    for m in re.finditer(r'^[ \t]*<(/?)%s\b[^\n]*$' % tag, text, re.I | re.M):
        if m.group(1) == '':
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                out.append((start, m.end()))
    return out


def join_continuations(text):
    return re.sub(r'\\\n', ' ', text)


def split_vhost(text, vh, k):
    """(vh[k]'s body, text without any of the vhosts vh)."""
    b = text[vh[k][0]:vh[k][1]]
    body = b.split('\n', 1)[1] if '\n' in b else ''
    body = body[:body.rfind('<')] if '</' in body else body
    outside, last = '', 0
    for s2, e2 in vh:
        outside += text[last:s2]
        last = e2
    return body, outside + text[last:]


def pick(text):
    """(vhost body, outside text): the first vhost with a FastCGI route,
    or the whole file in one vhost."""
    vh = blocks(text, 'VirtualHost')
    for k, (s, e) in enumerate(vh):
        if ROUTE.search(text[s:e]):
            return split_vhost(text, vh, k)
    if vh:
        return None, None
    return text, ''


def subst_vars(t, docroot_default):
    def rep(m):
        n = m.group(1).upper()
        if re.search(r'PORT', n):
            return '9000'
        if re.search(r'ROOT|DIR|PATH|HOME|WEB|PUBLIC', n):
            return docroot_default
        if re.search(r'SOCK', n):
            return '/run/php/php-fpm.sock'
        if re.search(r'HOST|FPM|PHP|UPSTREAM|BACKEND|SERVICE|CONTAINER', n):
            return 'php'
        if re.search(r'NAME|DOMAIN|SITE|URL', n):
            return 'localhost'
        return 'x'
    return re.sub(r'\$\{([A-Za-z_][A-Za-z0-9_:-]*)\}', rep, t)


DROP = re.compile(r'^\s*(SSL\w*|CustomLog|ErrorLog|TransferLog|LogFormat|LogLevel|'
                  r'Include\w*|LoadModule|Listen|ServerRoot|PidFile|User|Group|'
                  r'Mutex|DefaultRuntimeDir|Passenger\w*|php_\w+|WSGI\w*|'
                  r'SuexecUserGroup|AssignUserID|Protocols|H2\w*|ServerName|'
                  r'ServerAlias|Use|MDomain|MD\w+|Fcgid\w*|FastCgi\w*|'
                  r'ScriptSock|CGIDScriptTimeout|LimitRequest\w*|'
                  r'ProxyPreserveHost|KeepAlive\w*|Timeout|ErrorLogFormat|'
                  r'TypesConfig|AddDefaultCharset|ServerTokens|ServerSignature|TraceEnable)\b',
                  re.I)


def rewrite(text, T, docroot, fpm_port):
    t = text
    # FastCGI addresses: every unix socket to the tree's, every bare
    # fcgi://host[:port] (not the name after a socket's '|') to the pool
    # on TCP.  Names used after '|' stay as they are everywhere.
    t = re.sub(r'unix:[^|"\s]+', 'unix:%s/php.sock' % T, t)
    after_bar = set(m.group(1).lower() for m in
                    re.finditer(r'\|fcgi://([A-Za-z0-9_.\-\[\]]+)', t))

    def fc(m):
        if m.group(1) == '|':
            return m.group(0)
        host = m.group(2)
        if host.lower() in after_bar and not m.group(3):
            return m.group(0)
        return '%sfcgi://127.0.0.1:%d' % (m.group(1), fpm_port)
    t = re.sub(r'(^|[^|])fcgi://([A-Za-z0-9_.\-\[\]]+|\$\d)(:\d+)?', fc, t,
               flags=re.M)
    # The DocumentRoot (and the paths below it) to the tree.
    if docroot:
        t = re.sub(re.escape(docroot) + r'(?=[/"\s$>]|$)', T + '/www', t,
                   flags=re.M)
    return t


def docroot_of(body):
    m = re.search(r'^\s*DocumentRoot\s+"?([^"\s]+)"?', body, re.I | re.M)
    if not m:
        return None
    d = m.group(1)
    return d.rstrip('/') if d != '/' else d


def head(T, port, fpm_port):
    h = ['ServerRoot %s' % T]
    for m in MODULES:
        h.append('LoadModule %s_module %s/mod_%s.so' % (m, MODS, m))
    h.append('LoadModule mpm_event_module %s/mod_mpm_event.so' % MODS)
    h += ['TypesConfig /etc/mime.types', 'ServerName localhost',
          'PidFile %s/httpd.pid' % T, 'ErrorLog %s/logs/error.log' % T,
          'LogLevel warn', 'Timeout 5', 'Mutex file:%s default' % T,
          'DefaultRuntimeDir %s' % T, 'User www-data', 'Group www-data',
          'DirectoryIndex index.php index.html',
          'Listen 127.0.0.1:%d' % port]
    return '\n'.join(h) + '\n'


def build_conf(T, port, fpm_port, body, outside):
    docroot = docroot_of(body)
    t_body = rewrite(body, T, docroot, fpm_port)
    t_out = rewrite(outside, T, docroot, fpm_port)
    conf = head(T, port, fpm_port)
    conf += '# --- outside the vhost\n' + t_out + '\n# --- end outside\n'
    conf += '<VirtualHost 127.0.0.1:%d>\n' % port
    if not docroot:
        conf += 'DocumentRoot %s/www\n' % T
    conf += t_body + '\n</VirtualHost>\n'
    return conf


def apache_fix(conf_path, hlines):
    """Drops the lines apache2 -t refuses (up to 25); True if it passes."""
    for _ in range(25):
        p = subprocess.run(['apache2', '-t', '-f', conf_path],
                           capture_output=True, text=True)
        if p.returncode == 0:
            return True, ''
        m = re.search(r'line (\d+) of %s' % re.escape(conf_path), p.stderr)
        if not m:
            return False, p.stderr.strip()
        n = int(m.group(1))
        lines = open(conf_path).read().split('\n')
        if n <= hlines or n > len(lines):
            return False, p.stderr.strip()
        bad = lines[n - 1]
        if re.match(r'\s*<\s*(?!/)', bad):
            # A section: drop it with its end.
            tag = re.match(r'\s*<\s*(\w+)', bad).group(1)
            depth, k = 0, n - 1
            while k < len(lines):
                if re.match(r'\s*<%s\b' % tag, lines[k], re.I):
                    depth += 1
                elif re.match(r'\s*</%s\b' % tag, lines[k], re.I):
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            del lines[n - 1:k + 1]
        else:
            lines[n - 1] = '# dropped: ' + bad
        open(conf_path, 'w').write('\n'.join(lines))
    return False, 'too many errors'


def setup_tree(T):
    w = T + '/www'
    for f in FILES_PHP:
        os.makedirs(os.path.dirname(w + '/' + f), exist_ok=True)
        open(w + '/' + f, 'w').write('<?php echo "EX"."EC:".__FILE__;')
    for f in FILES_STATIC:
        os.makedirs(os.path.dirname(w + '/' + f), exist_ok=True)
        open(w + '/' + f, 'w').write('GIF89a<?php echo "EX"."EC:".__FILE__;')
    os.makedirs(T + '/logs', exist_ok=True)
    subprocess.run(['chmod', '-R', 'a+rX', T])
    os.chmod(T, 0o755)


def fpm_conf(T, fpm_port):
    pool = ('user = www-data\ngroup = www-data\nlisten.owner = www-data\n'
            'listen.group = www-data\npm = static\npm.max_children = 12\n'
            'pm.status_path = /fpm-status\nping.path = /fpm-ping\n')
    open(T + '/fpm.conf', 'w').write(
        '[global]\npid = %s/fpm.pid\nerror_log = %s/logs/fpm.log\n'
        'daemonize = no\n[s]\nlisten = %s/php.sock\n%s[p]\n'
        'listen = 127.0.0.1:%d\n%s' % (T, T, T, pool, fpm_port, pool))


def htaccess_vhost(T, route):
    """The fixed vhost of --htaccess: PHP to the pool by ROUTE."""
    h = '"proxy:unix:%s/php.sock|fcgi://localhost"' % T
    add = '    AddHandler %s .php\n' % h if route == 'addhandler' else ''
    fm = ('<FilesMatch "\\.php$">\n    SetHandler %s\n</FilesMatch>\n' % h
          if route == 'sethandler' else '')
    return ('DocumentRoot %s/www\n<Directory %s/www>\n'
            '    Options FollowSymLinks\n    AllowOverride All\n'
            '    Require all granted\n%s</Directory>\n%s' % (T, T, add, fm))


APP_PATH = re.compile(r'(?<![\w/.$%{])(/(?:usr|var|etc|srv|opt|home)/'
                      r'[^\s"\'<>|]*)')
ALIAS = re.compile(r'^\s*(?:Script)?Alias\s+("[^"]+"|\S+)\s+("[^"]+"|\S+)',
                   re.I | re.M)


def app_setup(T, text):
    """An application conf's paths moved into T; (text, alias URLs)."""
    t = APP_PATH.sub(lambda m: T + '/app' + m.group(1), text)
    urls = []
    for m in ALIAS.finditer(t):
        u, d = m.group(1).strip('"'), m.group(2).strip('"')
        if not u.startswith('/') or not d.startswith(T + '/app/'):
            continue
        base = os.path.basename(d.rstrip('/'))
        if '.' in base and not d.endswith('/'):
            continue	# an Alias of one file
        for f in FILES_PHP + FILES_STATIC:
            os.makedirs(os.path.dirname(d.rstrip('/') + '/' + f),
                        exist_ok=True)
            open(d.rstrip('/') + '/' + f, 'w').write(
                '<?php echo "EX"."EC:".__FILE__;' if f.endswith('.php')
                else 'GIF89a<?php echo "EX"."EC:".__FILE__;')
        if u not in urls:
            urls.append(u)
    return t, urls


def run_one(path, a, stats):
    name = os.path.basename(path)
    raw = open(path, 'rb').read()
    text = join_continuations(raw.decode('utf-8', errors='replace'))
    app_urls = []
    if a.app_conf:
        body, outside = None, None
    elif a.htaccess:
        body, outside = None, ''
    else:
        if not ROUTE.search(text):
            return
        body, outside = pick(text)
        if body is None:
            return
        body = subst_vars(body, '/var/www/html')
        outside = subst_vars(outside, '/var/www/html')
        body = '\n'.join(l for l in body.split('\n') if not DROP.match(l))
        outside = '\n'.join(l for l in outside.split('\n')
                            if not DROP.match(l))
    T = tempfile.mkdtemp(prefix='csd.', dir=a.keep)
    os.chmod(T, 0o755)
    setup_tree(T)
    if a.app_conf:
        t = subst_vars(text, '/var/www/html')
        t = '\n'.join(l for l in t.split('\n') if not DROP.match(l))
        t, app_urls = app_setup(T, t)
        subprocess.run(['chmod', '-R', 'a+rX', T])
        if not app_urls:
            shutil.rmtree(T, ignore_errors=True)
            return
        # A conf with a <VirtualHost> (a package's example site): the
        # first is the one asked, its DocumentRoot in the tree; the
        # others are left out.  Else a plain vhost.
        vh = blocks(t, 'VirtualHost')
        if vh:
            body, t = split_vhost(t, vh, 0)
        else:
            body = htaccess_vhost(T, 'none')
        # Debian's apache2.conf sections, which the packages' confs
        # count on (/usr/share granted), with its paths in the tree
        outside = ('<Directory />\n    Options FollowSymLinks\n'
                   '    AllowOverride None\n    Require all denied\n'
                   '</Directory>\n<Directory %s/app/usr/share>\n'
                   '    AllowOverride None\n    Require all granted\n'
                   '</Directory>\n<FilesMatch "^\\.ht">\n'
                   '    Require all denied\n</FilesMatch>\n' % T +
                   join_continuations(open(a.app_conf).read()) +
                   '\n# --- the application\n' + t)
    if a.htaccess:
        body = htaccess_vhost(T, a.htaccess)
        port, fpm_port = free_port(), free_port()
        # FastCGI addresses in the file go to the tree's pool too
        # (bytes kept as they are otherwise)
        if b'unix:' in raw or b'fcgi://' in raw:
            raw = rewrite(raw.decode('utf-8', 'surrogateescape'), T, None,
                          fpm_port).encode('utf-8', 'surrogateescape')
        ht = T + '/www/' + (a.htaccess_dir + '/' if a.htaccess_dir
                            else '') + '.htaccess'
        os.makedirs(os.path.dirname(ht), exist_ok=True)
        open(ht, 'wb').write(raw)
        os.chmod(ht, 0o644)
        os.chmod(os.path.dirname(ht), 0o755)
    if not a.htaccess:
        port, fpm_port = free_port(), free_port()
        if a.app_conf:
            outside = rewrite(outside, T, None, fpm_port)
    conf = build_conf(T, port, fpm_port, body, outside)
    cp = T + '/httpd.conf'
    open(cp, 'w').write(conf)
    ok, err = apache_fix(cp, head(T, port, fpm_port).count('\n'))
    if not ok:
        stats['skipped'] += 1
        print('SKIP %s: %s' % (name, err.splitlines()[-1] if err else '?'))
        return
    fpm_conf(T, fpm_port)
    fpm = subprocess.Popen(['php-fpm8.2', '-F', '-y', T + '/fpm.conf'],
                           stderr=open(T + '/logs/fpm.err', 'w'))
    try:
        for _ in range(100):
            if os.path.exists(T + '/php.sock'):
                break
            time.sleep(0.05)
        p = subprocess.run(['apache2', '-f', cp, '-k', 'start'],
                           capture_output=True, text=True)
        if p.returncode != 0:
            stats['skipped'] += 1
            err = open(T + '/logs/error.log', errors='replace').read().strip()
            print('SKIP %s: apache2 did not start: %s' % (name, (p.stderr.strip() or err)[-300:]))
            return
        for _ in range(100):
            if os.path.exists(T + '/httpd.pid') and os.path.getsize(T + '/httpd.pid'):
                break
            time.sleep(0.05)
        try:
            compare(name, T, port, cp, a, stats, app_urls)
        finally:
            stop_apache(T)
    finally:
        fpm.terminate()
        fpm.wait()
        if not a.keep:
            shutil.rmtree(T, ignore_errors=True)


def compare(name, T, port, cp, a, stats, app_urls=()):
    urls = a.url or URLS
    if app_urls:
        urls = [u.rstrip('/') + x for u in app_urls for x in urls]
    p = subprocess.run([a.build + '/sim-probe', '--httpd', cp, '--fpm',
                        T + '/fpm.conf', '--vhost', '0'] + urls,
                       capture_output=True, text=True)
    sim = p.stdout.split('\n')[:-1]
    if len(sim) != len(urls):
        stats['probefail'] += 1
        print('PROBEFAIL %s: %s' % (name, p.stderr.strip()[:300]))
        return
    stats['configs'] += 1
    for i, u in enumerate(urls):
        out = T + '/body'
        # (a browser's User-Agent: security rules refuse curl's, and
        # the simulator asks as an ordinary client)
        c = subprocess.run(['curl', '-s', '--path-as-is', '-A', UA,
                            '-o', out, '-w',
                            '%{http_code}', 'http://127.0.0.1:%d%s' % (port, u)],
                           capture_output=True, text=True).stdout
        body = open(out, errors='replace').read() if os.path.exists(out) else ''
        if os.path.exists(out):
            os.unlink(out)
        want = real_verdict(c or '000', body)
        got = sim[i].split(' ', 1)[1] if ' ' in sim[i] else '?'
        stats['probes'] += 1
        if a.show:
            print('%s %s %s %s' % (name, u, want, got))
        if want != got:
            stats['diff'] += 1
            print('DIFF %s %s: apache+php-fpm: %s, simulator: %s  [%s]' %
                  (name, u, want, got, T))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('build')
    ap.add_argument('paths', nargs='+')
    ap.add_argument('--show', action='store_true')
    ap.add_argument('--keep', help='leave the trees in this directory')
    ap.add_argument('--only')
    ap.add_argument('--url', action='append')
    ap.add_argument('--htaccess', choices=('sethandler', 'addhandler'))
    ap.add_argument('--htaccess-dir')
    ap.add_argument('--app-conf')
    a = ap.parse_args()
    a.build = os.path.abspath(a.build)
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    files = []
    for p in a.paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p)
                            if os.path.isfile(os.path.join(p, f)))
        else:
            files.append(p)
    stats = dict(configs=0, probes=0, diff=0, skipped=0, probefail=0)
    for f in files:
        if a.only and a.only not in f:
            continue
        if os.path.basename(f) in ('SOURCES', 'SOURCES.tsv', 'README'):
            continue
        run_one(f, a, stats)
    print('configs %(configs)d probes %(probes)d disagreements %(diff)d '
          'skipped %(skipped)d sim-probe failures %(probefail)d' % stats)
    sys.exit(1 if stats['diff'] or stats['probefail'] else 0)


if __name__ == '__main__':
    main()
