"""Run by test_killed: an interview in a child process that the test kills mid-answer.

Usage: python -m tests.tui.killed_app DB N — answers N questions headless, says so after each
one is on screen, then types a further answer without sending it and waits to be killed."""

from __future__ import annotations

import asyncio
import sys

from interviewbot.tui.app import InterviewApp
from interviewbot.tui.widgets import AnswerBox


async def main(db: str, n: int) -> None:
    app = InterviewApp(
        db,
        respondent="K. Illed",
        role="Owner",
        organisation="Org",
        processes="slm,capacity",
        interview_id="iv-killed",
        settle=0.0,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i in range(n):
            box = app.screen.query_one("#answer", AnswerBox)
            box.value = f"answer {i + 1} [bold]as typed[/]"
            await pilot.press("enter")
            await pilot.pause()
            print(f"ON SCREEN {app.session.prompt.id}", flush=True)
        app.screen.query_one("#answer", AnswerBox).value = "typed but never sent"
        print("WAITING", flush=True)
        await asyncio.sleep(60)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
