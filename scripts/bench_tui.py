#!/usr/bin/env python
"""Headless benchmark of the terminal interview (Textual, 80x24).

Prints the time from start to the first question drawn, and the median and 95th percentile of an
answer's round trip: submit, classify, store (committed to SQLite), next question drawn (painted
after the screen's refresh). Answers are real ones from tests/gold/recordings, cycled; summaries
between processes are confirmed and not timed; a new interview starts when one ends.

    .venv/bin/python scripts/bench_tui.py [--answers 100] [--db PATH]
"""

from __future__ import annotations

import time

T_PROCESS = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewbot.recording import load_file  # noqa: E402
from interviewbot.tui.app import InterviewApp  # noqa: E402
from interviewbot.tui.screens import ChatScreen, ResultsScreen, SummaryScreen  # noqa: E402
from interviewbot.tui.widgets import AnswerBox  # noqa: E402

T_IMPORTED = time.perf_counter()


def answers() -> list[str]:
    out = []
    for f in sorted((ROOT / "tests" / "gold" / "recordings").glob("*.yaml")):
        for rec in load_file(f):
            out.extend(i.text for i in getattr(rec, "items", ()) if i.text)
    return out or ["We have a documented procedure and the service manager is responsible."]


async def bench(n: int, db: str) -> tuple[float, float, list[float], int]:
    texts = answers()
    t0 = time.perf_counter()
    app = InterviewApp(
        db, respondent="B. Ench", role="Process owner", organisation="Bench Ltd", processes="all"
    )
    trips: list[float] = []
    interviews = 1
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, ChatScreen) or app.screen.drawn < 1:
            await asyncio.sleep(0.05)
        first = app.screen.drawn_at - t0
        first_cold = app.screen.drawn_at - T_PROCESS
        i = 0
        while len(trips) < n:
            if app._exception is not None:
                raise app._exception
            screen = app.screen
            if isinstance(screen, SummaryScreen):
                screen.action_confirm()
                await pilot.pause()
                continue
            if isinstance(screen, ResultsScreen):
                interviews += 1
                app.start(
                    {"respondent": {"name": "B. Ench"}, "processes": list(app.bank.process_ids)}
                )
                await pilot.pause()
                continue
            assert isinstance(screen, ChatScreen), screen
            if app.session.prompt is None or app.session.prompt.kind == "confirm":
                await pilot.pause()
                continue
            box = screen.query_one("#answer", AnswerBox)
            box.value = texts[i % len(texts)]
            i += 1
            before = screen.drawn
            t = time.perf_counter()
            box.action_send()
            await asyncio.wait_for(wait_for_next(app, screen, before), 10)
            if app.screen is screen and screen.drawn > before:
                trips.append(screen.drawn_at - t)
            else:
                await pilot.pause()  # the answer led to a summary: its round trip is not a question
    return first, first_cold, trips, interviews


async def wait_for_next(app, screen: ChatScreen, before: int) -> None:
    while screen.drawn <= before and app.screen is screen:
        await asyncio.sleep(0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=100)
    ap.add_argument("--db", default=None, help="database file (default: a temporary one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        first, cold, trips, interviews = asyncio.run(bench(args.answers, db))
    ms = [t * 1000 for t in trips]
    q = statistics.quantiles(ms, n=20, method="inclusive")
    print("interviewbot TUI bench (headless, 80x24, all processes, answers from the gold set)")
    print(f"  imports                         {1000 * (T_IMPORTED - T_PROCESS):8.1f} ms")
    print(
        f"  start -> first question drawn   {1000 * first:8.1f} ms  "
        f"(from process start: {1000 * cold:.1f} ms)"
    )
    print(
        f"  answer round trip over {len(ms)} answers: median {statistics.median(ms):.2f} ms, "
        f"p95 {q[18]:.2f} ms, max {max(ms):.2f} ms  ({interviews} interview(s))"
    )


if __name__ == "__main__":
    main()
