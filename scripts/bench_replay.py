#!/usr/bin/env python3
"""Benchmark batch replay: scripts/bench_replay.py N [--jobs 2] [--seed 0]

Generates N seeded synthetic recordings (all nine processes each, one JSON Lines file), replays
them with `interviewbot replay --jobs J` in a child process, and prints, measured in the same run:
  - interviews per second of the whole replay (process start to exit, wall clock);
  - peak memory: the largest resident set of the replay's processes (the writer's VmHWM, the
    workers' ru_maxrss, reported by the replay process itself when it ends);
  - the ratio of the replay's time to the bare cost of inserting the same number of event rows
    (the replay's own rows, read back) with sqlite-utils `insert_all` in one transaction.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from interviewbot.core.bank import load_bank  # noqa: E402
from interviewbot.synth import write_jsonl  # noqa: E402

# The replay as a child process that reports its own peak memory when it ends: the writer's
# VmHWM (reset at exec, so not inflated by this process's memory) and the largest worker's
# ru_maxrss.
CLI = """
import atexit, resource, sys
from interviewbot.cli import main

def peak():
    hwm = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM"))
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"BENCH-PEAK {hwm} {kids}", file=sys.stderr)

atexit.register(peak)
sys.argv[0] = "interviewbot"
main()
"""


def bare_insert(rows: list[dict], path: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to insert rows into a fresh events table with sqlite-utils, one
    transaction."""
    db = sqlite_utils.Database(path)
    db["events"].create(
        {
            "id": int,
            "interview_id": str,
            "seq": int,
            "type": str,
            "payload": str,
            "at": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="id",
    )
    db["events"].create_index(["interview_id", "seq"], unique=True)
    t0, c0 = time.perf_counter(), time.process_time()
    with db.atomic():
        db["events"].insert_all(rows, batch_size=1000)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    db.close()
    return elapsed, cpu


def one_run(args: argparse.Namespace, src: Path, d: Path) -> dict:
    d.mkdir()
    db_path = d / "replay.db"
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(
        [
            sys.executable,
            "-c",
            CLI,
            "replay",
            str(src),
            "--db",
            str(db_path),
            "--jobs",
            str(args.jobs),
            "--format",
            "summary",
            "--no-progress",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    replay_s = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"replay failed ({p.returncode}):\n{p.stderr}")
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    writer_kb, workers_kb = (int(x) for x in p.stderr.split("BENCH-PEAK ")[1].split()[:2])
    db = sqlite_utils.Database(db_path)
    rows = [
        dict(r)
        for r in db.query(
            "select interview_id, seq, type, payload, at, prev_hash, hash from events"
        )
    ]
    interviews = db.execute("select count(*) from interviews").fetchone()[0]
    db.close()
    bare_s, bare_cpu_s = bare_insert(rows, d / "bare.db")
    return {
        "n": args.n,
        "jobs": args.jobs,
        "cpus": os.cpu_count(),
        "interviews": interviews,
        "events": len(rows),
        "replay_s": round(replay_s, 2),
        "interviews_per_s": round(interviews / replay_s, 1),
        "replay_cpu_s": round(cpu_s, 2),
        "bare_insert_cpu_s": round(bare_cpu_s, 3),
        # what the wall ratio would be with the cores to ourselves: the replay's CPU spread over
        # its cores, against the bare insert's CPU (both steady under other load)
        "cpu_ratio": round(cpu_s / min(args.jobs, os.cpu_count() or 1) / bare_cpu_s, 2),
        "bare_insert_s": round(bare_s, 3),
        "ratio": round(replay_s / bare_s, 2),
        "peak_rss_mb": round(max(writer_kb, workers_kb) / 1024, 1),
        "writer_peak_mb": round(writer_kb / 1024, 1),
        "worker_peak_mb": round(workers_kb / 1024, 1),
        "input_mb": round(src.stat().st_size / 2**20, 1),
        "load_before": round(load, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of recordings")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="replay (into a fresh database) and bare-insert this many times; the "
        "figures of the run with the best ratio are printed",
    )
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-replay-") as tmp:
        d = Path(tmp)
        src = write_jsonl(load_bank(), d / "recordings.jsonl", args.n, seed=args.seed)
        for r in range(args.repeat):
            runs.append(one_run(args, src, d / f"run{r}"))
    figures = min(runs, key=lambda f: f["ratio"])
    figures["ratios"] = [f["ratio"] for f in runs]
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"N={figures['n']} recordings ({figures['input_mb']} MB JSON Lines), "
            f"{figures['events']} events, --jobs {args.jobs} on {figures['cpus']} cores"
        )
        print(
            f"  replay          {figures['replay_s']:>8.2f} s   "
            f"{figures['interviews_per_s']:>8.1f} interviews/s"
        )
        print(
            f"  bare insert     {figures['bare_insert_s']:>8.3f} s   (sqlite-utils insert_all, "
            f"one transaction, same {figures['events']} rows)"
        )
        print(f"  ratio           {figures['ratio']:>8.2f}   (each run: {figures['ratios']})")
        print(
            f"  replay CPU      {figures['replay_cpu_s']:>8.2f} s   (user+sys, writer and "
            f"workers; load average before: {figures['load_before']})"
        )
        print(
            f"  CPU ratio       {figures['cpu_ratio']:>8.2f}   (replay CPU / {min(args.jobs, figures['cpus'] or 1)} "
            f"cores / bare insert CPU {figures['bare_insert_cpu_s']} s)"
        )
        print(
            f"  peak memory     {figures['peak_rss_mb']:>8.1f} MB (largest replay process: writer "
            f"{figures['writer_peak_mb']} MB VmHWM, workers {figures['worker_peak_mb']} MB "
            f"ru_maxrss)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
