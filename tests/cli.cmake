# CLI-level tests owned by the lead: check/compile read their output back.
pf_script_test(cli.readback e2e ${PF_TESTS_DIR}/cli/readback.sh)
pf_script_test(cli.manpage unit ${PF_TESTS_DIR}/cli/manpage.sh)
pf_script_test(cli.rootcopy unit ${PF_TESTS_DIR}/cli/rootcopy.sh)
pf_script_test(cli.typos unit ${PF_TESTS_DIR}/cli/typos.sh)
pf_script_test(cli.wrongfile unit ${PF_TESTS_DIR}/cli/wrongfile.sh)
pf_script_test(cli.unreadable unit ${PF_TESTS_DIR}/cli/unreadable.sh)
pf_script_test(cli.missing unit ${PF_TESTS_DIR}/cli/missing.sh)
pf_script_test(cli.outputs unit ${PF_TESTS_DIR}/cli/outputs.sh)
