#!/usr/bin/python3
"""Benchmark: `ffquant autoquantize` per file, side by side with the FX tracing peer.

Usage: bench_autoquantize.py FFQUANT [--quick] [--json FILE] [--runs N] [--peer-runs N]
                             [--models DIR] [--no-static-peer]

Measured in one run, on the same machine and files:
  (i)   ffquant: wall time of the whole process `FFQUANT autoquantize MODEL -o OUT -f
        --module-name STEM`, median of N runs, for every model of test/python/models/ (fallback:
        test/golden/tutorial/*.py) and for the generated files of gen_models.py (a ~5,000-line
        model file and a 50-helper file).
  (ii)  the peer: a fresh `/usr/bin/python3` process that imports torch, builds the model with the
        file's make_model() and runs
            torch.ao.quantization.quantize_fx.prepare_fx(model, get_default_qconfig_mapping(), inputs)
        on make_inputs()[0]. Its whole-process wall time is measured from outside; the process also
        reports the time of prepare_fx alone. When tracing fails (data-dependent control flow) the
        row says "fails: <ExceptionType>" and the time is the time until the failure.
        The bare `import torch` process is timed as well.
        Ratios: peer whole process / ffquant, and peer prepare_fx alone / ffquant.
  (iii) the 50-helper file with type inference on (default) and with --no-type-inference; ratio.

Goals (issues 4 and 5): ffquant >= 100x faster per file than the peer's whole process; inference
on <= 2x the time with inference off. They are reported, not asserted: a benchmark, not a test.
"""

import argparse
import glob
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
sys.path.insert(0, HERE)
import gen_models  # noqa: E402

# Child process of the peer. argv: MODEL_PATH KWARGS_JSON. Prints one JSON line.
PEER_CODE = r'''
import time
t0 = time.perf_counter()
import importlib.util, json, sys, warnings
warnings.filterwarnings("ignore")
import torch
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import prepare_fx
t_import = time.perf_counter()
res = {"import_s": t_import - t0}
try:
    path, kwargs = sys.argv[1], json.loads(sys.argv[2])
    spec = importlib.util.spec_from_file_location("peer_model", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.make_model(**kwargs).eval()
    inputs = tuple(mod.make_inputs()[0])
    t_build = time.perf_counter()
    res["build_s"] = t_build - t_import
    try:
        prepare_fx(model, get_default_qconfig_mapping(), inputs)
        res["status"] = "ok"
    except Exception as e:
        res["status"] = "fails: " + type(e).__name__
        res["error"] = str(e).splitlines()[0][:200] if str(e) else ""
    res["prepare_s"] = time.perf_counter() - t_build
except Exception as e:
    res["status"] = "error: " + type(e).__name__
    res["error"] = str(e)[:200]
print(json.dumps(res))
'''


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_timed(cmd, **kw):
    """Runs one whole process; returns (wall seconds, CPU seconds user+sys, CompletedProcess)."""
    c, t = children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    return time.perf_counter() - t, children_cpu() - c, proc


def median_time(cmd, runs, **kw):
    """Median wall and CPU time of `runs` whole-process runs; also the last CompletedProcess."""
    walls, cpus, proc = [], [], None
    for _ in range(runs):
        w, c, proc = run_timed(cmd, **kw)
        walls.append(w)
        cpus.append(c)
    return statistics.median(walls), statistics.median(cpus), proc


def ffquant_args_of(path):
    """Extra arguments a tutorial file declares in a `# ffquant-args:` header line."""
    with open(path) as f:
        for line in f:
            if line.startswith("# ffquant-args:"):
                args = line.split(":", 1)[1].split()
                return [os.path.join(os.path.dirname(path), a) if a.endswith(".yaml") else a for a in args]
            if line.strip() and not line.startswith("#"):
                break
    return None


def time_ffquant(ffquant, path, outdir, runs, extra=()):
    stem = os.path.splitext(os.path.basename(path))[0]
    out = os.path.join(outdir, f"quantized_{stem}.py")
    args = ffquant_args_of(path)
    if args is None or "--module-name" not in args:
        args = (args or []) + ["--module-name", stem]
    cmd = [ffquant, "autoquantize", path, "-o", out, "-f", *args, *extra]
    t, cpu, proc = median_time(cmd, runs)
    r = {"ffquant_s": t, "ffquant_cpu_s": cpu, "ffquant_rc": proc.returncode}
    if proc.returncode != 0:
        r["ffquant_error"] = proc.stderr.strip()[-500:]
    else:
        r["ffquant_summary"] = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
        with open(out) as f:
            r["output_lines"] = sum(1 for _ in f)
    return r


def has_make_model(path):
    with open(path) as f:
        text = f.read()
    return "def make_model(" in text and "def make_inputs(" in text


