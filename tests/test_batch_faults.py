"""Nothing lost under faults: a replay killed (SIGKILL) at several moments and run again stores
every recording exactly once with every chain verifying; two replays and a review writing one
database at the same time, in separate processes, lose nothing."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from interviewbot import store
from interviewbot.batch import run_replay
from interviewbot.synth import recordings, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "recordings"
CLI = "import sys; from interviewbot.cli import main; sys.argv[0] = 'interviewbot'; main()"


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "replay", *args],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stored(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    try:
        with sqlite3.connect(db_path, timeout=5) as c:
            return c.execute("select count(*) from interviews").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the schema is not there yet


def kill_when(p: subprocess.Popen, db_path: Path, at_least: int, delay: float) -> None:
    """SIGKILL the replay (its whole process group: writer and workers) once at_least
    recordings are stored, plus a delay, or when it ends by itself."""
    deadline = time.monotonic() + 60
    while p.poll() is None and stored(db_path) < at_least and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    if p.stderr:
        p.stderr.close()


def check_exactly_once(db_path: Path, expected_hashes: int) -> None:
    db = store.open_db(db_path)
    try:
        n_iv, n_ev, breaks = store.verify(db)
        assert not breaks, breaks[:3]
        hashes = [r[0] for r in db.execute("select content_hash from interviews")]
        assert len(hashes) == len(set(hashes)) == expected_hashes
        # every interview whole: finished, its head at its last event, answers in step
        bad = db.execute(
            "select i.id from interviews i where i.status != 'finished' or i.events != "
            "(select count(*) from events e where e.interview_id = i.id)"
        ).fetchall()
        assert not bad
        orphans = db.execute(
            "select count(*) from answers a left join events e "
            "on e.id = a.event_id where e.id is null"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        db.close()


def test_a_replay_killed_at_any_moment_and_run_again_stores_everything_once(tmp_path, bank):
    n = 240
    src = write_jsonl(bank, tmp_path / "s.jsonl", n, seed=11)
    (tmp_path / "more").mkdir()
    for f in sorted(GOLD.glob("*.yaml"))[:4]:
        (tmp_path / "more" / f.name).write_bytes(f.read_bytes())
    db = tmp_path / "k.db"
    args = [str(src), str(tmp_path / "more"), "--db", str(db), "--jobs", "2", "--format", "summary"]
    # kill at several moments: while starting, in the first batches, and further on
    for at_least, delay in [(0, 0.05), (0, 0.4), (64, 0.0), (64, 0.13), (150, 0.02)]:
        kill_when(start(*args), db, at_least, delay)
        if db.exists():
            check_exactly_once(db, stored(db))  # what a kill leaves is whole
    before = stored(db)
    assert 0 < before < n + 4, "the kills should land mid-run"
    p = start(*args)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err.decode()
    assert f"replayed {n + 4 - before}, already present {before}, failed 0" in err.decode()
    check_exactly_once(db, n + 4)


REVIEWER = """
import sys
from interviewbot import store
from interviewbot.core.bank import load_bank
from interviewbot.engine import Interview
db_path, iid, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
bank = load_bank()
for i in range(n):
    db = store.open_db(db_path)
    iv = Interview.resume_from(bank, store.events(db, iid), store.sink_for(db, iid))
    iv.review("slm", "responsibility", ["partially", "largely"][i % 2], "C. Onsultant",
              f"pass {i}")
    db.close()
print("reviewed", n)
"""


def test_two_replays_and_a_review_at_once_lose_nothing(tmp_path, bank):
    docs = list(recordings(bank, 150, seed=5))
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(json.dumps(d) + "\n" for d in docs[:100]), encoding="utf-8")
    b.write_text("".join(json.dumps(d) + "\n" for d in docs[70:]), encoding="utf-8")  # 30 shared
    db = tmp_path / "c.db"
    assert (
        run_replay(
            (str(GOLD / "01_regional_hospital.yaml"),),
            str(db),
            bank,
            reviews=True,
            again=False,
            fmt="summary",
            progress=False,
        )
        == 0
    )
    (iid,) = [r["id"] for r in store.interviews(store.open_db(db))]
    reviews = 40
    procs = [
        start(str(a), "--db", str(db), "--jobs", "2", "--format", "summary"),
        start(str(b), "--db", str(db), "--format", "summary"),
        subprocess.Popen(
            [sys.executable, "-c", REVIEWER, str(db), iid, str(reviews)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ),
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()
    errs = [e.decode() for _, e in outs[:2]]
    replayed = [int(e.split("replayed ")[-1].split(",")[0]) for e in errs]
    already = [int(e.split("already present ")[-1].split(",")[0]) for e in errs]
    assert sum(replayed) == 150 and sum(already) == 30  # the shared 30 stored by one of the two
    check_exactly_once(db, 151)
    d = store.open_db(db)
    n_reviews = d.execute(
        "select count(*) from events where interview_id = ? and type = 'reviewed'", [iid]
    ).fetchone()[0]
    assert n_reviews == reviews


def test_ctrl_c_stops_cleanly_and_a_rerun_finishes(tmp_path, bank):
    src = write_jsonl(bank, tmp_path / "s.jsonl", 200, seed=2)
    db = tmp_path / "i.db"
    args = [str(src), "--db", str(db), "--jobs", "2", "--format", "summary"]
    p = start(*args)
    deadline = time.monotonic() + 60
    while p.poll() is None and stored(db) < 64 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(p.pid, signal.SIGINT)  # as a terminal's Ctrl-C: writer and workers
    _, err = p.communicate(timeout=60)
    if p.returncode != 0:  # it may have finished first
        assert p.returncode == 130, err.decode()
        assert "interrupted: replayed" in err.decode() and "Traceback" not in err.decode()
    p = start(*args)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err.decode()
    check_exactly_once(db, 200)


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_leave_when_their_writer_is_killed(tmp_path, bank):
    if not Path("/proc").is_dir():
        import pytest

        pytest.skip("needs /proc")
    src = tmp_path / "many.jsonl"
    write_jsonl(bank, src, 3000, seed=5)
    p = start(str(src), "--db", str(tmp_path / "w.db"), "--jobs", "2")
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(p.pid)
        time.sleep(0.05)
    assert workers, "no workers started"
    os.kill(p.pid, signal.SIGKILL)  # the writer only: no shutdown reaches the workers
    p.wait()
    if p.stderr:
        p.stderr.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "workers kept waiting after their writer died"
