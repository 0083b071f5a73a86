#!/usr/bin/env python3
"""Golden tests for the emitters: every `X.py` (or `X.cpp`) in a directory is converted and
compared with `X.expected.py` (`X.expected.cpp`) beside it. A missing golden is a failure. `--update` (or the environment
variable FFQUANT_UPDATE_GOLDEN=1) rewrites the goldens from the current output.

The first lines of an input may carry the command-line flags for it:
    # ffquant-args: --no-type-inference --module-name __main__
Python output must parse as Python (C++ output is compiled by the compile-and-run tests), and
two runs must give the same bytes.
"""
import ast
import os
import shlex
import subprocess
import sys


def flags_of(path):
    flags = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and not line.startswith("//"):
                break
            if line.startswith("# ffquant-args:") or line.startswith("// ffquant-args:"):
                flags += shlex.split(line.split(":", 1)[1])
    return flags


def run(ffquant, path, flags):
    # Run beside the input so that flags may name files next to it (--optable, --patterns).
    cmd = [ffquant, "autoquantize", os.path.basename(path), "-o", "-"] + flags
    return subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(os.path.abspath(path)))


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv[1:] or os.environ.get("FFQUANT_UPDATE_GOLDEN") == "1"
    ffquant, directory = os.path.abspath(args[0]), args[1]
    passed = failed = 0
    for name in sorted(os.listdir(directory)):
        stem, ext = os.path.splitext(name)
        if ext not in (".py", ".cpp", ".h") or stem.endswith(".expected"):
            continue
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as f:
            if "ffquant-golden: not an input" in f.read(2000):
                continue  # a header that an input includes
        expected_path = os.path.join(directory, stem + ".expected" + ext)
        flags = flags_of(path)
        if ext == ".py" and "--module-name" not in flags:
            flags += ["--module-name", stem]
        first = run(ffquant, path, flags)
        problems = []
        if first.returncode != 0:
            problems.append("exit %d: %s" % (first.returncode, first.stderr.strip()))
        else:
            second = run(ffquant, path, flags)
            if second.stdout != first.stdout:
                problems.append("output differs between two runs")
            if ext == ".py":
                try:
                    ast.parse(first.stdout)
                except SyntaxError as e:
                    problems.append("output does not parse: %s" % e)
            if update and not problems:
                with open(expected_path, "w", encoding="utf-8") as f:
                    f.write(first.stdout)
            elif not os.path.exists(expected_path):
                problems.append("missing golden %s (run with --update)" % os.path.basename(expected_path))
            else:
                with open(expected_path, encoding="utf-8") as f:
                    expected = f.read()
                if expected != first.stdout:
                    import difflib
                    diff = difflib.unified_diff(expected.splitlines(True), first.stdout.splitlines(True),
                                                "expected", "actual")
                    problems.append("output differs from golden:\n" + "".join(diff))
        if problems:
            failed += 1
            print("FAIL %s\n  %s" % (name, "\n  ".join(problems)))
        else:
            passed += 1
            print("ok   %s" % name)
    print("golden: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
