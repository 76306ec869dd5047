/*
 * httpd_values.c - the value checks `apache2 -t` makes for the directives
 * this stack uses, beyond the argument count: enumerations, numbers, times,
 * Options/AllowOverride keywords, LogLevel levels, Header actions.  Each row
 * says what the directive's own handler accepts and the message it returns
 * (verified against apache2 2.4.71; core.c, mod_proxy.c, mod_proxy_fcgi.c,
 * mod_rewrite.c, mod_headers.c sources).  Directives whose handler takes
 * anything (Timeout uses atoi, the MPM limits only warn) are not listed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "parsers/httpd_int.h"

enum vhow {
	V_ENUM = 1,	/* the (first) word is one of values */
	V_ENUM_ALL,	/* every word is one of values */
	V_ENUM_PM,	/* every word, after a '+' or '-', is one of values */
	V_ATOI_MIN1,	/* atoi(word) >= 1 */
	V_OFF_T,	/* apr_strtoff: a whole non-negative integer */
	V_TIMEOUT,	/* ap_timeout_parameter_parse */
	V_OPTIONS,	/* core set_options */
	V_OVERRIDE,	/* core set_override */
	V_LOGLEVEL,	/* core set_loglevel */
	V_HEADER,	/* mod_headers: [always|onsuccess] action ... */
	V_ENUM_POSINT,	/* one of values, else atoi(word) > 0 */
	V_NONEMPTY,	/* RAW_ARGS that must not be empty (msg) */
	V_FILE,		/* mod_ssl ssl_cmd_check_file: a non-empty regular
			 * file (ServerRoot-relative); values: a prefix that
			 * skips the check (an ENGINE/store URI) */
	V_DIR,		/* mod_ssl ssl_cmd_check_dir: a directory */
	V_SSLPROTO,	/* mod_ssl ssl_cmd_protocol_parse */
	V_ERRORDOC,	/* core set_error_document: a code httpd knows */
	V_MUTEX,	/* core ap_parse_mutex: the mechanism */
	V_SOCACHE,	/* mod_ssl: a socache provider a loaded module
			 * registered ("name" or "name:args"); values: the
			 * keywords that need none; msg: "session", "stapling",
			 * "authn" or "cache": whose message */
	V_PPDIALOG,	/* mod_ssl ssl_cmd_SSLPassPhraseDialog */
	V_SSLCONFCMD,	/* mod_ssl ssl_cmd_SSLOpenSSLConfCmd */
	V_INDEXOPTS,	/* mod_autoindex add_opts */
	V_ARGC12,	/* TAKE_ARGV with 1 or 2 words (msg otherwise) */
	V_ATOI_NONNEG,	/* atoi(word) >= 0; msg has a %s for the word */
	V_STRTOL_NONNEG, /* strtol(word) >= 0 without ERANGE (%s) */
	V_BUFSIZE,	/* atoi(word) is 0 or >= 512 (values "long": atol) */
	V_STRTOD_POS,	/* strtod: the whole word, > 0 */
	V_PROXYSET,	/* mod_proxy set_proxy_param: a worker to set */
	V_ALWAYS,	/* the handler refuses the directive (msg) */
	V_PREFIX,	/* the word starts with values */
	V_ATOI_RANGE,	/* values "MIN-MAX" holds atoi(word) */
	V_FIRST_FLAGS,	/* values "first|words/flag|words": the first word
			 * one of the first set, the others flags (%s: the
			 * word refused, '' without any) */
	V_LOGCOND,	/* mod_log_config: a third word env=NAME or expr= */
	V_ACTION,	/* mod_actions: a third word 'virtual' */
	V_INT_RANGE,	/* a whole decimal number in values "MIN:MAX" (%s) */
	V_STRTOL_WS,	/* strtol(word) that leaves nothing but white
			 * space (%s: the word) */
	V_SHMSIZE,	/* mod_auth_digest set_shmem_size (%s) */
	V_ERROVERRIDE,	/* mod_proxy set_proxy_error_override */
	V_NOTETYPE,	/* two words: the first one of values (%s) */
	V_CIPHERS,	/* mod_ssl ssl_cmd_SSL(Proxy)CipherSuite */
};

struct vcheck {
	const char	*lname;
	enum vhow	 how;
	const char	*values;	/* '|'-separated, lower case */
	const char	*msg;		/* %s: the word, where the handler says it */
};

#define MD_ONOFF	"unknown '%s', supported parameter values are 'on' and 'off'"

