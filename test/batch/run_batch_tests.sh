#!/usr/bin/env bash
# Batch mode, --jobs, --check, --report and output-directory safety (issue 9), end to end.
# Usage: run_batch_tests.sh FFQUANT_BINARY REPO_TEST_DIR
# Builds a zoo of 20 Python models (some in sub-packages) and 5 C++ models from the test models,
# converts it with --jobs 1 and --jobs 2 and compares, then checks the failure cases.
set -u
ffquant="$1"
tests="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

run() { # run NAME EXPECTED_EXIT COMMAND... (stdout/stderr kept in $work/out, $work/err)
  local name="$1" expected="$2"
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local actual=$?
  if [ "$actual" -eq "$expected" ]; then pass; else
    fail "$name: exit $actual, expected $expected"; sed 's/^/  stderr: /' "$work/err" | head -20; fi
}
stderr_has() { if grep -Eq -- "$2" "$work/err"; then pass; else fail "$1: stderr lacks /$2/"; sed 's/^/  stderr: /' "$work/err" | head -20; fi; }
stderr_lacks() { if grep -Eq -- "$2" "$work/err"; then fail "$1: stderr has /$2/"; else pass; fi; }
stdout_has() { if grep -Eq -- "$2" "$work/out"; then pass; else fail "$1: stdout lacks /$2/"; head -20 "$work/out"; fi; }

# --- the zoo: 20 Python models, 5 C++ models, and files that are not models -----------------
zoo="$work/zoo"
mkdir -p "$zoo/vision/blocks" "$zoo/pkg" "$zoo/cpp" "$zoo/.git" "$zoo/__pycache__"
models=(assignments_and_with attention augassign branch_alternatives comprehension_methods comprehensions
        conditionals conditionals_flags context_try control_flow_extras conv_ops embeddings_norms
        enumerate_index helpers helpers_advanced import_aliases inheritance_override loop_branch_merge
        loops extras)
for i in "${!models[@]}"; do
  m="${models[$i]}"
  src="$tests/python/models/$m.py"
  [ "$m" = extras ] && src="$tests/batch/extras.py"
  case $((i % 4)) in
    0) cp "$src" "$zoo/$m.py" ;;
    1) cp "$src" "$zoo/vision/$m.py" ;;
    2) cp "$src" "$zoo/vision/blocks/$m.py" ;;
    3) cp "$src" "$zoo/pkg/$m.py" ;;
  esac
done
: > "$zoo/pkg/__init__.py"                      # a package: not a model, skipped
printf 'SCALE = 2\n' > "$zoo/vision/constants.py" # not a model, skipped
cp "$tests/python/models/loops.py" "$zoo/.git/hidden.py"         # hidden directory: not walked
cp "$tests/python/models/loops.py" "$zoo/__pycache__/cached.py"  # cache directory: not walked
printf 'not a model\n' > "$zoo/README.md"                         # other extensions: ignored
for m in mlp cnn helpers methods sequential; do cp "$tests/cpp/models/$m.cpp" "$zoo/cpp/$m.cpp"; done
printf '#include <cstdint>\ninline int64_t twice(int64_t x) { return 2 * x; }\n' > "$zoo/cpp/util.h"

# --- --jobs 1 and --jobs 2 give the same bytes -------------------------------------------------
run "zoo with --jobs 1" 0 "$ffquant" autoquantize "$zoo" -o "$work/out1/" --jobs 1 --report "$work/report1.json"
cp "$work/err" "$work/err1"
stderr_has "summary line" "^ffquant: 28 files .*: 25 converted, 3 skipped"
stderr_has "plain progress lines when not a terminal" "^ffquant: \[1/28\] .*zoo/assignments_and_with.py: converted"
n=$(find "$work/out1" -type f | wc -l)
[ "$n" -eq 25 ] && pass || fail "expected 25 outputs, found $n"
[ -f "$work/out1/vision/blocks/conv_ops.py" ] && [ -f "$work/out1/pkg/conditionals_flags.py" ] && \
  [ -f "$work/out1/cpp/quantized_sequential.cpp" ] && pass || fail "outputs do not mirror the input tree"
[ ! -e "$work/out1/pkg/__init__.py" ] && [ ! -e "$work/out1/vision/constants.py" ] && [ ! -e "$work/out1/cpp/quantized_util.h" ] && [ ! -e "$work/out1/cpp/util.h" ] \
  && pass || fail "a file that is not a model produced an output"
