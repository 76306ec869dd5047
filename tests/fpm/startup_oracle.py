#!/usr/bin/python3
"""startup_oracle.py - configurations php-fpm8.2 -t accepts but whose
startup fails or misbehaves, started for real (php-fpm8.2 -F as root) and
compared with lint's reader warnings.

Pools whose listen strings differ (php-fpm -t compares the strings) but
whose sockets meet: a bind that overlaps another pool's socket on the
port fails the startup ("Address already in use"), the same address
spelled another way hands the second pool the first one's socket (both
pools accept on it), a unix path spelled another way fails ("Another FPM
instance seems to already listen").  Users: a numeric user without a
passwd entry and no group= leaves the workers' group 0 ("please specify
user and group other than root").

Host names (this machine's /etc/hosts), unix paths over sun_path's 107
bytes (cut: two alike that far share a socket), listen forms
getaddrinfo() refuses ([::1] without a port, 127.0.0.1:9000x).

Lint must say "startup fails"/"startup refuses" exactly when php-fpm
does not start, and "gets the socket" exactly when two pools share one
(ss -ltn, ss -lx).  process.max (PMAX): lint names exactly the pools
that run fewer workers than they start (/proc).  LOGS: warnings php-fpm
logs only at startup (ACL set, listen.owner ignored).

usage: startup_oracle.py PROXYFPM
"""
import json, os, shutil, signal, socket, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True
PROXYFPM = os.path.abspath(sys.argv[1])
FPM = shutil.which('php-fpm8.2') or '/usr/sbin/php-fpm8.2'
if not os.path.exists(FPM) or not shutil.which('ss'):
    print('SKIP: php-fpm8.2 or ss missing')
    sys.exit(77)
if os.getuid() != 0:
    print('SKIP: php-fpm must start as root')
    sys.exit(77)

# (listens in pool order, P = a free port); 'P2' another free port
PAIRS = [
    ('P', '127.0.0.1:P'), ('127.0.0.1:P', 'P'), ('P', '[::1]:P'), ('[::1]:P', 'P'),
    ('0.0.0.0:P', '127.0.0.1:P'), ('127.0.0.1:P', '0.0.0.0:P'), ('0.0.0.0:P', '[::1]:P'),
    ('[::]:P', '0.0.0.0:P'), ('0.0.0.0:P', '[::]:P'), ('[::]:P', '[::1]:P'),
    ('127.0.0.1:P', '127.0.0.2:P'), ('127.0.0.1:P', '[::1]:P'),
    ('127.0.0.1:P', '[::ffff:127.0.0.1]:P'), ('[::ffff:127.0.0.1]:P', '127.0.0.2:P'),
    ('[::ffff:127.0.0.1]:P', '[::1]:P'), ('[::ffff:0.0.0.0]:P', '127.0.0.1:P'),
    # the same socket under another spelling
    ('0.0.0.0:P', 'P'), ('[::]:P', 'P'), ('P', '[::]:P'), ('127.0.0.1:P', '127.000.000.001:P'),
    ('127.0.0.1:P', '127.1:P'), ('[::1]:P', '[0:0:0:0:0:0:0:1]:P'),
    # three pools: the bare port falls back to 0.0.0.0 past [::1], not past 127.0.0.1
    ('[::1]:P', 'P', '127.0.0.2:P2'), ('127.0.0.1:P', '[::1]:P', 'P'),
    # unix sockets (USER: a pool whose user lines are given instead of www-data)
    ('@T@/s.sock', '@T@/x/../s.sock'), ('@T@/s.sock', '@T@//s.sock'), ('@T@/s.sock', '@T@/t.sock'),
    # sun_path holds 107 bytes and a NUL: php-fpm binds the first 107 of a
    # longer path (strlcpy), so two paths alike that far share one socket
    ('@L@/socket-a',), ('@L@/socket-a', '@L@/socket-b'), ('@L@/socket-a', '@T@/t.sock'),
    # host names: getaddrinfo() (this machine's /etc/hosts), each address
    # tried in turn until one binds
    ('localhost:P', '127.0.0.1:P'), ('127.0.0.1:P', 'localhost:P'), ('P', 'localhost:P'),
    ('localhost:P', 'P'), ('0.0.0.0:P', 'localhost:P'), ('[::1]:P', 'localhost:P'),
    ('localhost:P', '[::1]:P'), ('localhost:P', 'LOCALHOST:P'), ('localhost:P', '127.0.0.2:P'),
    # getaddrinfo() gets the text after the last ':' as the service and
    # the host before it: the port must be all digits, the host no ':'
    # unless an IPv6 address
    ('[::1]',), ('::1',), ('127.0.0.1:Px',), ('"127.0.0.1:P "',), ('[::1]:Pz',), ('[::1:P',),
    ('[::1]:+P',), ('fe80::1:P',),
]
# numeric users: getpwuid() gives the group; none and no group= -> 0
NOUID = 64999
while True:
    try:
        import pwd
        pwd.getpwuid(NOUID)
        NOUID -= 1
    except KeyError:
        break