static const struct vcheck checks[] = {
	{ "usecanonicalname", V_ENUM, "on|off|dns",
	    "parameter must be 'on', 'off', or 'dns'" },
	{ "hostnamelookups", V_ENUM, "on|off|double",
	    "parameter must be 'on', 'off', or 'double'" },
	{ "servertokens", V_ENUM, "os|min|minimal|major|minor|prod|"
	    "productonly|full", "ServerTokens takes 1 argument: "
	    "'Prod(uctOnly)', 'Major', 'Minor', 'Min(imal)', 'OS', or 'Full'" },
	{ "serversignature", V_ENUM, "off|on|email",
	    "ServerSignature: use one of: off | on | email" },
	{ "acceptpathinfo", V_ENUM, "on|off|default",
	    "AcceptPathInfo must be set to on, off or default" },
	{ "enablesendfile", V_ENUM, "on|off",
	    "parameter must be 'on' or 'off'" },
	{ "enablemmap", V_ENUM, "on|off", "parameter must be 'on' or 'off'" },
	{ "traceenable", V_ENUM, "on|off|extended",
	    "TraceEnable must be one of 'on', 'off', or 'extended'" },
	{ "httpprotocoloptions", V_ENUM_ALL, "unsafe|strict|registeredmethods|"
	    "lenientmethods|require1.0|allow0.9", "HttpProtocolOptions accepts "
	    "'Unsafe' or 'Strict' (default), 'RegisteredMethods' or "
	    "'LenientMethods' (default), and 'Require1.0' or 'Allow0.9' "
	    "(default)" },
	{ "fileetag", V_ENUM_PM, "inode|mtime|size|digest|all|none",
	    "Unknown keyword '%s' for FileETag directive" },
	{ "proxyfcgibackendtype", V_ENUM, "generic|fpm",
	    "ProxyFCGIBackendType requires one of the following arguments: "
	    "'GENERIC', 'FPM'" },
	{ "proxyerroroverride", V_ERROVERRIDE, NULL, NULL },
	/* mod_brotli's setters (atoi ranges, the ETag mode), mod_dav's
	 * dav_cmd_davmintimeout, mod_deflate's deflate_set_note (two
	 * words: the first a note type) */
	{ "brotlicompressionquality", V_ATOI_RANGE, "0-11",
	    "BrotliCompressionQuality must be between 0 and 11" },
	{ "brotlicompressionwindow", V_ATOI_RANGE, "10-24",
	    "BrotliCompressionWindow must be between 10 and 24" },
	{ "brotlicompressionmaxinputblock", V_ATOI_RANGE, "16-24",
	    "BrotliCompressionMaxInputBlock must be between 16 and 24" },
	{ "brotlialteretag", V_ENUM, "addsuffix|nochange|remove",
	    "BrotliAlterETag accepts only 'AddSuffix', 'NoChange' and "
	    "'Remove'" },
	{ "davmintimeout", V_ATOI_NONNEG, NULL,
	    "DAVMinTimeout requires a non-negative integer." },
	/* mod_ssl's timeouts and sizes (atoi, refused below 0), its
	 * cipher lists' two-word form, mod_http2's counts, mod_cgi(d)'s
	 * timeout (ap_timeout_parameter_parse) */
	{ "sslsessioncachetimeout", V_ATOI_NONNEG, NULL,
	    "SSLSessionCacheTimeout: Invalid argument" },
	{ "sslstaplingresponsetimeskew", V_ATOI_NONNEG, NULL,
	    "SSLStaplingResponseTimeSkew: invalid argument" },
	{ "sslstaplingresponsemaxage", V_ATOI_NONNEG, NULL,
	    "SSLStaplingResponseMaxAge: invalid argument" },
	{ "sslstaplingstandardcachetimeout", V_ATOI_NONNEG, NULL,
	    "SSLStaplingStandardCacheTimeout: invalid argument" },
	{ "sslstaplingerrorcachetimeout", V_ATOI_NONNEG, NULL,
	    "SSLStaplingErrorCacheTimeout: invalid argument" },
	{ "sslstaplingrespondertimeout", V_ATOI_NONNEG, NULL,
	    "SSLStaplingResponderTimeout: invalid argument" },
	{ "sslocspresponsetimeskew", V_ATOI_NONNEG, NULL,
	    "SSLOCSPResponseTimeSkew: invalid argument" },
	{ "sslocspresponsemaxage", V_ATOI_NONNEG, NULL,
	    "SSLOCSPResponseMaxAge: invalid argument" },
	{ "sslocsprespondertimeout", V_ATOI_NONNEG, NULL,
	    "SSLOCSPResponderTimeout: invalid argument" },
	{ "sslrenegbuffersize", V_ATOI_NONNEG, NULL,
	    "Invalid size for SSLRenegBufferSize: %s" },
	{ "sslciphersuite", V_CIPHERS, NULL, NULL },
	{ "sslproxyciphersuite", V_CIPHERS, NULL, NULL },
	{ "h2maxheaderblocklen", V_ATOI_NONNEG, NULL,
	    "value must be 0 or larger" },
	{ "h2maxstreamerrors", V_ATOI_NONNEG, NULL,
	    "value must be 0 or larger" },
	{ "cgiscripttimeout", V_TIMEOUT, NULL,
	    "CGIScriptTimeout has wrong format" },
	{ "cgidscripttimeout", V_TIMEOUT, NULL,
	    "CGIDScriptTimeout has wrong format" },
	{ "deflatefilternote", V_NOTETYPE, "ratio|input|output",
	    "Unknown note type %s" },
	{ "proxybadheader", V_ENUM, "iserror|ignore|startbody",
	    "ProxyBadHeader must be one of: IsError | Ignore | StartBody" },
	{ "proxyvia", V_ENUM, "off|on|full|block",
	    "ProxyVia must be one of: off | on | full | block" },
	{ "rewriteoptions", V_ENUM_ALL, "inherit|inheritbefore|inheritdown|"
	    "inheritdownbefore|ignoreinherit|allownoslash|allowanyuri|"
	    "mergebase|ignorecontextinfo|legacyprefixdocroot|maxredirects=",
	    "RewriteOptions: unknown option '%s'" },
	{ "sslengine", V_ENUM, "on|off|optional", "Argument must be On or Off" },
	{ "maxranges", V_ENUM_POSINT, "none|default|unlimited", "MaxRanges "
	    "requires 'none', 'default', 'unlimited' or a positive integer" },
	{ "multiviewsmatch", V_ENUM_ALL, "any|negotiatedonly|filters|handlers",
	    "Unrecognized option '%s'" },
	/* found by the big projects' .htaccess probes (helper-36):
	 * mod_authz_core authz_merge_sec, mod_negotiation set_force_priority
	 * (ITERATE), mod_autoindex set_default_order's first word */
	{ "authmerging", V_ENUM, "off|and|or",
	    "AuthMerging must be one of: Off | And | Or" },
	/* mod_auth_basic set_use_digest_algorithm */
	{ "authbasicusedigestalgorithm", V_ENUM, "off|md5",
	    "Invalid algorithm in AuthBasicUseDigestAlgorithm: %s" },
	/* mod_auth_digest of 2.4.71 (apache2 -t): set_qop takes "auth" only
	 * (each word), set_algorithm MD5 only, set_nonce_lifetime a strtol
	 * number, set_shmem_size a size of at least 88 bytes */
	{ "authdigestqop", V_ENUM_ALL, "auth",
	    "AuthDigestQop is deprecated: only 'auth' is supported" },
	{ "authdigestalgorithm", V_ENUM, "md5",
	    "Unsupported algorithm in AuthDigestAlgorithm: %s" },
	{ "authdigestnoncelifetime", V_STRTOL_WS, NULL,
	    "Invalid time in AuthDigestNonceLifetime: %s" },
	{ "authdigestshmemsize", V_SHMSIZE, NULL,
	    "Invalid size in AuthDigestShmemSize: %s" },
	{ "forcelanguagepriority", V_ENUM_ALL, "none|prefer|fallback",
	    "Invalid ForceLanguagePriority option %s" },
	{ "indexorderdefault", V_ENUM, "ascending|descending",
	    "First keyword must be 'Ascending' or 'Descending'" },
	{ "setenvif", V_NONEMPTY, NULL,
	    "Missing header-field name for SetEnvIf" },
	{ "setenvifnocase", V_NONEMPTY, NULL,
	    "Missing header-field name for SetEnvIfNoCase" },
	{ "setenvifexpr", V_NONEMPTY, NULL,
	    "Missing expression for SetEnvIfExpr" },
	{ "browsermatch", V_NONEMPTY, NULL,
	    "Missing regular expression for BrowserMatch" },
	{ "browsermatchnocase", V_NONEMPTY, NULL,
	    "Missing regular expression for BrowserMatchNoCase" },
	{ "proxytimeout", V_ATOI_MIN1, NULL,
	    "Proxy Timeout must be at least 1 second." },
	{ "listenbacklog", V_ATOI_MIN1, NULL, "ListenBacklog must be > 0" },
	{ "limitrequestbody", V_OFF_T, NULL,
	    "LimitRequestBody requires a non-negative integer." },
	{ "keepalivetimeout", V_TIMEOUT, NULL,
	    "KeepAliveTimeout has wrong format" },
	/*
	 * Found by a differential run of every directive of every shipped
	 * module, each with a handful of values, against apache2 2.4.71
	 * (core.c, listen.c, mpm_common.c, event.c, mod_proxy.c,
	 * mod_userdir.c): the handlers' own arity and number checks.
	 */
	{ "listen", V_ARGC12, NULL, "Listen requires 1 or 2 arguments." },
	{ "proxypass", V_NONEMPTY, NULL, "ProxyPass|ProxyPassMatch needs a "
	    "path when not defined in a location" },
	{ "proxypassmatch", V_NONEMPTY, NULL, "ProxyPass|ProxyPassMatch "
	    "needs a path when not defined in a location" },
	{ "proxyset", V_PROXYSET, NULL, "ProxySet can not find '' Worker." },
	{ "userdir", V_NONEMPTY, NULL, "UserDir requires an argument." },
	{ "limitrequestline", V_ATOI_NONNEG, NULL,
	    "LimitRequestLine \"%s\" must be a non-negative integer" },
	{ "limitrequestfieldsize", V_ATOI_NONNEG, NULL,
	    "LimitRequestFieldsize \"%s\" must be a non-negative integer" },
	{ "limitrequestfields", V_ATOI_NONNEG, NULL, "LimitRequestFields "
	    "\"%s\" must be a non-negative integer (0 = no limit)" },
	{ "maxmemfree", V_STRTOL_NONNEG, NULL, "Invalid MaxMemFree value: %s" },
	{ "threadstacksize", V_STRTOL_NONNEG, NULL,
	    "Invalid ThreadStackSize value: %s" },
	{ "receivebuffersize", V_BUFSIZE, NULL, "ReceiveBufferSize must be >= "
	    "512 bytes, or 0 for system default." },
	{ "sendbuffersize", V_BUFSIZE, NULL, "SendBufferSize must be >= 512 "
	    "bytes, or 0 for system default." },
	{ "proxyiobuffersize", V_BUFSIZE, "long", "ProxyIOBufferSize must be >= "
	    "512 bytes, or 0 for system default." },
	{ "proxyreceivebuffersize", V_BUFSIZE, NULL, "ProxyReceiveBufferSize "
	    "must be >= 512 bytes, or 0 for system default." },
	{ "limitinternalrecursion", V_ATOI_MIN1, NULL,
	    "The recursion limit must be greater than zero." },
	{ "listencoresbucketsratio", V_ATOI_MIN1, NULL,
	    "ListenCoresBucketsRatio must be > 0" },
	{ "listentcpdeferaccept", V_ATOI_MIN1, NULL,
	    "ListenTCPDeferAccept must be > 0" },
	{ "asyncrequestworkerfactor", V_STRTOD_POS, NULL,
	    "AsyncRequestWorkerFactor argument must be a positive number" },
	{ "port", V_ALWAYS, NULL, "Port was replaced with Listen in Apache "
	    "2.0" },
	{ "ssllog", V_ALWAYS, NULL, "SSLLog directive is no longer supported - "
	    "use ErrorLog." },
	{ "sslloglevel", V_ALWAYS, NULL, "SSLLogLevel directive is no longer "
	    "supported - use LogLevel." },
	{ "proxydomain", V_PREFIX, ".", "ProxyDomain: domain name must start "
	    "with a dot." },
	{ "balancergrowth", V_ATOI_RANGE, "0-1000",
	    "BalancerGrowth must be between 0 and 1000" },
	{ "deflatememlevel", V_ATOI_RANGE, "1-9",
	    "DeflateMemLevel must be between 1 and 9" },
	{ "deflatewindowsize", V_ATOI_RANGE, "1-15",
	    "DeflateWindowSize must be between 1 and 15" },
	{ "deflatebuffersize", V_ATOI_MIN1, NULL,
	    "DeflateBufferSize should be positive" },
	{ "deflatealteretag", V_ENUM, "nochange|addsuffix|remove",
	    "DeflateAlterETAG accepts only 'NoChange', 'AddSuffix', and "
	    "'Remove'" },
	{ "sslcarevocationcheck", V_FIRST_FLAGS, "none|chain|leaf/"
	    "no_crl_for_cert_ok", "SSLCARevocationCheck: Invalid argument "
	    "'%s'" },
	{ "sslproxycarevocationcheck", V_FIRST_FLAGS, "none|chain|leaf/"
	    "no_crl_for_cert_ok", "SSLProxyCARevocationCheck: Invalid "
	    "argument '%s'" },
	{ "sslocspenable", V_FIRST_FLAGS, "on|off|leaf/no_ocsp_for_cert_ok",
	    "SSLOCSPEnable: Invalid argument '%s'" },
	{ "sslverifydepth", V_ATOI_NONNEG, NULL,
	    "SSLVerifyDepth: Invalid argument '%s'" },
	{ "sslproxyverifydepth", V_ATOI_NONNEG, NULL,
	    "SSLProxyVerifyDepth: Invalid argument '%s'" },
	{ "sslvhostsnipolicy", V_ENUM, "strict|secure|authonly|insecure",
	    "Invalid SSLVhostSNIPolicy argument '%s'" },
	{ "customlog", V_LOGCOND, NULL, NULL },
	{ "globallog", V_LOGCOND, NULL, NULL },
	{ "action", V_ACTION, NULL, NULL },
	{ "maxrangeoverlaps", V_ENUM_POSINT, "none|default|unlimited",
	    "MaxRangeOverlaps requires 'none', 'default', 'unlimited' or a "
	    "positive integer" },
	{ "maxrangereversals", V_ENUM_POSINT, "none|default|unlimited",
	    "MaxRangeReversals requires 'none', 'default', 'unlimited' or a "
	    "positive integer" },
	/* core.c's apr_strtoi64 range checks; the message is httpd's,
	 * stringified macros and all */
	{ "readbuffersize", V_INT_RANGE, "0:4294967295", "parameter must be "
	    "a number between 0 and (4294967295U)): %s" },
	{ "flushmaxthreshold", V_INT_RANGE, "0:4294967295", "parameter must "
	    "be a number between 0 and (4294967295U)): %s" },
	{ "flushmaxpipelined", V_INT_RANGE, "-1:2147483647", "parameter must "
	    "be a number between -1 and (2147483647): %s" },
	{ "fancyindexing", V_ALWAYS, NULL, "The FancyIndexing directive is no "
	    "longer supported. Use IndexOptions FancyIndexing." },
	{ "deflateinflateratiolimit", V_ATOI_MIN1, NULL,
	    "DeflateInflateRatioLimit must be positive" },
	{ "deflateinflateratioburst", V_ATOI_MIN1, NULL,
	    "DeflateInflateRatioBurst must be positive" },
	{ "deflateinflatelimitrequestbody", V_OFF_T, NULL,
	    "DeflateInflateLimitRequestBody requires a non-negative integer." },
	{ "options", V_OPTIONS, NULL, NULL },
	{ "indexoptions", V_INDEXOPTS, NULL, NULL },
	{ "allowoverride", V_OVERRIDE, NULL, NULL },
	{ "loglevel", V_LOGLEVEL, "emerg|alert|crit|error|warn|notice|info|"
	    "debug|trace1|trace2|trace3|trace4|trace5|trace6|trace7|trace8",
	    "Log level keyword must be one of emerg/alert/crit/error/warn/"
	    "notice/info/debug/trace1/.../trace8" },
	{ "header", V_HEADER, "add|set|setifempty|append|merge|unset|echo|"
	    "note|edit|edit*", "first argument must be 'add', 'set', "
	    "'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', "
	    "or 'edit*'." },
	{ "requestheader", V_HEADER, "add|set|setifempty|append|merge|unset|"
	    "echo|note|edit|edit*", "first argument must be 'add', 'set', "
	    "'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', "
	    "or 'edit*'." },
	/*
	 * mod_ssl stats these files when it reads the directive (not under
	 * -D DUMP_VHOSTS and the like: config_dump()): a missing or empty
	 * certificate fails apache2 -t (ssl_engine_config.c).  Only the
	 * certificate and key skip "pkcs11:" URIs (modssl_is_engine_id).
	 */
	{ "sslcertificatefile", V_FILE, "pkcs11:", NULL },
	{ "sslcertificatekeyfile", V_FILE, "pkcs11:", NULL },
	{ "sslcertificatechainfile", V_FILE, NULL, NULL },
	{ "sslsessionticketkeyfile", V_FILE, NULL, NULL },
	{ "sslcacertificatefile", V_FILE, NULL, NULL },
	{ "sslcadnrequestfile", V_FILE, NULL, NULL },
	{ "sslcarevocationfile", V_FILE, NULL, NULL },
	{ "sslproxycacertificatefile", V_FILE, NULL, NULL },
	{ "sslproxycarevocationfile", V_FILE, NULL, NULL },
	{ "sslproxymachinecertificatefile", V_FILE, NULL, NULL },
	{ "sslproxymachinecertificatechainfile", V_FILE, NULL, NULL },
	{ "sslsrpverifierfile", V_FILE, NULL, NULL },
	{ "sslocsprespondercertificatefile", V_FILE, NULL, NULL },
	{ "sslprotocol", V_SSLPROTO, NULL, NULL },
	{ "sslproxyprotocol", V_SSLPROTO, NULL, NULL },
	{ "sslverifyclient", V_ENUM, "none|off|optional|require|on|optional_no_ca",
	    "SSLVerifyClient: Invalid argument '%s'" },
	{ "errordocument", V_ERRORDOC, NULL, NULL },
	{ "mutex", V_MUTEX, "none|no|default|yes|fcntl|file|flock|posixsem|"
	    "sem|sysvsem|pthread", "Invalid Mutex argument %s (Mutex "
	    "mechanisms are: 'none', 'default', 'flock:/path/to/file', "
	    "'fcntl:/path/to/file', 'file:/path/to/file', 'pthread', "
	    "'sysvsem', 'posixsem', 'sem')" },
	{ "allowencodedslashes", V_ENUM, "on|off|nodecode",
	    "AllowEncodedSlashes must be On, Off, or NoDecode" },
	{ "regexdefaultoptions", V_ENUM_PM, "icase|dotall|dollar_endonly|"
	    "extended|none", "RegexDefaultOptions: option '%s' unknown" },
	{ "ssloptions", V_ENUM_PM, "stdenvvars|exportcertdata|fakebasicauth|"
	    "strictrequire|optrenegotiate|legacydnstringformat",
	    "SSLOptions: Illegal option '%s'" },
	{ "proxystatus", V_ENUM, "off|on|full",
	    "ProxyStatus must be one of: off | on | full" },
	{ "satisfy", V_ENUM, "any|all", "Satisfy either 'any' or 'all'." },
	/* mod_access_compat's order(): strcasecmp against the three words
	 * (no spaces: "Allow,Deny" is one argument), else "unknown order" */
	{ "order", V_ENUM, "allow,deny|deny,allow|mutual-failure",
	    "unknown order" },
	{ "usecanonicalphysicalport", V_ENUM, "on|off",
	    "parameter must be 'on' or 'off'" },
	{ "protocolshonororder", V_ENUM, "on|off",
	    "ProtocolsHonorOrder must be 'on' or 'off'" },
	{ "xbithack", V_ENUM, "off|on|full",
	    "XBitHack must be set to Off, On, or Full" },
	{ "sslproxyverify", V_ENUM, "none|off|optional|require|on|optional_no_ca",
	    "SSLProxyVerify: Invalid argument '%s'" },
	/* mod_http2's on/off settings parse their own words */
	{ "h2direct", V_ENUM, "on|off", "value must be On or Off" },
	{ "h2outputbuffering", V_ENUM, "on|off", "value must be On or Off" },
	/* mod_md (set_on_off and its keywords), mod_lua, mod_usertrack,
	 * util_ldap: case-insensitive keywords */
	{ "mdrenewmode", V_ENUM, "auto|automatic|always|manual|stick",
	    "unknown MDDriveMode %s" },
	{ "mdrequirehttps", V_ENUM, "off|temporary|permanent", "unknown '%s', "
	    "supported parameter values are 'temporary' and 'permanent'" },
	{ "mdmuststaple", V_ENUM, "on|off", MD_ONOFF },
	{ "mdstapling", V_ENUM, "on|off", MD_ONOFF },
	{ "mdstapleothers", V_ENUM, "on|off", MD_ONOFF },
	{ "mdbaseserver", V_ENUM, "on|off", MD_ONOFF },
	{ "mdserverstatus", V_ENUM, "on|off", MD_ONOFF },
	{ "mdcertificatestatus", V_ENUM, "on|off", MD_ONOFF },
	{ "luacodecache", V_ENUM, "never|stat|forever", "LuaCodeCache type of "
	    "'%s' not recognized, valid options are 'never', 'stat', and "
	    "'forever'" },
	{ "luainherit", V_ENUM, "none|parent-first|parent-last", "LuaInherit "
	    "type of '%s' not recognized, valid options are 'none', "
	    "'parent-first', and 'parent-last'" },
	{ "cookiestyle", V_ENUM, "netscape|cookie|rfc2109|cookie2|rfc2965",
	    "Invalid CookieStyle keyword: '%s'" },
	{ "sessionexpiryupdateinterval", V_ATOI_NONNEG, NULL,
	    "SessionExpiryUpdateInterval must be zero (disable) or a positive "
	    "value" },
	{ "extfilteroptions", V_ENUM_ALL, "logstderr|nologstderr|"
	    "onfail=remove|onfail=abort", "Invalid ExtFilterOptions option: %s" },
	{ "charsetoptions", V_ENUM_ALL, "implicitadd|noimplicitadd|"
	    "translateallmimetypes|notranslateallmimetypes",
	    "Invalid CharsetOptions option: %s" },
	{ "ldaptrustedmode", V_ENUM, "none|ssl|tls|starttls", "Invalid "
	    "LDAPTrustedMode setting: must be one of NONE, SSL, or TLS/STARTTLS" },
	{ "h2proxyrequests", V_ENUM, "on|off", "value must be On or Off" },
	{ "h2websockets", V_ENUM, "on|off", "value must be On or Off" },
	{ "h2maxsessionstreams", V_ATOI_MIN1, NULL, "value must be > 0" },
	{ "h2minworkers", V_ATOI_MIN1, NULL, "value must be > 0" },
	{ "h2maxworkers", V_ATOI_MIN1, NULL, "value must be > 0" },
	{ "h2windowsize", V_ATOI_RANGE, "1024-2147483647",
	    "value must be >= 1024" },
	{ "h2streammaxmemsize", V_ATOI_RANGE, "1024-2147483647",
	    "value must be >= 1024" },
	{ "h2maxdataframelen", V_ATOI_NONNEG, NULL,
	    "value must be 0 or larger" },
	{ "h2streamtimeout", V_TIMEOUT, NULL, "Invalid timeout value" },
	{ "h2maxworkeridleseconds", V_TIMEOUT, NULL,
	    "Invalid idle limit value" },
	{ "h2push", V_ENUM, "on|off", "value must be On or Off" },
	{ "h2upgrade", V_ENUM, "on|off", "value must be On or Off" },
	{ "h2moderntlsonly", V_ENUM, "on|off", "value must be On or Off" },
	{ "h2earlyhints", V_ENUM, "on|off", "value must be On or Off" },
	{ "h2copyfiles", V_ENUM, "on|off", "value must be On or Off" },
	/*
	 * ssl_cmd_SSLSessionCache / ssl_cmd_SSLStaplingCache look the name
	 * before ':' up with ap_lookup_provider (case kept); "none" and
	 * "nonenotnull" are strcEQ (any case).  apache2 -t 2.4.71.
	 */
	{ "sslpassphrasedialog", V_PPDIALOG, NULL, NULL },
	{ "sslopensslconfcmd", V_SSLCONFCMD, NULL, NULL },
	{ "sslsessioncache", V_SOCACHE, "none|nonenotnull", "session" },
	{ "sslstaplingcache", V_SOCACHE, NULL, "stapling" },
	/* mod_authn_socache's and mod_cache_socache's own wording */
	{ "authncachesocache", V_SOCACHE, NULL, "authn" },
	{ "cachesocache", V_SOCACHE, NULL, "cache" },
	{ "sslcacertificatepath", V_DIR, NULL, NULL },
	{ "sslcadnrequestpath", V_DIR, NULL, NULL },
	{ "sslcarevocationpath", V_DIR, NULL, NULL },
	{ "sslproxycacertificatepath", V_DIR, NULL, NULL },
	{ "sslproxycarevocationpath", V_DIR, NULL, NULL },
	{ "sslproxymachinecertificatepath", V_DIR, NULL, NULL },
};

