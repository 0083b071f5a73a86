# Command-line behaviour of `autoquantize` on C++ inputs; sourced by run_cli_tests.sh.
cppdir="$here/cpp"

check "C++ that does not compile" 1 "$ffquant" autoquantize "$cppdir/does_not_compile.cpp" -o "$work/bad.cpp"
expect_stderr "Clang's located diagnostic" "does_not_compile.cpp:4:[0-9]+: error: use of undeclared identifier 'undefined_name'"
[ -e "$work/bad.cpp" ] && { failed=$((failed + 1)); echo "FAIL: output written for C++ that does not compile"; } || passed=$((passed + 1))
check "C++ without module classes" 1 "$ffquant" autoquantize "$cppdir/no_module.cpp" -o "$work/none.cpp"
expect_stderr "no module class" "no_module.cpp: error: no torch.nn.Module subclass"
check "C++ and Python mixed" 1 "$ffquant" autoquantize "$cppdir/no_module.cpp" "$here/python/model.py" -o -
expect_stderr "mixed languages" "cannot be mixed"
