# Sizing that bench/stock_vs_generated.sh measured (issue 8): compile
# --remap-root writes what compile writes, no pm.max_requests behind
# enablereuse, few big Apache processes.  The benchmark itself is not a
# test (bench/README.md).
pf_script_test(perf.sizing unit ${PF_TESTS_DIR}/perf/sizing.sh)