[ ! -e "$work/out1/.git" ] && [ ! -e "$work/out1/__pycache__" ] && pass || fail "hidden or cache directory converted"
grep -q "class QuantizedMlpImpl\|struct QuantizedMlpImpl" "$work/out1/cpp/quantized_mlp.cpp" && pass || fail "C++ output not converted"
grep -q "^from pkg.conditionals_flags import\|pkg\.conditionals_flags" "$work/out1/pkg/conditionals_flags.py" && pass \
  || fail "module name of a file in a package is not dotted"

# A fresh header cache: both workers need the torch PCH at once; it must be built once, safely.
FFQUANT_CACHE_DIR="$work/cache" \
  run "zoo with --jobs 2" 0 "$ffquant" autoquantize "$zoo" -o "$work/out2/" --jobs 2 --report "$work/report2.json"
[ "$(find "$work/cache" -name '*.pch' | wc -l)" -eq 1 ] && pass || fail "the PCH was not built exactly once"
[ -z "$(find "$work/cache" -name '*tmp*')" ] && pass || fail "temporary files left in the PCH cache"
if diff -r "$work/out1" "$work/out2" >/dev/null; then pass; else fail "--jobs 2 output differs from --jobs 1"; fi
# Diagnostics and progress lines come in input order whatever the jobs (the summary has times).
if diff <(grep -v ' files (' "$work/err1") <(grep -v ' files (' "$work/err") >/dev/null; then pass; else
  fail "stderr of --jobs 2 differs from --jobs 1"; diff <(grep -v ' files (' "$work/err1") <(grep -v ' files (' "$work/err") | head; fi

# --- the report ------------------------------------------------------------------------------
/usr/bin/python3 - "$work/report1.json" "$work/report2.json" "$zoo" <<'PY' && pass || fail "report content"
import json, sys
r1, r2 = (json.load(open(p)) for p in sys.argv[1:3])
zoo = sys.argv[3]
assert r1["batch"] is True and r1["jobs"] == 1 and r2["jobs"] == 2
files = r1["files"]
assert len(files) == 28, len(files)
assert [f["inputs"] for f in files] == [f["inputs"] for f in r2["files"]], "report order depends on --jobs"
assert [f["inputs"][0] for f in files] == sorted(f["inputs"][0] for f in files)
status = {f["inputs"][0][len(zoo) + 1:]: f for f in files}
assert status["pkg/__init__.py"]["status"] == "skipped" and status["pkg/__init__.py"]["skip_reason"]
assert status["cpp/util.h"]["status"] == "skipped"
mlp = status["cpp/mlp.cpp"]
assert mlp["language"] == "c++" and mlp["status"] == "converted"
assert [c["quantized"] for c in mlp["classes"]] == ["QuantizedMlpImpl"], mlp["classes"]
for f in files:
    assert f["seconds"] >= 0
    if f["status"] != "converted":
        continue
    assert f["classes"] and f["quantizers"], f["inputs"]
    for q in f["quantizers"] + f["classes"]:
        assert q["file"] == f["inputs"][0] and q["line"] > 0 and q["column"] > 0, (f["inputs"], q)
# A quantizer's location is the value it quantizes: check one against the source text.
att = status["vision/attention.py"]
lines = open(att["inputs"][0]).read().split("\n")
q = next(q for q in att["quantizers"] if q["name"] == "quantizer_linear")
assert "linear" in lines[q["line"] - 1][q["column"] - 1:], (q, lines[q["line"] - 1])
assert q["role"] == "output", q
roles = {q["role"] for f in files for q in f["quantizers"]}
assert {"output", "input"} <= roles <= {"output", "input", "attribute", "value"}, roles
# Functions left as written are listed with a reason.
skipped = {s["name"]: s for f in files for s in f["skipped_functions"]}
assert all(s["reason"] and s["line"] > 0 for s in skipped.values()), skipped
assert skipped["scale"]["reason"].startswith("uses no quantized operation") and skipped["scale"]["line"] == 7, skipped
assert skipped["Extras.extra_repr"]["reason"] == "not called from forward", skipped
s = r1["summary"]
assert s["files"] == 28 and s["converted"] == 25 and s["skipped"] == 3, s
assert s["quantizers"] == sum(len(f["quantizers"]) for f in files)
PY

