# httpd reader tests (issue 3): unit tests of the reader, oracle tests
# against the real apache2 on private trees, bad input, fuzz corpus replay.
add_executable(httpd-probe ${PF_TESTS_DIR}/httpd/httpd_probe.c)
target_compile_options(httpd-probe PRIVATE ${PF_WARNING_FLAGS})
target_link_libraries(httpd-probe PRIVATE pf_parsers pf_model)
set_target_properties(httpd-probe PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
