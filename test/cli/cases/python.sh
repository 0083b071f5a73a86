# Command-line behaviour of `autoquantize` on Python inputs; sourced by run_cli_tests.sh.
py="$here/python"

check "python to stdout" 0 "$ffquant" autoquantize "$py/model.py" -o -
expect_stdout "quantized class" "^class QuantizedNet\(fastforward.nn.QuantizedModule, Net\):"
check "python to file" 0 "$ffquant" autoquantize "$py/model.py" -o "$work/q/out.py"
expect_stderr "summary line" "^ffquant: converted 1 class and 0 helper functions with [0-9]+ quantizers"
[ -s "$work/q/out.py" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: output file not written"; }

# An existing output is refused without --force and left untouched.
echo "keep me" > "$work/existing.py"
check "existing output refused" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/existing.py"
expect_stderr "existing output" "existing.py: error: output file already exists; use --force"
[ "$(cat "$work/existing.py")" = "keep me" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: existing output modified"; }
check "existing output forced" 0 "$ffquant" autoquantize "$py/model.py" -o "$work/existing.py" --force
grep -q QuantizedNet "$work/existing.py" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --force did not write"; }

# Bad input: located diagnostics, exit 1, nothing written.
check "syntax error" 1 "$ffquant" autoquantize "$py/syntax_error.py" -o "$work/syntax.py"
expect_stderr "syntax error is located" "syntax_error.py:6:[0-9]+: error: "
[ -e "$work/syntax.py" ] && { failed=$((failed + 1)); echo "FAIL: output written for a syntax error"; } || passed=$((passed + 1))
check "missing indented block" 1 "$ffquant" autoquantize "$py/missing_indent.py" -o "$work/indent.py"
expect_stderr "missing block is located" "missing_indent.py:[0-9]+:[0-9]+: error: expected an indented block"
check "no module class" 1 "$ffquant" autoquantize "$py/no_module.py" -o "$work/nomodule.py"
expect_stderr "no module class" "no_module.py: error: no torch.nn.Module subclass"
check "unreadable input" 1 "$ffquant" autoquantize "$work/does_not_exist.py" -o "$work/x.py"
expect_stderr "unreadable input" "does_not_exist.py: error: cannot read input"
mkdir -p "$work/readonly" && chmod 500 "$work/readonly"
if [ "$(id -u)" -ne 0 ]; then
  check "unwritable output" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/readonly/out.py"
  expect_stderr "unwritable output" "out.py: error: cannot write output"
fi
check "output under a file" 1 "$ffquant" autoquantize "$py/model.py" -o "$py/model.py/out.py"
expect_stderr "output under a file" "error: cannot create output directory"
check "unknown --class" 1 "$ffquant" autoquantize "$py/model.py" -o - --class Nope
expect_stderr "unknown class" "error: --class Nope: no class of that name"
check "C++ not built yet" 1 "$ffquant" autoquantize "$here/../../CMakeLists.txt.cpp" -o -
check "bad pattern" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/pat.py" --pattern "{123} => x"
expect_stderr "bad pattern" "error: invalid pattern rule: '\{123\}' is not a valid identifier"
[ -e "$work/pat.py" ] && { failed=$((failed + 1)); echo "FAIL: output written for a bad pattern"; } || passed=$((passed + 1))
check "bad schema" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/tab.py" --optable "$here/bad_table.yaml"
expect_stderr "bad schema" "bad_table.yaml:6:[0-9]+: error: invalid schema"
check "bad dispatch" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/tab.py" --optable "$here/bad_dispatch.yaml"
expect_stderr "bad dispatch" "bad_dispatch.yaml:4:[0-9]+: error: 'my quantized relu' is not a valid Python dispatch target name"

# --check and --diff compare with the existing output and write nothing.
rm -f "$work/check.py"
check "--check on a missing output" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/check.py" --check
expect_stderr "missing output" "check.py: error: output is missing"
[ -e "$work/check.py" ] && { failed=$((failed + 1)); echo "FAIL: --check wrote the output"; } || passed=$((passed + 1))
check "generate" 0 "$ffquant" autoquantize "$py/model.py" -o "$work/check.py"
check "--check on a fresh output" 0 "$ffquant" autoquantize "$py/model.py" -o "$work/check.py" --check
sed 's/quantizer_relu/quantizer_stale/' "$work/check.py" > "$work/stale.py" && mv "$work/stale.py" "$work/check.py"
check "--check on a stale output" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/check.py" --check --diff
expect_stderr "stale output" "check.py: error: output is stale"
expect_stdout "diff of the stale output" "^\+.*quantizer_relu"
expect_stdout "diff header" "^--- .*check.py"
grep -q quantizer_stale "$work/check.py" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --check rewrote the output"; }
check "--check prints the diff too" 1 "$ffquant" autoquantize "$py/model.py" -o "$work/check.py" --check
expect_stdout "diff printed by --check" "^-.*quantizer_stale"
check "--jobs on one output" 0 "$ffquant" autoquantize "$py/model.py" -o - --jobs 2
expect_stdout "--jobs converts" "class Quantized"
check "--report of a single-output run" 0 "$ffquant" autoquantize "$py/model.py" -o - --report "$work/one.json"
/usr/bin/python3 - "$work/one.json" <<'PY' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: single-output report"; }
import json, sys
r = json.load(open(sys.argv[1]))
f = r["files"][0]
assert r["batch"] is False and f["status"] == "converted", r
assert f["classes"] and f["quantizers"] and all(q["line"] > 0 for q in f["quantizers"]), f
PY

# --depfile for Python: the inputs, operator tables and pattern files the output depends on.
check "Python with --depfile" 0 "$ffquant" autoquantize "$here/python/model.py" -o "$work/dep.py" --depfile "$work/dep.d" \
  --optable "$here/user_table.yaml"
expect_count "depfile rule" "$work/dep.d" "^$work/dep.py: \\\\$" 1
expect_count "depfile lists the input" "$work/dep.d" "python/model\\.py" 1
expect_count "depfile lists the table" "$work/dep.d" "user_table\\.yaml" 1
