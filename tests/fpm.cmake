# php-fpm.conf and php.ini readers (issue 4): unit tests of the model they
# fill, the INI dialect against PHP's own parse_ini_string(), the verdict
# oracle against the real php-fpm8.2 -t, bad input through the CLI, and
# the fuzz corpora of both readers.
pf_unit_test(test_fpm ${PF_TESTS_DIR}/fpm/test_fpm.c pf_parsers pf_model)

add_executable(zini-dump ${PF_TESTS_DIR}/fpm/zini_dump.c)
target_compile_options(zini-dump PRIVATE ${PF_WARNING_FLAGS})
target_link_libraries(zini-dump PRIVATE pf_parsers pf_model)
pf_script_test(fpm.dialect oracle ${PF_TESTS_DIR}/fpm/dialect.sh
  $<TARGET_FILE:zini-dump>)
pf_script_test(fpm.oracle oracle ${PF_TESTS_DIR}/fpm/oracle.sh)
pf_script_test(fpm.startup_oracle oracle ${PF_TESTS_DIR}/fpm/startup_oracle.sh)
pf_script_test(fpm.long_socket_oracle oracle ${PF_TESTS_DIR}/fpm/long_socket_oracle.sh)
pf_script_test(fpm.tcp_route_oracle oracle ${PF_TESTS_DIR}/fpm/tcp_route_oracle.sh)
pf_script_test(fpm.name_route_oracle oracle ${PF_TESTS_DIR}/fpm/name_route_oracle.sh)
pf_script_test(fpm.badinput unit ${PF_TESTS_DIR}/fpm/badinput.sh)
pf_script_test(fpm.cli unit ${PF_TESTS_DIR}/fpm/cli.sh)
pf_fuzz_target(fuzz_fpm ${PF_TESTS_DIR}/fuzz/fuzz_fpm.c
  ${PF_TESTDATA}/fuzz/fpm pf_parsers pf_model)
pf_fuzz_target(fuzz_phpini ${PF_TESTS_DIR}/fuzz/fuzz_phpini.c
  ${PF_TESTDATA}/fuzz/phpini pf_parsers pf_model)

# Effective php.ini values against php-fpm8.2 -i (tests/fpm/ini_oracle.py).
add_executable(ini-probe ${PF_TESTS_DIR}/fpm/ini_probe.c)
target_compile_options(ini-probe PRIVATE ${PF_WARNING_FLAGS})
target_link_libraries(ini-probe PRIVATE pf_parsers pf_model)
pf_script_test(fpm.ini_oracle oracle ${PF_TESTS_DIR}/fpm/ini_oracle.sh
  $<TARGET_FILE:ini-probe>)
