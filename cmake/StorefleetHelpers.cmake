# Parts of the tree land one by one; a folder joins the build as soon as it has a CMakeLists.txt.
function(storefleet_optional_subdirectory dir)
  if(EXISTS ${CMAKE_SOURCE_DIR}/${dir}/CMakeLists.txt)
    add_subdirectory(${CMAKE_SOURCE_DIR}/${dir} ${CMAKE_BINARY_DIR}/${dir})
  endif()
endfunction()

# A GoogleTest executable registered with ctest (one ctest entry per executable keeps ctest fast;
# gtest's own output names each case).
function(storefleet_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests/support)
  add_test(NAME ${name} COMMAND ${name})
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

# A shell-driven test suite (chart checks, real helm/kubectl against kube-sim, browser tests).
# Tests see the repository's .tools/bin (helm, kubectl installed by scripts/setup) first on PATH.
function(storefleet_script_test name script)
  cmake_parse_arguments(ARG "" "TIMEOUT" "ARGS;LABELS" ${ARGN})
  add_test(NAME ${name} COMMAND bash ${script} ${ARG_ARGS})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "PATH=${CMAKE_SOURCE_DIR}/.tools/bin:$ENV{PATH};STOREFLEET_ROOT=${CMAKE_SOURCE_DIR};STOREFLEET_BUILD=${CMAKE_BINARY_DIR}")
  if(ARG_TIMEOUT)
    set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  endif()
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
