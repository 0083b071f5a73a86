# Finds every third-party dependency once, for all layers. All come from Debian packages except the
# tree-sitter-python grammar, which scripts/install-deps.sh fetches (pinned) from npm into .deps/.

find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Catch2 2 REQUIRED)

find_package(PkgConfig REQUIRED)
pkg_check_modules(TREE_SITTER REQUIRED IMPORTED_TARGET tree-sitter)

set(FFQUANT_TREE_SITTER_PYTHON_DIR "${PROJECT_SOURCE_DIR}/.deps/npm/node_modules/tree-sitter-python"
    CACHE PATH "Unpacked npm package tree-sitter-python (run scripts/install-deps.sh)")
if(NOT EXISTS "${FFQUANT_TREE_SITTER_PYTHON_DIR}/src/parser.c")
  message(FATAL_ERROR "tree-sitter-python grammar not found in ${FFQUANT_TREE_SITTER_PYTHON_DIR}; "
                      "run scripts/install-deps.sh")
endif()
# The generated grammar is third-party C: compile it without our warnings.
add_library(tree_sitter_python STATIC
  "${FFQUANT_TREE_SITTER_PYTHON_DIR}/src/parser.c"
  "${FFQUANT_TREE_SITTER_PYTHON_DIR}/src/scanner.c")
target_include_directories(tree_sitter_python PRIVATE "${FFQUANT_TREE_SITTER_PYTHON_DIR}/src")
target_compile_options(tree_sitter_python PRIVATE -w -O2)
set_target_properties(tree_sitter_python PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_link_libraries(tree_sitter_python PUBLIC PkgConfig::TREE_SITTER)

# LibTorch (Debian's libtorch-dev) for the fastforward runtime and generated-code tests.
if(FFQUANT_BUILD_RUNTIME)
  find_package(Torch REQUIRED)
endif()

# Clang/LLVM 16 libTooling for the C++ frontend.
find_package(LLVM 16 REQUIRED CONFIG HINTS /usr/lib/llvm-16/lib/cmake/llvm)
find_package(Clang REQUIRED CONFIG HINTS /usr/lib/llvm-16/lib/cmake/clang)
