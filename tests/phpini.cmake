# php.ini as PHP itself starts with it (helper-32): php.ini files PHP
# refuses to start with, and values its INI handlers refuse, against the
# reader (tests/phpini/startup_oracle.py).  The real-world corpus tool
# tests/phpini/ini_corpus.py is a development tool, not a test.
pf_script_test(fpm.phpini_startup oracle ${PF_TESTS_DIR}/phpini/startup_oracle.sh
  $<TARGET_FILE:ini-probe>)