#define NROWS	PF_HRD_MAX_ROWS
static unsigned char row_check[NROWS];	/* checks[] index + 1 per row */
static int ready;

static void
init(void)
{
	size_t i, k, n;
	const struct pf_directive *d;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		d = pf_httpd_directive_find(checks[i].lname, &n);
		for (k = 0; d != NULL && k < n; k++)
			if ((size_t)(d - pf_httpd_directives) + k < NROWS)
				row_check[d - pf_httpd_directives + k] =
				    (unsigned char)(i + 1);
	}
	ready = 1;
}

/* Is w (case-insensitively) one of the '|'-separated values?  A value
 * ending in '=' matches that prefix ("maxredirects=10"). */
static int
one_of(const char *values, const char *w)
{
	const char *v = values;

	while (*v != '\0') {
		size_t n = strcspn(v, "|");

		if (n > 0 && v[n - 1] == '=') {
			if (strncasecmp(v, w, n) == 0)
				return 1;
		} else if (strlen(w) == n && strncasecmp(v, w, n) == 0)
			return 1;
		v += n;
		if (*v == '|')
			v++;
	}
	return 0;
}

static const char *
fmt(struct hrd *r, const char *msg, const char *w)
{
	return strstr(msg, "%s") != NULL ? pf_printf(r->a, msg, w) : msg;
}

