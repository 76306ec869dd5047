#!/usr/bin/python3
"""modphp_random.py - the request simulator against apache2 with mod_php
on random setups: which URL mod_php runs, which file is sent as it is.

usage: modphp_random.py BUILD-DIR LIBPHP-SO SEED COUNT

Each batch is one apache2 (mpm_prefork, Debian's libphp8.2.so loaded,
the system's mime.types) with eight vhosts drawn at random: mod_php's
handler by an anchored or unanchored <FilesMatch>, <Files>, <Directory>,
AddHandler, AddType or php-script, in any case; the ini entry engine set
by php_flag, php_value, php_admin_flag or php_admin_value (On, Off, 1, 0,
yes, true, none; "Engine" too, which is another entry) in the vhost, its
<Directory> sections, <Files>, <FilesMatch>, <Location>, an <If> on the
query string and an .htaccess under one AllowOverride or another (with a
php_admin_ line there now and then, which httpd refuses: 500);
AcceptPathInfo and RemoveHandler; DirectoryIndex index.php.  Each of
fourteen URLs (scripts, path info, names whose last extension is not
PHP, folders with and without their slash) goes to the server
(curl) and to build/sim-probe; the verdicts (exec:FILE, static, the
status) must agree.  Prints each disagreement with its tree (kept) and a
summary; exit 0 all agree, 1 disagreements.  PF_PIDS_FILE: a file each
apache2's PID is added to (for the caller's cleanup).

Run on 2026-11-29: seeds 1-3 (55 batches, 4,400 probes) and 11 (60,
4,800) before the folder URLs, 21 (10, 1,120) and 31 (40, 4,480) with
them: no disagreement.
"""
import os, random, shutil, socket, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True
BUILD = sys.argv[1]
SO = sys.argv[2]
SEED = int(sys.argv[3])
COUNT = int(sys.argv[4])
M = '/usr/lib/apache2/modules'
PER = 8
SRC = '<?php echo "EX"."EC:".__FILE__;'
URLS = ['/index.php', '/up/shell.php', '/up/shell.php/x', '/up/evil.php.jpg',
        '/up/x.phtml', '/evil.php.', '/sub/a.php', '/nope.php', '/up/a.jpg',
        '/sub/a.php/y', '/', '/up/', '/sub', '/up/shell.php/']

def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p

def engine_line(r, where_ht=False):
    kind = r.choice(['php_flag', 'php_value'] + ([] if where_ht else ['php_admin_flag', 'php_admin_value']))
    name = r.choice(['engine'] * 6 + ['Engine'])
    val = r.choice(['On', 'Off', 'on', 'off', '1', '0', 'yes', 'true', 'none'])
    return '%s %s %s' % (kind, name, val)

def vhost(r, d, port, name):
    os.makedirs(d + '/up', exist_ok=True)
    os.makedirs(d + '/sub', exist_ok=True)
    for f in ['index.php', 'up/shell.php', 'up/evil.php.jpg', 'up/x.phtml', 'evil.php.', 'sub/a.php']:
        open(d + '/' + f, 'w').write(SRC)
    open(d + '/up/a.jpg', 'w').write('GIF89a' + SRC)
    L = ['<VirtualHost *:%d>' % port, 'ServerName %s.test' % name, 'DocumentRoot "%s"' % d,
         '<Directory "%s">' % d, 'Require all granted']
    ao = r.choice([None, 'None', 'All', 'Options', 'FileInfo', 'Options FileInfo'])
    if r.random() < 0.3:
        L.append(engine_line(r))
    if r.random() < 0.2:
        L.append('AcceptPathInfo ' + r.choice(['On', 'Off', 'Default']))
    L.append('</Directory>')
    h = r.choice(['fm', 'fm', 'unanch', 'addh', 'addt', 'dir', 'files', 'script', 'fmtml'])
    if h == 'fm':
        L += ['<FilesMatch ".+\\.ph(?:ar|p|tml)$">', 'SetHandler application/x-httpd-php', '</FilesMatch>']
    elif h == 'unanch':
        L += ['<FilesMatch "\\.ph(p|tml)">', 'SetHandler application/x-httpd-php', '</FilesMatch>']
    elif h == 'addh':
        L += ['AddHandler application/x-httpd-php .php .phtml']
    elif h == 'addt':
        L += ['AddType application/x-httpd-php .php .phtml']
    elif h == 'dir':
        L += ['<Directory "%s/up">' % d, 'SetHandler application/x-httpd-php', '</Directory>']
    elif h == 'files':
        L += ['<Files "shell.php">', 'SetHandler application/x-httpd-php', '</Files>']
    elif h == 'script':
        L += ['<FilesMatch "\\.php$">', 'SetHandler php-script', '</FilesMatch>']
    elif h == 'fmtml':
        L += ['<FilesMatch "\\.(php|phtml)$">', 'SetHandler APPLICATION/X-HTTPD-PHP', '</FilesMatch>']
    if r.random() < 0.4:
        L.append(engine_line(r))
    up = ['<Directory "%s/up">' % d]
    if ao:
        up.append('AllowOverride ' + ao)
    for _ in range(r.choice([0, 1, 1, 2])):
        up.append(engine_line(r))
    if r.random() < 0.2:
        up.append('AcceptPathInfo Off')
    if r.random() < 0.2:
        up.append('RemoveHandler .php')
    if r.random() < 0.2:
        up += ['<If "%{QUERY_STRING} == \'zz\'">', engine_line(r), '</If>']
    up.append('</Directory>')
    L += up
    if r.random() < 0.3:
        L += ['<Files "shell.php">', engine_line(r), '</Files>']
    if r.random() < 0.2:
        L += ['<Location "/sub">', engine_line(r), '</Location>']
    if r.random() < 0.2:
        L += ['<FilesMatch "\\.jpg$">', engine_line(r), '</FilesMatch>']
    L.append('</VirtualHost>')
    if r.random() < 0.5:
        ht = [engine_line(r, True) for _ in range(r.choice([1, 1, 2]))]
        if r.random() < 0.1:
            ht.append('php_admin_flag engine on')
        open(d + '/up/.htaccess', 'w').write('\n'.join(ht) + '\n')
    return '\n'.join(L) + '\n'

