# Install layout and the Debian package (cpack -G DEB in the build directory).
include(GNUInstallDirs)

install(TARGETS carepath RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 FILES_MATCHING PATTERN "*.1")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man5 FILES_MATCHING PATTERN "*.5")
# The default content is compiled in; the files are installed as well, to read, copy and adapt.
foreach(dir questionnaires rules mappings)
  if(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/${dir})
    install(DIRECTORY ${CMAKE_SOURCE_DIR}/${dir} DESTINATION ${CMAKE_INSTALL_DATADIR}/carepath)
  endif()
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/completion/carepath.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME carepath)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The rule test cases, as examples of `carepath test` next to the personas they name (../../examples/personas).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/tests/cases/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/cases)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME carepath)
set(CPACK_PACKAGE_VENDOR "carepath")
set(CPACK_PACKAGE_CONTACT "carepath maintainers <carepath@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "addiction-treatment intake: questionnaire, rules and a recommended care pathway")
set(CPACK_PACKAGE_DESCRIPTION "carepath reads a YAML questionnaire and rule set, checks intake records, scores them and\n\
recommends a care pathway with the reasons for every step. It supports, and never replaces,\n\
a qualified clinician's judgement.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
# The Debian 12 runtime packages of what carepath links (dpkg-shlibdeps agrees, see README).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.34), libedit2 (>= 3.1-20221030), libfmt9 (>= 9.1.0+ds1), libgcc-s1 (>= 3.4), libsimdjson14 (>= 3.0.1), libstdc++6 (>= 12), libyaml-cpp0.7 (>= 0.7.0)")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, man-db")
include(CPack)
