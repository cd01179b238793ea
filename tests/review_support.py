"""Shared by the review tests: a database holding the paper case and a small hand-made
interview whose answers contain markup and HTML, made once and copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

from interviewbot import store
from interviewbot.core.bank import load_bank
from interviewbot.engine import Interview
from interviewbot.recording import check_against, load_file
from interviewbot.replay import replay_one

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "examples" / "paper_case.yaml"
TRICKY_ID = "iv-tricky"
TRICKY_ANSWER = "[bold]We[/bold] have an SLA <script>alert(1)</script> and =SUM(A1) reports."


def build(path: Path) -> str:
    """Replay the paper case (rubric only) and add a tricky live interview; returns its id."""
    bank = load_bank()
    db = store.open_db(path)
    rec = check_against(load_file(PAPER)[0], bank)
    iid = replay_one(db, bank, rec, reviews=False).interview_id  # the rubric, not yet reviewed
    iv = Interview(bank, ["slm"], store.sink_for(db, TRICKY_ID))
    iv.start({"name": "Eve [red]Owner[/red]", "role": "Lead", "organisation": "ACME <b>&</b> Co"})
    iv.answer(TRICKY_ANSWER)
    db.close()
    return iid


_CACHE: dict[str, tuple[Path, str]] = {}


def paper_db(tmp_path_factory, tmp_path: Path) -> tuple[Path, str]:
    if "db" not in _CACHE:
        src = tmp_path_factory.mktemp("review_template") / "template.db"
        _CACHE["db"] = (src, build(src))
    src, iid = _CACHE["db"]
    dst = tmp_path / "review.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, str(dst) + suffix)
    return dst, iid
