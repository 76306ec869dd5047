#!/usr/bin/python3
"""fpm_oracle.py - differential test of proxyfpm's php-fpm.conf reader
against the real `php-fpm8.2 -t`: the same inputs must get the same
accept/reject verdict (and, where both refuse, php-fpm's first error
message among lint's), and for every configuration both accept, the pool
values `proxyfpm dump --fpm --json` gives must be the ones `php-fpm -tt`
prints (php_value and env lists in php-fpm's newest-first order).

Inputs: every pool file in testdata/fpm/pools (wrapped in a private
[global]), the machine's own /etc/php/8.2/fpm/php-fpm.conf (read only), and
generated configurations: valid ones and mutations (pm relations, unknown
directives, listen forms, users, quotes, types, booleans, includes,
sections, comments, CRLF, NUL, $pool, paths).  Everything php-fpm -t may
create (error_log, slowlog, access.log) lives in a private temp dir.

usage: fpm_oracle.py PROXYFPM TESTDATA [--keep] [-j N]
exit: 0 all verdicts agree, 1 mismatches (printed), 77 php-fpm missing
"""
import concurrent.futures, os, random, re, shutil, subprocess, sys, tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dump_pools import dump_pools  # noqa: E402

PROXYFPM = sys.argv[1]
TESTDATA = sys.argv[2]
KEEP = '--keep' in sys.argv
JOBS = 3
if '-j' in sys.argv:
    JOBS = int(sys.argv[sys.argv.index('-j') + 1])
FPM = shutil.which('php-fpm8.2') or ('/usr/sbin/php-fpm8.2' if os.path.exists('/usr/sbin/php-fpm8.2') else None)
if FPM is None:
    if os.environ.get('CI') == 'true':
        print('FAIL: php-fpm8.2 is required in CI'); sys.exit(1)
    print('SKIP: php-fpm8.2 not installed'); sys.exit(77)

ENV = dict(os.environ)
ENV['PFT_SET'] = '127.0.0.1:9901'
ENV['PFT_YES'] = 'yes'
ENV.pop('PFT_UNSET', None)
ENV['LC_ALL'] = 'C'

T = tempfile.mkdtemp(prefix='pf-fpm-oracle-')
cases = []   # (name, dir, main, prefix or None, extra proxyfpm args)


def case(name, files, main='php-fpm.conf', prefix=None):
    d = os.path.join(T, 'c%04d' % len(cases))
    os.makedirs(d)
    for rel, content in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        data = content.replace('@C@', d) if isinstance(content, str) else content
        with open(p, 'wb') as f:
            f.write(data.encode('utf-8', 'surrogateescape') if isinstance(data, str) else data)
    cases.append((name, d, os.path.join(d, main), os.path.join(d, prefix) if prefix else None))


GLOBAL = '[global]\nerror_log = @C@/fpm.log\npid = @C@/fpm.pid\n'


def pool(name='www', listen='127.0.0.1:9911', extra='', pm='static', base=True):
    s = '[%s]\n' % name
    if base:
        s += 'user = www-data\nlisten = %s\n' % listen
        if pm == 'static':
            s += 'pm = static\npm.max_children = 2\n'
        elif pm == 'dynamic':
            s += 'pm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n'
        elif pm == 'ondemand':
            s += 'pm = ondemand\npm.max_children = 5\n'
    return s + extra


def one(name, extra='', pm='static', listen='127.0.0.1:9911', glob_extra=''):
    case(name, {'php-fpm.conf': GLOBAL + glob_extra + pool(extra=extra, pm=pm, listen=listen)})


# ---- the pool files of testdata/fpm/pools ----
pdir = os.path.join(TESTDATA, 'fpm', 'pools')
for fn in sorted(os.listdir(pdir)):
    if fn.endswith('.conf'):
        with open(os.path.join(pdir, fn), 'rb') as f:
            data = f.read().decode('utf-8', 'surrogateescape')
        case('testdata/' + fn, {'php-fpm.conf': GLOBAL + 'include = @C@/pool.d/*.conf\n', 'pool.d/' + fn: data})

# ---- valid configurations ----
for pm in ('static', 'dynamic', 'ondemand'):
    one('valid pm ' + pm, pm=pm)
for l in ('127.0.0.1:9921', '9922', '[::1]:9923', '::1:9924', 'localhost:9925', '@C@/s.sock', 'rel.sock',
          '127.0.0.1:', '127.0.0.1:99999', 'unix:/tmp/x.sock', '*:9926', '0.0.0.0:9927', '[::]:9928', ':9929',
          'host.invalid:9930', '${PFT_SET}', '127.0.0.1:${PFT_UNSET}', '"127.0.0.1:9931"', "'127.0.0.1:9932'",
          '127.0.0.1:9933 # trailing hash', '127.0.0.1:9934 ; comment', '-1'):
    one('listen ' + l, listen=l)
