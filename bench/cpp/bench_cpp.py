#!/usr/bin/env python3
"""Per-file time of `ffquant autoquantize` on C++ models, cold (no precompiled header) and with
the cached torch PCH, side by side with `clang++-16 -fsyntax-only` on the same file in the same
run (issue 7's goal: with the cache, under 0.2x of the cold syntax-only time).

Usage: bench_cpp.py FFQUANT [MODEL.cpp ...] [--runs N]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, env=None):
    start = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), run.stderr[-400:]))
    return elapsed


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    ffquant = os.path.abspath(args[0])
    models = args[1:] or sorted(
        os.path.join(ROOT, "test", "cpp", "models", n) for n in os.listdir(os.path.join(ROOT, "test", "cpp", "models"))
        if n.endswith(".cpp") and not n.endswith(".expected.cpp"))
    out = os.path.join(tempfile.mkdtemp(), "out.cpp")
    cache = tempfile.mkdtemp()
    env_cached = dict(os.environ, FFQUANT_CACHE_DIR=cache)
    env_cold = dict(os.environ, FFQUANT_NO_PCH="1")
    # Build the cache once (its cost is paid once per machine and compiler setup).
    build = timed([ffquant, "autoquantize", models[0], "-o", out, "-f"], env_cached)
    print("building the torch PCH (first run, once): %.2f s" % build)
    print("%-14s %12s %12s %12s %10s" % ("model", "syntax-only", "ffquant cold", "ffquant PCH", "PCH/syntax"))
    for model in models:
        syntax = [timed(["clang++-16", "-std=c++17", "-fsyntax-only", "-w",
                         "-I/usr/include/torch/csrc/api/include", model]) for _ in range(runs)]
        cold = [timed([ffquant, "autoquantize", model, "-o", out, "-f"], env_cold) for _ in range(runs)]
        cached = [timed([ffquant, "autoquantize", model, "-o", out, "-f"], env_cached) for _ in range(runs)]
        s, c, p = statistics.median(syntax), statistics.median(cold), statistics.median(cached)
        print("%-14s %11.2fs %11.2fs %11.2fs %9.2fx" % (os.path.basename(model), s, c, p, p / s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
