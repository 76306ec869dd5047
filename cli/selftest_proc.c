/*
 * selftest_proc.c - the real servers of selftest: finding apache2 (and
 * php-fpm) and Apache's modules, starting them in the sandbox in their own
 * process groups, waiting until they listen, and stopping them by PID.
 *
 * Each server runs in the foreground (-DFOREGROUND, -F) as a child of
 * selftest in a process group of its own, with PR_SET_PDEATHSIG so that
 * it is told to stop even if selftest itself is killed.  Stopping sends
 * SIGTERM to the PID and waits; what is still alive after the grace time
 * gets SIGKILL through the group, and the group is checked to be empty.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/selftest.h"
#include "model/buf.h"

/* The process groups to kill if a second signal asks to hurry. */
static volatile pid_t groups[2];

/* Milliseconds on the monotonic clock (every deadline of selftest). */
double
st_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
sleep_ms(double ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
	nanosleep(&ts, NULL);
}

const char *
st_find_program(struct pf_arena *a, const char *name)
{
	static const char *const extra[] = { "/usr/sbin", "/usr/local/sbin",
	    "/sbin", NULL };
	const char *path = getenv("PATH"), *p, *e;
	char *cand;
	int i;

	if (name == NULL || name[0] == '\0')
		return NULL;
	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? name : NULL;
	for (p = path; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p)
			continue;
		cand = pf_printf(a, "%.*s/%s", (int)(e - p), p, name);
		if (access(cand, X_OK) == 0)
			return cand;
	}
	/* sbin is not on every user's PATH */
	for (i = 0; extra[i] != NULL; i++) {
		cand = pf_printf(a, "%s/%s", extra[i], name);
		if (access(cand, X_OK) == 0)
			return cand;
	}
	return NULL;
}

/*
 * The version of the apache2 binary from the banner it carries
 * ("Apache/2.4.71", AP_SERVER_BASEVERSION): reading the file is far
 * cheaper than starting it with -v, which the readers would do otherwise.
 * NULL if it is not found (the readers then ask 'apache2 -v').
 */
const char *
st_apache_version(struct st_ctx *c)
{
	static const char tag[] = "Apache/2.";
	struct stat st;
	char *buf;
	const char *p, *end;
	size_t n, k, cap;
	ssize_t r;
	int fd;

	fd = open(c->apache_bin, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    st.st_size > (64 << 20)) {
		close(fd);
		return NULL;
	}
	cap = (size_t)st.st_size;
	buf = malloc(cap);
	for (n = 0; buf != NULL && n < cap; n += (size_t)r)
		if ((r = read(fd, buf + n, cap - n)) <= 0)
			break;
	close(fd);
	if (buf == NULL)
		return NULL;
	p = buf;
	end = buf + n;
	while ((p = memmem(p, (size_t)(end - p), tag, sizeof(tag) - 1)) !=
	    NULL) {
		p += 7;
		k = strspn(p, "0123456789.");
		if (p + k < end && k >= 5 && k <= 12 && p[k - 1] != '.' &&
		    strchr(p + 2, '.') != NULL && strchr(p + 2, '.') < p + k) {
			const char *v = pf_strndup(c->a, p, k);

			free(buf);
			return v;
		}
	}
	free(buf);
	return NULL;
}

static int
has_proxy_fcgi(struct st_ctx *c, const char *dir)
{
	return dir != NULL && access(pf_printf(c->a, "%s/mod_proxy_fcgi.so",
	    dir), R_OK) == 0;
}