one('listen empty', listen='')
one('listen quoted empty', listen='""')
one('no listen', extra='', pm='static', listen='')
case('no user', {'php-fpm.conf': GLOBAL + '[www]\nlisten = 127.0.0.1:9911\npm = static\npm.max_children = 2\n'})
case('no pm', {'php-fpm.conf': GLOBAL + '[www]\nuser = www-data\nlisten = 127.0.0.1:9911\npm.max_children = 2\n'})
case('no pool', {'php-fpm.conf': GLOBAL})
case('empty file', {'php-fpm.conf': ''})
case('only comments', {'php-fpm.conf': '; nothing\n;\n\n'})
case('crlf', {'php-fpm.conf': (GLOBAL + pool()).replace('\n', '\r\n')})
case('cr only', {'php-fpm.conf': (GLOBAL + pool()).replace('\n', '\r')})
case('bom', {'php-fpm.conf': '\ufeff' + GLOBAL + pool()})
case('nul in value', {'php-fpm.conf': GLOBAL + pool(extra='ping.path = /ping\x00junk\n')})
case('nul line', {'php-fpm.conf': GLOBAL + pool(extra='\x00 what = ever\n')})
case('binary', {'php-fpm.conf': bytes(range(256)) * 4})
case('long line', {'php-fpm.conf': GLOBAL + pool(extra='php_value[x] = ' + 'a' * 100000 + '\n')})
case('last line no newline', {'php-fpm.conf': (GLOBAL + pool()).rstrip('\n')})
case('indented', {'php-fpm.conf': '  [global]\n\terror_log = @C@/fpm.log\n  [www]\n   user = www-data\n\tlisten = 127.0.0.1:9911\n pm = static\n  pm.max_children = 2\n'})

# ---- directive values ----
values = {
    'pm.max_children': ['5', '0', '-3', 'abc', '3.5', '"  3"', '99999999999', '4294967298', '', '+5', '0x10', '05', 'E_ALL', 'yes'],
    'pm.max_requests': ['500', '-5', 'x'],
    'listen.backlog': ['-1', '65535', '-5', 'a'],
    'request_terminate_timeout': ['30', '30s', '2m', '1h', '1d', '5x', '5S', 'abc', 's', '-5', '1.5m', '""', '5 m', 'off'],
    'pm.process_idle_timeout': ['10s', '0', '-1'],
    'rlimit_files': ['1024', '-1', 'abc'],
    'rlimit_core': ['0', 'unlimited', 'UNLIMITED', '-1', '""', 'x'],
    'clear_env': ['1', '0', 'yes', 'Yes', '"Yes"', '"on"', '"yes"', '"1"', '"0"', 'maybe', 'true', 'none', '"none"', '"off"',
                  '"False"', '"2"', '" 1"', "''", "'on'", '${PFT_YES}', '${PFT_UNSET}', 'null', 'NULL', '2', 'on ;c', '"TRUE"'],
    'catch_workers_output': ['yes', 'bogus'],
    'process.dumpable': ['yes', 'x'],
    'process.priority': ['-19', '20', '-20', '21', '64', 'abc'],
    'pm': ['static', 'Static', 'STATIC', 'auto', '', 'dynamic'],
    'security.limit_extensions': ['.php', '', '.php .phtml', 'php'],
    'pm.status_path': ['/status', 'status', '/', '/a b', '/st?x', '', '/~a.b-c_d', '"/~a"', '/fpm-$pool'],
    'ping.path': ['/ping', '/', 'ping', '/p!ng', '"/p!ng"'],
    'ping.response': ['pong', '', '""'],
    'access.format': ['"%R %u %t"', '%{foo', '%Z', '"%{REQUEST_URI}e"', '"%e"', '"%{mili}d"', '"%{bogus}d"', '"%{kilo}M %C %{user}C"', '"%{x}f"', '"%%"', '"100%"'],
    'chroot': ['/nonexistent', 'relative', '@C@', '$prefix', '$prefix/x', '@C@/$prefix', ''],
    'chdir': ['/nonexistent', 'relative/dir', '@C@', '/', ''],
    'prefix': ['/nonexistent', 'relative', '@C@', ''],
    'user': ['www-data', 'nosuchuser', '33', '33x', '"www-data "', 'WWW-DATA', '', 'root', '0'],
    'group': ['www-data', 'nosuchgroup', '33', ''],
    'listen.owner': ['www-data', 'nosuch', '33', ''],
    'listen.group': ['www-data', 'nosuch', '33'],
    'listen.acl_users': ['nosuch', 'www-data,nosuch', ''],
    'listen.mode': ['0660', 'abc', '999'],
    'listen.allowed_clients': ['127.0.0.1', 'garbage', ''],
    'slowlog': ['@C@/slow.log', '/nonexistent/slow.log', ''],
    'pm.status_listen': ['127.0.0.1:9961', '', '127.0.0.1:9911'],
    'apparmor_hat': ['x'],
    'request_slowlog_trace_depth': ['0', '5', '-1'],
    'request_terminate_timeout_track_finished': ['yes', 'x'],
}
for k, vs in values.items():
    for v in vs:
        if k in ('user', 'pm'):
            body = pool(base=False) + ('listen = 127.0.0.1:9911\npm.max_children = 2\n' +
                                       ('user = www-data\n' if k == 'pm' else 'pm = static\n')) + '%s = %s\n' % (k, v)
            case('%s = %s' % (k, v), {'php-fpm.conf': GLOBAL + body})
        else:
            one('%s = %s' % (k, v), extra='%s = %s\n' % (k, v))