/* ap_timeout_parameter_parse with seconds as the default unit. */
static int
timeout_ok(const char *s)
{
	char *e;
	long long v;

	errno = 0;
	v = strtoll(s, &e, 10);
	if (errno != 0 || v < 0)
		return 0;
	switch (*e) {
	case '\0':
	case 's':
	case 'h':
		return 1;
	case 'm':
		return e[1] == 's' || e[1] == 'i';
	}
	return 0;
}

static int
option_word(const char *w)
{
	static const char *const opts = "indexes|includes|includesnoexec|"
	    "followsymlinks|symlinksifownermatch|execcgi|multiviews|runscripts";

	return one_of(opts, w);
}

/* core.c set_options (2.4.71). */
static const char *
check_options(struct hrd *r, const struct pf_node *n)
{
	int first = 1, merge = 0, all_none = 0, i;

	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];
		int action = 0;

		if (*w == '+' || *w == '-') {
			action = *w++;
			if (!merge && !first && !all_none)
				return "Either all Options must start with + "
				    "or -, or no Option may.";
			merge = 1;
		} else if (!first && merge)
			return "Either all Options must start with + or -, or "
			    "no Option may.";
		if (strcasecmp(w, "None") == 0 || strcasecmp(w, "All") == 0) {
			int none = strcasecmp(w, "None") == 0;

			if (!first)
				return none ? "'Options None' must be the first "
				    "Option given." : "'Options All' must be "
				    "the first option given.";
			if (merge)
				return none ? "You may not use 'Options +None' "
				    "or 'Options -None'." : "You may not use "
				    "'Options +All' or 'Options -All'.";
			all_none = 1;
		} else if (!option_word(w))
			return pf_printf(r->a, "Illegal option %s", w);
		(void)action;
		first = 0;
	}
	return NULL;
}