# --- --check: passes on fresh output, fails naming the file after an input edit ----------------
run "--check on fresh output" 0 "$ffquant" autoquantize "$zoo" -o "$work/out1/" --check --jobs 2
stderr_has "--check counts" ": 25 up-to-date, 3 skipped"
[ ! -s "$work/out" ] && pass || fail "--check printed a diff for fresh output"
sed -i 's/F.silu(y)/F.sigmoid(y)/' "$zoo/vision/blocks/conv_ops.py"
grep -q sigmoid "$zoo/vision/blocks/conv_ops.py" && pass || fail "test edit did not apply"
run "--check after an input edit" 1 "$ffquant" autoquantize "$zoo" -o "$work/out1/" --check --jobs 2
stderr_has "--check names the stale file" "out1/vision/blocks/conv_ops.py: error: output is stale"
stderr_has "--check counts the stale file" ": 24 up-to-date, 1 stale, 3 skipped"
stdout_has "--check prints a unified diff" "^\+\+\+ .*out1/vision/blocks/conv_ops.py"
stdout_has "the diff shows the change" "^\+.*sigmoid"
[ "$(grep -c '^+++ ' "$work/out")" -eq 1 ] && pass || fail "--check diffed files that are up to date"
run "--diff shows without writing" 0 "$ffquant" autoquantize "$zoo/vision" -o "$work/out1/vision/" --diff
stdout_has "--diff output" "^\+.*sigmoid"
grep -q sigmoid "$work/out1/vision/blocks/conv_ops.py" && fail "--diff wrote the output" || pass
rm "$work/out1/pkg/branch_alternatives.py"
run "--check on a missing output" 1 "$ffquant" autoquantize "$zoo/pkg" -o "$work/out1/pkg/" --check
stderr_has "--check names the missing file" "out1/pkg/branch_alternatives.py: error: output is missing"
run "regenerating needs --force" 1 "$ffquant" autoquantize "$zoo/pkg" -o "$work/out1/pkg/"
stderr_has "existing outputs are kept" "already exists; use --force"
run "regenerate with --force" 0 "$ffquant" autoquantize "$zoo/pkg" -o "$work/out1/pkg/" --force
[ -f "$work/out1/pkg/branch_alternatives.py" ] && pass || fail "--force did not regenerate"
# A model deleted from the zoo leaves an output with no input: --check names it, --diff shows it
# removed; a package marker the user added to the output tree is not an orphan.
mkdir -p "$work/orphans/src" && cp "$zoo/pkg/"*.py "$work/orphans/src/"
run "orphans: fresh output" 0 "$ffquant" autoquantize "$work/orphans/src" -o "$work/orphans/out/"
touch "$work/orphans/out/__init__.py" "$work/orphans/out/notes.txt"
run "orphans: none yet" 0 "$ffquant" autoquantize "$work/orphans/src" -o "$work/orphans/out/" --check
rm "$work/orphans/src/branch_alternatives.py"
run "--check with a deleted model" 1 "$ffquant" autoquantize "$work/orphans/src" -o "$work/orphans/out/" --check
stderr_has "--check names the orphaned output" "orphans/out/branch_alternatives.py: error: output has no input any more"
stderr_lacks "a user's __init__.py is not an orphan" "out/__init__.py: error"
run "--diff with a deleted model" 0 "$ffquant" autoquantize "$work/orphans/src" -o "$work/orphans/out/" --diff
stdout_has "--diff shows the orphan removed" "^--- .*orphans/out/branch_alternatives.py"

# --- a syntax error fails that file only -------------------------------------------------------
py="$work/py"
mkdir -p "$py"
cp "$tests/python/models/"{loops,attention,conv_ops}.py "$py/"
printf 'import torch\nclass Broken(torch.nn.Module):\n    def forward(self, x:\n        return x\n' > "$py/broken.py"
run "one bad file" 1 "$ffquant" autoquantize "$py" -o "$work/pyout/" --jobs 2 --report "$work/bad.json"
stderr_has "the bad file's located error" "broken.py:[0-9]+:[0-9]+: error: "
stderr_has "only it failed" ": 3 converted, 1 failed"
[ -f "$work/pyout/loops.py" ] && [ -f "$work/pyout/attention.py" ] && [ -f "$work/pyout/conv_ops.py" ] && pass \
  || fail "a bad file stopped the others"