# pm relations (dynamic)
rel = [(5, 2, 1, 3), (5, 4, 1, 3), (2, 1, 1, 3), (5, 0, 1, 3), (5, 2, 0, 3), (5, 2, 1, 0), (5, 2, 3, 2), (5, -1, 1, 3),
       (5, 3, 3, 3), (3, 3, 3, 3), (3, 1, 1, 4), (0, 1, 1, 1), (5, 2, 1, 3, 0), (5, 2, 1, 3, -1), (5, 2, 2, 5), (5, 6, 2, 5)]
for r in rel:
    extra = 'pm = dynamic\npm.max_children = %d\npm.start_servers = %d\npm.min_spare_servers = %d\npm.max_spare_servers = %d\n' % r[:4]
    if len(r) > 4:
        extra += 'pm.max_spawn_rate = %d\n' % r[4]
    case('dynamic %r' % (r,), {'php-fpm.conf': GLOBAL + '[www]\nuser = www-data\nlisten = 127.0.0.1:9911\n' + extra})
case('dynamic without spares', {'php-fpm.conf': GLOBAL + '[www]\nuser = www-data\nlisten = 127.0.0.1:9911\npm = dynamic\npm.max_children = 5\n'})
case('ondemand with poll', {'php-fpm.conf': GLOBAL + 'events.mechanism = poll\n' + pool(pm='ondemand')})
case('static with poll', {'php-fpm.conf': GLOBAL + 'events.mechanism = poll\n' + pool(pm='static')})
case('slowlog timeout no file', {'php-fpm.conf': GLOBAL + pool(extra='request_slowlog_timeout = 5\n')})
case('slowlog timeout ok', {'php-fpm.conf': GLOBAL + pool(extra='request_slowlog_timeout = 5\nslowlog = @C@/slow.log\n')})
case('slowlog > terminate', {'php-fpm.conf': GLOBAL + pool(extra='request_slowlog_timeout = 50\nrequest_terminate_timeout = 10\nslowlog = @C@/slow.log\n')})
case('slowlog < terminate', {'php-fpm.conf': GLOBAL + pool(extra='request_slowlog_timeout = 5\nrequest_terminate_timeout = 10\nslowlog = @C@/slow.log\n')})
case('slowlog bad dir', {'php-fpm.conf': GLOBAL + pool(extra='request_slowlog_timeout = 5\nslowlog = @C@/nodir/slow.log\n')})
case('access log ok', {'php-fpm.conf': GLOBAL + pool(extra='access.log = @C@/acc.log\n')})
case('access log bad dir', {'php-fpm.conf': GLOBAL + pool(extra='access.log = /nonexistent/acc.log\n')})
case('access log empty', {'php-fpm.conf': GLOBAL + pool(extra='access.log = \n')})
case('access log bad format', {'php-fpm.conf': GLOBAL + pool(extra='access.log = @C@/acc.log\naccess.format = "%Z"\n')})
case('access log brace end', {'php-fpm.conf': GLOBAL + pool(extra='access.log = @C@/acc.log\naccess.format = "%{x}e"\n')})
case('access log brace', {'php-fpm.conf': GLOBAL + pool(extra='access.log = @C@/acc.log\naccess.format = "%{x}e %s"\n')})
case('access log two suppress paths', {'php-fpm.conf': GLOBAL + pool(extra='access.log = @C@/acc.log\n'
     'access.suppress_path[] = /ping\naccess.suppress_path[] = /health\n')})