/*
 * mod_autoindex add_opts (2.4.x): the keywords it knows, the '+'/'-'
 * and "=n" combinations it refuses, and "None" with other keywords that
 * were not '+'/'-' (opts accumulates over the IndexOptions lines of one
 * section: the earlier siblings of n count too).  Found by the htaccess
 * corpus ("IndexOptions +Bogus" is a 500).
 */
static int
indexopts_line(const struct pf_node *n, const char **err)
{
	static const char *const kw = "fancyindexing|foldersfirst|htmltable|"
	    "iconsarelinks|ignorecase|ignoreclient|scanhtmltitles|"
	    "suppresscolumnsorting|suppressdescription|suppresshtmlpreamble|"
	    "suppressicon|suppresslastmodified|suppresssize|suppressrules|"
	    "trackmodified|versionsort|xhtml|showforbidden|addaltclass";
	int opts = 0, i;	/* 1: None, 2: another keyword */

	*err = NULL;
	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];
		char action = '\0';

		if (*w == '+' || *w == '-')
			action = *w++;
		if (one_of(kw, w)) {
			if (action == '\0')
				opts |= 2;
		} else if (strcasecmp(w, "None") == 0) {
			if (action != '\0') {
				*err = "Cannot combine '+' or '-' with 'None' "
				    "keyword";
				return opts;
			}
			opts = 1;
		} else if (strcasecmp(w, "IconWidth") == 0 ||
		    strcasecmp(w, "IconHeight") == 0 ||
		    strcasecmp(w, "UseOldDateFormat") == 0 ||
		    strncasecmp(w, "Type=", 5) == 0 ||
		    strncasecmp(w, "Charset=", 8) == 0)
			;
		else if (strncasecmp(w, "IconWidth=", 10) == 0 ||
		    strncasecmp(w, "IconHeight=", 11) == 0) {
			if (action == '-') {
				*err = w[4] == 'W' || w[4] == 'w' ?
				    "Cannot combine '-' with IconWidth=n" :
				    "Cannot combine '-' with IconHeight=n";
				return opts;
			}
		} else if (strcasecmp(w, "NameWidth") == 0 ||
		    strcasecmp(w, "DescriptionWidth") == 0) {
			if (action != '-') {
				*err = (*w == 'N' || *w == 'n') ?
				    "NameWidth with no value may only appear "
				    "as '-NameWidth'" : "DescriptionWidth with "
				    "no value may only appear as "
				    "'-DescriptionWidth'";
				return opts;
			}
		} else if (strncasecmp(w, "NameWidth=", 10) == 0 ||
		    strncasecmp(w, "DescriptionWidth=", 17) == 0) {
			int name = *w == 'N' || *w == 'n';
			const char *v = w + (name ? 10 : 17);

			if (action == '-') {
				*err = name ? "Cannot combine '-' with "
				    "NameWidth=n" : "Cannot combine '-' with "
				    "DescriptionWidth=n";
				return opts;
			}
			if (*v != '*' && atoi(v) != 0 &&
			    atoi(v) < (name ? 5 : 12)) {
				*err = name ? "NameWidth value must be greater "
				    "than 5" : "DescriptionWidth value must be "
				    "greater than 12";
				return opts;
			}
		} else {
			*err = "Invalid directory indexing option";
			return opts;
		}
	}
	return opts;
}

static const char *
check_indexopts(const struct pf_node *n)
{
	const struct pf_node *p;
	const char *err;
	int opts = 0, o;

	/* the same section's earlier lines (a None there stays set) */
	for (p = n->parent != NULL ? n->parent->child : NULL; p != NULL &&
	    p != n; p = p->next) {
		if (p->name == NULL || strcasecmp(p->name, "IndexOptions") != 0)
			continue;
		o = indexopts_line(p, &err);
		if (err != NULL)
			return NULL;	/* that line failed first */
		opts = (o & 1) ? o : (opts | o);
	}
	o = indexopts_line(n, &err);
	if (err != NULL)
		return err;
	opts = (o & 1) ? o : (opts | o);
	if (opts == 3)
		return "Cannot combine other IndexOptions keywords with 'None'";
	return NULL;
}

/* core.c set_override and set_allow_opts. */
static const char *
check_override(struct hrd *r, const struct pf_node *n)
{
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i], *v = strchr(w, '=');
		size_t kl = v != NULL ? (size_t)(v - w) : strlen(w);

		if (kl == 7 && strncasecmp(w, "Options", 7) == 0 && v != NULL) {
			/* apr_strtok on ',': empty fields are skipped */
			const char *p = v + 1;

			while (*p != '\0') {
				size_t l = strcspn(p, ",");
				char *o = pf_strndup(r->a, p, l);

				if (l > 0 && !option_word(o) &&
				    strcasecmp(o, "None") != 0 &&
				    strcasecmp(o, "All") != 0)
					return pf_printf(r->a,
					    "Illegal option %s", o);
				p += l;
				if (*p == ',')
					p++;
			}
			continue;
		}
		if ((kl == 7 && strncasecmp(w, "Options", 7) == 0) ||
		    (kl == 8 && strncasecmp(w, "Nonfatal", 8) == 0))
			continue;
		/* Limit, FileInfo, ...: the part before any '=' */
		if (!one_of("limit|fileinfo|authconfig|indexes|none|all",
		    pf_strndup(r->a, w, kl)))
			return pf_printf(r->a, "Illegal override option %s",
			    pf_strndup(r->a, w, kl));
	}
	return NULL;
}

/* core.c set_loglevel: LEVEL and module:LEVEL words. */
static const char *
check_loglevel(struct hrd *r, const struct pf_node *n,
    const struct vcheck *c)
{
	int i;

	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i], *colon = strchr(w, ':');

		if (colon == NULL) {
			if (!one_of(c->values, w))
				return c->msg;
			continue;
		}
		if (!one_of(c->values, colon + 1))
			return pf_printf(r->a, "%s: %s", w, c->msg);
		if (!r->third_party) {
			char *id = pf_printf(r->a, "%.*s_module",
			    (int)(colon - w), w);
			const struct pf_httpd_module *m =
			    pf_httpd_module_by_id(id);

			if (strncasecmp(w, "core:", 5) != 0 && (m == NULL ||
			    !r->mod_on[m - pf_httpd_modules]))
				return pf_printf(r->a, "Cannot find module "
				    "%.*s", (int)(colon - w), w);
		}
	}
	return NULL;
}

