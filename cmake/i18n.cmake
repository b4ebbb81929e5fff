# Message catalogues: po/LANG.po for every language in po/LINGUAS, compiled by msgfmt into
# build/locale (where the program finds them in a build tree) and installed under the locale
# directory. `cmake --build build --target carepath-pot` extracts po/carepath.pot from src/.
include(GNUInstallDirs)
find_program(MSGFMT msgfmt REQUIRED)
find_program(XGETTEXT xgettext)
file(STRINGS ${CMAKE_SOURCE_DIR}/po/LINGUAS CAREPATH_LINGUAS REGEX "^[a-z]")
set(CAREPATH_CATALOGUES)
foreach(lang IN LISTS CAREPATH_LINGUAS)
  set(dir ${CMAKE_BINARY_DIR}/locale/${lang}/LC_MESSAGES)
  add_custom_command(
    OUTPUT ${dir}/carepath.mo
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${MSGFMT} --check -o ${dir}/carepath.mo ${CMAKE_SOURCE_DIR}/po/${lang}.po
    DEPENDS ${CMAKE_SOURCE_DIR}/po/${lang}.po
    COMMENT "Compiling the ${lang} message catalogue")
  list(APPEND CAREPATH_CATALOGUES ${dir}/carepath.mo)
  install(FILES ${dir}/carepath.mo DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
endforeach()
add_custom_target(carepath_catalogues ALL DEPENDS ${CAREPATH_CATALOGUES})
string(REPLACE ";" " " CAREPATH_LANGUAGES "en;${CAREPATH_LINGUAS}")

if(XGETTEXT)
  file(GLOB_RECURSE CAREPATH_I18N_SOURCES RELATIVE ${CMAKE_SOURCE_DIR} CONFIGURE_DEPENDS
       ${CMAKE_SOURCE_DIR}/src/*.cpp ${CMAKE_SOURCE_DIR}/src/*.hpp)
  list(SORT CAREPATH_I18N_SOURCES)
  add_custom_target(carepath-pot
    COMMAND ${XGETTEXT} --language=C++ --from-code=UTF-8 --add-comments=TRANSLATORS: --sort-by-file
            --keyword=_ --keyword=N_ --keyword=tr --keyword=trf --keyword=trn:1,2 --keyword=trnf:1,2
            --flag=trf:1:python-brace-format --flag=trnf:1:python-brace-format --flag=trnf:2:python-brace-format --package-name=carepath
            -o ${CMAKE_SOURCE_DIR}/po/carepath.pot ${CAREPATH_I18N_SOURCES}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "Extracting po/carepath.pot")
endif()