case('access log brace f', {'php-fpm.conf': GLOBAL + pool(extra='access.log = @C@/acc.log\naccess.format = "%{x}f %s"\n')})
case('chroot chdir', {'php-fpm.conf': GLOBAL + pool(extra='chroot = @C@\nchdir = /sub\n'), 'sub/.keep': ''})
case('chroot chdir missing', {'php-fpm.conf': GLOBAL + pool(extra='chroot = @C@\nchdir = /nope\n')})
case('prefix chdir', {'php-fpm.conf': GLOBAL + pool(extra='prefix = @C@\nchdir = sub\n'), 'sub/.keep': ''})

# ---- global section ----
gvals = {
    'log_limit': ['10', '512', '513', '0'],
    'process.max': ['-1', '5'],
    'process.priority': ['-20', '20', '64', 'abc'],
    'syslog.facility': ['local0', 'LOCAL8', 'daemon', ''],
    'events.mechanism': ['select', 'poll', 'epoll', 'EPOLL', 'bogus', 'kqueue', ''],
    'systemd_interval': ['0', '5x', '10s'],
    'daemonize': ['no', 'maybe'],
    'log_level': ['debug', 'WARN', 'verbose'],
    'error_log': ['syslog', '/nonexistent/e.log', '@C@/e2.log'],
    'pid': ['/nonexistent/x.pid', '@C@/x.pid'],
    'emergency_restart_threshold': ['-1', 'x'],
    'emergency_restart_interval': ['1m', 'x'],
    'listen': ['127.0.0.1:9000'],
    'user': ['www-data'],
    'php_value[x]': ['1'],
    'foo[x]': ['1'],
    'php_value[]': ['1'],
}
for k, vs in gvals.items():
    for v in vs:
        case('[global] %s = %s' % (k, v), {'php-fpm.conf': GLOBAL + '%s = %s\n' % (k, v) + pool()})

# ---- syntax and names ----
syn = [
    '# hash comment', 'listen.backlog = 5 # hash', 'php_value[b] = x=y', 'env[A] =', 'env[A] = ""', 'env[A] = $HOME',
    'access.suppress_path[] = /x', 'access.suppress_path[a] = /x', 'access.suppress_path[] = x',
    'php_flag[display_errors] = maybe', 'php_flag[display_errors] =', 'php_flag[display_errors] = on',
    'LISTEN.BACKLOG = 5', 'PM.MAX_REQUESTS = 3', 'INCLUDE = /x', 'PHP_VALUE[x] = 1', 'Php_Admin_Value[x] = 1',
    'foo[x] = 1', 'php_value[] = 1', 'bare', '$pool = 1', 'yes = 1', 'on = 1', 'null = 1', 'yesx = 1',
    'php_value[x] = E_ALL & ~E_NOTICE', 'php_value[x] = (1', 'php_value[x] = 1)', 'php_value[x] = "unterminated',
    "php_value[x] = 'unterminated", "php_value[x] = ''", 'php_value[x] = ~', 'php_value[x] = !0', "ping.response = ''",
    'php_value[x] = "a" "b"', 'php_value[x] = ${PFT_SET}', 'php_value[x] = "${PFT_UNSET}"', 'php_value[x] = ${}',
    'php_value[x] = "C:\\dir\\"', 'php_value[x] = a$', 'php_value[x[y] = 1', 'php_value[x]y = 1', 'php_value [x] = 1',
    'php_value[ x ] = 1', 'php_admin_value[error_log] = log/$pool.err', 'pm.max_children = 3\npm.max_children = 0',
    'pm.max_children = 0\npm.max_children = 3', 'user = nosuch\nuser = www-data', '[WWW]\npm.max_children = 0',
    '[ www ]', '[]', '[global]\nlog_level = verbose', '[GLOBAL]\nlog_level = debug', 'listen = 127.0.0.1:9912\n[b]\nuser = www-data\nlisten = 127.0.0.1:9912\npm = static\npm.max_children = 1',
    'include = a\rinclude = b', 'pm.max_requests = 5\rpm.max_requests = x', '[x\nuser = y', 'a = b = c', 'key[',
    'pm.max_children = PHP_INT_SIZE', 'pm.max_children = E_ALL', 'listen = "/a;b"', 'user = "www-data";',
    'pm.max_children = 2 ; trailing comment', 'listen.mode = 0660 ;x', 'php_value[date.timezone] = Europe/Paris',
    'php_value[x] = yes no', 'php_value[x] = TRUE', 'php_value[x] = none', 'php_value[x] = \x7f\x80\xff',
    # FPM_PHP_INI_TO_EXPAND keys: an empty value gets the prefix too
    'php_value[error_log] =', "php_admin_value[sendmail_path] = ''", 'php_flag[session.cookie_path] = off',
]
for s in syn:
    case('syntax ' + repr(s), {'php-fpm.conf': GLOBAL + pool() + s + '\n'})