USERS = [('user = 33',), ('user = %d' % NOUID,), ('user = %d\ngroup = %d' % (NOUID, NOUID),),
         ('user = %d\ngroup = www-data' % NOUID,), ('user = www-data\ngroup = 0',),
         ('user = www-data\ngroup = %d' % NOUID,)]
PAIRS += [('USER',) + u for u in USERS]
# the pid file's directory: php-fpm -t does not write the pid file
PAIRS += [('PID', '@T@/nodir/fpm.pid'), ('PID', '@T@/x/fpm.pid')]
# /var/run is /run on systemd hosts: a pool copied from an old tutorial
# (/var/run/php/...) meets Debian's www.conf (/run/php/...)
RUNDIR = None
if os.path.realpath('/var/run') == '/run' and os.path.isdir('/run'):
    RUNDIR = tempfile.mkdtemp(prefix='pf-startup-', dir='/run')
    os.chmod(RUNDIR, 0o755)
    PAIRS.append((RUNDIR + '/s.sock', '/var' + RUNDIR + '/s.sock'))


def free_port():
    while True:
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        p = s.getsockname()[1]
        s.close()
        if p < 65000:
            return p


def listening(port):
    out = subprocess.run(['ss', '-ltnH', 'sport = :%d' % port], capture_output=True, text=True).stdout
    return len(out.strip().splitlines())


# process.max against the workers each pool starts: (process.max, pools
# as (pm, n)): static n workers, dynamic pm.start_servers n, ondemand up
# to n; a connection is made to each ondemand pool's socket first.  Lint
# must name ("[pool X] process.max") exactly the pools that run fewer
# workers than they start (an ondemand pool: none after a connection).
PMAX = [
    (2, [('static', 3), ('dynamic', 2)]), (3, [('static', 1), ('static', 2), ('dynamic', 1)]),
    (4, [('dynamic', 2), ('static', 3)]), (2, [('static', 2), ('ondemand', 2)]),
    (3, [('static', 2), ('ondemand', 2)]), (2, [('static', 1), ('static', 1)]),
    (0, [('static', 3)]), (1, [('dynamic', 1), ('static', 1)]),
]


# warnings php-fpm logs at startup, not with -t: (pool lines, what its
# log says); lint must say the same words exactly when the log does
LOGS = [
    ('listen.acl_users = www-data\nlisten.owner = www-data', 'ACL set, listen.owner'),
    ('listen.acl_groups = www-data\nlisten.group = www-data', 'ACL set, listen.group'),
    ('listen.acl_users = www-data\nlisten.mode = 0660', 'ACL set'),
    ('listen.owner = www-data\nlisten.group = www-data', 'ACL set'),
    # listen.allowed_clients as the workers read it (fcgi_set_allowed_clients:
    # split at commas alone, inet_pton each entry whole); they say it on
    # their stderr, which catch_workers_output brings to the log
    ('listen = 127.0.0.1:@PORT@\ncatch_workers_output = yes\n'
     'listen.allowed_clients = localhost', "Wrong IP address 'localhost'"),
    ('listen = 127.0.0.1:@PORT@\ncatch_workers_output = yes\n'
     'listen.allowed_clients = localhost', 'There are no allowed addresses'),
    ('listen = 127.0.0.1:@PORT@\ncatch_workers_output = yes\n'
     'listen.allowed_clients = 127.0.0.1, ::1', "Wrong IP address ' ::1'"),
    ('listen = 127.0.0.1:@PORT@\ncatch_workers_output = yes\n'
     'listen.allowed_clients = 127.0.0.1, ::1', 'There are no allowed addresses'),
    ('listen = 127.0.0.1:@PORT@\ncatch_workers_output = yes\n'
     'listen.allowed_clients = 10.0.0.0/8', "Wrong IP address '10.0.0.0/8'"),
    ('listen = 127.0.0.1:@PORT@\ncatch_workers_output = yes\n'
     'listen.allowed_clients = 127.0.0.1,::1', 'Wrong IP address'),
]


