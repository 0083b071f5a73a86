# Bad input of issue 5 (pattern rules, operator tables): each is a located error, exit 1, and no
# output file is written. Sourced by run_cli_tests.sh; the tables and pattern files are written
# into $work by the cases themselves.
i5_model="$here/python/model.py"

i5_not_written() { # i5_not_written NAME FILE
  if [ -e "$2" ]; then failed=$((failed + 1)); echo "FAIL: $1: output written"; rm -f "$2"
  else passed=$((passed + 1)); fi
}

# i5_pattern NAME STDERR_PATTERN PATTERN_ARG
i5_pattern() {
  check "issue5 pattern: $1" 1 "$ffquant" autoquantize "$i5_model" -o "$work/i5.py" --pattern "$3"
  expect_stderr "issue5 pattern: $1" "$2"
  i5_not_written "issue5 pattern: $1" "$work/i5.py"
}
i5_pattern "unbalanced brace" ":1:[0-9]+: error: invalid pattern rule: .*unbalanced" 'torch.relu({x}) => {y'
i5_pattern "unclosed call" ":1:[0-9]+: error: invalid pattern rule: Pattern must be a single statement or expression" \
  'torch.relu({x} => y'
i5_pattern "two statements" ":1:[0-9]+: error: invalid pattern rule: Pattern must be a single statement or expression" \
  $'a = 1\nb = 2 => c'
i5_pattern "no arrow" "error: expected 'PATTERN => REPLACEMENT'" 'torch.relu({x})'
i5_pattern "empty replacement" "error: expected 'PATTERN => REPLACEMENT'" 'torch.relu({x}) =>'
i5_pattern "repeated placeholder" ":1:[0-9]+: error: invalid pattern rule: a placeholder may occur only once" \
  'f({x}, {x}) => g({x})'
i5_pattern "unknown replacement placeholder" ":1:[0-9]+: error: invalid pattern rule: placeholder '\{z\}'" \
  'f({x}) => g({z})'

# i5_patterns NAME STDERR_PATTERN YAML_LINES...
i5_patterns() {
  local name="$1" pattern="$2"
  shift 2
  printf '%s\n' "$@" > "$work/i5_patterns.yaml"
  check "issue5 patterns file: $name" 1 "$ffquant" autoquantize "$i5_model" -o "$work/i5.py" \
    --patterns "$work/i5_patterns.yaml"
  expect_stderr "issue5 patterns file: $name" "$pattern"
  i5_not_written "issue5 patterns file: $name" "$work/i5.py"
}
i5_patterns "bad placeholder on line 3" "i5_patterns.yaml:3:[0-9]+: error: invalid pattern rule: '\{1x\}' is not a valid identifier" \
  '- pattern: "torch.relu({x})"' '  replacement: "my.relu({x})"' \
  '- pattern: "torch.sigmoid({1x})"' '  replacement: "my.sigmoid({1x})"'
i5_patterns "unclosed pattern" "i5_patterns.yaml:1:[0-9]+: error: invalid pattern rule: Pattern must be a single statement or expression" \
  '- pattern: "torch.relu({x}"' '  replacement: "my.relu({x})"'
i5_patterns "replacement does not parse" "i5_patterns.yaml:[0-9]+:[0-9]+: error: invalid pattern rule" \
  '- pattern: "torch.relu({x})"' '  replacement: "my.relu({x}))"'
i5_patterns "missing replacement" "i5_patterns.yaml:1:[0-9]+: error: .*'replacement'" \
  '- pattern: "torch.relu({x})"'

# i5_table NAME STDERR_PATTERN YAML_LINES...
i5_table() {
  local name="$1" pattern="$2"
  shift 2
  printf '%s\n' "$@" > "$work/i5_table.yaml"
  check "issue5 table: $name" 1 "$ffquant" autoquantize "$i5_model" -o "$work/i5.py" --optable "$work/i5_table.yaml"
  expect_stderr "issue5 table: $name" "$pattern"
  i5_not_written "issue5 table: $name" "$work/i5.py"
}
# Schemas that do not parse.
i5_schema() { # i5_schema NAME SCHEMA
  i5_table "schema $1" "i5_table.yaml:1:[0-9]+: error: invalid schema" \
    "- op: \"$2\"" '  fallback: torch.nn.functional.linear'
}
i5_schema "unclosed parameter list" 'linear(input: Quantized, weight: Quantized'
i5_schema "no parameter list" 'linear input: Quantized) -> Quantized'
i5_schema "missing return type" 'linear(input: Quantized) -> '
i5_schema "missing default" 'linear(input: Quantized = ) -> Quantized'
i5_schema "unclosed generic" 'linear(input: List[) -> Quantized'
i5_schema "name is not an identifier" '1linear(input: Quantized) -> Quantized'
i5_schema "empty" ''
i5_schema "duplicate parameter" 'linear(input: Quantized, input: Quantized) -> Quantized'
i5_schema "trailing text" 'linear(input: Quantized) -> Quantized; import os'
# Dispatch targets that are not dotted Python names.
i5_dispatch() { # i5_dispatch NAME TARGET
  i5_table "dispatch $1" "i5_table.yaml:4:[0-9]+: error: .*dispatch" \
    '- op: "relu(input: Quantized) -> Quantized"' '  fallback: torch.nn.functional.relu' '  dispatch:' \
    "    python: $2"
}
i5_dispatch "dash" 'my-ops.relu'
i5_dispatch "leading digit" '1ops.relu'
i5_dispatch "empty component" 'ops..relu'
i5_dispatch "trailing dot" 'ops.relu.'
i5_dispatch "leading dot" '.ops.relu'
i5_dispatch "empty string" '""'
i5_dispatch "call" 'ops.relu()'
i5_dispatch "list" '[a, b]'
# A keyword is not an identifier: `ops.class(x)` would not even parse.
i5_dispatch "keyword component" 'ops.class'
i5_dispatch "keyword" 'None'