case('$pool in global', {'php-fpm.conf': GLOBAL + 'error_log = @C@/$pool.log\n' + pool()})
case('pool named $pool-like', {'php-fpm.conf': GLOBAL + pool(name='p1', extra='php_value[error_log] = @C@/$pool.log\nlisten.owner = $pool\n')})

# ---- includes ----
P2 = pool(name='b', listen='127.0.0.1:9941')
P3 = pool(name='a', listen='127.0.0.1:9942')
case('include glob', {'php-fpm.conf': GLOBAL + 'include = @C@/pd/*.conf\n', 'pd/b.conf': P2, 'pd/a.conf': P3})
case('include relative no prefix', {'php-fpm.conf': GLOBAL + 'include = pd/*.conf\n', 'pd/b.conf': P2})
case('include relative with prefix', {'php-fpm.conf': GLOBAL + 'include = pd/*.conf\n', 'pd/b.conf': P2}, prefix='.')
case('include nothing matches', {'php-fpm.conf': GLOBAL + 'include = @C@/pd/*.conf\n' + pool(), 'pd/x.txt': ''})
case('include missing dir', {'php-fpm.conf': GLOBAL + 'include = @C@/nodir/*.conf\n' + pool()})
case('include missing file', {'php-fpm.conf': GLOBAL + 'include = @C@/none.conf\n' + pool()})
case('include a directory', {'php-fpm.conf': GLOBAL + 'include = @C@/pd\n' + pool(), 'pd/a.conf': P3})
case('include dir slash', {'php-fpm.conf': GLOBAL + 'include = @C@/pd/\n' + pool(), 'pd/a.conf': P3})
case('include empty', {'php-fpm.conf': GLOBAL + 'include =\n' + pool()})
case('include self', {'php-fpm.conf': GLOBAL + pool() + 'include = @C@/php-fpm.conf\n'})
case('include cycle', {'php-fpm.conf': GLOBAL + pool() + 'include = @C@/x.conf\n', 'x.conf': 'include = @C@/y.conf\n', 'y.conf': 'include = @C@/x.conf\n'})
case('include depth 4', {'php-fpm.conf': GLOBAL + pool() + 'include = @C@/d1.conf\n', 'd1.conf': 'include = @C@/d2.conf\n',
                         'd2.conf': 'include = @C@/d3.conf\n', 'd3.conf': 'include = @C@/d4.conf\n', 'd4.conf': 'pm.max_requests = 5\n'})
case('include depth 5', {'php-fpm.conf': GLOBAL + pool() + 'include = @C@/d1.conf\n', 'd1.conf': 'include = @C@/d2.conf\n',
                         'd2.conf': 'include = @C@/d3.conf\n', 'd3.conf': 'include = @C@/d4.conf\n', 'd4.conf': 'include = @C@/d5.conf\n', 'd5.conf': 'pm.max_requests = 5\n'})
case('include leaks section', {'php-fpm.conf': GLOBAL + pool() + 'include = @C@/pd/*.conf\npm.max_children = 0\n', 'pd/b.conf': P2})
case('include leaks section ok', {'php-fpm.conf': GLOBAL + 'include = @C@/pd/*.conf\npm.max_requests = 9\n', 'pd/b.conf': P2})
case('include in pool', {'php-fpm.conf': GLOBAL + '[www]\ninclude = @C@/pd/w.conf\npm = static\npm.max_children = 2\n', 'pd/w.conf': 'user = www-data\nlisten = 127.0.0.1:9943\n'})
case('include bad file', {'php-fpm.conf': GLOBAL + pool() + 'include = @C@/pd/*.conf\n', 'pd/bad.conf': 'bogus = 1\n'})
case('include duplicate listen', {'php-fpm.conf': GLOBAL + pool(listen='127.0.0.1:9941') + 'include = @C@/pd/*.conf\n', 'pd/b.conf': P2})
case('include reopen pool', {'php-fpm.conf': GLOBAL + pool() + 'include = @C@/pd/*.conf\n', 'pd/w.conf': '[WwW]\npm.max_children = 0\n'})
case('include quoted', {'php-fpm.conf': GLOBAL + 'include = "@C@/pd/*.conf"\n', 'pd/b.conf': P2})
case('include global in pool file', {'php-fpm.conf': GLOBAL + 'include = @C@/pd/*.conf\n', 'pd/b.conf': P2 + '[global]\nlog_level = alert\n'})

