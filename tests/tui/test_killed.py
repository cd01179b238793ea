"""Kill the app mid-interview (SIGKILL, no clean-up) and resume: nothing said is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from interviewbot import store
from interviewbot.tui.app import InterviewApp
from interviewbot.tui.screens import ChatScreen

from .helpers import ROOT, screen_text


async def test_killed_run_resumes_at_the_first_unanswered_question(tmp_path, bank):
    path = tmp_path / "iv.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.tui.killed_app", str(path), "3"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    try:
        for line in child.stdout:
            seen.append(line.strip())
            if line.startswith("WAITING"):
                break
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    assert seen == ["ON SCREEN slm.2", "ON SCREEN slm.3", "ON SCREEN slm.4", "WAITING"]

    db = store.open_db(path)
    evs = store.events(db, "iv-killed")
    assert [e.type for e in evs] == ["started", "answered", "answered", "answered"]
    assert store.verify(db)[2] == []
    db.close()

    app = InterviewApp(str(path), bank=bank, resume="", settle=0.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.session.id == "iv-killed"
        assert app.session.prompt.id == "slm.4"
        text = screen_text(app)
        assert "Are there any OLA" in text
        assert "answer 3 [bold]as typed[/]" in text
    db = store.open_db(path)
    texts = [e.payload["text"] for e in store.events(db, "iv-killed") if e.type == "answered"]
    assert texts == [f"answer {i} [bold]as typed[/]" for i in (1, 2, 3)]
    db.close()
