# Tests of the FastCGI runtime (runtime/, proxyfpm serve).  See
# docs/runtime.md.
pf_unit_test(test_fcgi_codec ${PF_TESTS_DIR}/runtime/test_fcgi_codec.c
  pf_runtime pf_model)
pf_unit_test(test_fpm_verdict ${PF_TESTS_DIR}/runtime/test_fpm_verdict.c
  pf_runtime pf_model)
