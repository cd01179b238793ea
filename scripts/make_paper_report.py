#!/usr/bin/env python3
"""Regenerate examples/paper_case_report.html and .md from examples/paper_case.yaml.

    .venv/bin/python scripts/make_paper_report.py [--rubric-only] [--out-dir examples]

The recording is replayed into an in-memory database through the same engine as every
interview, with its `reviews:` (unless --rubric-only): the paper's assessors' ratings wherever the
rubric reads Table 2 otherwise, each with its reason — so the report shows the paper's Table 2
and, next to it, exactly where and how far the rubric differed.

The clock is fixed while the script runs, so the event hashes, the audit head and therefore the
two files are the same on every run with the same bank and classifier."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewbot import report_client, store  # noqa: E402
from interviewbot import review as rv  # noqa: E402
from interviewbot.core.bank import load_bank  # noqa: E402
from interviewbot.recording import check_against, load_file  # noqa: E402
from interviewbot.replay import replay_one  # noqa: E402

PAPER = ROOT / "examples" / "paper_case.yaml"
EPOCH = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)


class FixedClock:
    """store.now, replaced: one second per event from a fixed start."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return (EPOCH + timedelta(seconds=self.n)).isoformat(timespec="microseconds")


def build(rubric_only: bool = False, recording: Path = PAPER) -> rv.Loaded:
    """The paper case in a fresh in-memory database, with its reviews unless told not."""
    real_now = store.now
    store.now = FixedClock()
    try:
        bank = load_bank()
        db = store.open_db(":memory:")
        rec = check_against(load_file(recording)[0], bank)
        iid = replay_one(db, bank, rec, reviews=not rubric_only).interview_id
        return rv.load(db, iid, bank)
    finally:
        store.now = real_now


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--rubric-only",
        action="store_true",
        help="the rubric's own reading, without Table 2 as reviews",
    )
    ap.add_argument("--out-dir", type=Path, default=ROOT / "examples")
    args = ap.parse_args(argv)
    lo = build(args.rubric_only)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in ("html", "md"):
        path = args.out_dir / f"paper_case_report.{fmt}"
        path.write_text(report_client.render(lo, fmt), encoding="utf-8")
        print(f"wrote {path}")
    a = lo.assessment
    overrides = sum(
        1 for pr in a.processes.values() for cr in pr.criteria.values() if cr.source == "review"
    )
    print(
        f"overall {a.overall:g} ({a.method}); {overrides} ratings set by review; "
        f"head {lo.meta['head_hash'][:12]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
