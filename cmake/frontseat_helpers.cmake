# One-line registration of tests, fuzzers and benchmarks; the target is named after the file.
#   frontseat_test(tests/core/normalizer_test.cc LABELS unit)
function(frontseat_test src)
  cmake_parse_arguments(ARG "" "" "LABELS;LIBS" ${ARGN})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${CMAKE_SOURCE_DIR}/${src})
  target_link_libraries(${name} PRIVATE frontseat_cli_lib GTest::gtest_main GTest::gmock ${ARG_LIBS})
  target_compile_definitions(${name} PRIVATE
    FRONTSEAT_SOURCE_DIR="${CMAKE_SOURCE_DIR}" FRONTSEAT_BINARY="$<TARGET_FILE:frontseat>")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_dependencies(${name} frontseat)
  # Compiled pattern databases are cached in the build tree (see pattern_cache.h), so only the
  # first test process pays for compiling them.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}"
    ENVIRONMENT "FRONTSEAT_CACHE_DIR=${CMAKE_BINARY_DIR}/hs-cache")
endfunction()

# A libFuzzer target, run briefly by ctest (label fuzz) over its seed corpus.
#   frontseat_fuzzer(tests/fuzz/normalizer_fuzz.cc)
function(frontseat_fuzzer src)
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${CMAKE_SOURCE_DIR}/${src})
  target_link_libraries(${name} PRIVATE frontseat_cli_lib)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set(corpus ${CMAKE_BINARY_DIR}/fuzz-corpus/${name})
  file(MAKE_DIRECTORY ${corpus})
  set(seeds ${CMAKE_SOURCE_DIR}/tests/fuzz/seeds/${name})
  add_test(NAME ${name}
    COMMAND ${name} -max_total_time=${FRONTSEAT_FUZZ_SECONDS} -max_len=8192 -timeout=10
            -rss_limit_mb=2048 ${corpus} ${seeds})
  set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 300
    ENVIRONMENT "FRONTSEAT_CACHE_DIR=${CMAKE_BINARY_DIR}/hs-cache")
endfunction()
