# httpd reader tests (issue 3): unit tests of the reader, oracle tests
# against the real apache2 on private trees, bad input, fuzz corpus replay.
add_executable(httpd-probe ${PF_TESTS_DIR}/httpd/httpd_probe.c)
target_compile_options(httpd-probe PRIVATE ${PF_WARNING_FLAGS})
target_link_libraries(httpd-probe PRIVATE pf_parsers pf_model)
set_target_properties(httpd-probe PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})

# Oracle: every tree in testdata/httpd/ against the real apache2.
file(GLOB pf_httpd_cases LIST_DIRECTORIES true CONFIGURE_DEPENDS ${PF_TESTDATA}/httpd/*)
foreach(dir ${pf_httpd_cases})
  if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/httpd.conf)
    get_filename_component(case ${dir} NAME)
    pf_script_test(httpd.oracle.${case} oracle ${PF_TESTS_DIR}/httpd/oracle.sh case ${dir})
  endif()
endforeach()
pf_script_test(httpd.oracle.etc-apache2 oracle ${PF_TESTS_DIR}/httpd/oracle.sh system)
pf_script_test(httpd.oracle.bigconf oracle ${PF_TESTS_DIR}/httpd/oracle.sh bigconf)
# The module files' own command tables, read from their ELF objects
# (httpd_so.c), against the generated table: every module file Apache
# ships (third_party.sh runs it on mod_security2's and mod_php's too).
add_executable(so-cmds ${PF_TESTS_DIR}/httpd/so_cmds.c)
target_compile_options(so-cmds PRIVATE ${PF_WARNING_FLAGS})
target_link_libraries(so-cmds PRIVATE pf_parsers pf_model)
set_target_properties(so-cmds PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
add_test(NAME httpd.oracle.so-cmds COMMAND so-cmds)
set_tests_properties(httpd.oracle.so-cmds PROPERTIES LABELS oracle SKIP_RETURN_CODE 77)
# Modules that are not Apache's: those Debian packages (mod_security2,
# mod_php, loaded from their packages) and a module built here, against
# apache2 -t (testdata/httpd-third-party/).
pf_script_test(httpd.oracle.third-party oracle ${PF_TESTS_DIR}/httpd/third_party.sh)
pf_script_test(httpd.badinput unit ${PF_TESTS_DIR}/httpd/badinput.sh)
# .htaccess files read and directives flagged forbidden (AllowOverride,
# Options=, AllowOverrideList, Nonfatal=) against the 500s of apache2.
pf_script_test(httpd.oracle.htaccess oracle ${PF_TESTS_DIR}/httpd/htaccess_oracle.sh)
# Minimal .htaccess cases through htaccess_corpus.py --strict: apache2's
# 500 and message per file against lint's diagnostics and refused flag.
pf_script_test(httpd.oracle.htaccess-cases oracle ${PF_TESTS_DIR}/httpd/htaccess_cases.sh)
pf_script_test(httpd.oracle.accessfile oracle ${PF_TESTS_DIR}/httpd/accessfile_oracle.sh)
# Value and arity checks (with help texts) against apache2, one line each.
pf_script_test(httpd.oracle.values oracle ${PF_TESTS_DIR}/httpd/values.sh)
# LoadModule of every shipped module alone and all together: which ones
# need another loaded first, against apache2.
pf_script_test(httpd.oracle.modules oracle ${PF_TESTS_DIR}/httpd/modules.sh)
# The reader's pieces: words, continuation, ${}, globs, IfVersion, Macro,
# Action routes, --upload-dir.
pf_unit_test(test_httpd_reader ${PF_TESTS_DIR}/httpd/test_httpd_reader.c pf_parsers pf_model)
pf_unit_test(test_prefetch ${PF_TESTS_DIR}/httpd/test_prefetch.c pf_parsers pf_model)
pf_script_test(httpd.cli unit ${PF_TESTS_DIR}/httpd/cli.sh)
pf_fuzz_target(fuzz_httpd ${PF_TESTS_DIR}/fuzz/fuzz_httpd.c ${PF_TESTDATA}/fuzz/httpd pf_parsers pf_model)
# The service files read before httpd (envvars, systemd units, conf.d,
# sysconfig, rc.conf) below a private --root, no -f.
pf_fuzz_target(fuzz_layout ${PF_TESTS_DIR}/fuzz/fuzz_layout.c ${PF_TESTDATA}/fuzz/layout pf_parsers pf_model)
pf_fuzz_target(fuzz_so ${PF_TESTS_DIR}/fuzz/fuzz_so.c ${PF_TESTDATA}/fuzz/so pf_parsers pf_model)
# Every configuration example of the Apache manual (apache2-doc) through
# apache2 -t and proxyfpm lint --httpd: the same verdict.
pf_script_test(httpd.oracle.manual-examples oracle ${PF_TESTS_DIR}/httpd/manual_examples.sh)
# Random trees (tests/httpd/conf_gen.py) against apache2 -t.
pf_script_test(httpd.oracle.conf-diff oracle ${PF_TESTS_DIR}/httpd/conf_diff.sh)
# SuexecUserGroup against this machine's suexec binary, as apache2 -t judges it.
pf_script_test(httpd.suexec-oracle oracle ${PF_TESTS_DIR}/httpd/suexec_oracle.sh)
# Modules that pass apache2 -t but stop httpd at start without another
# (mod_proxy_balancer without mod_slotmem_shm): against a real start.
pf_script_test(httpd.start-oracle oracle ${PF_TESTS_DIR}/httpd/start_oracle.sh)
# Gentoo's APACHE2_OPTS and SUSE's start_apache2 (-D, -C, -c from
# /etc/sysconfig/apache2) read for the service's main file, with provenance.
pf_script_test(httpd.layouts unit ${PF_TESTS_DIR}/httpd/layouts.sh)
# <IfModule X> before the LoadModule of X: skipped by httpd, warned by lint.
pf_script_test(httpd.ifmodule-order-oracle oracle ${PF_TESTS_DIR}/httpd/ifmodule_order_oracle.sh)
# FreeBSD's rc script: -DNOHTTPACCEPT unless apache24_http_accept_enable,
# -D words of apache24_flags (rc.conf, rc.conf.local, rc.conf.d).
pf_script_test(httpd.layouts-freebsd unit ${PF_TESTS_DIR}/httpd/layouts_freebsd.sh)
# The command line the service manager gives httpd: RHEL/Arch httpd.service
# as systemd reads it (drop-ins, EnvironmentFile syntax, $OPTIONS), Alpine's
# conf.d HTTPD_OPTS, Debian's APACHE_ARGUMENTS; against apache2 -t.
pf_script_test(httpd.layouts-service unit ${PF_TESTS_DIR}/httpd/layouts_service.sh)
# systemd's EnvironmentFile syntax and $VAR splitting (svc_unit.c); the
# layout name --host auto gives each distribution's tree.
pf_unit_test(test_svc_unit ${PF_TESTS_DIR}/httpd/test_svc_unit.c pf_parsers pf_model)
# Service instances (httpd@NAME, apache2@NAME, SUSE apache2@NAME, FreeBSD
# apache24 profiles): the others named in a note, --instance NAME.
pf_script_test(httpd.layouts-instances unit ${PF_TESTS_DIR}/httpd/layouts_instances.sh)
# dump's two threads (httpd_dump.c "Two cores"): the same bytes as one,
# with the tree cut at every node of the testdata trees.
pf_script_test(httpd.dump-pieces unit ${PF_TESTS_DIR}/httpd/dump_pieces.sh)
pf_script_test(httpd.htaccess-walk unit ${PF_TESTS_DIR}/httpd/htaccess_walk.sh)
# The .htaccess files below UserDir targets in the home directory form,
# the accounts from the --root tree's passwd database.
pf_script_test(httpd.htaccess-userdir unit ${PF_TESTS_DIR}/httpd/htaccess_userdir.sh)
