# Rule engine tests (issue 5, issue 8 point 2): unit tests of the registry,
# linking, simulator, suppression and baselines; every rule's fire/safe
# cases; CLI; stock layouts that must stay quiet; the simulator against
# the real apache2 + php-fpm8.2.
pf_unit_test(test_rules ${PF_TESTS_DIR}/rules/test_rules.c pf_rules pf_parsers pf_emitters pf_model)
pf_script_test(rules.cases unit ${PF_TESTS_DIR}/rules/cases.sh)
pf_script_test(rules.stock.debian oracle ${PF_TESTS_DIR}/rules/stock.sh debian)
pf_script_test(rules.stock.rhel unit ${PF_TESTS_DIR}/rules/stock.sh rhel)
add_executable(sim-probe ${PF_TESTS_DIR}/rules/sim_probe.c)
target_compile_options(sim-probe PRIVATE ${PF_WARNING_FLAGS})
target_link_libraries(sim-probe PRIVATE pf_rules pf_parsers pf_emitters pf_model)
set_target_properties(sim-probe PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
pf_script_test(rules.sim-oracle oracle ${PF_TESTS_DIR}/rules/sim_oracle.sh)
# Random routing setups (tests/rules/sim_random.py) against the real
# servers: which URL executes which file.
pf_script_test(rules.sim-random oracle ${PF_TESTS_DIR}/rules/sim_random.sh)
# Real-world .htaccess shapes (testdata/rules/_htaccess_sim) against the
# real servers: rewrite loops, a redirect above the root, a query with a
# space, a panel's handler name.
pf_script_test(rules.htaccess-sim-oracle oracle ${PF_TESTS_DIR}/rules/htaccess_sim_oracle.sh)
pf_script_test(rules.lint-compiled oracle ${PF_TESTS_DIR}/rules/lint_compiled.sh)
pf_script_test(rules.cli unit ${PF_TESTS_DIR}/rules/cli.sh)
pf_fuzz_target(fuzz_rules ${PF_TESTS_DIR}/rules/fuzz_rules.c ${PF_TESTDATA}/rules/_fuzz pf_rules pf_parsers pf_emitters pf_model)
pf_script_test(rules.memo unit ${PF_TESTS_DIR}/rules/memo.sh)
pf_script_test(rules.listings unit ${PF_TESTS_DIR}/rules/listings.sh)
pf_script_test(rules.fpm-prefix-oracle oracle ${PF_TESTS_DIR}/rules/fpm_prefix_oracle.sh)
pf_script_test(rules.remoteip-oracle oracle ${PF_TESTS_DIR}/rules/remoteip_oracle.sh)
pf_script_test(rules.status-oracle oracle ${PF_TESTS_DIR}/rules/status_oracle.sh)
pf_script_test(rules.status-proxy-oracle oracle ${PF_TESTS_DIR}/rules/status_proxy_oracle.sh)
# ulimit-nofile: [global] rlimit_files above fs.nr_open passes php-fpm -t
# and stops php-fpm at start.
pf_script_test(rules.rlimit-oracle oracle ${PF_TESTS_DIR}/rules/rlimit_oracle.sh)
pf_script_test(rules.forward-oracle oracle ${PF_TESTS_DIR}/rules/forward_oracle.sh)
pf_script_test(rules.secrets-oracle oracle ${PF_TESTS_DIR}/rules/secrets_oracle.sh)
pf_script_test(rules.listing-oracle oracle ${PF_TESTS_DIR}/rules/listing_oracle.sh)
pf_script_test(rules.phpinfo-oracle oracle ${PF_TESTS_DIR}/rules/phpinfo_oracle.sh)
pf_script_test(rules.fsroot-oracle oracle ${PF_TESTS_DIR}/rules/fsroot_oracle.sh)
pf_script_test(rules.authpass-oracle oracle ${PF_TESTS_DIR}/rules/authpass_oracle.sh)
pf_script_test(rules.uploadtmp-oracle oracle ${PF_TESTS_DIR}/rules/uploadtmp_oracle.sh)
pf_script_test(rules.postmax-oracle oracle ${PF_TESTS_DIR}/rules/postmax_oracle.sh)
pf_script_test(rules.userini-oracle oracle ${PF_TESTS_DIR}/rules/userini_oracle.sh)
# Pools with a chroot (php-fpm looks for SCRIPT_FILENAME below it): the
# simulator's verdicts and fpm-chroot-paths against apache2 + php-fpm8.2.
pf_script_test(rules.chroot-oracle oracle ${PF_TESTS_DIR}/rules/chroot_oracle.sh)
pf_script_test(rules.bodylimit-oracle oracle ${PF_TESTS_DIR}/rules/bodylimit_oracle.sh)
pf_script_test(rules.balancer-oracle oracle ${PF_TESTS_DIR}/rules/balancer_oracle.sh)
pf_script_test(rules.member-worker-oracle oracle ${PF_TESTS_DIR}/rules/member_worker_oracle.sh)
pf_script_test(rules.worker-server-oracle oracle ${PF_TESTS_DIR}/rules/worker_server_oracle.sh)
pf_script_test(rules.alias-route-oracle oracle ${PF_TESTS_DIR}/rules/alias_route_oracle.sh)
pf_script_test(rules.source-oracle oracle ${PF_TESTS_DIR}/rules/source_oracle.sh)
# The handler names a loaded mod_php takes (Debian's libphp8.2.so from its
# package): php-source-served against apache2 + mod_php.
pf_script_test(rules.modphp-oracle oracle ${PF_TESTS_DIR}/rules/modphp_oracle.sh)
pf_script_test(rules.modphp-upload-oracle oracle ${PF_TESTS_DIR}/rules/modphp_upload_oracle.sh)
# Random mod_php setups (tests/rules/modphp_random.py) against apache2 with
# Debian's libphp8.2.so.
pf_script_test(rules.modphp-random oracle ${PF_TESTS_DIR}/rules/modphp_random.sh)
# A handler expression (SetHandler "proxy:unix:.../%{SERVER_NAME}.sock|...")
# links each vhost to its own pool, as apache2 + php-fpm8.2 do.
pf_script_test(rules.expr-handler-oracle oracle ${PF_TESTS_DIR}/rules/expr_handler_oracle.sh)
pf_script_test(rules.match-env-oracle oracle ${PF_TESTS_DIR}/rules/match_env_oracle.sh)
pf_script_test(rules.source-area-oracle oracle ${PF_TESTS_DIR}/rules/source_area_oracle.sh)
pf_script_test(rules.vhost-timeout-oracle oracle ${PF_TESTS_DIR}/rules/vhost_timeout_oracle.sh)
pf_script_test(rules.main-route-oracle oracle ${PF_TESTS_DIR}/rules/main_route_oracle.sh)
pf_script_test(rules.inherit-pool-oracle oracle ${PF_TESTS_DIR}/rules/inherit_pool_oracle.sh)
pf_script_test(rules.nofile-rewrite-oracle oracle ${PF_TESTS_DIR}/rules/nofile_rewrite_oracle.sh)
pf_script_test(rules.fcgi-setenv-oracle oracle ${PF_TESTS_DIR}/rules/fcgi_setenv_oracle.sh)
# Hosting panels' layouts (testdata/rules/_panels/*): exactly the expected
# findings; an oracle.sh makes the case run the real servers too.
file(GLOB PF_PANELS LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${PF_TESTDATA}/rules/_panels/*)
foreach(dir ${PF_PANELS})
  if(IS_DIRECTORY ${dir}/root)
    get_filename_component(panel ${dir} NAME)
    if(EXISTS ${dir}/oracle.sh)
      pf_script_test(rules.panel.${panel} oracle ${PF_TESTS_DIR}/rules/panels.sh ${panel})
    else()
      pf_script_test(rules.panel.${panel} unit ${PF_TESTS_DIR}/rules/panels.sh ${panel})
    endif()
  endif()
endforeach()
pf_script_test(rules.socket-oracle oracle ${PF_TESTS_DIR}/rules/socket_oracle.sh)
# Under --root the PHP version is the copy's php-fpm binary's (its bytes).
pf_script_test(rules.php-version-root unit ${PF_TESTS_DIR}/rules/php_version_root.sh)
# mod_userdir (/~user/ URLs) against apache2 + php-fpm8.2: the simulator's
# verdicts and userdir-php-exec's.
pf_script_test(rules.userdir-oracle oracle ${PF_TESTS_DIR}/rules/userdir_oracle.sh)
pf_unit_test(test_userdir ${PF_TESTS_DIR}/rules/test_userdir.c pf_rules pf_parsers pf_emitters pf_model)
pf_script_test(rules.digit-host-oracle oracle ${PF_TESTS_DIR}/rules/digit_host_oracle.sh)