/*
 * ssl_cmd_check_file / ssl_cmd_check_dir: the path, relative to the
 * ServerRoot, must be a non-empty regular file (a directory).  Under
 * --root a tree copied from another machine often lacks its keys and
 * certificates: one note per path instead of apache2's error, as for
 * module files.
 */
/*
 * -D DUMP_VHOSTS, DUMP_RUN_CFG, DUMP_MODULES or DUMP_INCLUDES on the
 * command line put httpd in its configuration-dump run mode (main.c:
 * AP_SQ_RM_CONFIG_DUMP), where ssl_cmd_check_file does not look at the
 * files (ssl_cmd_check_dir still does): apache2 -t -D DUMP_VHOSTS accepts a
 * missing certificate that apache2 -t refuses.
 */
static int
config_dump(const struct hrd *r)
{
	static const char *const dump[] = { "DUMP_VHOSTS", "DUMP_RUN_CFG",
	    "DUMP_MODULES", "DUMP_INCLUDES" };
	size_t i, k;

	for (i = 0; r->o != NULL && i < r->o->ndefines; i++)
		for (k = 0; k < sizeof(dump) / sizeof(dump[0]); k++)
			if (strcmp(r->o->defines[i], dump[k]) == 0)
				return 1;
	return 0;
}

static const char *
check_path_word(struct hrd *r, const struct pf_node *n,
    const struct vcheck *c, const char *a)
{
	const char *path;
	struct stat st;
	int exists;

	if (c->values != NULL && strncmp(a, c->values, strlen(c->values)) == 0)
		return NULL;
	if (c->how == V_FILE && config_dump(r))
		return NULL;
	path = a[0] == '/' ? a : pf_hrd_join(r->a, r->server_root, "/", a);
	exists = stat(pf_host_path(r->run, path), &st) == 0;
	if (exists && (c->how == V_DIR ? S_ISDIR(st.st_mode) :
	    S_ISREG(st.st_mode) && st.st_size > 0))
		return NULL;
	if (r->run->root != NULL) {
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value", n->loc,
		    "%s: %s '%s' is %s the tree under --root (apache2 -t "
		    "there fails unless it is %s)", n->def->name,
		    c->how == V_DIR ? "directory" : "file", path,
		    !exists ? "not in" : c->how == V_DIR ? "not a directory "
		    "in" : "empty or not a regular file in",
		    c->how == V_DIR ? "a directory" : "a non-empty file");
		return NULL;
	}
	return c->how == V_DIR ? pf_printf(r->a, "%s: directory '%s' does "
	    "not exist", n->def->name, path) : pf_printf(r->a, "%s: file '%s' "
	    "does not exist or is empty", n->def->name, path);
}

static const char *
check_path(struct hrd *r, const struct pf_node *n, const struct vcheck *c)
{
	return check_path_word(r, n, c, n->argv[0]);
}

/*
 * mod_proxy set_proxy_error_override, word by word (ITERATE) on the
 * config of the line's section (or server), which the section's earlier
 * ProxyErrorOverride lines have set: On or Off (any case) sets it, a
 * status code is taken only once one of them has (in any earlier line of
 * the section), must start with a digit, needs On in effect and be an
 * error status (400-599).  NULL, or the message of the first refusal;
 * *on ends with the flag the line leaves.
 */
static const char *
erroverride_words(const struct pf_node *n, int *set, int *on)
{
	int i;
	long code;

	for (i = 0; i < n->argc; i++) {
		const char *w = n->argv[i];

		if (strcasecmp(w, "off") == 0 || strcasecmp(w, "on") == 0) {
			*on = strcasecmp(w, "on") == 0;
			*set = 1;
			continue;
		}
		if (!*set)
			return "ProxyErrorOverride first parameter must be one "
			    "of: off | on";
		if (!isdigit((unsigned char)w[0]))
			return "ProxyErrorOverride: status codes to intercept "
			    "must be numeric";
		if (!*on)
			return "ProxyErrorOverride: status codes must follow a "
			    "value of 'on'";
		code = strtol(w, NULL, 10);
		if (code < 400 || code > 599)
			return "ProxyErrorOverride: status codes to intercept "
			    "must be valid HTTP Status Codes >=400 && <600";
	}
	return NULL;
}

static const char *
check_erroverride(const struct pf_node *n)
{
	const struct pf_node *c;
	int set = 0, on = 0;

	if (n->parent != NULL)
		for (c = n->parent->child; c != NULL && c != n; c = c->next)
			if (!(c->flags & (PF_NODE_INACTIVE | PF_NODE_SECTION)) &&
			    c->def != NULL &&
			    strcmp(c->def->lname, "proxyerroroverride") == 0)
				(void)erroverride_words(c, &set, &on);
	return erroverride_words(n, &set, &on);
}

/*
 * ssl_cmd_SSLOpenSSLConfCmd: a command whose OpenSSL value type is a
 * file (SSL_CONF_TYPE_FILE) or a directory goes through
 * ssl_cmd_check_file / ssl_cmd_check_dir.  The names are OpenSSL 3's
 * ssl_conf_cmds with a file name (SSL_CONF_FLAG_FILE: any case), checked
 * against apache2 -t.  Other commands are not judged here (OpenSSL's
 * "invalid OpenSSL configuration command" needs its whole table).
 */
static const char *
check_sslconfcmd(struct hrd *r, const struct pf_node *n)
{
	static const struct vcheck file = { NULL, V_FILE, NULL, NULL };
	static const struct vcheck dir = { NULL, V_DIR, NULL, NULL };

	if (n->argc != 2)
		return NULL;
	if (one_of("dhparameters|certificate|privatekey|serverinfofile|"
	    "chaincafile|verifycafile|requestcafile|clientcafile",
	    n->argv[0]))
		return check_path_word(r, n, &file, n->argv[1]);
	if (one_of("chaincapath|verifycapath|clientcapath",
	    n->argv[0]))
		return check_path_word(r, n, &dir, n->argv[1]);
	return NULL;
}

/*
 * ssl_cmd_SSLPassPhraseDialog (modules/ssl/ssl_engine_config.c):
 * "builtin" (any case), "exec:PATH" whose PATH, relative to the
 * ServerRoot, exists (ssl_util_path_check SSL_PCM_EXISTS: any type), or
 * "|program"; anything else is an invalid argument.  Under --root a
 * missing program is a note, as for certificate files.
 */
static const char *
check_ppdialog(struct hrd *r, const struct pf_node *n)
{
	const char *a = n->argv[0], *path;
	struct stat st;

	if (strcasecmp(a, "builtin") == 0 || (a[0] == '|' && a[1] != '\0'))
		return NULL;
	if (strncmp(a, "exec:", 5) != 0 || a[5] == '\0')
		return "SSLPassPhraseDialog: Invalid argument";
	path = a[5] == '/' ? a + 5 : pf_hrd_join(r->a, r->server_root, "/",
	    a + 5);
	if (stat(pf_host_path(r->run, path), &st) == 0)
		return NULL;
	if (r->run->root != NULL) {
		pf_diag_add(r->run, PF_SEV_NOTE, "httpd-value", n->loc,
		    "SSLPassPhraseDialog: file '%s' is not in the tree under "
		    "--root (apache2 -t there fails unless it exists)", path);
		return NULL;
	}
	return pf_printf(r->a, "SSLPassPhraseDialog: file '%s' does not "
	    "exist", path);
}

static const char *value_error(struct hrd *, const struct pf_node *,
		    const struct vcheck *);

#define VMEMO	4096	/* slots, a power of two */

/*
 * The verdict depends on the row and the words only (and on the modules
 * loaded, fixed while checking): nodes of the same argument text share
 * argv (the reader's cache), so a direct-mapped memo by argv and row
 * answers "Options -Indexes +FollowSymLinks" once per distinct text.
 */