[ ! -e "$work/pyout/broken.py" ] && pass || fail "output written for a file that failed"
/usr/bin/python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
st={f['inputs'][0].rsplit('/',1)[1]: f['status'] for f in r['files']}
assert st=={'attention.py':'converted','broken.py':'failed','conv_ops.py':'converted','loops.py':'converted'}, st
assert r['files'][1]['diagnostics'][0]['severity']=='error'" "$work/bad.json" && pass || fail "report of the bad file"

# --- nothing is written outside the output directory ------------------------------------------
outside="$work/outside"
mkdir -p "$outside" "$work/safe/src/sub" "$work/elsewhere"
cp "$tests/python/models/loops.py" "$work/safe/src/sub/model.py"
cp "$tests/python/models/attention.py" "$work/elsewhere/linked.py"
# A link in the output tree pointing outside it: the write through it is refused.
mkdir -p "$work/safe/out"
ln -s "$outside" "$work/safe/out/sub"
run "symlink in the output tree" 1 "$ffquant" autoquantize "$work/safe/src" -o "$work/safe/out/" --force
stderr_has "refused with a reason" "refusing to write through the symbolic link"
[ -z "$(ls -A "$outside")" ] && pass || fail "a file was written through a symlink outside the output directory"
# A link as the output file itself is refused too (rename would replace it, write nothing through it).
rm "$work/safe/out/sub" && mkdir "$work/safe/out/sub" && ln -s "$outside/target.py" "$work/safe/out/sub/model.py"
run "symlink as the output file" 1 "$ffquant" autoquantize "$work/safe/src" -o "$work/safe/out/" --force
[ -z "$(ls -A "$outside")" ] && pass || fail "a file was written through an output symlink"
# A link to a directory outside the input tree is not followed; a linked file lands inside.
ln -s "$work/elsewhere" "$work/safe/src/linkdir"
ln -s "../../../elsewhere/linked.py" "$work/safe/src/sub/linked_file.py"
run "symlinks in the input tree" 0 "$ffquant" autoquantize "$work/safe/src" -o "$work/safe/out2/"
[ -f "$work/safe/out2/sub/model.py" ] && [ -f "$work/safe/out2/sub/linked_file.py" ] && pass \
  || fail "inputs in the tree not converted"
[ ! -e "$work/safe/out2/linkdir" ] && pass || fail "a symlinked directory was followed"
[ "$(find "$work/elsewhere" -type f | wc -l)" -eq 1 ] && pass || fail "something was written next to a linked input"
# '..' in input paths: a named file lands at the top of the output directory.
mkdir -p "$work/deep/a/b"
run "'..' in an input path" 0 "$ffquant" autoquantize "$work/deep/a/b/../../../safe/src/sub/model.py" -o "$work/deep/out/"
[ -f "$work/deep/out/model.py" ] && pass || fail "'..' input not written at the top of the output directory"
[ "$(find "$work" -newer "$work/deep/a/b" -name model.py -type f | grep -vc '/deep/out/')" -eq 0 ] && pass \
  || fail "'..' input wrote elsewhere"
# The output directory inside the input directory is not converted again.
run "output inside the input" 0 "$ffquant" autoquantize "$work/safe/src" -o "$work/safe/src/quantized/"
run "second run over the same tree" 0 "$ffquant" autoquantize "$work/safe/src" -o "$work/safe/src/quantized/" --check
stderr_has "outputs not taken as inputs" "^ffquant: 2 files"
# Two inputs mapping to one output are an error before anything is written.
run "output clash" 1 "$ffquant" autoquantize "$work/safe/src/sub/model.py" "$work/deep/out/model.py" -o "$work/clash/"
stderr_has "clash named" "is also the output of"
[ ! -e "$work/clash" ] && pass || fail "output clash wrote something"
run "--module-name in batch mode" 2 "$ffquant" autoquantize "$py" -o "$work/mn/" --module-name x

run "help documents batch mode" 0 "$ffquant" autoquantize --help
stdout_has "batch mode in --help" "^Batch mode: when an INPUT is a directory"

# --- progress on a terminal: one line redrawn in place ----------------------------------------
if command -v script >/dev/null; then
  script -qec "'$ffquant' autoquantize '$work/safe/src/sub' -o '$work/tty/'" /dev/null > "$work/tty.log" 2>&1
  grep -q $'\r' "$work/tty.log" && grep -q '\] 2/2' "$work/tty.log" && pass || fail "no progress bar on a terminal"
  grep -q '\[1/2\]' "$work/tty.log" && fail "plain progress lines on a terminal" || pass
fi

echo "batch: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
