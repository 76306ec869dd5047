/*
 * catalog.c - every rule: stable id, short name, default severity,
 * category and one-line summary.  The long text of each rule lives in
 * docs/rules/<id>.md and is embedded at build time (rule_docs.c, made by
 * rules/gen_docs.cmake); the registry attaches it as info.help.
 *
 * Ids follow reference/security-rules.md; never rename one (suppression
 * comments, baselines and CI configs name them).
 */
#include "rules/rule.h"

#define R(id, name, sev, cat, sum) { id, name, PF_SEV_##sev, sum, cat, NULL }

struct pf_rule_info pf_rule_table[] = {
	/* Routing: how a URL reaches PHP-FPM. */
	R("greedy-proxypassmatch", "URL-based route forwards non-script paths",
	    HIGH, "routing", "ProxyPass/ProxyPassMatch/RewriteRule [P] sends "
	    "paths that are not existing PHP scripts to FPM, bypassing "
	    "Apache's file checks"),
	R("pathinfo-exposure", "cgi.fix_pathinfo lets FPM pick the script",
	    HIGH, "routing", "FPM resolves /upload/evil.jpg/x.php to evil.jpg "
	    "(fix_pathinfo=1 with a URL route), or runs PATH_TRANSLATED "
	    "(fix_pathinfo=0 with SetHandler)"),
	R("unanchored-php-handler", "PHP handler pattern is not anchored",
	    HIGH, "routing", "a handler pattern matches names whose last "
	    "extension is not PHP (evil.php.jpg)"),
	R("addhandler-multi-extension", "AddHandler/AddType maps PHP by any "
	    "extension", HIGH, "routing", "mod_mime applies a handler for .php "
	    "anywhere in the name: cat.php.jpg runs as PHP"),
	R("handler-in-location", "PHP handler set in a Location section", HIGH,
	    "routing", "SetHandler proxy: in <Location>/<LocationMatch> matches "
	    "/upload/evil.jpg/x.php and sends evil.jpg to FPM"),
	R("proxy-acl-bypass", "Access rules skipped by URL-based proxying",
	    HIGH, "routing", "<Directory>/<Files>/.htaccess restrictions do not "
	    "apply to requests routed by ProxyPass*/RewriteRule [P]"),
	R("sethandler-no-file-check", "PHP handler without a file-exists "
	    "guard", INFO, "routing", "requests for scripts that do not exist "
	    "reach FPM (no <If \"-f %{REQUEST_FILENAME}\">)"),
	R("route-dead", "PHP route that never matches a script", INFO,
	    "routing", "a route to FPM matches none of the ordinary script "
	    "URLs (/index.php, /a/b.php)"),
	R("route-any-script", "A URL route runs any PHP file on the machine",
	    HIGH, "routing", "a ProxyPass/ProxyPassMatch/RewriteRule [P] "
	    "target takes the rest of the URL as a path from the file "
	    "system's root (ProxyPass /healthcheck fcgi://localhost:9000): "
	    "any PHP file FPM can read is a URL"),
	R("route-query-refused", "URL route refuses every request with a "
	    "query string (403)", MEDIUM, "routing", "a ProxyPass* with "
	    "nocanon or a RewriteRule [P,NE] to FastCGI forwards the query "
	    "string in the path, which mod_proxy_fcgi refuses since Apache "
	    "2.4.63 (AH10414): every URL with a query string gets 403"),
	R("route-bad-host", "FastCGI URL mod_proxy cannot parse (400)",
	    MEDIUM, "routing", "mod_proxy cannot parse the FastCGI URL "
	    "(fcgi://9, an empty host, a bad port, no //, a bad unix: part): "
	    "every PHP request gets 400"),
	R("fcgi-setenv-backref-crash", "ProxyFCGISetEnvIf crashes Apache's "
	    "child", HIGH, "routing", "a ProxyFCGISetEnvIf value uses $0-$9 "
	    "while its condition has no capturing regex: Apache's child "
	    "process segfaults on every request the line applies to, which "
	    "gets no answer"),
	/* FPM's last guard. */
	R("fpm-limit-extensions-weak", "security.limit_extensions allows "
	    "non-scripts", HIGH, "fpm", "security.limit_extensions is empty or "
	    "lists extensions that are not PHP scripts"),
	/* Uploads and per-directory overrides. */
	R("upload-under-docroot", "Upload directory can run PHP", HIGH,
	    "uploads", "a directory users write to is served and a .php file "
	    "placed there is executed"),
	R("htaccess-override-upload", "AllowOverride on an upload directory",
	    HIGH, "uploads", "an uploaded .htaccess can add handlers or set "
	    "PHP_VALUE"),
	R("user-ini-upload", ".user.ini honoured where users write", MEDIUM,
	    "uploads", "an uploaded .user.ini can set auto_prepend_file for "
	    "scripts in and below a writable directory"),
	R("upload-tmp-in-docroot", "upload_tmp_dir inside a DocumentRoot",
	    MEDIUM, "uploads", "uploaded files are stored under a served "
	    "directory while the request runs"),
	R("modphp-directive-under-fpm", "mod_php directive with PHP-FPM",
	    MEDIUM, "uploads", "php_value/php_flag/php_admin_* in Apache config "
	    "or php_admin_flag[engine] in a pool has no effect under FPM"),
	/* FPM exposure and isolation. */
	R("fpm-listen-public", "FPM listens on a public address", CRITICAL,
	    "exposure", "anyone who can connect to the FastCGI port can run "
	    "code (no allowed_clients restriction)"),
	R("fpm-listen-loopback-tcp", "FPM on loopback TCP without "
	    "allowed_clients", LOW, "exposure", "every local user and every "
	    "SSRF on the host can speak FastCGI to the pool"),
	R("fpm-remote-backend", "FastCGI over the network", INFO, "exposure",
	    "the pool is reached over a non-loopback address in plain text"),
	R("fpm-socket-world-writable", "FPM socket writable by others", HIGH,
	    "exposure", "listen.mode/ACLs or the socket's directory let any "
	    "local user connect and run code as the pool user"),
	R("fpm-pool-root", "FPM pool runs as root", CRITICAL, "isolation",
	    "a pool's user or group is root"),
	R("fpm-shared-user", "Pools share one user", MEDIUM, "isolation",
	    "several sites' pools run as the same user (or as Apache's)"),
	R("userdir-php-exec", "Local accounts run PHP through UserDir", HIGH,
	    "isolation", "mod_userdir maps /~user/ of real local accounts to "
	    "a directory whose .php files run in a pool that is not theirs "
	    "(the server-wide pool as www-data): every shell user runs code "
	    "as the web user"),
	R("pool-shared-across-vhosts", "One pool serves several sites",
	    MEDIUM, "isolation", "vhosts with different DocumentRoots send PHP "
	    "to the same pool"),
	R("php-value-fastcgi-override", "PHP_VALUE/PHP_ADMIN_VALUE set in "
	    "Apache", HIGH, "isolation", "FastCGI params override the pool's "
	    "php_admin_value and persist in the worker"),
	R("fpm-status-exposed", "FPM status/ping page reachable", MEDIUM,
	    "exposure", "pm.status_path or ping.path is routed from a vhost "
	    "without an access restriction"),
	R("secrets-served", "A .git repository, .env file or PHP backup "
	    "copy is served", HIGH, "exposure", "the DocumentRoot holds .git, "
	    ".env or a copy like wp-config.php~ and Apache hands it out: "
	    "source, passwords, keys"),
	R("directory-listing", "A folder of the site is listed to anyone",
	    MEDIUM, "exposure", "Options Indexes in effect where no "
	    "DirectoryIndex file is: GET /wp-content/uploads/ (or the "
	    "DocumentRoot's /) answers mod_autoindex's list of every file"),
	R("phpinfo-exposed", "A phpinfo() page runs for anyone", MEDIUM,
	    "exposure", "info.php, phpinfo.php or test.php left in the "
	    "DocumentRoot calls phpinfo(): configuration, paths, cookies and "
	    "the worker's environment for every visitor"),
	R("php-source-served", "PHP scripts are sent as plain text",
	    HIGH, "exposure", "a proxy: handler mod_proxy declines (a typo "
	    "in its URL, a proxy module not loaded): the default handler "
	    "sends every script's source, passwords included"),
	R("open-forward-proxy", "Apache is an open forward proxy",
	    CRITICAL, "exposure", "ProxyRequests On without a <Proxy *> "
	    "access rule: anyone relays through the server, and with "
	    "mod_proxy_fcgi \"GET fcgi://...\" runs any PHP file on the "
	    "machine (high without mod_proxy_fcgi)"),
	R("remoteip-spoofable", "mod_remoteip trusts any client's header",
	    HIGH, "exposure", "RemoteIPHeader without a trusted proxy list: "
	    "every client sets the address that Require ip, the logs and "
	    "PHP's REMOTE_ADDR see"),
	R("apache-status-exposed", "server-status, server-info or "
	    "balancer-manager reachable", MEDIUM, "exposure", "mod_status, "
	    "mod_info or mod_proxy_balancer's manager answers anyone: client "
	    "addresses and URLs with query strings, the whole configuration, "
	    "or a form that changes the balancers (high)"),
	R("root-directory-granted", "The file system outside the sites is "
	    "not denied", LOW, "exposure", "no <Directory /> Require all "
	    "denied (or a grant there): an Alias, RewriteRule or UserDir that "
	    "leads outside the DocumentRoots serves any file Apache can read "
	    "(CIS Apache 2.4 Benchmark 4.1)"),
	R("require-local-behind-proxy", "An access rule by loopback address "
	    "where Apache answers on loopback only", MEDIUM, "exposure",
	    "Require local or ip 127.0.0.1 restricts nothing behind a proxy "
	    "on the same host: every client it forwards connects from "
	    "there"),
	R("clear-env-no", "clear_env = no", MEDIUM, "exposure",
	    "workers inherit the master's whole environment (secrets)"),
	R("fpm-ini-relative-path", "Relative path in a pool's PHP setting",
	    MEDIUM, "fpm", "php-fpm puts its prefix (/usr) before a relative "
	    "error_log, sendmail_path, session.cookie_path, extension_dir, "
	    "... of php_value/php_admin_value"),
	/* php.ini. */
	R("open-basedir-blocks-uploads", "open_basedir leaves out the upload "
	    "folder", MEDIUM, "php", "no upload_tmp_dir, and open_basedir "
	    "does not cover the default temporary folder (/tmp): every file "
	    "upload fails with UPLOAD_ERR_NO_TMP_DIR (\"Missing a temporary "
	    "folder\")"),
	R("body-limit-ignored", "LimitRequestBody does not cover PHP", INFO,
	    "php", "Apache lifts LimitRequestBody for the requests mod_proxy "
	    "sends to PHP-FPM: only post_max_size caps the bodies PHP "
	    "reads"),
	R("post-max-below-upload", "post_max_size below upload_max_filesize",
	    LOW, "php", "PHP drops a request body above post_max_size whole: "
	    "uploads the upload_max_filesize allows arrive with empty "
	    "$_FILES and $_POST"),
	R("expose-php", "expose_php on", INFO, "php",
	    "PHP announces its version in X-Powered-By"),
	R("display-errors-on", "display_errors on", MEDIUM, "php",
	    "errors with paths and data are sent to clients"),
	R("allow-url-include", "allow_url_include on", HIGH, "php",
	    "include/require accept remote and php://input URLs"),
	R("open-basedir-missing", "No open_basedir", LOW, "php",
	    "scripts of the pool can open any file its user can read"),
	/* Sizing and availability. */
	R("capacity-mismatch", "Apache admits far more requests than the "
	    "pools serve", MEDIUM, "sizing", "MaxRequestWorkers is far above "
	    "the sum of pm.max_children behind it"),
	R("memory-overcommit", "Pools can use more memory than the host has",
	    MEDIUM, "sizing", "sum of pm.max_children x memory_limit exceeds "
	    "the host's memory"),
	R("reuse-pool-starvation", "enablereuse pool larger than the FPM pool",
	    MEDIUM, "sizing", "persistent connections pin every FPM worker "
	    "and the site stalls"),
	R("ulimit-nofile", "Open-file limit too low", MEDIUM, "sizing",
	    "the FPM master or workers need more file descriptors than "
	    "RLIMIT_NOFILE allows, or rlimit_files is above fs.nr_open "
	    "and php-fpm cannot start"),
	R("ulimit-nproc", "Process limit too low", MEDIUM, "sizing",
	    "RLIMIT_NPROC is below the processes FPM forks"),
	R("listen-backlog-cap", "listen.backlog above somaxconn", INFO,
	    "sizing", "the kernel silently caps the backlog at "
	    "net.core.somaxconn"),
	R("tcp-no-reuse-port-exhaustion", "TCP backend without connection "
	    "reuse", LOW, "sizing", "every request leaves a TIME_WAIT socket; "
	    "high traffic runs out of ephemeral ports"),
	R("timeout-mismatch", "Proxy and FPM timeouts disagree", MEDIUM,
	    "sizing", "Apache gives up before FPM stops the request; workers "
	    "stay busy after the client left"),
	R("max-requests-unset", "pm.max_requests unset", LOW, "sizing",
	    "workers live forever: leaks and FastCGI-set ini values persist"),
	R("slowlog-missing", "Slow-request log missing", MEDIUM, "sizing",
	    "request_slowlog_timeout without slowlog stops FPM from starting"),
	/* Cross-file consistency. */
	R("balancer-members-merged", "Balancer members that are one worker",
	    MEDIUM, "consistency", "BalancerMembers that differ only in their "
	    "unix: socket (unix:/a.sock|fcgi://localhost, "
	    "unix:/b.sock|fcgi://localhost) are one worker: the second pool "
	    "never gets a request"),
	R("route-socket-ignored", "A route's unix: socket that mod_proxy "
	    "does not use", HIGH, "consistency", "the worker that covers the "
	    "route's URL has a socket of its own, which mod_proxy uses: the "
	    "scripts run in another pool"),
	R("route-no-pool", "PHP route to an address no pool listens on",
	    MEDIUM, "consistency", "a route's socket or host:port matches no "
	    "FPM pool: every PHP request fails with 503"),
	R("fpm-socket-denied", "Apache may not connect to the pool's "
	    "socket", MEDIUM, "consistency", "listen.owner/group/mode or the "
	    "ACLs leave Apache's user out: every PHP request fails with 503"),
	R("fpm-chroot-paths", "Script paths a chrooted pool cannot see",
	    MEDIUM, "consistency", "php-fpm looks for SCRIPT_FILENAME below "
	    "the pool's chroot, where the path Apache sends names nothing: "
	    "every PHP request answers 404 \"File not found.\""),
	R("htaccess-unreadable", ".htaccess file Apache's user cannot "
	    "read", MEDIUM, "consistency", "Apache answers 403 for every "
	    "request below the directory of an .htaccess file its user may "
	    "not open"),
	R("rewrite-symlinks-off", "Per-directory RewriteRules without "
	    "FollowSymLinks", MEDIUM, "consistency", "Options leaves neither "
	    "FollowSymLinks nor SymLinksIfOwnerMatch where per-directory "
	    "RewriteRules apply: mod_rewrite answers 403 for every request "
	    "there (AH00670)"),
	R("docroot-link-refused", "DocumentRoot behind a symbolic link httpd "
	    "refuses", HIGH, "consistency", "the way to a DocumentRoot goes "
	    "through a symbolic link that Options do not let httpd follow: "
	    "every file of the site answers 403 (AH00037)"),
	R("docroot-denied", "Nothing grants access to a DocumentRoot", HIGH,
	    "consistency", "no Require line grants the DocumentRoot, so the "
	    "main server's <Directory /> Require all denied refuses every file "
	    "of the site with 403 (AH01630)"),
	R("authorization-not-passed", "PHP never gets the Authorization "
	    "header", INFO, "consistency", "mod_proxy_fcgi leaves the "
	    "header out unless CGIPassAuth On or a SetEnvIf/RewriteRule "
	    "copies it to HTTP_AUTHORIZATION: Basic auth and bearer tokens "
	    "in PHP get 401"),
	R("pool-unused", "Pool no vhost routes to", INFO, "consistency",
	    "an FPM pool is configured but no route reaches it"),
	/* Version-dependent (CVE exposure by config pattern). */
	R("cve-2017-15715", "CVE-2017-15715: $ matches before a newline",
	    HIGH, "version", "httpd 2.4.0-2.4.29 with a $-anchored FilesMatch "
	    "PHP handler and uploads"),
	R("cve-2014-3583", "CVE-2014-3583: mod_proxy_fcgi over-read", MEDIUM,
	    "version", "httpd 2.4.10 with a mod_proxy_fcgi backend"),
	R("cve-2016-5387", "CVE-2016-5387: httpoxy", HIGH, "version",
	    "httpd before 2.4.25 passes the Proxy header as HTTP_PROXY to "
	    "FastCGI"),
	R("cve-2021-40438", "CVE-2021-40438: mod_proxy SSRF", CRITICAL,
	    "version", "httpd 2.4.48 and older with mod_proxy routes "
	    "(including SetHandler proxy:unix:)"),
	R("cve-2023-25690", "CVE-2023-25690: request smuggling via rewrite",
	    CRITICAL, "version", "httpd 2.4.0-2.4.55 with RewriteRule [P] or "
	    "ProxyPassMatch re-inserting captured URL data"),
	R("cve-2024-38473", "CVE-2024-38473: encoded '?' passes Files ACLs",
	    HIGH, "version", "httpd 2.4.59 and older, PHP by SetHandler proxy: "
	    "and <Files> ACLs on scripts"),
	R("cve-2024-38474", "CVE-2024-38474/38475: rewrite substitutions reach "
	    "unintended scripts", HIGH, "version", "httpd 2.4.59 and older with "
	    "RewriteRule backreferences in substitutions"),
	R("cve-2024-38476", "CVE-2024-38476: backend headers cause internal "
	    "redirects", HIGH, "version", "httpd 2.4.59 and older with a "
	    "mod_proxy_fcgi backend"),
	R("cve-2024-39884", "CVE-2024-39884/40725: PHP source disclosure",
	    HIGH, "version", "httpd 2.4.60-2.4.61 with PHP mapped by AddType"),
	R("cve-2025-65082", "CVE-2025-65082: config env supersedes CGI "
	    "variables", INFO, "version", "httpd 2.4.65 and older with SetEnv "
	    "in tenant .htaccess"),
	R("cve-2019-11043", "CVE-2019-11043: FPM env underflow", INFO,
	    "version", "PHP 7.1-7.3 before the fix; no known Apache trigger"),
	R("cve-2021-21703", "CVE-2021-21703: worker to root via scoreboard",
	    HIGH, "version", "PHP 7.3-8.0 before the fix, master as root"),
	R("cve-2014-0185", "CVE-2014-0185: socket mode 0666 by default", HIGH,
	    "version", "PHP before 5.4.28/5.5.12 with a unix socket and no "
	    "listen.mode"),
	R("cve-2018-10545", "CVE-2018-10545: dumpable FPM children", MEDIUM,
	    "version", "PHP before 5.6.35/7.0.29/7.1.16/7.2.4 with several "
	    "pools"),
	R("cve-2023-0662", "CVE-2023-0662: multipart DoS", MEDIUM, "version",
	    "PHP before 8.0.28/8.1.16/8.2.3 with file_uploads on"),
	R("cve-2024-9026", "CVE-2024-9026: worker log tampering", LOW,
	    "version", "PHP before 8.1.30/8.2.24/8.3.12 with "
	    "catch_workers_output"),
	R("cve-2026-129289", "CVE-2026-129289: forged request on reused "
	    "connection", CRITICAL, "version", "PHP before 8.2.36/8.3.37/8.4.28/"
	    "8.5.13 behind enablereuse=on"),
	R("cve-2026-129291", "CVE-2026-129291: worker to master UAF", HIGH,
	    "version", "PHP 8.1.20-8.1.34, 8.2.7-8.2.35, 8.3/8.4/8.5 before the "
	    "fix with catch_workers_output"),
	R("cve-2026-91768", "CVE-2026-91768: IPv6 allowed_clients bypass",
	    HIGH, "version", "PHP 8.3 before 8.3.35 with IPv6 entries in "
	    "listen.allowed_clients"),
	R("cve-2026-109618", "CVE-2026-109618/109619: state survives into the "
	    "next request", CRITICAL, "version", "PHP 8.2 before 8.2.35, 8.3 "
	    "before 8.3.36, 8.4 before 8.4.27, 8.5 before 8.5.12 (any FPM)"),
	R("cve-2012-1823", "CVE-2012-1823/2024-4577: php-cgi routed by Apache",
	    CRITICAL, "version", "Apache runs PHP through the php-cgi binary, "
	    "not FPM"),
};

const size_t pf_rule_table_n = sizeof(pf_rule_table) /
    sizeof(pf_rule_table[0]);
