# Report formats (emitters/report*.c): golden outputs of every format on
# the same programmatic runs, well-formedness for any input bytes, JUnit
# against the shared XSD (libxml2, in C), SARIF and the JSON report
# against their schemas (python3-jsonschema), the HTML page rendered by
# headless Chromium, and the report options of the CLI.
# Regenerate goldens on purpose: PF_UPDATE_GOLDEN=1 ctest -R test_reports
pf_unit_test(test_reports ${PF_TESTS_DIR}/reports/test_reports.c
  pf_emitters pf_model PkgConfig::LIBXML2 PkgConfig::CJSON)
target_sources(test_reports PRIVATE ${PF_TESTS_DIR}/reports/fixtures.c)
target_include_directories(test_reports PRIVATE ${PF_TESTS_DIR}/reports)
set_tests_properties(test_reports PROPERTIES LABELS "unit;golden")

pf_script_test(reports.schemas golden ${PF_TESTS_DIR}/reports/schemas.sh
  $<TARGET_FILE:test_reports>)
pf_script_test(reports.html_chromium golden
  ${PF_TESTS_DIR}/reports/html_chromium.sh $<TARGET_FILE:test_reports>)
pf_script_test(reports.cli unit ${PF_TESTS_DIR}/reports/cli.sh)