def start(main, T):
    """Starts php-fpm on main (prefix T) and waits until it wrote
    T/fpm.pid or exited (3 s at most)."""
    pr = subprocess.Popen([FPM, '-n', '-F', '-y', main, '-p', T], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    for _ in range(150):
        if pr.poll() is not None or os.path.exists(T + '/fpm.pid'):
            break
        time.sleep(0.02)
    return pr


def stop(pr):
    """Stops a php-fpm master we started (SIGQUIT, then SIGKILL)."""
    if pr.poll() is None:
        pr.send_signal(signal.SIGQUIT)
        try:
            pr.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pr.kill()
            pr.wait()

def log_case(base, k, lines, words):
    T = os.path.join(base, 'l%02d' % k)
    os.makedirs(T)
    lines = lines.replace('@PORT@', str(free_port()))
    main = os.path.join(T, 'php-fpm.conf')
    with open(main, 'w') as f:
        f.write('[global]\nerror_log = %s/fpm.log\npid = %s/fpm.pid\ndaemonize = no\n'
                '[p0]\nuser = www-data\nlisten = %s/p0.sock\npm = static\npm.max_children = 1\n%s\n'
                % (T, T, T, lines))
    pr = start(main, T)
    if 'catch_workers_output' in lines:
        time.sleep(0.5)	# (a worker's own start-up)
    stop(pr)
    try:
        with open(T + '/fpm.log') as f:
            logged = words in f.read()
    except OSError:
        logged = False
    lint = subprocess.run([PROXYFPM, 'lint', '--no-config', '--fpm', main, '-p', T, '--fail-on', 'none',
                           '--format', 'json'], capture_output=True)
    said = any(words in x.get('message', '') for x in json.loads(lint.stdout)['findings'])
    ok = logged == said
    print('%s %-48s php-fpm logs %r: %s; lint: %s' % ('ok  ' if ok else 'FAIL', lines.replace('\n', ', '),
                                                     words, 'yes' if logged else 'no', 'yes' if said else 'no'))
    return ok


def pool_workers(master):
    """{pool name: workers} of the php-fpm master with pid MASTER."""
    n = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % d) as f:
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            if ppid != master:
                continue
            with open('/proc/%s/cmdline' % d, 'rb') as f:
                cmd = f.read().replace(b'\0', b' ').decode(errors='replace').strip()
        except (OSError, ValueError, IndexError):
            continue
        if cmd.startswith('php-fpm: pool '):
            name = cmd[len('php-fpm: pool '):].split()[0]
            n[name] = n.get(name, 0) + 1
    return n


def pmax_case(base, k, cap, pools):
    T = os.path.join(base, 'm%02d' % k)
    os.makedirs(T)
    conf = '[global]\nerror_log = %s/fpm.log\npid = %s/fpm.pid\ndaemonize = no\nprocess.max = %d\n' % (T, T, cap)
    for i, (pm, n) in enumerate(pools):
        conf += '[p%d]\nuser = www-data\nlisten = %s/p%d.sock\npm = %s\n' % (i, T, i, pm)
        if pm == 'dynamic':
            conf += 'pm.max_children = 5\npm.start_servers = %d\npm.min_spare_servers = 1\n' \
                    'pm.max_spare_servers = %d\n' % (n, n)
        else:
            conf += 'pm.max_children = %d\n' % n
    main = os.path.join(T, 'php-fpm.conf')
    with open(main, 'w') as f:
        f.write(conf)
    pr = start(main, T)
    time.sleep(0.2)
    conns = []
    for i, (pm, n) in enumerate(pools):
        if pm == 'ondemand':
            c = socket.socket(socket.AF_UNIX)
            try:
                c.connect('%s/p%d.sock' % (T, i))
            except OSError:
                pass
            conns.append(c)
    time.sleep(0.3)
    got = pool_workers(pr.pid)
    for c in conns:
        c.close()
    stop(pr)
    short = set()
    for i, (pm, n) in enumerate(pools):
        if got.get('p%d' % i, 0) < (1 if pm == 'ondemand' else n):
            short.add('p%d' % i)
    lint = subprocess.run([PROXYFPM, 'lint', '--no-config', '--fpm', main, '-p', T, '--fail-on', 'none',
                           '--format', 'json'], capture_output=True)
    named = set()
    for x in json.loads(lint.stdout)['findings']:
        m = x.get('message', '')
        if m.startswith('[pool ') and '] process.max' in m:
            named.add(m[6:m.index(']')])
    ok = short == named
    print('%s process.max = %d, %-40s workers %s; lint names %s' % (
        'ok  ' if ok else 'FAIL', cap, ' + '.join('%s %d' % pn for pn in pools),
        ' '.join('p%d=%d' % (i, got.get('p%d' % i, 0)) for i in range(len(pools))),
        ' '.join(sorted(named)) or 'none'))
    return ok


