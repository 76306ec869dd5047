# Tests of the FastCGI runtime (runtime/, proxyfpm serve).  See
# docs/runtime.md.
pf_unit_test(test_fcgi_codec ${PF_TESTS_DIR}/runtime/test_fcgi_codec.c
  pf_runtime pf_model)
pf_unit_test(test_fpm_verdict ${PF_TESTS_DIR}/runtime/test_fpm_verdict.c
  pf_runtime pf_model)
# A raw FastCGI client against the runtime started in-process.
pf_unit_test(test_rt_raw ${PF_TESTS_DIR}/runtime/test_rt_raw.c
  pf_runtime pf_model)
# proxyfpm serve as a process: exit codes, listeners, signals, --pool.
pf_script_test(runtime.serve e2e ${PF_TESTS_DIR}/runtime/serve.sh)
# Verdicts against the real php-fpm8.2 for the same parameters.
pf_script_test(runtime.verdict_oracle oracle
  ${PF_TESTS_DIR}/runtime/verdict_oracle.sh)
# Real Apache in front (enablereuse), bounded load with wrk, 0 failures.
pf_script_test(runtime.apache_load e2e ${PF_TESTS_DIR}/runtime/apache_load.sh)
# libFuzzer harness of the codec and protocol; ctest replays the corpus.
pf_fuzz_target(fuzz_fcgi ${PF_TESTS_DIR}/fuzz/fuzz_fcgi.c
  ${PF_TESTDATA}/fuzz/fcgi pf_runtime pf_model)