/* Runs argv and returns what it printed (stdout and stderr), or NULL. */
static char *
capture(struct st_ctx *c, const char *const argv[])
{
	struct pf_buf b = PF_BUF_INIT;
	char buf[4096], *r;
	ssize_t n;
	int fd[2], st;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (pid == 0) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0 || (n < 0 &&
	    errno == EINTR))
		if (n > 0 && b.len < (1u << 20))
			pf_buf_add(&b, buf, (size_t)n);
	close(fd[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r = pf_strdup(c->a, pf_buf_str(&b));
	pf_buf_free(&b);
	return r;
}

/* -D NAME="value" from apache2 -V. */
static const char *
v_define(struct st_ctx *c, const char *out, const char *name)
{
	const char *p = strstr(out, name), *e;

	if (p == NULL || p[strlen(name)] != '=' || p[strlen(name) + 1] != '"')
		return NULL;
	p += strlen(name) + 2;
	e = strchr(p, '"');
	return e ? pf_strndup(c->a, p, (size_t)(e - p)) : NULL;
}

const char *
st_find_moddir(struct st_ctx *c)
{
	static const char *const known[] = {
		"/usr/lib/apache2/modules",	/* Debian, Ubuntu */
		"/usr/lib64/httpd/modules",	/* RHEL, Fedora */
		"/usr/lib/httpd/modules",
		"/usr/lib/apache2",		/* Alpine, SUSE */
		"/usr/libexec/apache2",		/* macOS */
		"/usr/local/libexec/apache24",	/* FreeBSD */
		"/usr/local/apache2/modules",	/* the source default */
		NULL,
	};
	char real[PATH_MAX], *sl;
	const char *argv[3], *out, *d;
	int i;

	if (c->moddir != NULL)
		return has_proxy_fcgi(c, c->moddir) ? c->moddir : NULL;
	/* Beside the binary: /usr/sbin/apache2 -> /usr/lib/apache2/modules */
	if (realpath(c->apache_bin, real) != NULL &&
	    (sl = strrchr(real, '/')) != NULL) {
		*sl = '\0';
		if ((sl = strrchr(real, '/')) != NULL) {
			*sl = '\0';
			d = pf_printf(c->a, "%s/lib/apache2/modules", real);
			if (has_proxy_fcgi(c, d))
				return d;
			d = pf_printf(c->a, "%s/modules", real);
			if (has_proxy_fcgi(c, d))
				return d;
		}
	}
	for (i = 0; known[i] != NULL; i++)
		if (has_proxy_fcgi(c, known[i]))
			return known[i];
	/* Ask the binary where it was built to live. */
	argv[0] = c->apache_bin;
	argv[1] = "-V";
	argv[2] = NULL;
	if ((out = capture(c, argv)) != NULL) {
		if ((d = v_define(c, out, "HTTPD_ROOT")) != NULL &&
		    has_proxy_fcgi(c, pf_printf(c->a, "%s/modules", d)))
			return pf_printf(c->a, "%s/modules", d);
		if ((d = v_define(c, out, "SUEXEC_BIN")) != NULL &&
		    (sl = strrchr(d, '/')) != NULL) {
			d = pf_printf(c->a, "%.*s/modules", (int)(sl - d), d);
			if (has_proxy_fcgi(c, d))
				return d;
		}
	}
	return NULL;
}

/*
 * Starts argv in its own process group with output to a file.  The child
 * gets SIGTERM when selftest dies and an empty signal mask.
 */
static pid_t
spawn(const char *const argv[], const char *const envp[], const char *out)
{
	sigset_t none;
	pid_t parent = getpid(), pid;
	int fd, nul;

	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
	sigemptyset(&none);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execve(argv[0], (char *const *)argv, (char *const *)envp);
		_exit(127);
	}
	if (pid > 0)
		setpgid(pid, pid);	/* also here: no race with kill(-pid) */
	close(fd);
	if (nul >= 0)
		close(nul);
	return pid;
}

/* Nonzero if pid has exited (not reaped: its status stays for later). */
static int
exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno == ECHILD;
	return si.si_pid == pid;
}

static int
try_connect(const char *addr)
{
	struct sockaddr_un su;
	struct sockaddr_in si;
	const char *colon;
	int fd, r;

	if (strncmp(addr, "unix:", 5) == 0) {
		if (strlen(addr + 5) >= sizeof(su.sun_path))
			return -1;
		memset(&su, 0, sizeof(su));
		su.sun_family = AF_UNIX;
		strcpy(su.sun_path, addr + 5);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -1;
		r = connect(fd, (struct sockaddr *)&su, sizeof(su));
	} else {
		colon = strrchr(addr, ':');
		if (colon == NULL)
			return -1;
		memset(&si, 0, sizeof(si));
		si.sin_family = AF_INET;
		si.sin_port = htons((unsigned short)atoi(colon + 1));
		si.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		/* Not blocking: a listener that does not accept (someone
		 * else's, its queue full) would hold the wait for minutes of
		 * SYN retries.  Half a second per try. */
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0);
		if (fd < 0)
			return -1;
		r = connect(fd, (struct sockaddr *)&si, sizeof(si));
		if (r < 0 && errno == EINPROGRESS) {
			struct pollfd pf = { fd, POLLOUT, 0 };
			int err = 0;
			socklen_t el = sizeof(err);

			r = -1;
			if (poll(&pf, 1, 500) == 1 && getsockopt(fd, SOL_SOCKET,
			    SO_ERROR, &err, &el) == 0 && err == 0)
				r = 0;
		}
	}
	close(fd);
	return r;
}

/*
 * Whether the TCP listener on port (any address) is a socket process pid
 * holds: 1 yes, 0 some other process's (the port was free when picked and
 * someone took it before our server: it cannot bind and will exit, and
 * the probes must not go to the other one), -1 unknown (no /proc).  From
 * /proc/net/tcp{,6} (state 0A: LISTEN, and the socket's inode) and the
 * links in /proc/PID/fd.
 */
