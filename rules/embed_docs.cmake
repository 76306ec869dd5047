# embed_docs.cmake - embeds docs/rules/*.md into pf_rules (included from the
# top-level CMakeLists.txt after pf_rules is defined).  The C table is
# regenerated whenever a doc changes, is added or removed.
file(GLOB PF_RULE_DOC_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/rules/*.md)
set(PF_RULE_DOCS_C ${CMAKE_BINARY_DIR}/generated/rule_docs.c)
add_custom_command(OUTPUT ${PF_RULE_DOCS_C}
  COMMAND ${CMAKE_COMMAND} -DDOCS_DIR=${CMAKE_SOURCE_DIR}/docs/rules
          -DOUT=${PF_RULE_DOCS_C} -P ${CMAKE_SOURCE_DIR}/rules/gen_docs.cmake
  DEPENDS ${PF_RULE_DOC_FILES} ${CMAKE_SOURCE_DIR}/rules/gen_docs.cmake
  COMMENT "Embedding rule documentation"
  VERBATIM)
target_sources(pf_rules PRIVATE ${PF_RULE_DOCS_C})
# The rule docs are also installed, for people who read them as files.
install(DIRECTORY docs/rules/ DESTINATION share/doc/proxyfpm/rules
        FILES_MATCHING PATTERN "*.md")
