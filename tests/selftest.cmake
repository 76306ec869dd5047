# Tests of 'proxyfpm selftest' and the differential test of the request
# simulator (issue 7 points 3 and 4; docs/selftest.md).  The e2e tests
# start the real apache2 (and php-fpm8.2 for --fpm) on 127.0.0.1 in private
# sandboxes; they skip (77) only when apache2 is not installed.
pf_unit_test(test_http_client ${PF_TESTS_DIR}/selftest/test_http_client.c
  pf_runtime pf_model)
target_link_libraries(test_http_client PRIVATE pthread)
# selftest's wait for its servers' ports (cli/selftest_proc.c, built in).
pf_unit_test(test_wait_listen ${PF_TESTS_DIR}/selftest/test_wait_listen.c
  pf_model)
target_sources(test_wait_listen PRIVATE ${CMAKE_SOURCE_DIR}/cli/selftest_proc.c)
pf_script_test(selftest.missing unit ${PF_TESTS_DIR}/selftest/missing.sh)
pf_script_test(selftest.examples e2e ${PF_TESTS_DIR}/selftest/examples.sh)
pf_script_test(selftest.broken e2e ${PF_TESTS_DIR}/selftest/broken.sh)
pf_script_test(selftest.cleanup e2e ${PF_TESTS_DIR}/selftest/cleanup.sh)
# Simulator vs real Apache + runtime over every routing case in testdata/.
pf_script_test(selftest.differential oracle
  ${PF_TESTS_DIR}/selftest/differential.sh)
set_tests_properties(selftest.differential PROPERTIES TIMEOUT 600)
# The stock Debian tree with php8.2-fpm.conf enabled (a real-world input).
pf_script_test(selftest.debian oracle ${PF_TESTS_DIR}/selftest/debian.sh)
