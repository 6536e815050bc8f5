#!/usr/bin/env python3
"""gcc's c-torture execute and ieee tests through vxcc + vxverify + vxrun,
each beside native gcc with the same flags. A test is kept at a level when
it is supported here (directives.py) and its native build passes; a kept
test passes when the vx image is accepted and exits 0 with native's output.

Exit status: 0 when every level reaches --min-pass percent and no test
gives a wrong result, 1 otherwise, 2 for bad arguments or a missing tree."""
import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import directives  # noqa: E402
import targets     # noqa: E402
import tcl         # noqa: E402

LEVELS = {"O0": ["-O0"], "O2": ["-O2"], "O3": ["-O3", "-march=native"]}
NESTED = "nested function needs an executable stack"
FAILURES = ("compile-error", "verify-reject", "fault", "timeout", "wrong-result")


def run(cmd, cwd, timeout, env=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return p.returncode, p.stdout, p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None, b"", "timed out after %d s" % timeout


def first_line(text, want=("error", "undefined", "unsafe", "fault", "limit")):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    for l in lines:
        if any(w in l for w in want):
            return l[:200]
    return (lines[0] if lines else "")[:200]


def one(args, src, level):
    """(class, detail) of one test at one level."""
    name = os.path.relpath(src, args.src)
    flags = LEVELS[level]
    try:
        plan = directives.plan_for(src, targets.VX, flags)
    except (tcl.TclError, KeyError, ValueError) as e:
        return "unsupported", "directives not understood: %s" % e
    if plan.unsupported:
        return "unsupported", plan.unsupported
    work = os.path.join(args.out, "work", level, name.replace("/", "_")[:-2])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cc = flags + plan.flags + [src]
    libs = ["-lm"]
    rc, _, err = run(["gcc"] + cc + ["-o", "native"] + libs, work, 120)
    if rc != 0:
        return "excluded", "native gcc cannot build it: " + first_line(err)
    if not plan.compile_only:
        rc, native_out, _ = run(["./native"], work, 20)
        if rc != 0:
            return "excluded", "native run fails (status %s)" % rc
        # gcc's harness judges by exit status alone; the output is compared
        # too when native prints the same twice (return-addr prints stack
        # addresses, which differ from run to run).
        _, again, _ = run(["./native"], work, 20)
        if again != native_out:
            native_out = None
    rc, _, err = run([args.vxcc] + cc + ["-o", "vx.elf"] + libs, work, 300)
    if rc != 0:
        if NESTED in err:
            return "excluded-nested", first_line(err, (NESTED,))
        return "compile-error", first_line(err)
    rc, out, err = run([args.vxverify, "vx.elf"], work, 120)
    if rc != 0:
        return "verify-reject", first_line(out.decode(errors="replace") + err)
    if plan.compile_only:
        return "pass", ""
    # The guest sees the work directory as /, with the /tmp that tmpnam()
    # names (fprintf-2 writes a file there).
    os.makedirs(os.path.join(work, "tmp"), exist_ok=True)
    rc, out, err = run([args.vxrun, "--cpu", "30", "--dir", "/=" + work, "vx.elf"], work, 90)
    if rc is None or (rc == 124 and "CPU time limit" in err):
        return "timeout", first_line(err)
    if rc == 124:
        return "fault", first_line(err)
    if rc != 0:
        return "wrong-result", "exit status %d: %s" % (rc, first_line(err))
    if native_out is not None and out != native_out:
        return "wrong-result", "output differs from native (%d vs %d bytes)" % (
            len(out), len(native_out))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return "pass", ""


def tests(args):
    if args.list:
        with open(args.list, encoding="utf-8") as f:
            names = [l.split("#")[0].strip() for l in f]
        paths = [os.path.join(args.src, n) for n in names if n]
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            sys.exit("torture: %s is not in %s" % (missing[0], args.src))
        return paths
    out = []
    for sub in ("", "ieee"):
        d = os.path.join(args.src, sub)
        out += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".c"))
    return out


def report(args, results, levels):
    ok = True
    with open(os.path.join(args.out, "results.tsv"), "w", encoding="utf-8") as tsv:
        tsv.write("level\ttest\tclass\tdetail\n")
        for (name, level), (cls, detail) in sorted(results.items()):
            tsv.write("%s\t%s\t%s\t%s\n" % (level, name, cls, detail))
    for level in levels:
        mine = {n: r for (n, l), r in results.items() if l == level}
        count = lambda c: sum(1 for r in mine.values() if r[0] == c)
        kept = len(mine) - count("unsupported") - count("excluded") - count("excluded-nested")
        passed = count("pass")
        pct = 100.0 * passed / kept if kept else 0.0
        wrong = count("wrong-result")
        good = pct >= args.min_pass and wrong == 0
        ok = ok and good
        print("-%s: %d/%d kept pass (%.2f%%); %d unsupported, %d excluded (native), "
              "%d nested functions refused; %s" % (
                  level, passed, kept, pct, count("unsupported"), count("excluded"),
                  count("excluded-nested"),
                  ", ".join("%d %s" % (count(c), c) for c in FAILURES if count(c))
                  or "no failures"))
        for name, (cls, detail) in sorted(mine.items()):
            if cls in FAILURES:
                print("  %-13s %s: %s" % (cls, name, detail))
    reasons = {}
    for (name, level), (cls, detail) in results.items():
        if cls == "unsupported":
            reasons.setdefault(detail, set()).add(name)
    for why, names in sorted(reasons.items()):
        print("unsupported (%s): %s" % (why, " ".join(sorted(names))))
    print("results: %s" % os.path.join(args.out, "results.tsv"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", required=True, help="gcc.c-torture/execute directory")
    ap.add_argument("--out", required=True, help="work and results directory")
    ap.add_argument("--bin", required=True, help="directory holding vxcc, vxverify, vxrun")
    ap.add_argument("--list", help="file of test names relative to --src (default: all)")
    ap.add_argument("--levels", default="O0,O2,O3", help="comma list of O0, O2, O3")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--min-pass", type=float, default=99.8)
    ap.add_argument("--keep", action="store_true", help="keep passing tests' work files")
    args = ap.parse_args()
    levels = args.levels.split(",")
    bad = [l for l in levels if l not in LEVELS]
    if bad or args.j < 1:
        ap.error("--levels takes O0, O2, O3; -j a positive number")
    if not os.path.isdir(os.path.join(args.src, "ieee")):
        print("torture: %s is not gcc.c-torture/execute" % args.src, file=sys.stderr)
        return 2
    for tool in ("vxcc", "vxverify", "vxrun"):
        setattr(args, tool, os.path.join(os.path.abspath(args.bin), tool))
        if not os.access(getattr(args, tool), os.X_OK):
            print("torture: %s is not built" % getattr(args, tool), file=sys.stderr)
            return 2
    args.src = os.path.abspath(args.src)
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    jobs = [(src, level) for level in levels for src in tests(args)]
    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        futures = {pool.submit(one, args, src, level): (src, level) for src, level in jobs}
        for n, fut in enumerate(concurrent.futures.as_completed(futures), 1):
            src, level = futures[fut]
            results[(os.path.relpath(src, args.src), level)] = fut.result()
            if n % 200 == 0:
                print("torture: %d/%d done" % (n, len(jobs)), file=sys.stderr, flush=True)
    return 0 if report(args, results, levels) else 1


if __name__ == "__main__":
    sys.exit(main())
