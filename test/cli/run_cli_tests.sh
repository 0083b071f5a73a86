#!/usr/bin/env bash
# End-to-end tests of the ffquant command line: exit codes, diagnostics on stderr, and files
# written (or, on failure, left untouched). Usage: run_cli_tests.sh FFQUANT_BINARY CLI_TEST_DIR
set -u
ffquant="$1"
here="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() { # check NAME EXPECTED_EXIT COMMAND...
  local name="$1" expected="$2"
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local actual=$?
  if [ "$actual" -eq "$expected" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name: exit $actual, expected $expected"
    sed 's/^/  stderr: /' "$work/err" | head -20
  fi
}

expect_stderr() { # expect_stderr NAME PATTERN (grep -E on the last command's stderr)
  if grep -Eq -- "$2" "$work/err"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $1: stderr lacks /$2/"; sed 's/^/  stderr: /' "$work/err" | head -20; fi
}

expect_stdout() {
  if grep -Eq -- "$2" "$work/out"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $1: stdout lacks /$2/"; head -20 "$work/out" | sed 's/^/  stdout: /'; fi
}

expect_count() { # expect_count NAME FILE PATTERN N
  local n
  n=$(grep -Ec -- "$3" "$2")
  if [ "$n" -eq "$4" ]; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: $1: $n lines match /$3/ in $(basename "$2"), expected $4"; fi
}

# --- the executable ---------------------------------------------------------------------------
check "version" 0 "$ffquant" --version
expect_stdout "version" "^ffquant [0-9]+\.[0-9]+\.[0-9]+"
check "help" 0 "$ffquant" --help
expect_stdout "help lists subcommands" "autoquantize"
check "no subcommand is a usage error" 2 "$ffquant"
check "unknown flag is a usage error" 2 "$ffquant" optable list --bogus
check "autoquantize without output is a usage error" 2 "$ffquant" autoquantize model.py

# --- optable ----------------------------------------------------------------------------------
check "optable list" 0 "$ffquant" optable list
expect_count "optable list has one line per operator" "$work/out" "\) -> " 53
expect_stdout "optable list shows schemas" "^relu\(input: Quantized\) -> Quantized$"
check "optable show by schema name" 0 "$ffquant" optable show relu
expect_stdout "show lists python names" "python names: +torch.nn.functional.relu, torch.relu"
expect_stdout "show lists c++ names" "c\+\+ names: +torch::nn::functional::relu, torch::relu, at::relu"
expect_stdout "show lists dispatch" "c\+\+ dispatch: +fastforward::nn::functional::relu"
check "optable show by C++ name" 0 "$ffquant" optable show torch::matmul
expect_stdout "show by C++ name" "operators: +@"
check "optable show unknown" 1 "$ffquant" optable show torch.nn.functional.bilinear
expect_stderr "show unknown says so" "no operator named"
check "optable check default" 0 "$ffquant" optable check "$here/../../optables/default.yaml"
check "optable check bad" 1 "$ffquant" optable check "$here/bad_table.yaml"
expect_count "one diagnostic per problem" "$work/err" "^[^:]+:[0-9]+:[0-9]+: error: " 4
expect_stderr "malformed schema" "bad_table.yaml:6:[0-9]+: error: invalid schema: parameter 'input' has no type"
expect_stderr "unknown type" "bad_table.yaml:10:[0-9]+: error: invalid schema: unknown type 'Quantum'"
expect_stderr "unknown key" "bad_table.yaml:15:3: error: unknown key 'colour'"
expect_stderr "duplicate name" "bad_table.yaml:17:3: error: Python name 'torch.relu' of operator 'my_cos' is already claimed"
check "optable check syntax error" 1 "$ffquant" optable check "$here/syntax_error.yaml"
expect_stderr "yaml syntax error is located" "syntax_error.yaml:[0-9]+:[0-9]+: error: YAML syntax error"
check "optable check missing file" 1 "$ffquant" optable check "$work/nope.yaml"
expect_stderr "missing file" "nope.yaml: error: cannot read input"
check "optable list with user table" 0 "$ffquant" optable --optable "$here/user_table.yaml" list
expect_stdout "user operator listed" "^bilinear\("

# --- autoquantize: inputs that cannot be handled ------------------------------------------------
check "unknown language" 1 "$ffquant" autoquantize "$here/bad_table.yaml" -o "$work/out.txt"
expect_stderr "unknown language" "error: unknown input language"
[ -e "$work/out.txt" ] && { failed=$((failed + 1)); echo "FAIL: output written on failure"; } || passed=$((passed + 1))

# Test files for later layers register themselves here.
for extra in "$here"/cases/*.sh; do
  [ -e "$extra" ] || continue
  # shellcheck source=/dev/null
  . "$extra"
done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