# ---- random mutations of a valid configuration ----
r = random.Random(4)
BASE = ['user = www-data', 'listen = 127.0.0.1:9951', 'pm = dynamic', 'pm.max_children = 6', 'pm.start_servers = 2',
        'pm.min_spare_servers = 1', 'pm.max_spare_servers = 3', 'pm.max_requests = 500', 'clear_env = no',
        'php_admin_value[memory_limit] = 128M', 'php_flag[display_errors] = off', 'env[X] = y',
        'request_terminate_timeout = 30s', 'security.limit_extensions = .php', 'ping.path = /ping',
        'pm.status_path = /status', 'catch_workers_output = yes', 'listen.backlog = 511']
MUT = [
    lambda l: l.replace('=', '', 1), lambda l: '#' + l, lambda l: ';' + l, lambda l: l.upper(),
    lambda l: l + ' ;c', lambda l: l + ' #c', lambda l: l.replace(' = ', ' = "') , lambda l: l.replace(' = ', " = '"),
    lambda l: l.replace('6', '-6').replace('3', 'x'), lambda l: l.replace('yes', 'Yes').replace('no', '"No"'),
    lambda l: l.replace('pm', 'pn', 1), lambda l: l + '\r', lambda l: '  ' + l, lambda l: l.replace(' = ', ' == '),
    lambda l: l.replace('[', '(', 1), lambda l: l.replace('/', '$', 1), lambda l: l + ' = x',
    lambda l: l.replace('2', '9').replace('1 ', '7 '), lambda l: '', lambda l: l.replace('.', ':', 1),
    lambda l: l.replace('www-data', 'nosuchuser'), lambda l: l.replace('127.0.0.1:9951', '9952'),
    lambda l: l.replace('s', '${PFT_UNSET}', 1), lambda l: l.replace('=', '= ~', 1),
]
for i in range(140):
    lines = list(BASE)
    for _ in range(r.randint(1, 3)):
        k = r.randrange(len(lines))
        lines[k] = r.choice(MUT)(lines[k])
    if r.random() < 0.2:
        r.shuffle(lines)
    case('mutation %d' % i, {'php-fpm.conf': GLOBAL + '[www]\n' + '\n'.join(lines) + '\n'})


# ---- shapes of real-world files (tests/fpm/fpm_corpus.py's corpus) ----
# The official php image: www.conf, then docker.conf and zz-docker.conf
# each reopening [global] and [www]; error_log = /proc/self/fd/2 makes
# php-fpm -tt print every line twice.
case('corpus: php image conf.d layout', {
    'php-fpm.conf': GLOBAL + 'include = @C@/php-fpm.d/*.conf\n',
    'php-fpm.d/www.conf': pool(listen='127.0.0.1:9000', pm='dynamic'),
    'php-fpm.d/docker.conf': '[global]\nerror_log = /proc/self/fd/2\nlog_limit = 8192\n[www]\n'
                             'access.log = /proc/self/fd/2\nclear_env = no\ncatch_workers_output = yes\n'
                             'decorate_workers_output = no\n',
    'php-fpm.d/zz-docker.conf': '[global]\ndaemonize = no\n[www]\nlisten = 9000\n'})
# a docker.conf-like fragment alone: the pool has no user
case('corpus: zz-docker.conf alone', {'php-fpm.conf': GLOBAL + '[www]\nlisten = 9000\n'})
# ISPConfig's template writes "pm.process_idle_timeout = 10s;"
one('corpus: ispconfig idle timeout', pm='ondemand', extra='pm.process_idle_timeout = 10s;\n')
one('corpus: env $HOSTNAME literal', extra='env[HOSTNAME] = $HOSTNAME\nenv[PATH] = /usr/local/bin:/usr/bin:/bin\n')
# a main file whose include= matches nothing: a warning, then "No pool
# defined. ..." (php-fpm's words, checked by msg_diff)
case('corpus: include matches nothing, no pool', {'php-fpm.conf': GLOBAL + 'include = @C@/pd/*.conf\n',
                                                  'pd/README': ''})
# centminmod's php-fpm.conf.default: dynamic without spare servers
case('corpus: dynamic without min_spare', {'php-fpm.conf': GLOBAL + '[www]\nuser = www-data\n'
                                           'listen = 127.0.0.1:9000\npm = dynamic\npm.max_children = 5\n'
                                           'pm.start_servers = 2\npm.max_spare_servers = 3\n'})
