# Install layout and the Debian package (cpack -G DEB in the build directory).
include(GNUInstallDirs)

# Who the Debian package names as its maintainer (the Maintainer field and the changelog).
set(CAREPATH_MAINTAINER "carepath maintainers <maintainers@carepath.invalid>"
    CACHE STRING "Maintainer of the Debian package: Name <address>")
# Directories as Debian wants them whatever the umask of the build (lintian: non-standard-dir-perm).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# Manual pages and the changelog are installed compressed, as Debian policy asks: gzip -9n, no name
# or time stamp in the header, so that the same sources give the same bytes.
find_program(GZIP gzip REQUIRED)
set(DOC_GZ_DIR ${CMAKE_BINARY_DIR}/doc-gz)
set(gz_files "")
function(carepath_gzip source name)  # into ${DOC_GZ_DIR}/${name}.gz
  add_custom_command(OUTPUT ${DOC_GZ_DIR}/${name}.gz
                     COMMAND ${CMAKE_COMMAND} -E copy ${source} ${DOC_GZ_DIR}/${name}
                     COMMAND ${GZIP} -9nf ${DOC_GZ_DIR}/${name}
                     DEPENDS ${source} VERBATIM)
  set(gz_files ${gz_files} ${DOC_GZ_DIR}/${name}.gz PARENT_SCOPE)
endfunction()
configure_file(${CMAKE_SOURCE_DIR}/cmake/deb/changelog.in ${CMAKE_BINARY_DIR}/changelog @ONLY)
carepath_gzip(${CMAKE_BINARY_DIR}/changelog changelog)
file(GLOB man_pages CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/man/*.[1-8])
foreach(page ${man_pages})
  get_filename_component(name ${page} NAME)
  string(REGEX REPLACE "^.*\\.([1-8])$" "\\1" section ${name})
  carepath_gzip(${page} ${name})
  install(FILES ${DOC_GZ_DIR}/${name}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(compressed_docs ALL DEPENDS ${gz_files})

install(TARGETS carepath RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The default content is compiled in; the files are installed as well, to read, copy and adapt.
foreach(dir questionnaires rules mappings)
  if(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/${dir})
    install(DIRECTORY ${CMAKE_SOURCE_DIR}/${dir} DESTINATION ${CMAKE_INSTALL_DATADIR}/carepath)
  endif()
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/completion/carepath.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME carepath)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/cmake/deb/copyright ${DOC_GZ_DIR}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The rule test cases, as examples of `carepath test` next to the personas they name (../../examples/personas).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/tests/cases/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/cases)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME carepath)
set(CPACK_PACKAGE_VENDOR "carepath")
set(CPACK_PACKAGE_CONTACT "${CAREPATH_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CAREPATH_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "addiction-treatment intake: questionnaire, rules and a recommended care pathway")
# Lines of at most 80 columns (lintian: extended-description-line-too-long).
set(CPACK_PACKAGE_DESCRIPTION "carepath reads a YAML questionnaire and rule set, checks intake records,\n\
scores them and recommends a care pathway with the reasons for every step.\n\
It supports, and never replaces, a qualified clinician's judgement.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The Debian 12 runtime packages of what carepath links (dpkg-shlibdeps agrees, see README).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.34), libedit2 (>= 3.1-20221030), libfmt9 (>= 9.1.0+ds1), libgcc-s1 (>= 3.4), libsimdjson14 (>= 3.0.1), libstdc++6 (>= 12), libyaml-cpp0.7 (>= 0.7.0)")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, man-db")
include(CPack)
