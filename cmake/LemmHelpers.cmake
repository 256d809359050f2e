# Shared compile settings for every LEMM target.
function(lemm_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra)
    if(LEMM_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    if(LEMM_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
endfunction()

# lemm_add_test(NAME name SOURCES ... LIBS ... [LABELS ...])
# One Qt Test executable per test file; registered with ctest under its own name.
function(lemm_add_test)
    cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
    lemm_target_defaults(${T_NAME})
    set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LEMM_TEST_SERVER_BIN=$<TARGET_FILE:lemm-vault-server>")
endfunction()

# lemm_add_test_run(NAME name TARGET exe [ENV ...] [FIXTURES ...] [LABELS ...])
# Registers another ctest run of an existing test executable (e.g. the PostgreSQL run).
function(lemm_add_test_run)
    cmake_parse_arguments(T "" "NAME;TARGET" "ENV;FIXTURES;LABELS" ${ARGN})
    add_test(NAME ${T_NAME} COMMAND ${T_TARGET})
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LEMM_TEST_SERVER_BIN=$<TARGET_FILE:lemm-vault-server>;${T_ENV}")
    if(T_FIXTURES)
        set_tests_properties(${T_NAME} PROPERTIES FIXTURES_REQUIRED "${T_FIXTURES}")
    endif()
endfunction()

# lemm_export_headers(target folder)
# Publishes exactly one top-level folder's headers to the target's users: the include
# directory is a staging directory in the build tree that holds one link, <folder> -> the
# source folder. `#include "core/..."` then resolves for whoever links lemm::core, and
# `#include "server/..."` fails to compile in a target that does not link lemm::server.
function(lemm_export_headers target folder)
    set(stage ${CMAKE_BINARY_DIR}/include/${folder})
    file(MAKE_DIRECTORY ${stage})
    if(NOT EXISTS ${stage}/${folder})
        file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${stage}/${folder} SYMBOLIC)
    endif()
    target_include_directories(${target} PUBLIC ${stage})
endfunction()