def verdict(code, body):
    if code == 200 and 'EXEC:' in body:
        return 'exec:' + body.split('EXEC:', 1)[1]
    if '"EX"."EC:"' in body:
        return 'static' if code == 200 else 'static/%d' % code
    if code == 200 and 'Index of' in body:
        return '200'
    return str(code)

def main():
    r = random.Random(SEED)
    bad = 0
    n = 0
    for b in range(COUNT):
        T = tempfile.mkdtemp(prefix='pf-modphp-random.')
        os.chmod(T, 0o755)
        port = free_port()
        os.makedirs(T + '/run'); os.makedirs(T + '/logs')
        conf = ['ServerRoot "%s"' % T, 'ServerName 127.0.0.1', 'PidFile "%s/run/httpd.pid"' % T,
                'DefaultRuntimeDir "%s/run"' % T, 'Mutex file:%s/run default' % T,
                'ErrorLog "%s/logs/error.log"' % T, 'User www-data', 'Group www-data',
                'LoadModule mpm_prefork_module %s/mod_mpm_prefork.so' % M,
                'LoadModule authz_core_module %s/mod_authz_core.so' % M,
                'LoadModule mime_module %s/mod_mime.so' % M,
                'LoadModule dir_module %s/mod_dir.so' % M, 'DirectoryIndex index.php index.html',
                'LoadModule php_module %s' % SO,
                'TypesConfig /etc/mime.types', 'Listen 127.0.0.1:%d' % port]
        names = []
        for i in range(PER):
            nm = 'v%d' % i
            names.append(nm)
            conf.append(vhost(r, '%s/www%d' % (T, i), port, nm))
        open(T + '/httpd.conf', 'w').write('\n'.join(conf) + '\n')
        open(T + '/fpm.conf', 'w').write('[global]\npid = %s/fpm.pid\n[t]\nuser = www-data\ngroup = www-data\nlisten = %s/php.sock\npm = static\npm.max_children = 1\n' % (T, T))
        subprocess.run(['chmod', '-R', 'a+rX', T])
        t = subprocess.run(['apache2', '-t', '-f', T + '/httpd.conf'], capture_output=True, text=True)
        if t.returncode != 0:
            # a generator bug: fail the run
            print('FAIL: apache2 -t refuses', T, t.stderr[:300])
            bad += 1
            continue
        # (a session of its own: prefork's parent signals its group)
        ap = subprocess.Popen(['setsid', 'apache2', '-f', T + '/httpd.conf', '-DFOREGROUND'])
        if os.environ.get('PF_PIDS_FILE'):
            with open(os.environ['PF_PIDS_FILE'], 'a') as f:
                f.write('%d\n' % ap.pid)
        for _ in range(300):
            try:
                socket.create_connection(('127.0.0.1', port), 0.1).close(); break
            except OSError:
                time.sleep(0.01)
        keep = False
        for i, nm in enumerate(names):
            sim = subprocess.run([BUILD + '/sim-probe', '--httpd', T + '/httpd.conf', '--fpm', T + '/fpm.conf',
                                  '--vhost', str(i)] + URLS, capture_output=True, text=True).stdout.splitlines()
            for j, u in enumerate(URLS):
                c = subprocess.run(['curl', '-s', '-o', T + '/body', '-w', '%{http_code}', '-H', 'Host: %s.test' % nm,
                                    'http://127.0.0.1:%d%s' % (port, u)], capture_output=True, text=True)
                body = open(T + '/body', errors='replace').read(300) if os.path.exists(T + '/body') else ''
                want = verdict(int(c.stdout or 0), body)
                got = sim[j].split(' ', 1)[1] if j < len(sim) else '?'
                n += 1
                if want != got:
                    bad += 1
                    keep = True
                    print('DIFF %s %s%s: server %s, sim %s' % (T, nm, u, want, got))
        ap.terminate(); ap.wait()
        time.sleep(0.2)
        if not keep:
            shutil.rmtree(T, ignore_errors=True)
    print('probes %d disagreements %d' % (n, bad))
    return 1 if bad else 0

sys.exit(main())
