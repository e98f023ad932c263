#!/usr/bin/env python3
# run-bench.py — Farewell's import benchmark, in one run
#
#   tests/bench/run-bench.py [--sizes 200M,1G] [--runs 3] [--build-dir _build-bench]
#                            [--work-dir DIR] [--no-stall] [--keep]
#
# For each size: generates a synthetic export with gen-export.py (cached in
# the work dir, ${TMPDIR:-/tmp}/farewell-bench by default), then measures,
# each --runs times, interleaved:
#   python   python3 -c 'import json; json.load(open(F))' on its conversations.json
#   verify   farewell --verify export.zip
#   convert  farewell --convert export.zip --output DIR (all three formats)
# wall time (median and min) and peak RSS (the child's ru_maxrss, as
# /usr/bin/time -v reports it), and CPU time (user + system). Then it runs
# bench-stall (the real window under xvfb-run, or --stall-mode core) on the
# size closest to 200M and reports the longest main-loop stall. It prints a
# table and the targets with PASS/MISS, and writes results.json to the work
# dir. See tests/bench/README.md.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))

TARGET_RSS_MB = 100          # peak RSS of convert at 1 GB
TARGET_RATIO = 0.6           # convert / python json.load, at 200 MB
TARGET_LINEAR = 5.5          # convert 1 GB / convert 200 MB
TARGET_STALL_MS = 50         # longest main-loop stall during a 200 MB import


def parse_size(text):
    text = text.strip().upper().rstrip("B")
    mult = 1
    if text and text[-1] in "KMGT":
        mult = 1024 ** ("KMGT".index(text[-1]) + 1)
        text = text[:-1]
    return int(float(text) * mult)


