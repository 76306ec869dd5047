# Rule engine tests (issue 5, issue 8 point 2): unit tests of the registry,
# linking, simulator, suppression and baselines; every rule's fire/safe
# cases; CLI; stock layouts that must stay quiet; the simulator against
# the real apache2 + php-fpm8.2.
pf_unit_test(test_rules ${PF_TESTS_DIR}/rules/test_rules.c pf_rules pf_parsers pf_emitters pf_model)
pf_script_test(rules.cases unit ${PF_TESTS_DIR}/rules/cases.sh)
