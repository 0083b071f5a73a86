#!/usr/bin/env bash
# Installs ffquant into a temporary prefix and builds examples/cmake against it: find_package(ffquant)
# from an install, ffquant_autoquantize() generating sources at build time, the generated C++
# compiled against LibTorch and fastforward, and the demo run.
# Usage: run_cmake_example.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
source="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cp -r "$source/examples/cmake" "$work/src" # a copy: the test touches a model file
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$work/src" -B "$work/example" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/example" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
grep -q "ffquant autoquantize models/tiny_mlp.h" "$work/build.log" || { echo "FAIL: no conversion step in the build"; cat "$work/build.log"; exit 1; }
test -f "$work/example/quantized/models/quantized_tiny_mlp.h" || { echo "FAIL: generated header missing"; exit 1; }
grep -q "class QuantizedTinyConvNet" "$work/example/quantized/models/quantized_tiny_convnet.py" \
  || { echo "FAIL: Python model not generated"; exit 1; }
"$work/example/quantized_mlp_demo"
# Nothing changed: the build does nothing; a touched model reruns only its own conversion.
cmake --build "$work/example" -- -n -d explain 2>&1 | grep -q "ffquant autoquantize" && { echo "FAIL: null build reruns ffquant"; exit 1; }
touch "$work/src/models/tiny_convnet.py"
cmake --build "$work/example" --target quantized_python_models >"$work/rebuild.log" 2>&1
grep -q "ffquant autoquantize models/tiny_convnet.py" "$work/rebuild.log" || { echo "FAIL: edit not rebuilt"; cat "$work/rebuild.log"; exit 1; }
grep -q "tiny_mlp.h" "$work/rebuild.log" && { echo "FAIL: an unchanged model was converted again"; exit 1; }
# A project header the C++ model includes is a dependency too (ffquant's depfile).
touch "$work/src/models/tiny_mlp_config.h"
cmake --build "$work/example" >"$work/rebuild2.log" 2>&1
grep -q "ffquant autoquantize models/tiny_mlp.h" "$work/rebuild2.log" \
  || { echo "FAIL: editing a header of the model did not reconvert it"; cat "$work/rebuild2.log"; exit 1; }
echo "cmake example: ok"
