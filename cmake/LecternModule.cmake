# lectern_module(NAME SOURCES <files...> DEPS <targets...>)
# Declares the static library lectern_<NAME> with the project's warning and sanitizer flags.
# Headers are included as "<module>/<file>.hpp" relative to src/.

add_library(lectern_flags INTERFACE)
target_compile_options(lectern_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  $<$<BOOL:${LECTERN_WERROR}>:-Werror>
  # GCC 12 at -O3 reports -Wrestrict false positives inside libstdc++'s std::string (GCC bug
  # 105329); keep the warning visible but do not fail the build on it.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-error=restrict>)
if(LECTERN_SANITIZE)
  target_compile_options(lectern_flags INTERFACE -fsanitize=${LECTERN_SANITIZE} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(lectern_flags INTERFACE -fsanitize=${LECTERN_SANITIZE})
  # Sanitizer instrumentation makes GCC 12 report -Wmaybe-uninitialized false positives (inside
  # std::variant moves); the plain builds keep the warning as an error.
  target_compile_options(lectern_flags INTERFACE $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
endif()
target_include_directories(lectern_flags INTERFACE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(lectern_flags INTERFACE
  LECTERN_SOURCE_DIR="${PROJECT_SOURCE_DIR}" LECTERN_DATA_DIR="${LECTERN_DATA_DIR}"
  LECTERN_VERSION="${PROJECT_VERSION}")

function(lectern_module NAME)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(lectern_${NAME} STATIC ${M_SOURCES})
  target_link_libraries(lectern_${NAME} PUBLIC lectern_flags ${M_DEPS})
endfunction()

# lectern_test(NAME SOURCES <files...> DEPS <targets...> [LABELS <one label>]): a doctest
# executable registered with CTest. One label per executable: doctest_discover_tests re-splits
# property lists, so a second label would be lost (and swallow the properties after it). Labels in
# use: unit (default), threads (also run under TSan), espeak, e2e, ui, packaging.
function(lectern_test NAME)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${NAME} ${PROJECT_SOURCE_DIR}/tests/doctest_main.cpp ${T_SOURCES})
  target_link_libraries(${NAME} PRIVATE lectern_flags doctest::doctest ${T_DEPS})
  target_compile_definitions(${NAME} PRIVATE LECTERN_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  list(LENGTH T_LABELS label_count)
  if(label_count GREATER 1)
    message(FATAL_ERROR "lectern_test(${NAME}): give one label, not '${T_LABELS}'")
  endif()
  # A ';' in a test case's name is a list separator to CMake: ctest's filter for that case then
  # matches nothing and the case passes without running. Refuse such names.
  foreach(source IN LISTS T_SOURCES)
    get_filename_component(path "${source}" ABSOLUTE)
    file(READ "${path}" text)
    string(REGEX MATCH "TEST_CASE\\([ \n]*\"[^\"]*;[^\"]*\"" bad "${text}")
    if(bad)
      message(FATAL_ERROR "${source}: a test case name holds ';' (ctest would skip it): ${bad}")
    endif()
  endforeach()
  doctest_discover_tests(${NAME} PROPERTIES LABELS ${T_LABELS}
    ENVIRONMENT "LECTERN_TEST_TMP=${PROJECT_BINARY_DIR}/test-tmp")
endfunction()
