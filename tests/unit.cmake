# Unit tests of model/ and the text report.
pf_unit_test(test_model ${PF_TESTS_DIR}/unit/test_model.c pf_emitters pf_model)
