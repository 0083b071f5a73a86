# Command-line behaviour of `autoquantize` on C++ inputs; sourced by run_cli_tests.sh.
cppdir="$here/cpp"

check "C++ that does not compile" 1 "$ffquant" autoquantize "$cppdir/does_not_compile.cpp" -o "$work/bad.cpp"
expect_stderr "Clang's located diagnostic" "does_not_compile.cpp:4:[0-9]+: error: use of undeclared identifier 'undefined_name'"
[ -e "$work/bad.cpp" ] && { failed=$((failed + 1)); echo "FAIL: output written for C++ that does not compile"; } || passed=$((passed + 1))
check "C++ without module classes" 1 "$ffquant" autoquantize "$cppdir/no_module.cpp" -o "$work/none.cpp"
expect_stderr "no module class" "no_module.cpp: error: no torch.nn.Module subclass"
check "C++ and Python mixed" 1 "$ffquant" autoquantize "$cppdir/no_module.cpp" "$here/python/model.py" -o -
expect_stderr "mixed languages" "cannot be mixed"

# Compiler flags from a build directory's compile_commands.json (-p), or after `--`.
mkdir -p "$work/builddir"
cat > "$work/builddir/compile_commands.json" <<JSON
[{"directory": "$cppdir", "file": "$cppdir/needs_define.cpp",
  "command": "c++ -std=c++17 -DFFQUANT_TEST_WIDTH=4 -c $cppdir/needs_define.cpp"}]
JSON
check "C++ without the build's flags" 1 "$ffquant" autoquantize "$cppdir/needs_define.cpp" -o -
expect_stderr "undeclared macro" "needs_define.cpp:5:[0-9]+: error: use of undeclared identifier 'FFQUANT_TEST_WIDTH'"
check "C++ with -p BUILD_DIR" 0 "$ffquant" autoquantize "$cppdir/needs_define.cpp" -o - -p "$work/builddir"
expect_stdout "converted with the build's flags" "struct QuantizedWideImpl"
check "C++ with flags after --" 0 "$ffquant" autoquantize "$cppdir/needs_define.cpp" -o - -- -DFFQUANT_TEST_WIDTH=4
expect_stdout "converted with extra flags" "QuantizedLinear\(FFQUANT_TEST_WIDTH, FFQUANT_TEST_WIDTH\)"