# a JSON access log format in single quotes (strftime "%{%Y...}T" and
# double quotes inside), as container images write it
one('corpus: JSON access.format', extra='access.log = @C@/acc.log\naccess.format=\'{"time":"%{%Y-%m-%dT%H:%M:%S%z}T",'
    '"ip":"%{HTTP_X_FORWARDED_FOR}e","request":"%m %{REQUEST_URI}e","status":"%s","ms":"%{mili}d"}\'\n')
# a Jinja template's "[{{ pool }}]" left unrendered: one more section name
case('corpus: template braces in a section name', {'php-fpm.conf': GLOBAL + pool(name='{{ pool }}')})


# ---- run both ----
def fpm_verdict(c):
    name, d, main, prefix = c
    args = [FPM, '-n', '-t', '-y', main]
    if prefix:
        args += ['-p', prefix]
    try:
        p = subprocess.run(args, cwd=d, env=ENV, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return 'timeout', ''
    out = p.stderr.decode('utf-8', 'replace') + p.stdout.decode('utf-8', 'replace')
    return ('accept' if p.returncode == 0 else 'reject'), out


def tt_values(c):
    """php-fpm -tt: {pool: [(name, value), ...]} in its order."""
    name, d, main, prefix = c
    args = [FPM, '-n', '-tt', '-y', main] + (['-p', prefix] if prefix else [])
    p = subprocess.run(args, cwd=d, env=ENV, capture_output=True, timeout=30)
    pools, cur = {}, None
    for line in p.stderr.decode('utf-8', 'surrogateescape').splitlines():
        i = line.find('NOTICE: ')
        if i < 0:
            continue
        t = line[i + 8:]
        # log_level = debug prefixes "pid N, fpm_conf_dump(), line N: "
        t = re.sub(r'^pid \d+, [a-z_]+\(\), line \d+: ', '', t)
        if t.startswith('[') and t.endswith(']') and t != '[global]':
            # error_log = /proc/self/fd/2 prints every line twice
            cur = None if t[1:-1] in pools else pools.setdefault(t[1:-1], [])
        elif t == '[global]':
            cur = None
        elif cur is not None and t.startswith('\t') and ' = ' in t:
            k, v = t[1:].split(' = ', 1)
            cur.append((k, v))
    return pools


def pf_values(c):
    """proxyfpm dump --fpm --json, in php-fpm -tt's terms."""
    import json
    name, d, main, prefix = c
    args = [PROXYFPM, 'dump', '--fpm', main, '--json'] + (['-p', prefix] if prefix else [])
    p = subprocess.run(args, cwd=d, env=ENV, capture_output=True, timeout=30)
    doc = json.loads(p.stdout.decode('utf-8', 'surrogateescape'))['fpm']
    return dump_pools(doc)


def norm(pool, items):
    d = {}
    pm = dict(items).get('pm')
    for k, v in items:
        if k in ('apparmor_hat',):
            continue        # not printed by -tt
        if k in ('request_slowlog_timeout', 'request_terminate_timeout', 'pm.process_idle_timeout'):
            v = v[:-1] if v.endswith('s') else v
        if k == 'rlimit_core' and v == 'unlimited':
            v = '-1'
        if pm == 'ondemand' and k in ('pm.start_servers', 'pm.min_spare_servers', 'pm.max_spare_servers'):
            v = '0'     # php-fpm zeroes them for ondemand
        # zlog drops a trailing newline and cuts lines at log_limit
        v = v.rstrip('\n')
        if len(v) > 900:
            v = v[:900]
        d.setdefault(k, []).append(v)
    return d


def value_diff(c):
    a, b = tt_values(c), pf_values(c)
    out = []
    if not a:
        return []   # -tt printed nothing (log_level above notice, syslog)
    if sorted(a) != sorted(b):
        return ['pools: php-fpm %s, proxyfpm %s' % (sorted(a), sorted(b))]
    for pool in a:
        x, y = norm(pool, a[pool]), norm(pool, b[pool])
        for k in x:
            if k in y and x[k] != y[k]:
                out.append('[%s] %s: php-fpm %r, proxyfpm %r' % (pool, k, x[k], y[k]))
    return out


def pf_verdict(c):
    name, d, main, prefix = c
    args = [PROXYFPM, 'lint', '--no-config', '--fpm', main, '--fail-on', 'critical']
    if prefix:
        args += ['-p', prefix]
    try:
        p = subprocess.run(args, cwd=d, env=ENV, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return 'timeout', ''
    out = p.stdout.decode('utf-8', 'replace') + p.stderr.decode('utf-8', 'replace')
    if p.returncode == 3:
        return 'reject', out
    if p.returncode in (0, 1):
        return 'accept', out
    return 'crash(%d)' % p.returncode, out


def msg_norm(m):
    """php-fpm's message without where ('[FILE:LINE] ', ' from FILE at
    line N.', ' in Unknown on line N'), errno (': Success (0)', ' (13)')
    and closing punctuation."""
    m = re.sub(r'^(?:\[[^\]]*\] )?(?:ERROR|ALERT): ', '', m.strip())
    m = re.sub(r'^PHP:\s+', '', m)
    m = re.sub(r' in \S+ on line \d+$', '', m)
    m = re.sub(r'^\[[^\]]*:\d+\] ', '', m)
    m = re.sub(r' from \S+ at line \d+\.?$', '', m)
    m = re.sub(r'(: Success)? \(\d+\)$', '', m)
    return m.rstrip(' .!').lower()


def msg_diff(fo, po):
    """When both refuse: php-fpm's first message (not its generic tail)
    must be one of lint's error messages, or the start of one."""
    fl = [x for x in fo.splitlines() if re.search(r'(ERROR|ALERT): |^PHP:', x)]
    why = [x for x in fl if not re.search(r'(ERROR|ALERT): (failed to post process|FPM initialization failed|'
                                          r'failed to load configuration file|Unable to include)', x)]
    fl = why or fl
    if not fl:
        return None
    want = msg_norm(fl[0])
    errs = [l.split(': error: ', 1)[1].rsplit(' [', 1)[0].lower() for l in po.splitlines() if ': error: ' in l]
    if any(want in e for e in errs):
        return None
    return 'php-fpm: %s\n  lint: %s' % (fl[0][:200], ' | '.join(errs)[:600])


def run(c):
    fv, pv = fpm_verdict(c), pf_verdict(c)
    diffs = []
    if fv[0] == 'accept' and pv[0] == 'accept':
        try:
            diffs = value_diff(c)
        except Exception as e:      # a dump that does not parse is a failure
            diffs = ['value comparison failed: %r' % e]
    return c, fv, pv, diffs


system = '/etc/php/8.2/fpm/php-fpm.conf'
bad = 0
n = 0
vbad = 0
mbad = 0    # refused by both, for different reasons
compared = 0
tally = {}
try:
    with concurrent.futures.ThreadPoolExecutor(JOBS) as ex:
        for c, (fv, fo), (pv, po), diffs in ex.map(run, cases):
            n += 1
            tally[fv] = tally.get(fv, 0) + 1
            compared += fv == 'accept' and pv == 'accept'
            if diffs:
                vbad += 1
                print('VALUES %s (%s):\n  %s' % (c[0][:60], c[2], '\n  '.join(x[:300] for x in diffs[:8])))
            md = msg_diff(fo, po) if fv == pv == 'reject' else None
            if md:
                mbad += 1
                print('MESSAGE %s (%s):\n  %s' % (c[0][:60], c[2], md))
            if fv != pv:
                bad += 1
                print('MISMATCH %-40s php-fpm: %s  proxyfpm: %s\n  %s\n--- php-fpm:\n%s--- proxyfpm:\n%s' % (
                    c[0][:40], fv, pv, c[2], fo[-1500:], po[-2500:]))
    if os.path.exists(system):
        # The machine's own tree, read only (php-fpm -t appends to its
        # error_log under /var/log, never to /etc).
        c = ('system ' + system, '/', system, None)
        _, (fv, fo), (pv, po), diffs = run(c)
        compared += fv == 'accept' and pv == 'accept'
        if diffs:
            vbad += 1
            print('VALUES system:\n  %s' % '\n  '.join(diffs[:8]))
        n += 1
        if fv != pv:
            bad += 1
            print('MISMATCH system %s php-fpm: %s proxyfpm: %s\n%s\n%s' % (system, fv, pv, fo, po))
    print('fpm oracle: %d inputs (php-fpm: %s), %d verdict mismatches' % (
        n, ', '.join('%d %s' % (v, k) for k, v in sorted(tally.items())), bad))
    print('fpm oracle: effective values of %d accepted configurations compared with php-fpm -tt, '
          '%d differ' % (compared, vbad))
    print('fpm oracle: first error message of %d configurations both refuse compared, %d differ' % (
        tally.get('reject', 0), mbad))
    bad += vbad + mbad
    print('%d passed, %d failed' % (n - bad, bad))
finally:
    if not KEEP:
        shutil.rmtree(T, ignore_errors=True)
    else:
        print('kept', T)
sys.exit(1 if bad else 0)