const char *
pf_hrd_value_error(struct hrd *r, const struct pf_node *n)
{
	const struct vcheck *c;
	struct hvmemo *m;
	size_t row;

	if (!ready)
		init();
	if (n->def == NULL || (row = (size_t)(n->def - pf_httpd_directives)) >=
	    NROWS || row_check[row] == 0)
		return NULL;
	c = &checks[row_check[row] - 1];
	if (n->argc == 0)
		return value_error(r, n, c);
	if (r->vmemo == NULL)
		r->vmemo = calloc(VMEMO, sizeof(*r->vmemo));
	if (r->vmemo == NULL)
		pf_oom();
	m = &r->vmemo[(((uintptr_t)n->argv >> 4) ^ row) & (VMEMO - 1)];
	if (m->argv != n->argv || m->def != n->def) {
		m->argv = n->argv;
		m->def = n->def;
		m->err = value_error(r, n, c);
	}
	return m->err;
}

/*
 * ap_set_mutex's types: the words after the mechanism but OmitPID
 * ("default" without any), taken from the last; each must be a type a
 * loaded module registered in its pre_config (ap_mutex_register, by
 * name, case kept; none of them allows the mechanism "none").  The
 * modules and names are those of Apache 2.4.71, checked with apache2 -t.
 */
static const char *
mutex_types(struct hrd *r, const struct pf_node *n, int none)
{
	static const struct { const char *type, *module; } reg[] = {
		{ "default", NULL }, { "watchdog-callback", NULL },
		{ "authdigest-client", "auth_digest_module" },
		{ "authn-socache", "authn_socache_module" },
		{ "cache-socache", "cache_socache_module" },
		{ "ldap-cache", "ldap_module" },
		{ "lua-ivm-shm", "lua_module" },
		{ "rewrite-map", "rewrite_module" },
		{ "proxy", "proxy_module" },
		{ "proxy-balancer-shm", "proxy_balancer_module" },
		{ "ssl-cache", "ssl_module" },
		{ "ssl-stapling", "ssl_module" },
		{ "ssl-stapling-refresh", "ssl_module" },
		{ "mpm-accept", "mpm_prefork_module" },
		{ "mpm-accept", "mpm_worker_module" },
	};
	int i, any = 0;
	size_t k;

	for (i = n->argc; i >= 0; i--) {
		const char *t;
		int ok = 0;

		if (i == 0 && any)
			break;
		if (i == 0)
			t = "default";
		else if (i == 1 || strcasecmp(n->argv[i - 1], "omitpid") == 0)
			continue;
		else
			t = n->argv[i - 1];
		any = 1;
		if (r->third_party)
			continue;	/* a module of its own may register it */
		for (k = 0; k < sizeof(reg) / sizeof(reg[0]) && !ok; k++)
			ok = strcmp(reg[k].type, t) == 0 && (reg[k].module ==
			    NULL || pf_hrd_module_loaded(r, reg[k].module));
		if (!ok)
			return pf_printf(r->a, "Mutex type %s is not valid", t);
		if (none)
			return pf_printf(r->a, "None is not allowed for mutex "
			    "type %s", t);
	}
	return NULL;
}

/*
 * The socache providers the shipped modules register (ap_register_provider
 * in their register_hooks): mod_socache_shmcb registers "default" too.
 * apache2 lists the known names in hash order (ap_list_provider_names,
 * APR's seeded hash), so with several loaded only the set is httpd's.
 */
static const char *
socache_error(struct hrd *r, const struct pf_node *n, const struct vcheck *c)
{
	static const struct { const char *name, *module; } reg[] = {
		{ "default", "socache_shmcb_module" },
		{ "shmcb", "socache_shmcb_module" },
		{ "dbm", "socache_dbm_module" },
		{ "memcache", "socache_memcache_module" },
		{ "redis", "socache_redis_module" },
		{ "dc", "socache_dc_module" },
	};
	const char *a = n->argv[0], *name;
	const char *known = "";
	size_t k;

	if (c->values != NULL && one_of(c->values, a))
		return NULL;
	if (r->third_party)
		return NULL;	/* a module of its own may register one */
	name = pf_strndup(r->a, a, strcspn(a, ":"));
	for (k = 0; k < sizeof(reg) / sizeof(reg[0]); k++)
		if (strcmp(reg[k].name, name) == 0 &&
		    pf_hrd_module_loaded(r, reg[k].module))
			return NULL;
	for (k = 0; k < sizeof(reg) / sizeof(reg[0]); k++)
		if (pf_hrd_module_loaded(r, reg[k].module))
			known = pf_printf(r->a, "%s%s%s", known, *known != '\0' ?
			    "," : "", reg[k].name);
	/* mod_authn_socache names the whole argument, mod_cache_socache the
	 * provider (apache2 2.4.71: "Unknown socache provider
	 * 'shmcb:/path(512000)'" for AuthnCacheSOCache) */
	if (strcmp(c->msg, "authn") == 0 || strcmp(c->msg, "cache") == 0)
		return pf_printf(r->a, "%s%sUnknown socache provider '%s'. "
		    "Maybe you need to load the appropriate socache module "
		    "(mod_socache_%s?)", *c->msg == 'a' ? n->def->name : "",
		    *c->msg == 'a' ? ": " : "", *c->msg == 'a' ? a : name,
		    *c->msg == 'a' ? a : name);
	return pf_printf(r->a, strcmp(c->msg, "session") == 0 ?
	    "%s: '%s' session cache not supported (known names: %s). Maybe "
	    "you need to load the appropriate socache module (mod_socache_"
	    "%s?)." : "%s: '%s' stapling cache not supported (known names: "
	    "%s) Maybe you need to load the appropriate socache module "
	    "(mod_socache_%s?)", n->def->name, name, known, name);
}

