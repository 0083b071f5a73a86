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

# --depfile: the output depends on the input and on the project headers Clang read (not on
# LibTorch's headers); a header defining the module classes is read by ffquant itself.
check "C++ with --depfile" 0 "$ffquant" autoquantize "$here/../cpp/models/split_block.cpp" -o "$work/split.cpp" --depfile "$work/split.d"
expect_count "depfile names the output" "$work/split.d" "^$work/split.cpp: \\\\$" 1
expect_count "depfile lists the input" "$work/split.d" "split_block\\.cpp" 1
expect_count "depfile lists the inlined header" "$work/split.d" "split_block\\.h" 1
expect_count "depfile leaves LibTorch out" "$work/split.d" "torch" 0
check "--depfile with -o -" 2 "$ffquant" autoquantize "$cppdir/needs_define.cpp" -o - --depfile "$work/x.d"
expect_stderr "--depfile needs an output file" "--depfile needs a single output file"
mkdir -p "$work/withconfig"
printf '#pragma once\nconstexpr int kWidth = 4;\n' > "$work/withconfig/config.h"
cat > "$work/withconfig/net.cpp" <<'CPP'
#include <torch/torch.h>
#include "config.h"
struct NetImpl : torch::nn::Module {
  NetImpl() : fc(register_module("fc", torch::nn::Linear(kWidth, kWidth))) {}
  torch::Tensor forward(torch::Tensor x) { return torch::relu(fc(x)); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);
CPP
check "C++ including a project header, --depfile" 0 "$ffquant" autoquantize "$work/withconfig/net.cpp" -o "$work/net.cpp" --depfile "$work/net.d"
expect_count "depfile lists the project header Clang read" "$work/net.d" "withconfig/config\\.h" 1
