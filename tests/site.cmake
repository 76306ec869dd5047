# Site descriptions and compile (issue 2, sizing of issue 8): unit tests of
# the reader and the sizing, golden files, the real apache2 and php-fpm8.2
# as oracles for every case in testdata/site/, one end-to-end run, bad
# input and command-line behaviour, and the fuzz corpus.
pf_unit_test(test_site ${PF_TESTS_DIR}/site/test_site.c pf_emitters pf_parsers pf_model)

pf_script_test(site.golden golden ${PF_TESTS_DIR}/site/golden.sh)
pf_script_test(site.badinput unit ${PF_TESTS_DIR}/site/badinput.sh)
pf_script_test(site.cli unit ${PF_TESTS_DIR}/site/cli.sh)
pf_script_test(site.e2e e2e ${PF_TESTS_DIR}/site/e2e.sh sethandler)
pf_script_test(site.e2e.proxypassmatch e2e ${PF_TESTS_DIR}/site/e2e.sh proxypassmatch)
set_tests_properties(site.e2e site.e2e.proxypassmatch PROPERTIES TIMEOUT 120)

file(GLOB pf_site_cases LIST_DIRECTORIES true CONFIGURE_DEPENDS ${PF_TESTDATA}/site/*)
foreach(dir ${pf_site_cases})
  get_filename_component(case ${dir} NAME)
  if(IS_DIRECTORY ${dir} AND (EXISTS ${dir}/site.ini OR EXISTS ${dir}/inputs))
    pf_script_test(site.oracle.${case} oracle ${PF_TESTS_DIR}/site/oracle.sh ${case})
  endif()
endforeach()

pf_fuzz_target(fuzz_site ${PF_TESTS_DIR}/fuzz/fuzz_site.c ${PF_TESTDATA}/fuzz/site
  pf_emitters pf_parsers pf_model)

# Randomized property test of compile over generated descriptions
# (tests/site/property.py): 200 per run, 100 under ASan.
pf_script_test(site.oracle.property oracle ${PF_TESTS_DIR}/site/property.sh)
set_tests_properties(site.oracle.property PROPERTIES TIMEOUT 300)

# The property campaign of tests/site/site_props.py at a fixed seed
# (independent generator: shared pools and document roots, nested upload
# folders, names and paths at their limits, invalid mutations; lint and
# check at medium; selftest on a sample).
pf_script_test(site.oracle.props oracle ${PF_TESTS_DIR}/site/site_props.sh)
set_tests_properties(site.oracle.props PROPERTIES TIMEOUT 120)

# Names two sites answer alike: check's site-alias-overlap and
# site-duplicate-name warnings name the site the real apache2 serves.
pf_script_test(site.oracle.name-overlap.apache oracle ${PF_TESTS_DIR}/site/name_overlap.sh)
