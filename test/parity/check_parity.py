#!/usr/bin/env python3
"""Parity of the two paths: a module written in Python and its C++ twin with the same structure
get the same quantizers, with the same names, in the same order (the shared middle layer).

For each `X.py` beside `X.cpp` in the directory, both are converted and the quantizer names each
generated class declares are compared (Python: `self.<name>: ... = ...QuantizerStub()` lines of
`__init_quantization__`; C++: `register_quantizer("<name>", <metadata>)` members).
"""
import os
import re
import subprocess
import sys

PY_CLASS = re.compile(r"^class Quantized(\w+)\(")
PY_QUANTIZER = re.compile(r"^\s+self\.(quantizer_\w+): .*QuantizerStub\(\)")
CPP_CLASS = re.compile(r"^(?:struct|class) Quantized(\w+?)(?:Impl)?\b")
CPP_QUANTIZER = re.compile(r'register_quantizer\("(quantizer_\w+)"[,)]')


def declared(text, class_re, quantizer_re):
    classes, current = {}, None
    for line in text.splitlines():
        m = class_re.match(line)
        if m:
            current = m.group(1)
            classes[current] = []
            continue
        q = quantizer_re.search(line)
        if q and current is not None:
            classes[current].append(q.group(1))
    return classes


def convert(ffquant, directory, name):
    run = subprocess.run([ffquant, "autoquantize", name, "-o", "-"], capture_output=True, text=True, cwd=directory)
    if run.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (name, run.returncode, run.stderr.strip()))
    return run.stdout


def main():
    ffquant, directory = os.path.abspath(sys.argv[1]), sys.argv[2]
    stems = sorted(n[:-3] for n in os.listdir(directory)
                   if n.endswith(".py") and os.path.exists(os.path.join(directory, n[:-3] + ".cpp")))
    passed = failed = 0
    for stem in stems:
        try:
            python = declared(convert(ffquant, directory, stem + ".py"), PY_CLASS, PY_QUANTIZER)
            cpp = declared(convert(ffquant, directory, stem + ".cpp"), CPP_CLASS, CPP_QUANTIZER)
            problem = None
            if not python:
                problem = "the Python output declares no class"
            elif python != cpp:
                problem = "Python %s\n     C++    %s" % (python, cpp)
            elif not any(python.values()):
                problem = "no quantizers at all: the comparison proves nothing"
        except RuntimeError as e:
            problem = str(e)
        if problem:
            failed += 1
            print("FAIL %s: %s" % (stem, problem))
        else:
            passed += 1
            print("ok   %s: %s" % (stem, python))
    print("parity: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
