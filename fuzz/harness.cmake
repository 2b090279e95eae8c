# lectern_fuzz_harness: the fuzz targets' bodies (fuzz/harness.hpp), a library shared by the
# libFuzzer executables (fuzz/CMakeLists.txt, clang) and the regression test that replays saved
# inputs in every build (tests/reliability). The control channel is compiled in from src/app so
# that neither needs the whole application library.
if(NOT TARGET lectern_fuzz_harness)
  add_library(lectern_fuzz_harness STATIC
    ${CMAKE_CURRENT_LIST_DIR}/harness.cpp ${CMAKE_CURRENT_LIST_DIR}/harness_content.cpp
    ${CMAKE_CURRENT_LIST_DIR}/harness_text.cpp ${CMAKE_CURRENT_LIST_DIR}/harness_control.cpp
    ${CMAKE_CURRENT_LIST_DIR}/harness_config.cpp ${PROJECT_SOURCE_DIR}/src/app/control_channel.cpp)
  target_include_directories(lectern_fuzz_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR})
  target_link_libraries(lectern_fuzz_harness PUBLIC
    lectern_content lectern_text lectern_playback lectern_config lectern_ui)
endif()