static int
listener_of(int port, pid_t pid)
{
	static const char *const tabs[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	unsigned long inodes[16];
	char line[512], path[64], link[64], want[64], fp[384];
	size_t ni = 0, t, k;
	int found = 0;
	DIR *d;
	struct dirent *e;

	for (t = 0; t < 2; t++) {
		FILE *f = fopen(tabs[t], "r");

		if (f == NULL)
			continue;
		found = 1;
		while (fgets(line, sizeof(line), f) != NULL) {
			char local[64], st[8];
			unsigned long ino;
			const char *colon;

			if (sscanf(line, " %*s %63s %*s %7s %*s %*s %*s %*s %*s "
			    "%lu", local, st, &ino) != 3 || strcmp(st, "0A") != 0)
				continue;
			colon = strrchr(local, ':');
			if (colon != NULL && strtol(colon + 1, NULL, 16) == port &&
			    ni < sizeof(inodes) / sizeof(inodes[0]))
				inodes[ni++] = ino;
		}
		fclose(f);
	}
	if (!found)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(fp, sizeof(fp), "%s/%s", path, e->d_name);
		if ((n = readlink(fp, link, sizeof(link) - 1)) <= 0)
			continue;
		link[n] = '\0';
		for (k = 0; k < ni; k++) {
			snprintf(want, sizeof(want), "socket:[%lu]", inodes[k]);
			if (strcmp(link, want) == 0) {
				closedir(d);
				return 1;
			}
		}
	}
	closedir(d);
	return 0;
}

int
st_wait_listen(const char *addr, pid_t pid, unsigned ms)
{
	double end = st_now_ms() + ms, nap = 0.5;
	const char *colon = strrchr(addr, ':');
	int tcp = strncmp(addr, "unix:", 5) != 0 && colon != NULL;

	for (;;) {
		if (st_interrupted)
			return -1;
		/* (a TCP port answering for another process is not ours:
		 * wait for our server to bind it, or to exit) */
		if (try_connect(addr) == 0 && (!tcp || pid <= 0 ||
		    listener_of(atoi(colon + 1), pid) != 0))
			return 1;
		if ((pid > 0 && exited(pid)) || st_now_ms() > end)
			return 0;
		sleep_ms(nap);
		if (nap < 4)
			nap *= 1.5;
	}
}

/* The last lines of a file (what a server said before it died). */
static const char *
tail(struct st_ctx *c, const char *path, int lines)
{
	FILE *f = fopen(path, "r");
	char buf[65536];
	size_t n;
	const char *p;
	int k = 0;

	if (f == NULL)
		return "";
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > (long)sizeof(buf) - 1)
		fseek(f, -(long)sizeof(buf) + 1, SEEK_END);
	else
		rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	for (p = buf + n; p > buf; p--)
		if (p[-1] == '\n' && ++k == lines)
			break;
	return pf_strdup(c->a, p);
}

static const char **
server_env(struct st_ctx *c)
{
	const char **e = pf_alloc(c->a, 12 * sizeof(*e));
	const char *u = c->user ? c->user : "www-data";
	const char *g = c->group ? c->group : "www-data";

	e[0] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:"
	    "/bin";
	e[1] = "LANG=C";
	e[2] = pf_printf(c->a, "APACHE_RUN_USER=%s", u);
	e[3] = pf_printf(c->a, "APACHE_RUN_GROUP=%s", g);
	e[4] = pf_printf(c->a, "APACHE_PID_FILE=%s/httpd.pid", c->adir);
	e[5] = pf_printf(c->a, "APACHE_RUN_DIR=%s", c->adir);
	e[6] = pf_printf(c->a, "APACHE_LOCK_DIR=%s", c->adir);
	e[7] = pf_printf(c->a, "APACHE_LOG_DIR=%s", c->logs);
	e[8] = pf_printf(c->a, "PHP_INI_SCAN_DIR=%s/php-conf.d", c->fdir);
	e[9] = pf_printf(c->a, "TMPDIR=%s", c->logs);
	e[10] = NULL;
	return e;
}