def time_peer(path, runs, kwargs=None):
    if not has_make_model(path):
        return {"peer_status": "n/a (no make_model/make_inputs)"}
    cmd = [PYTHON, "-c", PEER_CODE, path, json.dumps(kwargs or {})]
    times, cpus, infos = [], [], []
    for _ in range(runs):
        w, c, proc = run_timed(cmd, cwd=os.path.dirname(path))
        times.append(w)
        cpus.append(c)
        try:
            infos.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            infos.append({"status": f"crash rc={proc.returncode}", "error": proc.stderr.strip()[-200:]})
    info = infos[-1]
    r = {"peer_s": statistics.median(times), "peer_cpu_s": statistics.median(cpus), "peer_status": info.get("status"),
         "peer_import_s": statistics.median(i.get("import_s", float("nan")) for i in infos)}
    if "prepare_s" in info:
        r["peer_prepare_s"] = statistics.median(i["prepare_s"] for i in infos if "prepare_s" in i)
    if info.get("error"):
        r["peer_error"] = info["error"]
    return r


def fmt_s(s):
    if s is None:
        return "-"
    return f"{s * 1000:.1f} ms" if s < 10 else f"{s:.1f} s"


def fmt_x(x):
    return "-" if x is None else f"{x:.0f}x" if x >= 10 else f"{x:.1f}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ffquant")
    ap.add_argument("--quick", action="store_true",
                    help="few runs, peer once, skip the slow traceable variant of the big model")
    ap.add_argument("--runs", type=int, help="ffquant runs per file (default 10, quick 3)")
    ap.add_argument("--peer-runs", type=int, help="peer runs per file (default 3, quick 1)")
    ap.add_argument("--models", help="model directory (default test/python/models, else test/golden/tutorial)")
    ap.add_argument("--no-static-peer", action="store_true",
                    help="skip the peer on the traceable (dynamic=False) big model; it takes about a minute")
    ap.add_argument("--json", help="write the results as JSON to this file")
    args = ap.parse_args()
    ffquant = os.path.abspath(args.ffquant)
    runs = args.runs or (3 if args.quick else 10)
    peer_runs = args.peer_runs or (1 if args.quick else 3)
    static_peer = not (args.quick or args.no_static_peer)

    models_dir = args.models
    if not models_dir:
        cand = os.path.join(REPO, "test", "python", "models")
        models_dir = cand if glob.glob(os.path.join(cand, "*.py")) else os.path.join(REPO, "test", "golden", "tutorial")
    models = sorted(p for p in glob.glob(os.path.join(models_dir, "*.py")) if not p.endswith(".tutorial.py"))

    tmp = tempfile.mkdtemp(prefix="ffquant_bench_")
    gendir = os.path.join(tmp, "models")
    outdir = os.path.join(tmp, "out")
    os.makedirs(gendir)
    os.makedirs(outdir)
    files = {"big_model.py": gen_models.gen_big(5000), "helpers50.py": gen_models.gen_helpers()}
    for name, text in files.items():
        with open(os.path.join(gendir, name), "w") as f:
            f.write(text)
    big = os.path.join(gendir, "big_model.py")
    helpers = os.path.join(gendir, "helpers50.py")

    results = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "settings": {"runs": runs, "peer_runs": peer_runs, "quick": args.quick, "models_dir": models_dir},
        "files": [],
    }
    try:
        results["ffquant"] = {
            "path": ffquant, "mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(os.path.getmtime(ffquant))),
            "git_head": subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                                       capture_output=True, text=True).stdout.strip()}
    except OSError:
        pass
    try:
        import torch  # noqa: F401  (only for the version string)
        results["machine"]["torch"] = torch.__version__
    except ImportError:
        pass

    # Bare `import torch` process.
    t_import, cpu_import, _ = median_time([PYTHON, "-c", "import torch"], max(peer_runs, 3))
    results["peer_import_torch_process_s"] = t_import
    results["peer_import_torch_process_cpu_s"] = cpu_import

    # (path, label, make_model kwargs, counts for the 100x goal)
    rows = [(p, os.path.relpath(p, REPO), None, True) for p in models]
    rows.append((big, "generated/big_model.py (dynamic=True)", None, True))
    rows.append((big, "generated/big_model.py (dynamic=False)", {"dynamic": False}, True))
    rows.append((helpers, "generated/helpers50.py", None, False))

    cached = {}
    for path, label, kwargs, goal in rows:
        with open(path) as f:
            nlines = sum(1 for _ in f)
        if path not in cached:
            cached[path] = time_ffquant(ffquant, path, outdir, runs)
        r = {"file": label, "lines": nlines, "in_100x_goal": goal, **cached[path]}
        if kwargs and not static_peer:
            r["peer_status"] = "skipped (--quick / --no-static-peer)"
        else:
            r.update(time_peer(path, peer_runs, kwargs))
        if r.get("ffquant_rc") == 0 and r.get("peer_s"):
            r["ratio_whole"] = r["peer_s"] / r["ffquant_s"]
            r["ratio_whole_cpu"] = r["peer_cpu_s"] / max(r["ffquant_cpu_s"], 1e-3)
            if r.get("peer_prepare_s") is not None:
                r["ratio_prepare"] = r["peer_prepare_s"] / r["ffquant_s"]
        results["files"].append(r)
        if sys.stderr.isatty():
            print(f"  measured {label}", file=sys.stderr, flush=True)

    # (iii) inference on vs off on the 50-helper file; runs interleaved so load drifts hit both.
    on, off, on_cpu, off_cpu = [], [], [], []
    for _ in range(runs):
        for extra, acc, acc_cpu in (((), on, on_cpu), (("--no-type-inference",), off, off_cpu)):
            r = time_ffquant(ffquant, helpers, outdir, 1, extra)
            acc.append(r["ffquant_s"])
            acc_cpu.append(r["ffquant_cpu_s"])
    inf = {"inference_on_s": statistics.median(on), "inference_off_s": statistics.median(off),
           "inference_on_cpu_s": statistics.median(on_cpu), "inference_off_cpu_s": statistics.median(off_cpu)}
    inf["ratio_on_off"] = inf["inference_on_s"] / inf["inference_off_s"]
    inf["ratio_on_off_cpu"] = inf["inference_on_cpu_s"] / max(inf["inference_off_cpu_s"], 1e-3)
    inf["goal_met"] = inf["ratio_on_off"] <= 2.0
    results["inference"] = inf

    # Table.
    hdr = f"{'file':42} {'lines':>5} {'ffquant':>9} {'peer process':>12} {'prepare_fx':>10} {'peer status':<26} {'x whole':>7} {'x prep':>7} {'x cpu':>6}"
    print(hdr)
    print("-" * len(hdr))
    for r in results["files"]:
        ff = fmt_s(r["ffquant_s"]) if r.get("ffquant_rc") == 0 else f"rc={r.get('ffquant_rc')}"
        print(f"{r['file'][:42]:42} {r['lines']:>5} {ff:>9} {fmt_s(r.get('peer_s')):>12} "
              f"{fmt_s(r.get('peer_prepare_s')):>10} {str(r.get('peer_status'))[:26]:<26} "
              f"{fmt_x(r.get('ratio_whole')):>7} {fmt_x(r.get('ratio_prepare')):>7} {fmt_x(r.get('ratio_whole_cpu')):>6}")
    print(f"\npeer bare `import torch` process: {fmt_s(t_import)} wall, {fmt_s(cpu_import)} CPU")

    # The 100x goal covers the test models and the 5,000-line file (the 50-helper file is issue 5's).
    test_rows = [r for r in results["files"] if r.get("ratio_whole") is not None and r["in_100x_goal"]]
    if test_rows:
        ratios = [r["ratio_whole"] for r in test_rows]
        worst = min(test_rows, key=lambda r: r["ratio_whole"])
        cpu_ratios = [r["ratio_whole_cpu"] for r in test_rows]
        summary = {
            "min_ratio_whole_cpu": min(cpu_ratios), "median_ratio_whole_cpu": statistics.median(cpu_ratios),
            "min_ratio_whole": worst["ratio_whole"], "min_ratio_file": worst["file"],
            "median_ratio_whole": statistics.median(ratios),
            "files_at_least_100x": sum(x >= 100 for x in ratios), "files_compared": len(ratios),
            "goal_100x_met": all(x >= 100 for x in ratios),
        }
        results["summary"] = summary
        print(f"ffquant vs peer whole process: min {summary['min_ratio_whole']:.0f}x ({worst['file']}), "
              f"median {summary['median_ratio_whole']:.0f}x; >=100x on {summary['files_at_least_100x']}"
              f"/{summary['files_compared']} files -> goal {'met' if summary['goal_100x_met'] else 'NOT met'}")
        print(f"same in CPU time (user+sys): min {summary['min_ratio_whole_cpu']:.0f}x, "
              f"median {summary['median_ratio_whole_cpu']:.0f}x")
    errs = [r for r in results["files"] if r.get("ffquant_rc") != 0]
    for r in errs:
        print(f"ffquant failed on {r['file']}: {r.get('ffquant_error')}")
    print(f"50-helper file: inference on {fmt_s(inf['inference_on_s'])}, off {fmt_s(inf['inference_off_s'])}, "
          f"ratio {inf['ratio_on_off']:.2f} (CPU time ratio {inf['ratio_on_off_cpu']:.2f}; "
          f"goal <= 2: {'met' if inf['goal_met'] else 'NOT met'})")

    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