static const char *
value_error(struct hrd *r, const struct pf_node *n, const struct vcheck *c)
{
	int i;

	if (n->argc == 0) {
		const struct pf_node *p;

		switch (c->how) {
		case V_NONEMPTY:
		case V_ARGC12:
		case V_HEADER:
		case V_ALWAYS:
			return c->msg;
		case V_FIRST_FLAGS:
			return fmt(r, c->msg, "");
		case V_MUTEX:
			return "Mutex requires at least a mechanism argument "
			    "(Mutex mechanisms are: 'none', 'default', "
			    "'flock:/path/to/file', 'fcntl:/path/to/file', "
			    "'file:/path/to/file', 'pthread', 'sysvsem', "
			    "'posixsem', 'sem')";
		case V_PROXYSET:
			/* inside <Proxy> the section names the worker */
			for (p = n->parent; p != NULL; p = p->parent)
				if ((p->flags & PF_NODE_SECTION) &&
				    p->name != NULL &&
				    (strcasecmp(p->name, "Proxy") == 0 ||
				    strcasecmp(p->name, "ProxyMatch") == 0))
					return NULL;
			return c->msg;
		default:
			return NULL;
		}
	}
	switch (c->how) {
	case V_ARGC12:
		return n->argc > 2 ? c->msg : NULL;
	case V_ATOI_NONNEG:
		return atoi(n->argv[0]) >= 0 ? NULL : fmt(r, c->msg,
		    n->argv[0]);
	case V_ERROVERRIDE:
		return check_erroverride(n);
	case V_CIPHERS: {
		/* PROTOCOL CIPHERS: SSL, or TLSv1.3 outside a directory
		 * context (cmd->path: a section other than <VirtualHost>, or
		 * an .htaccess file); case matters */
		const struct pf_node *p;

		if (n->argc != 2 || strcmp(n->argv[0], "SSL") == 0)
			return NULL;
		if (strcmp(n->argv[0], "TLSv1.3") != 0)
			return pf_printf(r->a, "protocol '%s' not supported",
			    n->argv[0]);
		if (n->flags & PF_NODE_HTACCESS)
			return "TLSv1.3 ciphers cannot be set inside a "
			    "directory context";
		for (p = n->parent; p != NULL && p->parent != NULL;
		    p = p->parent)
			if (pf_hrd_kind(p) != HK_VHOST)
				return "TLSv1.3 ciphers cannot be set inside a "
				    "directory context";
		return NULL;
	}
	case V_NOTETYPE:
		return n->argc == 2 && !one_of(c->values, n->argv[0]) ?
		    fmt(r, c->msg, n->argv[0]) : NULL;
	case V_STRTOL_WS: {
		char *e;

		(void)strtol(n->argv[0], &e, 10);
		return *e != '\0' && !pf_hrd_space(*e) ?
		    fmt(r, c->msg, n->argv[0]) : NULL;
	}
	case V_SHMSIZE: {
		/* a number, white space, then nothing or a unit whose first
		 * letter counts (b, k, m: "2KB" is 2048); at least the
		 * client list's header and one bucket with its entry, 88
		 * bytes on amd64 */
		char *e;
		long v = strtol(n->argv[0], &e, 10);

		while (pf_hrd_space(*e))
			e++;
		if (*e == 'k' || *e == 'K')
			v *= 1024;
		else if (*e == 'm' || *e == 'M')
			v *= 1048576;
		else if (*e != '\0' && *e != 'b' && *e != 'B')
			return fmt(r, c->msg, n->argv[0]);
		return v < 88 ? pf_printf(r->a, "size in AuthDigestShmemSize "
		    "too small: %ld < 88", v) : NULL;
	}
	case V_STRTOL_NONNEG: {
		long v;

		errno = 0;
		v = strtol(n->argv[0], NULL, 10);
		return v < 0 || errno == ERANGE ? fmt(r, c->msg, n->argv[0]) :
		    NULL;
	}
	case V_BUFSIZE: {
		/* values "long": the handler reads it with atol, not atoi */
		long v = c->values != NULL ? atol(n->argv[0]) :
		    (long)atoi(n->argv[0]);

		return v < 512 && v != 0 ? c->msg : NULL;
	}
	case V_STRTOD_POS: {
		char *e;
		double v = strtod(n->argv[0], &e);

		if (*e != '\0')
			return "error parsing value";
		return v > 0 ? NULL : c->msg;
	}
	case V_PROXYSET:
		return NULL;
	case V_ALWAYS:
		return c->msg;
	case V_PREFIX:
		return strncmp(n->argv[0], c->values, strlen(c->values)) == 0 ?
		    NULL : c->msg;
	case V_ATOI_RANGE: {
		int v = atoi(n->argv[0]);

		return v < atoi(c->values) || v > atoi(strchr(c->values, '-') +
		    1) ? c->msg : NULL;
	}
	case V_FIRST_FLAGS: {
		const char *slash = strchr(c->values, '/');
		const char *first = pf_strndup(r->a, c->values,
		    (size_t)(slash - c->values));

		if (!one_of(first, n->argv[0]))
			return fmt(r, c->msg, n->argv[0]);
		for (i = 1; i < n->argc; i++)
			if (!one_of(slash + 1, n->argv[i]))
				return fmt(r, c->msg, n->argv[i]);
		return NULL;
	}
	case V_LOGCOND: {
		/* mod_log_config add_custom_log: env=[!]NAME or expr=... */
		const char *w = n->argc > 2 ? n->argv[2] : NULL;

		if (w == NULL)
			return NULL;
		if (strncasecmp(w, "env=", 4) == 0)
			return w[4] == '\0' || (w[4] == '!' && w[5] == '\0') ?
			    "missing environment variable name" : NULL;
		if (strncasecmp(w, "expr=", 5) == 0)
			return pf_hrd_expr_check(r, w + 5, 0);
		return "error in condition clause";
	}
	case V_INT_RANGE: {
		char *e;
		long long v;

		errno = 0;
		v = strtoll(n->argv[0], &e, 10);
		return errno != 0 || e == n->argv[0] || *e != '\0' ||
		    v < atoll(c->values) || v > atoll(strchr(c->values, ':') +
		    1) ? fmt(r, c->msg, n->argv[0]) : NULL;
	}
	case V_ACTION:
		/* mod_actions add_action: [virtual] */
		return n->argc > 2 && strcasecmp(n->argv[2], "virtual") != 0 ?
		    pf_printf(r->a, "unrecognized option '%s'", n->argv[2]) :
		    NULL;
	case V_NONEMPTY:
		return NULL;
	case V_ENUM_POSINT:
		return one_of(c->values, n->argv[0]) || atoi(n->argv[0]) > 0 ?
		    NULL : c->msg;
	case V_ENUM:
		return one_of(c->values, n->argv[0]) ? NULL :
		    fmt(r, c->msg, n->argv[0]);
	case V_ENUM_ALL:
	case V_ENUM_PM:
		for (i = 0; i < n->argc; i++) {
			const char *w = n->argv[i];

			if (c->how == V_ENUM_PM && (*w == '+' || *w == '-'))
				w++;
			if (!one_of(c->values, w))
				return fmt(r, c->msg, w);
		}
		return NULL;
	case V_ATOI_MIN1:
		for (i = 0; i < n->argc; i++)
			if (atoi(n->argv[i]) < 1)
				return c->msg;
		return NULL;
	case V_OFF_T: {
		char *e;
		long long v;

		errno = 0;
		v = strtoll(n->argv[0], &e, 10);
		return errno != 0 || e == n->argv[0] || *e != '\0' || v < 0 ?
		    c->msg : NULL;
	}
	case V_TIMEOUT:
		return timeout_ok(n->argv[0]) ? NULL : c->msg;
	case V_OPTIONS:
		return check_options(r, n);
	case V_INDEXOPTS:
		return check_indexopts(n);
	case V_OVERRIDE:
		return check_override(r, n);
	case V_LOGLEVEL:
		return check_loglevel(r, n, c);
	case V_FILE:
	case V_DIR:
		return check_path(r, n, c);
	case V_SSLPROTO:
		for (i = 0; i < n->argc; i++) {
			const char *w = n->argv[i];
			int minus = *w == '-';

			if (*w == '+' || *w == '-')
				w++;
			if (strcasecmp(w, "SSLv2") == 0) {
				if (!minus)
					return "SSLProtocol: SSLv2 is no longer "
					    "supported";
			} else if (strcasecmp(w, "SSLv3") == 0) {
				/* Debian's OpenSSL 3 is built without it */
				if (!minus)
					return "SSLv3 not supported by this "
					    "version of OpenSSL";
			} else if (!one_of("tlsv1|tlsv1.1|tlsv1.2|tlsv1.3|all",
			    w))
				return pf_printf(r->a, "%s: Illegal protocol "
				    "'%s'", n->def->name, w);
		}
		return NULL;
	case V_ERRORDOC: {
		int code = atoi(n->argv[0]);

		return code == 500 || pf_hrd_known_status(code) ? NULL :
		    pf_printf(r->a, "Unsupported HTTP response code %s",
		    n->argv[0]);
	}
	case V_MUTEX: {
		const char *a = n->argv[0], *d;
		size_t k = strcspn(a, ":");
		struct stat st;

		if (!one_of(c->values, pf_strndup(r->a, a, k)))
			return fmt(r, c->msg, a);
		/* the directory after ':' must exist (ap_mutex_set) */
		if (a[k] == ':' && a[k + 1] != '\0' && r->run->root == NULL) {
			d = a[k + 1] == '/' ? a + k + 1 : pf_hrd_join(r->a,
			    r->server_root, "/", a + k + 1);
			if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode))
				return pf_printf(r->a, "Invalid Mutex "
				    "directory in argument %s", a);
		}
		return mutex_types(r, n, strcasecmp(a, "none") == 0 ||
		    strcasecmp(a, "no") == 0);
	}
	case V_SOCACHE:
		return socache_error(r, n, c);
	case V_PPDIALOG:
		return check_ppdialog(r, n);
	case V_SSLCONFCMD:
		return check_sslconfcmd(r, n);
	case V_HEADER: {
		const char *a = n->argv[0];

		if (strcasecmp(n->def->lname, "header") == 0 &&
		    (strcasecmp(a, "always") == 0 ||
		    strcasecmp(a, "onsuccess") == 0))
			a = n->argc > 1 ? n->argv[1] : "";
		return one_of(c->values, a) ? NULL : c->msg;
	}
	}
	return NULL;
}