int
st_apache_start(struct st_ctx *c)
{
	const char *argv[16], *out = pf_printf(c->a, "%s/apache.out",
	    c->logs);
	size_t i, k;
	int n = 0, r;

	argv[n++] = c->apache_bin;
	argv[n++] = "-f";
	argv[n++] = c->httpd_conf;
	argv[n++] = "-d";
	argv[n++] = c->adir;
	argv[n++] = "-DFOREGROUND";
	argv[n] = NULL;
	c->t_apache = st_now_ms();
	c->apache_pid = spawn(argv, server_env(c), out);
	if (c->apache_pid < 0) {
		st_error(c, "selftest-apache-failed", PF_NOLOC, "cannot start "
		    "%s: %s", c->apache_bin, strerror(errno));
		return -1;
	}
	groups[0] = c->apache_pid;
	if (c->verbose)
		st_say("started %s: pid %d, process group %d", c->apache_bin,
		    (int)c->apache_pid, (int)c->apache_pid);
	for (i = 0; i < c->vports.n; i++) {
		for (k = 0; k < i && c->vports.v[k].to != c->vports.v[i].to;
		    k++)
			;
		if (k < i)
			continue;
		r = st_wait_listen(pf_printf(c->a, "127.0.0.1:%d",
		    c->vports.v[i].to), c->apache_pid, c->timeout_ms);
		if (r < 0)
			return -1;
		if (r == 0) {
			const char *o = tail(c, out, 12);
			const char *e = tail(c, pf_printf(c->a,
			    "%s/apache-error.log", c->logs), 12);

			st_error(c, "selftest-apache-failed", PF_NOLOC,
			    "apache2 did not start with the configuration "
			    "under test:\n%s%s%s", st_untmp(c, o), *o && *e ?
			    "\n" : "", st_untmp(c, e));
			return -1;
		}
	}
	c->apache_ms = (int)(st_now_ms() - c->t_apache + 0.5);
	return 0;
}

int
st_fpm_start(struct st_ctx *c)
{
	const char *argv[16], *out = pf_printf(c->a, "%s/php-fpm.out",
	    c->logs);
	size_t i;
	int n = 0, r;

	argv[n++] = c->fpm_bin;
	argv[n++] = "-F";
	argv[n++] = "-y";
	argv[n++] = c->fpm_conf;
	argv[n++] = "-p";
	argv[n++] = c->fdir;
	if (c->phpini != NULL) {
		argv[n++] = "-c";
		argv[n++] = c->phpini;
	} else
		argv[n++] = "-n";	/* PHP's defaults, as the runtime */
	argv[n] = NULL;
	c->fpm_pid = spawn(argv, server_env(c), out);
	if (c->fpm_pid < 0) {
		st_error(c, "selftest-backend-failed", PF_NOLOC, "cannot start "
		    "%s: %s", c->fpm_bin, strerror(errno));
		return -1;
	}
	groups[1] = c->fpm_pid;
	if (c->verbose)
		st_say("started %s: pid %d, process group %d", c->fpm_bin,
		    (int)c->fpm_pid, (int)c->fpm_pid);
	for (i = 0; i < c->pools.n; i++) {
		r = st_wait_listen(c->pools.v[i].listen, c->fpm_pid,
		    c->timeout_ms);
		if (r < 0)
			return -1;
		if (r == 0) {
			const char *o = tail(c, out, 12);
			const char *e = tail(c, pf_printf(c->a,
			    "%s/php-fpm.log", c->logs), 12);

			st_error(c, "selftest-backend-failed", PF_NOLOC,
			    "php-fpm did not listen on %s with the pools "
			    "under test:\n%s%s%s", c->pools.v[i].listen,
			    st_untmp(c, o), *o && *e ? "\n" : "",
			    st_untmp(c, e));
			return -1;
		}
	}
	return 0;
}

/* SIGTERM to the group, a grace time, then SIGKILL; reaps the PID. */
static void
stop(pid_t pid, double grace_ms)
{
	double end = st_now_ms() + grace_ms, nap = 0.5;
	int st;

	if (pid <= 0)
		return;
	/* The whole group at once: the children end with their parent
	 * instead of waiting for it to reap them one by one. */
	kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			break;
		if (st_now_ms() > end) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			break;
		}
		sleep_ms(nap);
		if (nap < 8)
			nap *= 1.5;
	}
	/* Children the server left behind (it should have reaped them). */
	end = st_now_ms() + 2000;
	while (kill(-pid, 0) == 0 && st_now_ms() < end) {
		kill(-pid, SIGKILL);
		sleep_ms(1);
	}
}

void
st_procs_stop(struct st_ctx *c)
{
	if (c->apache_pid > 0) {
		if (c->verbose)
			st_say("stopping apache2 (pid %d)", (int)c->apache_pid);
		stop(c->apache_pid, 5000);
		groups[0] = 0;
		c->apache_pid = 0;
	}
	if (c->fpm_pid > 0) {
		if (c->verbose)
			st_say("stopping php-fpm (pid %d)", (int)c->fpm_pid);
		stop(c->fpm_pid, 5000);
		groups[1] = 0;
		c->fpm_pid = 0;
	}
}

void
st_procs_kill_now(void)
{
	if (groups[0] > 0)
		kill(-groups[0], SIGKILL);
	if (groups[1] > 0)
		kill(-groups[1], SIGKILL);
}