def human(n):
    for unit in ("B", "K", "M", "G", "T"):
        if n < 1024 or unit == "T":
            return ("%.0f%s" % (n, unit)) if unit in ("B", "K") else ("%.1f%s" % (n, unit))
        n /= 1024.0


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def busy_seconds():
    """CPU time used by everything on the machine so far (from /proc/stat)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return 0.0
    # user nice system idle iowait irq softirq steal
    return (sum(fields[:3]) + sum(fields[5:8])) / os.sysconf("SC_CLK_TCK")


def measure(argv, env=None):
    """Runs argv; returns (wall s, peak RSS KiB, CPU s, exit status, CPU s that other processes used meanwhile)."""
    with tempfile.TemporaryFile() as err:
        busy = busy_seconds()
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        cpu = usage.ru_utime + usage.ru_stime
        others = max(0.0, busy_seconds() - busy - cpu)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            log("  command failed (%d): %s\n%s" % (code, " ".join(argv), err.read().decode(errors="replace")[-2000:]))
    return wall, usage.ru_maxrss, cpu, code, others


def generate(size_text, seed, work, gen_hash):
    size = parse_size(size_text)
    folder = os.path.join(work, "export-%s-s%d-%s" % (size_text.upper(), seed, gen_hash))
    zip_path = os.path.join(folder, "export.zip")
    json_path = os.path.join(folder, "conversations.json")
    info_path = os.path.join(folder, "info.json")
    if os.path.exists(zip_path) and os.path.exists(json_path) and os.path.exists(info_path):
        with open(info_path) as f:
            return folder, json.load(f)
    need = int(size * 1.6)
    if free_bytes(work) < need + (1 << 30):
        sys.exit("Not enough disk space in %s to generate %s (needs about %s, %s free)."
                 % (work, size_text, human(need), human(free_bytes(work))))
    log("Generating a %s export in %s ..." % (size_text, folder))
    os.makedirs(folder, exist_ok=True)
    out = subprocess.run([sys.executable, os.path.join(HERE, "gen-export.py"), "--size", size_text,
                          "--seed", str(seed), "--out", folder, "--json"],
                         check=True, stdout=subprocess.PIPE).stdout
    info = json.loads(out.decode().strip().splitlines()[-1])
    with open(info_path, "w") as f:
        json.dump(info, f)
    return folder, info


def output_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def summarize(samples):
    walls = [s[0] for s in samples]
    return {"wall_median": statistics.median(walls), "wall_min": min(walls),
            "rss_mb": max(s[1] for s in samples) / 1024.0,
            "cpu_median": statistics.median(s[2] for s in samples),
            "others_cpu": [round(s[4], 2) for s in samples],
            "runs": len(samples), "walls": [round(w, 3) for w in walls]}


def run_stall(args, farewell_build, export_zip, work):
    exe = os.path.join(farewell_build, "tests", "bench", "bench-stall")
    if not os.path.exists(exe):
        log("No %s: build it with ninja -C %s" % (exe, farewell_build))
        return None
    out_dir = os.path.join(work, "stall-out")
    shutil.rmtree(out_dir, ignore_errors=True)
    env = dict(os.environ)
    env.update({"GSETTINGS_SCHEMA_DIR": os.path.join(farewell_build, "data"),
                "GSETTINGS_BACKEND": "memory", "GTK_A11Y": "none", "NO_AT_BRIDGE": "1",
                "LC_ALL": "C.UTF-8"})
    mode = args.stall_mode
    if mode == "window":
        if shutil.which("xvfb-run") is None:
            log("xvfb-run is missing: measuring the stall at the core level instead")
            mode = "core"
        else:
            env.setdefault("GSK_RENDERER", args.gsk_renderer)
    results = []
    for _ in range(args.stall_runs):
        if mode == "window":
            argv = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", exe, export_zip, out_dir]
        else:
            argv = [exe, "--core", export_zip, out_dir]
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        shutil.rmtree(out_dir, ignore_errors=True)
        lines = proc.stdout.decode(errors="replace").strip().splitlines()
        for line in lines[:-1]:
            log("  " + line)
        try:
            result = json.loads(lines[-1])
        except (IndexError, ValueError):
            log("bench-stall failed:\n" + proc.stderr.decode(errors="replace")[-2000:])
            return None
        results.append(result)
    worst = max(results, key=lambda r: r["max_ms"])
    worst["runs"] = len(results)
    worst["all_max_ms"] = [r["max_ms"] for r in results]
    worst["renderer"] = env.get("GSK_RENDERER") if mode == "window" else None
    return worst


def main():
    ap = argparse.ArgumentParser(description="Farewell's import benchmark.")
    ap.add_argument("--sizes", default="200M,1G", help="comma-separated sizes of conversations.json (default 200M,1G)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each timed command (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build-dir", default=os.path.join(TOP, "_build-bench"),
                    help="meson build folder with src/farewell and tests/bench/bench-stall (default _build-bench)")
    ap.add_argument("--work-dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "farewell-bench"),
                    help="where exports are cached and archives written (outside the repository)")
    ap.add_argument("--out-dir", default=None,
                    help="where the archives are written (default: /dev/shm/farewell-bench-out when /dev/shm is a "
                         "tmpfs with room, else WORK-DIR/out); each is deleted right after it is measured")
    ap.add_argument("--no-stall", action="store_true", help="skip the main-loop stall measurement")
    ap.add_argument("--stall-mode", choices=["window", "core"], default="window",
                    help="window: the real window under xvfb-run (default); core: the async engine in a GMainLoop")
    ap.add_argument("--stall-runs", type=int, default=2)
    ap.add_argument("--gsk-renderer", default="cairo",
                    help="GSK_RENDERER for the window under Xvfb (default cairo: GL there is software rendering "
                         "on the same two cores; set GSK_RENDERER in the environment to override)")
    ap.add_argument("--keep", action="store_true", help="keep the archives written")
    ap.add_argument("--compare-build", default=None,
                    help="another build folder (e.g. of the code before a change) whose farewell --verify and "
                         "--convert run interleaved with this one's, for a before/after on the same noise")
    args = ap.parse_args()

    build = os.path.abspath(args.build_dir)
    farewell = os.path.join(build, "src", "farewell")
    if not os.path.exists(farewell):
        sys.exit("No %s: configure and build first, e.g.\n  meson setup %s && ninja -C %s" % (farewell, build, build))
    other = None
    if args.compare_build:
        other = os.path.join(os.path.abspath(args.compare_build), "src", "farewell")
        if not os.path.exists(other):
            sys.exit("No %s" % other)
    work = os.path.abspath(args.work_dir)
    if os.path.commonpath([work, TOP]) == TOP:
        sys.exit("The work dir must be outside the repository: %s" % work)
    os.makedirs(work, exist_ok=True)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    with open(os.path.join(HERE, "gen-export.py"), "rb") as f:
        gen_hash = hashlib.sha256(f.read()).hexdigest()[:8]

    # Where the archives go. A tmpfs by default: the benchmark measures the
    # engine, not this machine's disk; and on ext4 without a journal (this
    # VM's), creating files for minutes after tens of thousands were deleted
    # costs seconds of kernel time per run ("recently deleted" inodes are
    # skipped one by one), which would make every run after the first slower.
    largest = max(parse_size(s) for s in sizes)
    archive_need = int(largest * 4.0)
    out_root = args.out_dir
    if out_root is None:
        shm = "/dev/shm"
        is_tmpfs = False
        try:
            with open("/proc/mounts") as f:
                is_tmpfs = any(line.split()[1] == shm and line.split()[2] == "tmpfs" for line in f)
        except OSError:
            pass
        if is_tmpfs and free_bytes(shm) > archive_need + (2 << 30):
            out_root = os.path.join(shm, "farewell-bench-out")
        else:
            out_root = os.path.join(work, "out")
    out_root = os.path.abspath(out_root)
    os.makedirs(out_root, exist_ok=True)

    # Disk: the exports (~1.4x the JSON size) in the work dir, one archive at
    # a time (~3.6x) in the output dir.
    df = subprocess.run(["df", "-h", work, out_root], stdout=subprocess.PIPE).stdout.decode()
    log(df.strip())
    need = sum(int(parse_size(s) * 1.6) for s in sizes)
    if free_bytes(work) < need:
        log("WARNING: the exports may need about %s in %s and only %s is free (cached exports do not count again)."
            % (human(need), work, human(free_bytes(work))))
    if free_bytes(out_root) < archive_need:
        sys.exit("Not enough room for one archive of the largest size in %s: about %s needed, %s free. "
                 "Use smaller --sizes or another --out-dir." % (out_root, human(archive_need), human(free_bytes(out_root))))
    log("Archives are written to %s (one at a time)" % out_root)

    env = dict(os.environ)
    env["LC_ALL"] = "C.UTF-8"
    results = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                           "python": platform.python_version()},
               "build_dir": build, "out_dir": out_root, "sizes": {}}
    stall_export = None
    for s in sizes:
        folder, info = generate(s, args.seed, work, gen_hash)
        zip_path = os.path.join(folder, "export.zip")
        json_path = os.path.join(folder, "conversations.json")
        log("%s: conversations.json %s, export.zip %s, %d conversations, %d messages, %d images (%d missing)"
            % (s, human(info["json_bytes"]), human(info["zip_bytes"]), info["conversations"], info["messages"],
               info["images"], info["images_missing"]))
        samples = {"python": [], "verify": [], "convert": []}
        binaries = [("", farewell)]
        if other:
            samples.update({"verify@compare": [], "convert@compare": []})
            binaries.append(("@compare", other))
        archive_bytes = 0
        for run in range(args.runs):
            r = measure([sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1]))", json_path], env)
            samples["python"].append(r)
            for tag, exe in binaries:
                r = measure([exe, "--verify", zip_path], env)
                samples["verify" + tag].append(r)
                out = os.path.join(out_root, "archive-%s-%d-%d%s" % (s.upper(), os.getpid(), run, tag.replace("@", "-")))
                shutil.rmtree(out, ignore_errors=True)
                r = measure([exe, "--convert", zip_path, "--output", out], env)
                samples["convert" + tag].append(r)
                if r[3] == 0 and not tag:
                    archive_bytes = output_size(out)
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
            log("  run %d: %s (other processes used %.1f s of CPU meanwhile)"
                % (run + 1, ", ".join("%s %.2fs" % (k, v[-1][0]) for k, v in samples.items()),
                   sum(x[-1][4] for x in samples.values())))
            if any(x[-1][3] != 0 for x in samples.values()):
                sys.exit("A command failed; see above.")
        entry = {k: summarize(v) for k, v in samples.items()}
        if other:
            entry["compare_build"] = other
        entry["info"] = info
        entry["archive_bytes"] = archive_bytes
        results["sizes"][s] = entry
        if stall_export is None or abs(parse_size(s) - parse_size("200M")) < abs(parse_size(stall_export[0]) - parse_size("200M")):
            stall_export = (s, zip_path)

    if not args.no_stall and stall_export:
        log("Main-loop stall during the import of the %s export (%s) ..." % (stall_export[0], args.stall_mode))
        stall = run_stall(args, build, stall_export[1], out_root)
        if stall:
            stall["size"] = stall_export[0]
            results["stall"] = stall

    try:
        os.rmdir(out_root)  # only when empty
    except OSError:
        pass

    # Report
    print()
    print("Farewell import benchmark, %s, %d CPUs, build %s, archives in %s"
          % (results["date"], os.cpu_count(), build, out_root))
    print()
    print("| size | command | wall median | wall min | CPU (user+sys) | peak RSS |")
    print("|---|---|---|---|---|---|")
    names = {"python": "python3 json.load", "verify": "farewell --verify",
             "convert": "farewell --convert (md+html+json)",
             "verify@compare": "farewell --verify (--compare-build)",
             "convert@compare": "farewell --convert (--compare-build)"}
    for s, e in results["sizes"].items():
        for k in names:
            if k not in e:
                continue
            m = e[k]
            print("| %s | %s | %.2f s | %.2f s | %.2f s | %.0f MB |"
                  % (s, names[k], m["wall_median"], m["wall_min"], m["cpu_median"], m["rss_mb"]))
    print()
    if other:
        for s, e in results["sizes"].items():
            print("%s: convert / python: this build %.2f, --compare-build %.2f; convert this / compare %.2f; "
                  "verify this / compare %.2f"
                  % (s, e["convert"]["wall_median"] / e["python"]["wall_median"],
                     e["convert@compare"]["wall_median"] / e["python"]["wall_median"],
                     e["convert"]["wall_median"] / e["convert@compare"]["wall_median"],
                     e["verify"]["wall_median"] / e["verify@compare"]["wall_median"]))
        print()

    verdicts = []

    def verdict(name, value, ok, target):
        verdicts.append((name, value, ok, target))

    by_size = {parse_size(s): (s, e) for s, e in results["sizes"].items()}
    s200 = by_size.get(parse_size("200M"))
    s1g = by_size.get(parse_size("1G"))
    if s200:
        e = s200[1]
        ratio = e["convert"]["wall_median"] / e["python"]["wall_median"]
        verdict("convert / python json.load at %s" % s200[0], "%.2f" % ratio, ratio <= TARGET_RATIO,
                "<= %.1f" % TARGET_RATIO)
    if s200 and s1g:
        lin = s1g[1]["convert"]["wall_median"] / s200[1]["convert"]["wall_median"]
        verdict("convert time 1G / 200M", "%.2f" % lin, lin <= TARGET_LINEAR, "<= %.1f" % TARGET_LINEAR)
    if s1g:
        rss = max(s1g[1]["convert"]["rss_mb"], s1g[1]["verify"]["rss_mb"])
        verdict("peak RSS of verify/convert at 1G", "%.0f MB" % rss, rss <= TARGET_RSS_MB, "<= %d MB" % TARGET_RSS_MB)
    if not s200 or not s1g:
        # Quick runs: the same targets, read on the sizes measured.
        sizes_sorted = sorted(by_size)
        small, large = by_size[sizes_sorted[0]], by_size[sizes_sorted[-1]]
        e = small[1]
        ratio = e["convert"]["wall_median"] / e["python"]["wall_median"]
        if not s200:
            verdict("convert / python json.load at %s (target is read at 200M)" % small[0], "%.2f" % ratio,
                    ratio <= TARGET_RATIO, "<= %.1f" % TARGET_RATIO)
        if len(sizes_sorted) > 1 and not (s200 and s1g):
            factor = sizes_sorted[-1] / sizes_sorted[0]
            lin = large[1]["convert"]["wall_median"] / small[1]["convert"]["wall_median"]
            allowed = TARGET_LINEAR / 5.0 * factor
            verdict("convert time %s / %s (size x%.1f)" % (large[0], small[0], factor), "%.2f" % lin,
                    lin <= allowed, "<= %.2f" % allowed)
        if not s1g:
            rss = max(large[1]["convert"]["rss_mb"], large[1]["verify"]["rss_mb"])
            verdict("peak RSS at %s (target is read at 1G)" % large[0], "%.0f MB" % rss, rss <= TARGET_RSS_MB,
                    "<= %d MB" % TARGET_RSS_MB)
    if "stall" in results:
        st = results["stall"]
        verdict("longest main-loop stall, %s import (%s%s)"
                % (st["size"], st["mode"], ", GSK_RENDERER=" + st["renderer"] if st.get("renderer") else ""),
                "%.1f ms (p99 %.1f ms)" % (st["max_ms"], st["p99_ms"]), st["max_ms"] < TARGET_STALL_MS and st["ok"],
                "< %d ms" % TARGET_STALL_MS)

    print("| target | measured | goal | |")
    print("|---|---|---|---|")
    for name, value, ok, target in verdicts:
        print("| %s | %s | %s | %s |" % (name, value, target, "PASS" if ok else "MISS"))
    print()
    noisy = False
    for s, e in results["sizes"].items():
        print("%s: archive %s; %s" % (s, human(e["archive_bytes"]),
              "; ".join("%s walls %s" % (k, e[k]["walls"]) for k in ("python", "verify", "convert"))))
        for k in ("python", "verify", "convert"):
            for wall, other in zip(e[k]["walls"], e[k]["others_cpu"]):
                noisy = noisy or other > 0.1 * wall
    if noisy:
        print("NOTE: other processes used more than 10% of a core during some runs: times are noisy "
              "(see others_cpu in results.json).")

    results["verdicts"] = [{"target": n, "measured": v, "goal": t, "pass": ok} for n, v, ok, t in verdicts]
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print("Results: %s" % os.path.join(work, "results.json"))
    return 0 if all(ok for _, _, ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
