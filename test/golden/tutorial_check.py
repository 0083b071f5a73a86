#!/usr/bin/env python3
"""Acceptance: every input/output pair of the autoquant tutorial (seed 002).

For each `NN_name.py` beside `NN_name.tutorial.py`, ffquant's output must have the same syntax
tree as the tutorial shows for every function and class the tutorial shows, and contain the
imports it shows (the import of the original class aside; formatting is not compared). The
tutorial abbreviates: an annotation written `...` matches any annotation, and an elided run
(`[...]` in the tutorial, written `__ELIDED__` here) matches any run of statements or parameters.
"""
import ast
import os
import shlex
import subprocess
import sys

ELIDED = "__ELIDED__"


def is_elided(node):
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Name) and node.value.id == ELIDED:
        return True
    return isinstance(node, ast.arg) and node.arg == ELIDED


def match(expected, actual, path="$"):
    """Returns None when they match, else a description of the first difference."""
    if isinstance(expected, ast.Constant) and expected.value is Ellipsis:
        return None  # the tutorial's `...` stands for anything
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return "%s: expected a list" % path
        marks = [i for i, e in enumerate(expected) if is_elided(e)]
        if marks:
            i = marks[0]
            prefix, suffix = expected[:i], expected[i + 1:]
            if len(actual) < len(prefix) + len(suffix):
                return "%s: %d items, expected at least %d" % (path, len(actual), len(prefix) + len(suffix))
            pairs = list(zip(prefix, actual[:len(prefix)])) + list(zip(suffix, actual[len(actual) - len(suffix):]))
        else:
            if len(expected) != len(actual):
                return "%s: %d items, expected %d" % (path, len(actual), len(expected))
            pairs = list(zip(expected, actual))
        for k, (e, a) in enumerate(pairs):
            problem = match(e, a, "%s[%d]" % (path, k))
            if problem:
                return problem
        return None
    if isinstance(expected, ast.AST):
        if type(expected) is not type(actual):
            return "%s: %s, expected %s" % (path, type(actual).__name__, type(expected).__name__)
        elided_kwonly = isinstance(expected, ast.arguments) and any(is_elided(a) for a in expected.kwonlyargs)
        for field in expected._fields:
            if field == "ctx" or (field == "kw_defaults" and elided_kwonly):
                continue
            problem = match(getattr(expected, field, None), getattr(actual, field, None), path + "." + field)
            if problem:
                return problem
        return None
    return None if expected == actual else "%s: %r, expected %r" % (path, actual, expected)


def flags_of(path):
    flags = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# ffquant-args:"):
                flags += shlex.split(line.split(":", 1)[1])
    return flags


def check(ffquant, directory, name):
    source = os.path.join(directory, name + ".py")
    flags = flags_of(source)
    run = subprocess.run([ffquant, "autoquantize", name + ".py", "-o", "-"] + flags,
                         capture_output=True, text=True, cwd=directory)
    if run.returncode != 0:
        return "ffquant exited %d: %s" % (run.returncode, run.stderr.strip())
    actual = ast.parse(run.stdout)
    with open(os.path.join(directory, name + ".tutorial.py"), encoding="utf-8") as f:
        expected = ast.parse(f.read())
    module_name = flags[flags.index("--module-name") + 1] if "--module-name" in flags else name
    actual_defs = {n.name: n for n in actual.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    actual_imports = [ast.dump(n) for n in actual.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in expected.body:
        if isinstance(node, ast.ImportFrom) and node.module == module_name:
            continue  # the original class's import
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if ast.dump(node) not in actual_imports:
                return "missing import: %s" % ast.unparse(node)
            continue
        if node.name not in actual_defs:
            return "missing definition %s" % node.name
        problem = match(node, actual_defs[node.name], node.name)
        if problem:
            return problem + "\n--- ffquant output ---\n" + run.stdout
    return None


def main():
    ffquant = os.path.abspath(sys.argv[1])
    directory = sys.argv[2]
    names = sorted(n[:-len(".tutorial.py")] for n in os.listdir(directory) if n.endswith(".tutorial.py"))
    passed = failed = 0
    for name in names:
        problem = check(ffquant, directory, name)
        if problem:
            failed += 1
            print("FAIL %s: %s" % (name, problem))
        else:
            passed += 1
            print("ok   %s" % name)
    print("tutorial: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
