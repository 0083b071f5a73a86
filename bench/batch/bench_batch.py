#!/usr/bin/env python3
"""Batch-mode throughput: files per second on a synthetic zoo, with --jobs 1 and --jobs 2.

    bench_batch.py FFQUANT [--python 500] [--cpp 20] [--runs 3] [--json OUT.json]

Generates the zoo with gen_zoo.py in a temporary directory, builds the torch PCH once (a C++
warm-up run, not timed), then times whole `ffquant autoquantize ZOO -o OUT/ --jobs N` processes
from outside: the Python part alone (median of --runs) and the whole zoo (Python + C++, one run,
since each C++ file costs seconds). Also checks that --jobs 2 writes the same bytes as --jobs 1.
"""
import argparse
import filecmp
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(ffquant, source, out, jobs):
    """Wall time, CPU time (ffquant and its workers) and the load average before the run."""
    load = os.getloadavg()[0]
    cpu = cpu_of_children()
    start = time.perf_counter()
    proc = subprocess.run([ffquant, "autoquantize", source, "-o", out + "/", "--force", "--jobs", str(jobs)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("ffquant failed:\n" + proc.stderr[-2000:])
    return elapsed, cpu_of_children() - cpu, load


def count(directory):
    return sum(len(files) for _, _, files in os.walk(directory))


def same_tree(a, b):
    comparison = filecmp.dircmp(a, b)
    if comparison.left_only or comparison.right_only or comparison.diff_files or comparison.funny_files:
        return False
    for sub in comparison.common_dirs:
        if not same_tree(os.path.join(a, sub), os.path.join(b, sub)):
            return False
    # dircmp compares shallowly (stat); compare bytes too.
    _, mismatch, errors = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    return not mismatch and not errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ffquant")
    parser.add_argument("--python", type=int, default=500)
    parser.add_argument("--cpp", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        zoo = os.path.join(work, "zoo")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_zoo.py"), zoo, "--python", str(args.python),
                        "--cpp", str(args.cpp)], check=True)
        python_files = count(os.path.join(zoo, "python"))
        cpp_files = count(os.path.join(zoo, "cpp"))
        # Warm-up: the PCH of <torch/torch.h> is built once per machine and compiler setup.
        subprocess.run([args.ffquant, "autoquantize", os.path.join(zoo, "cpp", "model00.cpp"), "-o", "-"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for jobs in (1, 2):
            runs = sorted(run(args.ffquant, os.path.join(zoo, "python"), os.path.join(work, "py%d" % jobs), jobs)
                          for _ in range(args.runs))
            t, cpu, load = runs[len(runs) // 2]  # the median run by wall time
            rows.append(dict(zoo="python", files=python_files, jobs=jobs, seconds=t, cpu_seconds=cpu, load=load,
                             files_per_second=python_files / t))
        for jobs in (1, 2):
            t, cpu, load = run(args.ffquant, zoo, os.path.join(work, "all%d" % jobs), jobs)
            rows.append(dict(zoo="python+c++", files=python_files + cpp_files, jobs=jobs, seconds=t, cpu_seconds=cpu,
                             load=load, files_per_second=(python_files + cpp_files) / t))
        identical = same_tree(os.path.join(work, "all1"), os.path.join(work, "all2"))
    print("| zoo | files | --jobs | wall s | CPU s | files/s | load avg before |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print("| %s | %d | %d | %.2f | %.2f | %.1f | %.1f |" % (r["zoo"], r["files"], r["jobs"], r["seconds"],
                                                             r["cpu_seconds"], r["files_per_second"], r["load"]))
    print("--jobs 2 output identical to --jobs 1:", identical)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(dict(rows=rows, identical=identical), f, indent=2)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