def unix_listening(T):
    out = subprocess.run(['ss', '-lxH'], capture_output=True, text=True).stdout
    return sum(1 for l in out.splitlines() if T + '/' in l)


def main():
    base = tempfile.mkdtemp(prefix='pf-startup-')
    os.chmod(base, 0o755)
    fail = 0
    try:
        for n, listens in enumerate(PAIRS):
            T = os.path.join(base, 'c%02d' % n)
            os.makedirs(os.path.join(T, 'x'))
            port, port2 = free_port(), free_port()
            conf = '[global]\nerror_log = %s/fpm.log\npid = %s/fpm.pid\ndaemonize = no\n' % (T, T)
            label = None
            if listens[0] == 'PID':
                conf = conf.replace('pid = %s/fpm.pid' % T, 'pid = ' + listens[1].replace('@T@', T))
                conf += '[u]\nuser = www-data\nlisten = %s/u.sock\npm = static\npm.max_children = 1\n' % T
                label = 'pid = ' + listens[1]
                listens = ()
            elif listens[0] == 'USER':
                conf += '[u]\n%s\nlisten = %s/u.sock\npm = static\npm.max_children = 1\n' % (listens[1], T)
                listens = ()
            # a directory whose socket paths pass sun_path's 107 bytes
            L = os.path.join(T, 'd' * max(1, 99 - len(T)))
            os.makedirs(L, exist_ok=True)
            ls = [l.replace('@L@', L).replace('@T@', T).replace('P2', str(port2)).replace('P', str(port)) for l in listens]
            for i, l in enumerate(ls):
                conf += '[p%d]\nuser = www-data\nlisten = %s\npm = static\npm.max_children = 1\n' % (i, l)
            label = label or ' + '.join(listens) or conf.split('[u]\n')[1].split('\nlisten')[0].replace('\n', ', ')
            main = os.path.join(T, 'php-fpm.conf')
            with open(main, 'w') as f:
                f.write(conf)
            t = subprocess.run([FPM, '-n', '-t', '-y', main, '-p', T], capture_output=True)
            pr = subprocess.Popen([FPM, '-n', '-F', '-y', main, '-p', T], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
            alive, nsock, nunix = False, 0, 0
            want_sock = sum(1 for l in listens if 'P' in l and 'P2' not in l and '@' not in l)
            want_unix = sum(1 for l in listens if l.startswith('@'))
            pidf = conf.split('pid = ', 1)[1].split('\n', 1)[0]
            for _ in range(150):
                if pr.poll() is not None:
                    break
                if os.path.exists(pidf):
                    alive = True
                    break
                time.sleep(0.02)
            if alive:
                time.sleep(0.1)
                alive = pr.poll() is None
                nsock = listening(port) if want_sock else 0
                nunix = unix_listening(T) if want_unix else 0
            stop(pr)
            shared = alive and ((want_sock > 0 and nsock < want_sock) or
                                (want_unix > 0 and nunix < want_unix))
            lint = subprocess.run([PROXYFPM, 'lint', '--no-config', '--fpm', main, '-p', T, '--fail-on', 'none',
                                   '--format', 'json'], capture_output=True)
            msgs = [x.get('message', '') for x in json.loads(lint.stdout)['findings']]
            says_fail = any('startup fails' in m or 'startup refuses' in m for m in msgs)
            says_share = any('gets the socket' in m for m in msgs)
            ok = t.returncode == 0 and says_fail == (not alive) and says_share == shared
            print('%s %-48s php-fpm -t %d, starts: %s%s; lint: %s' % (
                'ok  ' if ok else 'FAIL', label, t.returncode, 'yes' if alive else 'no',
                ' (one socket shared)' if shared else '',
                'startup fails' if says_fail else 'shares a socket' if says_share else 'nothing'))
            fail += not ok
        for k, (cap, pools) in enumerate(PMAX):
            fail += not pmax_case(base, k, cap, pools)
        for k, (lines, words) in enumerate(LOGS):
            fail += not log_case(base, k, lines, words)
    finally:
        shutil.rmtree(base, ignore_errors=True)
        if RUNDIR:
            shutil.rmtree(RUNDIR, ignore_errors=True)
    print('startup oracle: %d of %d disagree' % (fail, len(PAIRS) + len(PMAX) + len(LOGS)))
    return 1 if fail else 0


if __name__ == '__main__':
    sys.exit(main())
