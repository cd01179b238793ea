"""The terminal interview: `InterviewApp` and `run(...)`, which the `interview` command calls.

The App drives ONE `Interview` engine object through a `Session` (the state machine is bound to
that plain domain object, never to the App)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.binding import Binding

from .. import store
from ..core.bank import load_bank
from ..core.model import Bank
from ..core.yamlsrc import SourceError
from .commands import InterviewCommands
from .screens import ChatScreen, HelpScreen, ResultsScreen, SetupScreen
from .session import EngineError, Session, refusal

DARK, LIGHT = "textual-dark", "textual-light"


class InterviewApp(App[str | None]):
    """A patient interviewer: one question at a time, everything saved as it is said."""

    CSS_PATH = "interview.tcss"
    TITLE = "interviewbot"
    COMMANDS = App.COMMANDS | {InterviewCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
    ]

    def __init__(
        self,
        db_path: str = store.DEFAULT_DB,
        bank_spec: str | None = None,
        respondent: str | None = None,
        role: str | None = None,
        organisation: str | None = None,
        processes: str | list[str] | None = None,
        resume: str | None = None,
        *,
        bank: Bank | None = None,
        interview_id: str | None = None,
        theme: str = DARK,
        settle: float = 0.5,
    ) -> None:
        super().__init__()
        self.settle = settle  # seconds a summary ignores keys typed ahead of it
        self.db_path = db_path
        self.bank = bank if bank is not None else load_bank(bank_spec)
        self.flags = {"respondent": respondent, "role": role, "organisation": organisation}
        self.plan = parse_processes(self.bank, processes)
        self.resume_ref = resume
        self.new_id = interview_id
        self.session: Session | None = None
        self.paused_id: str | None = None
        self.theme = theme
        self.db = store.open_db(db_path)

    def on_mount(self) -> None:
        if self.resume_ref is not None:
            try:
                self.session = Session.resume(self.db, self.bank, self.resume_ref)
            except store.Conflict as e:  # resumed in another window at the same moment
                self.exit(return_code=2, message=f"interviewbot: {e}")
                return
            except (LookupError, EngineError) as e:
                self.exit(return_code=2, message=resume_problem(e))
                return
            self.session.on_conflict = self.changed_elsewhere
            started = self.session.interview.transcript.started
            if started.get("bank_hash") not in (None, self.bank.hash):
                self.notify(
                    f"The question bank has changed since this interview began "
                    f"(it was {started.get('bank')} {started.get('bank_version')}); "
                    "ratings are read with the current one.",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )
            self.push_screen(ChatScreen(self.session))
        elif all(self.flags.values()) and self.plan:
            self.start(
                {
                    "respondent": {
                        "name": self.flags["respondent"],
                        "role": self.flags["role"],
                        "organisation": self.flags["organisation"],
                    },
                    "processes": self.plan,
                }
            )
        else:
            self.push_screen(
                SetupScreen(
                    self.bank,
                    self.flags["respondent"],
                    self.flags["role"],
                    self.flags["organisation"],
                    self.plan,
                ),
                self.start_from_setup,
            )

    def start_from_setup(self, choice: dict[str, Any] | None) -> None:
        if choice:
            self.call_later(self.start, choice)

    def start(self, choice: dict[str, Any]) -> None:
        self.session = Session.new(
            self.db, self.bank, choice["respondent"], choice["processes"], self.new_id
        )
        self.session.on_conflict = self.changed_elsewhere
        self.push_screen(ChatScreen(self.session))

    def changed_elsewhere(self, message: str) -> None:
        """Another window wrote to this interview: stop here rather than write a second
        conversation into the same log; the message says how to continue."""
        self.exit(return_code=2, message=f"interviewbot: {message}")

    # --- app-wide actions -------------------------------------------------------------------------

    def show_results(self) -> None:
        assert self.session is not None
        self.switch_screen(ResultsScreen(self.session))

    def pause_interview(self) -> None:
        s = self.session
        if s is None:
            return
        try:
            s.act("pause")
        except EngineError as e:
            self.notify(str(e), severity="warning", markup=False)
            return
        self.paused_id = s.id
        self.exit(
            s.id,
            message=f"Paused. Everything you said is saved. Continue with:\n"
            f"  interviewbot interview --db {self.db_path} --resume {s.id}",
        )

    async def action_quit(self) -> None:
        """Ctrl+Q: leave; an unfinished interview is stored as it is, and the way back is said
        (as after F8, but without recording a pause)."""
        s = self.session
        if s is None or s.state == "finished":
            self.exit()
            return
        self.exit(
            message=f"Left the interview. Everything you said is saved. Continue with:\n"
            f"  interviewbot interview --db {self.db_path} --resume {s.id}",
        )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def interview_command(self, action: str) -> None:
        """A command palette entry: run it on the screen that offers it."""
        if action in ("help", "toggle_theme"):
            getattr(self, f"action_{action}")()
            return
        method = getattr(self.screen, f"action_{action}", None)
        if method is None:
            self.notify("Not possible on this screen.", severity="warning", markup=False)
            return
        if not self.screen.check_action(action, ()):
            self.notify(refusal(action), severity="warning", markup=False)
            return
        self.call_later(method)

    def on_unmount(self) -> None:
        self.db.close()


def parse_processes(bank: Bank, processes: str | list[str] | None) -> list[str] | None:
    if processes is None:
        return None
    ids = (
        processes
        if isinstance(processes, list)
        else [p.strip() for p in processes.split(",") if p.strip()]
    )
    if ids == ["all"]:
        return list(bank.process_ids)
    unknown = [p for p in ids if p not in bank.process_ids]
    if unknown:
        raise ValueError(
            f"unknown process {', '.join(unknown)} (one of: {', '.join(bank.process_ids)})"
        )
    return ids or None


def resume_problem(e: Exception) -> str:
    if isinstance(e, KeyError):
        return (
            f"interviewbot: cannot resume: the interview uses {e}, which this bank does not "
            "have (--bank)"
        )
    return f"interviewbot: cannot resume: {e}"


NO_TERMINAL = (
    "interviewbot: the interview needs a terminal; to feed recorded answers use "
    "`interviewbot replay`"
)


def on_a_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run(
    db_path: str = store.DEFAULT_DB,
    bank_spec: str | None = None,
    respondent: str | None = None,
    role: str | None = None,
    organisation: str | None = None,
    processes: str | None = None,
    resume: str | None = None,
    *,
    terminal: Callable[[], bool] = on_a_terminal,
) -> int:
    """Start the interview app; returns the exit code.

    Everything that can be refused is refused here, on stderr, before the full-screen display
    opens: a broken bank, an unknown process, a database or interview that cannot be resumed,
    and no terminal to draw on (stdin or stdout redirected)."""

    def refuse(message: str) -> int:
        print(message, file=sys.stderr)
        return 2

    try:
        bank = load_bank(bank_spec)
        parse_processes(bank, processes)
    except SourceError as e:
        return refuse(f"interviewbot: bank error: {e}")
    except ValueError as e:
        return refuse(f"interviewbot: {e}")
    if resume is not None:
        if not os.path.exists(db_path):
            return refuse(
                f"interviewbot: cannot resume: there is no database at {db_path} "
                "(give the one the interview was saved in with --db)"
            )
        db = store.open_db(db_path)
        try:
            Session.reopen(db, bank, resume)
        except (LookupError, EngineError) as e:
            return refuse(resume_problem(e))
        finally:
            db.close()
    if not terminal():
        return refuse(NO_TERMINAL)
    app = InterviewApp(
        db_path, bank_spec, respondent, role, organisation, processes, resume, bank=bank
    )
    from .paste_guard import install

    install()  # ESC inside a real bracketed paste stays text
    app.run()
    return app.return_code or 0
